package crawler

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPrioritise(t *testing.T) {
	now := time.Date(2024, 5, 8, 12, 0, 0, 0, time.UTC)
	items := []frontierItem{
		{URL: "old", Date: now.Add(-30 * 24 * time.Hour)},
		{URL: "undated"},
		{URL: "fresh-2h", Date: now.Add(-2 * time.Hour)},
		{URL: "index", Index: true},
		{URL: "fresh-1h", Date: now.Add(-1 * time.Hour)},
		{URL: "undated-2"},
	}
	got := prioritise(items, now, 48*time.Hour)
	var order []string
	for _, it := range got {
		order = append(order, it.URL)
	}
	want := "index fresh-1h fresh-2h old undated undated-2"
	if strings.Join(order, " ") != want {
		t.Errorf("order = %v, want %s", order, want)
	}
	if items[0].URL != "old" {
		t.Error("input modified")
	}
}

func TestNextInterval(t *testing.T) {
	base := 10 * time.Minute
	mid := func() float64 { return 0.5 }
	tests := []struct {
		idle   int
		jitter float64
		rnd    func() float64
		want   time.Duration
	}{
		{0, 0, nil, base},
		{1, 0, nil, 15 * time.Minute},
		{2, 0, nil, 22*time.Minute + 30*time.Second},
		{10, 0, nil, 40 * time.Minute}, // capped at 4x
		{0, 0.1, mid, base},
		{0, 0.1, func() float64 { return 0 }, 9 * time.Minute},
		{0, 0.1, func() float64 { return 1 }, 11 * time.Minute},
	}
	for _, tt := range tests {
		if got := nextInterval(base, tt.jitter, tt.idle, tt.rnd); got != tt.want {
			t.Errorf("nextInterval(idle %d, jitter %v) = %v, want %v", tt.idle, tt.jitter, got, tt.want)
		}
	}
	// Real jitter stays within bounds and varies.
	seen := map[time.Duration]bool{}
	for range 50 {
		d := nextInterval(base, 0.2, 0, nil)
		if d < 8*time.Minute || d > 12*time.Minute {
			t.Fatalf("jittered interval %v out of +-20%%", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("jitter produced only %d distinct intervals", len(seen))
	}
}

func TestBackpressure(t *testing.T) {
	var high atomic.Bool
	high.Store(true)
	var calls, sentWhileHigh atomic.Int32
	body := strings.Repeat("The ministry said the talks would continue next week. ", 8)
	site := serve(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			if high.Load() && r.URL.Path != "/robots.txt" {
				sentWhileHigh.Add(1)
			}
			htmlPage(`<a href="/a.html">a</a>`)(w, r)
		},
		"/a.html": htmlPage(articleHTML("Talks", body)),
	})
	cfg := testConfig()
	cfg.MaxPending = 10
	cfg.BackpressurePoll = 10 * time.Millisecond
	cfg.Pending = func(context.Context) (uint64, error) {
		if calls.Add(1) >= 4 {
			high.Store(false)
			return 3, nil
		}
		return 100, nil
	}
	m := NewMetrics(nil)
	pub := &memPub{}
	if _, err := New(cfg, pub, nil, m).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	if sentWhileHigh.Load() != 0 {
		t.Errorf("%d requests sent while the backlog was above max_pending", sentWhileHigh.Load())
	}
	if pub.n() != 1 || calls.Load() < 4 {
		t.Errorf("published %d, pending polled %d times", pub.n(), calls.Load())
	}
	// A failing Pending does not stall the crawler.
	cfg.Pending = func(context.Context) (uint64, error) { return 0, errors.New("nats down") }
	pub = &memPub{}
	if _, err := New(cfg, pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"}); err != nil || pub.n() != 1 {
		t.Errorf("with failing Pending: published %d, err %v", pub.n(), err)
	}
	// Cancellation ends a pause.
	cfg.Pending = func(context.Context) (uint64, error) { return 1000, nil }
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	New(cfg, &memPub{}, nil, nil).CrawlSource(ctx, Source{Name: "s", Home: site.URL + "/"})
	if time.Since(start) > 2*time.Second {
		t.Errorf("paused crawl ignored cancellation for %v", time.Since(start))
	}
}

func TestFeedItemsDates(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>a</title><link>https://x.example/a.html</link><pubDate>Wed, 08 May 2024 10:00:00 GMT</pubDate></item>
<item><title>b</title><link> https://x.example/b.html </link></item>
<item><title>c</title></item></channel></rss>`
	items, err := FeedItems([]byte(rss))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Published != time.Date(2024, 5, 8, 10, 0, 0, 0, time.UTC) || !items[1].Published.IsZero() || items[1].Link != "https://x.example/b.html" {
		t.Errorf("items = %+v", items)
	}
}
