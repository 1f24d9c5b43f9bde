package bench

import (
	"sync"
	"time"
)

// Meter counts the distinct items (article ids) a stage has completed and
// when the first and the last completed. Safe for concurrent use.
type Meter struct {
	mu          sync.Mutex
	seen        map[string]struct{}
	repeats     int
	first, last time.Time
}

// NewMeter returns an empty meter.
func NewMeter() *Meter { return &Meter{seen: map[string]struct{}{}} }

// Mark records that id completed at t; an id marked before is counted as a
// repeat (a redelivery or a re-publication), not again.
func (m *Meter) Mark(id string, t time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.seen[id]; ok {
		m.repeats++
		return
	}
	m.seen[id] = struct{}{}
	if m.first.IsZero() || t.Before(m.first) {
		m.first = t
	}
	if t.After(m.last) {
		m.last = t
	}
}

// Count returns the number of distinct ids marked.
func (m *Meter) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.seen)
}

// Has reports whether id was marked.
func (m *Meter) Has(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.seen[id]
	return ok
}

// Stage returns the stage's figures relative to start (the run's start).
// The rate is items per second over the stage's own active window, first
// to last completion; with fewer than two items it is 0.
func (m *Meter) Stage(name string, start time.Time) StageResult {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := StageResult{Name: name, Items: len(m.seen), Repeats: m.repeats}
	if len(m.seen) == 0 {
		return r
	}
	r.First = Duration(m.first.Sub(start))
	r.Last = Duration(m.last.Sub(start))
	if w := m.last.Sub(m.first); len(m.seen) > 1 && w > 0 {
		r.PerSecond = float64(len(m.seen)-1) / w.Seconds()
	}
	return r
}

// StageResult is one stage's throughput.
type StageResult struct {
	Name      string   `json:"name"`
	Items     int      `json:"items"`      // distinct articles (or alerts) completed
	Repeats   int      `json:"repeats"`    // completions of an item already counted
	First     Duration `json:"first"`      // first completion, since the run started
	Last      Duration `json:"last"`       // last completion, since the run started
	PerSecond float64  `json:"per_second"` // (items-1) / (last-first)
}
