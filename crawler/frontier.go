package crawler

import (
	"context"
	"errors"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// frontierItem is a URL found in a feed or sitemap with the date the
// source gives for it (zero when none).
type frontierItem struct {
	URL  string
	Date time.Time
	// Index marks a sitemap of a sitemap index: always fetched first, its
	// entries carry the dates.
	Index bool
}

// prioritise orders discovered URLs for fetching: sitemap indexes first,
// then items dated within fresh of now (newest first), then the rest in
// document order. The pass's Queue applies the same order across all
// feeds and sitemaps of a source (rankOf), so under a MaxPages budget or a
// slow host the fresh items are fetched first.
func prioritise(items []frontierItem, now time.Time, fresh time.Duration) []frontierItem {
	out := append([]frontierItem(nil), items...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rankOf(out[i], now, fresh), rankOf(out[j], now, fresh)
		if ri != rj {
			return ri < rj
		}
		if ri == RankFresh {
			return out[i].Date.After(out[j].Date)
		}
		return false
	})
	return out
}

// rankOf is the frontier rank of a discovered URL: sitemaps of an index
// first, then items dated within fresh of now, then the rest.
func rankOf(it frontierItem, now time.Time, fresh time.Duration) int {
	switch {
	case it.Index:
		return RankStart
	case !it.Date.IsZero() && (fresh <= 0 || now.Sub(it.Date) <= fresh):
		return RankFresh
	default:
		return RankOther
	}
}

// parseAnyDate reads the date formats of sitemaps (W3C datetime) and feeds.
func parseAnyDate(s string) time.Time {
	n := normaliseDate(s)
	if n == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, n); err == nil {
		return t
	}
	t, _ := time.Parse("2006-01-02", n)
	return t
}

// nextInterval is the wait before a source's next pass: the base interval,
// stretched by 1.5 per consecutive pass that found nothing new (up to 4x, so
// quiet sources are polled less) and jittered by +-jitter so sources and
// processes do not fall into step.
func nextInterval(base time.Duration, jitter float64, idlePasses int, rnd func() float64) time.Duration {
	if base <= 0 {
		base = 15 * time.Minute
	}
	d := float64(base)
	for i := 0; i < idlePasses && d < 4*float64(base); i++ {
		d *= 1.5
	}
	d = min(d, 4*float64(base))
	if jitter > 0 {
		jitter = min(jitter, 0.9)
		if rnd == nil {
			rnd = rand.Float64
		}
		d *= 1 + jitter*(2*rnd()-1)
	}
	return time.Duration(d)
}

// waitIntake blocks while the downstream backlog is above cfg.MaxPending.
// It returns at once when backpressure is not configured, when the backlog
// cannot be read (the crawler keeps going rather than stalling on a
// monitoring error) and when ctx ends. It reports whether it had to wait.
func (c *Crawler) waitIntake(ctx context.Context) bool {
	if c.cfg.MaxPending <= 0 || c.cfg.Pending == nil {
		return false
	}
	poll := c.cfg.BackpressurePoll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	waited := false
	for {
		n, err := c.cfg.Pending(ctx)
		if err != nil || n <= uint64(c.cfg.MaxPending) {
			return waited
		}
		if !waited {
			c.log.Info("crawler paused: extract backlog above max_pending", "pending", n, "max_pending", c.cfg.MaxPending)
			c.metrics.Paused.Inc()
		}
		waited = true
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return waited
		case <-t.C:
		}
	}
}

// ConsumerPending returns a Config.Pending function that reads the backlog
// (pending plus unacknowledged messages) of a durable consumer, e.g.
// ConsumerPending(js, pipeline.StreamArticles, "extract"). It works in a
// crawl-only process where no pipeline.Runner exists. A missing consumer
// reads as 0 (nothing downstream yet: do not stall).
func ConsumerPending(js jetstream.JetStream, stream, durable string) func(context.Context) (uint64, error) {
	return func(ctx context.Context) (uint64, error) {
		c, err := js.Consumer(ctx, stream, durable)
		if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		info, err := c.Info(ctx)
		if err != nil {
			return 0, err
		}
		return info.NumPending + uint64(info.NumAckPending), nil
	}
}
