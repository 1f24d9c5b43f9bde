package crawler

import (
	"context"
	"fmt"
	"time"
)

// Source is one news outlet to crawl (configs/sources.yaml).
type Source struct {
	Name           string        `yaml:"name" json:"name"`
	Home           string        `yaml:"home" json:"home"`
	Sections       []string      `yaml:"sections" json:"sections,omitempty"`
	Feeds          []string      `yaml:"feeds" json:"feeds,omitempty"`
	Sitemaps       []string      `yaml:"sitemaps" json:"sitemaps,omitempty"`
	AllowedDomains []string      `yaml:"allowed_domains" json:"allowed_domains,omitempty"`
	Lang           string        `yaml:"lang" json:"lang,omitempty"`
	Country        string        `yaml:"country" json:"country,omitempty"`
	Recrawl        time.Duration `yaml:"recrawl" json:"recrawl,omitempty"`
	MaxDepth       int           `yaml:"max_depth" json:"max_depth,omitempty"`
	MaxPages       int           `yaml:"max_pages" json:"max_pages,omitempty"`
	Selectors      Selectors     `yaml:"selectors" json:"selectors,omitzero"`
}

// Config is the crawler's configuration.
type Config struct {
	UserAgent     string        `yaml:"user_agent"`
	Parallelism   int           `yaml:"parallelism"`    // concurrent requests per host
	Delay         time.Duration `yaml:"delay"`          // between requests to one host
	RandomDelay   time.Duration `yaml:"random_delay"`   // extra random delay
	Timeout       time.Duration `yaml:"timeout"`        // per request
	MaxBodyBytes  int           `yaml:"max_body_bytes"` // larger pages are cut off and rejected
	MaxDepth      int           `yaml:"max_depth"`      // default link depth from the start pages
	MaxPages      int           `yaml:"max_pages"`      // default per source and pass
	Recrawl       time.Duration `yaml:"recrawl"`        // default interval between passes
	RespectRobots bool          `yaml:"respect_robots"` //
	SourcesFile   string        `yaml:"sources_file"`   // path; empty = bundled configs/sources.yaml
	Sources       []Source      `yaml:"sources"`        // inline sources (added to the file's)

	// Network safety. Addresses are checked after DNS resolution, on every
	// connection (redirects included). A literal private IP in a source's own
	// URLs (http://127.0.0.1:8080/) is allowed for that source only.
	AllowPrivate bool     `yaml:"allow_private"`  // dial any address (tests, intranet crawls)
	AllowHosts   []string `yaml:"allow_hosts"`    // host, host:port, IP or CIDR exempt from the check
	MaxRedirects int      `yaml:"max_redirects"`  // per request
	MaxURLLength int      `yaml:"max_url_length"` // longer links are not followed

	// Politeness.
	MaxCrawlDelay    time.Duration `yaml:"max_crawl_delay"`   // cap on a robots.txt Crawl-delay
	RetryAttempts    int           `yaml:"retry_attempts"`    // retries of one URL after 429/503
	MaxRetryAfter    time.Duration `yaml:"max_retry_after"`   // cap on Retry-After; longer waits give up for this pass
	BreakerFailures  int           `yaml:"breaker_failures"`  // consecutive failures that open a host's breaker
	BreakerCooldown  time.Duration `yaml:"breaker_cooldown"`  // how long an open breaker refuses requests
	RecrawlJitter    float64       `yaml:"recrawl_jitter"`    // +- fraction of the recrawl interval
	FreshWindow      time.Duration `yaml:"fresh_window"`      // items newer than this are fetched first
	MaxPending       int           `yaml:"max_pending"`       // pause intake when the extract backlog exceeds this (0 = never)
	BackpressurePoll time.Duration `yaml:"backpressure_poll"` // how often to re-check the backlog while paused
	NearDupDistance  int           `yaml:"near_dup_distance"`
	SeenStore        bool          `yaml:"seen_store"`  // keep a JetStream KV seen store (conditional GETs, no republishing of unchanged articles, near-duplicate links)
	SeenBucket       string        `yaml:"seen_bucket"` // KV bucket name
	SeenTTL          time.Duration `yaml:"seen_ttl"`    // how long an article is remembered // max SimHash Hamming distance of a near-duplicate, 1..7 (0 = off)

	// Pending, when set, returns the extract consumer's backlog (the lead
	// wires pipeline.Runner.Pending); with MaxPending > 0 the crawler stops
	// taking new URLs while the backlog is above MaxPending.
	Pending func(context.Context) (uint64, error) `yaml:"-"`
}

// DefaultConfig returns polite defaults.
func DefaultConfig() Config {
	return Config{
		UserAgent:     "claimwatch/0.1 (+https://github.com/claimwatch/claimwatch; news monitoring)",
		Parallelism:   2,
		Delay:         250 * time.Millisecond,
		Timeout:       20 * time.Second,
		MaxBodyBytes:  5 << 20,
		MaxDepth:      2,
		MaxPages:      1000,
		Recrawl:       15 * time.Minute,
		RespectRobots: true,

		MaxRedirects:     5,
		MaxURLLength:     2048,
		MaxCrawlDelay:    30 * time.Second,
		RetryAttempts:    3,
		MaxRetryAfter:    2 * time.Minute,
		BreakerFailures:  5,
		BreakerCooldown:  5 * time.Minute,
		RecrawlJitter:    0.1,
		FreshWindow:      48 * time.Hour,
		BackpressurePoll: 2 * time.Second,
		NearDupDistance:  7,
		SeenBucket:       DefaultSeenBucket,
		SeenTTL:          30 * 24 * time.Hour,
	}
}

// Validate checks a source.
func (s Source) Validate() error {
	if s.Name == "" {
		return fmt.Errorf("source without a name")
	}
	if s.Home == "" && len(s.Feeds) == 0 && len(s.Sitemaps) == 0 && len(s.Sections) == 0 {
		return fmt.Errorf("source %s: needs a home, section, feed or sitemap URL", s.Name)
	}
	for _, u := range append(append(append([]string{s.Home}, s.Sections...), s.Feeds...), s.Sitemaps...) {
		if u == "" {
			continue
		}
		if _, err := CheckURL(u); err != nil {
			return fmt.Errorf("source %s: %w", s.Name, err)
		}
	}
	if err := s.Selectors.Validate(); err != nil {
		return fmt.Errorf("source %s: %w", s.Name, err)
	}
	return nil
}
