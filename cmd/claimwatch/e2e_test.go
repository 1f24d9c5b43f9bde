package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

func testConfig(t *testing.T) Config {
	t.Helper()
	cfg, err := LoadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	cfg.Admin.Addr = ""
	cfg.Log.Level = "warn"
	cfg.Crawler.Delay = 0
	cfg.Crawler.Parallelism = 4
	cfg.resolvePaths()
	return cfg
}

func demoSource(base string) crawler.Source {
	s := (&demoSite{base: base}).Source()
	return s
}

// gatedStage processes `limit` messages, then blocks until release is closed.
type gatedStage struct {
	inner   pipeline.Stage
	limit   int64
	done    atomic.Int64
	reached chan struct{}
	release chan struct{}
	once    sync.Once
}

func (g *gatedStage) Name() string { return g.inner.Name() }

func (g *gatedStage) Process(ctx context.Context, batch []pipeline.Message) []pipeline.Result {
	if g.done.Load() >= g.limit {
		g.once.Do(func() { close(g.reached) })
		<-g.release
	}
	g.done.Add(int64(len(batch)))
	return g.inner.Process(ctx, batch)
}

func streamCount(t *testing.T, js jetstream.JetStream, name string) uint64 {
	t.Helper()
	s, err := js.Stream(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

// TestEndToEndExactlyOneRecordPerArticle crawls the demo site into a real
// embedded NATS JetStream, stops the extractor midway and restarts it, crawls
// again, and checks that every demo article is indexed exactly once.
func TestEndToEndExactlyOneRecordPerArticle(t *testing.T) {
	site := httptest.NewServer(demosite.Handler())
	defer site.Close()
	cfg := testConfig(t)
	cfg.Extract.Runner.BatchSize = 4
	cfg.Extract.Runner.Workers = 1
	cfg.Index.Runner.BatchSize = 8
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
	if err := a.buildExtractor(); err != nil {
		t.Fatal(err)
	}
	want := demosite.Articles()

	// 1. Crawl: every article lands on ARTICLES once.
	st, err := mustCrawler(t, a).Crawl(ctx, []crawler.Source{demoSource(site.URL)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Published != len(want) {
		t.Fatalf("published %d articles, want %d (errors %d)", st.Published, len(want), st.Errors)
	}

	// 2. Indexer runs throughout.
	ixRunner, err := a.indexRunner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ixCtx, stopIx := context.WithCancel(ctx)
	ixDone := make(chan error, 1)
	go func() { ixDone <- ixRunner.Run(ixCtx) }()

	// 3. First extractor: stopped (gracefully) after about a quarter.
	gate := &gatedStage{inner: extractor.NewStage(a.ex, 2), limit: int64(len(want) / 4), reached: make(chan struct{}), release: make(chan struct{})}
	rc := cfg.Extract.Runner
	rc.Stream, rc.Durable = pipeline.StreamArticles, "extract"
	ex1, err := pipeline.NewRunner(ctx, a.nats.JS, gate, rc, a.log, a.metrics)
	if err != nil {
		t.Fatal(err)
	}
	ex1Ctx, stopEx1 := context.WithCancel(ctx)
	ex1Done := make(chan error, 1)
	go func() { ex1Done <- ex1.Run(ex1Ctx) }()
	select {
	case <-gate.reached:
	case <-time.After(60 * time.Second):
		t.Fatal("extractor never reached the stop point")
	}
	stopEx1()
	close(gate.release)
	if err := <-ex1Done; err != nil {
		t.Fatal(err)
	}
	pending, err := ex1.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pending == 0 {
		t.Fatal("extractor was not stopped midway: nothing left pending")
	}
	t.Logf("extractor stopped with %d articles pending", pending)

	// 4. Second extractor (a restart) finishes the work.
	ex2, err := a.extractRunner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ex2Ctx, stopEx2 := context.WithCancel(ctx)
	ex2Done := make(chan error, 1)
	go func() { ex2Done <- ex2.Run(ex2Ctx) }()
	wctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := waitDrained(wctx, []*pipeline.Runner{ex2, ixRunner}); err != nil {
		t.Fatalf("pipeline did not drain: %v", err)
	}

	// 5. A second crawl of unchanged pages must not add anything.
	st2, err := mustCrawler(t, a).Crawl(ctx, []crawler.Source{demoSource(site.URL)})
	if err != nil {
		t.Fatal(err)
	}
	if st2.Published != 0 || st2.Unchanged+st2.Skipped < len(want) {
		t.Fatalf("second crawl (seen store): published %d, unchanged %d, skipped %d; want 0 published and %d unchanged or skipped", st2.Published, st2.Unchanged, st2.Skipped, len(want))
	}
	// 6. A crawler without the seen store republishes every page: the
	// streams' Nats-Msg-Id dedupe must still keep one copy.
	a.cfg.Crawler.SeenStore = false
	st3, err := mustCrawler(t, a).Crawl(ctx, []crawler.Source{demoSource(site.URL)})
	if err != nil {
		t.Fatal(err)
	}
	if st3.Published != len(want) {
		t.Fatalf("third crawl published %d, want %d", st3.Published, len(want))
	}
	if err := waitDrained(wctx, []*pipeline.Runner{ex2, ixRunner}); err != nil {
		t.Fatalf("pipeline did not drain: %v", err)
	}
	stopEx2()
	stopIx()
	if err := <-ex2Done; err != nil {
		t.Fatal(err)
	}
	if err := <-ixDone; err != nil {
		t.Fatal(err)
	}

	if got := streamCount(t, a.nats.JS, pipeline.StreamArticles); got != uint64(len(want)) {
		t.Errorf("ARTICLES holds %d messages, want %d (dedupe by Nats-Msg-Id)", got, len(want))
	}
	if got := streamCount(t, a.nats.JS, pipeline.StreamRecords); got != uint64(len(want)) {
		t.Errorf("RECORDS holds %d messages, want %d (one record per article)", got, len(want))
	}
	if got := streamCount(t, a.nats.JS, pipeline.StreamDeadLetter); got != 0 {
		t.Errorf("DEADLETTER holds %d messages, want 0", got)
	}
	n, err := a.index.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("index holds %d records, want %d", n, len(want))
	}
	for _, art := range want {
		canon, err := crawler.Canonicalize(site.URL + art.Path)
		if err != nil {
			t.Fatal(err)
		}
		rec, ok, err := a.index.Get(ctx, pipeline.ArticleID(canon))
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("article %s not indexed", art.Path)
			continue
		}
		if rec.Article.Title == "" || rec.Article.Text == "" {
			t.Errorf("article %s indexed without title or text", art.Path)
		}
	}
}

// TestRunDemoOnce runs `claimwatch run --demo --once` in-process.
func TestRunDemoOnce(t *testing.T) {
	cfg := testConfig(t)
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := runAll(ctx, cfg, runOpts{demo: true, once: true, timeout: 90 * time.Second}, &out, io.Discard); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	s := out.String()
	n := len(demosite.Articles())
	for _, want := range []string{
		`articles published\s+` + itoa(n) + `\n`,
		`records indexed \(this run\)\s+` + itoa(n) + `\n`,
		`alerts fired \(ALERTS stream\)\s+[1-9]`,
		`claimed\s+[1-9]`,
		`example search:`,
	} {
		if !regexp.MustCompile(want).MatchString(s) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	checkDemoIncidents(t, cfg.DataDir)
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustCrawler(t *testing.T, a *app) *crawler.Crawler {
	t.Helper()
	c, err := a.crawler(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}
