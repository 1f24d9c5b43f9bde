package demosite_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/gocolly/colly/v2"
)

// TestCollyCrawl crawls the site with colly, the crawler's library, from
// the home page, the feed and the sitemap: every article must be found, every
// headline must match the manifest, and every body, the windows-1252 page's
// included, must decode without mojibake. No MaxDepth: a synchronous
// collector walks depth first, and a depth limit would drop the links of
// section pages first reached deep down.
func TestCollyCrawl(t *testing.T) {
	srv := newServer(t)
	host := mustURL(t, srv.URL).Host
	c := colly.NewCollector(colly.AllowedDomains(strings.Split(host, ":")[0]))
	c.IgnoreRobotsTxt = false
	var mu sync.Mutex
	headlines, bodies := map[string]string{}, map[string]string{}
	c.OnHTML("a[href]", func(e *colly.HTMLElement) {
		_ = e.Request.Visit(e.Attr("href"))
	})
	c.OnXML("//loc | //item/link", func(e *colly.XMLElement) {
		_ = e.Request.Visit(e.Text)
	})
	c.OnHTML("article.story h1", func(e *colly.HTMLElement) {
		mu.Lock()
		defer mu.Unlock()
		headlines[e.Request.URL.Path] = strings.TrimSpace(e.Text)
	})
	c.OnHTML("div.story-body", func(e *colly.HTMLElement) {
		mu.Lock()
		defer mu.Unlock()
		bodies[e.Request.URL.Path] = e.Text
	})
	for _, start := range []string{srv.URL + "/", srv.URL + "/rss.xml", srv.URL + "/sitemap.xml"} {
		var already *colly.AlreadyVisitedError
		if err := c.Visit(start); err != nil && !errors.As(err, &already) {
			t.Fatalf("visit %s: %v", start, err)
		}
	}
	c.Wait()
	for _, a := range demosite.Articles() {
		got, ok := headlines[a.Path]
		if !ok {
			t.Errorf("colly did not reach %s", a.Path)
			continue
		}
		if got != a.Title {
			t.Errorf("%s: headline %q, want %q (charset %q)", a.Path, got, a.Title, a.Charset)
		}
		body := bodies[a.Path]
		if strings.ContainsRune(body, '\uFFFD') || strings.Contains(body, "â€") || strings.Contains(body, "Ã") {
			t.Errorf("%s: body text badly decoded (charset %q): %.80q", a.Path, a.Charset, body)
		}
		if a.Charset != "" && !strings.ContainsAny(body, "’“—é") {
			t.Errorf("%s: %s page lost its non-ASCII characters", a.Path, a.Charset)
		}
	}
}
