package sitegen

import (
	"bytes"
	"encoding/xml"
	"time"

	"github.com/claimwatch/claimwatch/crawler/demosite"
)

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Category    string  `xml:"category"`
	Description string  `xml:"description"`
}

type rssGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink bool   `xml:"isPermaLink,attr"`
}

func (r *renderer) feed() error {
	doc := rssDoc{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{
		Title: "Demo Wire - Top News", Link: r.url("/"), Language: "en",
		Description: "Breaking news and analysis from Demo Wire.",
		Self:        atomLink{Href: r.url("/rss.xml"), Rel: "self", Type: "application/rss+xml"},
	}}
	for _, s := range r.srcs {
		if !s.Has(demosite.ViaFeed) {
			continue
		}
		pub := s.Time().UTC().Format(time.RFC1123Z)
		if doc.Channel.LastBuildDate == "" {
			doc.Channel.LastBuildDate = pub
		}
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title: s.Title, Link: r.url(s.Path), GUID: rssGUID{Value: r.url(s.Path), IsPermaLink: true},
			PubDate: pub, Category: sectionName(s.Section), Description: s.Summary,
		})
	}
	return r.xmlFile("/rss.xml", doc)
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	NewsNS  string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc        string    `xml:"loc"`
	LastMod    string    `xml:"lastmod,omitempty"`
	ChangeFreq string    `xml:"changefreq,omitempty"`
	News       *newsInfo `xml:"news:news"`
}

type newsInfo struct {
	Publication     newsPublication `xml:"news:publication"`
	PublicationDate string          `xml:"news:publication_date"`
	Title           string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

func (r *renderer) sitemaps() error {
	news := urlSet{NS: sitemapNS, NewsNS: "http://www.google.com/schemas/sitemap-news/0.9"}
	var newest string
	for _, s := range r.srcs {
		if !s.Has(demosite.ViaSitemap) {
			continue
		}
		if newest == "" {
			newest = s.Published
		}
		news.URLs = append(news.URLs, sitemapURL{Loc: r.url(s.Path), LastMod: s.Published, News: &newsInfo{
			Publication:     newsPublication{Name: "Demo Wire", Language: "en"},
			PublicationDate: s.Published, Title: s.Title,
		}})
	}
	if err := r.xmlFile("/sitemap-news.xml", news); err != nil {
		return err
	}
	pages := urlSet{NS: sitemapNS}
	pages.URLs = append(pages.URLs, sitemapURL{Loc: r.url("/"), ChangeFreq: "hourly"})
	for _, p := range r.sectionPages() {
		pages.URLs = append(pages.URLs, sitemapURL{Loc: r.url(p), ChangeFreq: "hourly"})
	}
	for _, sp := range staticPages {
		pages.URLs = append(pages.URLs, sitemapURL{Loc: r.url(sp.Path), ChangeFreq: "yearly"})
	}
	if err := r.xmlFile("/sitemap-pages.xml", pages); err != nil {
		return err
	}
	index := sitemapIndex{NS: sitemapNS, Sitemaps: []sitemapRef{
		{Loc: r.url("/sitemap-news.xml"), LastMod: newest},
		{Loc: r.url("/sitemap-pages.xml")},
	}}
	if err := r.xmlFile("/sitemap.xml", index); err != nil {
		return err
	}
	robots := "# Demo Wire\nUser-agent: *\nAllow: /\n\nSitemap: " + r.url("/sitemap.xml") + "\n"
	r.public("/robots.txt", []byte(robots))
	return nil
}

func (r *renderer) xmlFile(p string, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	r.public(p, buf.Bytes())
	return nil
}
