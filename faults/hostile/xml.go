package hostile

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// ValidFeed is a well-formed RSS 2.0 feed with n items linking to
// {base}/item/<i>.
func ValidFeed(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>{base}/</link><description>d</description>`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>{base}/item/%d</link><pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate></item>`, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// ValidSitemap is a well-formed sitemap with n URLs {base}/item/<i>.
func ValidSitemap(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<url><loc>{base}/item/%d</loc><lastmod>2025-06-10</lastmod></url>`, i)
	}
	b.WriteString(`</urlset>`)
	return b.String()
}

func feedCase(name, body string) Case {
	return Case{Name: "feed/" + name, Kind: "malformed-feed", As: "feed", ContentType: "application/rss+xml", Body: str(body)}
}

func sitemapCase(name, body string) Case {
	return Case{Name: "sitemap/" + name, Kind: "malformed-sitemap", As: "sitemap", ContentType: "application/xml", Body: str(body)}
}

func malformedFeeds(_ Config, rng *rand.Rand) []Case {
	valid := ValidFeed(20)
	var out []Case
	for i := 0; i < 80; i++ { // truncated at 80 places
		cut := 1 + (len(valid)-2)*i/80
		out = append(out, feedCase(fmt.Sprintf("truncated-%02d", i), valid[:cut]))
	}
	for i := 0; i < 30; i++ { // random tags dropped or doubled
		b := valid
		for k := 0; k <= i%5; k++ {
			p := rng.IntN(len(b))
			if j := strings.IndexByte(b[p:], '<'); j >= 0 {
				b = b[:p+j] + b[p+j+1:]
			}
		}
		out = append(out, feedCase(fmt.Sprintf("mangled-%02d", i), b))
	}
	items := func(s string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>` + s + `</channel></rss>`
	}
	for name, body := range map[string]string{
		"empty":              "",
		"not-xml":            "this is not a feed",
		"html":               Article("", ""),
		"no-channel":         `<?xml version="1.0"?><rss version="2.0"><item><link>{base}/a</link></item></rss>`,
		"wrong-root":         `<?xml version="1.0"?><feedz><item/></feedz>`,
		"javascript-links":   items(`<item><link>javascript:alert(1)</link></item><item><link>data:text/html,x</link></item><item><link>file:///etc/passwd</link></item>`),
		"credential-links":   items(`<item><link>http://user:pass@127.0.0.1/a</link></item>`),
		"metadata-ip-link":   items(`<item><link>http://169.254.169.254/latest/meta-data/</link></item><item><link>http://10.0.0.1/</link></item>`),
		"bad-dates":          items(`<item><link>{base}/a</link><pubDate>32 Foo 99999 99:99:99 ZZZ</pubDate></item><item><link>{base}/b</link><pubDate>` + strings.Repeat("9", 5000) + `</pubDate></item>`),
		"huge-cdata":         items(`<item><link>{base}/a</link><description><![CDATA[` + strings.Repeat("x", 4<<20) + `]]></description></item>`),
		"unclosed-cdata":     items(`<item><link>{base}/a</link><description><![CDATA[ never closed`),
		"many-items":         ValidFeed(10_000),
		"atom-bad-ns":        `<?xml version="1.0"?><feed xmlns="urn:wrong"><entry><link href="{base}/a"/></entry></feed>`,
		"atom-no-href":       `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link/><link href=""/></entry></feed>`,
		"rss-0.91":           `<?xml version="1.0"?><rss version="0.91"><channel><item><link>{base}/a</link></item></channel></rss>`,
		"rdf":                `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><link>{base}/a</link></item></rdf:RDF>`,
		"json-feed-bad":      `{"version":"https://jsonfeed.org/version/1","items":[{"url":5},{"url":null},` + strings.Repeat(`[`, 10000) + `}`,
		"json-feed-deep":     `{"version":"https://jsonfeed.org/version/1.1","items":[` + strings.Repeat(`[`, 100000) + strings.Repeat(`]`, 100000) + `]}`,
		"encoding-lie":       `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><item><link>{base}/a</link></item></channel></rss>`,
		"encoding-unknown":   `<?xml version="1.0" encoding="x-klingon"?><rss version="2.0"><channel><item><link>{base}/a</link></item></channel></rss>`,
		"nul-in-link":        items("<item><link>{base}/a\x00b</link></item>"),
		"invalid-utf8":       items("<item><title>\xff\xfe</title><link>{base}/\xc3\x28</link></item>"),
		"link-overlong":      items(`<item><link>{base}/` + strings.Repeat("a", 1<<20) + `</link></item>`),
		"processing-instr":   `<?xml version="1.0"?><?xml-stylesheet href="file:///etc/passwd"?>` + ValidFeed(2)[len(`<?xml version="1.0" encoding="UTF-8"?>`):],
		"many-namespaces":    `<?xml version="1.0"?><rss ` + nsAttrs(20000) + ` version="2.0"><channel><item><link>{base}/a</link></item></channel></rss>`,
		"duplicate-channels": `<?xml version="1.0"?><rss version="2.0">` + strings.Repeat(`<channel><item><link>{base}/a</link></item></channel>`, 1000) + `</rss>`,
	} {
		out = append(out, feedCase(name, body))
	}
	return out
}

func nsAttrs(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `xmlns:n%d="urn:x:%d" `, i, i)
	}
	return b.String()
}

func malformedSitemaps(_ Config, rng *rand.Rand) []Case {
	valid := ValidSitemap(20)
	var out []Case
	for i := 0; i < 80; i++ {
		cut := 1 + (len(valid)-2)*i/80
		out = append(out, sitemapCase(fmt.Sprintf("truncated-%02d", i), valid[:cut]))
	}
	for i := 0; i < 30; i++ {
		b := valid
		for k := 0; k <= i%5; k++ {
			p := rng.IntN(len(b))
			if j := strings.IndexByte(b[p:], '>'); j >= 0 {
				b = b[:p+j] + b[p+j+1:]
			}
		}
		out = append(out, sitemapCase(fmt.Sprintf("mangled-%02d", i), b))
	}
	urls := func(s string) string {
		return `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + s + `</urlset>`
	}
	for name, body := range map[string]string{
		"empty":            "",
		"not-xml":          "User-agent: *",
		"wrong-root":       `<?xml version="1.0"?><html><url><loc>{base}/a</loc></url></html>`,
		"index-self-loop":  `<?xml version="1.0"?><sitemapindex><sitemap><loc>{base}/c/{self}</loc></sitemap></sitemapindex>`,
		"index-of-indexes": `<?xml version="1.0"?><sitemapindex>` + strings.Repeat(`<sitemap><loc>{base}/c/{self}</loc></sitemap>`, 1000) + `</sitemapindex>`,
		"hostile-locs":     urls(`<url><loc>file:///etc/passwd</loc></url><url><loc>javascript:alert(1)</loc></url><url><loc>gopher://127.0.0.1:70/</loc></url><url><loc>http://u:p@127.0.0.1/</loc></url><url><loc>http://169.254.169.254/</loc></url>`),
		"empty-locs":       urls(strings.Repeat(`<url><loc> </loc></url>`, 1000)),
		"many-urls":        ValidSitemap(20_000),
		"bad-lastmod":      urls(`<url><loc>{base}/a</loc><lastmod>` + strings.Repeat("2", 10000) + `</lastmod></url><url><loc>{base}/b</loc><lastmod>9999-99-99T99:99:99Z</lastmod></url>`),
		"news-garbage":     urls(`<url><loc>{base}/a</loc><news:news><news:publication_date>` + strings.Repeat("x", 100000) + `</news:publication_date></news:news></url>`),
		"nul":              urls("<url><loc>{base}/a\x00</loc></url>"),
		"invalid-utf8":     urls("<url><loc>{base}/\xff</loc></url>"),
		"loc-overlong":     urls(`<url><loc>{base}/` + strings.Repeat("b", 1<<20) + `</loc></url>`),
		"text-sitemap":     "{base}/a\n{base}/b\n",
		"doctype-only":     `<!DOCTYPE urlset>`,
	} {
		out = append(out, sitemapCase(name, body))
	}
	return out
}

// laughs is the "billion laughs" DTD: depth levels of ten-fold expansion.
func laughs(depth int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE lolz [<!ENTITY lol0 "lol">`)
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString(`]>`)
	return b.String()
}

func entityExpansion(_ Config, _ *rand.Rand) []Case {
	var out []Case
	quad := `<!DOCTYPE q [<!ENTITY a "` + strings.Repeat("x", 100_000) + `">]>`
	refs := strings.Repeat("&a;", 50_000)
	xxe := `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://169.254.169.254/">]>`
	for _, d := range []struct{ name, dtd, ref string }{
		{"billion-laughs", laughs(9), "&lol9;"},
		{"laughs-12", laughs(12), "&lol12;"},
		{"quadratic", quad, refs},
		{"xxe-file", xxe, "&xxe;"},
		{"xxe-net", xxe, "&net;"},
		{"param-entity", `<!DOCTYPE p [<!ENTITY % a "<!ENTITY b 'x'>"> %a;]>`, "&b;"},
		{"undefined", "", "&nope;&#xD800;&#0;&#x110000;"},
	} {
		out = append(out,
			Case{Name: "entity/feed-" + d.name, Kind: "entity-expansion", As: "feed", ContentType: "application/rss+xml",
				Body: str(`<?xml version="1.0"?>` + d.dtd + `<rss version="2.0"><channel><title>` + d.ref + `</title><item><title>` + d.ref + `</title><link>{base}/a` + d.ref + `</link></item></channel></rss>`)},
			Case{Name: "entity/atom-" + d.name, Kind: "entity-expansion", As: "feed", ContentType: "application/atom+xml",
				Body: str(`<?xml version="1.0"?>` + d.dtd + `<feed xmlns="http://www.w3.org/2005/Atom"><title>` + d.ref + `</title><entry><link href="{base}/a"/><summary>` + d.ref + `</summary></entry></feed>`)},
			Case{Name: "entity/sitemap-" + d.name, Kind: "entity-expansion", As: "sitemap", ContentType: "application/xml",
				Body: str(`<?xml version="1.0"?>` + d.dtd + `<urlset><url><loc>{base}/a` + d.ref + `</loc><lastmod>` + d.ref + `</lastmod></url></urlset>`)},
			Case{Name: "entity/xhtml-" + d.name, Kind: "entity-expansion", ContentType: "application/xhtml+xml",
				Body: str(`<?xml version="1.0"?>` + d.dtd + Article("", "<p>"+d.ref+"</p>"))},
			Case{Name: "entity/html-" + d.name, Kind: "entity-expansion",
				Body: str(d.dtd + Article("", "<p>"+d.ref+"</p>"))},
		)
	}
	return out
}
