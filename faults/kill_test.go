package faults

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// TestKillNineEachStage runs crawl, extract and index as separate claimwatch
// processes against the embedded nats-server over TCP, kills one of them
// with SIGKILL while articles flow, restarts it, and checks that every
// article of the generated site is indexed exactly once (or dead-lettered
// with a reason) and that no stream holds one twice.
func TestKillNineEachStage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the claimwatch binary")
	}
	n := 240
	if long() {
		n = 1500
	}
	claimwatchBinary(t)
	for _, victim := range []string{"crawl", "extract", "index"} {
		t.Run(victim, func(t *testing.T) {
			dir := t.TempDir()
			ns := startNATS(t, dir, nil)
			js := ns.JS()
			ctx := context.Background()
			site := NewsSite{N: n, Delay: 15 * time.Millisecond}
			_, sources, want := siteSources(t, dir, site)
			cfgFile := stageConfig(t, dir, ns.URL, sources, "")
			args := func(cmd ...string) []string { return append([]string{"--config", cfgFile}, cmd...) }
			procs := map[string]*proc{
				"extract": startProc(t, dir, "extract", nil, args("extract", "--stage")...),
				"index":   startProc(t, dir, "index", nil, args("index")...),
				"crawl":   startProc(t, dir, "crawl", nil, args("crawl", "--once")...),
			}
			// Kill while the victim is busy.
			var busy func() bool
			switch victim {
			case "crawl":
				busy = func() bool { return streamMsgs(ctx, js, pipeline.StreamArticles) >= uint64(n/3) }
			case "extract": // a batch delivered and not yet acked
				busy = func() bool {
					return streamMsgs(ctx, js, pipeline.StreamRecords) >= uint64(n/5) && ackPending(ctx, js, pipeline.StreamArticles, "extract") > 0
				}
			case "index":
				busy = func() bool {
					return streamMsgs(ctx, js, pipeline.StreamRecords) >= uint64(n/4) && ackPending(ctx, js, pipeline.StreamRecords, "index") > 0
				}
			}
			waitFor(t, 40*time.Second, victim+" busy", busy)
			before := fmt.Sprintf("articles=%d records=%d", streamMsgs(ctx, js, pipeline.StreamArticles), streamMsgs(ctx, js, pipeline.StreamRecords))
			if victim != "crawl" {
				st := map[string]string{"extract": pipeline.StreamArticles, "index": pipeline.StreamRecords}[victim]
				before += fmt.Sprintf(" %s delivered-unacked=%d", victim, ackPending(ctx, js, st, victim))
			}
			p := procs[victim]
			if p.exited() {
				t.Fatalf("%s exited before the kill; log:\n%s", victim, p.logTail())
			}
			p.kill9()
			t.Logf("kill -9 %s at %s", victim, before)
			time.Sleep(300 * time.Millisecond)
			p.restart()

			if err := procs["crawl"].wait(45 * time.Second); err != nil {
				t.Fatalf("crawl: %v\n%s", err, procs["crawl"].logTail())
			}
			waitDrained(t, js, 45*time.Second)
			for _, name := range []string{"extract", "index"} {
				if err := procs[name].term(20 * time.Second); err != nil {
					t.Fatalf("%s did not stop on SIGTERM: %v\n%s", name, err, procs[name].logTail())
				}
			}
			r := accountBleve(t, js, filepath.Join(dir, "index"), want)
			t.Logf("kill -9 %s: %s", victim, r)
			t.Logf("peak RSS MB: crawl %.0f, extract %.0f, index %.0f; test heap %.0f MB",
				procs["crawl"].PeakMB(), procs["extract"].PeakMB(), procs["index"].PeakMB(), heapMB())
			if err := r.Err(); err != nil {
				t.Error(err)
			}
			if r.Indexed != n {
				t.Errorf("indexed %d of %d (dead-lettered %d: %v)", r.Indexed, n, r.DeadLettered, r.Reasons)
			}
			for name, pr := range procs {
				if mb := pr.PeakMB(); mb > maxStageRSSMB {
					t.Errorf("%s peak RSS %.0f MB > %d MB", name, mb, maxStageRSSMB)
				}
			}
		})
	}
}

// maxStageRSSMB bounds the resident memory of one stage process in these
// scenarios (hundreds of small articles).
const maxStageRSSMB = 1024
