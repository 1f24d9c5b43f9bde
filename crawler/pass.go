package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gobwas/glob"
	"github.com/gocolly/colly/v2"

	"github.com/claimwatch/claimwatch/pipeline"
)

// pass is the state of one crawl pass over one source.
type pass struct {
	c        *Crawler
	ctx      context.Context
	src      Source
	col      *colly.Collector
	lim      fetchLimits
	mu       sync.Mutex
	st       Stats
	seenIDs  map[string]bool
	attempts map[string]int       // retries per URL
	pauseTil map[string]time.Time // host -> no requests before (Retry-After)

	// The pass's share of the frontier and its workers (work.go).
	q       *Queue
	qmu     sync.Mutex
	cond    *sync.Cond
	active  int             // workers fetching
	budget  int             // max requests this pass (max_pages; 0 = no limit)
	used    int             // requests taken from the budget
	domains map[string]bool // allowed hosts; links elsewhere are not queued
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
	lim := fetchLimits{maxBody: c.cfg.MaxBodyBytes, maxRedirects: c.cfg.MaxRedirects, maxURLLen: c.cfg.MaxURLLength}
	if lim.maxRedirects <= 0 {
		lim.maxRedirects = 5
	}
	guard := newNetGuard(c.cfg.AllowPrivate, append(append([]string{}, c.cfg.AllowHosts...), sourceIPHosts(src)...))
	transport := newTransport(guard, c.cfg.Timeout, lim)
	client := &http.Client{Transport: transport, CheckRedirect: redirectCheck(lim), Timeout: c.cfg.Timeout}

	opts := []colly.CollectorOption{
		colly.AllowedDomains(domains...),
		colly.UserAgent(c.cfg.UserAgent),
		colly.StdlibContext(ctx),
	}
	if lim.maxBody > 0 {
		opts = append(opts, colly.MaxBodySize(lim.maxBody+1)) // one byte more: over the limit is detectable
	}
	if !c.cfg.RespectRobots {
		opts = append(opts, colly.IgnoreRobotsTxt())
	}
	col := colly.NewCollector(opts...)
	col.IgnoreRobotsTxt = !c.cfg.RespectRobots
	col.WithTransport(transport)
	col.SetRedirectHandler(redirectCheck(lim))
	if c.cfg.Timeout > 0 {
		col.SetRequestTimeout(c.cfg.Timeout)
	}
	robotsSitemaps, err := c.limitRules(ctx, col, client, starts)
	if err != nil {
		return Stats{}, err
	}
	for _, sm := range robotsSitemaps { // robots.txt "Sitemap:" lines
		if !contains(starts, sm) {
			starts = append(starts, sm)
		}
	}
	p := &pass{c: c, ctx: ctx, src: src, col: col, lim: lim, seenIDs: map[string]bool{}, attempts: map[string]int{}, pauseTil: map[string]time.Time{},
		q:      c.frontier.NewQueue(depth + 2), // feeds and sitemap indexes add levels
		budget: max(maxPages, 0), domains: map[string]bool{}}
	for _, d := range domains {
		p.domains[strings.ToLower(d)] = true
	}
	defer p.q.Close()
	p.cond = sync.NewCond(&p.qmu)
	col.OnRequest(p.onRequest)
	col.OnRequestHeaders(p.onRequestHeaders)
	col.OnResponseHeaders(p.onHeaders)
	col.OnResponse(p.onResponse)
	col.OnError(p.onError)
	hosts := map[string]bool{}
	for _, s := range starts {
		p.q.Push(s, 1, RankStart, time.Time{})
		if u, err := url.Parse(s); err == nil {
			hosts[u.Host] = true
		}
	}
	p.run(workerCount(c.cfg.Parallelism, len(hosts)))
	return p.st, ctx.Err()
}

// limitRules installs one LimitRule per start host, its delay raised to
// the host's robots.txt Crawl-delay (capped at MaxCrawlDelay), and a
// default rule for every other host. It returns the sitemaps the start
// hosts' robots.txt files list.
func (c *Crawler) limitRules(ctx context.Context, col *colly.Collector, client *http.Client, starts []string) ([]string, error) {
	var sitemaps []string
	par := c.cfg.Parallelism
	if par <= 0 {
		par = 2
	}
	done := map[string]bool{}
	for _, s := range starts {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || done[u.Host] {
			continue
		}
		done[u.Host] = true
		delay, hostPar := c.cfg.Delay, par
		if c.cfg.RespectRobots {
			ri := fetchRobots(ctx, client, u.Scheme+"://"+u.Host, c.cfg.UserAgent)
			for _, sm := range ri.Sitemaps {
				if su, err := CheckURL(sm); err == nil && strings.EqualFold(su.Host, u.Host) && len(sitemaps) < 50 {
					sitemaps = append(sitemaps, sm)
				}
			}
			if cd := ri.CrawlDelay; cd > 0 {
				if c.cfg.MaxCrawlDelay > 0 && cd > c.cfg.MaxCrawlDelay {
					cd = c.cfg.MaxCrawlDelay
				}
				if cd > delay {
					delay = cd
				}
				hostPar = 1 // Crawl-delay means one request at a time
				c.log.Debug("robots crawl-delay", "host", u.Host, "delay", cd)
			}
		}
		if err := col.Limit(&colly.LimitRule{DomainGlob: glob.QuoteMeta(u.Host), Parallelism: hostPar, Delay: delay, RandomDelay: c.cfg.RandomDelay}); err != nil {
			return nil, fmt.Errorf("limit rule %s: %w", u.Host, err)
		}
	}
	if err := col.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: par, Delay: c.cfg.Delay, RandomDelay: c.cfg.RandomDelay}); err != nil {
		return nil, fmt.Errorf("limit rule: %w", err)
	}
	return sitemaps, nil
}

func (p *pass) fail(reason string, err error, u string) {
	p.mu.Lock()
	p.st.Errors++
	p.mu.Unlock()
	p.c.metrics.Errors.WithLabelValues(p.src.Name, reason).Inc()
	p.c.log.Debug("crawl error", "source", p.src.Name, "url", u, "reason", reason, "err", err)
}

func (p *pass) count(f func(*Stats)) {
	p.mu.Lock()
	f(&p.st)
	p.mu.Unlock()
}

// visit queues link (relative to r) one level deeper than r if it is a
// well-formed http(s) URL of acceptable length.
func (p *pass) visit(r *colly.Request, link string, rank int, date time.Time) {
	abs := resolve(r.URL.String(), link)
	if abs == "" {
		return
	}
	if p.lim.maxURLLen > 0 && len(abs) > p.lim.maxURLLen {
		return
	}
	pu, err := CheckURL(abs)
	if err != nil || !p.domains[strings.ToLower(pu.Hostname())] {
		return
	}
	if rank == RankOther && looksLikeArticleURL(pu) {
		rank = RankArticle
	}
	p.push(abs, requestDepth(r)+1, rank, date)
}

// onRequest runs before the request waits for its host's limit slot:
// backpressure and conditional-GET headers.
func (p *pass) onRequest(r *colly.Request) {
	r.Ctx.Put(ctxFetched, fetches(r.Ctx)+1)
	p.c.waitIntake(p.ctx)
	if p.c.seen == nil {
		return
	}
	id, ok := requestArticleID(r.URL.String())
	if !ok {
		return
	}
	e, found, err := p.c.seen.Get(p.ctx, id)
	if err != nil || !found {
		return
	}
	if e.ETag != "" {
		r.Headers.Set("If-None-Match", e.ETag)
	}
	if e.LastModified != "" {
		r.Headers.Set("If-Modified-Since", e.LastModified)
	}
}

// onRequestHeaders runs once the request holds its host's limit slot, just
// before it is sent: the circuit breaker and a Retry-After pause of the host
// are checked here so that queued requests see failures of earlier ones.
func (p *pass) onRequestHeaders(r *colly.Request) {
	host := r.URL.Host
	p.mu.Lock()
	until := p.pauseTil[host]
	p.mu.Unlock()
	if d := until.Sub(p.c.now()); d > 0 {
		sleepCtx(p.ctx, d)
	}
	if !p.c.breaker.Allow(host) {
		r.Abort()
		p.count(func(s *Stats) { s.Skipped++ })
		p.c.metrics.Errors.WithLabelValues(p.src.Name, "circuit_open").Inc()
	}
}

// requestArticleID is the article id a URL would have if its page names no
// other canonical URL.
func requestArticleID(u string) (string, bool) {
	cu, err := Canonicalize(u)
	if err != nil {
		return "", false
	}
	return pipeline.ArticleID(cu), true
}

func (p *pass) onHeaders(r *colly.Response) {
	if r.StatusCode != http.StatusOK {
		return
	}
	u := r.Request.URL.String()
	ct := r.Headers.Get("Content-Type")
	if binaryType(ct) {
		r.Request.Abort()
		p.fail("binary", fmt.Errorf("%w: %s", ErrBinary, ct), u)
		return
	}
	if p.lim.maxBody > 0 {
		if n, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && n > int64(p.lim.maxBody) {
			r.Request.Abort()
			p.fail("too_large", fmt.Errorf("%w: Content-Length %d > %d", ErrTooLarge, n, p.lim.maxBody), u)
		}
	}
}

func (p *pass) onResponse(r *colly.Response) {
	p.count(func(s *Stats) { s.Pages++ })
	p.c.breaker.Success(r.Request.URL.Host)
	u := r.Request.URL.String()
	if p.lim.maxBody > 0 && len(r.Body) > p.lim.maxBody {
		p.fail("too_large", fmt.Errorf("%w: body over %d bytes", ErrTooLarge, p.lim.maxBody), u)
		return
	}
	ct := strings.ToLower(r.Headers.Get("Content-Type"))
	switch {
	case isXML(ct, u, r.Body):
		p.handleXML(r)
	case strings.Contains(ct, "html") || ct == "":
		p.c.metrics.Pages.WithLabelValues(p.src.Name, "page").Inc()
		// colly converted the body to UTF-8 when the header named a charset.
		declared := ct
		if strings.Contains(ct, "charset=") {
			declared = "text/html; charset=utf-8"
		}
		page, err := ParseWith(u, r.Body, declared, p.src.Selectors)
		if err != nil {
			p.fail("parse", err, u)
			return
		}
		for _, l := range page.Links {
			p.visit(r.Request, l, RankOther, time.Time{})
		}
		if !page.IsArticle {
			return
		}
		if strings.TrimSpace(page.Text) == "" {
			p.fail("empty_text", ErrEmptyText, u)
			return
		}
		p.handleArticle(r, page)
	default:
		p.fail("content_type", fmt.Errorf("%w: %s", ErrNotHTML, ct), u)
	}
}

func (p *pass) handleArticle(r *colly.Response, page Page) {
	c := p.c
	u := r.Request.URL.String()
	a := page.ToArticle(p.src.Name, p.src.Lang, c.now())
	p.mu.Lock()
	p.st.Articles++
	dup := p.seenIDs[a.ID]
	p.seenIDs[a.ID] = true
	p.mu.Unlock()
	if dup {
		return
	}
	entry := SeenEntry{URL: a.CanonicalURL, ContentHash: a.ContentHash, ETag: r.Headers.Get("ETag"),
		LastModified: r.Headers.Get("Last-Modified"), FetchedAt: c.now().UTC()}
	if c.seen != nil {
		prev, found, err := c.seen.Get(p.ctx, a.ID)
		if err == nil && found && prev.ContentHash == a.ContentHash {
			entry.SimHash = prev.SimHash
			_ = c.seen.Put(p.ctx, a.ID, entry) // refresh validators and TTL
			p.count(func(s *Stats) { s.Unchanged++ })
			c.metrics.Unchanged.WithLabelValues(p.src.Name).Inc()
			return
		}
	}
	var meta PublishMeta
	if c.near != nil && c.cfg.NearDupDistance > 0 {
		entry.SimHash = SimHash(a.Text)
		first, err := c.near.FirstCopy(p.ctx, a.ID, entry.SimHash, c.cfg.NearDupDistance)
		if err != nil {
			c.log.Debug("near-duplicate lookup", "url", u, "err", err)
		}
		meta.DuplicateOf = first
	}
	var err error
	if mp, ok := c.pub.(MetaPublisher); ok {
		err = mp.PublishMeta(p.ctx, a, meta)
	} else {
		err = c.pub.Publish(p.ctx, a)
	}
	if err != nil {
		// Not a page's fault (JetStream down or out of storage): say so above
		// debug level. The seen store is not updated, so the next pass retries.
		c.log.Warn("publish failed; the article is retried on the next pass", "source", p.src.Name, "url", u, "err", err)
		p.fail("publish", err, u)
		return
	}
	if c.seen != nil {
		if err := c.seen.Put(p.ctx, a.ID, entry); err != nil {
			c.log.Warn("seen store", "id", a.ID, "err", err)
		}
	}
	c.metrics.Published.WithLabelValues(p.src.Name).Inc()
	p.mu.Lock()
	p.st.Published++
	if meta.DuplicateOf != "" {
		p.st.Duplicates++
	}
	p.st.IDs = append(p.st.IDs, a.ID)
	p.mu.Unlock()
}

func (p *pass) handleXML(r *colly.Response) {
	u := r.Request.URL.String()
	now := p.c.now()
	var items []frontierItem
	if entries, err := ParseSitemap(r.Body); err == nil {
		p.c.metrics.Pages.WithLabelValues(p.src.Name, "sitemap").Inc()
		for _, e := range entries {
			d := parseAnyDate(e.PublishedNews)
			if d.IsZero() {
				d = parseAnyDate(e.LastMod)
			}
			if !e.IsIndex && p.unchangedSince(e.Loc, parseAnyDate(e.LastMod)) {
				p.count(func(s *Stats) { s.Skipped++ })
				continue
			}
			items = append(items, frontierItem{URL: e.Loc, Date: d, Index: e.IsIndex})
		}
	} else {
		feed, err := FeedItems(r.Body)
		if err != nil {
			p.fail("feed", err, u)
			return
		}
		p.c.metrics.Pages.WithLabelValues(p.src.Name, "feed").Inc()
		for _, it := range feed {
			items = append(items, frontierItem{URL: it.Link, Date: it.Published})
		}
	}
	// Queued in priority order too, so that a worker woken by the first
	// push takes the freshest item.
	for _, it := range prioritise(items, now, p.c.cfg.FreshWindow) {
		p.visit(r.Request, it.URL, rankOf(it, now, p.c.cfg.FreshWindow), it.Date)
	}
}

// unchangedSince reports whether the seen store holds loc fetched after
// lastmod, so the sitemap says it has not changed since.
func (p *pass) unchangedSince(loc string, lastmod time.Time) bool {
	if p.c.seen == nil || lastmod.IsZero() {
		return false
	}
	id, ok := requestArticleID(loc)
	if !ok {
		return false
	}
	e, found, err := p.c.seen.Get(p.ctx, id)
	return err == nil && found && !e.FetchedAt.IsZero() && !lastmod.After(e.FetchedAt)
}

func (p *pass) onError(r *colly.Response, err error) {
	if errors.Is(err, colly.ErrAbortedAfterHeaders) || errors.Is(err, colly.ErrAbortedBeforeRequest) {
		return // counted where it was aborted
	}
	u, host := "", ""
	if r != nil && r.Request != nil {
		u, host = r.Request.URL.String(), r.Request.URL.Host
	}
	status := 0
	if r != nil {
		status = r.StatusCode
	}
	switch {
	case p.ctx.Err() != nil:
		// shutting down: not the host's fault
	case status == http.StatusNotModified:
		p.c.breaker.Success(host)
		p.count(func(s *Stats) { s.Pages++; s.Unchanged++ })
		p.c.metrics.Unchanged.WithLabelValues(p.src.Name).Inc()
		return
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		if p.c.breaker.Failure(host) {
			p.c.metrics.Breaker.WithLabelValues(host).Inc()
		}
		if p.retry(r) {
			return
		}
	case isGuardErr(err):
		p.fail(guardReason(err), err, u)
		return
	case isRedirectLoop(err):
		p.fail("redirect_loop", err, u) // the site's bug, not an outage: the breaker is not told
		return
	case status >= 500 || status == 0:
		if p.c.breaker.Failure(host) {
			p.c.metrics.Breaker.WithLabelValues(host).Inc()
			p.c.log.Warn("circuit breaker open", "host", host, "cooldown", p.c.cfg.BreakerCooldown)
		}
	default:
		p.c.breaker.Success(host) // 4xx: the host answers
	}
	reason := "fetch"
	if status != 0 {
		reason = fmt.Sprintf("http_%d", status)
	}
	p.fail(reason, err, u)
}

// isRedirectLoop reports whether a fetch failed because a redirect led
// back to a URL already fetched in this pass (colly's redirect check).
func isRedirectLoop(err error) bool {
	var ae *colly.AlreadyVisitedError
	return errors.As(err, &ae)
}

// retry schedules another attempt at r after Retry-After (or exponential
// backoff), pausing the host meanwhile. It reports false when attempts are
// used up, the wait is longer than MaxRetryAfter or ctx is done.
func (p *pass) retry(r *colly.Response) bool {
	if r == nil || r.Request == nil || p.c.cfg.RetryAttempts <= 0 {
		return false
	}
	u, host := r.Request.URL.String(), r.Request.URL.Host
	p.mu.Lock()
	p.attempts[u]++
	n := p.attempts[u]
	p.mu.Unlock()
	if n > p.c.cfg.RetryAttempts {
		return false
	}
	var h http.Header
	if r.Headers != nil {
		h = *r.Headers
	}
	wait := retryAfter(h, p.c.now(), backoff(n, p.c.cfg.MaxRetryAfter))
	if p.c.cfg.MaxRetryAfter > 0 && wait > p.c.cfg.MaxRetryAfter {
		return false
	}
	p.mu.Lock()
	if t := p.c.now().Add(wait); t.After(p.pauseTil[host]) {
		p.pauseTil[host] = t
	}
	p.mu.Unlock()
	p.count(func(s *Stats) { s.Retries++ })
	p.c.metrics.Retries.WithLabelValues(p.src.Name).Inc()
	// The request's goroutine (and so col.Wait) waits here; the retry goes
	// through the same limit rules.
	if !sleepCtx(p.ctx, wait) {
		return false
	}
	// The collector is synchronous: Retry returns after the new attempt,
	// whose failure went through onError already unless it was refused
	// before it was sent.
	before := fetches(r.Request.Ctx)
	if err := r.Request.Retry(); err != nil && fetches(r.Request.Ctx) == before {
		p.c.log.Debug("retry refused", "url", u, "err", err)
		return false
	}
	return true
}

// sleepCtx sleeps for d or until ctx ends; false when ctx ended.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
