package crawler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/claimwatch/claimwatch/configs"
)

// selectorPage is a page whose markup misleads the generic rules: the
// story sits in an unmarked table cell, a longer "promo" block of
// paragraphs competes with it, the byline and date are in spans.
func selectorPage(story string) string {
	promo := strings.Repeat("<p>Subscribe today and get unlimited access to our reporting, newsletters and the e-paper edition every morning.</p>", 8)
	return `<html lang="en"><head><title>Site | Home</title></head><body>
<div class="wrap"><div class="col-a">` + promo + `</div>
<table><tr><td class="c2"><span class="hl">Police arrest three after market blast</span>
<span class="pd">12/03/2024</span> <span class="au">Jane Roe</span><span class="au">John Doe</span>
<div class="txt">` + story + `<div class="gallery">Photo gallery: 12 images</div></div></td></tr></table></div></body></html>`
}

func TestParseWithSelectors(t *testing.T) {
	story := "<p>Police arrested three men on Tuesday after a blast at the central market wounded nine people.</p><p>A local militia denied any role in the attack, the governor said.</p>"
	page := []byte(selectorPage(story))
	sel := Selectors{Content: "td.c2 .txt", Exclude: ".gallery", Title: ".hl", Published: ".pd", Authors: ".au"}
	tests := []struct {
		name      string
		sel       Selectors
		wantTitle string
		wantDate  string
		wantText  []string // must contain
		wantNot   []string
		authors   int
	}{
		{"generic rules", Selectors{}, "Site | Home", "", nil, nil, 0},
		{"selectors", sel, "Police arrest three after market blast", "2024-03-12", []string{"Police arrested three men", "militia denied"}, []string{"Subscribe today", "Photo gallery"}, 2},
		{"selector matching nothing keeps generic", Selectors{Content: "#nope", Title: "#nope"}, "Site | Home", "", nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseWith("https://x.example/a", page, "text/html", tt.sel)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.wantTitle || p.Published != tt.wantDate || len(p.Authors) != tt.authors {
				t.Errorf("title %q date %q authors %v", p.Title, p.Published, p.Authors)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(p.Text, w) {
					t.Errorf("text lacks %q: %q", w, p.Text)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(p.Text, w) {
					t.Errorf("text keeps %q", w)
				}
			}
			if tt.sel.Content != "" && len(tt.wantText) > 0 && !p.IsArticle {
				t.Error("page with a content match is not an article")
			}
		})
	}
}

func TestSelectorsValidate(t *testing.T) {
	if err := (Selectors{Content: "div.story > p", Authors: ".a, .b"}).Validate(); err != nil {
		t.Fatal(err)
	}
	err := Source{Name: "s", Home: "https://x.example/", Selectors: Selectors{Title: "h1[["}}.Validate()
	if !errors.Is(err, ErrBadSelector) {
		t.Fatalf("err = %v, want ErrBadSelector", err)
	}
}

// TestCrawlArticleLinkSelector: with article_links and next_page set, the
// crawler follows the story links and the pagination of the section pages
// and nothing else, and reads the stories with the content selector.
func TestCrawlArticleLinkSelector(t *testing.T) {
	var junk atomic.Int32
	story := func(n int) string {
		return selectorPage(fmt.Sprintf("<p>Story %d: officials said the convoy was attacked near the border crossing on Monday morning.</p>", n))
	}
	section := func(stories []int, next string) string {
		var b strings.Builder
		b.WriteString(`<html><body><nav><a href="/junk/1">Sport</a><a href="/junk/2">Weather</a></nav><div class="headlines">`)
		for _, n := range stories {
			fmt.Fprintf(&b, `<h3><a class="story-link" href="/story/%d">Story %d</a></h3>`, n, n)
		}
		b.WriteString(`</div><a href="/junk/3" class="promo">Shop</a>`)
		if next != "" {
			fmt.Fprintf(&b, `<a class="pagination-next" href="%s">Next</a>`, next)
		}
		b.WriteString(`</body></html>`)
		return b.String()
	}
	site := serve(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/robots.txt":
				fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			case r.URL.Path == "/world/" && r.URL.Query().Get("page") == "2":
				fmt.Fprint(w, section([]int{3}, ""))
			case r.URL.Path == "/world/":
				fmt.Fprint(w, section([]int{1, 2}, "/world/?page=2"))
			case strings.HasPrefix(r.URL.Path, "/story/"):
				n := strings.TrimPrefix(r.URL.Path, "/story/")
				fmt.Fprint(w, selectorPage("<p>Story "+n+": officials said the convoy was attacked near the border crossing on Monday morning.</p>"))
			default:
				junk.Add(1)
				fmt.Fprint(w, story(99))
			}
		},
	})
	sel := Selectors{ArticleLinks: "div.headlines a.story-link", NextPage: "a.pagination-next", Content: ".txt", Exclude: ".gallery", Title: ".hl", Published: ".pd"}
	pub := &memPub{}
	st, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Sections: []string{site.URL + "/world/"}, Selectors: sel, MaxDepth: 3})
	if err != nil {
		t.Fatal(err)
	}
	if junk.Load() != 0 {
		t.Errorf("%d links outside the selectors were fetched", junk.Load())
	}
	if pub.n() != 3 {
		t.Fatalf("published %d, want stories 1-3 (page 2 through next_page); %+v", pub.n(), st)
	}
	for _, a := range pub.arts {
		if !strings.HasPrefix(a.Text, "Story ") || strings.Contains(a.Text, "Subscribe") || a.Published != "2024-03-12" {
			t.Errorf("%s: text %q published %q", a.URL, a.Text, a.Published)
		}
	}
}

// TestParseJSONLSelectors: `claimwatch parse --sources` applies the
// selectors of the source a page's host belongs to.
func TestParseJSONLSelectors(t *testing.T) {
	yml := []byte(`sources:
  - name: s
    home: https://x.example/
    selectors: {content: ".txt", title: ".hl", published: ".pd"}
`)
	srcs, err := ReadSources(yml)
	if err != nil {
		t.Fatal(err)
	}
	story := "<p>Police arrested three men on Tuesday after a blast at the central market wounded nine people.</p>"
	var in bytes.Buffer
	for _, u := range []string{"https://x.example/a", "https://other.example/a"} {
		b, _ := json.Marshal(ParseInput{ID: u, URL: u, HTML: selectorPage(story)})
		in.Write(append(b, '\n'))
	}
	var out bytes.Buffer
	if _, err := RunParseJSONLWith(context.Background(), &in, &out, SelectorsFor(srcs)); err != nil {
		t.Fatal(err)
	}
	var got []ParseOutput
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var o ParseOutput
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatal(err)
		}
		got = append(got, o)
	}
	if len(got) != 2 || got[0].Title != "Police arrest three after market blast" || got[0].Published != "2024-03-12" {
		t.Fatalf("configured host: %+v", got)
	}
	if got[1].Title != "Site | Home" {
		t.Errorf("other host got selectors: %+v", got[1])
	}
	if _, err := ReadSources([]byte("sources:\n  - name: bad\n    home: https://x.example/\n    selectors: {content: 'a[['}\n")); !errors.Is(err, ErrBadSelector) {
		t.Errorf("bad selector in file: %v", err)
	}
}

// TestBundledSourcesParse: configs/sources.yaml reads and validates.
func TestBundledSourcesParse(t *testing.T) {
	b, err := configs.FS.ReadFile("sources.yaml")
	if err != nil {
		t.Skip("configs.FS has no sources.yaml:", err)
	}
	if _, err := ReadSources(b); err != nil {
		t.Fatal(err)
	}
}
