package hostile

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// Render returns the case's body with the placeholders "{base}" (the
// server's URL) and "{self}" (the case's index) filled in. Big bodies
// without placeholders are returned as generated.
func Render(c Case, base string, self int) []byte {
	if c.Body == nil {
		return nil
	}
	b := c.Body()
	if c.ContentEncoding != "" || !bytes.Contains(b, []byte("{")) {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("{base}"), []byte(base))
	return bytes.ReplaceAll(b, []byte("{self}"), []byte(strconv.Itoa(self)))
}

// Path is where Handler serves case i.
func Path(i int) string { return "/c/" + strconv.Itoa(i) }

// Handler serves case i at Path(i): its status, headers, redirect chain
// (/r/<i>/<k>) and rendered body. Any other path gets a small article, so
// links that stay on the server lead somewhere harmless.
func Handler(cases []Case) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		i := -1
		if len(parts) >= 2 && (parts[0] == "c" || parts[0] == "r") {
			i, _ = strconv.Atoi(parts[1])
		}
		if i < 0 || i >= len(cases) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(Article("", "")))
			return
		}
		c := cases[i]
		if c.Redirects > 0 {
			k := 0
			if parts[0] == "r" && len(parts) >= 3 {
				k, _ = strconv.Atoi(parts[2])
			}
			if k < c.Redirects {
				http.Redirect(w, r, "/r/"+strconv.Itoa(i)+"/"+strconv.Itoa(k+1), http.StatusFound)
				return
			}
		}
		if c.Status >= 300 && c.Status < 400 {
			loc := strings.ReplaceAll(strings.ReplaceAll(c.Location, "{base}", base), "{self}", strconv.Itoa(i))
			w.Header()["Location"] = []string{loc} // as is: no cleaning
			w.WriteHeader(c.Status)
			return
		}
		if c.ContentType != "" {
			w.Header().Set("Content-Type", c.ContentType)
		} else {
			w.Header()["Content-Type"] = nil // no sniffing either
		}
		if c.ContentEncoding != "" {
			w.Header().Set("Content-Encoding", c.ContentEncoding)
		}
		status := c.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		_, _ = w.Write(Render(c, base, i))
	})
}
