package indexer_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
)

// TestElasticsearchScanConformance runs the Scanner suite (point in time +
// search_after) against a real Elasticsearch (ES_URL), comparing its scans
// with its own Search and with the bleve backend's Scan.
func TestElasticsearchScanConformance(t *testing.T) {
	url := os.Getenv("ES_URL")
	if url == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	indexer.RunScanConformance(t, func(tb testing.TB) indexer.Index {
		tb.Helper()
		prefix := fmt.Sprintf("claimwatch-scan-%d-%d", time.Now().UnixNano(), esSeq.Add(1))
		x, err := elastic.Open(context.Background(), elastic.Config{URLs: []string{url}, IndexPrefix: prefix, Refresh: "true"}, nil)
		if err != nil {
			tb.Fatalf("elastic.Open: %v", err)
		}
		tb.Cleanup(func() { _ = x.Close(); deleteIndex(url, prefix) })
		return x
	})
}

// deleteIndex removes the index and template of a test prefix.
func deleteIndex(url, prefix string) {
	name := fmt.Sprintf("%s-v%d", prefix, elastic.TemplateVersion)
	for _, path := range []string{"/" + name, "/_index_template/" + name} {
		req, _ := http.NewRequest(http.MethodDelete, url+path, nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}
}
