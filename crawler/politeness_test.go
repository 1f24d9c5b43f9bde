package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRobotsDisallow(t *testing.T) {
	var privateHits atomic.Int32
	body := strings.Repeat("The council met on Tuesday to discuss the budget. ", 10)
	site := serve(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		},
		"/":           htmlPage(`<a href="/private/a.html">a</a> <a href="/pub/b.html">b</a>`),
		"/pub/b.html": htmlPage(articleHTML("Public", body)),
		"/private/": func(w http.ResponseWriter, _ *http.Request) {
			privateHits.Add(1)
			fmt.Fprint(w, articleHTML("Private", body))
		},
	})
	for _, respect := range []bool{true, false} {
		privateHits.Store(0)
		cfg := testConfig()
		cfg.RespectRobots = respect
		pub := &memPub{}
		if _, err := New(cfg, pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"}); err != nil {
			t.Fatal(err)
		}
		wantHits, wantPub := int32(0), 1
		if !respect {
			wantHits, wantPub = 1, 2
		}
		if privateHits.Load() != wantHits || pub.n() != wantPub {
			t.Errorf("respect_robots=%v: private hits %d (want %d), published %d (want %d)", respect, privateHits.Load(), wantHits, pub.n(), wantPub)
		}
	}
}

func TestParseRobotsCrawlDelay(t *testing.T) {
	tests := []struct {
		body string
		want time.Duration
	}{
		{"User-agent: *\nCrawl-delay: 2\n", 2 * time.Second},
		{"User-agent: *\nCrawl-delay: 0.5\n", 500 * time.Millisecond},
		{"User-agent: claimwatch\nCrawl-delay: 7\n\nUser-agent: *\nCrawl-delay: 1\n", 7 * time.Second},
		{"User-agent: *\nDisallow: /x\n", 0},
		{"garbage \x00\xff", 0},
	}
	for _, tt := range tests {
		if got := parseRobots(200, []byte(tt.body), "claimwatch/0.1").CrawlDelay; got != tt.want {
			t.Errorf("crawl-delay of %q = %v, want %v", tt.body, got, tt.want)
		}
	}
}

func TestCrawlDelayHonoured(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	body := strings.Repeat("Officials said the bridge would reopen next week. ", 10)
	routes := map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.3\n") },
		"/":           htmlPage(`<a href="/a/1">1</a><a href="/a/2">2</a><a href="/a/3">3</a>`),
		"/a/": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			fmt.Fprint(w, articleHTML("A "+r.URL.Path, body))
		},
	}
	site := serve(t, routes)
	pub := &memPub{}
	if _, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	if len(times) != 3 {
		t.Fatalf("fetched %d articles, want 3", len(times))
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 280*time.Millisecond {
			t.Errorf("gap %d = %v, want >= Crawl-delay 0.3s", i, gap)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 8, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"", 5 * time.Second},
		{"3", 3 * time.Second},
		{"-1", 5 * time.Second},
		{"soon", 5 * time.Second},
		{"Wed, 08 May 2024 12:00:30 GMT", 30 * time.Second},
		{"Wed, 08 May 2024 11:00:00 GMT", 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.v != "" {
			h.Set("Retry-After", tt.v)
		}
		if got := retryAfter(h, now, 5*time.Second); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestRetryOn429(t *testing.T) {
	var hits atomic.Int32
	var first, second time.Time
	body := strings.Repeat("Rescue teams reached the flooded villages on Monday. ", 10)
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(`<a href="/a.html">a</a>`),
		"/a.html": func(w http.ResponseWriter, _ *http.Request) {
			if hits.Add(1) == 1 {
				first = time.Now()
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			second = time.Now()
			fmt.Fprint(w, articleHTML("A", body))
		},
	})
	pub := &memPub{}
	st, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if pub.n() != 1 || st.Retries != 1 {
		t.Fatalf("published %d, retries %d; want 1 and 1 (%+v)", pub.n(), st.Retries, st)
	}
	if gap := second.Sub(first); gap < 950*time.Millisecond {
		t.Errorf("retried after %v, want >= Retry-After 1s", gap)
	}
}

func TestRetryBounded(t *testing.T) {
	var hits atomic.Int32
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(`<a href="/a.html">a</a>`),
		"/a.html": func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
		},
	})
	cfg := testConfig()
	cfg.RetryAttempts = 2
	cfg.BreakerFailures = 100
	st, err := New(cfg, &memPub{}, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 3 || st.Retries != 2 || st.Errors != 1 {
		t.Errorf("hits %d retries %d errors %d, want 3, 2, 1", hits.Load(), st.Retries, st.Errors)
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	var hits atomic.Int32
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(`<a href="/a.html">a</a>`),
		"/a.html": func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		},
	})
	start := time.Now()
	st, err := New(testConfig(), &memPub{}, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 || st.Retries != 0 || time.Since(start) > 5*time.Second {
		t.Errorf("hits %d retries %d after %v: a Retry-After above max_retry_after must give up for the pass", hits.Load(), st.Retries, time.Since(start))
	}
}

func TestBreaker(t *testing.T) {
	now := time.Date(2024, 5, 8, 12, 0, 0, 0, time.UTC)
	b := newBreaker(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 2; i++ {
		if b.Failure("h") {
			t.Fatal("opened too early")
		}
	}
	if !b.Allow("h") {
		t.Fatal("refused before threshold")
	}
	if !b.Failure("h") || b.Allow("h") || !b.Open("h") {
		t.Fatal("not open after 3 failures")
	}
	if !b.Allow("other") {
		t.Fatal("breaker is per host")
	}
	now = now.Add(61 * time.Second)
	if !b.Allow("h") {
		t.Fatal("no half-open probe after cool-down")
	}
	if b.Allow("h") {
		t.Fatal("second request let through while probing")
	}
	b.Failure("h") // probe failed: open again
	if b.Allow("h") {
		t.Fatal("not re-opened after failed probe")
	}
	now = now.Add(61 * time.Second)
	if !b.Allow("h") {
		t.Fatal("no probe")
	}
	b.Success("h")
	if !b.Allow("h") || !b.Allow("h") {
		t.Fatal("not closed after success")
	}
}

func TestBreakerStopsRequests(t *testing.T) {
	var hits atomic.Int32
	var links strings.Builder
	for i := range 10 {
		fmt.Fprintf(&links, `<a href="/e/%d">x</a>`, i)
	}
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(links.String()),
		"/e/": func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			w.WriteHeader(http.StatusInternalServerError)
		},
	})
	cfg := testConfig()
	cfg.Parallelism = 1
	cfg.BreakerFailures = 3
	cr := New(cfg, &memPub{}, nil, nil)
	st, err := cr.CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 3 || st.Skipped != 7 {
		t.Errorf("hits %d skipped %d, want 3 and 7", hits.Load(), st.Skipped)
	}
	// The breaker spans passes: the next pass does not touch the host.
	hits.Store(0)
	st, _ = cr.CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if hits.Load() != 0 || st.Pages != 0 {
		t.Errorf("second pass: hits %d pages %d, want 0 while the breaker is open", hits.Load(), st.Pages)
	}
}
