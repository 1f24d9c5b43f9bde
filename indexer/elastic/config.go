package elastic

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Config configures the Elasticsearch backend. Zero fields take the
// defaults of withDefaults.
type Config struct {
	// URLs of the cluster's HTTP endpoints, e.g. http://127.0.0.1:9200.
	URLs []string `json:"urls" yaml:"urls"`
	// Username and Password (basic auth) or APIKey (base64 "id:key").
	Username string `json:"username,omitempty" yaml:"username,omitempty"`
	Password string `json:"password,omitempty" yaml:"password,omitempty"`
	APIKey   string `json:"api_key,omitempty" yaml:"api_key,omitempty"`
	// CAFile is a PEM file of the certificate authority that signed the
	// cluster's HTTP certificate (https:// URLs; e.g. ECK's or a
	// self-managed CA). Without it the system's roots are used.
	CAFile string `json:"ca_file,omitempty" yaml:"ca_file,omitempty"`
	// CertificateFingerprint pins the cluster's certificate by its SHA-256
	// fingerprint (hex, as Elasticsearch prints it at first start) instead
	// of a CA.
	CertificateFingerprint string `json:"certificate_fingerprint,omitempty" yaml:"certificate_fingerprint,omitempty"`
	// IndexPrefix names the write alias; the concrete index is
	// IndexPrefix + "-v" + TemplateVersion. Default "claimwatch-records".
	IndexPrefix string `json:"index_prefix" yaml:"index_prefix"`
	// FlushInterval bounds how long an item waits in the shared bulk
	// buffer before it is sent (default 100ms, at most 1s): the extra
	// latency of a Put in exchange for batching concurrent Puts.
	FlushInterval time.Duration `json:"flush_interval" yaml:"flush_interval"`
	// FlushBytes sends the buffer when it reaches this size (default 5 MB).
	FlushBytes int `json:"flush_bytes" yaml:"flush_bytes"`
	// Workers is the number of concurrent bulk requests (default 2).
	Workers int `json:"workers" yaml:"workers"`
	// CompatibilityMode sends the compatibility headers, for a version 9
	// cluster with this version 8 client.
	CompatibilityMode bool `json:"compatibility_mode,omitempty" yaml:"compatibility_mode,omitempty"`

	// MaxRetries of a request answered 429, 502, 503 or 504 or failing to
	// connect, with exponential backoff from RetryBackoff (defaults 3 and
	// 100ms, doubling, capped at 5s).
	MaxRetries   int           `json:"max_retries" yaml:"max_retries"`
	RetryBackoff time.Duration `json:"retry_backoff" yaml:"retry_backoff"`
	// Refresh is the Bulk API refresh parameter: "" (default: searchable
	// within the index refresh interval, durable on return), "wait_for" or
	// "true" (tests).
	Refresh string `json:"refresh,omitempty" yaml:"refresh,omitempty"`
	// Shards and Replicas of a newly created index (defaults 1 and 0;
	// raise Replicas on a multi-node cluster).
	Shards   int `json:"shards" yaml:"shards"`
	Replicas int `json:"replicas" yaml:"replicas"`
	// RefreshInterval is index.refresh_interval: how soon a stored record
	// becomes searchable (default "1s"). Set explicitly, it refreshes
	// whether or not the index is searched; Elasticsearch's own default
	// (the setting unset) skips refreshes on a shard without searches for
	// 30 s and makes the first search after that wait for one, which
	// measured worse fetch-to-searchable latency (docs/benchmarks.md). "-1"
	// (never) is refused: records would never become searchable.
	RefreshInterval string `json:"refresh_interval,omitempty" yaml:"refresh_interval,omitempty"`
	// TranslogDurability is index.translog.durability: "" or "request"
	// (default: a bulk request is answered only after its translog is
	// fsynced, so an acked NATS message is durable in Elasticsearch) or
	// "async" (fsync every 5 s: cheaper bulk requests, but a crash of the
	// node can lose up to 5 s of records whose messages were already
	// acked; replay the RECORDS stream after such a crash).
	TranslogDurability string `json:"translog_durability,omitempty" yaml:"translog_durability,omitempty"`
}

// Defaults.
const (
	DefaultIndexPrefix   = "claimwatch-records"
	DefaultFlushInterval = 100 * time.Millisecond
	MaxFlushInterval     = time.Second
	DefaultFlushBytes    = 5 << 20
	DefaultWorkers       = 2
	DefaultMaxRetries    = 3
	DefaultRetryBackoff  = 100 * time.Millisecond
	// DefaultRefreshInterval is the index refresh interval.
	DefaultRefreshInterval = "1s"
)

// withDefaults fills zero fields and checks the others.
func (c Config) withDefaults() (Config, error) {
	var urls []string
	for _, u := range c.URLs {
		for _, p := range strings.Split(u, ",") {
			if p = strings.TrimSpace(p); p != "" {
				pu, err := url.Parse(p)
				if err != nil || pu.Scheme == "" || pu.Host == "" {
					return c, fmt.Errorf("%w: bad URL %q", ErrNoURL, p)
				}
				urls = append(urls, p)
			}
		}
	}
	if len(urls) == 0 {
		return c, ErrNoURL
	}
	c.URLs = urls
	if c.IndexPrefix == "" {
		c.IndexPrefix = DefaultIndexPrefix
	}
	if c.IndexPrefix != strings.ToLower(c.IndexPrefix) || strings.ContainsAny(c.IndexPrefix, ` "*\<|,>/?#:`) {
		return c, fmt.Errorf("%w: index prefix %q: lower case, no spaces or \\/*?\"<>|,#:", ErrSetup, c.IndexPrefix)
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = DefaultFlushInterval
	}
	c.FlushInterval = min(c.FlushInterval, MaxFlushInterval)
	if c.FlushBytes <= 0 {
		c.FlushBytes = DefaultFlushBytes
	}
	if c.Workers <= 0 {
		c.Workers = DefaultWorkers
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = DefaultRetryBackoff
	}
	if c.Shards <= 0 {
		c.Shards = 1
	}
	if c.Replicas < 0 {
		c.Replicas = 0
	}
	if c.RefreshInterval == "" {
		c.RefreshInterval = DefaultRefreshInterval
	}
	if c.RefreshInterval == "-1" {
		return c, fmt.Errorf("%w: refresh_interval -1 would leave records unsearchable", ErrSetup)
	}
	switch c.TranslogDurability {
	case "", "request", "async":
	default:
		return c, fmt.Errorf("%w: translog_durability %q: request or async", ErrSetup, c.TranslogDurability)
	}
	return c, nil
}

// backoff returns the wait before retry attempt (1-based).
func (c Config) backoff(attempt int) time.Duration {
	d := c.RetryBackoff
	for i := 1; i < attempt && d < 5*time.Second; i++ {
		d *= 2
	}
	return min(d, 5*time.Second)
}
