package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

// pageURL is the URL the parse and extract paths are told a page came from.
func pageURL(c Case) string {
	if c.PageURL != "" {
		return c.PageURL
	}
	return "http://127.0.0.1:9/hostile/page"
}

// saneText checks what the crawler hands on: valid UTF-8 without NUL.
func saneText(what, s string) string {
	if !utf8.ValidString(s) {
		return what + " is not valid UTF-8"
	}
	if strings.IndexByte(s, 0) >= 0 {
		return what + " contains NUL"
	}
	return ""
}

// checkPage returns "" when a parsed page is sane.
func checkPage(p crawler.Page, inLen int) string {
	if m := saneText("text", p.Text); m != "" {
		return m
	}
	if m := saneText("title", p.Title); m != "" {
		return m
	}
	if p.CanonicalURL != "" {
		if _, err := crawler.CheckURL(p.CanonicalURL); err != nil {
			return "canonical URL " + err.Error()
		}
	}
	if len(p.Text) > 2*inLen+16 {
		return "text longer than twice the input"
	}
	return ""
}

// parseDirect is the crawler's parser on raw bytes (what a fetch gets).
func parseDirect(i int, c Case) (string, string) {
	body := Render(c, "http://127.0.0.1:9", i)
	switch c.As {
	case "feed":
		items, err := crawler.FeedItems(body)
		if err != nil {
			return outError, err.Error()
		}
		for _, it := range items {
			if m := saneText("feed link", it.Link); m != "" && utf8.Valid(body) && bytes.IndexByte(body, 0) < 0 {
				return outInsane, m
			}
		}
		return outOK, ""
	case "sitemap":
		if _, err := crawler.ParseSitemap(body); err != nil {
			return outError, err.Error()
		}
		return outOK, ""
	}
	p, err := crawler.Parse(pageURL(c), body, c.ContentType)
	if err != nil {
		if err.Error() == "" {
			return outInsane, "empty error message"
		}
		return outError, err.Error()
	}
	if m := checkPage(p, len(body)); m != "" {
		return outInsane, m
	}
	return outOK, ""
}

// parseJSONL is the `claimwatch parse` code path: one {id,url,html} line.
func parseJSONL(i int, c Case) (string, string) {
	body := Render(c, "http://127.0.0.1:9", i)
	line, err := json.Marshal(crawler.ParseInput{ID: c.Name, URL: pageURL(c), HTML: string(body)})
	if err != nil {
		return outInsane, "cannot encode input: " + err.Error()
	}
	var out bytes.Buffer
	st, err := crawler.RunParseJSONL(context.Background(), bytes.NewReader(append(line, '\n')), &out, nil)
	if err != nil {
		return outError, err.Error()
	}
	var res crawler.ParseOutput
	if st.Lines != 1 || json.Unmarshal(out.Bytes(), &res) != nil {
		return outInsane, "not one output line per input line"
	}
	if res.Error != "" {
		return outError, res.Error
	}
	if m := checkPage(crawler.Page{Text: res.Text, Title: res.Title, CanonicalURL: res.CanonicalURL}, len(line)); m != "" {
		return outInsane, m
	}
	return outOK, ""
}

var (
	exOnce sync.Once
	exErr  error
	ex     *extractor.Extractor
)

func testExtractor(t *testing.T) *extractor.Extractor {
	t.Helper()
	exOnce.Do(func() {
		g, err := extractor.LoadGazetteer(configs.FS)
		if err != nil {
			exErr = err
			return
		}
		places, err := extractor.DefaultPlaces()
		if err != nil {
			exErr = err
			return
		}
		ex, exErr = extractor.New(g, places, extractor.DefaultConfig(), nil)
	})
	if exErr != nil {
		t.Fatal(exErr)
	}
	return ex
}

// extractPath gives the raw body to the extractor as HTML (pages) or text.
func extractPath(e *extractor.Extractor) func(int, Case) (string, string) {
	return func(i int, c Case) (string, string) {
		body := string(Render(c, "http://127.0.0.1:9", i))
		in := extractor.Input{ID: c.Name, URL: pageURL(c), Title: "t", Published: "2025-06-10"}
		if c.As == "page" {
			in.HTML = body
		} else {
			in.Text = body
		}
		out := e.Extract(in)
		switch {
		case strings.HasPrefix(out.Error, "internal error"):
			return outPanic, out.Error
		case out.Error != "":
			return outError, out.Error
		}
		for _, cl := range out.Claims {
			if cl.Evidence.Start < 0 || cl.Evidence.Start > cl.Evidence.End || !utf8.ValidString(cl.Evidence.Text) {
				return outInsane, "bad claim evidence span"
			}
			if cl.Confidence < 0 || cl.Confidence > 1 {
				return outInsane, "confidence out of range"
			}
		}
		for _, g := range out.Groups {
			for _, m := range g.Mentions {
				if m.Start < 0 || m.Start > m.End || !utf8.ValidString(m.Text) {
					return outInsane, "bad mention span"
				}
			}
		}
		return outOK, ""
	}
}

// crawlPath fetches each case from a loopback server with the real
// crawler (SSRF guard on: only the source's own literal IP is allowed).
type crawlPath struct {
	srv *httptest.Server
	cr  *crawler.Crawler
	mu  sync.Mutex
	got []pipeline.Article
}

func newCrawlPath(t *testing.T, cases []Case, reg prometheus.Registerer) *crawlPath {
	cp := &crawlPath{srv: httptest.NewServer(Handler(cases))}
	t.Cleanup(cp.srv.Close)
	cfg := crawler.DefaultConfig()
	cfg.Delay, cfg.Parallelism, cfg.RespectRobots = 0, 4, false
	cfg.Timeout, cfg.MaxDepth, cfg.MaxPages = 5*time.Second, 1, 20
	cfg.BreakerFailures = 0 // the corpus fails on purpose, always on the same host
	cfg.RetryAttempts = 0
	pub := crawler.PublisherFunc(func(_ context.Context, a pipeline.Article) error {
		cp.mu.Lock()
		cp.got = append(cp.got, a)
		cp.mu.Unlock()
		return nil
	})
	cp.cr = crawler.New(cfg, pub, nil, crawler.NewMetrics(reg))
	return cp
}

func (cp *crawlPath) run(i int, c Case) (string, string) {
	cp.mu.Lock()
	cp.got = nil
	cp.mu.Unlock()
	u := cp.srv.URL + Path(i)
	src := crawler.Source{Name: "hostile", Lang: "en", MaxDepth: 1, MaxPages: 20}
	switch c.As {
	case "feed":
		src.Feeds = []string{u}
	case "sitemap":
		src.Sitemaps = []string{u}
	default:
		src.Home = u
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	st, err := cp.cr.CrawlSource(ctx, src)
	if err != nil {
		return outError, err.Error()
	}
	cp.mu.Lock()
	defer cp.mu.Unlock()
	for _, a := range cp.got {
		if m := saneText("article text", a.Text); m != "" {
			return outInsane, m
		}
		if m := saneText("article title", a.Title); m != "" {
			return outInsane, m
		}
		if _, err := crawler.CheckURL(a.CanonicalURL); err != nil {
			return outInsane, "published canonical URL: " + err.Error()
		}
		if len(a.Text) > crawler.DefaultConfig().MaxBodyBytes {
			return outInsane, "article text over the body limit"
		}
	}
	if st.Errors > 0 {
		return outError, "counted errors"
	}
	if st.Pages == 0 && st.Skipped == 0 && st.Unchanged == 0 {
		return outInsane, "nothing fetched and no error counted"
	}
	return outOK, ""
}

// bigBytes is the size of the "50 MB" cases: 50 MB unless
// CLAIMWATCH_HOSTILE_BIG_MB says otherwise (for slow machines).
func bigBytes(t *testing.T) int {
	if v := os.Getenv("CLAIMWATCH_HOSTILE_BIG_MB"); v != "" {
		var mb int
		if _, err := fmtSscan(v, &mb); err == nil && mb > 0 {
			t.Logf("big cases scaled to %d MB (CLAIMWATCH_HOSTILE_BIG_MB)", mb)
			return mb << 20
		}
	}
	return 50 << 20
}
