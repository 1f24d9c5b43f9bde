package crawler

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Selectors are optional per-source CSS selectors (configs/sources.yaml,
// key selectors) for sites where the generic rules go wrong. Each one that
// is set and matches on a page overrides the generic result; one that
// matches nothing leaves the generic result in place.
type Selectors struct {
	// ArticleLinks selects the links to follow (a elements, or elements
	// holding them) on every page of the source; with it set, other links
	// are not followed (feeds and sitemaps are unaffected).
	ArticleLinks string `yaml:"article_links" json:"article_links,omitempty"`
	// NextPage selects pagination links of section pages, followed with
	// ArticleLinks (the source's max_depth bounds how far).
	NextPage string `yaml:"next_page" json:"next_page,omitempty"`
	// Content selects the main-text container(s); a page where it matches
	// text is an article.
	Content string `yaml:"content" json:"content,omitempty"`
	// Exclude selects elements removed before the main text is read.
	Exclude string `yaml:"exclude" json:"exclude,omitempty"`
	// Title selects the headline element.
	Title string `yaml:"title" json:"title,omitempty"`
	// Published selects the publication date: its datetime or content
	// attribute, else its text.
	Published string `yaml:"published" json:"published,omitempty"`
	// Authors selects one element per author.
	Authors string `yaml:"authors" json:"authors,omitempty"`
}

// IsZero reports whether no selector is set.
func (s Selectors) IsZero() bool { return s == Selectors{} }

// Validate checks that every selector set is valid CSS.
func (s Selectors) Validate() error {
	for _, f := range []struct{ name, sel string }{
		{"article_links", s.ArticleLinks}, {"next_page", s.NextPage}, {"content", s.Content}, {"exclude", s.Exclude},
		{"title", s.Title}, {"published", s.Published}, {"authors", s.Authors},
	} {
		if f.sel == "" {
			continue
		}
		if _, err := cascadia.ParseGroup(f.sel); err != nil {
			return fmt.Errorf("%w: selectors.%s %q: %v", ErrBadSelector, f.name, f.sel, err)
		}
	}
	return nil
}

// selectedLinks returns the hrefs of the links ArticleLinks and NextPage
// select (the elements themselves when they are links, else the links
// inside them), in document order.
func selectedLinks(doc *goquery.Document, s Selectors) []string {
	var out []string
	seen := map[*html.Node]bool{}
	for _, sel := range []string{s.ArticleLinks, s.NextPage} {
		if sel == "" {
			continue
		}
		doc.Find(sel).Each(func(_ int, e *goquery.Selection) {
			for _, n := range e.Nodes {
				if seen[n] {
					continue
				}
				seen[n] = true
				if n.Data == "a" {
					if h, ok := getAttr(n, "href"); ok {
						out = append(out, h)
					}
					continue
				}
				out = links(n, out)
			}
		})
	}
	return out
}

// selectedText returns the paragraphs of the Content matches, boilerplate
// removed; nil when Content is unset or matches no text.
func selectedText(doc *goquery.Document, s Selectors) []string {
	if s.Content == "" {
		return nil
	}
	m := doc.Find(s.Content)
	if m.Length() == 0 {
		return nil
	}
	dropBoilerplate(m)
	var parts []string
	m.Each(func(_ int, e *goquery.Selection) {
		ps := paragraphs(e)
		if len(ps) == 0 { // text directly in the container
			if t := collapse(e.Text()); t != "" {
				ps = []string{t}
			}
		}
		parts = append(parts, ps...)
	})
	return dedupe(parts)
}

// selectedDate reads the Published match: datetime or content attribute,
// else the text.
func selectedDate(doc *goquery.Document, s Selectors) string {
	if s.Published == "" {
		return ""
	}
	e := doc.Find(s.Published).First()
	if e.Length() == 0 {
		return ""
	}
	for _, a := range []string{"datetime", "content"} {
		if v, ok := e.Attr(a); ok {
			if d := normaliseDate(v); d != "" {
				return d
			}
		}
	}
	t := collapse(e.Text())
	if d := normaliseDate(t); d != "" {
		return d
	}
	return DateFromText(t)
}

// selectedAuthors returns the texts of the Authors matches.
func selectedAuthors(doc *goquery.Document, s Selectors) []string {
	if s.Authors == "" {
		return nil
	}
	var out []string
	doc.Find(s.Authors).Each(func(_ int, e *goquery.Selection) {
		t := collapse(e.Text())
		if c, ok := e.Attr("content"); ok && t == "" {
			t = strings.TrimSpace(c)
		}
		if t != "" && !contains(out, t) {
			out = append(out, t)
		}
	})
	return out
}

// SelectorsFor returns a function that gives the selectors of the source a
// URL belongs to (by allowed domain, else by the host of its home, section,
// feed and sitemap URLs); zero Selectors when none matches. `claimwatch
// parse` uses it to parse pages as the crawler would.
func SelectorsFor(sources []Source) func(pageURL string) Selectors {
	byHost := map[string]Selectors{}
	for _, s := range sources {
		if s.Selectors.IsZero() {
			continue
		}
		hosts := append([]string{}, s.AllowedDomains...)
		for _, u := range append(append(append([]string{s.Home}, s.Sections...), s.Feeds...), s.Sitemaps...) {
			if p, err := url.Parse(u); err == nil && p.Hostname() != "" {
				hosts = append(hosts, p.Hostname())
			}
		}
		for _, h := range hosts {
			if _, ok := byHost[strings.ToLower(h)]; !ok {
				byHost[strings.ToLower(h)] = s.Selectors
			}
		}
	}
	return func(pageURL string) Selectors {
		p, err := url.Parse(pageURL)
		if err != nil {
			return Selectors{}
		}
		return byHost[strings.ToLower(p.Hostname())]
	}
}
