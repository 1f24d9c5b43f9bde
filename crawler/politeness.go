package crawler

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// breaker is a per-host circuit breaker: after `failures` consecutive
// failures (network errors, 5xx, 429) a host is left alone for `cooldown`;
// then one request is let through (half-open) and its outcome closes or
// re-opens the breaker. It lives in the Crawler, so it spans passes.
type breaker struct {
	mu       sync.Mutex
	failures int
	cooldown time.Duration
	now      func() time.Time
	hosts    map[string]*hostState
}

type hostState struct {
	fails     int
	openUntil time.Time
	probing   bool // half-open: one request in flight
}

func newBreaker(failures int, cooldown time.Duration, now func() time.Time) *breaker {
	return &breaker{failures: failures, cooldown: cooldown, now: now, hosts: map[string]*hostState{}}
}

// Allow reports whether a request to host may go out now.
func (b *breaker) Allow(host string) bool {
	if b == nil || b.failures <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.hosts[host]
	if h == nil || h.fails < b.failures {
		return true
	}
	if b.now().Before(h.openUntil) {
		return false
	}
	if h.probing {
		return false
	}
	h.probing = true
	return true
}

// Success records a good response from host and closes its breaker.
func (b *breaker) Success(host string) {
	if b == nil {
		return
	}
	b.mu.Lock()
	delete(b.hosts, host)
	b.mu.Unlock()
}

// Failure records a failure; it reports whether the breaker (re)opened.
func (b *breaker) Failure(host string) bool {
	if b == nil || b.failures <= 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.hosts[host]
	if h == nil {
		h = &hostState{}
		b.hosts[host] = h
	}
	h.fails++
	h.probing = false
	if h.fails >= b.failures {
		h.openUntil = b.now().Add(b.cooldown)
		return true
	}
	return false
}

// Open reports whether host's breaker is open now.
func (b *breaker) Open(host string) bool {
	if b == nil || b.failures <= 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.hosts[host]
	return h != nil && h.fails >= b.failures && b.now().Before(h.openUntil)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// It returns def when the header is missing or unreadable, and never a
// negative duration.
func retryAfter(h http.Header, now time.Time, def time.Duration) time.Duration {
	if h == nil {
		return def
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return def
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return def
		}
		if n > 365*24*3600 {
			n = 365 * 24 * 3600
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return 0
	}
	return def
}

// backoff is the wait before retry number attempt (1-based) when the server
// gave no Retry-After: 1s, 2s, 4s, ... capped at max.
func backoff(attempt int, max time.Duration) time.Duration {
	d := time.Second << min(attempt-1, 16)
	if max > 0 && d > max {
		return max
	}
	return d
}

// robotsInfo is what the crawler keeps from a host's robots.txt beyond the
// allow/disallow rules colly applies itself.
type robotsInfo struct {
	CrawlDelay time.Duration
	Sitemaps   []string
}

// fetchRobots reads base/robots.txt with client (the guarded transport) and
// returns the crawl-delay for agent and the sitemaps it lists. A missing or
// broken robots.txt yields the zero value.
func fetchRobots(ctx context.Context, client *http.Client, base, agent string) robotsInfo {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/robots.txt", nil)
	if err != nil {
		return robotsInfo{}
	}
	req.Header.Set("User-Agent", agent)
	res, err := client.Do(req)
	if err != nil {
		return robotsInfo{}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 512<<10))
	if err != nil {
		return robotsInfo{}
	}
	return parseRobots(res.StatusCode, body, agent)
}

// parseRobots reads a robots.txt body.
func parseRobots(status int, body []byte, agent string) robotsInfo {
	rd, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil || rd == nil {
		return robotsInfo{}
	}
	var ri robotsInfo
	if g := rd.FindGroup(agent); g != nil && g.CrawlDelay > 0 {
		ri.CrawlDelay = g.CrawlDelay
	}
	ri.Sitemaps = rd.Sitemaps
	return ri
}
