package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

func TestLooksLikeArticleURL(t *testing.T) {
	tests := []struct {
		u    string
		want bool
	}{
		{"https://x.example/2024/05/08/kabul-blast/", true},
		{"https://x.example/world/asia/bomb-kills-twelve-in-kabul-market.html", true},
		{"https://x.example/news/world-68912345", true},
		{"https://x.example/article/a1234567.ece", true},
		{"https://x.example/politique/attentat-revendique-par-le-groupe", true},
		{"https://x.example/", false},
		{"https://x.example/world/", false},
		{"https://x.example/world/middle-east/", false},
		{"https://x.example/tag/islamic-state-west-africa/", false},
		{"https://x.example/author/jane-roe-smith/", false},
		{"https://x.example/world/?page=2", false},
		{"https://x.example/page/3/", false},
		{"https://x.example/about-us-and-contact", true}, // shape only: a slug of three words
		{"https://x.example/privacy", false},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.u)
		if err != nil {
			t.Fatal(err)
		}
		if got := looksLikeArticleURL(u); got != tt.want {
			t.Errorf("looksLikeArticleURL(%s) = %v, want %v", tt.u, got, tt.want)
		}
	}
}

// TestCrawlArticleLinksFirst: on a section page whose navigation comes
// before the stories, a page budget goes to the article-shaped links.
func TestCrawlArticleLinksFirst(t *testing.T) {
	var mu sync.Mutex
	var fetched []string
	record := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fetched = append(fetched, r.URL.Path)
		mu.Unlock()
		fmt.Fprint(w, articleHTML("x", strings.Repeat("Troops withdrew from the northern town on Sunday. ", 8)))
	}
	section := htmlPage(`<nav><a href="/sport/">Sport</a><a href="/tag/elections/">Elections</a><a href="/world/?page=2">2</a><a href="/about/">About</a></nav>` +
		`<a href="/world/troops-withdraw-from-northern-town.html">a</a><a href="/world/story-70123456">b</a>`)
	site := serve(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/robots.txt":
				http.NotFound(w, r)
				return
			case r.URL.Path == "/world/" && r.URL.RawQuery == "":
				section(w, r)
				return
			}
			record(w, r)
		},
	})
	cfg := testConfig()
	pub := &memPub{}
	if _, err := New(cfg, pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Sections: []string{site.URL + "/world/"}, MaxPages: 3}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(fetched)
	if got := strings.Join(fetched, " "); got != "/world/story-70123456 /world/troops-withdraw-from-northern-town.html" {
		t.Errorf("fetched %q under a 3-request budget, want the two stories", got)
	}
}
