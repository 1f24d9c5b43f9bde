package crawler

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimwatch/claimwatch/crawler/demosite"
)

// evalPage is an HTML page with the paragraphs its main text must hold.
type evalPage struct {
	name, url string
	html      []byte
	gold      string
}

// evalPages returns the demo site's article pages (gold: the article
// source in demosite/content) and the hand-made boilerplate-heavy pages in
// testdata/boilerplate (gold: NAME.txt).
func evalPages(t testing.TB) (demo, boiler []evalPage) {
	t.Helper()
	gold := map[string]string{}
	entries, err := os.ReadDir("demosite/content")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("demosite/content", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		head, body, ok := strings.Cut(string(b), "\n---\n")
		if !ok {
			continue
		}
		for _, line := range strings.Split(head, "\n") {
			if p, ok := strings.CutPrefix(line, "path: "); ok {
				gold[strings.TrimSpace(p)] = body
			}
		}
	}
	site := demosite.SiteFS()
	for _, a := range demosite.Articles() {
		b, err := fs.ReadFile(site, "public"+a.Path)
		if err != nil {
			t.Fatal(err)
		}
		if g, ok := gold[a.Path]; ok {
			demo = append(demo, evalPage{name: a.Path, url: "https://demowire.example" + a.Path, html: b, gold: g})
		}
	}
	files, _ := filepath.Glob("testdata/boilerplate/*.html")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		boiler = append(boiler, evalPage{name: filepath.Base(f), url: "https://news.example/" + filepath.Base(f), html: b, gold: string(g)})
	}
	return demo, boiler
}

func tokens(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		m[w]++
	}
	return m
}

// tokenPRF is bag-of-words precision, recall and F1 of got against want.
func tokenPRF(got, want string) (p, r, f float64) {
	g, w := tokens(got), tokens(want)
	var ng, nw, both int
	for k, n := range g {
		ng += n
		both += min(n, w[k])
	}
	for _, n := range w {
		nw += n
	}
	if ng > 0 {
		p = float64(both) / float64(ng)
	}
	if nw > 0 {
		r = float64(both) / float64(nw)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func TestTokenPRF(t *testing.T) {
	p, r, f := tokenPRF("a b c d", "a b c e f")
	if p != 0.75 || r != 0.6 || f < 0.66 || f > 0.67 {
		t.Errorf("tokenPRF = %v %v %v", p, r, f)
	}
}

// extractors are the main-text variants compared by TestMainTextQuality.
var extractors = []struct {
	name string
	run  func(url string, body []byte) string
}{
	{"rules", func(u string, b []byte) string {
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(b))
		return strings.Join(ruleText(doc), "\n\n")
	}},
	{"readability", func(u string, b []byte) string {
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(b))
		return strings.Join(readabilityText(doc, u), "\n\n")
	}},
	{"combined", func(u string, b []byte) string {
		p, _ := Parse(u, b, "text/html")
		return p.Text
	}},
}

// TestMainTextQuality measures each extractor against the known article
// paragraphs (go test -run MainTextQuality -v prints the figures). The
// heldout_* pages were written after the rules were frozen.
func TestMainTextQuality(t *testing.T) {
	demo, boiler := evalPages(t)
	if len(demo) < 40 || len(boiler) < 9 {
		t.Fatalf("eval set too small: %d demo, %d boilerplate pages", len(demo), len(boiler))
	}
	var dev, held []evalPage
	for _, p := range boiler {
		if strings.HasPrefix(p.name, "heldout_") {
			held = append(held, p)
		} else {
			dev = append(dev, p)
		}
	}
	min := map[string]float64{"demo": 0.97, "boilerplate-dev": 0.95, "boilerplate-heldout": 0.80}
	for _, set := range []struct {
		name  string
		pages []evalPage
	}{{"demo", demo}, {"boilerplate-dev", dev}, {"boilerplate-heldout", held}} {
		for _, ex := range extractors {
			var sp, sr, sf float64
			for _, pg := range set.pages {
				p, r, f := tokenPRF(ex.run(pg.url, pg.html), pg.gold)
				sp, sr, sf = sp+p, sr+r, sf+f
			}
			n := float64(len(set.pages))
			t.Logf("%-20s %-12s (%2d pages): precision %.3f recall %.3f F1 %.3f", set.name, ex.name, len(set.pages), sp/n, sr/n, sf/n)
			if ex.name == "combined" && sf/n < min[set.name] {
				t.Errorf("%s: mean F1 %.3f below %.2f", set.name, sf/n, min[set.name])
			}
		}
	}
}
