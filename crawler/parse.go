package crawler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html/charset"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Page is the result of parsing one HTML page.
type Page struct {
	URL          string   `json:"url"`
	CanonicalURL string   `json:"canonical_url"`
	Title        string   `json:"title"`
	Text         string   `json:"text"`
	Authors      []string `json:"authors,omitempty"`
	Published    string   `json:"published,omitempty"`
	Modified     string   `json:"modified,omitempty"`    // last revision (RFC 3339 or YYYY-MM-DD)
	Description  string   `json:"description,omitempty"` // the page's summary (og:description, meta description, JSON-LD)
	Lang         string   `json:"lang,omitempty"`
	IsArticle    bool     `json:"is_article"`
	Links        []string `json:"-"`
}

// ToUTF8 converts body to UTF-8 using the Content-Type header, a BOM or a
// <meta charset> (golang.org/x/net/html/charset), and rejects what is still
// not valid UTF-8 or looks binary.
func ToUTF8(body []byte, contentType string) ([]byte, error) {
	if looksBinary(body) {
		return nil, fmt.Errorf("%w: binary content", ErrNotHTML)
	}
	if utf8.Valid(body) && !declaresNonUTF8(body, contentType) {
		return bytes.TrimPrefix(body, []byte(utf8BOM)), nil
	}
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, fmt.Errorf("charset: %w", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("charset: %w", err)
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out, nil
}

const utf8BOM = "\xef\xbb\xbf"

// declaresNonUTF8 reports whether the BOM, the Content-Type header or a
// <meta> in the first 2 KB names an encoding other than UTF-8.
func declaresNonUTF8(body []byte, contentType string) bool {
	head := body
	if len(head) > 2048 {
		head = head[:2048]
	}
	if contentType == "" {
		contentType = "text/html"
	}
	_, name, _ := charset.DetermineEncoding(head, contentType)
	return name != "utf-8"
}

func looksBinary(b []byte) bool {
	n := len(b)
	if n > 1024 {
		n = 1024
	}
	zeros := 0
	for _, c := range b[:n] {
		if c == 0 {
			zeros++
		}
	}
	return zeros > 0 && (n < 16 || zeros*100/n > 1)
}

// Parse extracts the main text and metadata from an HTML page. pageURL is the
// address it was fetched from (used to resolve relative links and as the
// fallback canonical URL).
func Parse(pageURL string, body []byte, contentType string) (Page, error) {
	return ParseWith(pageURL, body, contentType, Selectors{})
}

// ParseWith is Parse with a source's CSS selectors (Selectors), which
// override the generic rules where they match.
func ParseWith(pageURL string, body []byte, contentType string, sel Selectors) (Page, error) {
	p := Page{URL: pageURL}
	if _, err := CheckURL(pageURL); err != nil {
		return p, err
	}
	if err := checkParseSize("page", len(body)); err != nil {
		return p, err
	}
	utf, err := ToUTF8(body, contentType)
	if err != nil {
		return p, err
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(utf))
	if err != nil {
		return p, fmt.Errorf("html: %w", err)
	}
	m := scanMeta(doc.Nodes[0])
	stripInert(doc.Nodes[0])
	ld := parseJSONLD(m.jsonLD)
	p.CanonicalURL = canonicalOf(m, pageURL)
	p.Title = firstNonEmpty(m.ogTitle, ld.Headline, m.h1, m.title)
	p.Published = normaliseDate(firstNonEmpty(m.publishedTime, ld.DatePublished, m.timeDatetime, m.metaDate, m.itempropDate))
	p.Modified = normaliseDate(firstNonEmpty(m.modifiedTime, ld.DateModified))
	p.Description = collapse(firstNonEmpty(m.ogDescription, m.description, ld.Description))
	if m.author != "" {
		p.Authors = append(p.Authors, m.author)
	}
	for _, a := range ld.Authors {
		if a != "" && !contains(p.Authors, a) {
			p.Authors = append(p.Authors, a)
		}
	}
	if m.hasLang {
		p.Lang = strings.ToLower(strings.SplitN(strings.TrimSpace(m.lang), "-", 2)[0])
	}
	if p.Published == "" {
		p.Published = DateFromURL(p.CanonicalURL)
	}
	if p.Published == "" {
		p.Published = DateFromURL(pageURL)
	}
	if !sel.IsZero() {
		if t := firstMatchText(doc, sel.Title); t != "" {
			p.Title = t
		}
		if d := selectedDate(doc, sel); d != "" {
			p.Published = d
		}
		if a := selectedAuthors(doc, sel); len(a) > 0 {
			p.Authors = a
		}
		if sel.ArticleLinks != "" {
			p.Links = selectedLinks(doc, sel)
		}
		if sel.Exclude != "" {
			doc.Find(sel.Exclude).Remove()
		}
	}
	var dateHints string
	if p.Published == "" {
		dateHints = datelineText(doc)
	}
	selText := selectedText(doc, sel)
	if len(selText) > 0 {
		p.Text = strings.Join(selText, "\n\n")
	} else {
		p.Text = mainText(doc, pageURL)
	}
	if p.Published == "" {
		lead := p.Text
		if len(lead) > 300 {
			lead = lead[:300]
		}
		p.Published = DateFromText(dateHints + "\n" + lead)
	}
	if p.Lang == "" {
		if l, _ := DetectLang(p.Title + "\n" + p.Text); l != "" {
			p.Lang = l
		}
	}
	p.IsArticle = len(selText) > 0 || isArticlePage(ld.IsArticle, m.ogType, m.articles, len(p.Text))
	if sel.ArticleLinks == "" {
		p.Links = links(doc.Nodes[0], nil)
	}
	return p, nil
}

// isArticlePage decides whether a page is one article rather than a
// listing: schema.org or Open Graph say so, or (without metadata) the page
// has exactly one <article> element with substantial text.
func isArticlePage(ldArticle bool, ogType string, nArticleElems, textLen int) bool {
	switch {
	case ldArticle, strings.EqualFold(ogType, "article"):
		return true
	case ogType != "":
		return false
	default:
		return nArticleElems == 1 && textLen >= 300
	}
}

// datelineText returns the text of the elements that usually carry the
// publication date (time, date, byline and meta blocks), bounded.
func datelineText(doc *goquery.Document) string {
	var b strings.Builder
	doc.Find(`time,[itemprop="datePublished"],[class*="date"],[class*="Date"],[class*="byline"],[class*="meta"],[class*="time"],[class*="published"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		b.WriteString(collapse(s.Text()))
		b.WriteByte('\n')
		return b.Len() < 2000
	})
	return b.String()
}

type ldInfo struct {
	IsArticle     bool
	Headline      string
	DatePublished string
	DateModified  string
	Description   string
	Authors       []string
}

// parseJSONLD reads schema.org NewsArticle metadata from the texts of
// JSON-LD blocks.
func parseJSONLD(blocks []string) ldInfo {
	var info ldInfo
	for _, block := range blocks {
		var raw any
		if json.Unmarshal([]byte(block), &raw) != nil {
			continue
		}
		var visit func(v any)
		visit = func(v any) {
			switch t := v.(type) {
			case []any:
				for _, x := range t {
					visit(x)
				}
			case map[string]any:
				if g, ok := t["@graph"]; ok {
					visit(g)
				}
				typ := fmt.Sprint(t["@type"])
				if strings.Contains(typ, "Article") || strings.Contains(typ, "Reportage") {
					info.IsArticle = true
					if h, ok := t["headline"].(string); ok && info.Headline == "" {
						info.Headline = h
					}
					if d, ok := t["datePublished"].(string); ok && info.DatePublished == "" {
						info.DatePublished = d
					}
					if d, ok := t["dateModified"].(string); ok && info.DateModified == "" {
						info.DateModified = d
					}
					if d, ok := t["description"].(string); ok && info.Description == "" {
						info.Description = d
					}
					info.Authors = append(info.Authors, ldNames(t["author"])...)
				}
			}
		}
		visit(raw)
	}
	return info
}

func ldNames(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case map[string]any:
		if n, ok := t["name"].(string); ok {
			return []string{n}
		}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, ldNames(x)...)
		}
		return out
	}
	return nil
}

func canonicalOf(m pageMeta, pageURL string) string {
	for _, c := range []string{m.canonical, m.ogURL} {
		if c == "" {
			continue
		}
		if abs := resolve(pageURL, c); abs != "" {
			if cu, err := Canonicalize(abs); err == nil {
				return cu
			}
		}
	}
	cu, err := Canonicalize(pageURL)
	if err != nil {
		return pageURL
	}
	return cu
}

// normaliseDate returns RFC 3339 (or YYYY-MM-DD) for the date formats found
// in news metadata, or "" when it cannot be read.
func normaliseDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// ToArticle turns a parsed page into the pipeline's Article.
func (p Page) ToArticle(source, lang string, fetched time.Time) pipeline.Article {
	if p.Lang != "" {
		lang = p.Lang
	}
	if lang == "" {
		lang = "en"
	}
	return pipeline.Article{
		SchemaVersion: pipeline.SchemaVersion,
		ID:            pipeline.ArticleID(p.CanonicalURL),
		URL:           p.URL,
		CanonicalURL:  p.CanonicalURL,
		Source:        source,
		Title:         p.Title,
		Text:          p.Text,
		Authors:       p.Authors,
		Published:     p.Published,
		Modified:      p.Modified,
		Description:   p.Description,
		Lang:          lang,
		FetchedAt:     fetched.UTC(),
		ContentHash:   pipeline.ContentHash(p.Title + "\n" + p.Text),
	}
}

// firstMatchText is the collapsed text of the first element sel matches
// ("" when sel is empty or matches nothing).
func firstMatchText(doc *goquery.Document, sel string) string {
	if sel == "" {
		return ""
	}
	return collapse(doc.Find(sel).First().Text())
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
