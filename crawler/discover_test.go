package crawler

import (
	"testing"
)

func TestParseSitemap(t *testing.T) {
	idx := `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.example/news.xml</loc><lastmod>2024-05-08</lastmod></sitemap></sitemapindex>`
	news := `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc> https://x.example/a.html </loc><news:news><news:publication_date>2024-05-08T10:00:00Z</news:publication_date></news:news></url></urlset>`
	e, err := ParseSitemap([]byte(idx))
	if err != nil || len(e) != 1 || !e[0].IsIndex || e[0].Loc != "https://x.example/news.xml" {
		t.Fatalf("index: %v %+v", err, e)
	}
	e, err = ParseSitemap([]byte(news))
	if err != nil || len(e) != 1 || e[0].IsIndex || e[0].Loc != "https://x.example/a.html" || e[0].PublishedNews != "2024-05-08T10:00:00Z" {
		t.Fatalf("news: %v %+v", err, e)
	}
	for _, bad := range []string{"", "<html><body>not a sitemap</body></html>", "<urlset><url><loc>x", "\x00\x01"} {
		if got, err := ParseSitemap([]byte(bad)); err == nil && len(got) > 0 {
			t.Errorf("ParseSitemap(%q) = %v, want error or nothing", bad, got)
		}
	}
}

func TestFeedLinks(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title><link>https://x.example/a.html</link></item><item><title>b</title><link>https://x.example/b.html</link></item></channel></rss>`
	atom := `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>a</title><link href="https://x.example/c.html"/></entry></feed>`
	l, err := FeedLinks([]byte(rss))
	if err != nil || len(l) != 2 || l[1] != "https://x.example/b.html" {
		t.Fatalf("rss: %v %v", err, l)
	}
	l, err = FeedLinks([]byte(atom))
	if err != nil || len(l) != 1 || l[0] != "https://x.example/c.html" {
		t.Fatalf("atom: %v %v", err, l)
	}
	if _, err := FeedLinks([]byte("<rss><channel><item><link>")); err == nil {
		t.Log("truncated feed parsed leniently")
	}
	if _, err := FeedLinks([]byte("not xml at all")); err == nil {
		t.Error("want error for non-feed")
	}
}

func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(`<urlset><url><loc>https://x/a</loc></url></urlset>`))
	f.Fuzz(func(t *testing.T, b []byte) { _, _ = ParseSitemap(b) })
}

func FuzzFeedLinks(f *testing.F) {
	f.Add([]byte(`<rss><channel><item><link>https://x/a</link></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, b []byte) { _, _ = FeedLinks(b) })
}
