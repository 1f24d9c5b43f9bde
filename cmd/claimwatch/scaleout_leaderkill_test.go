package main

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// TestRunnerSurvivesConsumerLeaderKill kills (SIGKILL) the nats-server
// process that leads a stage's durable consumer while the stage holds a
// batch that it then fails transiently. The runner's connection goes to
// another node, so the client is never disconnected and gets no
// "leadership change" notice: its pull request silently dies with the
// node, and the nak'ed (or lost-ack) messages wait for redelivery with
// nothing pending behind them (NumPending 0, NumAckPending > 0,
// NumWaiting 0). JetStream redelivers only into a waiting pull, so the
// runner must notice and pull again.
func TestRunnerSurvivesConsumerLeaderKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nats-server and runs a 3-process cluster")
	}
	dir := t.TempDir()
	natsBin := filepath.Join(dir, "nats-server")
	if out, err := exec.Command("go", "build", "-ldflags=-s -w", "-o", natsBin, "github.com/nats-io/nats-server/v2").CombinedOutput(); err != nil {
		t.Fatalf("build nats-server: %v\n%s", err, out)
	}
	nodes, urls := natsClusterProcs(t, natsBin, t.TempDir(), 3)
	cfg := pipeline.DefaultNATSConfig()
	cfg.Streams.Replicas = 3
	cfg.Streams.MaxBytes = 64 << 20
	cfg.URL = urls[0]
	admin := connectRetry(t, cfg, 30*time.Second)
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	const n = 8
	for i := range n {
		if _, err := admin.JS.PublishMsg(ctx, &nats.Msg{Subject: pipeline.ArticleSubject("a.example"), Data: fmt.Appendf(nil, "%d", i)}, jetstream.WithMsgID(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	rc := pipeline.DefaultRunnerConfig()
	rc.Stream = pipeline.StreamArticles
	rc.Durable = "leaderkill"
	rc.BatchSize = n
	rc.Workers = 2
	rc.FetchWait = 100 * time.Millisecond
	rc.AckWait = 2 * time.Second
	rc.BackoffBase, rc.BackoffMax = 50*time.Millisecond, 100*time.Millisecond
	rc.MaxDeliver = 20
	stage := &failHeldBatch{held: make(chan struct{}), release: make(chan struct{})}
	if _, err := pipeline.NewRunner(ctx, admin.JS, stage, rc, nil, nil); err != nil {
		t.Fatal(err)
	}
	cons, err := admin.JS.Consumer(ctx, pipeline.StreamArticles, rc.Durable)
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(ctx)
	if err != nil || info.Cluster == nil {
		t.Fatalf("consumer info: %v", err)
	}
	victim, runURL := -1, ""
	for i, p := range nodes {
		if p.name == info.Cluster.Leader {
			victim = i
		} else if runURL == "" && i != 0 {
			runURL = urls[i]
		}
	}
	if victim < 0 {
		t.Fatalf("consumer leader %q is not one of the nodes", info.Cluster.Leader)
	}
	if runURL == "" {
		runURL = urls[1]
	}
	rcfg := cfg
	rcfg.URL = runURL
	c := connectRetry(t, rcfg, 30*time.Second)
	defer c.Close()
	r, err := pipeline.NewRunner(ctx, c.JS, stage, rc, slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})), nil)
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(rctx) }()
	defer func() { stop(); <-done }()
	select {
	case <-stage.held:
	case <-ctx.Done():
		t.Fatal("the stage never got the batch")
	}
	nodes[victim].kill()
	close(stage.release) // the batch fails: nak (or lost) while the consumer has no leader
	t.Logf("killed %s, the consumer leader; the runner is connected to %s", nodes[victim].name, runURL)

	deadline := time.Now().Add(30 * time.Second)
	for {
		recs, err1 := streamMsgs(ctx, c.JS, pipeline.StreamRecords)
		backlog, err2 := consumerBacklog(ctx, c.JS, pipeline.StreamArticles, rc.Durable)
		if err1 == nil && err2 == nil && recs == n && backlog == 0 {
			break
		}
		if time.Now().After(deadline) {
			state := ""
			ictx, icancel := context.WithTimeout(ctx, apiTimeout)
			if ci, err := cons.Info(ictx); err == nil {
				state = fmt.Sprintf(" (pending %d, ack pending %d, waiting pulls %d)", ci.NumPending, ci.NumAckPending, ci.NumWaiting)
			}
			icancel()
			t.Fatalf("stalled: RECORDS=%d of %d, backlog=%d%s, errs=%v %v", recs, n, backlog, state, err1, err2)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// failHeldBatch copies messages to RECORDS. It holds its first batch until
// release is closed and then fails it with a transient error.
type failHeldBatch struct {
	once    sync.Once
	held    chan struct{}
	release chan struct{}
}

func (h *failHeldBatch) Name() string { return "leaderkill" }

func (h *failHeldBatch) Process(_ context.Context, batch []pipeline.Message) []pipeline.Result {
	out := make([]pipeline.Result, len(batch))
	first := false
	h.once.Do(func() {
		first = true
		close(h.held)
		<-h.release
	})
	for i, m := range batch {
		if first {
			out[i].Err = fmt.Errorf("transient failure of the held batch")
			continue
		}
		out[i].Outputs = []pipeline.Output{{Subject: pipeline.RecordSubject("en"), Data: m.Data, MsgID: string(m.Data)}}
	}
	return out
}

// testWriter sends log lines to t.Log (shown with -v or on failure).
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }
