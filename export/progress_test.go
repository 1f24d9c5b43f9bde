package export

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/extractor"
)

// TestProgressLogLines: with a Progress writer that is not a terminal,
// progress is logged every ProgressEvery; without one, never.
func TestProgressLogLines(t *testing.T) {
	for _, withWriter := range []bool{true, false} {
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		opt := testOptions(t.TempDir(), JSONL)
		clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		opt.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
		opt.ProgressEvery = 5 * time.Second
		if withWriter {
			opt.Progress = &bytes.Buffer{}
		}
		if _, err := Run(context.Background(), &genScanner{n: 200}, nil, opt, log); err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(logs.String(), "export progress")
		if withWriter && (lines == 0 || !strings.Contains(logs.String(), "records_per_s=")) {
			t.Errorf("no progress lines with a writer:\n%s", logs.String())
		}
		if !withWriter && lines != 0 {
			t.Errorf("%d progress lines without a writer", lines)
		}
	}
}

func TestGazetteerVersion(t *testing.T) {
	if GazetteerVersion(nil) != "" {
		t.Error("nil gazetteer has a version")
	}
	a, err := extractor.NewGazetteerFromEntries([]extractor.GroupEntry{{ID: "iskp", Name: "ISKP", Kind: "militant"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := extractor.NewGazetteerFromEntries([]extractor.GroupEntry{{ID: "iskp", Name: "ISKP", Kind: "militant", GTDNames: []string{"Khorasan Chapter of the Islamic State"}}})
	if err != nil {
		t.Fatal(err)
	}
	if va, vb := GazetteerVersion(a), GazetteerVersion(b); va == vb || !strings.HasPrefix(va, "sha256:") {
		t.Errorf("versions %q and %q of different gazetteers", va, vb)
	}
	if BuildVersion() == "" {
		t.Error("empty build version")
	}
}
