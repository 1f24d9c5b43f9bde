package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func publishAlert(t *testing.T, js jetstream.JetStream, a Alert) {
	t.Helper()
	data, _ := json.Marshal(a)
	if _, err := js.PublishMsg(context.Background(), &nats.Msg{Subject: pipeline.AlertSubject(a.Rule), Data: data}, jetstream.WithMsgID(a.Key)); err != nil {
		t.Fatal(err)
	}
}

func TestTail(t *testing.T) {
	c := startNATS(t)
	publishAlert(t, c.JS, Alert{Key: "old0000000000000000", Rule: "a", Group: "taliban", Status: "claimed", Title: "old"})

	var all, onlyB syncBuf
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, x := range []struct {
		rule string
		w    *syncBuf
	}{{"", &all}, {"b", &onlyB}} {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- Tail(ctx, c.JS, x.rule, x.w) }()
	}
	time.Sleep(300 * time.Millisecond) // consumers created: only new alerts from here
	publishAlert(t, c.JS, Alert{Key: "aaaa000000000000000", Rule: "a", Group: "taliban", Status: "denied", Title: "one", AlertedAt: time.Now()})
	publishAlert(t, c.JS, Alert{Key: "bbbb000000000000000", Rule: "b", Group: "al-qaida", Status: "claimed", Update: true, PreviousStatus: "denied", PreviousGroup: "al-qaida", Title: "two"})
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(all.String(), "\n") < 2 || strings.Count(onlyB.String(), "\n") < 1 {
		if time.Now().After(deadline) {
			t.Fatalf("tail output:\nall:\n%s\nb:\n%s", all.String(), onlyB.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("tail: %v", err)
		}
	}
	if s := all.String(); strings.Contains(s, "old") || !strings.Contains(s, "[a] taliban denied") || !strings.Contains(s, "key=aaaa000000000000") {
		t.Fatalf("all:\n%s", s)
	}
	if s := onlyB.String(); strings.Count(s, "\n") != 1 || !strings.Contains(s, "[b] UPDATE: al-qaida claimed") {
		t.Fatalf("rule b:\n%s", s)
	}

	// --all replays what the stream holds.
	var replay syncBuf
	ctx2, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	go func() {
		for strings.Count(replay.String(), "\n") < 3 && ctx2.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		cancel2()
	}()
	if err := TailWith(ctx2, c.JS, TailOptions{All: true}, &replay); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(replay.String(), "\n"); n != 3 {
		t.Fatalf("replay printed %d lines:\n%s", n, replay.String())
	}
}
