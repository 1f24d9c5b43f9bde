package faults

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	dto "github.com/prometheus/client_model/go"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestDataStoreFull simulates a full data disk with JetStream limits (not
// by filling the real disk): the server's max_store is small, the streams
// reserve nothing (max_bytes -1), and a filler stream takes the space. A
// crawl pass then cannot store anything: the crawler must not crash or
// hang, must count the failed publishes with the reason "publish" and say
// why (insufficient storage). Once the filler is purged (space freed) the
// next pass publishes everything and every article is indexed once.
func TestDataStoreFull(t *testing.T) {
	n := 120
	if long() {
		n = 1000
	}
	const store = 4 << 20
	p := newInProc(t, func(c *pipeline.NATSConfig) {
		c.MaxStore = store
		c.Streams.MaxBytes = -1
	}, nil)
	ctx := context.Background()
	js := p.conn.JS
	fill, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "FILLER", Subjects: []string{"filler.>"}, Storage: jetstream.FileStorage})
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	var fillErr error
	for i := 0; i < 2*store/len(chunk); i++ {
		if _, fillErr = js.Publish(ctx, "filler.x", chunk); fillErr != nil {
			break
		}
	}
	if fillErr == nil {
		t.Fatal("the filler never hit the store limit")
	}
	t.Logf("store full: %v", fillErr)
	p.startStages(fastRunner())

	srv := httptest.NewServer(NewsSite{N: n})
	defer srv.Close()
	src := crawler.Source{Name: "faultwire", Home: srv.URL + "/", Lang: "en", MaxDepth: 3}
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	st, err := p.crawler(crawlerConfig(), log).Crawl(cctx, []crawler.Source{src})
	if err != nil {
		t.Fatalf("crawl while full: %v", err)
	}
	var m dto.Metric
	if err := p.crawlM.Errors.WithLabelValues("faultwire", "publish").Write(&m); err != nil {
		t.Fatal(err)
	}
	pubErrs := m.GetCounter().GetValue()
	t.Logf("pass while full: pages %d, articles %d, published %d, errors %d (publish %v)", st.Pages, st.Articles, st.Published, st.Errors, pubErrs)
	if st.Published != 0 || int(pubErrs) != st.Articles || st.Articles != n {
		t.Errorf("while full: published %d, publish errors %v, articles %d; want 0, %d, %d", st.Published, pubErrs, st.Articles, n, n)
	}
	if !strings.Contains(logs.String(), "insufficient") {
		t.Errorf("the crawler's log does not say why publishing failed:\n%.2000s", logs.String())
	}

	// Space frees: the next pass publishes everything.
	if err := fill.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	st2, err := p.crawler(crawlerConfig(), log).Crawl(cctx, []crawler.Source{src})
	if err != nil {
		t.Fatalf("crawl after space freed: %v", err)
	}
	if st2.Published != n {
		t.Errorf("after space freed: published %d of %d (errors %d)", st2.Published, n, st2.Errors)
	}
	p.drained(40 * time.Second)
	r := p.account(siteIDs(t, srv.URL, n, NewsSite{N: n}))
	t.Logf("store full then freed: %s; test heap %.0f MB", r, heapMB())
	if err := r.Err(); err != nil {
		t.Error(err)
	}
	if r.Indexed != n {
		t.Errorf("indexed %d of %d", r.Indexed, n)
	}
	var apiErr *jetstream.APIError
	if errors.As(fillErr, &apiErr) {
		t.Logf("JetStream error code %d", apiErr.ErrorCode)
	}
}
