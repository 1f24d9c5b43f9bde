package export

import (
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports records exported: a bar with ETA on a terminal, else a
// log line every interval; nothing without a writer.
type progress struct {
	bar       *progressbar.ProgressBar
	log       *slog.Logger
	every     time.Duration
	next      time.Time
	now       func() time.Time
	start     time.Time
	total     int64 // -1 unknown
	done      int64
	startDone int64
}

func newProgress(w io.Writer, log *slog.Logger, every time.Duration, now func() time.Time, done, total int64) *progress {
	p := &progress{log: log, every: every, now: now, start: now(), total: total, done: done, startDone: done}
	p.next = p.start.Add(every)
	if w == nil {
		p.log = nil
		return p
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		max := total
		if max < 0 {
			max = -1
		}
		p.bar = progressbar.NewOptions64(max,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("exporting"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("records"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish())
		_ = p.bar.Set64(done)
	}
	return p
}

// add counts n more records.
func (p *progress) add(n int) {
	p.done += int64(n)
	if p.bar != nil {
		_ = p.bar.Add(n)
		return
	}
	if p.log == nil {
		return
	}
	if t := p.now(); !t.Before(p.next) {
		p.next = t.Add(p.every)
		p.logLine("export progress", t)
	}
}

func (p *progress) logLine(msg string, t time.Time) {
	el := t.Sub(p.start)
	args := []any{"records", p.done, "elapsed", el.Round(time.Second)}
	var rate float64
	if el > 0 {
		rate = float64(p.done-p.startDone) / el.Seconds()
		args = append(args, "records_per_s", int64(rate))
	}
	if p.total >= 0 {
		args = append(args, "total", p.total)
		if rate > 0 && p.total > p.done {
			args = append(args, "eta", time.Duration(float64(p.total-p.done)/rate*float64(time.Second)).Round(time.Second))
		}
	}
	p.log.Info(msg, args...)
}

// finish ends the bar.
func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
