package extractor

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/claimwatch/claimwatch/configs"
)

// longArticles builds n distinct news texts of about words words each by
// joining the bodies of the demo site's wire articles (crawler/demosite
// content: original wire-style reports) in rotated orders. They are real
// prose with datelines, quotes, numbers and group names, like the articles
// the extractor sees in production.
func longArticles(tb testing.TB, n, words int) []string {
	tb.Helper()
	dir := filepath.Join("..", "crawler", "demosite", "content")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Skipf("demo content not found in %s: %v", dir, err)
	}
	sort.Strings(files)
	var bodies []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		_, body, ok := strings.Cut(string(b), "\n---\n")
		if !ok {
			continue
		}
		bodies = append(bodies, strings.TrimSpace(body))
	}
	out := make([]string, n)
	for i := range out {
		var sb strings.Builder
		count := 0
		for j := 0; count < words; j++ {
			body := bodies[(i*7+j*3)%len(bodies)]
			sb.WriteString(body)
			sb.WriteString("\n\n")
			count += len(strings.Fields(body))
		}
		out[i] = sb.String()
	}
	return out
}

var (
	bundledOnce sync.Once
	bundledExt  *Extractor
	bundledErr  error
)

// bundledExtractor is the production extractor: the bundled gazetteer
// (configs, every group file) and the embedded GeoNames place gazetteer.
func bundledExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	bundledOnce.Do(func() {
		g, err := LoadGazetteer(configs.FS)
		if err != nil {
			bundledErr = err
			return
		}
		places, err := DefaultPlaces()
		if err != nil {
			bundledErr = err
			return
		}
		bundledExt, bundledErr = New(g, places, DefaultConfig(), nil)
	})
	if bundledErr != nil {
		tb.Fatal(bundledErr)
	}
	return bundledExt
}

// BenchmarkExtractVsProse measures, in one run and on the same ~1,000-word
// articles, the full claimwatch extractor (bundled gazetteer, places,
// claims, incidents) against prose v2's default full pipeline
// (tokenise, segment, tag, named entities) in two forms: as its API is
// usually called (prose.NewDocument per article, which rebuilds the model
// each time) and with the model built once and reused (UsingModel). Run
// with -cpu 1 for per-core figures; the ratio is claimwatch articles/s over
// each prose figure.
func BenchmarkExtractVsProse(b *testing.B) {
	arts := longArticles(b, 16, 1000)
	words := 0
	for _, a := range arts {
		words += len(strings.Fields(a))
	}
	b.Logf("%d articles, %d words on average", len(arts), words/len(arts))
	b.Run("claimwatch", func(b *testing.B) {
		e := bundledExtractor(b)
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime()
		for i := 0; i < b.N; i++ {
			_ = e.Extract(Input{ID: "bench", Text: arts[i%len(arts)], Published: "2024-05-08"})
		}
		reportRates(b, cpu0)
	})
	b.Run("prose_default", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := cpuTime()
		for i := 0; i < b.N; i++ {
			doc, err := prose.NewDocument(arts[i%len(arts)])
			if err != nil {
				b.Fatal(err)
			}
			_ = doc.Entities()
		}
		reportRates(b, cpu0)
	})
	b.Run("prose_model_reused", func(b *testing.B) {
		warm, err := prose.NewDocument("Warm up.")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime()
		for i := 0; i < b.N; i++ {
			doc, err := prose.NewDocument(arts[i%len(arts)], prose.UsingModel(warm.Model))
			if err != nil {
				b.Fatal(err)
			}
			_ = doc.Entities()
		}
		reportRates(b, cpu0)
	})
}

// cpuTime is the CPU time (user + system) this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates reports articles per wall-clock second and per CPU second
// (all threads, so the garbage collector's work counts). On a shared,
// loaded machine the wall figure drops with other load while the CPU
// figure stays close to what one idle core delivers.
func reportRates(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
	}
}

// TestLongArticlesAreLong guards the benchmark's input: distinct texts of
// at least 1,000 words that the extractor finds groups in.
func TestLongArticlesAreLong(t *testing.T) {
	arts := longArticles(t, 4, 1000)
	for i, a := range arts {
		if n := len(strings.Fields(a)); n < 1000 || n > 1600 {
			t.Errorf("article %d has %d words", i, n)
		}
		if i > 0 && a == arts[i-1] {
			t.Errorf("article %d equals article %d", i, i-1)
		}
	}
	out := bundledExtractor(t).Extract(Input{ID: "a", Text: arts[0], Published: "2024-05-08"})
	if len(out.Groups) == 0 {
		t.Error("no groups found in a long article")
	}
}

// TestMemoryWithAllGazetteers loads every gazetteer the production
// extractor uses (the bundled groups and the GeoNames places), extracts one
// long article, and checks the live heap stays within the 300 MB.
func TestMemoryWithAllGazetteers(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the full gazetteers")
	}
	e := bundledExtractor(t)
	_ = e.Extract(Input{ID: "m", Text: longArticles(t, 1, 1000)[0], Published: "2024-05-08"})
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	const limit = 300 << 20
	// The whole test binary's live heap counts against the limit, so the
	// figure is an upper bound for the extractor's own share.
	t.Logf("live heap %.1f MB, Sys %.1f MB, %d groups, places loaded",
		float64(after.HeapAlloc)/(1<<20), float64(after.Sys)/(1<<20), e.gaz.Len())
	if after.HeapAlloc > limit {
		t.Fatalf("live heap %d bytes exceeds %d", after.HeapAlloc, limit)
	}
	runtime.KeepAlive(e)
}
