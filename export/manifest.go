package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Manifest describes a finished export; it is written to manifest.json.
type Manifest struct {
	Query            string           `json:"query"`
	Format           Format           `json:"format"`
	Records          int64            `json:"records"`
	Rows             map[string]int64 `json:"rows"` // table -> rows
	PublishedMin     *time.Time       `json:"published_min"`
	PublishedMax     *time.Time       `json:"published_max"`
	SchemaVersion    int              `json:"schema_version"` // pipeline.SchemaVersion
	SoftwareVersion  string           `json:"software_version"`
	GazetteerVersion string           `json:"gazetteer_version"`
	Started          time.Time        `json:"started"`
	Finished         time.Time        `json:"finished"`
	Resumes          int              `json:"resumes"` // times the export was resumed
	Files            []ManifestFile   `json:"files"`   // every file but manifest.json, sorted by path
}

// ManifestFile is one file of an export.
type ManifestFile struct {
	Path   string `json:"path"` // relative to the output directory, '/'-separated
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

func newManifest(cp *checkpoint, o *Options) Manifest {
	return Manifest{
		Query:            cp.Query,
		Format:           cp.Format,
		Records:          cp.Records,
		Rows:             cp.Rows,
		PublishedMin:     cp.Published.Min,
		PublishedMax:     cp.Published.Max,
		SchemaVersion:    pipeline.SchemaVersion,
		SoftwareVersion:  o.SoftwareVersion,
		GazetteerVersion: o.GazetteerVersion,
		Started:          cp.Started,
		Resumes:          cp.Resumes,
	}
}

// hashFiles lists every regular file under dir except the manifest and the
// checkpoint, with its size and SHA-256.
func hashFiles(dir string) ([]ManifestFile, error) {
	var out []ManifestFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == manifestFile || rel == checkpointFile {
			return nil
		}
		sum, n, err := hashFile(path)
		if err != nil {
			return err
		}
		out = append(out, ManifestFile{Path: rel, Bytes: n, SHA256: sum})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: hash files: %w", err)
	}
	slices.SortFunc(out, func(a, b ManifestFile) int {
		switch {
		case a.Path < b.Path:
			return -1
		case a.Path > b.Path:
			return 1
		}
		return 0
	})
	return out, nil
}

// hashFile returns the hex SHA-256 and the size of a file.
func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Verify checks every file listed in the manifest of dir against its size
// and SHA-256, and returns the manifest.
func Verify(dir string) (Manifest, error) {
	var m Manifest
	if err := readJSON(filepath.Join(dir, manifestFile), &m); err != nil {
		return m, err
	}
	for _, f := range m.Files {
		sum, n, err := hashFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return m, fmt.Errorf("export: verify %s: %w", f.Path, err)
		}
		if sum != f.SHA256 || n != f.Bytes {
			return m, fmt.Errorf("%w: %s: sha256 %s (%d bytes), manifest %s (%d bytes)", ErrCorrupt, f.Path, sum, n, f.SHA256, f.Bytes)
		}
	}
	return m, nil
}
