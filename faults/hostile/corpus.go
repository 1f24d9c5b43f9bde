package hostile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Case is one hostile input.
type Case struct {
	Name string // unique: kind/variant
	Kind string // category, for counting

	// What the loopback server answers at this case's path.
	Body            func() []byte // generated on demand (big cases are not kept)
	ContentType     string
	ContentEncoding string // "gzip", "deflate", "br": Body is already encoded
	Status          int    // default 200
	Location        string // with a 3xx Status: the redirect target ("{base}" = server URL)
	Redirects       int    // > 0: a chain of this many redirects before the body

	// PageURL is the address the parse path is told the page came from
	// (itself hostile for the URL kinds); "" = a plain loopback URL.
	PageURL string
	// As says how the crawler meets the case: "page" (start page),
	// "feed" or "sitemap".
	As string
	// Big marks the 50 MB cases.
	Big bool
}

// Config sizes the corpus.
type Config struct {
	BigBytes  int    // size of the "50 MB" pages; default 50 MB
	BombBytes int64  // decompressed size of the decompression bombs; default 1 GB
	Depth     int    // deepest HTML nesting; default 100,000
	Seed      uint64 // for the random mutations
}

// DefaultConfig is the corpus of issue #10.
func DefaultConfig() Config {
	return Config{BigBytes: 50 << 20, BombBytes: 1 << 30, Depth: 100_000, Seed: 10}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.BigBytes <= 0 {
		c.BigBytes = d.BigBytes
	}
	if c.BombBytes <= 0 {
		c.BombBytes = d.BombBytes
	}
	if c.Depth <= 0 {
		c.Depth = d.Depth
	}
	if c.Seed == 0 {
		c.Seed = d.Seed
	}
	return c
}

// Corpus returns every case, in a stable order with unique names.
func Corpus(cfg Config) []Case {
	cfg = cfg.withDefaults()
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	var out []Case
	for _, gen := range []func(Config, *rand.Rand) []Case{
		invalidUTF8, nulBytes, bigPages, deepNesting, hugeAttributes,
		malformedFeeds, malformedSitemaps, entityExpansion, bombs,
		redirects, hostileURLs, charsets, mutants,
	} {
		out = append(out, gen(cfg, rng)...)
	}
	for i := range out {
		if out[i].As == "" {
			out[i].As = "page"
		}
		if out[i].ContentType == "" && out[i].Status == 0 {
			out[i].ContentType = "text/html; charset=utf-8"
		}
	}
	return out
}

func fixed(b []byte) func() []byte { return func() []byte { return b } }

func str(s string) func() []byte { return fixed([]byte(s)) }

// Article is a well-formed article page with a claim of responsibility;
// mutations start from it.
func Article(extraHead, body string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blast in Mogadishu</title>` +
		`<meta property="og:type" content="article">` + extraHead + `</head><body><article><h1>Blast in Mogadishu kills 12</h1>` +
		`<p>A car bomb exploded near a checkpoint in Mogadishu on Tuesday, killing at least 12 people, police said.</p>` +
		`<p>Al-Shabaab claimed responsibility for the attack in a statement on its radio station.</p>` + body +
		`</article></body></html>`
}

func invalidUTF8(_ Config, rng *rand.Rand) []Case {
	seqs := [][]byte{
		{0xff}, {0xfe, 0xff}, {0xc0, 0x80}, {0xc1, 0xbf}, {0xe0, 0x80, 0x80}, {0xed, 0xa0, 0x80}, // overlong, surrogate
		{0xf4, 0x90, 0x80, 0x80}, {0xf8, 0x88, 0x80, 0x80, 0x80}, {0x80}, {0xbf}, {0xc3}, {0xe2, 0x82}, // > U+10FFFF, 5-byte, bare continuation, truncated
		{0xef, 0xbf, 0xbe}, {0xf0, 0x9f, 0x98}, {0xc3, 0x28}, {0xa0, 0xa1}, {0xe2, 0x28, 0xa1}, {0xf0, 0x28, 0x8c, 0x28},
	}
	var out []Case
	base := Article("", "<p>Residents said the explosion shattered windows across the district.</p>")
	for i, s := range seqs {
		for j, where := range []string{"title", "text", "attr", "everywhere", "start"} {
			var b string
			switch where {
			case "title":
				b = strings.Replace(base, "Blast in", "Blast"+string(s)+"in", 1)
			case "text":
				b = strings.Replace(base, "Al-Shabaab", "Al-"+string(s)+"Shabaab", 1)
			case "attr":
				b = strings.Replace(base, `content="article"`, `content="art`+string(s)+`icle"`, 1)
			case "everywhere":
				b = strings.ReplaceAll(base, " ", string(s))
			case "start":
				b = string(s) + base
			}
			out = append(out, Case{Name: fmt.Sprintf("utf8/%02d-%d-%s", i, j, where), Kind: "invalid-utf8", Body: str(b)})
		}
	}
	for i := 0; i < 30; i++ { // random garbage spliced into the text
		b := []byte(base)
		for k := 0; k < 1+i*3; k++ {
			p := 200 + rng.IntN(len(b)-200)
			b[p] = byte(0x80 + rng.IntN(0x80))
		}
		out = append(out, Case{Name: fmt.Sprintf("utf8/random-%02d", i), Kind: "invalid-utf8", Body: fixed(b)})
	}
	return out
}

func nulBytes(_ Config, rng *rand.Rand) []Case {
	base := Article("", "")
	var out []Case
	add := func(name, b string) { out = append(out, Case{Name: "nul/" + name, Kind: "nul", Body: str(b)}) }
	add("start", "\x00"+base)
	add("end", base+"\x00")
	add("title", strings.Replace(base, "Blast in", "Blast\x00in", 1))
	add("text", strings.Replace(base, "Al-Shabaab", "Al-\x00Shabaab", 1))
	add("attr", strings.Replace(base, `content="article"`, "content=\"a\x00rticle\"", 1))
	add("tag", strings.Replace(base, "<article>", "<art\x00icle>", 1))
	add("all-spaces", strings.ReplaceAll(base, " ", "\x00"))
	add("only", strings.Repeat("\x00", 4096))
	add("one", "\x00")
	add("utf16-like", string(bytes.Join(bytes.Split([]byte(base), nil), []byte{0})))
	add("href", strings.Replace(base, "</article>", "<a href=\"/x\x00y\">x</a></article>", 1))
	add("script", strings.Replace(base, "</head>", "<script>\x00\x00\x00</script></head>", 1))
	add("json-ld", strings.Replace(base, "</head>", "<script type=\"application/ld+json\">{\"@type\":\"News\x00Article\",\"headline\":\"\x00\"}</script></head>", 1))
	for i := 0; i < 40; i++ {
		b := []byte(base)
		n := 1 + rng.IntN(8*(i+1))
		for k := 0; k < n; k++ {
			b[rng.IntN(len(b))] = 0
		}
		out = append(out, Case{Name: fmt.Sprintf("nul/random-%02d", i), Kind: "nul", Body: fixed(b)})
	}
	return out
}

// big returns a generator of an n-byte page: head + filler repeated + tail.
func big(n int, head, unit, tail string) func() []byte {
	return func() []byte {
		b := make([]byte, 0, n+len(tail)+len(unit))
		b = append(b, head...)
		for len(b)+len(tail) < n {
			b = append(b, unit...)
		}
		return append(b, tail...)
	}
}

func bigPages(cfg Config, _ *rand.Rand) []Case {
	n := cfg.BigBytes
	h := `<!doctype html><html lang="en"><head><title>Huge</title><meta property="og:type" content="article"></head><body><article>`
	t := `</article></body></html>`
	sentence := "Al-Shabaab claimed responsibility for the bombing in Mogadishu that killed 12 people. "
	return []Case{
		{Name: "big/one-paragraph", Kind: "50mb", Big: true, Body: big(n, h+"<p>", sentence, "</p>"+t)},
		{Name: "big/many-paragraphs", Kind: "50mb", Big: true, Body: big(n, h, "<p>"+sentence+"</p>\n", t)},
		{Name: "big/no-markup", Kind: "50mb", Big: true, Body: big(n, "", sentence, "")},
		{Name: "big/links", Kind: "50mb", Big: true, Body: big(n, h, `<a href="/next/page">more</a> `, t)},
		{Name: "big/unclosed-tags", Kind: "50mb", Big: true, Body: big(n, h, "<p><b><i>"+sentence, t)},
		{Name: "big/one-word", Kind: "50mb", Big: true, Body: big(n, h+"<p>", "a", "</p>"+t)},
		{Name: "big/comment", Kind: "50mb", Big: true, Body: big(n, h+"<!--", "-- x ", "-->"+t)},
		{Name: "big/script", Kind: "50mb", Big: true, Body: big(n, h+"<script>", "var a=1;", "</script>"+t)},
		{Name: "big/feed", Kind: "50mb", Big: true, As: "feed", ContentType: "application/rss+xml",
			Body: big(n, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>`, `<item><title>t</title><link>http://127.0.0.1/a</link></item>`, `</channel></rss>`)},
		{Name: "big/sitemap", Kind: "50mb", Big: true, As: "sitemap", ContentType: "application/xml",
			Body: big(n, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, `<url><loc>http://127.0.0.1/a</loc></url>`, `</urlset>`)},
	}
}

func deepNesting(cfg Config, _ *rand.Rand) []Case {
	var out []Case
	for _, depth := range []int{1_000, 10_000, cfg.Depth} {
		for _, tag := range []string{"div", "span", "b", "table", "ul><li", "article", "section", "blockquote", "p", "a href=\"/x\""} {
			open := "<" + tag + ">"
			closeTag := "</" + strings.Fields(strings.Split(tag, ">")[0])[0] + ">"
			d, tg := depth, tag
			out = append(out, Case{Name: fmt.Sprintf("deep/%s-%d", strings.Fields(tg)[0], d), Kind: "deep-nesting", Body: func() []byte {
				var b bytes.Buffer
				b.WriteString(`<!doctype html><html lang="en"><head><title>Deep</title></head><body>`)
				b.WriteString(strings.Repeat(open, d))
				b.WriteString("Al-Shabaab claimed responsibility for the attack in Mogadishu.")
				b.WriteString(strings.Repeat(closeTag, d))
				b.WriteString("</body></html>")
				return b.Bytes()
			}})
		}
		d := depth
		out = append(out, Case{Name: fmt.Sprintf("deep/unclosed-%d", d), Kind: "deep-nesting", Body: func() []byte {
			return []byte("<html><body>" + strings.Repeat("<div><span>", d) + "text")
		}})
		out = append(out, Case{Name: fmt.Sprintf("deep/json-ld-%d", d), Kind: "deep-nesting", Body: func() []byte {
			return []byte(Article(`<script type="application/ld+json">`+strings.Repeat(`{"a":[`, d)+strings.Repeat(`]}`, d)+`</script>`, ""))
		}})
		out = append(out, Case{Name: fmt.Sprintf("deep/feed-%d", d), Kind: "deep-nesting", As: "feed", ContentType: "application/rss+xml", Body: func() []byte {
			return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><description>` + strings.Repeat("<x>", d) + strings.Repeat("</x>", d) + `</description><link>http://127.0.0.1/a</link></item></channel></rss>`)
		}})
		out = append(out, Case{Name: fmt.Sprintf("deep/sitemap-%d", d), Kind: "deep-nesting", As: "sitemap", ContentType: "application/xml", Body: func() []byte {
			return []byte(`<?xml version="1.0"?><urlset>` + strings.Repeat("<url>", d) + strings.Repeat("</url>", d) + `</urlset>`)
		}})
	}
	return out
}

func hugeAttributes(_ Config, _ *rand.Rand) []Case {
	var out []Case
	for _, n := range []int{1 << 10, 1 << 14, 1 << 16, 1 << 20} {
		v := strings.Repeat("A", n)
		m := n
		out = append(out,
			Case{Name: fmt.Sprintf("attr/value-%d", n), Kind: "huge-attribute", Body: str(Article("", `<p class="`+v+`">x</p>`))},
			Case{Name: fmt.Sprintf("attr/href-%d", n), Kind: "huge-attribute", Body: str(Article("", `<a href="/`+v+`">x</a>`))},
			Case{Name: fmt.Sprintf("attr/canonical-%d", n), Kind: "huge-attribute", Body: str(Article(`<link rel="canonical" href="http://127.0.0.1/`+v+`">`, ""))},
			Case{Name: fmt.Sprintf("attr/og-title-%d", n), Kind: "huge-attribute", Body: str(Article(`<meta property="og:title" content="`+v+`">`, ""))},
			Case{Name: fmt.Sprintf("attr/lang-%d", n), Kind: "huge-attribute", Body: str(strings.Replace(Article("", ""), `lang="en"`, `lang="`+v+`"`, 1))},
			Case{Name: fmt.Sprintf("attr/many-%d", n), Kind: "huge-attribute", Body: func() []byte {
				var b strings.Builder
				b.WriteString("<p ")
				for i := 0; i < m/8; i++ {
					fmt.Fprintf(&b, "a%d=x ", i)
				}
				b.WriteString(">x</p>")
				return []byte(Article("", b.String()))
			}},
			Case{Name: fmt.Sprintf("attr/unterminated-%d", n), Kind: "huge-attribute", Body: str(Article("", `<p title="`+v))},
			Case{Name: fmt.Sprintf("attr/published-%d", n), Kind: "huge-attribute", Body: str(Article(`<meta property="article:published_time" content="2024-`+v+`">`, ""))},
		)
	}
	return out
}
