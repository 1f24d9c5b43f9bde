package faults

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// inProc is the whole pipeline in the test process: embedded NATS, the
// extract and index runners and a crawler, for scenarios that need no
// separate processes.
type inProc struct {
	t       *testing.T
	dir     string
	conn    *pipeline.Conn
	idx     indexer.Index
	ex, ix  *pipeline.Runner
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	crawlM  *crawler.Metrics
	runnerC pipeline.RunnerConfig
}

func fastRunner() pipeline.RunnerConfig {
	rc := pipeline.DefaultRunnerConfig()
	rc.BatchSize, rc.AckWait, rc.FetchWait = 16, 3*time.Second, 100*time.Millisecond
	rc.BackoffBase, rc.BackoffMax, rc.MaxDeliver = 100*time.Millisecond, time.Second, 1000
	return rc
}

// newInProc connects (tweak adjusts the NATS config) and opens idx, or a
// bleve index under dir when idx is nil.
func newInProc(t *testing.T, tweak func(*pipeline.NATSConfig), idx indexer.Index) *inProc {
	t.Helper()
	dir := t.TempDir()
	cfg := pipeline.DefaultNATSConfig()
	cfg.StoreDir = filepath.Join(dir, "nats")
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := pipeline.Connect(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	p := &inProc{t: t, dir: dir, conn: c, runnerC: fastRunner(), crawlM: crawler.NewMetrics(nil)}
	t.Cleanup(p.close)
	if idx == nil {
		b, err := indexer.OpenBleve(filepath.Join(dir, "index"), nil)
		if err != nil {
			t.Fatal(err)
		}
		idx = b
	}
	p.idx = idx
	return p
}

// startStages starts the extract and index runners.
func (p *inProc) startStages(ixCfg pipeline.RunnerConfig) {
	t := p.t
	t.Helper()
	g, err := extractor.LoadGazetteer(configs.FS)
	if err != nil {
		t.Fatal(err)
	}
	places, err := extractor.DefaultPlaces()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extractor.New(g, places, extractor.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	rc := p.runnerC
	rc.Stream, rc.Durable = pipeline.StreamArticles, "extract"
	if p.ex, err = pipeline.NewRunner(ctx, p.conn.JS, extractor.NewStage(ex, 2), rc, nil, nil); err != nil {
		t.Fatal(err)
	}
	ixCfg.Stream, ixCfg.Durable = pipeline.StreamRecords, "index"
	if p.ix, err = pipeline.NewRunner(ctx, p.conn.JS, indexer.NewStage(p.idx), ixCfg, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*pipeline.Runner{p.ex, p.ix} {
		p.wg.Add(1)
		go func(r *pipeline.Runner) { defer p.wg.Done(); _ = r.Run(ctx) }(r)
	}
}

// crawler returns a crawler publishing to JetStream, with the seen store.
func (p *inProc) crawler(cfg crawler.Config, log *slog.Logger) *crawler.Crawler {
	p.t.Helper()
	opts, err := crawler.StoreOptions(context.Background(), p.conn.JS, cfg, 1)
	if err != nil {
		p.t.Fatal(err)
	}
	return crawler.New(cfg, crawler.JetStreamPublisher{JS: p.conn.JS}, log, p.crawlM, opts...)
}

func crawlerConfig() crawler.Config {
	c := crawler.DefaultConfig()
	c.Delay, c.Parallelism, c.AllowPrivate, c.RespectRobots = 0, 4, true, false
	c.MaxDepth, c.MaxPages, c.Timeout = 3, 100000, 5*time.Second
	c.SeenStore = true
	return c
}

// drained waits until both consumers hold nothing pending.
func (p *inProc) drained(d time.Duration) {
	p.t.Helper()
	quiet := 0
	waitFor(p.t, d, "pipeline drained", func() bool {
		ctx := context.Background()
		a, _ := p.ex.Pending(ctx)
		b, _ := p.ix.Pending(ctx)
		if a == 0 && b == 0 {
			quiet++
		} else {
			quiet = 0
		}
		return quiet >= 3
	})
}

func (p *inProc) account(want []string) Report {
	p.t.Helper()
	ctx := context.Background()
	n, err := p.idx.Count(ctx)
	if err != nil {
		p.t.Fatal(err)
	}
	r, err := Account(ctx, p.conn.JS, want, func(ctx context.Context, id string) (bool, error) {
		_, ok, err := p.idx.Get(ctx, id)
		return ok, err
	}, n)
	if err != nil {
		p.t.Fatal(err)
	}
	return r
}

func (p *inProc) close() {
	if p.cancel != nil {
		p.cancel()
		p.wg.Wait()
		p.cancel = nil
	}
	if p.conn != nil {
		p.conn.Close()
		p.conn = nil
	}
	if p.idx != nil {
		_ = p.idx.Close()
		p.idx = nil
	}
}
