package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestExportEventsElasticsearchSameAsBleve: with index.backend
// elasticsearch, `claimwatch export` writes the events table from the
// <prefix>-incidents index (read-only, one point-in-time scan), and it is
// byte for byte the table the embedded backend writes from the same
// incidents (the demo corpus through the real parser and extractor,
// clustered once in memory and stored in both incident indices), with
// and without a query. Before the incident index exists, the export
// succeeds without an events table and does not create the index.
func TestExportEventsElasticsearchSameAsBleve(t *testing.T) {
	esURL := os.Getenv("ES_URL")
	if esURL == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	ctx := context.Background()
	recs := demoCorpusRecords(t)
	incs := clusterInMemory(t, recs)
	data := t.TempDir()
	b, err := indexer.OpenBleve(filepath.Join(data, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	_ = b.Close()
	bi, err := indexer.OpenBleveIncidents(filepath.Join(data, "incidents"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bi.Put(ctx, incs); err != nil {
		t.Fatal(err)
	}
	_ = bi.Close()

	prefix := fmt.Sprintf("claimwatch-export-events-%d", time.Now().UnixNano())
	cfg := elastic.Config{URLs: []string{esURL}, IndexPrefix: prefix, Refresh: "true"}
	x, err := elastic.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	_ = x.Close()
	t.Cleanup(func() {
		for _, path := range []string{"/" + prefix + "-v*", "/_index_template/" + prefix + "-v*",
			"/" + prefix + "-incidents-v*", "/_index_template/" + prefix + "-incidents-v*"} {
			req, _ := http.NewRequest(http.MethodDelete, esURL+path, nil)
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}
	})
	t.Setenv("CLAIMWATCH_INDEX_ES_URLS", esURL)
	t.Setenv("CLAIMWATCH_INDEX_ES_INDEX_PREFIX", prefix)
	export := func(backend, q string) string {
		t.Helper()
		t.Setenv("CLAIMWATCH_INDEX_BACKEND", backend)
		dir := filepath.Join(t.TempDir(), "export")
		r := runCLI(t, 2*time.Minute, "export", "--data", data, "--out", dir, "--format", "jsonl", "--query", q, "--log-level", "warn")
		if r.err != nil {
			t.Fatalf("%s export %q: %v\n%s", backend, q, r.err, r.all())
		}
		return dir
	}

	// No incident index in Elasticsearch yet: no events table, nothing created.
	dir := export("elasticsearch", "")
	if _, err := os.Stat(filepath.Join(dir, "events.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("export without an incident index: events.jsonl: %v, want none", err)
	}
	if _, err := elastic.OpenIncidentsReadOnly(ctx, cfg, nil); !errors.Is(err, elastic.ErrNoIncidentIndex) {
		t.Fatalf("after the export: %v, want still ErrNoIncidentIndex", err)
	}

	xi, err := elastic.OpenIncidents(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(incs); i += 5 {
		if err := xi.Put(ctx, incs[i:min(i+5, len(incs))]); err != nil {
			t.Fatal(err)
		}
	}
	_ = xi.Close()
	for _, q := range []string{"", "status:claimed"} {
		want, err := os.ReadFile(filepath.Join(export("bleve", q), "events.jsonl"))
		if err != nil {
			t.Fatalf("bleve export %q: %v", q, err)
		}
		got, err := os.ReadFile(filepath.Join(export("elasticsearch", q), "events.jsonl"))
		if err != nil {
			t.Fatalf("elasticsearch export %q: %v", q, err)
		}
		rows := bytes.Count(want, []byte("\n"))
		if q == "" && rows != len(incs) {
			t.Errorf("query %q: bleve events table has %d rows, want %d", q, rows, len(incs))
		}
		if q != "" && (rows == 0 || rows >= len(incs)) {
			t.Errorf("query %q: %d of %d rows; want a strict, non-empty subset", q, rows, len(incs))
		}
		if !bytes.Equal(got, want) {
			t.Errorf("query %q: events.jsonl differs (%d bytes, %d rows from elasticsearch; %d bytes, %d rows from bleve)",
				q, len(got), bytes.Count(got, []byte("\n")), len(want), rows)
		}
	}
}

// clusterInMemory merges the reports of recs into cross-article incidents
// as the incidents stage does (default configuration), in memory.
func clusterInMemory(t *testing.T, recs []pipeline.Record) []incidents.Incident {
	t.Helper()
	ctx := context.Background()
	mem := incidents.NewMemStore()
	cl := incidents.NewClusterer(incidents.NewEngine(incidents.DefaultConfig()), mem)
	for i := 0; i < len(recs); i += 10 {
		b := cl.NewBatch()
		for _, r := range recs[i:min(i+10, len(recs))] {
			if _, err := b.Apply(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	incs := mem.All()
	if len(incs) < 10 {
		t.Fatalf("only %d incidents from %d records", len(incs), len(recs))
	}
	return incs
}
