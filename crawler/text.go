package crawler

import (
	"log/slog"
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

// boilerTags are elements that never hold article text; boilerClasses and
// boilerRoles are class names and ARIA roles of boilerplate blocks.
var (
	boilerTags = map[string]bool{"script": true, "style": true, "noscript": true, "nav": true, "aside": true, "footer": true,
		"header": true, "form": true, "iframe": true, "svg": true, "figure": true, "figcaption": true, "button": true,
		"select": true, "textarea": true}
	boilerClasses = map[string]bool{"share": true, "related": true, "ad": true, "advert": true}
	boilerRoles   = map[string]bool{"navigation": true, "complementary": true}
)

// unlikelyRe and likelyRe classify elements by class and id, after
// Readability's "unlikely candidates" rule.
var (
	unlikelyRe = regexp.MustCompile(`(?i)(^|[-_\s])(comments?|sidebar|widgets?|related|share|sharing|social|newsletter|subscribe|promo|advert|advertisement|ads?|ad-slot|cookies?|footer|byline|author|tags|trending|breaking|caption|menu|nav|navigation|breadcrumbs?|popup|modal|sponsor|sponsored|outbrain|taboola|masthead|meta|most-read|popular|read-more|readmore)([-_\s]|$)`)
	likelyRe   = regexp.MustCompile(`(?i)(^|[-_\s])(article|articlebody|body|content|entry-content|main|post|text|story|story-text|story-body)([-_\s]|$)`)
)

// isBoilerplate reports whether element n is a boilerplate block: by tag,
// class, ARIA role or hidden state, or by an unlikely class/id that no
// likely one outweighs (html, body, article, main and articleBody are never
// boilerplate by class).
func isBoilerplate(n *html.Node) bool {
	if boilerTags[n.Data] {
		return true
	}
	var cls, id, role, hidden, itemprop string
	var hasCls, hasID bool
	for _, a := range n.Attr {
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "class":
			cls, hasCls = a.Val, true
		case "id":
			id, hasID = a.Val, true
		case "role":
			role = a.Val
		case "aria-hidden":
			hidden = a.Val
		case "itemprop":
			itemprop = a.Val
		}
	}
	if boilerRoles[role] || hidden == "true" {
		return true
	}
	if hasCls {
		for _, c := range strings.Fields(cls) {
			if boilerClasses[c] {
				return true
			}
		}
	}
	if !hasCls && !hasID {
		return false
	}
	switch n.Data {
	case "html", "body", "article", "main":
		return false
	}
	if itemprop == "articleBody" {
		return false
	}
	key := cls + " " + id
	return unlikelyRe.MatchString(key) && !likelyRe.MatchString(key)
}

// dropBoilerplate removes boilerplate elements below s (s itself stays).
func dropBoilerplate(s *goquery.Selection) {
	for _, n := range s.Nodes {
		dropBoilerplateNode(n)
	}
}

func dropBoilerplateNode(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && isBoilerplate(c) {
			n.RemoveChild(c)
		} else {
			dropBoilerplateNode(c)
		}
		c = next
	}
}

// paraTags are the blocks paragraphs reports (div and td by their loose
// text).
var paraTags = map[string]bool{"p": true, "h2": true, "h3": true, "h4": true, "li": true, "blockquote": true, "pre": true, "div": true, "td": true}

// paragraphs returns the text blocks below root, one per paragraph,
// heading, list item or quote; text sitting directly in a block (div soup
// with <br>) counts as paragraphs too. Blocks inside a p, li, blockquote or
// pre are part of that block.
func paragraphs(root *goquery.Selection) []string {
	var parts []string
	for _, n := range root.Nodes {
		inside := false
		for a := n.Parent; a != nil; a = a.Parent {
			if a.Type == html.ElementNode && (a.Data == "p" || a.Data == "li" || a.Data == "blockquote" || a.Data == "pre") {
				inside = true
				break
			}
		}
		parts = paragraphsNode(n, inside, parts)
	}
	return parts
}

func paragraphsNode(n *html.Node, inside bool, parts []string) []string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		childInside := inside
		if paraTags[c.Data] {
			switch c.Data {
			case "div", "td":
				parts = append(parts, looseText(c)...)
			default:
				if !inside {
					if t := collapse(nodeText(c)); t != "" && !linkDense(c, t) {
						parts = append(parts, t)
					}
				}
				if c.Data != "h2" && c.Data != "h3" && c.Data != "h4" {
					childInside = true
				}
			}
		}
		parts = paragraphsNode(c, childInside, parts)
	}
	return parts
}

// looseText returns the runs of text directly inside a block element
// (not inside child blocks), split at <br><br>.
func looseText(s *html.Node) []string {
	var out []string
	var cur strings.Builder
	brs := 0
	flush := func() {
		if t := collapse(cur.String()); len(t) >= 40 {
			out = append(out, t)
		}
		cur.Reset()
	}
	for n := s.FirstChild; n != nil; n = n.NextSibling {
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
			appendText(&cur, n)
		case n.Type == html.ElementNode:
			flush()
		}
	}
	flush()
	return out
}

// linkDense reports whether most of a block's text is link text ("Read
// more: <a>...</a>", lists of related stories).
func linkDense(n *html.Node, text string) bool {
	links := linkTextLen(n)
	return links > 0 && links*2 > len(text)
}

// linkTextLen sums the collapsed text length of the links below n.
func linkTextLen(n *html.Node) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "a" {
			total += len(collapse(nodeText(c)))
		}
		total += linkTextLen(c)
	}
	return total
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
	ps.DisableJSONLD = true    // Parse reads JSON-LD itself
	ps.Logger = slog.New(slog.DiscardHandler)
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
	return strings.Join(trimEdges(dedupe(parts)), "\n\n")
}

// trimEdges drops the boilerplate that extractors keep at the edges of an
// article block: leading or trailing date lines ("Published 22/05/2024
// 10:15", "Updated: May 8, 2024") and trailing copyright lines.
func trimEdges(parts []string) []string {
	for len(parts) > 1 && isDateLine(parts[0]) {
		parts = parts[1:]
	}
	for len(parts) > 1 && (isDateLine(parts[len(parts)-1]) || isCopyrightLine(parts[len(parts)-1])) {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// isDateLine reports whether a block is a short line carrying a date and
// little else.
func isDateLine(p string) bool {
	return len(p) < 80 && len(strings.Fields(p)) <= 8 && DateFromText(p) != ""
}

// isCopyrightLine reports whether a block is a short copyright notice.
func isCopyrightLine(p string) bool {
	if len(p) >= 250 {
		return false
	}
	l := strings.ToLower(p)
	return strings.Contains(l, "©") || strings.Contains(l, "all rights reserved") || strings.HasPrefix(l, "copyright ") || strings.Contains(l, "(c) 20")
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
