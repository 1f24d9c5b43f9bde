package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/claimwatch/claimwatch/pipeline"
)

// DelivererConfig configures webhook and e-mail delivery.
type DelivererConfig struct {
	SMTP        SMTPConfig    `yaml:"smtp"`
	HTTPTimeout time.Duration `yaml:"http_timeout"` // per webhook request; default 10s
	// RatePerEndpoint is the sustained requests per second to one webhook
	// URL or one SMTP server, with Burst; default 2/s, burst 5.
	RatePerEndpoint float64 `yaml:"rate_per_endpoint"`
	Burst           int     `yaml:"burst"`
	Concurrency     int     `yaml:"concurrency"` // alerts of a batch delivered in parallel; default 4
	UserAgent       string  `yaml:"user_agent"`
	// Remember is how many (alert, endpoint) successes this process keeps in
	// memory so that a retry after a partial failure does not resend to the
	// endpoints that already have it; default 65536.
	Remember int `yaml:"remember"`
}

// DefaultDelivererConfig returns the defaults.
func DefaultDelivererConfig() DelivererConfig {
	return DelivererConfig{HTTPTimeout: 10 * time.Second, RatePerEndpoint: 2, Burst: 5, Concurrency: 4,
		UserAgent: "claimwatch-alerts/1", Remember: 65536}
}

func (c DelivererConfig) withDefaults() DelivererConfig {
	d := DefaultDelivererConfig()
	if c.HTTPTimeout <= 0 {
		c.HTTPTimeout = d.HTTPTimeout
	}
	if c.RatePerEndpoint <= 0 {
		c.RatePerEndpoint = d.RatePerEndpoint
	}
	if c.Burst <= 0 {
		c.Burst = d.Burst
	}
	if c.Concurrency <= 0 {
		c.Concurrency = d.Concurrency
	}
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.Remember <= 0 {
		c.Remember = d.Remember
	}
	return c
}

// Deliverer is the delivery stage: it consumes ALERTS (durable "deliver")
// and sends each alert to its rule's webhooks and e-mail recipients. It
// never retries itself: a failure is returned to the runner, which retries
// with exponential backoff and jitter (NakWithDelay) and dead-letters after
// MaxDeliver. Delivery is at least once; a duplicate carries the same
// X-Claimwatch-Idempotency-Key (and e-mail Message-ID).
type Deliverer struct {
	src     RuleSource
	cfg     DelivererConfig
	client  *http.Client
	log     *slog.Logger
	metrics *Metrics
	now     func() time.Time

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	done     *recentSet
}

// NewDeliverer builds the stage. client may be nil (a client with
// cfg.HTTPTimeout is made).
func NewDeliverer(src RuleSource, cfg DelivererConfig, client *http.Client, log *slog.Logger, m *Metrics) *Deliverer {
	cfg = cfg.withDefaults()
	if client == nil {
		client = &http.Client{Timeout: cfg.HTTPTimeout,
			// A redirect is an error (3xx, permanent): the signed body is
			// not replayed to another address.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = NewMetrics(nil)
	}
	return &Deliverer{src: src, cfg: cfg, client: client, log: log, metrics: m, now: time.Now,
		limiters: map[string]*rate.Limiter{}, done: newRecentSet(cfg.Remember)}
}

// Name implements pipeline.Stage.
func (d *Deliverer) Name() string { return "deliver" }

// Process implements pipeline.Stage.
func (d *Deliverer) Process(ctx context.Context, batch []pipeline.Message) []pipeline.Result {
	out := make([]pipeline.Result, len(batch))
	sem := make(chan struct{}, d.cfg.Concurrency)
	var wg sync.WaitGroup
	for i := range batch {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			out[i].Err = d.deliverMsg(ctx, batch[i])
		}(i)
	}
	wg.Wait()
	return out
}

func (d *Deliverer) deliverMsg(ctx context.Context, m pipeline.Message) error {
	var a Alert
	if err := json.Unmarshal(m.Data, &a); err != nil {
		return pipeline.Permanent(fmt.Errorf("decode alert: %w", err))
	}
	if a.Key == "" || a.Rule == "" {
		return pipeline.Permanent(errors.New("alert without key or rule"))
	}
	return d.Deliver(ctx, a)
}

// Deliver sends one alert to every output of its rule (as the rules are
// now). A rule that no longer exists delivers nothing. The error is
// permanent only when every failure is.
func (d *Deliverer) Deliver(ctx context.Context, a Alert) error {
	rule, ok := d.src.Rules().Rule(a.Rule)
	if !ok {
		d.log.Warn("alert for a rule that no longer exists; not delivered", "rule", a.Rule, "key", a.Key)
		d.metrics.Deliveries.WithLabelValues("none", "skipped").Inc()
		return nil
	}
	var errs []error
	permanent := true
	note := func(channel, endpoint string, err error) {
		if err == nil {
			d.done.add(a.Key + "|" + endpoint)
			d.metrics.Deliveries.WithLabelValues(channel, "ok").Inc()
			if !a.FetchedAt.IsZero() {
				d.metrics.Latency.WithLabelValues(channel).Observe(d.now().Sub(a.FetchedAt).Seconds())
			}
			return
		}
		d.metrics.Deliveries.WithLabelValues(channel, "error").Inc()
		errs = append(errs, err)
		permanent = permanent && pipeline.IsPermanent(err)
	}
	for _, w := range rule.Outputs.Webhooks {
		if d.done.has(a.Key + "|" + w.URL) {
			continue
		}
		if err := d.wait(ctx, w.URL); err != nil {
			note("webhook", w.URL, err)
			continue
		}
		note("webhook", w.URL, sendWebhook(ctx, d.client, d.cfg.UserAgent, w, a, d.now()))
	}
	if e := rule.Outputs.Email; e != nil {
		endpoint := "smtp://" + d.cfg.SMTP.Addr + "/" + strings.Join(e.To, ",")
		if !d.done.has(a.Key + "|" + endpoint) {
			if err := d.wait(ctx, "smtp://"+d.cfg.SMTP.Addr); err != nil {
				note("email", endpoint, err)
			} else {
				note("email", endpoint, sendEmail(ctx, d.cfg.SMTP, e, a, d.now()))
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	err := errors.Join(errs...)
	if permanent {
		return pipeline.Permanent(err)
	}
	return err
}

// wait blocks until the endpoint's rate limiter allows one more request.
func (d *Deliverer) wait(ctx context.Context, endpoint string) error {
	d.mu.Lock()
	l := d.limiters[endpoint]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(d.cfg.RatePerEndpoint), d.cfg.Burst)
		d.limiters[endpoint] = l
	}
	d.mu.Unlock()
	if err := l.Wait(ctx); err != nil {
		return fmt.Errorf("%w: rate limit %s: %v", ErrDelivery, endpoint, err)
	}
	return nil
}

// recentSet is a bounded set of strings, oldest evicted first.
type recentSet struct {
	mu    sync.Mutex
	max   int
	m     map[string]struct{}
	order []string
}

func newRecentSet(max int) *recentSet { return &recentSet{max: max, m: map[string]struct{}{}} }

func (s *recentSet) add(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[k]; ok {
		return
	}
	s.m[k] = struct{}{}
	s.order = append(s.order, k)
	if len(s.order) > s.max {
		delete(s.m, s.order[0])
		s.order = s.order[1:]
	}
}

func (s *recentSet) has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[k]
	return ok
}
