package bench

import (
	"encoding/json"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100..1, unsorted
	}
	tests := []struct {
		name                string
		in                  []time.Duration
		p50, p95, p99, maxi time.Duration
	}{
		{"empty", nil, 0, 0, 0, 0},
		{"one", ms(7), 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond},
		{"1..100", ms(hundred...), 50 * time.Millisecond, 95 * time.Millisecond, 99 * time.Millisecond, 100 * time.Millisecond},
		{"four", ms(4, 1, 3, 2), 2 * time.Millisecond, 4 * time.Millisecond, 4 * time.Millisecond, 4 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Summarize(tt.in)
			if d.N != len(tt.in) || time.Duration(d.P50) != tt.p50 || time.Duration(d.P95) != tt.p95 ||
				time.Duration(d.P99) != tt.p99 || time.Duration(d.Max) != tt.maxi {
				t.Errorf("got %+v", d)
			}
		})
	}
}

func TestLatenciesFirstWins(t *testing.T) {
	l := NewLatencies()
	l.Record("a", time.Second)
	l.Record("a", time.Hour)
	l.Record("b", 3*time.Second)
	d := l.Summary()
	if d.N != 2 || d.Repeats != 1 || time.Duration(d.Max) != 3*time.Second {
		t.Errorf("got %+v", d)
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]float64
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back["max"] != 3 || back["p50"] != 1 {
		t.Errorf("JSON in seconds: %s", b)
	}
}

func TestMeter(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := NewMeter()
	if r := m.Stage("x", start); r.Items != 0 || r.PerSecond != 0 {
		t.Errorf("empty meter: %+v", r)
	}
	m.Mark("a", start.Add(time.Second))
	m.Mark("b", start.Add(3*time.Second))
	m.Mark("c", start.Add(5*time.Second))
	m.Mark("a", start.Add(9*time.Second)) // repeat: neither counted nor extending the window
	r := m.Stage("x", start)
	if r.Items != 3 || r.Repeats != 1 || time.Duration(r.First) != time.Second || time.Duration(r.Last) != 5*time.Second || r.PerSecond != 0.5 {
		t.Errorf("got %+v", r)
	}
	if !m.Has("b") || m.Has("z") || m.Count() != 3 {
		t.Error("Has/Count")
	}
}
