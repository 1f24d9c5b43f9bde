package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	"github.com/parquet-go/parquet-go"
)

// Table names; also the base names of the data files.
const (
	tableArticles  = "articles"
	tableClaims    = "claims"
	tableIncidents = "incidents"
)

// tableWriter streams the rows of one table to its file(s).
type tableWriter[T any] interface {
	write(rows []T) error
	// checkpoint makes every row written so far durable and returns the
	// size of the open file (CSV, JSONL) to record in the checkpoint.
	checkpoint() (int64, error)
	// close finishes the table; the writer is unusable afterwards.
	close() error
}

// fileWriter is the CSV and JSONL writer: one append-only file.
type fileWriter[T any] struct {
	f    *os.File
	bw   *bufio.Writer
	csv  *csv.Writer   // CSV
	cols []column      // CSV
	cell []string      // CSV, reused
	json *json.Encoder // JSONL
}

// openFile opens the table file at path for appending: a new file (with
// the CSV header) when resumeSize < 0, else the existing one truncated to
// resumeSize.
func openFile[T any](path string, format Format, resumeSize int64) (*fileWriter[T], error) {
	var (
		f   *os.File
		err error
	)
	if resumeSize < 0 {
		f, err = os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	} else {
		f, err = os.OpenFile(path, os.O_WRONLY, 0o644)
		if err == nil {
			var st os.FileInfo
			if st, err = f.Stat(); err == nil && st.Size() < resumeSize {
				err = fmt.Errorf("%w: %s has %d bytes, the checkpoint %d", ErrCheckpointMismatch, path, st.Size(), resumeSize)
			}
			if err == nil {
				err = f.Truncate(resumeSize)
			}
			if err == nil {
				_, err = f.Seek(resumeSize, io.SeekStart)
			}
			if err != nil {
				_ = f.Close()
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("export: open %s: %w", path, err)
	}
	w := &fileWriter[T]{f: f, bw: bufio.NewWriterSize(f, 256<<10)}
	switch format {
	case CSV:
		w.csv = csv.NewWriter(w.bw)
		w.csv.UseCRLF = true // RFC 4180
		w.cols = columnsOf(reflect.TypeFor[T]())
		w.cell = make([]string, len(w.cols))
		if resumeSize < 0 {
			for i, c := range w.cols {
				w.cell[i] = c.Name
			}
			if err := w.csv.Write(w.cell); err != nil {
				_ = f.Close()
				return nil, fmt.Errorf("export: %s: header: %w", path, err)
			}
		}
	case JSONL:
		w.json = json.NewEncoder(w.bw)
		w.json.SetEscapeHTML(false)
	}
	return w, nil
}

func (w *fileWriter[T]) write(rows []T) error {
	for i := range rows {
		if w.csv != nil {
			v := reflect.ValueOf(&rows[i]).Elem()
			for j := range w.cols {
				w.cell[j] = w.cols[j].cell(v)
			}
			if err := w.csv.Write(w.cell); err != nil {
				return fmt.Errorf("export: write %s: %w", w.f.Name(), err)
			}
			continue
		}
		if err := w.json.Encode(&rows[i]); err != nil {
			return fmt.Errorf("export: write %s: %w", w.f.Name(), err)
		}
	}
	return nil
}

func (w *fileWriter[T]) checkpoint() (int64, error) {
	if w.csv != nil {
		w.csv.Flush()
		if err := w.csv.Error(); err != nil {
			return 0, fmt.Errorf("export: write %s: %w", w.f.Name(), err)
		}
	}
	if err := w.bw.Flush(); err != nil {
		return 0, fmt.Errorf("export: write %s: %w", w.f.Name(), err)
	}
	if err := w.f.Sync(); err != nil {
		return 0, fmt.Errorf("export: sync %s: %w", w.f.Name(), err)
	}
	n, err := w.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, fmt.Errorf("export: %s: %w", w.f.Name(), err)
	}
	return n, nil
}

func (w *fileWriter[T]) close() error {
	_, err := w.checkpoint()
	return errors.Join(err, w.f.Close())
}

// parquetWriter writes numbered part files in a directory: each part is
// a complete Parquet file, closed before the next starts, so a resumed
// export never reopens one. A row group ends at every checkpoint call.
type parquetWriter[T any] struct {
	dir  string
	part int // number of the open part, 0 = none
	f    *os.File
	w    *parquet.GenericWriter[T]
	rows int64 // rows in the open part
}

// partName is the file name of part n.
func partName(n int) string { return fmt.Sprintf("part-%05d.parquet", n) }

func newParquetWriter[T any](dir string, nextPart int) (*parquetWriter[T], error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &parquetWriter[T]{dir: dir, part: nextPart - 1}, nil
}

// startPart opens the next part file.
func (p *parquetWriter[T]) startPart() error {
	p.part++
	path := filepath.Join(p.dir, partName(p.part))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	p.f, p.rows = f, 0
	p.w = parquet.NewGenericWriter[T](f,
		parquet.Compression(&parquet.Snappy),
		parquet.CreatedBy("claimwatch", "", ""),
		parquet.PageBufferSize(64<<10))
	return nil
}

func (p *parquetWriter[T]) write(rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	if p.w == nil {
		if err := p.startPart(); err != nil {
			return err
		}
	}
	if _, err := p.w.Write(rows); err != nil {
		return fmt.Errorf("export: write %s: %w", p.f.Name(), err)
	}
	p.rows += int64(len(rows))
	return nil
}

// checkpoint ends the current row group (bounding the memory held).
func (p *parquetWriter[T]) checkpoint() (int64, error) {
	if p.w == nil {
		return 0, nil
	}
	if err := p.w.Flush(); err != nil {
		return 0, fmt.Errorf("export: write %s: %w", p.f.Name(), err)
	}
	return 0, nil
}

// endPart closes the open part durably, if any. A table with no rows in
// a part has no file for it.
func (p *parquetWriter[T]) endPart() error {
	if p.w == nil {
		return nil
	}
	err := p.w.Close()
	if err == nil {
		err = p.f.Sync()
	}
	err = errors.Join(err, p.f.Close())
	p.w, p.f = nil, nil
	if err != nil {
		return fmt.Errorf("export: close part %d of %s: %w", p.part, p.dir, err)
	}
	return nil
}

// setPart makes the next part number n (parts of tables stay aligned).
func (p *parquetWriter[T]) setPart(n int) { p.part = n - 1 }

func (p *parquetWriter[T]) close() error { return p.endPart() }
