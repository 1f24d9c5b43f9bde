package hostile

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func fmtSscan(s string, v *int) (int, error) { return fmt.Sscan(s, v) }

// TestHostileCorpus runs every case of the corpus through the crawler
// (served on loopback), the parser (raw bytes and the `claimwatch parse`
// JSONL path) and the extractor, each case under a deadline: every case
// must give a clear error or a sane result, never a panic, a hang or an
// insane result, and the heap must come back down afterwards. The
// outcome counts are logged as markdown tables (docs/reliability.md).
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile corpus: about a minute")
	}
	cfg := DefaultConfig()
	cfg.BigBytes = bigBytes(t)
	cases := Corpus(cfg)
	e := testExtractor(t)
	reg := prometheus.NewRegistry()
	cp := newCrawlPath(t, cases, reg)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	before := liveHeapMB()
	hp := startHeapPeak()
	defer hp.close()
	tl := newTally()
	paths := []struct {
		name string
		d    time.Duration
		f    func(int, Case) (string, string)
	}{
		// Deadlines: 10-20x the slowest case on a loaded shared machine.
		{"crawl", 30 * time.Second, cp.run},
		{"parse", 30 * time.Second, parseDirect},
		{"parse-jsonl", 60 * time.Second, parseJSONL},
		{"extract", 90 * time.Second, extractPath(e)},
	}
	times := map[string]time.Duration{}
	var maxPeak float64
	// Every 50 MB case goes through the crawler and the parser. The JSONL
	// path decodes the whole line before the parser refuses it (3-8 s per
	// case on a loaded 2-core machine) and the extractor analyses up to
	// 4 MB of text (10-15 s): by default only some of the 50 MB cases take
	// those paths, all of them with CLAIMWATCH_FAULTS_LONG=1.
	long := os.Getenv("CLAIMWATCH_FAULTS_LONG") == "1"
	subset := func(keep ...string) []Case {
		var out []Case
		for _, c := range cases {
			if !c.Big || long || slices.Contains(keep, c.Name) {
				out = append(out, c)
			}
		}
		return out
	}
	perPath := map[string][]Case{
		"parse-jsonl": subset("big/no-markup", "big/unclosed-tags", "big/feed"),
		"extract":     subset("big/no-markup", "big/feed"),
	}
	for _, p := range paths {
		start := time.Now()
		cs := cases
		if sub, ok := perPath[p.name]; ok {
			cs = sub
		}
		runCases(t, ctx, p.name, cs, p.d, tl, hp, p.f)
		times[p.name] = time.Since(start).Round(100 * time.Millisecond)
		maxPeak = max(maxPeak, hp.MB())
	}
	after := liveHeapMB()
	t.Logf("%d cases; time per path %v; live heap before %.0f MB, after %.0f MB", len(cases), times, before, after)
	t.Logf("outcomes:\n%s", tl.table())
	t.Logf("crawler error reasons: %v", crawlReasons(t, reg))
	sort.Strings(tl.slow)
	t.Logf("slow or heavy cases (> 1 s or > %d MB peak heap):\n%s", heavyMB, strings.Join(tl.slow, "\n"))
	t.Logf("highest peak heap: %.0f MB (%s)", tl.peakMB, tl.peakCase)
	if tl.peakMB > maxPeakMB {
		t.Errorf("peak heap %.0f MB on %s, more than %d MB", tl.peakMB, tl.peakCase, maxPeakMB)
	}
	for _, b := range tl.bad {
		t.Error(b)
	}
	if after-before > 100 {
		t.Errorf("live heap grew from %.0f MB to %.0f MB over the corpus", before, after)
	}
	if f := os.Getenv("CLAIMWATCH_HOSTILE_REPORT"); f != "" {
		_ = os.WriteFile(f, []byte(tl.table()+"\nslow:\n"+strings.Join(tl.slow, "\n")+"\n"), 0o644)
	}
}

// crawlReasons sums claimwatch_crawler_errors_total by reason.
func crawlReasons(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != "claimwatch_crawler_errors_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "reason" {
					out[l.GetValue()] += m.GetCounter().GetValue()
				}
			}
		}
	}
	return out
}
