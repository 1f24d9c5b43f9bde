package crawler

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestSplitOrigin(t *testing.T) {
	tests := []struct{ in, origin, rest string }{
		{"https://x.example/a/b?c=1#f", "https://x.example", "/a/b?c=1#f"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"http://[::1]:80?q", "http://[::1]:80", "?q"},
		{"https://x.example#top", "https://x.example", "#top"},
	}
	for _, tt := range tests {
		o, r, ok := splitOrigin(tt.in)
		if !ok || o != tt.origin || r != tt.rest || o+r != tt.in {
			t.Errorf("splitOrigin(%q) = %q %q %v", tt.in, o, r, ok)
		}
	}
	if _, _, ok := splitOrigin("no-scheme/a"); ok {
		t.Error("URL without scheme accepted")
	}
}

func TestQueueOrder(t *testing.T) {
	f := NewFrontier()
	q := f.NewQueue(0)
	day := time.Date(2024, 5, 8, 0, 0, 0, 0, time.UTC)
	pushes := []struct {
		u    string
		rank int
		date time.Time
	}{
		{"https://a.example/other-1", RankOther, time.Time{}},
		{"https://a.example/fresh-old", RankFresh, day},
		{"https://b.example/start", RankStart, time.Time{}},
		{"https://a.example/fresh-new", RankFresh, day.Add(time.Hour)},
		{"https://a.example/other-2", RankOther, day.Add(2 * time.Hour)}, // date does not reorder RankOther
		{"https://a.example/other-1", RankStart, time.Time{}},            // already queued
	}
	for _, p := range pushes {
		q.Push(p.u, 2, p.rank, p.date)
	}
	want := []string{"https://b.example/start", "https://a.example/fresh-new", "https://a.example/fresh-old", "https://a.example/other-1", "https://a.example/other-2"}
	if f.Len() != len(want) || f.Hosts() != 2 {
		t.Fatalf("Len %d Hosts %d", f.Len(), f.Hosts())
	}
	for _, w := range want {
		it, ok := q.Pop()
		if !ok || it.URL != w || it.Depth != 2 {
			t.Fatalf("Pop = %+v %v, want %s", it, ok, w)
		}
	}
	if _, ok := q.Pop(); ok || f.Len() != 0 {
		t.Fatal("queue not empty")
	}
	if q.Push("https://a.example/fresh-new", 1, RankStart, time.Time{}) {
		t.Error("URL popped earlier in the pass queued again")
	}
}

func TestQueueLimits(t *testing.T) {
	f := NewFrontier()
	q := f.NewQueue(3)
	if !q.Push("https://x.example/3", 3, RankOther, time.Time{}) || q.Push("https://x.example/4", 4, RankOther, time.Time{}) {
		t.Error("depth limit 3 not applied")
	}
	if q.Push("x.example/no-scheme", 1, RankOther, time.Time{}) {
		t.Error("relative URL queued")
	}
	q.Close()
	if f.Len() != 0 || q.Push("https://x.example/5", 1, RankOther, time.Time{}) {
		t.Error("closed queue still counts or accepts URLs")
	}
}

// TestQueueCompaction pops through an arena rewrite and checks every URL
// comes back intact.
func TestQueueCompaction(t *testing.T) {
	q := NewFrontier().NewQueue(0)
	const n = 5000
	for i := 0; i < n; i++ {
		q.Push(fmt.Sprintf("https://h%d.example/section/2024/05/08/story-number-%d.html", i%7, i), 1, RankOther, time.Time{})
	}
	for i := 0; i < n; i++ {
		it, ok := q.Pop()
		want := fmt.Sprintf("https://h%d.example/section/2024/05/08/story-number-%d.html", i%7, i)
		if !ok || it.URL != want {
			t.Fatalf("pop %d = %q, want %q", i, it.URL, want)
		}
		if i == n/2 { // refill while half the arena is dead
			q.Push("https://late.example/x", 1, RankOther, time.Time{})
		}
	}
	if it, ok := q.Pop(); !ok || it.URL != "https://late.example/x" {
		t.Fatalf("late push = %+v %v", it, ok)
	}
}

func TestQueueConcurrent(t *testing.T) {
	f := NewFrontier()
	q := f.NewQueue(0)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				q.Push(fmt.Sprintf("https://x%d.example/%d", w, i), 1, i%3, time.Unix(int64(i), 0))
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for {
		it, ok := q.Pop()
		if !ok {
			break
		}
		if seen[it.URL] {
			t.Fatalf("%s popped twice", it.URL)
		}
		seen[it.URL] = true
	}
	if len(seen) != 2000 || f.Len() != 0 {
		t.Fatalf("popped %d, Len %d", len(seen), f.Len())
	}
}

// FuzzQueueRoundTrip: every URL pushed comes back byte-identical, once.
func FuzzQueueRoundTrip(f *testing.F) {
	f.Add("https://x.example/a?b=1#c", "http://[::1]:8080", 3)
	f.Add("https://h/é/\x00", "ftp://x", 0)
	f.Fuzz(func(t *testing.T, a, b string, rank int) {
		q := NewFrontier().NewQueue(0)
		want := map[string]bool{}
		for _, u := range []string{a, b, a + b} {
			if q.Push(u, 1, rank&3, time.Time{}) {
				want[u] = true
			}
		}
		for {
			it, ok := q.Pop()
			if !ok {
				break
			}
			if !want[it.URL] {
				t.Fatalf("popped %q, not pushed or popped twice", it.URL)
			}
			delete(want, it.URL)
		}
		if len(want) > 0 {
			t.Fatalf("lost %v", want)
		}
	})
}
