package crawler

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// newsPage is a generated news article page for the parse benchmark: the
// kind of markup a commercial news site serves (head full of meta tags,
// inline scripts and styles, JSON-LD, navigation, ad slots, related links,
// comments, sidebar, footer) around an 800-1500 word article.
type newsPage struct {
	url  string
	html []byte
	gold string // the article paragraphs, blank-line separated
}

var benchWords = strings.Fields(`the a of to in and on for with by at from said was were has have had
government officials police security forces attack explosion militants group claimed responsibility
province district capital minister spokesman statement village market checkpoint convoy soldiers
civilians killed wounded injured hospital witnesses according local authorities reported morning
evening tuesday wednesday thursday friday saturday sunday monday week month year earlier later
northern southern eastern western border region army operation investigation suspected insurgents
president parliament election talks ceasefire agreement negotiations humanitarian aid agencies
refugees displaced families children women schools roads bridge road vehicle bomb gunmen fighters
rebels clashes violence crisis conflict peace international community united nations condemned
told reporters news agency telephone interview social media video footage residents shops closed
curfew imposed emergency services rescue teams bodies recovered rubble building collapsed area`)

// genNewsPages returns n deterministic pages of 50-150 KB.
func genNewsPages(n int, seed uint64) []newsPage {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]newsPage, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, genNewsPage(r, i))
	}
	return out
}

func sentence(r *rand.Rand, min, max int) string {
	n := min + r.IntN(max-min+1)
	w := make([]string, n)
	for i := range w {
		w[i] = benchWords[r.IntN(len(benchWords))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func genNewsPage(r *rand.Rand, i int) newsPage {
	day := time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(365*24)) * time.Hour)
	slug := fmt.Sprintf("story-%d-%s", i, strings.ReplaceAll(sentence(r, 3, 5), " ", "-"))
	slug = strings.ToLower(strings.TrimSuffix(slug, "."))
	u := fmt.Sprintf("https://www.dailynews.example/world/%s/%s", day.Format("2006/01/02"), slug)
	title := strings.TrimSuffix(sentence(r, 6, 12), ".")
	var b strings.Builder
	b.Grow(128 << 10)
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }

	w(`<!DOCTYPE html><html lang="en" class="no-js"><head><meta charset="utf-8"><title>%s | Daily News</title>`, title)
	w(`<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="%s">`, sentence(r, 15, 25))
	w(`<meta property="og:type" content="article"><meta property="og:title" content="%s"><meta property="og:url" content="%s">`, title, u)
	w(`<meta property="article:published_time" content="%s"><meta name="author" content="Staff Reporter">`, day.Format(time.RFC3339))
	w(`<link rel="canonical" href="%s"><link rel="amphtml" href="%s/amp">`, u, u)
	for j := 0; j < 12; j++ {
		w(`<link rel="preload" href="/static/css/chunk-%d.%x.css" as="style"><meta name="tracking-%d" content="%x">`, j, r.Uint64(), j, r.Uint64())
	}
	// Inline CSS and analytics/ad scripts: 15-35 KB of non-text.
	w(`<style>`)
	for j := 0; j < 80+r.IntN(120); j++ {
		w(`.c%d-%x{margin:0 auto;padding:%dpx %dpx;font:400 16px/1.5 Georgia,serif;color:#%06x}`, j, r.Uint32(), r.IntN(30), r.IntN(30), r.IntN(1<<24))
	}
	w(`</style>`)
	for j := 0; j < 4; j++ {
		w(`<script>window.dataLayer=window.dataLayer||[];(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});`)
		for k := 0; k < 20+r.IntN(40); k++ {
			w(`var f%d=d.getElementsByTagName(s)[0],j%d=d.createElement(s);j%d.async=true;j%d.src='https://ads.example/t.js?id='+i+'&r=%x';f%d.parentNode.insertBefore(j%d,f%d);`, k, k, k, k, r.Uint64(), k, k, k)
		}
		w(`})(window,document,'script','dataLayer','GTM-%X');</script>`, r.Uint32())
	}
	w(`<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"Daily News","logo":{"@type":"ImageObject","url":"https://www.dailynews.example/logo.png"}},`+
		`{"@type":"NewsArticle","headline":%q,"datePublished":%q,"dateModified":%q,"author":[{"@type":"Person","name":"Staff Reporter"},{"@type":"Person","name":"Second Writer"}],"mainEntityOfPage":%q,"description":%q}]}</script>`,
		title, day.Format(time.RFC3339), day.Add(2*time.Hour).Format(time.RFC3339), u, sentence(r, 10, 20))
	w(`</head><body class="article-page"><!-- Google Tag Manager (noscript) --><noscript><iframe src="https://www.googletagmanager.example/ns.html" height="0" width="0"></iframe></noscript>`)
	w(`<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. By continuing you agree to our cookie policy.</p><button>Accept</button></div>`)
	w(`<header class="site-header"><div class="masthead"><a href="/"><img src="/logo.svg" alt="Daily News"></a></div><nav class="main-nav"><ul>`)
	for j := 0; j < 40+r.IntN(30); j++ {
		w(`<li class="menu-item"><a href="/section/%d">%s</a><ul class="sub-menu"><li><a href="/section/%d/a">%s</a></li><li><a href="/section/%d/b">%s</a></li></ul></li>`, j,
			benchWords[r.IntN(len(benchWords))], j, benchWords[r.IntN(len(benchWords))], j, benchWords[r.IntN(len(benchWords))])
	}
	w(`</ul></nav><div class="breaking-news ticker"><span>Breaking:</span> <a href="/live">%s</a></div></header>`, sentence(r, 6, 10))
	w(`<div class="ad-slot leaderboard" data-ad-unit="top"><!-- ad --><div id="div-gpt-ad-%d"></div></div>`, r.IntN(1e6))
	w(`<main id="main"><div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/world">World</a></div><article class="story">`)
	w(`<h1 class="headline">%s</h1><div class="byline">By <a href="/authors/staff" class="author">Staff Reporter</a> <time datetime="%s">%s</time></div>`, title, day.Format(time.RFC3339), day.Format("January 2, 2006"))
	w(`<figure class="lead-image"><img src="/img/%x.jpg" alt="%s"><figcaption>%s (Photo: Agency)</figcaption></figure>`, r.Uint64(), sentence(r, 4, 8), sentence(r, 8, 14))
	w(`<div class="share-bar social"><a href="https://facebook.example/share?u=%s">Share</a><a href="https://x.example/intent?u=%s">Post</a><a href="mailto:?subject=x">Email</a></div>`, u, u)
	w(`<div class="story-body" itemprop="articleBody">`)
	words := 800 + r.IntN(701)
	var gold []string
	for count, para := 0, 0; count < words; para++ {
		var pb strings.Builder
		ns := 2 + r.IntN(4)
		for s := 0; s < ns; s++ {
			if s > 0 {
				pb.WriteByte(' ')
			}
			pb.WriteString(sentence(r, 8, 22))
		}
		p := pb.String()
		count += len(strings.Fields(p))
		gold = append(gold, p)
		// One link inside some paragraphs, as editors add them.
		if r.IntN(3) == 0 {
			ws := strings.Fields(p)
			k := r.IntN(len(ws) - 1)
			ws[k] = `<a href="/topic/` + strings.Trim(ws[k], ".") + `">` + ws[k] + `</a>`
			p = strings.Join(ws, " ")
		}
		w(`<p>%s</p>`, p)
		switch {
		case para == 3:
			w(`<div class="ad-slot inline-ad"><span class="ad-label">Advertisement</span><div id="div-gpt-ad-inline-%d"></div></div>`, para)
		case para == 6:
			w(`<aside class="related-stories"><h3>Related</h3><ul>`)
			for k := 0; k < 4; k++ {
				w(`<li><a href="/world/related-%d">%s</a></li>`, k, sentence(r, 6, 10))
			}
			w(`</ul></aside>`)
		case para == 9:
			w(`<div class="newsletter-signup"><h4>Get the morning briefing</h4><form><input type="email" placeholder="Email"><button>Sign up</button></form></div>`)
		}
	}
	w(`</div><div class="tags"><a href="/tag/a">%s</a> <a href="/tag/b">%s</a></div></article>`, benchWords[r.IntN(len(benchWords))], benchWords[r.IntN(len(benchWords))])
	w(`<section id="comments" class="comments"><h3>Comments</h3>`)
	for j := 0; j < 5+r.IntN(10); j++ {
		w(`<div class="comment"><span class="comment-author">reader%d</span><p>%s</p><a href="#reply">Reply</a></div>`, j, sentence(r, 6, 30))
	}
	w(`</section></main><aside class="sidebar"><div class="most-read widget"><h3>Most read</h3><ol>`)
	for j := 0; j < 10; j++ {
		w(`<li><a href="/world/most-read-%d">%s</a></li>`, j, sentence(r, 6, 12))
	}
	w(`</ol></div><div class="ad-slot sidebar-ad"><iframe src="https://ads.example/frame?%x"></iframe></div></aside>`, r.Uint64())
	w(`<div class="outbrain-widget"><!-- OB -->`)
	for j := 0; j < 8; j++ {
		w(`<div class="ob-card"><a href="https://sponsor.example/%x"><img src="https://sponsor.example/%x.jpg"><span>%s</span></a></div>`, r.Uint32(), r.Uint32(), sentence(r, 5, 9))
	}
	w(`</div><footer class="site-footer"><div class="footer-links">`)
	for j := 0; j < 50+r.IntN(30); j++ {
		w(`<a href="/about/%d">%s</a> `, j, benchWords[r.IntN(len(benchWords))])
	}
	w(`</div><p class="copyright">Copyright 2024 Daily News Media Group. All rights reserved.</p></footer>`)
	w(`<script src="/static/js/app.%x.js" defer></script><script>(function(){var s=document.createElement('script');s.src='https://cdn.example/analytics.js';document.body.appendChild(s)})();</script>`, r.Uint64())
	w(`<img src="https://pixel.example/p.gif?u=%x" width="1" height="1" alt=""></body></html>`, r.Uint64())
	return newsPage{url: u, html: []byte(b.String()), gold: strings.Join(gold, "\n\n")}
}

// TestGenNewsPages checks the benchmark's pages: 50-150 KB, and Parse finds
// their article text, title and date (so the benchmark measures real work).
func TestGenNewsPages(t *testing.T) {
	pages := genNewsPages(12, 1)
	for _, pg := range pages {
		if n := len(pg.html); n < 50<<10 || n > 150<<10 {
			t.Errorf("%s: %d bytes, want 50-150 KB", pg.url, n)
		}
		if w := len(strings.Fields(pg.gold)); w < 800 || w > 1600 {
			t.Errorf("%s: %d article words", pg.url, w)
		}
		p, err := Parse(pg.url, pg.html, "text/html; charset=utf-8")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, f := tokenPRF(p.Text, pg.gold); f < 0.95 {
			t.Errorf("%s: main-text F1 %.3f", pg.url, f)
		}
		if !p.IsArticle || p.Published == "" || p.Title == "" || p.Lang != "en" || len(p.Authors) == 0 {
			t.Errorf("%s: metadata %+v", pg.url, Page{Title: p.Title, Published: p.Published, Lang: p.Lang, Authors: p.Authors, IsArticle: p.IsArticle})
		}
	}
}
