package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestBenchCommand runs `claimwatch bench --json` in process (real
// crawler, embedded NATS JetStream, extractor, bleve, alerts and a loopback
// webhook), with the whole corpus published at once and at a rate, and
// checks the accounting and that the report has every field. It asserts no
// timings.
func TestBenchCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	tests := []struct {
		name     string
		articles int
		rate     string
	}{
		{"all at once", 200, "0"},
		{"at a rate", 40, "40"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkBenchRun(t, tt.articles, tt.rate) })
	}
}

func checkBenchRun(t *testing.T, articles int, rate string) {
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs([]string{"bench", "--articles", strconv.Itoa(articles), "--rate", rate, "--json", "--data", t.TempDir(), "--timeout", "5m"})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("bench: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())
	}
	var rep map[string]any
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	for _, k := range []string{"articles", "rate", "seed", "backend", "started_at", "cpus", "go_version", "load_start", "load_end",
		"wall", "stages", "fetch_to_published", "fetch_to_searchable", "published_to_searchable", "fetch_to_alert", "peak_rss_bytes", "peak_heap_bytes", "crawl", "accounting"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}
	num := func(m map[string]any, k string) float64 {
		t.Helper()
		v, ok := m[k].(float64)
		if !ok {
			t.Errorf("%q missing or not a number in %v", k, m)
		}
		return v
	}
	acc, _ := rep["accounting"].(map[string]any)
	n := float64(articles)
	if num(acc, "served") != n || num(acc, "lost") != 0 || num(acc, "duplicates") != 0 {
		t.Errorf("accounting: %v", acc)
	}
	indexed := num(acc, "indexed")
	if indexed+num(acc, "dead_lettered") != n {
		t.Errorf("indexed + dead-lettered != served: %v", acc)
	}
	for _, k := range []string{"fetched", "published", "near_dup_linked", "index_entries"} {
		num(acc, k)
	}
	stages, _ := rep["stages"].([]any)
	wantStages := []string{"crawl", "extract", "index", "alerts", "deliver"}
	if len(stages) != len(wantStages) {
		t.Fatalf("stages: %v", stages)
	}
	for i, s := range stages {
		m, _ := s.(map[string]any)
		if m["name"] != wantStages[i] {
			t.Errorf("stage %d is %v, want %s", i, m["name"], wantStages[i])
		}
		for _, k := range []string{"items", "repeats", "first", "last", "per_second"} {
			num(m, k)
		}
		if num(m, "items") == 0 {
			t.Errorf("stage %s completed nothing", wantStages[i])
		}
	}
	for _, k := range []string{"fetch_to_published", "fetch_to_searchable", "published_to_searchable", "fetch_to_alert"} {
		d, _ := rep[k].(map[string]any)
		for _, q := range []string{"n", "p50", "p95", "p99", "max"} {
			num(d, q)
		}
		if num(d, "n") == 0 {
			t.Errorf("%s: no samples", k)
		}
	}
	if d, _ := rep["fetch_to_searchable"].(map[string]any); num(d, "n") != indexed {
		t.Errorf("fetch_to_searchable has %v samples for %v indexed articles", d["n"], indexed)
	}
	crawl, _ := rep["crawl"].(map[string]any)
	if passes := num(crawl, "passes"); rate != "0" && passes < 2 {
		t.Errorf("at a rate the crawler made %v passes; the first starts with one article published, so want at least 2", passes)
	}
	if num(rep, "peak_rss_bytes") == 0 || num(rep, "peak_heap_bytes") == 0 {
		t.Errorf("memory figures missing: %v %v", rep["peak_rss_bytes"], rep["peak_heap_bytes"])
	}
}

func TestBenchRefusesUsedDataDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd()
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	root.SetArgs([]string{"bench", "--articles", "5", "--data", dir})
	if err := root.ExecuteContext(context.Background()); !errors.Is(err, errBenchData) {
		t.Errorf("err = %v, want %v", err, errBenchData)
	}
}
