package crawler

import (
	"strings"

	"golang.org/x/net/html"
)

// DOM helpers that walk the parsed tree once instead of running one CSS
// selector over the whole document per question (parse throughput, see
// BenchmarkParseNews).

// pageMeta is what Parse reads from the untouched document in one walk:
// for each question the first matching element in document order, as the
// CSS selectors it replaces would give.
type pageMeta struct {
	ogTitle, ogType, ogURL      string // meta[property=og:*] content
	publishedTime               string // meta[property="article:published_time"]
	modifiedTime                string // meta[property="article:modified_time"]
	ogDescription, description  string // meta[property="og:description"], meta[name="description"]
	timeDatetime                string // first time[datetime]
	metaDate, itempropDate      string // meta[name="date"], meta[itemprop="datePublished"]
	author                      string // meta[name="author"]
	canonical                   string // link[rel="canonical"] href
	lang                        string // <html lang>
	hasLang                     bool
	h1, title                   string // first <h1>, <title> text, collapsed
	jsonLD                      []string
	articles                    int // number of <article> elements
	seenTime, seenH1, seenTitle bool
	seenHTML                    bool
	seenMeta                    map[string]bool
}

// getAttr returns the value of attribute key of n.
func getAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// scanMeta collects the page metadata Parse needs in one pre-order walk.
func scanMeta(root *html.Node) pageMeta {
	m := pageMeta{seenMeta: map[string]bool{}}
	first := func(key string, dst *string, val string) {
		if !m.seenMeta[key] {
			m.seenMeta[key] = true
			*dst = strings.TrimSpace(val)
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				content, _ := getAttr(n, "content")
				if p, ok := getAttr(n, "property"); ok {
					switch p {
					case "og:title":
						first(p, &m.ogTitle, content)
					case "og:type":
						first(p, &m.ogType, content)
					case "og:url":
						first(p, &m.ogURL, content)
					case "article:published_time":
						first(p, &m.publishedTime, content)
					case "article:modified_time":
						first(p, &m.modifiedTime, content)
					case "og:description":
						first(p, &m.ogDescription, content)
					}
				}
				if nm, ok := getAttr(n, "name"); ok {
					switch nm {
					case "date":
						first("name=date", &m.metaDate, content)
					case "author":
						first("name=author", &m.author, content)
					case "description":
						first("name=description", &m.description, content)
					}
				}
				if ip, ok := getAttr(n, "itemprop"); ok && ip == "datePublished" {
					first("itemprop=datePublished", &m.itempropDate, content)
				}
			case "link":
				if rel, _ := getAttr(n, "rel"); rel == "canonical" {
					href, _ := getAttr(n, "href")
					first("canonical", &m.canonical, href)
				}
			case "time":
				if dt, ok := getAttr(n, "datetime"); ok && !m.seenTime {
					m.seenTime = true
					m.timeDatetime = strings.TrimSpace(dt)
				}
			case "html":
				if !m.seenHTML {
					m.seenHTML = true
					m.lang, m.hasLang = getAttr(n, "lang")
				}
			case "h1":
				if !m.seenH1 {
					m.seenH1 = true
					m.h1 = collapse(nodeText(n))
				}
			case "title":
				if !m.seenTitle {
					m.seenTitle = true
					m.title = collapse(nodeText(n))
				}
			case "article":
				m.articles++
			case "script":
				if t, _ := getAttr(n, "type"); t == "application/ld+json" {
					m.jsonLD = append(m.jsonLD, nodeText(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return m
}

// nodeText is the concatenated text of n's descendants (goquery's Text).
func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	appendText(&b, n)
	return b.String()
}

func appendText(b *strings.Builder, n *html.Node) {
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(b, c)
	}
}

// stripInert removes the nodes no extractor reads (scripts, styles,
// templates, comments) once, so that readability's copy of the tree and
// every later walk are smaller. Call it after scanMeta (JSON-LD lives in
// scripts).
func stripInert(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode,
			c.Type == html.ElementNode && (c.Data == "script" || c.Data == "style" || c.Data == "template" || c.Data == "noscript"):
			n.RemoveChild(c)
		default:
			stripInert(c)
		}
		c = next
	}
}

// links returns the href of every a[href] below n in document order.
func links(n *html.Node, out []string) []string {
	if n.Type == html.ElementNode && n.Data == "a" {
		if h, ok := getAttr(n, "href"); ok {
			out = append(out, h)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = links(c, out)
	}
	return out
}
