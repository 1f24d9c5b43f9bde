package faults

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// NewsSite is a generated news site for load and fault tests: a home page
// linking to index pages of up to PerIndex articles each, and N article
// pages /article/<i>, each one an Open Graph article with a canonical link
// and a few paragraphs reporting an attack (every third one a claim of
// responsibility), so that every stage has real work to do.
type NewsSite struct {
	N        int           // articles
	PerIndex int           // links per index page; default 50
	Delay    time.Duration // added to every article response (keeps articles flowing for a while)
}

// Path returns the path of article i (0-based).
func (s NewsSite) Path(i int) string { return "/article/" + strconv.Itoa(i) }

// ServeHTTP implements http.Handler.
func (s NewsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	per := s.PerIndex
	if per <= 0 {
		per = 50
	}
	base := "http://" + r.Host
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		b.WriteString("<!doctype html><html lang=\"en\"><head><title>Fault Wire</title></head><body><h1>Fault Wire</h1><ul>")
		for p := 0; p*per < s.N; p++ {
			fmt.Fprintf(&b, "<li><a href=\"/index/%d\">Page %d</a></li>", p, p)
		}
		b.WriteString("</ul></body></html>")
		fmt.Fprint(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/index/"):
		p, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/index/"))
		if err != nil || p < 0 || p*per >= s.N {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		b.WriteString("<!doctype html><html lang=\"en\"><head><title>Index</title></head><body><ul>")
		for i := p * per; i < min(s.N, (p+1)*per); i++ {
			fmt.Fprintf(&b, "<li><a href=\"%s\">Story %d</a></li>", s.Path(i), i)
		}
		b.WriteString("</ul></body></html>")
		fmt.Fprint(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/article/"):
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/article/"))
		if err != nil || i < 0 || i >= s.N {
			http.NotFound(w, r)
			return
		}
		if s.Delay > 0 {
			select {
			case <-time.After(s.Delay):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML(base+s.Path(i), i))
	default:
		http.NotFound(w, r)
	}
}

var (
	siteGroups = []string{"Al-Shabaab", "Boko Haram", "the Taliban", "Islamic State", "Hamas", "Hezbollah"}
	sitePlaces = []string{"Mogadishu", "Maiduguri", "Kabul", "Raqqa", "Gaza", "Beirut", "Baghdad", "Kandahar"}
	siteKinds  = []string{"car bomb", "suicide bombing", "rocket attack", "ambush", "shooting"}
)

// articleHTML renders article i; the text differs per article so that no
// two bodies are near-duplicates.
func articleHTML(canonical string, i int) string {
	g := siteGroups[i%len(siteGroups)]
	pl := sitePlaces[(i/len(siteGroups))%len(sitePlaces)]
	k := siteKinds[(i/7)%len(siteKinds)]
	day := 1 + i%28
	killed := 2 + i%31
	title := fmt.Sprintf("%s in %s kills %d, report %d", strings.ToUpper(k[:1])+k[1:], pl, killed, i)
	var p []string
	p = append(p, fmt.Sprintf("A %s struck %s on March %d, killing at least %d people and wounding %d others, officials said in report number %d.", k, pl, day, killed, 3*killed+i%11, i))
	switch i % 3 {
	case 0:
		p = append(p, fmt.Sprintf("%s claimed responsibility for the attack in a statement posted online on the evening of report %d.", g, i))
	case 1:
		p = append(p, fmt.Sprintf("No group has claimed responsibility, and %s denied any role in a message to reporters after report %d.", g, i))
	default:
		p = append(p, fmt.Sprintf("Security officials blamed %s for the %s, which came days after a similar incident recorded in file %d.", g, k, i))
	}
	p = append(p,
		fmt.Sprintf("Witnesses described scenes of panic near the market, where vendors had gathered early; item %d of the wire.", i*7919%100003),
		fmt.Sprintf("The government announced three days of mourning and promised an inquiry, the %d-th statement of its kind this year.", i%97),
	)
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>`, html.EscapeString(title))
	fmt.Fprintf(&b, `<link rel="canonical" href="%s"><meta property="og:type" content="article">`, canonical)
	fmt.Fprintf(&b, `<meta property="article:published_time" content="2026-03-%02dT08:00:00Z"></head><body>`, day)
	fmt.Fprintf(&b, `<article><h1>%s</h1>`, html.EscapeString(title))
	for _, s := range p {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(s))
	}
	b.WriteString(`</article><footer><a href="/">Home</a></footer></body></html>`)
	return b.String()
}
