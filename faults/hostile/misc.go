package hostile

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

func charsets(_ Config, _ *rand.Rand) []Case {
	base := Article("", "<p>Le groupe a revendiqué l’attentat — «déclaration».</p>")
	var out []Case
	add := func(name, ct, body string) {
		out = append(out, Case{Name: "charset/" + name, Kind: "charset", ContentType: ct, Body: str(body)})
	}
	add("bogus-label", "text/html; charset=x-bogus", base)
	add("lie-latin1", "text/html; charset=iso-8859-1", base)
	add("lie-shift-jis", "text/html; charset=shift_jis", base)
	add("lie-utf16", "text/html; charset=utf-16", base)
	add("meta-lie", "text/html", strings.Replace(base, `<meta charset="utf-8">`, `<meta charset="koi8-r">`, 1))
	add("meta-bogus", "text/html", strings.Replace(base, `<meta charset="utf-8">`, `<meta charset="`+strings.Repeat("x", 10000)+`">`, 1))
	add("bom-only", "text/html", "\xef\xbb\xbf")
	add("utf16le-bom", "text/html", "\xff\xfe"+toUTF16LE(base))
	add("utf16be-bom", "text/html", "\xfe\xff"+toUTF16BE(base))
	add("utf16-odd", "text/html", "\xff\xfe"+toUTF16LE(base)+"\x00")
	add("utf32-bom", "text/html", "\xff\xfe\x00\x00"+toUTF16LE(base))
	add("empty", "text/html", "")
	add("whitespace", "text/html", strings.Repeat(" \n\t", 1000))
	add("no-content-type", "", base)
	add("binary-type", "application/octet-stream", base)
	add("image-type", "image/png", "\x89PNG\r\n\x1a\n"+base)
	add("json-type", "application/json", `{"a":`+strings.Repeat("[", 100000)+`}`)
	add("pdf", "application/pdf", "%PDF-1.4\n"+strings.Repeat("\x00\x01", 1000))
	add("meta-refresh-loop", "text/html", Article(`<meta http-equiv="refresh" content="0;url={base}/c/{self}">`, ""))
	add("many-articles", "text/html", "<html><body>"+strings.Repeat("<article><p>Al-Shabaab claimed it.</p></article>", 20000)+"</body></html>")
	add("link-explosion", "text/html", Article("", strings.Repeat(`<a href="{base}/nowhere/x">x</a>`, 200000)))
	add("json-ld-garbage", "text/html", Article(`<script type="application/ld+json">{"@type":["NewsArticle",{"x":1}],"author":[1,null,{"name":{"a":1}}],"datePublished":99,"headline":["a"]}</script>`, ""))
	add("json-ld-huge", "text/html", Article(`<script type="application/ld+json">{"headline":"`+strings.Repeat("h", 4<<20)+`"}</script>`, ""))
	add("template-tags", "text/html", strings.Replace(base, "<p>", "<template><p>", -1))
	add("svg-math", "text/html", Article("", "<svg><foreignObject><math><mi><p>"+strings.Repeat("<svg>", 5000)+"</p></mi></math></foreignObject></svg>"))
	add("frameset", "text/html", "<frameset>"+strings.Repeat("<frame src=\"{base}/x\">", 10000)+"</frameset>")
	add("plaintext", "text/html", "<plaintext>"+strings.Repeat("<p>x</p>", 10000))
	return out
}

func toUTF16LE(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xffff {
			r = '?'
		}
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}

func toUTF16BE(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xffff {
			r = '?'
		}
		b.WriteByte(byte(r >> 8))
		b.WriteByte(byte(r))
	}
	return b.String()
}

// mutants are random byte-level mutations of a valid article, feed and
// sitemap: flips, deletions, duplications and inserted markup.
func mutants(_ Config, rng *rand.Rand) []Case {
	seeds := []struct {
		kind, as, ct, body string
	}{
		{"mutant-html", "page", "text/html", Article(`<link rel="canonical" href="{base}/c/{self}"><meta property="article:published_time" content="2025-06-10T04:00:00Z">`, "<p>Police blamed Boko Haram.</p>")},
		{"mutant-feed", "feed", "application/rss+xml", ValidFeed(5)},
		{"mutant-sitemap", "sitemap", "application/xml", ValidSitemap(5)},
	}
	inserts := []string{"<", ">", "&", "&#", "<!--", "]]>", "<![CDATA[", "\x00", "\xff", "\"", "'", "</", "<script>", "&amp;", "\r\n"}
	var out []Case
	for _, s := range seeds {
		for i := 0; i < 60; i++ {
			b := []byte(s.body)
			for k := 0; k < 1+rng.IntN(10); k++ {
				p := rng.IntN(len(b))
				switch rng.IntN(4) {
				case 0:
					b[p] ^= byte(1 << rng.IntN(8))
				case 1:
					q := min(len(b), p+rng.IntN(40))
					b = append(b[:p:p], b[q:]...)
				case 2:
					q := min(len(b), p+rng.IntN(200))
					b = append(b[:q:q], append(append([]byte{}, b[p:q]...), b[q:]...)...)
				default:
					ins := inserts[rng.IntN(len(inserts))]
					b = append(b[:p:p], append([]byte(ins), b[p:]...)...)
				}
			}
			out = append(out, Case{Name: fmt.Sprintf("%s/%02d", s.kind, i), Kind: s.kind, As: s.as, ContentType: s.ct, Body: fixed(b)})
		}
	}
	return out
}
