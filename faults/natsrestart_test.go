package faults

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// TestNATSServerRestart stops the nats-server (same store directory, same
// port) while the three stage processes run, starts it again after a
// pause, and checks that the stages reconnect and resume: a second crawl
// pass (as the crawler's recrawl would do) publishes what the first could
// not, and every article is indexed exactly once.
func TestNATSServerRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the claimwatch binary")
	}
	n, outage := 240, 3*time.Second
	if long() {
		n, outage = 1500, 30*time.Second
	}
	claimwatchBinary(t)
	dir := t.TempDir()
	ns := startNATS(t, dir, nil)
	ctx := context.Background()
	site := NewsSite{N: n, Delay: 15 * time.Millisecond}
	_, sources, want := siteSources(t, dir, site)
	cfgFile := stageConfig(t, dir, ns.URL, sources, "")
	args := func(cmd ...string) []string { return append([]string{"--config", cfgFile}, cmd...) }
	extract := startProc(t, dir, "extract", nil, args("extract", "--stage")...)
	index := startProc(t, dir, "index", nil, args("index")...)
	crawl := startProc(t, dir, "crawl", nil, args("crawl", "--once")...)

	waitFor(t, 40*time.Second, "a third of the articles published", func() bool {
		return streamMsgs(ctx, ns.JS(), pipeline.StreamArticles) >= uint64(n/3)
	})
	t.Logf("stopping nats-server at articles=%d records=%d", streamMsgs(ctx, ns.JS(), pipeline.StreamArticles), streamMsgs(ctx, ns.JS(), pipeline.StreamRecords))
	ns.stop()
	time.Sleep(outage)
	ns.start()
	t.Logf("nats-server back after %v", outage)

	if err := crawl.wait(60 * time.Second); err != nil {
		t.Fatalf("first crawl pass: %v\n%s", err, crawl.logTail())
	}
	first := passErrors(crawl.logTail())
	// The next pass (what `crawl` without --once does on its recrawl
	// interval) publishes the articles the first pass could not.
	crawl.restart()
	if err := crawl.wait(60 * time.Second); err != nil {
		t.Fatalf("second crawl pass: %v\n%s", err, crawl.logTail())
	}
	waitDrained(t, ns.JS(), 45*time.Second)
	for _, p := range []*proc{extract, index} {
		if err := p.term(20 * time.Second); err != nil {
			t.Fatalf("%s: %v\n%s", p.name, err, p.logTail())
		}
	}
	r := accountBleve(t, ns.JS(), filepath.Join(dir, "index"), want)
	t.Logf("nats restart (%v outage): first crawl pass %s; %s", outage, first, r)
	t.Logf("peak RSS MB: crawl %.0f, extract %.0f, index %.0f", crawl.PeakMB(), extract.PeakMB(), index.PeakMB())
	if err := r.Err(); err != nil {
		t.Error(err)
	}
	if r.Indexed != n {
		t.Errorf("indexed %d of %d", r.Indexed, n)
	}
}

// passErrors returns the published/errors fields of the last "crawl pass
// finished" log line.
func passErrors(log string) string {
	m := regexp.MustCompile(`crawl pass finished.*?(published=\d+ errors=\d+)`).FindAllStringSubmatch(log, -1)
	if len(m) == 0 {
		return "(no summary line)"
	}
	return m[len(m)-1][1]
}
