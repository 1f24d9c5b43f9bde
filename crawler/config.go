package crawler

import (
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
	return nil
}
