package crawler

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestKVSeenNearDupAcrossProcesses checks the watch-fed near-duplicate
// index with separate KVSeen instances (as separate crawler processes) on
// one real JetStream bucket: a new instance learns the earlier articles
// from the bucket, links a copy to the first copy and never to another
// copy, and learns the puts a running instance makes.
func TestKVSeenNearDupAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	nc := startNATS(t)
	open := func() *KVSeen {
		kv, err := NewKVSeen(ctx, nc.JS, "TEST_NEAR", time.Hour, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(kv.Close)
		return kv
	}
	h := SimHash(strings.Repeat("soldiers were killed when gunmen stormed the base ", 30))
	// process 1: the first copy and one syndicated copy, each put as the
	// crawler does after FirstCopy
	p1 := open()
	for _, s := range []struct {
		id   string
		h    uint64
		want string
	}{{"first", h, ""}, {"copy1", h ^ 0b11, "first"}} {
		got, err := p1.FirstCopy(ctx, s.id, s.h, 3)
		if err != nil || got != s.want {
			t.Fatalf("p1 FirstCopy(%s) = %q, %v; want %q", s.id, got, err, s.want)
		}
		if err := p1.Put(ctx, s.id, SeenEntry{ContentHash: s.id, SimHash: s.h}); err != nil {
			t.Fatal(err)
		}
	}
	// process 2 starts later: "copy2" is 1 bit from copy1 and 3 from
	// first; it must link to first, because copy1 is itself a copy.
	p2 := open()
	if got, err := p2.FirstCopy(ctx, "copy2", h^0b111, 3); err != nil || got != "first" {
		t.Fatalf("p2 FirstCopy(copy2) = %q, %v; want first", got, err)
	}
	// an unrelated article is a first copy in p2; p1 learns it by the watch
	other := ^h
	if got, err := p2.FirstCopy(ctx, "other", other, 3); err != nil || got != "" {
		t.Fatalf("p2 FirstCopy(other) = %q, %v", got, err)
	}
	if err := p2.Put(ctx, "other", SeenEntry{ContentHash: "o", SimHash: other}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		p1.near.mu.Lock()
		got := p1.near.nearest("other-copy", other^1, 3)
		p1.near.mu.Unlock()
		if got == "other" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("p1 never learned p2's article: nearest = %q", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
