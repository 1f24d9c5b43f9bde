package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestExportElasticsearchSameAsBleve: `claimwatch export` with
// index.backend elasticsearch streams from Elasticsearch (point in time +
// search_after) and writes exactly the tables the embedded backend writes
// for the same records (the demo corpus through the real parser and
// extractor), in small batches so that many pages are read.
func TestExportElasticsearchSameAsBleve(t *testing.T) {
	esURL := os.Getenv("ES_URL")
	if esURL == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	ctx := context.Background()
	recs := demoCorpusRecords(t)
	data := t.TempDir()
	b, err := indexer.OpenBleve(filepath.Join(data, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	_ = b.Close()
	prefix := fmt.Sprintf("claimwatch-export-%d", time.Now().UnixNano())
	x, err := elastic.Open(ctx, elastic.Config{URLs: []string{esURL}, IndexPrefix: prefix, Refresh: "true"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	_ = x.Close()
	t.Cleanup(func() {
		for _, path := range []string{"/" + prefix + "-v*", "/_index_template/" + prefix + "-v*"} {
			req, _ := http.NewRequest(http.MethodDelete, esURL+path, nil)
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}
	})
	t.Setenv("CLAIMWATCH_INDEX_ES_URLS", esURL)
	t.Setenv("CLAIMWATCH_INDEX_ES_INDEX_PREFIX", prefix)
	for _, q := range []string{"", "status:claimed"} {
		out := map[string]string{}
		for _, backend := range []string{"bleve", "elasticsearch"} {
			t.Setenv("CLAIMWATCH_INDEX_BACKEND", backend)
			dir := filepath.Join(t.TempDir(), "export")
			r := runCLI(t, 2*time.Minute, "export", "--data", data, "--out", dir, "--format", "jsonl", "--batch", "7", "--query", q, "--log-level", "warn")
			if r.err != nil {
				t.Fatalf("%s export %q: %v\n%s", backend, q, r.err, r.all())
			}
			out[backend] = dir
		}
		files, _ := filepath.Glob(filepath.Join(out["bleve"], "*"))
		compared := 0
		for _, f := range files {
			name := filepath.Base(f)
			if name == "manifest.json" { // export times differ
				continue
			}
			want, _ := os.ReadFile(f)
			got, err := os.ReadFile(filepath.Join(out["elasticsearch"], name))
			if err != nil {
				t.Errorf("query %q: elasticsearch export lacks %s", q, name)
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("query %q: %s differs (%d bytes from elasticsearch, %d from bleve)", q, name, len(got), len(want))
			}
			if filepath.Ext(name) == ".jsonl" && len(want) == 0 {
				t.Errorf("query %q: %s is empty", q, name)
			}
			compared++
		}
		if compared < 3 {
			t.Errorf("query %q: only %d files compared", q, compared)
		}
	}
}

// demoCorpusRecords returns the demo site's articles, fetched over HTTP,
// parsed and extracted as the pipeline does.
func demoCorpusRecords(t *testing.T) []pipeline.Record {
	t.Helper()
	gaz, err := loadGazetteer("")
	if err != nil {
		t.Fatal(err)
	}
	places, err := extractor.DefaultPlaces()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extractor.New(gaz, places, extractor.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	stage := extractor.NewStage(ex, 1)
	site := httptest.NewServer(demosite.Handler())
	defer site.Close()
	fetched := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	var recs []pipeline.Record
	for _, art := range demosite.Articles() {
		res, err := http.Get(site.URL + art.Path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page, err := crawler.Parse(site.URL+art.Path, body, res.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := stage.Reextract(page.ToArticle("demo", "en", fetched), fetched.Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	return recs
}
