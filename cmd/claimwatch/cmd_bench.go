package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/alerts"
	"github.com/claimwatch/claimwatch/bench"
	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/pipeline"
)

// errBenchData is returned when --data names a directory that is not empty:
// the accounting needs a fresh index and fresh streams.
var errBenchData = errors.New("bench: data directory is not empty")

type benchOpts struct {
	articles int
	rate     float64
	backend  string
	json     bool
	seed     uint64
	timeout  time.Duration
	keepData bool      // --data given: use cfg.DataDir (must be empty) and keep it
	progress io.Writer // status line target; nil = none
}

func newBenchCmd(g *globals) *cobra.Command {
	o := &benchOpts{}
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Run the whole pipeline on a generated corpus served on loopback and report throughput, latency, memory and losses",
		Long: `bench generates N wire-style articles (attacks claimed, denied, attributed or
unclaimed, and unrelated stories), serves them on a loopback news site with a
home page, sections, an RSS feed, a sitemap index and robots.txt, and runs
the real pipeline on them in this process: the crawler discovers and fetches
them, JetStream (embedded unless --nats), the extractor, the index (--backend)
and the alert stages, with one alert rule that matches every claim and
posts to a loopback webhook.

It prints, per stage (crawl = published to ARTICLES, extract = records
published, index = stored, alerts = alerts fired, deliver = webhooks
received), the items and items/s over the stage's own active window;
fetch-to-searchable (record stored in the index) and fetch-to-alert (first
webhook for the article received) latency p50/p95/p99/max, split into
fetch-to-published (inside the crawler) and published-to-searchable; the peak RSS of
the process (VmHWM: pipeline, NATS server, site and measurement together)
and the peak Go heap; and where every served article ended up: indexed,
dead-lettered with a reason, or lost, and index entries beyond one per
article (duplicates). It exits non-zero when an article was lost or
duplicated.

--rate makes the site publish articles at that many per second (the crawler
re-crawls until it has seen them all); 0 serves them all at once. Without
--data the run uses a temporary directory and removes it. Elasticsearch
(--backend elasticsearch) uses index.es.urls or ES_URL, a new index per run
and refresh=wait_for, so that "stored" means searchable. Configuration
(runner batch sizes, NATS sync policy, ...) is the usual one; alert delivery
is raised to 1000 requests/s per endpoint so that the webhook rate limit
does not dominate.`,
		Example: `  claimwatch bench
  claimwatch bench --articles 1000 --json
  claimwatch bench --articles 5000 --rate 50 --data /tmp/cw-bench`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.load()
			if err != nil {
				return err
			}
			if g.adminAddr == "" {
				cfg.Admin.Addr = ""
			}
			if g.logLevel == "" {
				cfg.Log.Level = "warn"
			}
			o.keepData = g.dataDir != ""
			if f, ok := cmd.ErrOrStderr().(*os.File); ok && !o.json && bench.IsTerminal(f) {
				o.progress = f
			}
			rep, err := runBench(cmd.Context(), cfg, *o, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if o.json {
				err = rep.WriteJSON(cmd.OutOrStdout())
			} else {
				err = rep.WriteText(cmd.OutOrStdout())
			}
			if err != nil {
				return err
			}
			return rep.Check()
		},
	}
	cmd.Flags().IntVar(&o.articles, "articles", 10000, "articles in the generated corpus")
	cmd.Flags().Float64Var(&o.rate, "rate", 0, "articles the site publishes per second (0 = all at once)")
	cmd.Flags().StringVar(&o.backend, "backend", "", "index backend: bleve or elasticsearch (default: index.backend)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the report as JSON")
	cmd.Flags().Uint64Var(&o.seed, "seed", 1, "corpus generator seed")
	cmd.Flags().DurationVar(&o.timeout, "timeout", time.Hour, "give up when the run has not finished after this long")
	return cmd
}

// runBench runs one benchmark and returns its report; logs go to logOut.
func runBench(ctx context.Context, cfg Config, o benchOpts, logOut io.Writer) (bench.Report, error) {
	rep := bench.Report{Articles: o.articles, Rate: o.rate, Seed: o.seed, CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	if o.articles <= 0 || o.rate < 0 {
		return rep, fmt.Errorf("%w: --articles must be positive and --rate not negative", pipeline.ErrBadConfig)
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	cleanup, err := benchDataDir(&cfg, o.keepData)
	if err != nil {
		return rep, err
	}
	defer cleanup()
	if err := benchBackend(&cfg, o.backend); err != nil {
		return rep, err
	}
	rep.Backend = cfg.Index.Backend

	// Measurements.
	var (
		crawled, nearDup, extracted, indexed = bench.NewMeter(), bench.NewMeter(), bench.NewMeter(), bench.NewMeter()
		fired, delivered                     = bench.NewMeter(), bench.NewMeter()
		toPublished, pubToSearchable         = bench.NewLatencies(), bench.NewLatencies()
		publishedAt                          sync.Map // article id -> time.Time seen on ARTICLES
		toSearchable, toAlert                = bench.NewLatencies(), bench.NewLatencies()
		mem                                  bench.MemorySampler
	)

	// The loopback webhook that receives every alert.
	hook, err := serveLoopback(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var al alerts.Alert
		if err := json.NewDecoder(r.Body).Decode(&al); err == nil {
			now := time.Now()
			delivered.Mark(al.Key, now)
			toAlert.Record(al.RecordID, now.Sub(al.FetchedAt))
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	if err != nil {
		return rep, err
	}
	defer hook.close()
	rules := filepath.Join(cfg.DataDir, "bench-alerts.yaml")
	if err := os.WriteFile(rules, fmt.Appendf(nil, `rules:
  - name: bench-every-claim
    statuses: [claimed, denied, attributed, unclaimed]
    outputs:
      webhooks:
        - url: %s/hook
          secret: bench-secret
`, hook.base), 0o600); err != nil {
		return rep, fmt.Errorf("bench: alert rules: %w", err)
	}
	cfg.Alerts.RulesFile = rules
	cfg.Alerts.Deliver.RatePerEndpoint = 1000
	cfg.Alerts.Deliver.Burst = 100
	cfg.Crawler.Delay = 0
	cfg.Crawler.Parallelism = 4
	cfg.Crawler.RespectRobots = true

	// The site.
	corpus := bench.Generate(o.articles, o.seed)
	site := bench.NewSite(corpus, o.rate)
	web, err := serveLoopback(site)
	if err != nil {
		return rep, err
	}
	defer web.close()
	expected, err := bench.ExpectedArticles(corpus, web.base)
	if err != nil {
		return rep, err
	}
	src := crawler.Source{Name: "bench-wire", Home: web.base + "/", Feeds: []string{web.base + "/rss.xml"},
		Sitemaps: []string{web.base + "/sitemap.xml"}, Lang: "en", MaxDepth: 3, MaxPages: 2*o.articles + 1000}
	for _, s := range site.Sections() {
		src.Sections = append(src.Sections, web.base+s)
	}

	// The pipeline.
	a, err := newApp(cfg, logOut)
	if err != nil {
		return rep, err
	}
	defer a.close()
	if err := a.connectNATS(ctx); err != nil {
		return rep, err
	}
	if err := a.openIndex(); err != nil {
		return rep, err
	}
	timed := bench.NewTimedIndex(a.index, func(rec pipeline.Record, at time.Time) {
		indexed.Mark(rec.ID, at)
		toSearchable.Record(rec.ID, at.Sub(rec.Article.FetchedAt))
		if p, ok := publishedAt.Load(rec.ID); ok {
			pubToSearchable.Record(rec.ID, at.Sub(p.(time.Time)))
		}
	})
	a.index = timed
	for _, t := range []struct {
		subject string
		fn      func(*nats.Msg, time.Time)
	}{
		{pipeline.SubjectArticlesPrefix + ">", func(m *nats.Msg, at time.Time) {
			id := bench.MsgArticleID(m)
			crawled.Mark(id, at)
			publishedAt.LoadOrStore(id, at)
			var art struct {
				FetchedAt time.Time `json:"fetched_at"`
			}
			if json.Unmarshal(m.Data, &art) == nil {
				toPublished.Record(id, at.Sub(art.FetchedAt))
			}
			if m.Header.Get(crawler.HeaderDuplicateOf) != "" {
				nearDup.Mark(id, at)
			}
		}},
		{pipeline.SubjectRecordsPrefix + ">", func(m *nats.Msg, at time.Time) { extracted.Mark(bench.MsgArticleID(m), at) }},
		{pipeline.SubjectAlertsPrefix + ">", func(m *nats.Msg, at time.Time) { fired.Mark(m.Header.Get(nats.MsgIdHdr), at) }},
	} {
		sub, err := bench.Tap(a.nats.NC, t.subject, t.fn)
		if err != nil {
			return rep, err
		}
		defer func() { _ = sub.Unsubscribe() }()
	}
	if err := a.nats.NC.Flush(); err != nil {
		return rep, fmt.Errorf("bench: %w", err)
	}
	ex, err := a.extractRunner(ctx)
	if err != nil {
		return rep, err
	}
	ix, err := a.indexRunner(ctx)
	if err != nil {
		return rep, err
	}
	stageCtx, stopStages := context.WithCancel(context.WithoutCancel(ctx))
	runners := []*pipeline.Runner{ex, ix}
	al, err := a.alertRunners(stageCtx)
	if err != nil {
		stopStages()
		return rep, fmt.Errorf("alerts: %w", err)
	}
	runners = append(runners, al.Alerts, al.Deliver)
	waitStages, stageErr := startRunners(stageCtx, runners)
	defer func() {
		stopStages()
		waitStages()
	}()
	cr, err := a.crawler(ctx)
	if err != nil {
		return rep, err
	}

	// Run: the site starts publishing, the crawler passes until a pass
	// that began with every article published has finished, then the
	// stages drain.
	measureCtx, stopMeasuring := context.WithCancel(ctx)
	var mwg sync.WaitGroup
	mwg.Add(1)
	go func() { defer mwg.Done(); mem.Run(measureCtx, 250*time.Millisecond) }()
	start := time.Now()
	if o.progress != nil {
		mwg.Add(1)
		go func() {
			defer mwg.Done()
			bench.Progress(measureCtx, o.progress, time.Second, func() string {
				return fmt.Sprintf("bench %s: published by site %d, fetched %d, crawled %d, extracted %d, indexed %d, alerts %d, delivered %d",
					time.Since(start).Round(time.Second), site.Visible(time.Now()), site.Fetched(), crawled.Count(), extracted.Count(),
					indexed.Count(), fired.Count(), delivered.Count())
			})
		}()
	}
	stopAll := func() { stopMeasuring(); mwg.Wait() }
	rep.StartedAt = start.UTC()
	rep.LoadStart = bench.LoadAverage()
	site.Start(start)
	for {
		passStart := time.Now()
		last := site.AllVisible(passStart)
		st, err := cr.Crawl(ctx, []crawler.Source{src})
		rep.Crawl.Passes++
		rep.Crawl.Pages += st.Pages
		rep.Crawl.Errors += st.Errors
		if err != nil {
			stopAll()
			return rep, fmt.Errorf("bench: crawl: %w", err)
		}
		if last {
			break
		}
		if d := 250*time.Millisecond - time.Since(passStart); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
	}
	if err := waitDrained(ctx, runners); err != nil {
		stopAll()
		select {
		case e := <-stageErr:
			return rep, e
		default:
		}
		return rep, fmt.Errorf("bench: waiting for the pipeline: %w", err)
	}
	rep.Wall = bench.Duration(time.Since(start))
	stopAll()
	rep.LoadEnd = bench.LoadAverage()

	// Results.
	rep.Stages = []bench.StageResult{
		crawled.Stage("crawl", start), extracted.Stage("extract", start), indexed.Stage("index", start),
		fired.Stage("alerts", start), delivered.Stage("deliver", start),
	}
	rep.FetchToPublished = toPublished.Summary()
	rep.FetchToSearchable = toSearchable.Summary()
	rep.PublishedToSearchable = pubToSearchable.Summary()
	rep.FetchToAlert = toAlert.Summary()
	mem.Sample()
	rep.PeakHeapBytes = mem.PeakHeap()
	if rss, err := bench.PeakRSS(); err == nil {
		rep.PeakRSSBytes = rss
	} else {
		a.log.Warn("peak RSS unavailable", "err", err)
	}
	rep.Crawl.Requests = site.Requests()
	dls, err := bench.ReadDeadLetters(ctx, a.nats.JS)
	if err != nil {
		return rep, err
	}
	acc, err := bench.Account(ctx, timed.Unwrap(), expected, dls)
	if err != nil {
		return rep, err
	}
	acc.Fetched = site.Fetched()
	acc.Published = crawled.Count()
	acc.NearDupLinked = nearDup.Count()
	rep.Accounting = acc
	return rep, nil
}

// benchDataDir points cfg at a new temporary directory, or checks that the
// --data directory is empty; the returned function removes what it created.
func benchDataDir(cfg *Config, keep bool) (func(), error) {
	if keep {
		ents, err := os.ReadDir(cfg.DataDir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("bench: %w", err)
		}
		if len(ents) > 0 {
			return nil, fmt.Errorf("%w: %s", errBenchData, cfg.DataDir)
		}
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		return func() {}, nil
	}
	dir, err := os.MkdirTemp("", "claimwatch-bench-")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	cfg.DataDir = dir
	cfg.NATS.StoreDir = filepath.Join(dir, "nats")
	cfg.Index.Path = filepath.Join(dir, "index")
	return func() { _ = os.RemoveAll(dir) }, nil
}

// benchBackend applies --backend; Elasticsearch gets a new index per run
// (so the accounting sees only this run) and refresh=wait_for (so stored
// means searchable).
func benchBackend(cfg *Config, backend string) error {
	if backend != "" {
		cfg.Index.Backend = backend
	}
	switch cfg.Index.Backend {
	case "", "bleve":
		cfg.Index.Backend = "bleve"
	case "elasticsearch", "es":
		cfg.Index.Backend = "elasticsearch"
		if len(cfg.Index.ES.URLs) == 0 {
			if u := os.Getenv("ES_URL"); u != "" {
				cfg.Index.ES.URLs = []string{u}
			}
		}
		if len(cfg.Index.ES.URLs) == 0 {
			return fmt.Errorf("%w: --backend elasticsearch needs index.es.urls or ES_URL", pipeline.ErrBadConfig)
		}
		cfg.Index.ES.IndexPrefix = fmt.Sprintf("claimwatch-bench-%d", time.Now().UnixNano())
		cfg.Index.ES.Refresh = "wait_for"
	default:
		return fmt.Errorf("%w: --backend %q (supported: bleve, elasticsearch)", pipeline.ErrBadConfig, cfg.Index.Backend)
	}
	return nil
}

// loopbackServer is an HTTP server on 127.0.0.1 with a free port.
type loopbackServer struct {
	srv  *http.Server
	base string
}

func serveLoopback(h http.Handler) (*loopbackServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: listen: %w", err)
	}
	s := &loopbackServer{srv: &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}, base: "http://" + ln.Addr().String()}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *loopbackServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}
