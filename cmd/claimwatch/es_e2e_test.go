package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/pipeline"
)

// flakyProxy forwards TCP to a real server and can be cut off, closing every
// open connection, to simulate the server going down and coming back.
type flakyProxy struct {
	ln      net.Listener
	backend string
	mu      sync.Mutex
	down    bool
	conns   map[net.Conn]bool
}

func newFlakyProxy(t *testing.T, backend string) *flakyProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &flakyProxy{ln: ln, backend: backend, conns: map[net.Conn]bool{}}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	return p
}

func (p *flakyProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns[c] = true
		p.mu.Unlock()
		go func() {
			b, err := net.Dial("tcp", p.backend)
			if err != nil {
				c.Close()
				return
			}
			p.mu.Lock()
			p.conns[b] = true
			p.mu.Unlock()
			go func() { _, _ = io.Copy(b, c); b.Close() }()
			_, _ = io.Copy(c, b)
			c.Close()
		}()
	}
}

func (p *flakyProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
		p.conns = map[net.Conn]bool{}
	}
}

func (p *flakyProxy) URL() string { return "http://" + p.ln.Addr().String() }

// TestElasticsearchOutageLosesNothing runs the pipeline into a real
// Elasticsearch (ES_URL) through a proxy that is cut off while the demo
// articles flow: the index stage naks and waits, nothing is dead-lettered,
// and once Elasticsearch is reachable again every article is indexed once.
func TestElasticsearchOutageLosesNothing(t *testing.T) {
	esURL := os.Getenv("ES_URL")
	if esURL == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	u, err := url.Parse(esURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newFlakyProxy(t, u.Host)
	site := httptest.NewServer(demosite.Handler())
	defer site.Close()

	cfg := testConfig(t)
	cfg.Index.Backend = "elasticsearch"
	cfg.Index.ES.URLs = []string{proxy.URL()}
	cfg.Index.ES.IndexPrefix = fmt.Sprintf("claimwatch-outage-%d", time.Now().UnixNano())
	cfg.Index.ES.Refresh = "true"
	cfg.Index.ES.MaxRetries = 1
	cfg.Index.ES.RetryBackoff = 50 * time.Millisecond
	cfg.Index.Runner.BackoffBase = 100 * time.Millisecond
	cfg.Index.Runner.BackoffMax = 500 * time.Millisecond
	cfg.Index.Runner.MaxDeliver = 1000
	cfg.Index.Runner.FetchWait = 100 * time.Millisecond
	a, err := newApp(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ctx := context.Background()
	if err := a.connectNATS(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.openIndex(); err != nil { // installs the template while ES is up
		t.Fatal(err)
	}
	want := demosite.Articles()
	proxy.setDown(true)

	ex, err := a.extractRunner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := a.indexRunner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, r := range []*pipeline.Runner{ex, ix} {
		wg.Add(1)
		go func(r *pipeline.Runner) { defer wg.Done(); _ = r.Run(rctx) }(r)
	}
	defer func() { stop(); wg.Wait() }()

	st, err := mustCrawler(t, a).Crawl(ctx, []crawler.Source{demoSource(site.URL)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Published != len(want) {
		t.Fatalf("published %d, want %d", st.Published, len(want))
	}
	// While Elasticsearch is unreachable the records wait in RECORDS.
	deadline := time.Now().Add(60 * time.Second)
	for streamCount(t, a.nats.JS, pipeline.StreamRecords) < uint64(len(want)) {
		if time.Now().After(deadline) {
			t.Fatal("extractor did not publish every record")
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // several failed index attempts
	if p, err := ix.Pending(ctx); err != nil || p == 0 {
		t.Fatalf("index stage pending = %d (%v) during the outage, want > 0", p, err)
	}
	if got := streamCount(t, a.nats.JS, pipeline.StreamDeadLetter); got != 0 {
		t.Fatalf("dead letters during outage = %d, want 0 (an outage is transient)", got)
	}
	proxy.setDown(false)
	wctx, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	if err := waitDrained(wctx, []*pipeline.Runner{ex, ix}); err != nil {
		t.Fatalf("backlog did not drain after recovery: %v", err)
	}
	n, err := a.index.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("Elasticsearch holds %d records, want %d", n, len(want))
	}
	if got := streamCount(t, a.nats.JS, pipeline.StreamDeadLetter); got != 0 {
		t.Errorf("dead letters = %d, want 0", got)
	}
}

// TestRunDemoOnceElasticsearch is `claimwatch run --demo --once` with the
// Elasticsearch backend: every demo article ends up in Elasticsearch.
func TestRunDemoOnceElasticsearch(t *testing.T) {
	esURL := os.Getenv("ES_URL")
	if esURL == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	cfg := testConfig(t)
	cfg.Index.Backend = "elasticsearch"
	cfg.Index.ES.URLs = []string{esURL}
	cfg.Index.ES.IndexPrefix = fmt.Sprintf("claimwatch-demo-%d", time.Now().UnixNano())
	cfg.Index.ES.Refresh = "wait_for"
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := runAll(ctx, cfg, runOpts{demo: true, once: true, timeout: 2 * time.Minute}, &out, io.Discard); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	n := len(demosite.Articles())
	if !regexp.MustCompile(`records indexed \(this run\)\s+` + strconv.Itoa(n) + `\n`).MatchString(out.String()) {
		t.Errorf("summary:\n%s", out.String())
	}
}
