package crawler

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// Stats summarises one crawl pass.
type Stats struct {
	Pages      int      // responses received
	Articles   int      // pages recognised as articles
	Published  int      // articles handed to the publisher successfully
	Errors     int      // fetch, parse or publish errors
	IDs        []string // ids of published articles (unique)
	Unchanged  int      // articles not republished: 304 Not Modified or same content hash (seen store)
	Skipped    int      // requests not sent: host circuit breaker open, sitemap lastmod not newer than the seen copy
	Retries    int      // requests retried after 429/503
	Duplicates int      // published articles linked to an earlier near-identical copy (SimHash)
}

func (s *Stats) add(o Stats) {
	s.Pages += o.Pages
	s.Articles += o.Articles
	s.Published += o.Published
	s.Errors += o.Errors
	s.IDs = append(s.IDs, o.IDs...)
	s.Unchanged += o.Unchanged
	s.Skipped += o.Skipped
	s.Retries += o.Retries
	s.Duplicates += o.Duplicates
}

// Metrics are the crawler's Prometheus metrics.
type Metrics struct {
	Pages     *prometheus.CounterVec // source, kind = page|feed|sitemap
	Published *prometheus.CounterVec // source
	Errors    *prometheus.CounterVec // source, reason
	Unchanged *prometheus.CounterVec // source
	Retries   *prometheus.CounterVec // source
	Breaker   *prometheus.CounterVec // host: breaker openings
	Paused    prometheus.Counter     // intake pauses for backpressure
}

// NewMetrics registers the crawler metrics on reg (nil = unregistered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Pages: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "claimwatch", Subsystem: "crawler", Name: "responses_total",
			Help: "Responses received, by source and kind."}, []string{"source", "kind"}),
		Published: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "claimwatch", Subsystem: "crawler", Name: "articles_published_total",
			Help: "Articles published to JetStream."}, []string{"source"}),
		Errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "claimwatch", Subsystem: "crawler", Name: "errors_total",
			Help: "Fetch, parse and publish errors."}, []string{"source", "reason"}),
		Unchanged: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "claimwatch", Subsystem: "crawler", Name: "articles_unchanged_total",
			Help: "Articles found unchanged (304 or same content hash) and not republished."}, []string{"source"}),
		Retries: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "claimwatch", Subsystem: "crawler", Name: "retries_total",
			Help: "Requests retried after 429 or 503."}, []string{"source"}),
		Breaker: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "claimwatch", Subsystem: "crawler", Name: "breaker_open_total",
			Help: "Times a host's circuit breaker opened."}, []string{"host"}),
		Paused: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "claimwatch", Subsystem: "crawler", Name: "backpressure_pauses_total",
			Help: "Times intake paused because the extract backlog exceeded max_pending."}),
	}
	if reg != nil {
		reg.MustRegister(m.Pages, m.Published, m.Errors, m.Unchanged, m.Retries, m.Breaker, m.Paused)
	}
	return m
}

// Crawler fetches sources with colly and publishes articles.
type Crawler struct {
	cfg      Config
	pub      Publisher
	log      *slog.Logger
	metrics  *Metrics
	now      func() time.Time
	breaker  *breaker
	seen     SeenStore
	near     NearDupIndex
	frontier *Frontier
}

// Option configures a Crawler.
type Option func(*Crawler)

// WithSeenStore makes re-crawls conditional (ETag / Last-Modified) and skips
// republishing unchanged articles. Without it every pass republishes and the
// stream's duplicate window drops what did not change.
func WithSeenStore(s SeenStore) Option { return func(c *Crawler) { c.seen = s } }

// WithNearDup links near-duplicate bodies to their first copy
// (Claimwatch-Duplicate-Of header), within Config.NearDupDistance bits.
func WithNearDup(n NearDupIndex) Option { return func(c *Crawler) { c.near = n } }

// WithFrontier shares one Frontier between crawlers (its host table and
// its Len).
func WithFrontier(f *Frontier) Option { return func(c *Crawler) { c.frontier = f } }

// Frontier returns the URLs queued by the running passes.
func (c *Crawler) Frontier() *Frontier { return c.frontier }

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(c *Crawler) { c.now = now } }

// New returns a Crawler.
func New(cfg Config, pub Publisher, log *slog.Logger, m *Metrics, opts ...Option) *Crawler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = NewMetrics(nil)
	}
	c := &Crawler{cfg: cfg, pub: pub, log: log, metrics: m, now: time.Now, frontier: NewFrontier()}
	for _, o := range opts {
		o(c)
	}
	c.breaker = newBreaker(cfg.BreakerFailures, cfg.BreakerCooldown, c.now)
	return c
}

// Crawl runs one pass over every source, one after the other, and returns
// the summed stats. Errors of single pages are counted, not returned.
func (c *Crawler) Crawl(ctx context.Context, sources []Source) (Stats, error) {
	var total Stats
	for _, s := range sources {
		st, err := c.CrawlSource(ctx, s)
		total.add(st)
		if err != nil {
			if ctx.Err() != nil {
				return total, ctx.Err()
			}
			c.log.Error("source failed", "source", s.Name, "err", err)
		}
	}
	return total, nil
}

// Run crawls every source, then again after each source's recrawl interval
// (jittered; stretched up to 4x while a source has nothing new), until ctx
// is cancelled.
func (c *Crawler) Run(ctx context.Context, sources []Source) error {
	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func(s Source) {
			defer wg.Done()
			every := s.Recrawl
			if every <= 0 {
				every = c.cfg.Recrawl
			}
			idle := 0
			for {
				c.waitIntake(ctx)
				st, err := c.CrawlSource(ctx, s)
				c.log.Info("crawl pass done", "source", s.Name, "pages", st.Pages, "articles", st.Articles, "published", st.Published,
					"unchanged", st.Unchanged, "errors", st.Errors, "err", err)
				if st.Published > 0 {
					idle = 0
				} else {
					idle++
				}
				t := time.NewTimer(nextInterval(every, c.cfg.RecrawlJitter, idle, nil))
				select {
				case <-ctx.Done():
					t.Stop()
					return
				case <-t.C:
				}
			}
		}(s)
	}
	wg.Wait()
	return nil
}

func isXML(ct, u string, body []byte) bool {
	if strings.Contains(ct, "xml") || strings.Contains(ct, "rss") || strings.Contains(ct, "atom") {
		return !strings.Contains(ct, "xhtml")
	}
	lu := strings.ToLower(u)
	if strings.HasSuffix(lu, ".xml") || strings.HasSuffix(lu, ".rss") {
		return true
	}
	b := strings.TrimSpace(string(body[:min(len(body), 64)]))
	return strings.HasPrefix(b, "<?xml") && !strings.Contains(strings.ToLower(string(body[:min(len(body), 512)])), "<html")
}

func benignVisitErr(err error) bool {
	var ae *colly.AlreadyVisitedError
	return errors.As(err, &ae) ||
		errors.Is(err, colly.ErrMaxDepth) ||
		errors.Is(err, colly.ErrForbiddenDomain) ||
		errors.Is(err, colly.ErrMaxRequests) ||
		errors.Is(err, colly.ErrRobotsTxtBlocked) ||
		errors.Is(err, colly.ErrNoURLFiltersMatch) ||
		errors.Is(err, context.Canceled)
}
