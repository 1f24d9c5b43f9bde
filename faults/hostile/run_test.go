package hostile

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Outcomes of one input through one path.
const (
	outOK     = "ok"     // a sane result
	outError  = "error"  // a clear error
	outPanic  = "panic"  // a panic (recovered here or inside the code)
	outHang   = "hang"   // missed the per-input deadline
	outInsane = "insane" // a result that breaks an invariant
)

// attempt runs f under a deadline and recovers panics.
func attempt(d time.Duration, f func() (string, string)) (outcome, detail string) {
	type res struct{ o, d string }
	ch := make(chan res, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- res{outPanic, fmt.Sprint(r)}
			}
		}()
		o, d := f()
		ch <- res{o, d}
	}()
	select {
	case r := <-ch:
		return r.o, r.d
	case <-time.After(d):
		return outHang, "deadline " + d.String()
	}
}

// tally counts outcomes per path and kind.
type tally struct {
	mu    sync.Mutex
	count map[string]map[string]int // path -> outcome -> n
	kinds map[string]map[string]int // path/kind -> outcome -> n
	bad   []string
	slow  []string

	peakMB   float64 // highest per-case peak heap
	peakCase string
}

// Memory bounds of the corpus run: a case above heavyMB of peak heap is
// listed; above maxPeakMB the test fails (a 50 MB page once took 2.5 GB).
const (
	heavyMB   = 500
	maxPeakMB = 1024
)

func newTally() *tally {
	return &tally{count: map[string]map[string]int{}, kinds: map[string]map[string]int{}}
}

func (t *tally) add(path string, c Case, outcome, detail string, took time.Duration, peakMB float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.count[path] == nil {
		t.count[path] = map[string]int{}
	}
	t.count[path][outcome]++
	k := path + "/" + c.Kind
	if t.kinds[k] == nil {
		t.kinds[k] = map[string]int{}
	}
	t.kinds[k][outcome]++
	switch outcome {
	case outPanic, outHang, outInsane:
		t.bad = append(t.bad, fmt.Sprintf("%s %s: %s: %.300s", path, c.Name, outcome, detail))
	}
	if peakMB > t.peakMB {
		t.peakMB, t.peakCase = peakMB, path+" "+c.Name
	}
	if took > time.Second || peakMB > heavyMB {
		t.slow = append(t.slow, fmt.Sprintf("%s %s: %v, peak heap %.0f MB (%s)", path, c.Name, took.Round(10*time.Millisecond), peakMB, outcome))
	}
}

func (t *tally) table() string {
	var b strings.Builder
	paths := make([]string, 0, len(t.count))
	for p := range t.count {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	fmt.Fprintf(&b, "| path | ok | error | panic | hang | insane |\n|---|---|---|---|---|---|\n")
	for _, p := range paths {
		c := t.count[p]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d |\n", p, c[outOK], c[outError], c[outPanic], c[outHang], c[outInsane])
	}
	keys := make([]string, 0, len(t.kinds))
	for k := range t.kinds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(&b, "\n| path/kind | ok | error | panic | hang | insane |\n|---|---|---|---|---|---|\n")
	for _, k := range keys {
		c := t.kinds[k]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d |\n", k, c[outOK], c[outError], c[outPanic], c[outHang], c[outInsane])
	}
	return b.String()
}

// heapPeak samples the live heap every few milliseconds.
type heapPeak struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func startHeapPeak() *heapPeak {
	h := &heapPeak{stop: make(chan struct{}), done: make(chan struct{})}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(h.done)
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return h
}

func (h *heapPeak) reset() { h.peak.Store(0) }

func (h *heapPeak) MB() float64 { return float64(h.peak.Load()) / (1 << 20) }

func (h *heapPeak) close() { close(h.stop); <-h.done }

// liveHeapMB is the heap after a full GC.
func liveHeapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// runCases runs each case through f with a deadline, one at a time, and
// records outcome, time and peak heap.
func runCases(t *testing.T, ctx context.Context, path string, cases []Case, d time.Duration, tl *tally, hp *heapPeak, f func(i int, c Case) (string, string)) {
	t.Helper()
	for i, c := range cases {
		if ctx.Err() != nil {
			t.Fatalf("%s: out of time at case %d of %d", path, i, len(cases))
		}
		hp.reset()
		start := time.Now()
		o, det := attempt(d, func() (string, string) { return f(i, c) })
		took := time.Since(start)
		tl.add(path, c, o, det, took, hp.MB())
		if testing.Verbose() && took > 2*time.Second {
			t.Logf("slow: %s %s %v %s", path, c.Name, took.Round(time.Millisecond), o)
		}
		if c.Big {
			runtime.GC() // do not carry one 50 MB case's garbage into the next
		}
	}
}
