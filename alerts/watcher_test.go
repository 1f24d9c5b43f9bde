package alerts

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func writeFile(t *testing.T, path, s string, mtime time.Time) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	// Distinct modification times even on coarse-grained filesystems.
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

func TestWatcherReloadsAndKeepsOldRulesOnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "alerts.yaml")
	base := time.Now().Add(-time.Hour)
	writeFile(t, path, `rules: [{name: a}]`, base)
	w, err := NewWatcher(path, testGazetteer(t), 10*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var events []error
	w.OnReload(func(_ *RuleSet, err error) { mu.Lock(); events = append(events, err); mu.Unlock() })
	if names := w.Rules().Names(); len(names) != 1 || names[0] != "a" {
		t.Fatalf("initial rules %v", names)
	}

	// Unchanged file: nothing happens.
	if w.Check() {
		t.Fatal("reloaded an unchanged file")
	}
	// Valid change: swapped.
	writeFile(t, path, `rules: [{name: a}, {name: b}]`, base.Add(time.Minute))
	if !w.Check() || w.Rules().Len() != 2 {
		t.Fatalf("valid change not installed: %v", w.Rules().Names())
	}
	// Invalid change: old rules kept, error reported once.
	writeFile(t, path, `rules: [{name: a, groups: [no-such-group]}]`, base.Add(2*time.Minute))
	if w.Check() || w.Rules().Len() != 2 {
		t.Fatal("invalid file replaced the rules")
	}
	writeFile(t, path, `rules: [{name: a, groups: [no-such-group]}]`, base.Add(3*time.Minute))
	w.Check()
	mu.Lock()
	if len(events) != 2 || events[0] != nil || events[1] == nil {
		t.Fatalf("reload events %v", events)
	}
	mu.Unlock()
	// Run picks up the next valid change by itself.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	writeFile(t, path, `rules: [{name: c}]`, base.Add(4*time.Minute))
	deadline := time.Now().Add(5 * time.Second)
	for w.Rules().Len() != 1 || w.Rules().Names()[0] != "c" {
		if time.Now().After(deadline) {
			t.Fatalf("rules not reloaded by Run: %v", w.Rules().Names())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestNewWatcherRejectsInvalidFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "alerts.yaml")
	writeFile(t, path, `rules: [{name: a, statuses: [nope]}]`, time.Now())
	if _, err := NewWatcher(path, testGazetteer(t), 0, nil); err == nil {
		t.Fatal("invalid initial file accepted")
	}
}
