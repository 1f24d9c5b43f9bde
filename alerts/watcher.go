package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/claimwatch/claimwatch/extractor"
)

// Watcher holds the current rules of a file and reloads them when the
// file changes (polling its modification time, size and content hash; no
// fsnotify dependency). A new file that does not validate is logged and
// ignored: the previous rules stay in force.
type Watcher struct {
	path     string
	gaz      *extractor.Gazetteer
	interval time.Duration
	log      *slog.Logger
	cur      atomic.Pointer[RuleSet]
	mtime    time.Time
	size     int64
	hash     string
	failed   string // hash of the last invalid content, to log it once
	onReload func(*RuleSet, error)
}

// NewWatcher loads path (an invalid file is an error here) and returns a
// watcher polling it every interval (default 5s) once Run is called.
func NewWatcher(path string, gaz *extractor.Gazetteer, interval time.Duration, log *slog.Logger) (*Watcher, error) {
	if interval <= 0 {
		interval = 5 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{path: path, gaz: gaz, interval: interval, log: log.With("rules", path)}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	rs, err := LoadRules(path, gaz)
	if err != nil {
		return nil, err
	}
	w.cur.Store(rs)
	w.mtime, w.size, w.hash = fi.ModTime(), fi.Size(), rs.Hash()
	return w, nil
}

// OnReload registers a function called after every reload attempt with the
// new rules or the error (tests, metrics). Call it before Run.
func (w *Watcher) OnReload(f func(*RuleSet, error)) { w.onReload = f }

// Rules implements RuleSource: the rules in force.
func (w *Watcher) Rules() *RuleSet { return w.cur.Load() }

// Run polls until ctx is done.
func (w *Watcher) Run(ctx context.Context) {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.Check()
		}
	}
}

// Check looks at the file once and swaps the rules if it changed and
// validates. It reports whether new rules were installed.
func (w *Watcher) Check() bool {
	fi, err := os.Stat(w.path)
	if err != nil {
		w.log.Error("rules file unreadable; keeping the current rules", "err", err)
		return false
	}
	if fi.ModTime().Equal(w.mtime) && fi.Size() == w.size {
		return false
	}
	b, err := os.ReadFile(w.path)
	if err != nil {
		w.log.Error("rules file unreadable; keeping the current rules", "err", err)
		return false
	}
	w.mtime, w.size = fi.ModTime(), fi.Size()
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	if h == w.hash || h == w.failed {
		return false
	}
	rs, err := ParseRules(b, w.gaz)
	if err != nil {
		w.failed = h
		w.log.Error("new rules file is invalid; keeping the current rules", "err", err)
		if w.onReload != nil {
			w.onReload(nil, err)
		}
		return false
	}
	rs.path = w.path
	w.cur.Store(rs)
	w.hash, w.failed = h, ""
	w.log.Info("rules reloaded", "rules", rs.Len(), "hash", h[:12])
	if w.onReload != nil {
		w.onReload(rs, nil)
	}
	return true
}
