package faults

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
)

// tarpit is a site whose article pages hold the connection open: odd pages
// never send headers, even pages send headers and then one byte every
// 200 ms, forever (until the client goes away).
type tarpit struct {
	n    int
	open atomic.Int64 // connections currently held
}

func (s *tarpit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/" {
		var b strings.Builder
		b.WriteString("<html><body>")
		for i := 0; i < s.n; i++ {
			fmt.Fprintf(&b, `<a href="/slow/%d">slow %d</a>`, i, i)
		}
		b.WriteString("</body></html>")
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, b.String())
		return
	}
	s.open.Add(1)
	defer s.open.Add(-1)
	var i int
	fmt.Sscanf(r.URL.Path, "/slow/%d", &i)
	if i%2 == 1 {
		<-r.Context().Done()
		return
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "<html><body><article><p>")
	for {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(200 * time.Millisecond):
			fmt.Fprint(w, "a")
			w.(http.Flusher).Flush()
		}
	}
}

// TestSlowSiteHoldsConnections crawls a tarpit and a normal site at once:
// the normal site's articles are all published and indexed while the
// tarpit still holds connections, every tarpit request ends with a
// timeout error, and the tarpit's pass ends within its bound.
func TestSlowSiteHoldsConnections(t *testing.T) {
	n, slow := 60, 8
	if long() {
		n, slow = 600, 40
	}
	p := newInProc(t, nil, nil)
	p.startStages(fastRunner())
	tp := &tarpit{n: slow}
	slowSrv := httptest.NewServer(tp)
	defer slowSrv.Close()
	fast := NewsSite{N: n}
	fastSrv := httptest.NewServer(fast)
	defer fastSrv.Close()
	cfg := crawlerConfig()
	cfg.Timeout = 3 * time.Second
	cfg.Parallelism = 2
	cr := p.crawler(cfg, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()

	type result struct {
		st  crawler.Stats
		err error
		at  time.Duration
	}
	start := time.Now()
	slowDone, fastDone := make(chan result, 1), make(chan result, 1)
	go func() {
		st, err := cr.CrawlSource(ctx, crawler.Source{Name: "tarpit", Home: slowSrv.URL + "/", MaxDepth: 2})
		slowDone <- result{st, err, time.Since(start)}
	}()
	go func() {
		st, err := cr.CrawlSource(ctx, crawler.Source{Name: "faultwire", Home: fastSrv.URL + "/", Lang: "en", MaxDepth: 3})
		fastDone <- result{st, err, time.Since(start)}
	}()
	f := <-fastDone
	held := tp.open.Load()
	if f.err != nil || f.st.Published != n {
		t.Fatalf("normal site: published %d of %d, err %v", f.st.Published, n, f.err)
	}
	if held == 0 {
		t.Errorf("the tarpit held no connection when the normal site finished (%v): the scenario did not overlap", f.at)
	}
	p.drained(40 * time.Second)
	r := p.account(siteIDs(t, fastSrv.URL, n, fast))
	if err := r.Err(); err != nil || r.Indexed != n {
		t.Errorf("normal site: %s (%v)", r, err)
	}
	s := <-slowDone
	// Each tarpit page costs one timeout; two at a time.
	bound := time.Duration((slow+1)/2+2) * cfg.Timeout * 2
	t.Logf("slow site: normal site done at %v with %d tarpit connections held; tarpit pass %v (bound %v): pages %d errors %d skipped (breaker) %d; %s; test heap %.0f MB",
		f.at.Round(time.Millisecond), held, s.at.Round(time.Millisecond), bound, s.st.Pages, s.st.Errors, s.st.Skipped, r, heapMB())
	if s.err != nil {
		t.Errorf("tarpit pass: %v", s.err)
	}
	// Each tarpit page ends in a timeout error, or is skipped once the
	// host's circuit breaker opened after breaker_failures timeouts.
	if s.st.Errors == 0 || s.st.Errors+s.st.Skipped < slow || s.st.Published != 0 {
		t.Errorf("tarpit: errors %d + skipped %d, published %d; want %d and nothing published", s.st.Errors, s.st.Skipped, s.st.Published, slow)
	}
	if s.at > bound {
		t.Errorf("tarpit pass took %v, more than %v", s.at, bound)
	}
	waitFor(t, 10*time.Second, "tarpit connections released", func() bool { return tp.open.Load() == 0 })
}
