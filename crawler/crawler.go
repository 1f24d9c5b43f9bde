package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// Stats summarises one crawl pass.
type Stats struct {
	Pages     int      // responses received
	Articles  int      // pages recognised as articles
	Published int      // articles handed to the publisher successfully
	Errors    int      // fetch, parse or publish errors
	IDs       []string // ids of published articles (unique)
}

// Metrics are the crawler's Prometheus metrics.
type Metrics struct {
	Pages     *prometheus.CounterVec // source, kind = page|feed|sitemap
	Published *prometheus.CounterVec // source
	Errors    *prometheus.CounterVec // source, reason
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
	}
	if reg != nil {
		reg.MustRegister(m.Pages, m.Published, m.Errors)
	}
	return m
}

// Crawler fetches sources with colly and publishes articles.
type Crawler struct {
	cfg     Config
	pub     Publisher
	log     *slog.Logger
	metrics *Metrics
	now     func() time.Time
}

// New returns a Crawler.
func New(cfg Config, pub Publisher, log *slog.Logger, m *Metrics) *Crawler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = NewMetrics(nil)
	}
	return &Crawler{cfg: cfg, pub: pub, log: log, metrics: m, now: time.Now}
}

// Crawl runs one pass over every source, one after the other, and returns
// the summed stats. Errors of single pages are counted, not returned.
func (c *Crawler) Crawl(ctx context.Context, sources []Source) (Stats, error) {
	var total Stats
	for _, s := range sources {
		st, err := c.CrawlSource(ctx, s)
		total.Pages += st.Pages
		total.Articles += st.Articles
		total.Published += st.Published
		total.Errors += st.Errors
		total.IDs = append(total.IDs, st.IDs...)
		if err != nil {
			if ctx.Err() != nil {
				return total, ctx.Err()
			}
			c.log.Error("source failed", "source", s.Name, "err", err)
		}
	}
	return total, nil
}

// Run crawls every source, then again after each source's recrawl interval,
// until ctx is cancelled.
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
			if every <= 0 {
				every = 15 * time.Minute
			}
			for {
				st, err := c.CrawlSource(ctx, s)
				c.log.Info("crawl pass done", "source", s.Name, "pages", st.Pages, "articles", st.Articles, "published", st.Published, "errors", st.Errors, "err", err)
				t := time.NewTimer(every)
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

// CrawlSource runs one pass over one source.
func (c *Crawler) CrawlSource(ctx context.Context, src Source) (Stats, error) {
	if err := src.Validate(); err != nil {
		return Stats{}, err
	}
	domains := src.AllowedDomains
	starts := append(append(append([]string{}, src.Feeds...), src.Sitemaps...), src.Sections...)
	if src.Home != "" {
		starts = append(starts, src.Home)
	}
	if len(domains) == 0 {
		for _, s := range starts {
			if u, err := url.Parse(s); err == nil && !contains(domains, u.Hostname()) {
				domains = append(domains, u.Hostname())
			}
		}
	}
	depth := src.MaxDepth
	if depth <= 0 {
		depth = c.cfg.MaxDepth
	}
	maxPages := src.MaxPages
	if maxPages <= 0 {
		maxPages = c.cfg.MaxPages
	}
	opts := []colly.CollectorOption{
		colly.AllowedDomains(domains...),
		colly.MaxDepth(depth + 2), // feeds and sitemap indexes add levels
		colly.Async(true),
		colly.UserAgent(c.cfg.UserAgent),
		colly.MaxBodySize(c.cfg.MaxBodyBytes),
		colly.StdlibContext(ctx),
	}
	if maxPages > 0 {
		opts = append(opts, colly.MaxRequests(uint32(maxPages)))
	}
	if !c.cfg.RespectRobots {
		opts = append(opts, colly.IgnoreRobotsTxt())
	}
	col := colly.NewCollector(opts...)
	col.IgnoreRobotsTxt = !c.cfg.RespectRobots
	if c.cfg.Timeout > 0 {
		col.SetRequestTimeout(c.cfg.Timeout)
	}
	par := c.cfg.Parallelism
	if par <= 0 {
		par = 2
	}
	if err := col.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: par, Delay: c.cfg.Delay, RandomDelay: c.cfg.RandomDelay}); err != nil {
		return Stats{}, fmt.Errorf("limit rule: %w", err)
	}
	var mu sync.Mutex
	st := Stats{}
	seen := map[string]bool{}
	fail := func(reason string, err error, u string) {
		mu.Lock()
		st.Errors++
		mu.Unlock()
		c.metrics.Errors.WithLabelValues(src.Name, reason).Inc()
		c.log.Debug("crawl error", "source", src.Name, "url", u, "reason", reason, "err", err)
	}
	visit := func(r *colly.Request, link string) {
		abs := resolve(r.URL.String(), link)
		if abs == "" {
			return
		}
		if _, err := CheckURL(abs); err != nil {
			return
		}
		if err := r.Visit(abs); err != nil && !benignVisitErr(err) {
			c.log.Debug("visit refused", "url", abs, "err", err)
		}
	}
	col.OnResponse(func(r *colly.Response) {
		mu.Lock()
		st.Pages++
		mu.Unlock()
		ct := strings.ToLower(r.Headers.Get("Content-Type"))
		u := r.Request.URL.String()
		switch {
		case isXML(ct, u, r.Body):
			c.handleXML(src, r, visit, fail)
		case strings.Contains(ct, "html") || ct == "":
			c.metrics.Pages.WithLabelValues(src.Name, "page").Inc()
			// colly converted the body to UTF-8 when the header named a charset.
			declared := ct
			if strings.Contains(ct, "charset=") {
				declared = "text/html; charset=utf-8"
			}
			page, err := Parse(u, r.Body, declared)
			if err != nil {
				fail("parse", err, u)
				return
			}
			for _, l := range page.Links {
				visit(r.Request, l)
			}
			if !page.IsArticle {
				return
			}
			if strings.TrimSpace(page.Text) == "" {
				fail("empty_text", ErrEmptyText, u)
				return
			}
			a := page.ToArticle(src.Name, src.Lang, c.now())
			mu.Lock()
			st.Articles++
			dup := seen[a.ID]
			seen[a.ID] = true
			mu.Unlock()
			if dup {
				return
			}
			if err := c.pub.Publish(ctx, a); err != nil {
				fail("publish", err, u)
				return
			}
			c.metrics.Published.WithLabelValues(src.Name).Inc()
			mu.Lock()
			st.Published++
			st.IDs = append(st.IDs, a.ID)
			mu.Unlock()
		default:
			fail("content_type", fmt.Errorf("%w: %s", ErrNotHTML, ct), u)
		}
	})
	col.OnError(func(r *colly.Response, err error) {
		reason := "fetch"
		if r != nil && r.StatusCode != 0 {
			reason = fmt.Sprintf("http_%d", r.StatusCode)
		}
		u := ""
		if r != nil && r.Request != nil {
			u = r.Request.URL.String()
		}
		fail(reason, err, u)
	})
	for _, s := range starts {
		if err := col.Visit(s); err != nil && !benignVisitErr(err) {
			fail("start", err, s)
		}
	}
	col.Wait()
	return st, ctx.Err()
}

func (c *Crawler) handleXML(src Source, r *colly.Response, visit func(*colly.Request, string), fail func(string, error, string)) {
	u := r.Request.URL.String()
	if entries, err := ParseSitemap(r.Body); err == nil {
		c.metrics.Pages.WithLabelValues(src.Name, "sitemap").Inc()
		for _, e := range entries {
			visit(r.Request, e.Loc)
		}
		return
	}
	links, err := FeedLinks(r.Body)
	if err != nil {
		fail("feed", err, u)
		return
	}
	c.metrics.Pages.WithLabelValues(src.Name, "feed").Inc()
	for _, l := range links {
		visit(r.Request, l)
	}
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
