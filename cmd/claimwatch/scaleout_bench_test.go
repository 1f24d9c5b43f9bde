package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestScaleOutExtractorThroughput measures horizontal scaling of the
// extractor: articles/s with 1, 2 and 4 `claimwatch extract --stage`
// processes sharing the durable consumer of one nats-server process. It is
// a measurement, not a unit test: it runs only with
// CLAIMWATCH_BENCH_SCALEOUT=1 and prints a table (docs/benchmarks.md);
// CLAIMWATCH_BENCH_ARTICLES sets the number of articles per run (default
// 2000) and CLAIMWATCH_BENCH_PROCS the process counts (default "1,2,4").
//
//	CLAIMWATCH_BENCH_SCALEOUT=1 go test ./cmd/claimwatch -run ScaleOutExtractorThroughput -v -timeout 20m
//
// For each count a fresh server gets all articles first; then the
// extractors start, and the rate is taken between 10 % and 90 % of the
// records published (steady state: no process start-up, no tail), and also
// from the first record to the last.
func TestScaleOutExtractorThroughput(t *testing.T) {
	if os.Getenv("CLAIMWATCH_BENCH_SCALEOUT") == "" {
		t.Skip("measurement: set CLAIMWATCH_BENCH_SCALEOUT=1 to run")
	}
	n := 2000
	if s := os.Getenv("CLAIMWATCH_BENCH_ARTICLES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			t.Fatalf("CLAIMWATCH_BENCH_ARTICLES=%q: want a number >= 100", s)
		}
		n = v
	}
	counts := []int{1, 2, 4}
	if s := os.Getenv("CLAIMWATCH_BENCH_PROCS"); s != "" {
		counts = nil
		for _, p := range strings.Split(s, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || v < 1 {
				t.Fatalf("CLAIMWATCH_BENCH_PROCS=%q", s)
			}
			counts = append(counts, v)
		}
	}
	cwBin, natsBin := scaleoutBinaries(t)
	articles := scaleoutArticles(t, n)

	type row struct {
		procs              int
		steady, whole      float64 // articles/s
		perCPU             float64 // articles per CPU-second of the extractors, in the 10–90 % window
		natsCPU            float64 // CPU-seconds of nats-server in the window
		loadBefore, loadAt string
	}
	var rows []row
	for _, k := range counts {
		logs := t.TempDir()
		nodes, urls := natsClusterProcs(t, natsBin, logs, 1)
		cfg := pipeline.DefaultNATSConfig()
		cfg.URL = urls[0]
		cfg.Streams.MaxBytes = 256 << 20
		c := connectRetry(t, cfg, 20*time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		pub := crawler.JetStreamPublisher{JS: c.JS}
		// Published as the crawler publishes: same subjects and ids.
		for _, a := range articles {
			if err := pub.Publish(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := streamMsgs(ctx, c.JS, pipeline.StreamArticles); err != nil || got != uint64(n) {
			t.Fatalf("ARTICLES = %d (%v), want %d", got, err, n)
		}
		before := loadAvg()
		var procs []*proc
		for i := range k {
			name := fmt.Sprintf("extract-%d-of-%d", i+1, k)
			procs = append(procs, startProc(t, name, logs, []string{"CLAIMWATCH_ADMIN_ADDR=", "CLAIMWATCH_LOG_LEVEL=warn", "CLAIMWATCH_NATS_STREAMS_MAX_BYTES=268435456"}, cwBin,
				"extract", "--stage", "--nats", urls[0], "--data", filepath.Join(t.TempDir(), name)))
		}
		var t10, t90, tFirst, tLast time.Time
		var cpu10, cpu90, nats10, nats90 float64
		extractorCPU := func() float64 {
			var sum float64
			for _, p := range procs {
				sum += procCPUSeconds(p.cmd.Process.Pid)
			}
			return sum
		}
		lo, hi := uint64(n/10), uint64(n*9/10)
		for tLast.IsZero() {
			got, err := streamMsgs(ctx, c.JS, pipeline.StreamRecords)
			now := time.Now()
			if err == nil {
				if got > 0 && tFirst.IsZero() {
					tFirst = now
				}
				if got >= lo && t10.IsZero() {
					t10, cpu10, nats10 = now, extractorCPU(), procCPUSeconds(nodes[0].cmd.Process.Pid)
				}
				if got >= hi && t90.IsZero() {
					t90, cpu90, nats90 = now, extractorCPU(), procCPUSeconds(nodes[0].cmd.Process.Pid)
				}
				if got >= uint64(n) {
					tLast = now
				}
			}
			for _, p := range procs {
				if p.exited() {
					t.Fatalf("%s exited: %v\n%s", p.name, p.err, tail(p.log, 2000))
				}
			}
			if ctx.Err() != nil {
				t.Fatalf("%d extractors: only %d of %d records after 10 minutes", k, got, n)
			}
			time.Sleep(20 * time.Millisecond)
		}
		at := loadAvg()
		for _, p := range procs {
			p.stop(t, 30*time.Second)
		}
		if dl, err := streamMsgs(ctx, c.JS, pipeline.StreamDeadLetter); err != nil || dl != 0 {
			t.Errorf("DEADLETTER = %d (%v), want 0", dl, err)
		}
		c.Close()
		cancel()
		nodes[0].stop(t, 10*time.Second)
		r := row{procs: k, loadBefore: before, loadAt: at,
			steady: float64(hi-lo) / t90.Sub(t10).Seconds(),
			perCPU: float64(hi-lo) / (cpu90 - cpu10), natsCPU: nats90 - nats10,
			whole: float64(n-1) / tLast.Sub(tFirst).Seconds()}
		rows = append(rows, r)
		t.Logf("%d extractor process(es): %.0f articles/s steady, %.0f first-to-last, %.0f articles per extractor CPU-second", k, r.steady, r.whole, r.perCPU)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| extractor processes | articles/s (10–90 %%) | ratio to 1 | articles/s (first to last record) | articles per extractor CPU-second | nats-server CPU-s in window | load average before → at end |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %d | %.0f | %.2f | %.0f | %.0f | %.2f | %s → %s |\n", r.procs, r.steady, r.steady/rows[0].steady, r.whole, r.perCPU, r.natsCPU, r.loadBefore, r.loadAt)
	}
	t.Logf("%d articles per run, one nats-server, GOMAXPROCS per process = %d cores:%s", n, runtime.NumCPU(), b.String())
}

// procCPUSeconds returns the user+system CPU time of a process from
// /proc/PID/stat (Linux; clock ticks of 1/100 s), or 0.
func procCPUSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100
}

// loadAvg returns the 1-minute load average from /proc/loadavg, or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
