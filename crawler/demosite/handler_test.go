package demosite_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/crawler/demosite"
)

func TestEveryArticleIsServed(t *testing.T) {
	srv := newServer(t)
	for _, a := range demosite.Articles() {
		t.Run(a.Path, func(t *testing.T) {
			p := get(t, srv, a.Path)
			if p.status != http.StatusOK {
				t.Fatalf("status %d", p.status)
			}
			ct := p.header.Get("Content-Type")
			if !strings.HasPrefix(ct, "text/html") {
				t.Fatalf("Content-Type %q", ct)
			}
			wantCS := "utf-8"
			if a.Charset != "" {
				wantCS = a.Charset
			}
			if !strings.Contains(ct, "charset="+wantCS) {
				t.Errorf("Content-Type %q, want charset %s", ct, wantCS)
			}
			if wantCS == "windows-1252" && utf8.Valid(p.body) {
				t.Error("windows-1252 page is valid UTF-8: it was not really re-encoded")
			}
			d := parseDoc(t, utf8Body(t, p))
			if !strings.EqualFold(d.metaCS, wantCS) {
				t.Errorf("<meta charset=%q>, want %s", d.metaCS, wantCS)
			}
			if !d.hasArticle || d.h1 != a.Title {
				t.Errorf("<article> %v, <h1> %q, want %q", d.hasArticle, d.h1, a.Title)
			}
			if d.canonical != srv.URL+a.Path || d.meta["og:url"] != srv.URL+a.Path {
				t.Errorf("canonical %q, og:url %q, want %s", d.canonical, d.meta["og:url"], srv.URL+a.Path)
			}
			if d.meta["og:title"] != a.Title || d.meta["article:published_time"] != a.Published {
				t.Errorf("og:title %q, article:published_time %q", d.meta["og:title"], d.meta["article:published_time"])
			}
			found := false
			for _, dt := range d.times {
				found = found || dt == a.Published
			}
			if !found {
				t.Errorf("no <time datetime=%q> in %v", a.Published, d.times)
			}
			checkJSONLD(t, d, a)
			checkBody(t, d, a)
		})
	}
}

func checkJSONLD(t *testing.T, d doc, a demosite.Article) {
	t.Helper()
	if len(d.jsonLD) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1", len(d.jsonLD))
	}
	var ld struct {
		Type          string `json:"@type"`
		Headline      string `json:"headline"`
		DatePublished string `json:"datePublished"`
		Author        []struct {
			Name string `json:"name"`
		} `json:"author"`
	}
	if err := json.Unmarshal([]byte(d.jsonLD[0]), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	if ld.Type != "NewsArticle" || ld.Headline != a.Title || ld.DatePublished != a.Published ||
		len(ld.Author) != 1 || ld.Author[0].Name != a.Author {
		t.Errorf("JSON-LD %+v does not describe %s", ld, a.Path)
	}
}

func checkBody(t *testing.T, d doc, a demosite.Article) {
	t.Helper()
	if len(d.storyText) < 4 {
		t.Fatalf("%d paragraphs, want several", len(d.storyText))
	}
	if !strings.Contains(d.storyText[0], "(Demo Wire) - ") {
		t.Errorf("first paragraph has no dateline: %.60q", d.storyText[0])
	}
	words := len(strings.Fields(strings.Join(d.storyText, " ")))
	if words < 250 || words > 600 {
		t.Errorf("%d words, want 250-600", words)
	}
	quoted := false
	for _, p := range d.storyText {
		quoted = quoted || strings.ContainsAny(p, "\"“")
	}
	if !quoted {
		t.Error("no quotation in the article")
	}
}

func TestNonASCIIArticles(t *testing.T) {
	srv := newServer(t)
	var sawUTF8, saw1252 bool
	for _, a := range demosite.Articles() {
		p := get(t, srv, a.Path)
		text := utf8Body(t, p)
		d := parseDoc(t, text)
		body := strings.Join(d.storyText, "\n")
		rich := strings.ContainsAny(body, "“”’—") && strings.ContainsAny(body+a.Author, "éáíóúïÉ")
		if !rich {
			continue
		}
		if a.Charset == "windows-1252" {
			saw1252 = true
		} else if strings.Contains(body, "\u00a0") {
			sawUTF8 = true
		}
	}
	if !sawUTF8 {
		t.Error("no UTF-8 article with curly quotes, em dash, accents and a no-break space")
	}
	if !saw1252 {
		t.Error("no windows-1252 article with curly quotes, em dash and accents")
	}
}

func TestHandlerURLs(t *testing.T) {
	srv := newServer(t)
	art := demosite.Articles()[0]
	tests := []struct {
		name, path string
		status     int
		location   string
		ctPrefix   string
	}{
		{"home", "/", 200, "", "text/html"},
		{"section", "/world/", 200, "", "text/html"},
		{"section page 2", "/africa/page/2/", 200, "", "text/html"},
		{"section without slash", "/world", 301, "/world/", ""},
		{"index.html", "/world/index.html", 301, "/world/", ""},
		{"root index.html", "/index.html", 301, "/", ""},
		{"dot segments", "/world/../asia/", 301, "/asia/", ""},
		{"feed", "/rss.xml", 200, "", "application/rss+xml"},
		{"sitemap", "/sitemap.xml", 200, "", "application/xml"},
		{"news sitemap", "/sitemap-news.xml", 200, "", "application/xml"},
		{"robots", "/robots.txt", 200, "", "text/plain"},
		{"article", art.Path, 200, "", "text/html"},
		{"article with query", art.Path + "?utm_source=rss", 200, "", "text/html"},
		{"missing", "/world/2024/01/01/nothing.html", 404, "", "text/html"},
		{"manifest is not public", "/manifest.json", 404, "", "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := get(t, srv, tt.path)
			if p.status != tt.status {
				t.Fatalf("status %d, want %d", p.status, tt.status)
			}
			if tt.location != "" && p.header.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", p.header.Get("Location"), tt.location)
			}
			if tt.ctPrefix != "" && !strings.HasPrefix(p.header.Get("Content-Type"), tt.ctPrefix) {
				t.Errorf("Content-Type %q, want %s", p.header.Get("Content-Type"), tt.ctPrefix)
			}
			if strings.Contains(string(p.body), demosite.Placeholder) {
				t.Error("placeholder base URL was not replaced")
			}
		})
	}
}

func TestHandlerMethods(t *testing.T) {
	srv := newServer(t)
	resp, err := srv.Client().Post(srv.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST status %d, want 405", resp.StatusCode)
	}
	resp, err = srv.Client().Head(srv.URL + "/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength <= 0 {
		t.Errorf("HEAD status %d length %d", resp.StatusCode, resp.ContentLength)
	}
}

// TestQueryVariantIsCanonicalised checks that the one way to reach a page
// under a second URL, a query string, names the clean URL as canonical.
func TestQueryVariantIsCanonicalised(t *testing.T) {
	srv := newServer(t)
	for _, a := range demosite.Articles()[:5] {
		p := get(t, srv, a.Path+"?ref=home&utm_medium=social")
		if d := parseDoc(t, utf8Body(t, p)); d.canonical != srv.URL+a.Path {
			t.Errorf("%s?query: canonical %q", a.Path, d.canonical)
		}
	}
}
