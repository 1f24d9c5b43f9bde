package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"gopkg.in/yaml.v3"

	"github.com/claimwatch/claimwatch/alerts"
	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
	"github.com/claimwatch/claimwatch/pipeline"
)

// app holds the parts one process runs; each command opens only what it needs.
type app struct {
	cfg     Config
	log     *slog.Logger
	reg     *prometheus.Registry
	metrics *pipeline.Metrics
	nats    *pipeline.Conn
	index   indexer.Index
	ex      *extractor.Extractor
	admin   *adminServer
	crawlM  *crawler.Metrics
	alertM  *alerts.Metrics
	gaz     *extractor.Gazetteer
}

func newApp(cfg Config, logOut io.Writer) (*app, error) {
	log, err := newLogger(cfg.Log, logOut)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &app{cfg: cfg, log: log, reg: reg, metrics: pipeline.NewMetrics(reg)}, nil
}

func (a *app) connectNATS(ctx context.Context) error {
	c, err := pipeline.Connect(ctx, a.cfg.NATS, a.log)
	if err != nil {
		return err
	}
	a.nats = c
	return nil
}

func (a *app) openIndex() error {
	switch a.cfg.Index.Backend {
	case "bleve", "":
		idx, err := indexer.OpenBleve(a.cfg.Index.Path, a.log)
		if err != nil {
			return fmt.Errorf("open index %s: %w", a.cfg.Index.Path, err)
		}
		a.index = idx
		return nil
	case "elasticsearch", "es":
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		idx, err := elastic.Open(ctx, a.cfg.Index.ES, a.log)
		if err != nil {
			return fmt.Errorf("open elasticsearch %s: %w", pipeline.RedactURLs(strings.Join(a.cfg.Index.ES.URLs, ",")), err)
		}
		a.index = idx
		return nil
	default:
		return fmt.Errorf("%w: index.backend %q (supported: bleve, elasticsearch)", pipeline.ErrBadConfig, a.cfg.Index.Backend)
	}
}

func groupsFS(dir string) fs.FS {
	if dir != "" {
		return os.DirFS(dir)
	}
	return configs.FS
}

func loadGazetteer(dir string) (*extractor.Gazetteer, error) {
	g, err := extractor.LoadGazetteer(groupsFS(dir))
	if err != nil {
		return nil, fmt.Errorf("group gazetteer: %w", err)
	}
	return g, nil
}

// gazetteer loads the group gazetteer once per process.
func (a *app) gazetteer() (*extractor.Gazetteer, error) {
	if a.gaz == nil {
		g, err := loadGazetteer(a.cfg.Extract.GroupsDir)
		if err != nil {
			return nil, err
		}
		a.gaz = g
	}
	return a.gaz, nil
}

func (a *app) buildExtractor() error {
	if a.ex != nil {
		return nil
	}
	g, err := a.gazetteer()
	if err != nil {
		return err
	}
	places, err := extractor.DefaultPlaces()
	if err != nil {
		return fmt.Errorf("place gazetteer: %w", err)
	}
	ex, err := extractor.New(g, places, extractor.DefaultConfig(), a.log)
	if err != nil {
		return err
	}
	a.ex = ex
	return nil
}

func (a *app) startAdmin() error {
	if a.cfg.Admin.Addr == "" {
		return nil
	}
	s, err := newAdminServer(a.cfg.Admin.Addr, a.cfg.Admin.Token, a.reg, a.ready, a.index, a.log)
	if err != nil {
		return fmt.Errorf("admin server %s: %w", a.cfg.Admin.Addr, err)
	}
	a.admin = s
	return nil
}

func (a *app) ready() error {
	if a.nats != nil {
		if err := a.nats.Ready(); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) extractRunner(ctx context.Context) (*pipeline.Runner, error) {
	if err := a.buildExtractor(); err != nil {
		return nil, err
	}
	rc := a.cfg.Extract.Runner
	rc.Stream = pipeline.StreamArticles
	rc.Durable = "extract"
	return pipeline.NewRunner(ctx, a.nats.JS, extractor.NewStage(a.ex, runtime.NumCPU()), rc, a.log, a.metrics)
}

func (a *app) indexRunner(ctx context.Context) (*pipeline.Runner, error) {
	rc := a.cfg.Index.Runner
	rc.Stream = pipeline.StreamRecords
	rc.Durable = "index"
	return pipeline.NewRunner(ctx, a.nats.JS, indexer.NewStage(a.index), rc, a.log, a.metrics)
}

// alertRules returns the rule source: a hot-reloaded file when
// alerts.rules_file names one, the bundled configs/alerts.yaml when it is
// empty, nil when it is "off".
func (a *app) alertRules(ctx context.Context) (alerts.RuleSource, error) {
	gaz, err := a.gazetteer()
	if err != nil {
		return nil, err
	}
	switch a.cfg.Alerts.RulesFile {
	case "off":
		return nil, nil
	case "":
		b, err := configs.FS.ReadFile("alerts.yaml")
		if err != nil {
			return nil, err
		}
		return alerts.ParseRules(b, gaz)
	default:
		w, err := alerts.NewWatcher(a.cfg.Alerts.RulesFile, gaz, a.cfg.Alerts.Reload, a.log)
		if err != nil {
			return nil, err
		}
		go w.Run(ctx)
		return w, nil
	}
}

// alertRunners builds the alerts and delivery stages; nil when alerts are off.
func (a *app) alertRunners(ctx context.Context) (*alerts.Runners, error) {
	src, err := a.alertRules(ctx)
	if err != nil || src == nil {
		return nil, err
	}
	if a.alertM == nil {
		a.alertM = alerts.NewMetrics(a.reg)
	}
	return alerts.NewRunners(ctx, a.nats.JS, src, a.cfg.Alerts, a.log, a.metrics, a.alertM)
}

func (a *app) crawler(ctx context.Context) (*crawler.Crawler, error) {
	if a.crawlM == nil {
		a.crawlM = crawler.NewMetrics(a.reg)
	}
	cfg := a.cfg.Crawler
	if cfg.MaxPending > 0 {
		cfg.Pending = crawler.ConsumerPending(a.nats.JS, pipeline.StreamArticles, "extract")
	}
	opts, err := crawler.StoreOptions(ctx, a.nats.JS, cfg, a.cfg.NATS.Streams.Replicas)
	if err != nil {
		return nil, fmt.Errorf("crawler seen store: %w", err)
	}
	return crawler.New(cfg, crawler.JetStreamPublisher{JS: a.nats.JS}, a.log, a.crawlM, opts...), nil
}

// sources reads the configured sources file (or the bundled one) plus inline sources.
func (a *app) sources() ([]crawler.Source, error) {
	var b []byte
	var err error
	if a.cfg.Crawler.SourcesFile != "" {
		b, err = os.ReadFile(a.cfg.Crawler.SourcesFile)
	} else {
		b, err = configs.FS.ReadFile("sources.yaml")
	}
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	var f struct {
		Sources []crawler.Source `yaml:"sources"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	out := append(f.Sources, a.cfg.Crawler.Sources...)
	for _, s := range out {
		if err := s.Validate(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// close shuts down in order: admin, NATS (drain), index.
func (a *app) close() {
	if a.admin != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = a.admin.Close(ctx)
		cancel()
	}
	if a.nats != nil {
		a.nats.Close()
	}
	if a.index != nil {
		if err := a.index.Close(); err != nil && !errors.Is(err, context.Canceled) {
			a.log.Warn("closing index", "err", err)
		}
	}
}
