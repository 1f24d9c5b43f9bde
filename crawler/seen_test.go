package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/pipeline"
)

// demoTexts returns the article bodies of the demo site's sources.
func demoTexts(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir("demosite/content")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		b, err := os.ReadFile("demosite/content/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, body, ok := strings.Cut(string(b), "\n---\n"); ok {
			out[e.Name()] = body
		}
	}
	return out
}

func TestSimHash(t *testing.T) {
	texts := demoTexts(t)
	if len(texts) < 10 {
		t.Fatalf("only %d demo texts", len(texts))
	}
	var names []string
	for n := range texts {
		names = append(names, n)
	}
	// Unrelated stories are far apart.
	far := 64
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			far = min(far, Hamming(SimHash(texts[names[i]]), SimHash(texts[names[j]])))
		}
	}
	if far <= 6 {
		t.Errorf("closest pair of different demo stories is %d bits apart, want > 6", far)
	}
	// The same wire story re-published elsewhere: a new dateline, a credit
	// line at the end, a changed verb.
	edits := map[string]func(string) string{
		"dateline": func(s string) string { return "KABUL (Wire) - " + s },
		"credit":   func(s string) string { return s + "\n\nAdditional reporting by a staff writer; editing by the desk." },
		"verb":     func(s string) string { return "(Reuters) - " + strings.Replace(s, " said", " told reporters", 1) },
	}
	// SimHash distance grows with the share of the text an edit changes, so
	// on short stories a credit line can cross the threshold: at least 95%
	// of the syndicated copies must be within NearDupDistance.
	def := DefaultConfig().NearDupDistance
	worst := map[string]int{}
	copies, missed := 0, 0
	for _, n := range names {
		orig := texts[n]
		if len(strings.Fields(orig)) < 150 {
			continue
		}
		for name, edit := range edits {
			d := Hamming(SimHash(orig), SimHash(edit(orig)))
			worst[name] = max(worst[name], d)
			copies++
			if d > def {
				missed++
				t.Logf("syndicated copy (%s) of %s differs by %d bits > NearDupDistance %d", name, n, d, def)
			}
		}
	}
	if copies == 0 || missed*20 > copies {
		t.Errorf("%d of %d syndicated copies are beyond NearDupDistance %d", missed, copies, def)
	}
	if far <= 2*def {
		t.Errorf("closest different stories %d bits apart: too close to NearDupDistance %d", far, def)
	}
	t.Logf("closest different stories: %d bits; farthest syndicated copies: %v", far, worst)
	if SimHash("") != 0 {
		t.Error("empty text must hash to 0")
	}
}

func TestMemoryNearDup(t *testing.T) {
	ctx := context.Background()
	m := NewMemorySeen()
	h := SimHash(strings.Repeat("the quick brown fox jumps over the lazy dog ", 20))
	if got, _ := m.FirstCopy(ctx, "a", h, 3); got != "" {
		t.Fatalf("first copy linked to %q", got)
	}
	if got, _ := m.FirstCopy(ctx, "a", h, 3); got != "" {
		t.Fatalf("same article linked to %q", got)
	}
	if got, _ := m.FirstCopy(ctx, "b", h^0b101, 3); got != "a" {
		t.Fatalf("2-bit neighbour linked to %q, want a", got)
	}
	if got, _ := m.FirstCopy(ctx, "c", h^0xF0F0, 3); got != "" {
		t.Fatalf("8-bit neighbour linked to %q", got)
	}
}

// validatorSite serves one article with an ETag and Last-Modified and
// answers conditional requests; body() gives the current text.
type validatorSite struct {
	mu          sync.Mutex
	text        string
	etag        bool
	full, notMo atomic.Int32
	condSeen    atomic.Int32
}

func (v *validatorSite) handler(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	text := v.text
	v.mu.Unlock()
	tag := `"` + pipeline.ContentHash(text) + `"`
	lm := "Wed, 08 May 2024 10:00:00 GMT"
	if strings.Contains(text, "Update") {
		lm = "Wed, 08 May 2024 11:00:00 GMT"
	}
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		v.condSeen.Add(1)
	}
	if v.etag && r.Header.Get("If-None-Match") == tag || !v.etag && r.Header.Get("If-Modified-Since") == lm {
		v.notMo.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if v.etag {
		w.Header().Set("ETag", tag)
	} else {
		w.Header().Set("Last-Modified", lm)
	}
	v.full.Add(1)
	fmt.Fprint(w, articleHTML("Story", text))
}

func TestConditionalRecrawl(t *testing.T) {
	for _, etag := range []bool{true, false} {
		t.Run(fmt.Sprintf("etag=%v", etag), func(t *testing.T) {
			v := &validatorSite{text: strings.Repeat("Floods closed the main road for a third day. ", 10), etag: etag}
			site := serve(t, map[string]http.HandlerFunc{"/": htmlPage(`<a href="/a.html">a</a>`), "/a.html": v.handler})
			src := Source{Name: "s", Home: site.URL + "/"}
			seen := NewMemorySeen()
			pub := &memPub{}
			cr := New(testConfig(), pub, nil, nil, WithSeenStore(seen))
			st1, _ := cr.CrawlSource(context.Background(), src)
			st2, _ := cr.CrawlSource(context.Background(), src)
			if st1.Published != 1 || st2.Published != 0 || st2.Unchanged != 1 || v.notMo.Load() != 1 {
				t.Fatalf("pass1 %+v pass2 %+v 304s %d: want 1 published, then 1 unchanged by 304", st1, st2, v.notMo.Load())
			}
			v.mu.Lock()
			v.text += " Update: the road reopened."
			v.mu.Unlock()
			st3, _ := cr.CrawlSource(context.Background(), src)
			if st3.Published != 1 || pub.n() != 2 || !strings.Contains(pub.arts[1].Text, "reopened") {
				t.Fatalf("revised page not republished: %+v", st3)
			}
		})
	}
}

func TestUnchangedWithoutValidators(t *testing.T) {
	text := strings.Repeat("The court adjourned the case until June. ", 10)
	site := serve(t, map[string]http.HandlerFunc{"/": htmlPage(`<a href="/a.html">a</a>`), "/a.html": htmlPage(articleHTML("Court", text))})
	src := Source{Name: "s", Home: site.URL + "/"}
	cr := New(testConfig(), &memPub{}, nil, nil, WithSeenStore(NewMemorySeen()))
	st1, _ := cr.CrawlSource(context.Background(), src)
	st2, _ := cr.CrawlSource(context.Background(), src)
	if st1.Published != 1 || st2.Published != 0 || st2.Unchanged != 1 {
		t.Fatalf("pass1 %+v pass2 %+v", st1, st2)
	}
	// Without a seen store every pass republishes (the stream dedupes).
	st3, _ := New(testConfig(), &memPub{}, nil, nil).CrawlSource(context.Background(), src)
	if st3.Published != 1 {
		t.Fatalf("without seen store: %+v", st3)
	}
}

func TestSitemapLastmodSkip(t *testing.T) {
	var hits atomic.Int32
	text := strings.Repeat("Talks resumed in Geneva on Thursday. ", 10)
	var base string
	s2 := serve(t, map[string]http.HandlerFunc{
		"/sitemap.xml": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/a.html</loc><lastmod>2024-05-08T10:00:00Z</lastmod></url></urlset>`, base)
		},
		"/a.html": func(w http.ResponseWriter, _ *http.Request) { hits.Add(1); fmt.Fprint(w, articleHTML("Talks", text)) },
	})
	base = s2.URL
	cr := New(testConfig(), &memPub{}, nil, nil, WithSeenStore(NewMemorySeen()))
	src := Source{Name: "s", Sitemaps: []string{s2.URL + "/sitemap.xml"}}
	st1, _ := cr.CrawlSource(context.Background(), src)
	st2, _ := cr.CrawlSource(context.Background(), src)
	if st1.Published != 1 || st2.Skipped != 1 || hits.Load() != 1 {
		t.Fatalf("pass1 %+v pass2 %+v hits %d: the article fetched after its lastmod must not be fetched again", st1, st2, hits.Load())
	}
}

func startNATS(t *testing.T) *pipeline.Conn {
	t.Helper()
	cfg := pipeline.DefaultNATSConfig()
	cfg.StoreDir = t.TempDir()
	c, err := pipeline.Connect(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestKVSeenAndDuplicateHeader runs two crawler "processes" against a real
// embedded JetStream: the second skips the unchanged article through the
// shared KV bucket, and a syndicated copy on another site is published with
// Claimwatch-Duplicate-Of naming the first copy.
func TestKVSeenAndDuplicateHeader(t *testing.T) {
	ctx := context.Background()
	nc := startNATS(t)
	kv, err := NewKVSeen(ctx, nc.JS, "", time.Hour, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, found, err := kv.Get(ctx, "nope"); err != nil || found {
		t.Fatalf("Get missing = %v %v", found, err)
	}
	story := demoTexts(t)["kabul-school-bombing.txt"]
	paras := strings.Split(strings.TrimSpace(story), "\n\n")
	first := serve(t, map[string]http.HandlerFunc{"/": htmlPage(`<a href="/kabul.html">k</a>`), "/kabul.html": htmlPage(articleHTML("Kabul school bomb", paras...))})
	synd := append([]string{"KABUL (Wire) -"}, paras...)
	second := serve(t, map[string]http.HandlerFunc{"/": htmlPage(`<a href="/world/kabul-blast.html">k</a>`), "/world/kabul-blast.html": htmlPage(articleHTML("Seven killed in Kabul school blast", synd...))})

	cfg := testConfig()
	pub := JetStreamPublisher{JS: nc.JS}
	newCrawler := func() *Crawler { return New(cfg, pub, nil, nil, WithSeenStore(kv), WithNearDup(kv)) }
	st1, err := newCrawler().CrawlSource(ctx, Source{Name: "first", Home: first.URL + "/"})
	if err != nil || st1.Published != 1 || st1.Duplicates != 0 {
		t.Fatalf("first site: %+v %v", st1, err)
	}
	st2, err := newCrawler().CrawlSource(ctx, Source{Name: "first", Home: first.URL + "/"})
	if err != nil || st2.Published != 0 || st2.Unchanged != 1 {
		t.Fatalf("re-crawl by a new process: %+v %v", st2, err)
	}
	st3, err := newCrawler().CrawlSource(ctx, Source{Name: "second", Home: second.URL + "/"})
	if err != nil || st3.Published != 1 || st3.Duplicates != 1 {
		t.Fatalf("syndicated copy: %+v %v", st3, err)
	}
	s, err := nc.JS.Stream(ctx, pipeline.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := s.GetLastMsgForSubject(ctx, pipeline.ArticleSubject("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	want := st1.IDs[0]
	if got := msg.Header.Get(HeaderDuplicateOf); got != want || msg.Header.Get("Claimwatch-Source") != "second" {
		t.Errorf("%s = %q (source %q), want %q", HeaderDuplicateOf, got, msg.Header.Get("Claimwatch-Source"), want)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 2 {
		t.Errorf("ARTICLES holds %d messages, want 2", info.State.Msgs)
	}
}

func TestNearDupIndexes(t *testing.T) {
	ctx := context.Background()
	nc := startNATS(t)
	kv, err := NewKVSeen(ctx, nc.JS, "TEST_SEEN", time.Hour, 0)
	if err != nil {
		t.Fatal(err)
	}
	h := SimHash(strings.Repeat("the quick brown fox jumps over the lazy dog ", 20))
	for name, idx := range map[string]NearDupIndex{"memory": NewMemorySeen(), "kv": kv} {
		t.Run(name, func(t *testing.T) {
			steps := []struct {
				id   string
				h    uint64
				dist int
				want string
			}{
				{"a", h, 7, ""},
				{"a", h, 7, ""},                       // the same article again
				{"b", h ^ 0b101, 3, "a"},              // 2 bits away
				{"c", h ^ 0x0101010101010101, 7, ""},  // one bit in every band: 8 bits
				{"d", h ^ 0x0101010101010100, 7, "a"}, // 7 bits: the top band still equals a's
				{"e", ^h, 7, ""},
			}
			for _, s := range steps {
				got, err := idx.FirstCopy(ctx, s.id, s.h, s.dist)
				if err != nil {
					t.Fatal(err)
				}
				if got != s.want {
					t.Errorf("FirstCopy(%s) = %q, want %q", s.id, got, s.want)
				}
			}
		})
	}
	// Put/Get round trip.
	e := SeenEntry{URL: "https://x.example/a", ContentHash: "abc", ETag: `"v1"`, LastModified: "Wed, 08 May 2024 10:00:00 GMT", SimHash: h, FetchedAt: time.Unix(1715162400, 0).UTC()}
	if err := kv.Put(ctx, "id1", e); err != nil {
		t.Fatal(err)
	}
	got, found, err := kv.Get(ctx, "id1")
	if err != nil || !found || got != e {
		t.Fatalf("Get = %+v %v %v, want %+v", got, found, err, e)
	}
}

func TestConsumerPendingAndStoreOptions(t *testing.T) {
	ctx := context.Background()
	nc := startNATS(t)
	pending := ConsumerPending(nc.JS, pipeline.StreamArticles, "extract")
	if n, err := pending(ctx); err != nil || n != 0 {
		t.Fatalf("missing consumer: %d %v, want 0 nil", n, err)
	}
	if _, err := nc.JS.CreateOrUpdateConsumer(ctx, pipeline.StreamArticles, jetstream.ConsumerConfig{Durable: "extract", AckPolicy: jetstream.AckExplicitPolicy}); err != nil {
		t.Fatal(err)
	}
	pub := JetStreamPublisher{JS: nc.JS}
	for _, u := range []string{"https://x.example/a", "https://x.example/b"} {
		a := Page{URL: u, CanonicalURL: u, Title: "t", Text: u}.ToArticle("s", "en", time.Now())
		if err := pub.Publish(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := pending(ctx); err != nil || n != 2 {
		t.Fatalf("pending = %d %v, want 2", n, err)
	}
	cfg := DefaultConfig()
	if opts, err := StoreOptions(ctx, nc.JS, cfg, 1); err != nil || len(opts) != 0 {
		t.Fatalf("seen_store off: %d options, %v", len(opts), err)
	}
	cfg.SeenStore = true
	opts, err := StoreOptions(ctx, nc.JS, cfg, 1)
	if err != nil || len(opts) != 2 {
		t.Fatalf("seen_store on: %d options, %v", len(opts), err)
	}
	c := New(cfg, pub, nil, nil, opts...)
	if c.seen == nil || c.near == nil {
		t.Error("options not applied")
	}
	if _, err := nc.JS.KeyValue(ctx, DefaultSeenBucket); err != nil {
		t.Errorf("bucket %s not created: %v", DefaultSeenBucket, err)
	}
}

// TestDemoSiteRecrawl crawls the demo site twice with a seen store: every
// article once, then nothing republished.
func TestDemoSiteRecrawl(t *testing.T) {
	site := httptest.NewServer(demosite.Handler())
	defer site.Close()
	want := len(demosite.Articles())
	b := site.URL
	src := Source{Name: "demo", Home: b + "/", Feeds: []string{b + "/rss.xml"}, Sitemaps: []string{b + "/sitemap.xml"},
		Sections: []string{b + "/world/", b + "/africa/", b + "/asia/", b + "/middle-east/", b + "/sports/", b + "/politics/"}, MaxDepth: 3}
	cr := New(testConfig(), &memPub{}, nil, nil, WithSeenStore(NewMemorySeen()), WithNearDup(NewMemorySeen()))
	st1, err := cr.CrawlSource(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	st2, err := cr.CrawlSource(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if st1.Published != want || st1.Errors != 0 {
		t.Errorf("first pass: published %d, errors %d; want %d and 0", st1.Published, st1.Errors, want)
	}
	if st2.Published != 0 || st2.Unchanged+st2.Skipped < want {
		t.Errorf("second pass: published %d, unchanged %d, skipped %d; want 0 and %d", st2.Published, st2.Unchanged, st2.Skipped, want)
	}
	if st1.Duplicates != 0 {
		t.Errorf("%d demo articles linked as near-duplicates of others", st1.Duplicates)
	}
	t.Logf("pass 1: %d pages; pass 2: %d pages, %d unchanged, %d skipped by sitemap lastmod", st1.Pages, st2.Pages, st2.Unchanged, st2.Skipped)
}

// TestRobotsSitemapDiscovery: a sitemap listed only in robots.txt is read.
func TestRobotsSitemapDiscovery(t *testing.T) {
	var base string
	text := strings.Repeat("The electoral commission published the final results on Friday. ", 8)
	site := serve(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: %s/hidden-sitemap.xml\nSitemap: https://elsewhere.example/s.xml\n", base)
		},
		"/": htmlPage("<p>no links here</p>"),
		"/hidden-sitemap.xml": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/results.html</loc></url></urlset>`, base)
		},
		"/results.html": htmlPage(articleHTML("Results", text)),
	})
	base = site.URL
	pub := &memPub{}
	if _, err := New(testConfig(), pub, nil, nil).CrawlSource(context.Background(), Source{Name: "s", Home: site.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	if pub.n() != 1 {
		t.Errorf("published %d, want the article listed in the robots.txt sitemap", pub.n())
	}
}
