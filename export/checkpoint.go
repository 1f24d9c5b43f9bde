package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// File names in the output directory.
const (
	checkpointFile = "checkpoint.json"
	manifestFile   = "manifest.json"
	codebookJSON   = "codebook.json"
	codebookMD     = "codebook.md"
)

// checkpointVersion is bumped when the checkpoint format changes.
const checkpointVersion = 1

// checkpoint is the durable state of an unfinished export: everything up
// to and including LastID is in the files, whose sizes (CSV, JSONL) or
// closed parts (Parquet) are recorded.
type checkpoint struct {
	Version   int              `json:"version"`
	Query     string           `json:"query"`
	Format    Format           `json:"format"`
	Started   time.Time        `json:"started"`
	LastID    string           `json:"last_id"`
	Records   int64            `json:"records"`
	Rows      map[string]int64 `json:"rows"`
	Sizes     map[string]int64 `json:"sizes,omitempty"` // CSV, JSONL: file -> bytes
	Parts     int              `json:"parts,omitempty"` // Parquet: closed parts
	Published timeRange        `json:"published"`
	Resumes   int              `json:"resumes"`
}

// timeRange is the range of the articles' publication dates.
type timeRange struct {
	Min *time.Time `json:"min"`
	Max *time.Time `json:"max"`
}

// add widens the range to t.
func (r *timeRange) add(t time.Time) {
	if r.Min == nil || t.Before(*r.Min) {
		r.Min = &t
	}
	if r.Max == nil || t.After(*r.Max) {
		tt := t
		r.Max = &tt
	}
}

// readCheckpoint reads dir's checkpoint; ok is false when there is none.
func readCheckpoint(dir string) (cp checkpoint, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, checkpointFile))
	if errors.Is(err, os.ErrNotExist) {
		return cp, false, nil
	}
	if err != nil {
		return cp, false, fmt.Errorf("export: %w", err)
	}
	if err := json.Unmarshal(b, &cp); err != nil {
		return cp, false, fmt.Errorf("%w: %s: %v", ErrCheckpointMismatch, checkpointFile, err)
	}
	if cp.Version != checkpointVersion {
		return cp, false, fmt.Errorf("%w: checkpoint version %d, want %d", ErrCheckpointMismatch, cp.Version, checkpointVersion)
	}
	return cp, true, nil
}

// writeJSONAtomic writes v as indented JSON to dir/name through a synced
// temporary file and a rename, then syncs dir: after a crash the file is
// either the old or the new one, whole.
func writeJSONAtomic(dir, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("export: encode %s: %w", name, err)
	}
	b = append(b, '\n')
	return writeFileAtomic(dir, name, b)
}

func writeFileAtomic(dir, name string, b []byte) error {
	tmp := filepath.Join(dir, name+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("export: write %s: %w", name, err)
	}
	return nil
}

// syncDir makes renames and new files in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}
