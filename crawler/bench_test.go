package crawler

import (
	"bytes"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// BenchmarkParse parses the demo site's article pages; pages/s is the
// figure to watch (go test -bench Parse -run ^$ ./crawler/).
func BenchmarkParse(b *testing.B) {
	demo, _ := evalPages(b)
	var bytesIn int64
	for _, p := range demo {
		bytesIn += int64(len(p.html))
	}
	b.SetBytes(bytesIn / int64(len(demo)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := demo[i%len(demo)]
		if _, err := Parse(p.url, p.html, "text/html"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkMainTextRules is the rule extractor alone, for comparison with
// the readability + rules combination Parse uses.
func BenchmarkMainTextRules(b *testing.B) {
	demo, _ := evalPages(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := demo[i%len(demo)]
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.html))
		if err != nil {
			b.Fatal(err)
		}
		_ = ruleText(doc)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkSimHash(b *testing.B) {
	demo, _ := evalPages(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = SimHash(demo[i%len(demo)].gold)
	}
}

// BenchmarkParseNews parses generated 50-150 KB news pages (newspage_test.go)
// with Parse, the code the crawler and `claimwatch parse` run: charset,
// DOM, JSON-LD and meta data, main text, dates, language. Run with -cpu 1
// for the per-core figure.
func BenchmarkParseNews(b *testing.B) {
	pages := genNewsPages(40, 7)
	var bytesIn int64
	for _, p := range pages {
		bytesIn += int64(len(p.html))
	}
	b.SetBytes(bytesIn / int64(len(pages)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		if _, err := Parse(p.url, p.html, "text/html; charset=utf-8"); err != nil {
			b.Fatal(err)
		}
	}
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	if cpu > 0 {
		// CPU time includes the garbage collector's background work.
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "pages/cpu-s")
	}
}
