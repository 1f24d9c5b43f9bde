package indexer_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
)

var esSeq atomic.Int64

// TestElasticsearchConformance runs the same backend suite as bleve against
// a real Elasticsearch (ES_URL, started by deployments/elasticsearch/start.sh).
func TestElasticsearchConformance(t *testing.T) {
	url := os.Getenv("ES_URL")
	if url == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	indexer.RunConformance(t, func(tb testing.TB) indexer.Index {
		tb.Helper()
		prefix := fmt.Sprintf("claimwatch-conf-%d-%d", time.Now().UnixNano(), esSeq.Add(1))
		x, err := elastic.Open(context.Background(), elastic.Config{URLs: []string{url}, IndexPrefix: prefix, Refresh: "true"}, nil)
		if err != nil {
			tb.Fatalf("elastic.Open: %v", err)
		}
		tb.Cleanup(func() { _ = x.Close() })
		return x
	})
}
