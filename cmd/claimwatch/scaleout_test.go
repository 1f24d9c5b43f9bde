package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestScaleOutKillNodeAndExtractor is the scale-out deployment without a
// container engine: three nats-server processes clustered on loopback
// (streams with replicas 3), two `claimwatch extract --stage` processes and
// one `claimwatch index` process, all the real binaries. Half the articles
// are published, then the ARTICLES stream leader node and one extractor are
// killed with SIGKILL mid-run, then the other half is published through the
// surviving nodes. Every article must end up indexed exactly once (RECORDS
// holds one record per article, the index holds every id and nothing else)
// and nothing may be dead-lettered.
func TestScaleOutKillNodeAndExtractor(t *testing.T) {
	if testing.Short() {
		t.Skip("builds claimwatch and nats-server and runs six processes")
	}
	const n = 400
	const ackWait = 4 * time.Second
	start := time.Now()
	cwBin, natsBin := scaleoutBinaries(t)
	t.Logf("binaries built in %s", time.Since(start).Round(time.Millisecond))
	logs := scaleoutLogDir(t)
	nodes, urls := natsClusterProcs(t, natsBin, logs, 3)
	clusterURL := strings.Join(urls, ",")

	cfg := pipeline.DefaultNATSConfig()
	cfg.URL = clusterURL
	cfg.Name = "scaleout-test"
	cfg.Streams.Replicas = 3
	cfg.Streams.MaxBytes = 64 << 20
	c := connectRetry(t, cfg, 30*time.Second)
	defer c.Close()
	phase := time.Now()
	step := func(what string) {
		t.Logf("%-40s %6.1fs", what, time.Since(phase).Seconds())
		phase = time.Now()
	}
	step("cluster up, streams created (R3)")
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second) // ~20 s on a quiet machine; CI runs it beside other heavy packages
	defer cancel()

	env := stageEnv(3, ackWait)
	common := []string{"--nats", clusterURL}
	var extractors []*proc
	for i := range 2 {
		name := fmt.Sprintf("extract-%d", i+1)
		extractors = append(extractors, startProc(t, name, logs, env, cwBin,
			append([]string{"extract", "--stage", "--data", filepath.Join(t.TempDir(), name)}, common...)...))
	}
	indexData := t.TempDir()
	idx := startProc(t, "index", logs, env, cwBin, append([]string{"index", "--data", indexData}, common...)...)

	articles := scaleoutArticles(t, n)
	pub := crawler.JetStreamPublisher{JS: c.JS}
	publish := func(batch []pipeline.Article) {
		for _, a := range batch {
			for {
				pctx, pcancel := context.WithTimeout(ctx, 5*time.Second)
				err := pub.Publish(pctx, a)
				pcancel()
				if err == nil {
					break
				}
				if ctx.Err() != nil {
					t.Fatalf("publishing: %v", err)
				}
				time.Sleep(100 * time.Millisecond) // leader election after the node loss
			}
		}
	}
	step("stage processes started, articles built")
	publish(articles[:n/2])
	step("first half published")

	// Mid-run: once the extractors are producing, kill -9 the ARTICLES
	// stream leader and the first extractor.
	waitFor(ctx, t, "the first records", func() (bool, string) {
		got, err := streamMsgs(ctx, c.JS, pipeline.StreamRecords)
		return err == nil && got >= n/8, fmt.Sprintf("RECORDS=%d err=%v", got, err)
	})
	st, err := c.JS.Stream(ctx, pipeline.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	si, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	victim, leader := nodes[0], ""
	if si.Cluster != nil {
		leader = si.Cluster.Leader
	}
	for _, p := range nodes {
		if p.name == leader {
			victim = p
		}
	}
	before, _ := streamMsgs(ctx, c.JS, pipeline.StreamRecords)
	victim.kill()
	extractors[0].kill()
	t.Logf("killed %s (ARTICLES leader %q) and %s with %d of %d records published",
		victim.name, leader, extractors[0].name, before, n)
	step("kills")
	if before >= n/2 {
		t.Logf("note: the first half was already extracted when the kills happened")
	}

	publish(articles[n/2:])
	step("second half published")
	waitFor(ctx, t, "every article extracted and indexed", func() (bool, string) {
		for _, p := range []*proc{extractors[1], idx} {
			if p.exited() {
				t.Fatalf("%s exited during the run: %v", p.name, p.err)
			}
		}
		recs, err1 := streamMsgs(ctx, c.JS, pipeline.StreamRecords)
		ex, err2 := consumerBacklog(ctx, c.JS, pipeline.StreamArticles, "extract")
		ix, err3 := consumerBacklog(ctx, c.JS, pipeline.StreamRecords, "index")
		ok := err1 == nil && err2 == nil && err3 == nil && recs >= n && ex == 0 && ix == 0
		if ok {
			return true, ""
		}
		return false, fmt.Sprintf("RECORDS=%d extract backlog=%d index backlog=%d errs=%v %v %v; %s; %s", recs, ex, ix, err1, err2, err3,
			consumerState(ctx, c.JS, pipeline.StreamArticles, "extract"), consumerState(ctx, c.JS, pipeline.StreamRecords, "index"))
	})
	for _, p := range []*proc{extractors[1], idx} {
		if p.exited() {
			t.Errorf("%s exited during the run: %v", p.name, p.err)
		}
	}
	step("everything extracted and indexed")
	extractors[1].stop(t, 30*time.Second)
	idx.stop(t, 30*time.Second)
	step("stages stopped with SIGTERM")

	for name, want := range map[string]uint64{pipeline.StreamArticles: n, pipeline.StreamRecords: n, pipeline.StreamDeadLetter: 0} {
		// A stream whose leader was on the killed node may still be
		// electing one under load: its info request then times out.
		var got uint64
		err := pipeline.RetrySetup(ctx, nil, "stream info "+name, func(actx context.Context) error {
			var err error
			got, err = streamMsgs(actx, c.JS, name)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s holds %d messages, want %d", name, got, want)
		}
	}
	bl, err := indexer.OpenBleve(filepath.Join(indexData, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	count, err := bl.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Errorf("index holds %d records, want %d", count, n)
	}
	missing := 0
	for _, a := range articles {
		rec, ok, err := bl.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !ok || rec.ID != a.ID || rec.Article.URL != a.URL {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d articles missing from the index", missing, n)
	}
	t.Logf("%d articles indexed exactly once across a node loss and an extractor loss in %s", n, time.Since(start).Round(time.Millisecond))
}

// waitFor polls cond until it holds or ctx ends.
func waitFor(ctx context.Context, t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	for {
		ok, state := cond()
		if ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %s", what, state)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
