package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/claimwatch/claimwatch/pipeline"
)

// memPub collects published articles.
type memPub struct {
	mu   sync.Mutex
	arts []pipeline.Article
	meta []PublishMeta
}

func (m *memPub) Publish(ctx context.Context, a pipeline.Article) error {
	return m.PublishMeta(ctx, a, PublishMeta{})
}

func (m *memPub) PublishMeta(_ context.Context, a pipeline.Article, meta PublishMeta) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.arts = append(m.arts, a)
	m.meta = append(m.meta, meta)
	return nil
}

func (m *memPub) n() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.arts)
}

// testConfig is a fast, polite-enough configuration for httptest sites.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Delay = 0
	cfg.Parallelism = 4
	cfg.Timeout = 5e9
	return cfg
}

// articleHTML is a minimal article page of about n bytes of text.
func articleHTML(title string, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><title>%s</title><meta property="og:type" content="article"></head><body><article><h1>%s</h1>`, title, title)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>", p)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

// serve starts an httptest server with the given routes.
func serve(t *testing.T, routes map[string]http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func htmlPage(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

func errCount(m *Metrics, source, reason string) int {
	var d dto.Metric
	if err := m.Errors.WithLabelValues(source, reason).Write(&d); err != nil {
		panic(err)
	}
	return int(d.GetCounter().GetValue())
}
