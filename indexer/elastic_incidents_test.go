package indexer_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
)

// TestElasticsearchIncidentConformance runs the incident index suite
// against a real Elasticsearch (ES_URL).
func TestElasticsearchIncidentConformance(t *testing.T) {
	url := os.Getenv("ES_URL")
	if url == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	indexer.RunIncidentConformance(t, func(tb testing.TB) indexer.IncidentIndex {
		tb.Helper()
		prefix := fmt.Sprintf("claimwatch-incconf-%d-%d", time.Now().UnixNano(), esSeq.Add(1))
		x, err := elastic.OpenIncidents(context.Background(), elastic.Config{URLs: []string{url}, IndexPrefix: prefix}, nil)
		if err != nil {
			tb.Fatalf("elastic.OpenIncidents: %v", err)
		}
		tb.Cleanup(func() {
			_ = x.DeleteIncidentIndex(context.Background())
			_ = x.Close()
		})
		return x
	})
}
