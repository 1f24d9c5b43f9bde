package demosite

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// Handler serves the demo site from the embedded files. Every page has one
// URL: "/x/index.html" redirects to "/x/", "/x" to "/x/" when x is a
// directory, and query strings are ignored (the pages' canonical links name
// the address without them). The placeholder base URL in pages, feeds,
// sitemaps and robots.txt is replaced by the request's scheme and host.
func Handler() http.Handler {
	public, err := fs.Sub(siteFS(), "public")
	if err != nil {
		panic(err)
	}
	h := &siteHandler{files: public, charsets: map[string]string{}}
	if m, err := loadManifest(siteFS()); err == nil {
		for _, a := range m.Articles {
			if a.Charset != "" {
				h.charsets[a.Path] = a.Charset
			}
		}
	}
	return h
}

type siteHandler struct {
	files    fs.FS
	charsets map[string]string // article path -> charset, when not utf-8
}

func (h *siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean != p {
		http.Redirect(w, r, clean, http.StatusMovedPermanently)
		return
	}
	if strings.HasSuffix(p, "/index.html") {
		http.Redirect(w, r, strings.TrimSuffix(p, "index.html"), http.StatusMovedPermanently)
		return
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	} else if st, err := fs.Stat(h.files, name); err == nil && st.IsDir() {
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
		return
	}
	data, err := fs.ReadFile(h.files, name)
	if err != nil {
		h.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", h.contentType(p, name))
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	data = bytes.ReplaceAll(data, []byte(Placeholder), []byte(baseURL(r)))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

func (h *siteHandler) notFound(w http.ResponseWriter, r *http.Request) {
	data, err := fs.ReadFile(h.files, "404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(bytes.ReplaceAll(data, []byte(Placeholder), []byte(baseURL(r))))
	}
}

func (h *siteHandler) contentType(urlPath, name string) string {
	switch path.Ext(name) {
	case ".html":
		if cs, ok := h.charsets[urlPath]; ok {
			return "text/html; charset=" + cs
		}
		return "text/html; charset=utf-8"
	case ".xml":
		if name == "rss.xml" {
			return "application/rss+xml; charset=utf-8"
		}
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	}
	return "application/octet-stream"
}

// baseURL is the scheme and host the request reached the site on.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}
