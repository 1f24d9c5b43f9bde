package bench

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Site limits.
const (
	SectionPageSize = 50   // stories per section page
	FeedSize        = 100  // newest stories in rss.xml
	SitemapSize     = 1000 // URLs per paged sitemap
	relatedLinks    = 3    // links to earlier stories of the section on each article
)

// Site is the loopback news site that serves a corpus: "Bench Wire". It has
// a home page, one page per section paginated newest first, an RSS feed of
// the newest stories, a sitemap index (also named in robots.txt) pointing at
// paged sitemaps, and the article pages, with ETag and Last-Modified so that
// re-crawls are conditional.
//
// With a rate, the site publishes the corpus over time: article i becomes
// visible (linked, listed and served) at Start + i/rate; before that it is
// 404. Without a rate every article is visible from the start.
type Site struct {
	arts      []Article
	rate      float64
	byPath    map[string]int
	bySection map[string][]int // ascending index
	sections  []string
	start     atomic.Int64 // unix nanoseconds; 0 = not started
	fetched   []atomic.Bool
	nFetched  atomic.Int64
	requests  atomic.Int64
}

// NewSite serves arts; rate is articles per second, 0 = all at once.
func NewSite(arts []Article, rate float64) *Site {
	s := &Site{arts: arts, rate: rate, byPath: make(map[string]int, len(arts)), bySection: map[string][]int{},
		fetched: make([]atomic.Bool, len(arts))}
	for i, a := range arts {
		s.byPath[a.Path] = i
		if _, ok := s.bySection[a.Section]; !ok {
			s.sections = append(s.sections, a.Section)
		}
		s.bySection[a.Section] = append(s.bySection[a.Section], i)
	}
	sort.Strings(s.sections)
	return s
}

// Start sets the time the first article is published (rate > 0).
func (s *Site) Start(t time.Time) { s.start.Store(t.UnixNano()) }

// Sections lists the section paths ("/africa/").
func (s *Site) Sections() []string {
	out := make([]string, len(s.sections))
	for i, sec := range s.sections {
		out[i] = "/" + sec + "/"
	}
	return out
}

// Visible returns how many articles are published at now.
func (s *Site) Visible(now time.Time) int {
	if s.rate <= 0 {
		return len(s.arts)
	}
	st := s.start.Load()
	if st == 0 {
		return 0
	}
	el := now.Sub(time.Unix(0, st))
	if el < 0 {
		return 0
	}
	n := int(el.Seconds()*s.rate) + 1
	return min(n, len(s.arts))
}

// AllVisible reports whether every article is published at now.
func (s *Site) AllVisible(now time.Time) bool { return s.Visible(now) == len(s.arts) }

// Fetched returns the number of distinct articles requested (GET) so far.
func (s *Site) Fetched() int { return int(s.nFetched.Load()) }

// Requests returns the number of requests served.
func (s *Site) Requests() int64 { return s.requests.Load() }

// ServeHTTP implements http.Handler.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	base := "http://" + r.Host
	vis := s.Visible(time.Now())
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		s.write(w, r, "text/plain; charset=utf-8", fmt.Sprintf("User-agent: *\nAllow: /\nSitemap: %s/sitemap.xml\n", base))
	case p == "/":
		s.write(w, r, "text/html; charset=utf-8", s.home(vis))
	case p == "/rss.xml":
		s.write(w, r, "application/rss+xml; charset=utf-8", s.feed(base, vis))
	case p == "/sitemap.xml":
		s.write(w, r, "application/xml; charset=utf-8", s.sitemapIndex(base, vis))
	case strings.HasPrefix(p, "/sitemaps/") && strings.HasSuffix(p, ".xml"):
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/sitemaps/"), ".xml"))
		if err != nil || k < 0 || k*SitemapSize >= vis {
			http.NotFound(w, r)
			return
		}
		s.write(w, r, "application/xml; charset=utf-8", s.sitemap(base, k, vis))
	default:
		if i, ok := s.byPath[p]; ok && i < vis {
			s.article(w, r, i)
			return
		}
		if sec, page, ok := s.sectionPage(p); ok {
			s.write(w, r, "text/html; charset=utf-8", s.section(sec, page, vis))
			return
		}
		http.NotFound(w, r)
	}
}

func (s *Site) write(w http.ResponseWriter, r *http.Request, ct, body string) {
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(body))
}

// sectionPage parses "/africa/" and "/africa/page/3/".
func (s *Site) sectionPage(p string) (string, int, bool) {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if !strings.HasSuffix(p, "/") || len(parts) == 0 {
		return "", 0, false
	}
	if _, ok := s.bySection[parts[0]]; !ok {
		return "", 0, false
	}
	switch {
	case len(parts) == 1:
		return parts[0], 1, true
	case len(parts) == 3 && parts[1] == "page":
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 2 {
			return "", 0, false
		}
		return parts[0], n, true
	}
	return "", 0, false
}

// visibleIn returns the visible articles of a section, newest first.
func (s *Site) visibleIn(sec string, vis int) []int {
	all := s.bySection[sec]
	n := sort.SearchInts(all, vis) // all[:n] < vis
	out := make([]int, n)
	for k := range n {
		out[k] = all[n-1-k]
	}
	return out
}

func (s *Site) article(w http.ResponseWriter, r *http.Request, i int) {
	if r.Method == http.MethodGet && !s.fetched[i].Swap(true) {
		s.nFetched.Add(1)
	}
	a := s.arts[i]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", fmt.Sprintf(`"bench-%d"`, i))
	w.Header().Set("Cache-Control", "public, max-age=60")
	body := s.articleHTML("http://"+r.Host, a)
	http.ServeContent(w, r, "", a.Published, bytes.NewReader(body))
}

const pageHead = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s | Bench Wire</title>
<link rel="alternate" type="application/rss+xml" title="Bench Wire" href="/rss.xml">
`

func (s *Site) nav(b *strings.Builder) {
	b.WriteString("<header><a class=\"logo\" href=\"/\">BENCH WIRE</a><nav><ul>\n")
	for _, sec := range s.sections {
		fmt.Fprintf(b, "<li><a href=\"/%s/\">%s</a></li>\n", sec, html.EscapeString(sec))
	}
	b.WriteString("</ul></nav></header>\n")
}

func (s *Site) articleHTML(base string, a Article) []byte {
	var b strings.Builder
	e := html.EscapeString
	pub := a.Published.Format(time.RFC3339)
	fmt.Fprintf(&b, pageHead, e(a.Title))
	fmt.Fprintf(&b, "<meta name=\"author\" content=\"%s\">\n<meta property=\"og:type\" content=\"article\">\n", e(a.Author))
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n<meta property=\"article:published_time\" content=\"%s\">\n", e(a.Title), pub)
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s%s\">\n", base, a.Path)
	fmt.Fprintf(&b, `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"author":[{"@type":"Person","name":%q}],"inLanguage":"en"}</script>`+"\n",
		a.Title, pub, a.Author)
	b.WriteString("</head>\n<body>\n")
	s.nav(&b)
	b.WriteString("<main><article class=\"story\">\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p class=\"byline\">By <span class=\"author\">%s</span></p>\n", e(a.Title), e(a.Author))
	fmt.Fprintf(&b, "<p class=\"timestamp\"><time datetime=\"%s\">%s</time></p>\n<div class=\"story-body\">\n", pub, a.Published.Format("January 2, 2006 3:04 PM UTC"))
	for _, p := range a.Paragraphs {
		fmt.Fprintf(&b, "<p>%s</p>\n", e(p))
	}
	b.WriteString("</div></article>\n<aside class=\"related\"><h2>More stories</h2><ul>\n")
	sec := s.bySection[a.Section]
	at := sort.SearchInts(sec, a.Index) // sec[at] == a.Index; earlier stories are visible too
	for k := at - 1; k >= 0 && k >= at-relatedLinks; k-- {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", s.arts[sec[k]].Path, e(s.arts[sec[k]].Title))
	}
	b.WriteString("</ul></aside></main>\n</body>\n</html>\n")
	return []byte(b.String())
}

func (s *Site) home(vis int) string {
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, "Home")
	b.WriteString("</head>\n<body>\n")
	s.nav(&b)
	b.WriteString("<main><h1>Latest</h1><ul>\n")
	for k := vis - 1; k >= 0 && k >= vis-30; k-- {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", s.arts[k].Path, html.EscapeString(s.arts[k].Title))
	}
	b.WriteString("</ul></main>\n</body>\n</html>\n")
	return b.String()
}

func (s *Site) section(sec string, page, vis int) string {
	ids := s.visibleIn(sec, vis)
	var b strings.Builder
	fmt.Fprintf(&b, pageHead, html.EscapeString(sec))
	b.WriteString("</head>\n<body>\n")
	s.nav(&b)
	b.WriteString("<main><ul class=\"stories\">\n")
	from := (page - 1) * SectionPageSize
	for k := from; k < len(ids) && k < from+SectionPageSize; k++ {
		a := s.arts[ids[k]]
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a> <time>%s</time></li>\n", a.Path, html.EscapeString(a.Title), a.Published.Format("2006-01-02"))
	}
	b.WriteString("</ul>\n")
	if from+SectionPageSize < len(ids) {
		fmt.Fprintf(&b, "<a class=\"older\" href=\"/%s/page/%d/\">Older stories</a>\n", sec, page+1)
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.String()
}

func (s *Site) feed(base string, vis int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<rss version=\"2.0\"><channel>\n")
	fmt.Fprintf(&b, "<title>Bench Wire</title><link>%s/</link><description>Generated news for claimwatch bench</description>\n", base)
	for k := vis - 1; k >= 0 && k >= vis-FeedSize; k-- {
		a := s.arts[k]
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s%s</link><guid>%s%s</guid><pubDate>%s</pubDate></item>\n",
			html.EscapeString(a.Title), base, a.Path, base, a.Path, a.Published.Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

func (s *Site) sitemapIndex(base string, vis int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for k := 0; k*SitemapSize < vis; k++ {
		last := min(vis, (k+1)*SitemapSize) - 1
		fmt.Fprintf(&b, "<sitemap><loc>%s/sitemaps/%d.xml</loc><lastmod>%s</lastmod></sitemap>\n", base, k, s.arts[last].Published.Format(time.RFC3339))
	}
	b.WriteString("</sitemapindex>\n")
	return b.String()
}

func (s *Site) sitemap(base string, k, vis int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := k * SitemapSize; i < vis && i < (k+1)*SitemapSize; i++ {
		a := s.arts[i]
		fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", base, a.Path, a.Published.Format(time.RFC3339))
	}
	b.WriteString("</urlset>\n")
	return b.String()
}
