package faults

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/indexer/elastic"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestElasticsearchTrouble runs the pipeline into a real Elasticsearch
// (ES_URL) through a loopback proxy that answers 429, answers 503, or drops
// every connection for a while as articles flow. During the trouble the
// index stage must retry (nothing dead-lettered, the backlog waits in
// RECORDS); after recovery every article is indexed exactly once.
// The trouble lasts 10 s by default, a full minute with
// CLAIMWATCH_FAULTS_LONG=1.
func TestElasticsearchTrouble(t *testing.T) {
	esURL := os.Getenv("ES_URL")
	if esURL == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	n, trouble := 80, 10*time.Second
	if long() {
		n, trouble = 500, time.Minute
	}
	for _, mode := range []string{"429", "503", "down"} {
		t.Run(mode, func(t *testing.T) {
			proxy := newESProxy(t, esURL)
			prefix := fmt.Sprintf("claimwatch-faults-%s-%d", mode, time.Now().UnixNano())
			t.Cleanup(func() { deleteESPrefix(t, esURL, prefix) })
			ctx := context.Background()
			cfg := elastic.Config{URLs: []string{proxy.srv.URL}, IndexPrefix: prefix, Refresh: "true", MaxRetries: 1, RetryBackoff: 50 * time.Millisecond}
			idx, err := elastic.Open(ctx, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := newInProc(t, nil, idx)
			p.startStages(fastRunner())
			site := NewsSite{N: n, Delay: 20 * time.Millisecond}
			srv := httptest.NewServer(site)
			defer srv.Close()

			proxy.set(mode)
			begin := time.Now()
			cctx, cancel := context.WithTimeout(ctx, 40*time.Second)
			defer cancel()
			st, err := p.crawler(crawlerConfig(), nil).Crawl(cctx, []crawler.Source{{Name: "faultwire", Home: srv.URL + "/", Lang: "en", MaxDepth: 3}})
			if err != nil || st.Published != n {
				t.Fatalf("crawl: published %d of %d, err %v", st.Published, n, err)
			}
			time.Sleep(time.Until(begin.Add(trouble)))
			pending, _ := p.ix.Pending(ctx)
			dead := streamMsgs(ctx, p.conn.JS, pipeline.StreamDeadLetter)
			refused := proxy.refused.Load()
			proxy.set("")
			t.Logf("after %v of %s: index backlog %d, dead letters %d, requests refused %d", trouble, mode, pending, dead, refused)
			if pending == 0 || refused == 0 {
				t.Errorf("the fault did not bite: backlog %d, refused %d", pending, refused)
			}
			if dead != 0 {
				t.Errorf("%d dead letters during a transient Elasticsearch fault", dead)
			}
			recovered := time.Now()
			p.drained(40 * time.Second)
			r := p.account(siteIDs(t, srv.URL, n, site))
			t.Logf("Elasticsearch %s for %v: drained %v after recovery; %s; test heap %.0f MB", mode, trouble, time.Since(recovered).Round(100*time.Millisecond), r, heapMB())
			if err := r.Err(); err != nil {
				t.Error(err)
			}
			if r.Indexed != n {
				t.Errorf("indexed %d of %d", r.Indexed, n)
			}
		})
	}
}

// deleteESPrefix removes the test's index and template straight from
// Elasticsearch (not through the proxy).
func deleteESPrefix(t *testing.T, esURL, prefix string) {
	res, err := http.Get(esURL + "/_cat/indices/" + prefix + "*?h=index")
	if err != nil {
		return
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, name := range strings.Fields(string(b)) {
		esDelete(esURL + "/" + name)
	}
	esDelete(esURL + "/_index_template/" + prefix + "*")
}

func esDelete(u string) {
	req, err := http.NewRequest(http.MethodDelete, u, nil)
	if err != nil {
		return
	}
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}
}
