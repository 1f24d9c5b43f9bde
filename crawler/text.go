package crawler

import (
	"net/url"
	"regexp"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Main text extraction combines two extractors, measured on the demo site
// and on hand-made boilerplate-heavy pages (quality_test.go):
//
//   - readability (codeberg.org/readeck/go-readability, a port of Mozilla
//     Readability) scores blocks by text and link density and finds the
//     article on pages without semantic markup (div soup, sidebars);
//   - ours (ruleText) trusts semantic markup (itemprop=articleBody,
//     <article>, <main>) and drops boilerplate by tag and class/id.
//
// mainText takes readability's block, cleans it with our rules and keeps
// its paragraphs; when readability finds nothing (or much less than the
// rules do) it falls back to ours.

// boilerTags are elements that never hold article text.
const boilerTags = "script,style,noscript,nav,aside,footer,header,form,iframe,svg,figure,figcaption,button,select,textarea,.share,.related,.ad,.advert,[role=navigation],[role=complementary],[aria-hidden=true]"

// unlikelyRe and likelyRe classify elements by class and id, after
// Readability's "unlikely candidates" rule.
var (
	unlikelyRe = regexp.MustCompile(`(?i)(^|[-_\s])(comments?|sidebar|widgets?|related|share|sharing|social|newsletter|subscribe|promo|advert|advertisement|ads?|ad-slot|cookies?|footer|byline|author|tags|trending|breaking|caption|menu|nav|navigation|breadcrumbs?|popup|modal|sponsor|sponsored|outbrain|taboola|masthead|meta|most-read|popular|read-more|readmore)([-_\s]|$)`)
	likelyRe   = regexp.MustCompile(`(?i)(^|[-_\s])(article|articlebody|body|content|entry-content|main|post|text|story|story-text|story-body)([-_\s]|$)`)
)

// dropBoilerplate removes boilerplate elements below (and including) s.
func dropBoilerplate(s *goquery.Selection) {
	s.Find(boilerTags).Remove()
	s.Find("[class],[id]").Each(func(_ int, e *goquery.Selection) {
		switch goquery.NodeName(e) {
		case "html", "body", "article", "main":
			return
		}
		if e.Is(`[itemprop="articleBody"]`) {
			return
		}
		cls, _ := e.Attr("class")
		id, _ := e.Attr("id")
		key := cls + " " + id
		if unlikelyRe.MatchString(key) && !likelyRe.MatchString(key) {
			e.Remove()
		}
	})
}

// paragraphs returns the text blocks below root, one per paragraph,
// heading, list item or quote; text sitting directly in a block (div soup
// with <br>) counts as paragraphs too.
func paragraphs(root *goquery.Selection) []string {
	var parts []string
	root.Find("p,h2,h3,h4,li,blockquote,pre,div,td").Each(func(_ int, s *goquery.Selection) {
		name := goquery.NodeName(s)
		if name == "div" || name == "td" {
			parts = append(parts, looseText(s)...)
			return
		}
		if s.ParentsFiltered("p,li,blockquote,pre").Length() > 0 {
			return
		}
		t := collapse(s.Text())
		if t == "" || linkDense(s, t) {
			return
		}
		parts = append(parts, t)
	})
	return parts
}

// looseText returns the runs of text directly inside a block element
// (not inside child blocks), split at <br><br>.
func looseText(s *goquery.Selection) []string {
	var out []string
	var cur strings.Builder
	brs := 0
	flush := func() {
		if t := collapse(cur.String()); len(t) >= 40 {
			out = append(out, t)
		}
		cur.Reset()
	}
	for n := s.Nodes[0].FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.TextNode:
			if strings.TrimSpace(n.Data) != "" {
				brs = 0
			}
			cur.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "br":
			brs++
			if brs >= 2 {
				flush()
			}
			cur.WriteByte(' ')
		case n.Type == html.ElementNode && inlineTag[n.Data]:
			brs = 0
			cur.WriteString(goquery.NewDocumentFromNode(n).Text())
		case n.Type == html.ElementNode:
			flush()
		}
	}
	flush()
	return out
}

// linkDense reports whether most of a block's text is link text ("Read
// more: <a>...</a>", lists of related stories).
func linkDense(s *goquery.Selection, text string) bool {
	links := 0
	s.Find("a").Each(func(_ int, a *goquery.Selection) { links += len(collapse(a.Text())) })
	return links > 0 && links*2 > len(text)
}

var inlineTag = map[string]bool{"a": true, "b": true, "strong": true, "i": true, "em": true, "span": true, "abbr": true,
	"cite": true, "q": true, "small": true, "sub": true, "sup": true, "time": true, "u": true, "mark": true}

// ruleText is the rule-based extractor: the first semantic container
// (articleBody, article, main, #content) holding paragraphs, boilerplate
// removed.
func ruleText(doc *goquery.Document) []string {
	dropBoilerplate(doc.Selection)
	var root *goquery.Selection
	for _, sel := range []string{`[itemprop="articleBody"]`, "article", "main", "#content", "body"} {
		if s := doc.Find(sel).First(); s.Length() > 0 && s.Find("p").Length() > 0 {
			root = s
			break
		}
	}
	if root == nil {
		root = doc.Find("body")
	}
	return paragraphs(root)
}

// readabilityText runs readability on a copy of the document and returns
// the paragraphs of the block it selects, cleaned with our rules; nil when
// it finds nothing.
func readabilityText(doc *goquery.Document, pageURL string) []string {
	if len(doc.Nodes) == 0 {
		return nil
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	ps := readability.NewParser()
	ps.MaxElemsToParse = 30000 // news pages have 1-10k elements; hostile ones fall back to the rules
	ps.KeepClasses = true      // dropBoilerplate reads them
	art, err := ps.ParseDocument(doc.Nodes[0], u)
	if err != nil || art.Node == nil {
		return nil
	}
	sel := goquery.NewDocumentFromNode(art.Node).Selection
	dropBoilerplate(sel)
	return paragraphs(sel)
}

// mainText returns the paragraphs of the page's main content joined by
// blank lines. doc is modified.
func mainText(doc *goquery.Document, pageURL string) string {
	rd := readabilityText(doc, pageURL)
	rules := ruleText(doc)
	parts := rules
	if len(rd) > 0 && textLen(rd)*2 >= textLen(rules) {
		parts = rd
	}
	return strings.Join(dedupe(parts), "\n\n")
}

func textLen(parts []string) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// dedupe drops repeated blocks (a <div> whose loose text repeats a child
// paragraph cannot happen, but pull quotes repeating a paragraph can).
func dedupe(parts []string) []string {
	seen := make(map[string]bool, len(parts))
	out := parts[:0:0]
	for _, p := range parts {
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}
