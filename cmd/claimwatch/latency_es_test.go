package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"
)

// TestLatencyAt50ArticlesPerSecondElasticsearch is the latency measurement
// of TestLatencyAt50ArticlesPerSecond in Elasticsearch mode (ES_URL, default
// backend settings: refresh interval 1 s, or
// CLAIMWATCH_BENCH_ES_REFRESH_INTERVAL). "Searchable" means found by a
// _search on the alias (an ids query), not by a realtime GET: Elasticsearch
// answers a GET from the translog before the record is searchable.
//
//	CLAIMWATCH_BENCH_LATENCY=1 ES_URL=http://127.0.0.1:9200 go test ./cmd/claimwatch -run LatencyAt50ArticlesPerSecondElasticsearch -v
func TestLatencyAt50ArticlesPerSecondElasticsearch(t *testing.T) {
	if os.Getenv("CLAIMWATCH_BENCH_LATENCY") == "" {
		t.Skip("measurement: set CLAIMWATCH_BENCH_LATENCY=1 to run")
	}
	esURL := os.Getenv("ES_URL")
	if esURL == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	measureLatency(t, esURL)
}

// useElasticsearch points cfg at Elasticsearch with a fresh index prefix,
// whose index is deleted at cleanup.
func useElasticsearch(t *testing.T, cfg *Config, esURL string) {
	prefix := fmt.Sprintf("claimwatch-latency-%d", time.Now().UnixNano())
	cfg.Index.Backend = "elasticsearch"
	cfg.Index.ES.URLs = []string{esURL}
	cfg.Index.ES.IndexPrefix = prefix
	cfg.Index.ES.RefreshInterval = os.Getenv("CLAIMWATCH_BENCH_ES_REFRESH_INTERVAL") // "" = the backend's default, 1s
	t.Cleanup(func() {
		for _, path := range []string{"/" + prefix + "-v*", "/_index_template/" + prefix + "-v*"} {
			req, _ := http.NewRequest(http.MethodDelete, esURL+path, nil)
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}
	})
}

// searchable returns which of ids a search finds: in Elasticsearch mode
// one ids query on the alias, else a Get per id from the index.
func searchable(ctx context.Context, t *testing.T, a *app, esURL string, ids []string) map[string]bool {
	found := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return found
	}
	if esURL == "" {
		for _, id := range ids {
			if _, ok, _ := a.index.Get(ctx, id); ok {
				found[id] = true
			}
		}
		return found
	}
	body, _ := json.Marshal(map[string]any{"size": len(ids), "_source": false, "query": map[string]any{"ids": map[string]any{"values": ids}}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, esURL+"/"+a.cfg.Index.ES.IndexPrefix+"/_search", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Logf("search: %v", err)
		return found
	}
	defer res.Body.Close()
	var sr struct {
		Hits struct {
			Hits []struct {
				ID string `json:"_id"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&sr); err != nil {
		t.Logf("search: %v", err)
		return found
	}
	for _, h := range sr.Hits.Hits {
		found[h.ID] = true
	}
	return found
}
