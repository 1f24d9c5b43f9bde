package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

type runOpts struct {
	demo    bool
	once    bool
	timeout time.Duration
}

func newRunCmd(g *globals) *cobra.Command {
	o := &runOpts{}
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run every stage in one process: crawl, extract, index (and serve search)",
		Long: `run starts the whole pipeline in one process: the crawler publishes articles to
JetStream (the embedded server unless --nats or nats.url is set), the extractor
turns them into records, the indexer stores them in the search index, and the
admin server serves /metrics, /healthz, /readyz and /api/search.

--demo crawls the bundled demo news site, served by this process on loopback,
instead of configs/sources.yaml. --once stops after one crawl pass, once every
fetched article is indexed, and prints a summary and an example search.
Without --once it keeps crawling on each source's recrawl interval until
SIGINT or SIGTERM, then stops intake, drains in-flight work and exits.`,
		Example: `  claimwatch run --demo --once --data /tmp/cw
  claimwatch run --config prod.yaml`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.load()
			if err != nil {
				return err
			}
			return runAll(cmd.Context(), cfg, *o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&o.demo, "demo", false, "crawl the bundled demo news site (served on 127.0.0.1)")
	cmd.Flags().BoolVar(&o.once, "once", false, "one crawl pass, wait until everything is indexed, print a summary, exit")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 5*time.Minute, "with --once: give up waiting for the pipeline after this long")
	return cmd
}

// runAll is `claimwatch run`.
func runAll(ctx context.Context, cfg Config, o runOpts, out, logOut io.Writer) error {
	start := time.Now()
	if o.demo {
		cfg.Crawler.RespectRobots = true
		cfg.Crawler.Delay = 0
		cfg.Crawler.Parallelism = 4
	}
	a, err := newApp(cfg, logOut)
	if err != nil {
		return err
	}
	defer a.close()
	var sources []crawler.Source
	if o.demo {
		site, err := startDemoSite(a.log)
		if err != nil {
			return err
		}
		defer site.Close()
		sources = []crawler.Source{site.Source()}
	} else if sources, err = a.sources(); err != nil {
		return err
	}
	if err := a.connectNATS(ctx); err != nil {
		return err
	}
	if err := a.openIndex(); err != nil {
		return err
	}
	if err := a.buildExtractor(); err != nil {
		return err
	}
	if err := a.startAdmin(); err != nil {
		return err
	}
	ex, err := a.extractRunner(ctx)
	if err != nil {
		return err
	}
	ix, err := a.indexRunner(ctx)
	if err != nil {
		return err
	}
	stageCtx, stopStages := context.WithCancel(context.WithoutCancel(ctx))
	runners := []*pipeline.Runner{ex, ix}
	var incIdx indexer.IncidentIndex // nil when incidents.enabled is false
	if cfg.Incidents.Enabled {
		inc, x, err := a.incidentsRunner(stageCtx)
		if err != nil {
			stopStages()
			return err
		}
		incIdx = x
		defer incIdx.Close() // after the stages stopped (deferred below)
		runners = append(runners, inc)
	}
	al, err := a.alertRunners(stageCtx)
	if err != nil {
		stopStages()
		return fmt.Errorf("alerts: %w", err)
	}
	if al != nil {
		runners = append(runners, al.Alerts, al.Deliver)
	}
	waitStages, stageErr := startRunners(stageCtx, runners)
	// Graceful shutdown: stop intake (the crawler, via ctx), then let the
	// stages finish what they hold, then close NATS and the index (deferred).
	defer func() {
		stopStages()
		waitStages()
	}()
	cr, err := a.crawler(ctx)
	if err != nil {
		return err
	}
	if !o.once {
		go func() {
			<-ctx.Done()
			a.log.Info("shutting down: intake stopped, draining stages")
		}()
		err := cr.Run(ctx, sources)
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}
	stats, err := cr.Crawl(ctx, sources)
	if err != nil {
		return err
	}
	a.log.Info("crawl pass finished", "pages", stats.Pages, "articles", stats.Articles, "published", stats.Published, "errors", stats.Errors)
	wctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	if err := waitDrained(wctx, runners); err != nil {
		select {
		case e := <-stageErr:
			return e
		default:
		}
		return fmt.Errorf("waiting for the pipeline: %w", err)
	}
	if err := printSummary(ctx, out, a, stats, time.Since(start)); err != nil {
		return err
	}
	if incIdx == nil {
		return nil
	}
	return printIncidentSummary(ctx, out, incIdx)
}

// waitDrained waits until every runner's consumer has nothing pending or
// unacknowledged, twice in a row (messages move between streams).
func waitDrained(ctx context.Context, runners []*pipeline.Runner) error {
	quiet := 0
	for quiet < 2 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(150 * time.Millisecond):
		}
		busy := false
		for _, r := range runners {
			n, err := r.Pending(ctx)
			if err != nil || n > 0 {
				busy = true
			}
		}
		if busy {
			quiet = 0
		} else {
			quiet++
		}
	}
	return nil
}
