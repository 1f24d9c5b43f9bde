package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPublicIP(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"8.8.8.8", true},
		{"2606:4700:4700::1111", true},
		{"127.0.0.1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"100.64.0.1", false},      // CGNAT
		{"0.0.0.0", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"::1", false},
		{"fe80::1", false},
		{"fd00::1", false},
		{"ff02::1", false},
		{"::ffff:127.0.0.1", false}, // v4-mapped loopback
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
	}
	for _, tt := range tests {
		if got := publicIP(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("publicIP(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestGuardedTransport(t *testing.T) {
	s := serve(t, map[string]http.HandlerFunc{"/": htmlPage("ok")})
	port := s.Listener.Addr().(interface{ String() string }).String()
	port = port[strings.LastIndexByte(port, ':')+1:]
	tests := []struct {
		name    string
		private bool
		allow   []string
		url     string
		wantErr error
	}{
		{"loopback refused", false, nil, s.URL, ErrForbiddenAddress},
		{"localhost name refused after resolution", false, nil, "http://localhost:" + port + "/", ErrForbiddenAddress},
		{"allow-listed ip", false, []string{"127.0.0.1"}, s.URL, nil},
		{"allow-listed ip:port", false, []string{"127.0.0.1:" + port}, s.URL, nil},
		{"allow-listed other port", false, []string{"127.0.0.1:1"}, s.URL, ErrForbiddenAddress},
		{"allow-listed cidr", false, []string{"127.0.0.0/8"}, s.URL, nil},
		{"allow private", true, nil, s.URL, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := fetchLimits{maxBody: 1 << 20, maxRedirects: 3, maxURLLen: 2048}
			c := &http.Client{Transport: newTransport(newNetGuard(tt.private, tt.allow), 5e9, lim), CheckRedirect: redirectCheck(lim)}
			res, err := c.Get(tt.url)
			if res != nil {
				res.Body.Close()
			}
			if tt.wantErr == nil && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestCrawlRefusesRedirectToPrivate: the source itself is on 127.0.0.1
// (allowed because the operator configured that address), but a redirect
// and a link to another loopback address must not be fetched.
func TestCrawlRefusesRedirectToPrivate(t *testing.T) {
	var secretHits atomic.Int32
	secret := serve(t, map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, _ *http.Request) {
		secretHits.Add(1)
		fmt.Fprint(w, articleHTML("secret", strings.Repeat("internal data ", 50)))
	}})
	secretPort := secret.URL[strings.LastIndexByte(secret.URL, ':')+1:]
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(`<html><body><a href="/go">go</a> <a href="http://localhost:` + secretPort + `/x">x</a></body></html>`),
		"/go": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://localhost:"+secretPort+"/meta", http.StatusFound)
		},
	})
	m := NewMetrics(nil)
	pub := &memPub{}
	cr := New(testConfig(), pub, nil, m)
	src := Source{Name: "s", Home: site.URL + "/", AllowedDomains: []string{"127.0.0.1", "localhost"}}
	st, err := cr.CrawlSource(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if secretHits.Load() != 0 {
		t.Fatalf("private address fetched %d times", secretHits.Load())
	}
	if got := errCount(m, "s", "forbidden_address"); got != 2 {
		t.Errorf("forbidden errors = %d, want 2 (redirect and link); stats %+v", got, st)
	}
	if st.Pages < 1 {
		t.Errorf("the allowed source itself was not fetched: %+v", st)
	}
}

func TestCrawlLimits(t *testing.T) {
	big := articleHTML("Big", strings.Repeat("word ", 1000)) // ~5 kB
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(articleHTML("Bomb", strings.Repeat("a", 10<<20))))
	zw.Close()
	var longHits atomic.Int32
	long := "/l/" + strings.Repeat("x", 3000)
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(`<a href="/cl">1</a><a href="/chunked">2</a><a href="/gz">3</a><a href="/img">4</a><a href="/ok">5</a>` +
			`<a href="/r/0">6</a><a href="` + long + `">7</a><a href="ftp://x.example/">8</a><a href="javascript:alert(1)">9</a>`),
		"/cl": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			w.Write([]byte(big))
		},
		"/chunked": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for i := 0; i < len(big); i += 512 {
				w.Write([]byte(big[i:min(i+512, len(big))]))
				w.(http.Flusher).Flush()
			}
		},
		"/gz": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz.Bytes())
		},
		"/img": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Write(bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 10))
		},
		"/ok": htmlPage(articleHTML("Fine", strings.Repeat("short text ", 40))),
		"/r/": func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/r/"), "%d", &n)
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n+1), http.StatusFound)
		},
		"/l/": func(w http.ResponseWriter, _ *http.Request) { longHits.Add(1) },
	})
	cfg := testConfig()
	cfg.MaxBodyBytes = 4000
	cfg.MaxRedirects = 3
	m := NewMetrics(nil)
	pub := &memPub{}
	st, err := New(cfg, pub, nil, m).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if pub.n() != 1 || pub.arts[0].Title != "Fine" {
		t.Errorf("published %d articles, want only the small one; stats %+v", pub.n(), st)
	}
	if got := errCount(m, "s", "too_large"); got != 3 {
		t.Errorf("too_large errors = %d, want 3 (Content-Length, chunked, gzip bomb)", got)
	}
	if got := errCount(m, "s", "binary"); got != 1 {
		t.Errorf("binary errors = %d, want 1", got)
	}
	if got := errCount(m, "s", "too_many_redirects"); got != 1 {
		t.Errorf("redirect-loop errors = %d, want 1", got)
	}
	if longHits.Load() != 0 {
		t.Error("overlong URL was fetched")
	}
}
