package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestSiteCrawlerFindsEveryArticle serves a corpus larger than one sitemap
// page, one feed and one section page, and checks that the real crawler
// publishes every article exactly once with the id ExpectedArticles gives.
func TestSiteCrawlerFindsEveryArticle(t *testing.T) {
	const n = 1200
	arts := Generate(n, 3)
	site := NewSite(arts, 0)
	srv := httptest.NewServer(site)
	defer srv.Close()
	want, err := ExpectedArticles(arts, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]int{}
	pub := crawler.PublisherFunc(func(_ context.Context, a pipeline.Article) error {
		mu.Lock()
		got[a.ID]++
		mu.Unlock()
		return nil
	})
	cfg := crawler.DefaultConfig()
	cfg.Delay, cfg.Parallelism = 0, 4
	src := crawler.Source{Name: "bench-wire", Home: srv.URL + "/", Feeds: []string{srv.URL + "/rss.xml"},
		Sitemaps: []string{srv.URL + "/sitemap.xml"}, Lang: "en", MaxDepth: 3, MaxPages: 2*n + 1000}
	for _, s := range site.Sections() {
		src.Sections = append(src.Sections, srv.URL+s)
	}
	st, err := crawler.New(cfg, pub, nil, nil).Crawl(context.Background(), []crawler.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	if st.Errors != 0 {
		t.Errorf("%d crawl errors", st.Errors)
	}
	for _, e := range want {
		if got[e.ID] != 1 {
			t.Errorf("%s published %d times, want 1", e.URL, got[e.ID])
		}
	}
	if len(got) != n || site.Fetched() != n {
		t.Errorf("published %d distinct articles, site served %d, want %d", len(got), site.Fetched(), n)
	}
}

func TestSiteVisible(t *testing.T) {
	arts := Generate(10, 1)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		rate float64
		at   time.Duration
		want int
	}{
		{"all at once", 0, 0, 10},
		{"first at start", 2, 0, 1},
		{"two per second", 2, 1500 * time.Millisecond, 4},
		{"capped", 2, time.Hour, 10},
		{"before start", 2, -time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSite(arts, tt.rate)
			s.Start(t0)
			if got := s.Visible(t0.Add(tt.at)); got != tt.want {
				t.Errorf("Visible = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestSiteUnpublishedAndConditional: an article not yet published is 404
// and absent from the sitemap; a published one answers If-None-Match with 304.
func TestSiteUnpublishedAndConditional(t *testing.T) {
	arts := Generate(3, 1)
	site := NewSite(arts, 0.001) // one article now, the next in 1000 s
	site.Start(time.Now())
	srv := httptest.NewServer(site)
	defer srv.Close()
	get := func(path, etag string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b [1 << 16]byte
		n, _ := resp.Body.Read(b[:])
		return resp, string(b[:n])
	}
	resp, _ := get(arts[0].Path, "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		t.Fatalf("published article: %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	if r2, _ := get(arts[0].Path, resp.Header.Get("ETag")); r2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", r2.StatusCode)
	}
	if r3, _ := get(arts[1].Path, ""); r3.StatusCode != http.StatusNotFound {
		t.Errorf("unpublished article: %d, want 404", r3.StatusCode)
	}
	if _, body := get("/sitemaps/0.xml", ""); !strings.Contains(body, arts[0].Path) || strings.Contains(body, arts[1].Path) {
		t.Errorf("sitemap should list only the published article:\n%s", body)
	}
	if site.Fetched() != 1 {
		t.Errorf("Fetched = %d, want 1", site.Fetched())
	}
}
