package demosite_test

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/crawler/demosite"
)

type rssFeed struct {
	Channel struct {
		Items []struct {
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
			Title   string `xml:"title"`
		} `xml:"item"`
	} `xml:"channel"`
}

type sitemapDoc struct {
	XMLName  xml.Name
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
	URLs []struct {
		Loc  string `xml:"loc"`
		News *struct {
			PublicationDate string `xml:"publication_date"`
			Title           string `xml:"title"`
		} `xml:"news"`
	} `xml:"url"`
}

// discovered maps each discovery path to the article paths it lists.
type discovered map[string]map[string]bool

func discover(t *testing.T, srv *httptest.Server) discovered {
	t.Helper()
	base := mustURL(t, srv.URL+"/")
	found := discovered{demosite.ViaFeed: {}, demosite.ViaSitemap: {}, demosite.ViaSection: {}}
	pubs := map[string]string{}
	for _, a := range demosite.Articles() {
		pubs[a.Path] = a.Published
	}

	// Feed.
	p := get(t, srv, "/rss.xml")
	var feed rssFeed
	if err := xml.Unmarshal(p.body, &feed); err != nil {
		t.Fatalf("rss.xml is not valid XML: %v", err)
	}
	if len(feed.Channel.Items) == 0 {
		t.Fatal("rss.xml has no items")
	}
	for _, it := range feed.Channel.Items {
		u, ok := internal(base, it.Link)
		if !ok || it.PubDate == "" || it.Title == "" || it.GUID != it.Link {
			t.Errorf("feed item %+v: bad link, guid, title or pubDate", it)
			continue
		}
		found[demosite.ViaFeed][u.Path] = true
	}

	// robots.txt -> sitemap index -> sitemaps.
	robots := string(get(t, srv, "/robots.txt").body)
	m := regexp.MustCompile(`(?m)^Sitemap: (\S+)$`).FindStringSubmatch(robots)
	if m == nil || !strings.Contains(robots, "Allow: /") {
		t.Fatalf("robots.txt lacks Allow or Sitemap:\n%s", robots)
	}
	queue := []string{m[1]}
	for len(queue) > 0 {
		loc := queue[0]
		queue = queue[1:]
		p := get(t, srv, loc)
		if p.status != http.StatusOK {
			t.Fatalf("sitemap %s: status %d", loc, p.status)
		}
		var sm sitemapDoc
		if err := xml.Unmarshal(p.body, &sm); err != nil {
			t.Fatalf("sitemap %s is not valid XML: %v", loc, err)
		}
		for _, s := range sm.Sitemaps {
			queue = append(queue, s.Loc)
		}
		for _, u := range sm.URLs {
			pu, ok := internal(base, u.Loc)
			if !ok {
				t.Errorf("sitemap %s: foreign URL %s", loc, u.Loc)
				continue
			}
			if _, isArticle := pubs[pu.Path]; isArticle {
				if u.News == nil || u.News.PublicationDate != pubs[pu.Path] {
					t.Errorf("news sitemap entry %s lacks the right news:publication_date", u.Loc)
				}
				found[demosite.ViaSitemap][pu.Path] = true
			}
		}
	}

	// Section pages, following pagination.
	sectionRE := regexp.MustCompile(`^/[a-z-]+/(page/\d+/)?$`)
	seen := map[string]bool{}
	queue = nil
	for _, href := range parseDoc(t, string(get(t, srv, "/").body)).links {
		if u, ok := internal(base, href); ok && sectionRE.MatchString(u.Path) {
			queue = append(queue, u.Path)
		}
	}
	for len(queue) > 0 {
		sp := queue[0]
		queue = queue[1:]
		if seen[sp] {
			continue
		}
		seen[sp] = true
		p := get(t, srv, sp)
		if p.status != http.StatusOK {
			t.Fatalf("section %s: status %d", sp, p.status)
		}
		for _, href := range parseDoc(t, string(p.body)).links {
			u, ok := internal(base, href)
			if !ok {
				continue
			}
			if sectionRE.MatchString(u.Path) {
				queue = append(queue, u.Path)
			} else if _, isArticle := pubs[u.Path]; isArticle && strings.HasPrefix(u.Path, sp[:strings.Index(sp[1:], "/")+2]) {
				found[demosite.ViaSection][u.Path] = true
			}
		}
	}
	if !seen["/africa/page/2/"] && !seen["/world/page/2/"] && !seen["/asia/page/2/"] {
		t.Error("no section has a second page reachable through pagination")
	}
	return found
}

func TestEveryArticleIsDiscoverable(t *testing.T) {
	srv := newServer(t)
	found := discover(t, srv)
	for _, a := range demosite.Articles() {
		any := false
		for via, paths := range found {
			listed := paths[a.Path]
			any = any || listed
			if want := slices.Contains(a.Via, via); listed != want {
				t.Errorf("%s: listed in %s = %v, manifest says %v", a.Path, via, listed, want)
			}
		}
		if !any {
			t.Errorf("%s is not reachable from the feed, the sitemaps or the sections", a.Path)
		}
	}
}

// TestAllLinksResolve crawls the whole site from the home page and the
// sitemaps: every same-site link must answer 200 (after at most one
// redirect for directory forms), every page must name itself as canonical,
// and no article may be reachable under a second path.
func TestAllLinksResolve(t *testing.T) {
	srv := newServer(t)
	base := mustURL(t, srv.URL+"/")
	articles := map[string]bool{}
	for _, a := range demosite.Articles() {
		articles[a.Path] = false
	}
	queue := []string{"/", "/rss.xml", "/sitemap.xml", "/sitemap-news.xml", "/sitemap-pages.xml", "/robots.txt"}
	seen := map[string]bool{}
	locRE := regexp.MustCompile(`<(?:loc|link|guid[^>]*)>([^<]+)<`)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		resp := get(t, srv, p)
		if resp.status != http.StatusOK {
			t.Errorf("%s: status %d", p, resp.status)
			continue
		}
		if _, ok := articles[p]; ok {
			articles[p] = true
		}
		var hrefs []string
		switch {
		case strings.HasSuffix(p, ".xml"):
			for _, m := range locRE.FindAllStringSubmatch(string(resp.body), -1) {
				hrefs = append(hrefs, m[1])
			}
		case strings.HasSuffix(p, ".txt"), strings.HasPrefix(p, "/static/"):
		default:
			d := parseDoc(t, utf8Body(t, resp))
			if d.canonical != srv.URL+p {
				t.Errorf("%s: canonical %q", p, d.canonical)
			}
			hrefs = d.links
		}
		for _, h := range hrefs {
			u, ok := internal(base, h)
			if !ok || u.Path == "/search" {
				continue
			}
			if u.RawQuery != "" {
				t.Errorf("%s links to %s with a query string", p, h)
			}
			if _, isArticle := articles[u.Path]; !isArticle && strings.HasSuffix(u.Path, ".html") && strings.Count(u.Path, "/") > 2 {
				t.Errorf("%s links to %s, an article path not in the manifest", p, h)
			}
			queue = append(queue, (&url.URL{Path: u.Path}).String())
		}
	}
	for p, reached := range articles {
		if !reached {
			t.Errorf("article %s was never reached by crawling", p)
		}
	}
}
