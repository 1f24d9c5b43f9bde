package faults

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
)

// esProxy is a loopback HTTP proxy in front of a real Elasticsearch that
// can answer every request with 429 or 503, or drop every connection
// (Elasticsearch down), and counts what it refused.
type esProxy struct {
	srv     *httptest.Server
	mode    atomic.Value // "", "429", "503", "down"
	refused atomic.Int64
}

func newESProxy(t *testing.T, backend string) *esProxy {
	t.Helper()
	u, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &esProxy{}
	p.mode.Store("")
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch m := p.mode.Load().(string); m {
		case "429", "503":
			p.refused.Add(1)
			code := http.StatusTooManyRequests
			if m == "503" {
				code = http.StatusServiceUnavailable
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			fmt.Fprintf(w, `{"error":{"type":"fault_injection","reason":"injected %d"},"status":%d}`, code, code)
		case "down":
			p.refused.Add(1)
			hj, ok := w.(http.Hijacker)
			if !ok {
				panic("no hijacker")
			}
			c, _, err := hj.Hijack()
			if err == nil {
				c.Close()
			}
		default:
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *esProxy) set(mode string) { p.mode.Store(mode) }
