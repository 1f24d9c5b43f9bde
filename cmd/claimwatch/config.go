package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/claimwatch/claimwatch/alerts"
	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/indexer/elastic"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Config is the whole configuration of the claimwatch binary. Defaults come
// from code, then the bundled configs/default.yaml, then --config FILE, then
// CLAIMWATCH_* environment variables, then flags.
type Config struct {
	DataDir string              `yaml:"data_dir"`
	Log     LogConfig           `yaml:"log"`
	Admin   AdminConfig         `yaml:"admin"`
	NATS    pipeline.NATSConfig `yaml:"nats"`
	Crawler crawler.Config      `yaml:"crawler"`
	Extract ExtractConfig       `yaml:"extract"`
	Index   IndexConfig         `yaml:"index"`
	Alerts  alerts.Config       `yaml:"alerts"` // rules_file: "" = bundled configs/alerts.yaml, "off" = no alerts
	// Incidents: the cross-article incidents stage (config_incidents.go).
	Incidents IncidentsConfig `yaml:"incidents"`
}

// LogConfig sets up log/slog.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// AdminConfig is the admin HTTP server (/metrics, /healthz, /readyz, /api/search).
type AdminConfig struct {
	Addr  string `yaml:"addr"`  // "" disables it
	Token string `yaml:"token"` // when set, /metrics and /api/search need "Authorization: Bearer <token>"
}

// ExtractConfig configures the extractor stage.
type ExtractConfig struct {
	GroupsDir string                `yaml:"groups_dir"` // directory with groups.yaml and groups.d/; empty = bundled
	Runner    pipeline.RunnerConfig `yaml:"runner"`
}

// IndexConfig configures the indexer stage and search.
type IndexConfig struct {
	Backend string                `yaml:"backend"` // bleve (embedded, default) | elasticsearch
	ES      elastic.Config        `yaml:"es"`      // with backend: elasticsearch
	Path    string                `yaml:"path"`    // bleve directory; default <data>/index
	Runner  pipeline.RunnerConfig `yaml:"runner"`
}

// DefaultConfig returns the built-in defaults.
func DefaultConfig() Config {
	c := Config{
		DataDir: "data",
		Log:     LogConfig{Level: "info", Format: "text"},
		Admin:   AdminConfig{Addr: "127.0.0.1:9464"},
		NATS:    pipeline.DefaultNATSConfig(),
		Crawler: crawler.DefaultConfig(),
		Extract: ExtractConfig{Runner: pipeline.DefaultRunnerConfig()},
		Index:   IndexConfig{Backend: "bleve", Runner: pipeline.DefaultRunnerConfig(), ES: elastic.Config{IndexPrefix: "claimwatch-records", FlushInterval: time.Second}},
		Alerts:  alerts.DefaultConfig(),
	}
	c.Incidents = defaultIncidentsConfig()
	c.Index.Runner.BatchSize = 200
	c.Index.Runner.Workers = 1
	return c
}

// LoadConfig builds the configuration from defaults, the bundled
// default.yaml, an optional file and the environment.
func LoadConfig(path string, environ []string) (Config, error) {
	cfg := DefaultConfig()
	bundled, err := configs.FS.ReadFile("default.yaml")
	if err != nil {
		return cfg, fmt.Errorf("bundled default.yaml: %w", err)
	}
	if err := decodeStrict(bundled, &cfg); err != nil {
		return cfg, fmt.Errorf("bundled default.yaml: %w", err)
	}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
		if err := decodeStrict(b, &cfg); err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	}
	if err := applyEnv(&cfg, "CLAIMWATCH", environ); err != nil {
		return cfg, err
	}
	if err := cfg.Incidents.validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && err.Error() != "EOF" {
		return err
	}
	return nil
}

// resolvePaths fills paths derived from the data directory.
func (c *Config) resolvePaths() {
	if c.NATS.StoreDir == "" {
		c.NATS.StoreDir = filepath.Join(c.DataDir, "nats")
	}
	if c.Index.Path == "" {
		c.Index.Path = filepath.Join(c.DataDir, "index")
	}
}
