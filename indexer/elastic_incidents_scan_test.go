package indexer_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
)

// scanWindow caps from+size paging (index.max_result_window) of the test
// incident indices well below the number of test incidents, so the scan
// is shown to page past what Search can reach.
const scanWindow = 8

// TestElasticsearchIncidentScanConformance runs the incident scan suite
// (point in time + search_after) against a real Elasticsearch (ES_URL),
// on indices whose from/size window is capped at scanWindow.
func TestElasticsearchIncidentScanConformance(t *testing.T) {
	url := os.Getenv("ES_URL")
	if url == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	var first *elastic.Incidents
	indexer.RunIncidentScanConformance(t, func(tb testing.TB) indexer.IncidentIndex {
		tb.Helper()
		prefix := fmt.Sprintf("claimwatch-incscan-%d-%d", time.Now().UnixNano(), esSeq.Add(1))
		x, err := elastic.OpenIncidents(context.Background(), elastic.Config{URLs: []string{url}, IndexPrefix: prefix}, nil)
		if err != nil {
			tb.Fatalf("elastic.OpenIncidents: %v", err)
		}
		tb.Cleanup(func() {
			_ = x.DeleteIncidentIndex(context.Background())
			_ = x.Close()
		})
		body := fmt.Sprintf(`{"index":{"max_result_window":%d}}`, scanWindow)
		req, _ := http.NewRequest(http.MethodPut, url+"/"+elastic.IncidentsAlias(prefix)+"/_settings", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			tb.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			tb.Fatalf("set max_result_window: %s", res.Status)
		}
		if first == nil {
			first = x
		}
		return x
	})
	// The cap was in force: Search cannot page past it.
	n, err := first.Count(context.Background())
	if err != nil || n <= scanWindow {
		t.Fatalf("%d incidents (%v), want more than %d", n, err, scanWindow)
	}
	if _, err := first.Search(context.Background(), incidents.Query{From: scanWindow, Size: 1}); err == nil {
		t.Errorf("Search past max_result_window %d succeeded; the scan was not shown to page past it", scanWindow)
	}
}
