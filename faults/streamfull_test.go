package faults

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestStreamFullKeepsUnprocessed fills the ARTICLES stream past its
// max_bytes while the extractor is not running (a backlog during an
// outage). The stream refuses what does not fit (discard "new"): the
// crawler counts those publishes as errors and does not mark them seen, so
// nothing stored is dropped. Once the operator raises max_bytes, the next
// pass publishes the rest and every article is indexed exactly once.
func TestStreamFullKeepsUnprocessed(t *testing.T) {
	const n = 120
	p := newInProc(t, func(c *pipeline.NATSConfig) { c.Streams.MaxBytes = 64 << 10 }, nil)
	srv := httptest.NewServer(NewsSite{N: n})
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	setMaxBytes := func(stream string, max int64) {
		t.Helper()
		s, err := p.conn.JS.Stream(ctx, stream)
		if err != nil {
			t.Fatal(err)
		}
		cfg := s.CachedInfo().Config
		cfg.MaxBytes = max
		if _, err := p.conn.JS.UpdateStream(ctx, cfg); err != nil {
			t.Fatal(err)
		}
	}
	// only ARTICLES is short of room
	setMaxBytes(pipeline.StreamRecords, 64<<20)
	setMaxBytes(pipeline.StreamDeadLetter, 64<<20)
	src := []crawler.Source{{Name: "faultwire", Home: srv.URL + "/", Lang: "en", MaxDepth: 3}}
	st, err := p.crawler(crawlerConfig(), nil).Crawl(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	held := streamMsgs(ctx, p.conn.JS, pipeline.StreamArticles)
	t.Logf("pass while full: published %d, errors %d; ARTICLES holds %d", st.Published, st.Errors, held)
	if st.Published == n || st.Errors == 0 {
		t.Fatalf("the stream never filled (published %d, errors %d): the test proves nothing", st.Published, st.Errors)
	}
	if held != uint64(st.Published) {
		t.Errorf("ARTICLES holds %d messages but %d publishes were acknowledged: acknowledged articles were dropped", held, st.Published)
	}
	p.startStages(fastRunner())
	p.drained(40 * time.Second)
	setMaxBytes(pipeline.StreamArticles, 64<<20) // the operator makes room
	st2, err := p.crawler(crawlerConfig(), nil).Crawl(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pass after room was made: published %d, errors %d", st2.Published, st2.Errors)
	p.drained(40 * time.Second)
	r := p.account(siteIDs(t, srv.URL, n, NewsSite{N: n}))
	t.Logf("stream full: %s", r)
	if err := r.Err(); err != nil {
		t.Error(err)
	}
}
