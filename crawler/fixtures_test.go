package crawler

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// Crawls of loopback fixture sites (issue #4, point 9) not covered by
// politeness_test.go, netguard_test.go and seen_test.go.

// TestCrawlSSRFRedirects: with no allowlist and allow_private off, a
// redirect from the (operator-configured) loopback source to another
// loopback port, to IPv6 loopback and to the cloud metadata address is
// refused at dial time and counted, while the source itself is crawled.
func TestCrawlSSRFRedirects(t *testing.T) {
	var secretHits atomic.Int32
	secret := serve(t, map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, _ *http.Request) {
		secretHits.Add(1)
		fmt.Fprint(w, articleHTML("internal", strings.Repeat("internal admin data ", 40)))
	}})
	secretPort := secret.URL[strings.LastIndexByte(secret.URL, ':')+1:]
	targets := map[string]string{
		"/r/loopback": secret.URL + "/admin",
		"/r/ipv6":     "http://[::1]:" + secretPort + "/admin",
		"/r/metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
	}
	routes := map[string]http.HandlerFunc{
		"/":        htmlPage(`<a href="/r/loopback">1</a> <a href="/r/ipv6">2</a> <a href="/r/metadata">3</a> <a href="/ok.html">4</a>`),
		"/ok.html": htmlPage(articleHTML("Public story", strings.Repeat("The ministry published the figures on Monday. ", 10))),
	}
	for path, to := range targets {
		routes[path] = func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) }
	}
	site := serve(t, routes)
	cfg := testConfig()
	cfg.AllowPrivate, cfg.AllowHosts = false, nil
	m := NewMetrics(nil)
	pub := &memPub{}
	// The domain filter lets every target through: only the address guard
	// stands between the crawler and them.
	src := Source{Name: "s", Home: site.URL + "/", AllowedDomains: []string{"127.0.0.1", "::1", "169.254.169.254"}}
	st, err := New(cfg, pub, nil, m).CrawlSource(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if secretHits.Load() != 0 {
		t.Errorf("internal service reached %d times", secretHits.Load())
	}
	if got := errCount(m, "s", "forbidden_address"); got != len(targets) {
		t.Errorf("forbidden_address = %d, want %d (one per redirect); stats %+v", got, len(targets), st)
	}
	if pub.n() != 1 || pub.arts[0].Title != "Public story" {
		t.Errorf("published %d, want only the public story", pub.n())
	}
}

// TestCrawlRedirectLoop: a two-page redirect loop ends after max_redirects
// and is counted; the rest of the site is crawled.
func TestCrawlRedirectLoop(t *testing.T) {
	var hits atomic.Int32
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(`<a href="/loop/a">loop</a> <a href="/ok.html">ok</a>`),
		"/loop/a": func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			http.Redirect(w, r, "/loop/b", http.StatusMovedPermanently)
		},
		"/loop/b": func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			http.Redirect(w, r, "/loop/a", http.StatusFound)
		},
		"/ok.html": htmlPage(articleHTML("Fine", strings.Repeat("Officials confirmed the schedule on Friday. ", 10))),
	})
	cfg := testConfig()
	cfg.MaxRedirects = 4
	m := NewMetrics(nil)
	pub := &memPub{}
	if _, err := New(cfg, pub, nil, m).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	// colly stops the loop when it comes back to a visited URL; a longer
	// chain of new URLs stops at max_redirects (TestCrawlLimits).
	if got := errCount(m, "s", "redirect_loop") + errCount(m, "s", "too_many_redirects"); got != 1 {
		t.Errorf("redirect_loop + too_many_redirects = %d, want 1", got)
	}
	if h := hits.Load(); h < 2 || h > int32(cfg.MaxRedirects)+1 {
		t.Errorf("loop requested %d times, want 2..%d", h, cfg.MaxRedirects+1)
	}
	if pub.n() != 1 {
		t.Errorf("published %d, want 1", pub.n())
	}
}

// TestCrawlCanonicalDuplicates: one story reached through tracking
// parameters, a fragment, an AMP copy naming it as rel=canonical and a
// print copy naming it in og:url is published once, under its canonical
// URL.
func TestCrawlCanonicalDuplicates(t *testing.T) {
	var base string
	text := strings.Repeat("The court ordered the release of the detained journalists on Wednesday. ", 8)
	withHead := func(head string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html lang="en"><head>%s<meta property="og:type" content="article"><title>Release</title></head><body><article><p>%s</p></article></body></html>`,
				strings.ReplaceAll(head, "BASE", base), text)
		}
	}
	var storyHits atomic.Int32
	site := serve(t, map[string]http.HandlerFunc{
		"/": htmlPage(`<a href="/story.html?utm_source=tw&utm_medium=social">1</a> <a href="/story.html#comments">2</a>` +
			`<a href="/amp/story.html">3</a> <a href="/print/story.html?fbclid=xyz">4</a> <a href="/story.html?gclid=1">5</a>`),
		"/story.html":       func(w http.ResponseWriter, r *http.Request) { storyHits.Add(1); withHead("")(w, r) },
		"/amp/story.html":   withHead(`<link rel="canonical" href="BASE/story.html">`),
		"/print/story.html": withHead(`<meta property="og:url" content="BASE/story.html?utm_campaign=print">`),
	})
	base = site.URL
	pub := &memPub{}
	st, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if pub.n() != 1 {
		t.Fatalf("published %d copies, want 1; stats %+v", pub.n(), st)
	}
	if want := site.URL + "/story.html"; pub.arts[0].CanonicalURL != want {
		t.Errorf("canonical %q, want %q", pub.arts[0].CanonicalURL, want)
	}
	if st.Articles < 3 {
		t.Errorf("articles seen %d, want the copies to have been fetched and recognised (>= 3)", st.Articles)
	}
}

// TestCrawlFeedSitemapDiscovery: articles are found through an RSS feed,
// an Atom feed and a sitemap index pointing to a news sitemap; with a
// request budget the fresh sitemap entries are fetched before old ones.
func TestCrawlFeedSitemapDiscovery(t *testing.T) {
	now := time.Now().UTC()
	var base string
	var mu sync.Mutex
	var fetched []string
	article := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fetched = append(fetched, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML("Story "+r.URL.Path, strings.Repeat("Election officials began counting ballots in the capital. ", 8)))
	}
	news := func(old, fresh []string) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
		for _, p := range old {
			fmt.Fprintf(&b, `<url><loc>%s%s</loc><lastmod>2019-01-0%dT10:00:00Z</lastmod></url>`, base, p, 1+len(p)%9)
		}
		for i, p := range fresh {
			fmt.Fprintf(&b, `<url><loc>%s%s</loc><news:news><news:publication_date>%s</news:publication_date></news:news></url>`, base, p, now.Add(-time.Duration(i+1)*time.Hour).Format(time.RFC3339))
		}
		b.WriteString(`</urlset>`)
		return b.String()
	}
	xml := func(body func() string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, body())
		}
	}
	site := serve(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") },
		"/rss.xml": xml(func() string {
			return fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title><link>%s/rss/a.html</link><pubDate>%s</pubDate></item><item><title>b</title><link>%s/rss/b.html</link></item></channel></rss>`,
				base, now.Format(time.RFC1123Z), base)
		}),
		"/atom.xml": xml(func() string {
			return fmt.Sprintf(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>c</title><link href="%s/atom/c.html"/><updated>%s</updated></entry></feed>`, base, now.Format(time.RFC3339))
		}),
		"/sitemap_index.xml": xml(func() string {
			return fmt.Sprintf(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/news-sitemap.xml</loc></sitemap></sitemapindex>`, base)
		}),
		"/news-sitemap.xml": xml(func() string { return news([]string{"/sm/old1.html"}, []string{"/sm/new1.html"}) }),
		"/budget.xml": xml(func() string {
			return news([]string{"/b/old1.html", "/b/old2.html", "/b/old3.html"}, []string{"/b/new1.html", "/b/new2.html"})
		}),
		"/rss/":  article,
		"/atom/": article,
		"/sm/":   article,
		"/b/":    article,
	})
	base = site.URL

	pub := &memPub{}
	src := Source{Name: "s", Feeds: []string{site.URL + "/rss.xml", site.URL + "/atom.xml"}, Sitemaps: []string{site.URL + "/sitemap_index.xml"}}
	if _, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range pub.arts {
		got = append(got, strings.TrimPrefix(a.URL, base))
	}
	sort.Strings(got)
	if want := "/atom/c.html /rss/a.html /rss/b.html /sm/new1.html /sm/old1.html"; strings.Join(got, " ") != want {
		t.Errorf("published %v, want %s", got, want)
	}

	// Budget: the sitemap plus two pages. The two fresh entries come last
	// in the sitemap but are fetched first.
	mu.Lock()
	fetched = nil
	mu.Unlock()
	pub = &memPub{}
	src = Source{Name: "s", Sitemaps: []string{site.URL + "/budget.xml"}, MaxPages: 3}
	if _, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	sort.Strings(fetched)
	if strings.Join(fetched, " ") != "/b/new1.html /b/new2.html" {
		t.Errorf("fetched %v under a 3-request budget, want the two fresh entries", fetched)
	}
}

// TestCrawlCharsets: pages in legacy encodings, declared in the
// Content-Type header or only in a <meta>, come out as UTF-8.
func TestCrawlCharsets(t *testing.T) {
	tests := []struct {
		path, label string
		enc         encoding.Encoding
		inHeader    bool
		text        string
	}{
		{"/cp1252.html", "windows-1252", charmap.Windows1252, false, "Caf\u00e9 \u201cattentat\u201d \u2014 Bogot\u00e1, 5 \u20ac"},
		{"/cp1252h.html", "windows-1252", charmap.Windows1252, true, "Se\u00f1or Mu\u00f1oz \u2013 na\u00efve"},
		{"/cp1256.html", "windows-1256", charmap.Windows1256, true, "\u0623\u0639\u0644\u0646 \u062a\u0646\u0638\u064a\u0645 \u0627\u0644\u062f\u0648\u0644\u0629 \u0645\u0633\u0624\u0648\u0644\u064a\u062a\u0647"},
		{"/cp1256m.html", "windows-1256", charmap.Windows1256, false, "\u0647\u062c\u0648\u0645 \u0641\u064a \u0643\u0627\u0628\u0644"},
		{"/8859-1.html", "iso-8859-1", charmap.ISO8859_1, true, "D\u00e9claration du minist\u00e8re \u00e0 Gen\u00e8ve"},
		{"/8859-2.html", "iso-8859-2", charmap.ISO8859_2, false, "Zam\u00e1ch v \u0158\u00ed\u010dany, \u0142\u00f3d\u017a"},
		{"/8859-5.html", "iso-8859-5", charmap.ISO8859_5, true, "\u0412\u0437\u0440\u044b\u0432 \u0432 \u041c\u043e\u0441\u043a\u0432\u0435"},
		{"/8859-6.html", "iso-8859-6", charmap.ISO8859_6, false, "\u0627\u0646\u0641\u062c\u0627\u0631 \u0641\u064a \u0628\u063a\u062f\u0627\u062f"},
		{"/8859-7.html", "iso-8859-7", charmap.ISO8859_7, true, "\u0388\u03ba\u03c1\u03b7\u03be\u03b7 \u03c3\u03c4\u03b7\u03bd \u0391\u03b8\u03ae\u03bd\u03b1"},
		{"/8859-15.html", "iso-8859-15", charmap.ISO8859_15, false, "Co\u00fbt: 300 \u20ac, \u0153uvre"},
	}
	routes := map[string]http.HandlerFunc{}
	links := ""
	for _, tt := range tests {
		head := `<meta charset="` + tt.label + `">`
		if tt.path == "/8859-2.html" {
			head = `<meta http-equiv="Content-Type" content="text/html; charset=` + tt.label + `">`
		}
		if tt.inHeader {
			head = ""
		}
		page := fmt.Sprintf(`<html><head>%s<title>%s</title><meta property="og:type" content="article"></head><body><article><h1>%s</h1><p>%s. %s</p></article></body></html>`,
			head, tt.path, tt.path, tt.text, strings.Repeat("x ", 30))
		body, err := tt.enc.NewEncoder().String(page)
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		ct := "text/html"
		if tt.inHeader {
			ct += "; charset=" + tt.label
		}
		routes[tt.path] = func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", ct)
			fmt.Fprint(w, body)
		}
		links += `<a href="` + tt.path + `">x</a>`
	}
	routes["/bom.html"] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "\ufeff"+`<html><head><title>/bom.html</title><meta property="og:type" content="article"></head><body><article><p>Ngày 5 tháng 3, Hà Nội. `+strings.Repeat("x ", 30)+`</p></article></body></html>`)
	}
	links += `<a href="/bom.html">x</a>`
	routes["/"] = htmlPage(links)
	site := serve(t, routes)
	pub := &memPub{}
	if _, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	for _, a := range pub.arts {
		byPath[strings.TrimPrefix(a.URL, site.URL)] = a.Title + "\n" + a.Text
	}
	for _, tt := range append(tests, struct {
		path, label string
		enc         encoding.Encoding
		inHeader    bool
		text        string
	}{path: "/bom.html", text: "Ngày 5 tháng 3, Hà Nội"}) {
		got, ok := byPath[tt.path]
		if !ok {
			t.Errorf("%s (%s) not published", tt.path, tt.label)
			continue
		}
		if !strings.Contains(got, tt.text) || strings.ContainsRune(got, '\ufffd') || strings.ContainsRune(got, '\ufeff') {
			t.Errorf("%s (%s, header=%v): %q, want it to contain %q", tt.path, tt.label, tt.inHeader, got, tt.text)
		}
	}
}

// TestCrawlBrokenHTML: malformed pages (unclosed and misnested tags, stray
// end tags, an unterminated comment after the story, junk bytes) still
// give their story text.
func TestCrawlBrokenHTML(t *testing.T) {
	story := "Rebels shelled the town overnight, the mayor said on Thursday, " + strings.Repeat("and residents fled towards the hills as the fighting spread ", 6)
	pages := map[string]string{
		"/unclosed.html":  `<html><head><title>T</title><meta property="og:type" content="article"><body><div><article><p>` + story + `. <b>More <i>details <p>followed later in the day as rescue teams arrived from the capital.</article>`,
		"/misnested.html": `<!doctype html><html><body></div></span><article><p><b>` + story + `.</p></b><p>Witnesses described <a href="/x">heavy <p>fire</a> near the bridge and the market square.</p></article></table></body></html></html>`,
		"/comment.html":   `<html><body><article><p>` + story + `. Officials counted the damage to homes and shops across the district.</p></article><!-- unterminated <p>junk`,
		"/junk.html":      "<html><body><article><p>" + story + ". The army sent reinforcements to the area.\x01\x02 \xff\xfe</p></article></body></html>",
	}
	routes := map[string]http.HandlerFunc{}
	links := ""
	for p, body := range pages {
		routes[p] = htmlPage(body)
		links += `<a href="` + p + `">x</a>`
	}
	routes["/"] = htmlPage(links)
	site := serve(t, routes)
	m := NewMetrics(nil)
	pub := &memPub{}
	st, err := New(testConfig(), pub, nil, m).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if pub.n() != len(pages) || st.Errors != 0 {
		t.Fatalf("published %d of %d broken pages, errors %d", pub.n(), len(pages), st.Errors)
	}
	for _, a := range pub.arts {
		if !strings.Contains(a.Text, story) {
			t.Errorf("%s: text %q lacks the story", a.URL, a.Text)
		}
	}
}
