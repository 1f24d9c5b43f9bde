package pipeline

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// startNATS starts a real embedded nats-server with JetStream in t.TempDir().
func startNATS(t *testing.T) *Conn {
	t.Helper()
	cfg := DefaultNATSConfig()
	cfg.StoreDir = t.TempDir()
	c, err := Connect(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func publishArticles(t *testing.T, js jetstream.JetStream, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		id := string(rune('a' + i))
		if _, err := js.PublishMsg(context.Background(), &nats.Msg{Subject: ArticleSubject("example.com"), Data: []byte(id)}, jetstream.WithMsgID(id)); err != nil {
			t.Fatal(err)
		}
	}
}

func testRunnerConfig() RunnerConfig {
	c := DefaultRunnerConfig()
	c.Stream = StreamArticles
	c.BatchSize = 4
	c.Workers = 2
	c.FetchWait = 100 * time.Millisecond
	c.BackoffBase = 20 * time.Millisecond
	c.BackoffMax = 100 * time.Millisecond
	c.MaxDeliver = 3
	c.AckWait = 5 * time.Second
	return c
}

// runUntil runs the runner until cond holds or the deadline passes.
func runUntil(t *testing.T, r *Runner, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatal("condition not reached before deadline")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func streamMsgs(t *testing.T, js jetstream.JetStream, stream string) uint64 {
	t.Helper()
	s, err := js.Stream(context.Background(), stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

func TestRunnerAcksAfterPublishingOutputs(t *testing.T) {
	c := startNATS(t)
	publishArticles(t, c.JS, 10)
	stage := StageFunc{StageName: "echo", Fn: func(_ context.Context, m Message) ([]Output, error) {
		return []Output{{Subject: RecordSubject("en"), Data: m.Data, MsgID: string(m.Data)}}, nil
	}}
	r, err := NewRunner(context.Background(), c.JS, stage, testRunnerConfig(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	runUntil(t, r, func() bool {
		n, _ := r.Pending(context.Background())
		return n == 0 && streamMsgs(t, c.JS, StreamRecords) == 10
	})
	if got := streamMsgs(t, c.JS, StreamRecords); got != 10 {
		t.Fatalf("records = %d, want 10", got)
	}
	if got := streamMsgs(t, c.JS, StreamDeadLetter); got != 0 {
		t.Fatalf("dead letters = %d, want 0", got)
	}
	// Replaying the same outputs (same Nats-Msg-Id) must not duplicate.
	for _, id := range []string{"a", "b"} {
		if _, err := c.JS.PublishMsg(context.Background(), &nats.Msg{Subject: RecordSubject("en"), Data: []byte(id)}, jetstream.WithMsgID(id)); err != nil {
			t.Fatal(err)
		}
	}
	if got := streamMsgs(t, c.JS, StreamRecords); got != 10 {
		t.Fatalf("records after replay = %d, want 10 (dedupe by Nats-Msg-Id)", got)
	}
}

func TestRunnerNaksTransientErrorsWithBackoff(t *testing.T) {
	c := startNATS(t)
	publishArticles(t, c.JS, 3)
	var mu sync.Mutex
	deliveries := map[string][]uint64{}
	stage := StageFunc{StageName: "flaky", Fn: func(_ context.Context, m Message) ([]Output, error) {
		mu.Lock()
		defer mu.Unlock()
		deliveries[string(m.Data)] = append(deliveries[string(m.Data)], m.Deliveries)
		if m.Deliveries < 2 {
			return nil, errors.New("temporarily unavailable")
		}
		return []Output{{Subject: RecordSubject("en"), Data: m.Data, MsgID: string(m.Data)}}, nil
	}}
	r, err := NewRunner(context.Background(), c.JS, stage, testRunnerConfig(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	runUntil(t, r, func() bool {
		n, _ := r.Pending(context.Background())
		return n == 0 && streamMsgs(t, c.JS, StreamRecords) == 3
	})
	mu.Lock()
	defer mu.Unlock()
	for id, ds := range deliveries {
		if len(ds) != 2 || ds[0] != 1 || ds[1] != 2 {
			t.Errorf("%s: deliveries %v, want [1 2]", id, ds)
		}
	}
	if got := streamMsgs(t, c.JS, StreamDeadLetter); got != 0 {
		t.Fatalf("dead letters = %d, want 0", got)
	}
}

func TestRunnerTermsPermanentErrorsToDeadLetter(t *testing.T) {
	c := startNATS(t)
	publishArticles(t, c.JS, 4)
	var calls atomic.Int64
	stage := StageFunc{StageName: "picky", Fn: func(_ context.Context, m Message) ([]Output, error) {
		calls.Add(1)
		if string(m.Data) == "b" {
			return nil, Permanent(errors.New("cannot parse article"))
		}
		return []Output{{Subject: RecordSubject("en"), Data: m.Data, MsgID: string(m.Data)}}, nil
	}}
	r, err := NewRunner(context.Background(), c.JS, stage, testRunnerConfig(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	runUntil(t, r, func() bool {
		return streamMsgs(t, c.JS, StreamDeadLetter) == 1 && streamMsgs(t, c.JS, StreamRecords) == 3
	})
	if calls.Load() != 4 {
		t.Errorf("calls = %d, want 4 (a permanent error is not retried)", calls.Load())
	}
	s, _ := c.JS.Stream(context.Background(), StreamDeadLetter)
	m, err := s.GetLastMsgForSubject(context.Background(), DeadLetterSubject("picky"))
	if err != nil {
		t.Fatal(err)
	}
	if string(m.Data) != "b" {
		t.Errorf("dead letter data = %q, want original %q", m.Data, "b")
	}
	for k, want := range map[string]string{HeaderStage: "picky", HeaderDeliveries: "1", HeaderSubject: ArticleSubject("example.com")} {
		if got := m.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if got := m.Header.Get(HeaderError); !strings.Contains(got, "cannot parse article") {
		t.Errorf("error header = %q, want the stage's reason", got)
	}
}

func TestRunnerDeadLettersAfterMaxDeliver(t *testing.T) {
	c := startNATS(t)
	publishArticles(t, c.JS, 1)
	var calls atomic.Int64
	stage := StageFunc{StageName: "down", Fn: func(context.Context, Message) ([]Output, error) {
		calls.Add(1)
		return nil, errors.New("service down")
	}}
	cfg := testRunnerConfig()
	r, err := NewRunner(context.Background(), c.JS, stage, cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	runUntil(t, r, func() bool { return streamMsgs(t, c.JS, StreamDeadLetter) == 1 })
	if got := calls.Load(); got != int64(cfg.MaxDeliver) {
		t.Errorf("calls = %d, want MaxDeliver=%d", got, cfg.MaxDeliver)
	}
	s, _ := c.JS.Stream(context.Background(), StreamDeadLetter)
	m, err := s.GetLastMsgForSubject(context.Background(), DeadLetterSubject("down"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Header.Get(HeaderDeliveries); got != "3" {
		t.Errorf("deliveries header = %q, want 3", got)
	}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	base, max := 100*time.Millisecond, time.Second
	tests := []struct {
		n        uint64
		min, max time.Duration
	}{
		{1, 80 * time.Millisecond, 120 * time.Millisecond},
		{2, 160 * time.Millisecond, 240 * time.Millisecond},
		{3, 320 * time.Millisecond, 480 * time.Millisecond},
		{10, 800 * time.Millisecond, 1200 * time.Millisecond},
	}
	for _, tt := range tests {
		for i := 0; i < 20; i++ {
			if d := Backoff(base, max, tt.n); d < tt.min || d > tt.max {
				t.Fatalf("Backoff(n=%d) = %v, want in [%v,%v]", tt.n, d, tt.min, tt.max)
			}
		}
	}
}

func TestSubjectsAreSingleTokens(t *testing.T) {
	tests := map[string]string{
		ArticleSubject("www.Example.com"): "articles.raw.www_example_com",
		ArticleSubject(""):                "articles.raw.unknown",
		RecordSubject("en"):               "records.en",
		DeadLetterSubject("extract"):      "deadletter.extract",
		AlertSubject("kabul watch"):       "claimwatch.alerts.kabul_watch",
	}
	for got, want := range tests {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
