package bench

import (
	"sort"
	"sync"
	"time"
)

// Latencies records one duration per key (an article id): the first one
// recorded wins, later ones for the same key are counted as repeats. Safe
// for concurrent use.
type Latencies struct {
	mu      sync.Mutex
	byKey   map[string]time.Duration
	repeats int
}

// NewLatencies returns an empty recorder.
func NewLatencies() *Latencies { return &Latencies{byKey: map[string]time.Duration{}} }

// Record stores d for key unless key already has a duration.
func (l *Latencies) Record(key string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.byKey[key]; ok {
		l.repeats++
		return
	}
	l.byKey[key] = d
}

// Len returns the number of keys recorded.
func (l *Latencies) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.byKey)
}

// Summary returns the distribution of the recorded durations.
func (l *Latencies) Summary() Distribution {
	l.mu.Lock()
	ds := make([]time.Duration, 0, len(l.byKey))
	for _, d := range l.byKey {
		ds = append(ds, d)
	}
	rep := l.repeats
	l.mu.Unlock()
	out := Summarize(ds)
	out.Repeats = rep
	return out
}

// Distribution summarises durations; the quantiles are nearest-rank.
type Distribution struct {
	N       int      `json:"n"`
	P50     Duration `json:"p50"`
	P95     Duration `json:"p95"`
	P99     Duration `json:"p99"`
	Max     Duration `json:"max"`
	Repeats int      `json:"repeats"` // further samples for a key already recorded (ignored)
}

// Summarize computes the distribution of ds (which it sorts).
func Summarize(ds []time.Duration) Distribution {
	if len(ds) == 0 {
		return Distribution{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return Distribution{N: len(ds), P50: Duration(quantile(ds, 0.50)), P95: Duration(quantile(ds, 0.95)),
		P99: Duration(quantile(ds, 0.99)), Max: Duration(ds[len(ds)-1])}
}

// quantile is the nearest-rank quantile q of sorted ds: the smallest value
// with at least q of the samples at or below it.
func quantile(sorted []time.Duration, q float64) time.Duration {
	n := len(sorted)
	rank := int(q*float64(n) + 0.999999999) // ceil
	rank = max(1, min(n, rank))
	return sorted[rank-1]
}

// Duration is a time.Duration that marshals to JSON as seconds (a float).
type Duration time.Duration

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(formatFloat(time.Duration(d).Seconds())), nil
}

// String rounds to the millisecond (to the microsecond below 10 ms).
func (d Duration) String() string {
	td := time.Duration(d)
	if td < 10*time.Millisecond {
		return td.Round(time.Microsecond).String()
	}
	return td.Round(time.Millisecond).String()
}
