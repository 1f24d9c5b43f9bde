package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/alerts"
	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestLatencyAt50ArticlesPerSecond measures fetch-to-alert (webhook
// delivered) and fetch-to-searchable (record readable from the index)
// latency in embedded mode while articles arrive at a steady 50/s. It is a
// measurement, not a unit test: it runs only with CLAIMWATCH_BENCH_LATENCY=1
// and reports p50/p95 (docs/benchmarks.md); CLAIMWATCH_BENCH_SECONDS sets the
// duration (default 20).
//
//	CLAIMWATCH_BENCH_LATENCY=1 go test ./cmd/claimwatch -run Latency -v
func TestLatencyAt50ArticlesPerSecond(t *testing.T) {
	if os.Getenv("CLAIMWATCH_BENCH_LATENCY") == "" {
		t.Skip("measurement: set CLAIMWATCH_BENCH_LATENCY=1 to run")
	}
	measureLatency(t, "")
}

// measureLatency runs the measurement with the bleve backend (esURL "")
// or with Elasticsearch at esURL (latency_es_test.go).
func measureLatency(t *testing.T, esURL string) {
	seconds := 20
	if s := os.Getenv("CLAIMWATCH_BENCH_SECONDS"); s != "" {
		fmt.Sscan(s, &seconds)
	}
	const rate = 50

	// Article bodies: the demo site's pages, parsed as the crawler does.
	site := httptest.NewServer(demosite.Handler())
	defer site.Close()
	var pages []crawler.Page
	for _, art := range demosite.Articles() {
		resp, err := http.Get(site.URL + art.Path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		p, err := crawler.Parse(site.URL+art.Path, body, resp.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}

	// Webhook receiver: fetch-to-delivery latency of the first alert per article.
	var mu sync.Mutex
	alertLat := map[string]time.Duration{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a alerts.Alert
		if err := json.NewDecoder(r.Body).Decode(&a); err == nil {
			mu.Lock()
			if _, ok := alertLat[a.RecordID]; !ok {
				alertLat[a.RecordID] = time.Since(a.FetchedAt)
			}
			mu.Unlock()
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	rules := filepath.Join(t.TempDir(), "alerts.yaml")
	if err := os.WriteFile(rules, []byte(fmt.Sprintf(`rules:
  - name: every-claim
    statuses: [claimed, denied, attributed, unclaimed]
    outputs:
      webhooks:
        - url: %s
          secret: bench-secret
`, hook.URL)), 0o600); err != nil {
		t.Fatal(err)
	}

	cfg := testConfig(t)
	if esURL != "" {
		useElasticsearch(t, &cfg, esURL)
	}
	cfg.Alerts.RulesFile = rules
	cfg.Alerts.Deliver.RatePerEndpoint = 1000
	cfg.Alerts.Deliver.Burst = 100
	for _, rc := range []*pipeline.RunnerConfig{&cfg.Extract.Runner, &cfg.Index.Runner, &cfg.Alerts.Runner, &cfg.Alerts.DeliverRunner} {
		rc.FetchWait = 50 * time.Millisecond
	}
	a, err := newApp(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ctx := context.Background()
	if err := a.connectNATS(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.openIndex(); err != nil {
		t.Fatal(err)
	}
	ex, err := a.extractRunner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := a.indexRunner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	al, err := a.alertRunners(rctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, r := range []*pipeline.Runner{ex, ix, al.Alerts, al.Deliver} {
		wg.Add(1)
		go func(r *pipeline.Runner) { defer wg.Done(); _ = r.Run(rctx) }(r)
	}
	defer func() { stop(); wg.Wait() }()

	// Searchable latency: poll the index for each published article.
	type pend struct {
		id      string
		fetched time.Time
	}
	pendc := make(chan pend, 4096)
	searchLat := map[string]time.Duration{}
	pollDone := make(chan struct{})
	go func() {
		defer close(pollDone)
		var open []pend
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case p, ok := <-pendc:
				if !ok {
					pendc = nil
					continue
				}
				open = append(open, p)
				continue
			case <-tick.C:
			}
			keep := open[:0]
			ids := make([]string, len(open))
			for i, p := range open {
				ids[i] = p.id
			}
			found := searchable(ctx, t, a, esURL, ids)
			for _, p := range open {
				if found[p.id] {
					searchLat[p.id] = time.Since(p.fetched)
				} else {
					keep = append(keep, p)
				}
			}
			open = keep
			if pendc == nil && len(open) == 0 {
				return
			}
		}
	}()

	pub := crawler.JetStreamPublisher{JS: a.nats.JS}
	n := seconds * rate
	tick := time.NewTicker(time.Second / rate)
	for i := 0; i < n; i++ {
		<-tick.C
		p := pages[i%len(pages)]
		p.CanonicalURL = fmt.Sprintf("%s?copy=%d", p.CanonicalURL, i)
		art := p.ToArticle("bench", "en", time.Now())
		if err := pub.Publish(ctx, art); err != nil {
			t.Fatal(err)
		}
		pendc <- pend{art.ID, art.FetchedAt}
	}
	tick.Stop()
	close(pendc)
	select {
	case <-pollDone:
	case <-time.After(2 * time.Minute):
		t.Fatal("not every article became searchable")
	}
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := waitDrained(wctx, []*pipeline.Runner{ex, ix, al.Alerts, al.Deliver}); err != nil {
		t.Fatal(err)
	}
	report := func(name string, m map[string]time.Duration) {
		var ds []time.Duration
		for _, d := range m {
			ds = append(ds, d)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		if len(ds) == 0 {
			t.Errorf("%s: no samples", name)
			return
		}
		q := func(f float64) time.Duration { return ds[int(f*float64(len(ds)-1))].Round(time.Millisecond) }
		t.Logf("%s: n=%d p50=%v p95=%v p99=%v max=%v", name, len(ds), q(0.5), q(0.95), q(0.99), ds[len(ds)-1].Round(time.Millisecond))
	}
	t.Logf("%d articles at %d/s for %ds (embedded NATS with fsync, %s)", n, rate, seconds, cfg.Index.Backend)
	report("fetch-to-searchable", searchLat)
	mu.Lock()
	report("fetch-to-alert (webhook delivered)", alertLat)
	mu.Unlock()
}
