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
