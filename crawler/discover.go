package crawler

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// FeedLinks returns the item links of an RSS or Atom feed.
func FeedLinks(body []byte) ([]string, error) {
	items, err := FeedItems(body)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.Link)
	}
	return out, nil
}

// FeedItem is one item of a feed: its link and, when given, its date
// (pubDate, published or updated).
type FeedItem struct {
	Link      string
	Published time.Time
}

// FeedItems returns the items of an RSS or Atom feed that have a link.
func FeedItems(body []byte) ([]FeedItem, error) {
	if err := checkParseSize("feed", len(body)); err != nil {
		return nil, err
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	var out []FeedItem
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		fi := FeedItem{Link: strings.TrimSpace(it.Link)}
		if fi.Link == "" && len(it.Links) > 0 {
			fi.Link = strings.TrimSpace(it.Links[0])
		}
		if fi.Link == "" {
			continue
		}
		switch {
		case it.PublishedParsed != nil:
			fi.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			fi.Published = it.UpdatedParsed.UTC()
		}
		out = append(out, fi)
	}
	return out, nil
}

// SitemapEntry is one <url> or <sitemap> of a sitemap.
type SitemapEntry struct {
	Loc           string
	LastMod       string
	PublishedNews string // news:publication_date
	IsIndex       bool   // entry of a sitemap index: another sitemap
}

type sitemapXML struct {
	XMLName  xml.Name
	URLs     []sitemapURL `xml:"url"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		PublicationDate string `xml:"publication_date"`
	} `xml:"news"`
}

// ParseSitemap reads a sitemap or a sitemap index.
func ParseSitemap(body []byte) ([]SitemapEntry, error) {
	if err := checkParseSize("sitemap", len(body)); err != nil {
		return nil, err
	}
	var sm sitemapXML
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	if err := dec.Decode(&sm); err != nil {
		return nil, fmt.Errorf("sitemap: %w", err)
	}
	switch sm.XMLName.Local {
	case "urlset", "sitemapindex":
	default:
		return nil, fmt.Errorf("sitemap: root element %q is neither urlset nor sitemapindex", sm.XMLName.Local)
	}
	var out []SitemapEntry
	for _, u := range sm.URLs {
		if loc := strings.TrimSpace(u.Loc); loc != "" {
			out = append(out, SitemapEntry{Loc: loc, LastMod: u.LastMod, PublishedNews: u.News.PublicationDate})
		}
	}
	for _, s := range sm.Sitemaps {
		if loc := strings.TrimSpace(s.Loc); loc != "" {
			out = append(out, SitemapEntry{Loc: loc, LastMod: s.LastMod, IsIndex: true})
		}
	}
	return out, nil
}

// resolve makes href absolute against base; "" when it cannot.
func resolve(base, href string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	h, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	return b.ResolveReference(h).String()
}
