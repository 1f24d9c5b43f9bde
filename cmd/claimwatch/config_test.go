package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigLayers(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("data_dir: /from/file\ncrawler:\n  delay: 3s\nnats:\n  url: nats://file:4222\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"CLAIMWATCH_NATS_URL=nats://env:4222",
		"CLAIMWATCH_EXTRACT_RUNNER_WORKERS=7",
		"CLAIMWATCH_NATS_LAZY_SYNC=true",
		"CLAIMWATCH_NATS_STREAMS_MAX_AGE=48h",
		"OTHER_VAR=x",
	}
	cfg, err := LoadConfig(file, env)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/from/file" {
		t.Errorf("data_dir = %q (file should win over default.yaml)", cfg.DataDir)
	}
	if cfg.Crawler.Delay != 3*time.Second {
		t.Errorf("crawler.delay = %v", cfg.Crawler.Delay)
	}
	if cfg.NATS.URL != "nats://env:4222" {
		t.Errorf("nats.url = %q (env should win over file)", cfg.NATS.URL)
	}
	if cfg.Extract.Runner.Workers != 7 || !cfg.NATS.LazySync || cfg.NATS.Streams.MaxAge != 48*time.Hour {
		t.Errorf("env overrides not applied: %+v %+v", cfg.Extract.Runner, cfg.NATS)
	}
	if cfg.Index.Runner.BatchSize != 200 {
		t.Errorf("bundled default index.runner.batch_size = %d, want 200", cfg.Index.Runner.BatchSize)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("nats:\n  urll: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(bad, nil); err == nil || !strings.Contains(err.Error(), "urll") {
		t.Errorf("unknown key: err = %v, want it named", err)
	}
	if _, err := LoadConfig("", []string{"CLAIMWATCH_CRAWLER_DELAY=soon"}); err == nil || !strings.Contains(err.Error(), "CLAIMWATCH_CRAWLER_DELAY") {
		t.Errorf("bad env: err = %v, want the variable named", err)
	}
	if _, err := LoadConfig(filepath.Join(dir, "missing.yaml"), nil); err == nil {
		t.Error("missing file: want error")
	}
}

func TestHelpExplainsCommands(t *testing.T) {
	root := newRootCmd()
	var out strings.Builder
	root.SetOut(&out)
	root.SetArgs([]string{"--help"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"run", "crawl", "extract", "index", "search", "groups", "parse", "CLAIMWATCH_"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}
