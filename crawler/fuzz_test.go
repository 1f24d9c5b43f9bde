package crawler

import (
	"net/http"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzParseRobots(f *testing.F) {
	f.Add(200, []byte("User-agent: *\nCrawl-delay: 2\nDisallow: /x\nSitemap: https://x.example/s.xml\n"))
	f.Add(404, []byte(""))
	f.Add(200, []byte("User-agent: *\nCrawl-delay: -1e308\n"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		ri := parseRobots(status, body, "claimwatch/0.1")
		if ri.CrawlDelay < 0 {
			t.Fatalf("negative crawl-delay %v", ri.CrawlDelay)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	f.Add("120")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add("-5")
	f.Add("99999999999999999999")
	now := time.Date(2024, 5, 8, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{}
		h.Set("Retry-After", v)
		if d := retryAfter(h, now, time.Second); d < 0 {
			t.Fatalf("negative wait %v for %q", d, v)
		}
	})
}

func FuzzSimHash(f *testing.F) {
	f.Add("the quick brown fox jumps over the lazy dog")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		h := SimHash(s)
		if SimHash(s) != h {
			t.Fatal("not deterministic")
		}
	})
}

func FuzzFeedItems(f *testing.F) {
	f.Add([]byte(`<rss><channel><item><link>https://x/a</link><pubDate>Wed, 08 May 2024 10:00:00 GMT</pubDate></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://x/c"/><updated>2024-05-08T10:00:00Z</updated></entry></feed>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := FeedItems(b)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Link == "" {
				t.Fatal("item without link returned")
			}
		}
	})
}

func FuzzMainText(f *testing.F) {
	f.Add([]byte(`<div class="story">first paragraph with enough words to count as text<br><br>second one, also long enough to be kept</div>`))
	f.Add([]byte(`<article><p>x</p><div class="ad-slot">Advertisement</div></article>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse("https://x.example/2024/05/08/a", b, "text/html; charset=utf-8")
		if err != nil {
			return
		}
		if !utf8.ValidString(p.Text) {
			t.Fatal("invalid UTF-8 text")
		}
		if p.Published == "" {
			t.Fatal("URL date lost")
		}
	})
}
