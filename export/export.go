package export

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/extractor/geo"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Counter is implemented by sources that can count the records matching a
// query (indexer.Index does, through Search); Run uses it for the ETA.
type Counter interface {
	Search(ctx context.Context, q indexer.Query) (indexer.Result, error)
}

// Run exports the records of src matching opt.Query into opt.OutDir and
// returns the manifest. gaz (may be nil) gives the groups' canonical and
// GTD names. A cancelled ctx stops the export after checkpointing what was
// written; Run then returns the context's error and the export can be
// resumed with Options.Resume. A nil log discards.
func Run(ctx context.Context, src indexer.Scanner, gaz *extractor.Gazetteer, opt Options, log *slog.Logger) (Manifest, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return Manifest{}, err
	}
	q, err := indexer.ParseQuery(opt.Query)
	if err != nil {
		return Manifest{}, err
	}
	if err := os.MkdirAll(opt.OutDir, 0o755); err != nil {
		return Manifest{}, fmt.Errorf("export: %w", err)
	}
	cp, haveCP, err := readCheckpoint(opt.OutDir)
	if err != nil {
		return Manifest{}, err
	}
	_, statErr := os.Stat(filepath.Join(opt.OutDir, manifestFile))
	finished := statErr == nil
	switch {
	case opt.Resume && !haveCP && finished:
		var m Manifest
		if err := readJSON(filepath.Join(opt.OutDir, manifestFile), &m); err != nil {
			return Manifest{}, err
		}
		if m.Query != opt.Query || m.Format != opt.Format {
			return Manifest{}, fmt.Errorf("%w: finished export of %q as %s, asked %q as %s", ErrCheckpointMismatch, m.Query, m.Format, opt.Query, opt.Format)
		}
		log.Info("export already finished", "dir", opt.OutDir, "records", m.Records)
		return m, nil
	case opt.Resume && !haveCP:
		return Manifest{}, fmt.Errorf("%w in %s", ErrNoCheckpoint, opt.OutDir)
	case opt.Resume:
		if cp.Query != opt.Query || cp.Format != opt.Format {
			return Manifest{}, fmt.Errorf("%w: checkpoint of %q as %s, asked %q as %s", ErrCheckpointMismatch, cp.Query, cp.Format, opt.Query, opt.Format)
		}
		cp.Resumes++
	case haveCP || finished:
		return Manifest{}, fmt.Errorf("%w: %s (use resume, or another directory)", ErrExists, opt.OutDir)
	default:
		cp = checkpoint{Version: checkpointVersion, Query: opt.Query, Format: opt.Format, Started: opt.Now().UTC(),
			Rows: map[string]int64{tableArticles: 0, tableClaims: 0, tableIncidents: 0}}
	}

	countries := opt.Countries
	if countries == nil {
		g, err := geo.Load()
		if err != nil {
			return Manifest{}, fmt.Errorf("export: country names: %w", err)
		}
		countries = g
	}
	e := &exporter{opt: opt, cp: cp, conv: converter{gaz: gaz, countries: countries}, log: log}
	if err := e.open(opt.Resume); err != nil {
		return Manifest{}, errors.Join(err, e.closeWriters())
	}
	if !opt.Resume {
		if err := writeCodebook(opt.OutDir); err != nil {
			return Manifest{}, errors.Join(err, e.closeWriters())
		}
		if err := e.commit(true); err != nil {
			return Manifest{}, errors.Join(err, e.closeWriters())
		}
	}

	total := int64(-1)
	if c, ok := src.(Counter); ok {
		cq := q
		cq.Size = 1
		if res, err := c.Search(ctx, cq); err == nil {
			total = int64(res.Total)
		}
	}
	e.prog = newProgress(opt.Progress, log, opt.ProgressEvery, opt.Now, e.cp.Records, total)
	log.Info("export started", "dir", opt.OutDir, "format", opt.Format, "query", opt.Query,
		"resume", opt.Resume, "after", e.cp.LastID, "records_done", e.cp.Records)

	_, scanErr := src.Scan(ctx, q, e.cp.LastID, opt.Batch, e.add)
	e.prog.finish()
	if scanErr != nil {
		if e.writeErr == nil { // the rows held are whole records: keep them
			if err := e.commit(true); err != nil {
				scanErr = errors.Join(scanErr, err)
			}
		}
		err := errors.Join(scanErr, e.closeWriters())
		log.Warn("export stopped", "err", err, "records", e.cp.Records, "last_id", e.cp.LastID)
		return Manifest{}, fmt.Errorf("export: %w", err)
	}
	if err := e.commit(true); err != nil {
		return Manifest{}, errors.Join(err, e.closeWriters())
	}
	if err := e.closeWriters(); err != nil {
		return Manifest{}, err
	}
	if opt.Events != nil {
		n, err := e.writeEvents(ctx, opt.Events, q)
		if err != nil {
			log.Warn("export stopped while writing the events table; resume rewrites it", "err", err)
			return Manifest{}, err
		}
		e.cp.Rows[tableEvents] = n
	}
	m := newManifest(&e.cp, &opt)
	if m.Files, err = hashFiles(opt.OutDir); err != nil {
		return Manifest{}, err
	}
	m.Finished = opt.Now().UTC()
	if err := writeJSONAtomic(opt.OutDir, manifestFile, m); err != nil {
		return Manifest{}, err
	}
	if err := os.Remove(filepath.Join(opt.OutDir, checkpointFile)); err != nil {
		return Manifest{}, fmt.Errorf("export: %w", err)
	}
	log.Info("export finished", "dir", opt.OutDir, "records", m.Records, "rows", m.Rows, "files", len(m.Files),
		"took", m.Finished.Sub(m.Started).Round(1e6))
	return m, nil
}

// exporter is the state of one Run.
type exporter struct {
	opt  Options
	cp   checkpoint
	conv converter
	log  *slog.Logger
	prog *progress

	arts tableWriter[ArticleRow]
	cls  tableWriter[ClaimRow]
	incs tableWriter[IncidentRow]

	// rows of the records read since the last commit
	bufArts []ArticleRow
	bufCls  []ClaimRow
	bufIncs []IncidentRow
	pending int    // records in the buffers
	lastID  string // last record in the buffers
	scratch rows

	partRecords int   // Parquet: records in the open part
	writeErr    error // a writer failed: nothing more may be checkpointed
}

// dataPath is the file (CSV, JSONL) or directory (Parquet) of a table.
func (e *exporter) dataPath(table string) string {
	if e.opt.Format == Parquet {
		return table
	}
	return table + "." + string(e.opt.Format)
}

// open opens the table writers, new or at the checkpoint.
func (e *exporter) open(resume bool) error {
	if e.opt.Format == Parquet {
		next := e.cp.Parts + 1
		for _, t := range []string{tableArticles, tableClaims, tableIncidents} {
			if err := removePartsAfter(filepath.Join(e.opt.OutDir, t), e.cp.Parts); err != nil {
				return err
			}
		}
		var err error
		if e.arts, err = newParquetWriter[ArticleRow](filepath.Join(e.opt.OutDir, tableArticles), next); err != nil {
			return err
		}
		if e.cls, err = newParquetWriter[ClaimRow](filepath.Join(e.opt.OutDir, tableClaims), next); err != nil {
			return err
		}
		e.incs, err = newParquetWriter[IncidentRow](filepath.Join(e.opt.OutDir, tableIncidents), next)
		return err
	}
	size := func(table string) int64 {
		if !resume {
			return -1
		}
		n, ok := e.cp.Sizes[e.dataPath(table)]
		if !ok {
			return -2
		}
		return n
	}
	for _, t := range []string{tableArticles, tableClaims, tableIncidents} {
		if size(t) == -2 {
			return fmt.Errorf("%w: no size for %s", ErrCheckpointMismatch, e.dataPath(t))
		}
	}
	var err error
	if e.arts, err = openFile[ArticleRow](filepath.Join(e.opt.OutDir, e.dataPath(tableArticles)), e.opt.Format, size(tableArticles)); err != nil {
		return err
	}
	if e.cls, err = openFile[ClaimRow](filepath.Join(e.opt.OutDir, e.dataPath(tableClaims)), e.opt.Format, size(tableClaims)); err != nil {
		return err
	}
	e.incs, err = openFile[IncidentRow](filepath.Join(e.opt.OutDir, e.dataPath(tableIncidents)), e.opt.Format, size(tableIncidents))
	return err
}

// removePartsAfter deletes the Parquet parts numbered above n in dir:
// parts an interrupted export started after its last checkpoint.
func removePartsAfter(dir string, n int) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, ent := range ents {
		name := ent.Name()
		if ent.IsDir() || !strings.HasSuffix(name, ".parquet") {
			continue
		}
		var k int
		if _, err := fmt.Sscanf(name, "part-%d.parquet", &k); err == nil && k <= n {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// add is the scan callback: it converts one record and commits every
// Batch records.
func (e *exporter) add(r pipeline.Record) error {
	e.conv.convert(&r, &e.scratch)
	e.bufArts = append(e.bufArts, e.scratch.article)
	e.bufCls = append(e.bufCls, e.scratch.claims...)
	e.bufIncs = append(e.bufIncs, e.scratch.incidents...)
	if t, ok := parsePublished(r.Article.Published); ok {
		e.cp.Published.add(t)
	}
	e.pending++
	e.lastID = r.ID
	if e.pending >= e.opt.Batch {
		return e.commit(false)
	}
	return nil
}

// commit writes the buffered rows and checkpoints: always for CSV and
// JSONL; for Parquet when the part is full or force is set (then the part
// is closed).
func (e *exporter) commit(force bool) error {
	if e.writeErr != nil {
		return e.writeErr
	}
	err := e.writeBuffers()
	if err != nil {
		e.writeErr = err
		return err
	}
	if e.opt.Format == Parquet {
		if !force && e.partRecords < e.opt.PartRecords {
			return nil
		}
		if e.partRecords > 0 {
			for _, w := range []partWriter{e.arts.(partWriter), e.cls.(partWriter), e.incs.(partWriter)} {
				if err := w.endPart(); err != nil {
					e.writeErr = err
					return err
				}
			}
			e.cp.Parts++
			for _, w := range []partWriter{e.arts.(partWriter), e.cls.(partWriter), e.incs.(partWriter)} {
				w.setPart(e.cp.Parts + 1)
			}
			e.partRecords = 0
		}
	} else {
		if e.cp.Sizes == nil {
			e.cp.Sizes = map[string]int64{}
		}
		for t, w := range map[string]interface{ checkpoint() (int64, error) }{tableArticles: e.arts, tableClaims: e.cls, tableIncidents: e.incs} {
			n, err := w.checkpoint()
			if err != nil {
				e.writeErr = err
				return err
			}
			e.cp.Sizes[e.dataPath(t)] = n
		}
	}
	if err := writeJSONAtomic(e.opt.OutDir, checkpointFile, e.cp); err != nil {
		e.writeErr = err
		return err
	}
	return nil
}

// partWriter is the part control of the Parquet writers.
type partWriter interface {
	endPart() error
	setPart(n int)
}

// writeBuffers writes the buffered rows to the table writers and moves the
// checkpoint state (last id, counts) past them.
func (e *exporter) writeBuffers() error {
	if e.pending == 0 {
		return nil
	}
	if err := e.arts.write(e.bufArts); err != nil {
		return err
	}
	if err := e.cls.write(e.bufCls); err != nil {
		return err
	}
	if err := e.incs.write(e.bufIncs); err != nil {
		return err
	}
	if e.opt.Format == Parquet { // end the row groups: bounded memory
		for _, w := range []interface{ checkpoint() (int64, error) }{e.arts, e.cls, e.incs} {
			if _, err := w.checkpoint(); err != nil {
				return err
			}
		}
	}
	e.cp.LastID = e.lastID
	e.cp.Records += int64(e.pending)
	e.cp.Rows[tableArticles] += int64(len(e.bufArts))
	e.cp.Rows[tableClaims] += int64(len(e.bufCls))
	e.cp.Rows[tableIncidents] += int64(len(e.bufIncs))
	e.partRecords += e.pending
	if e.prog != nil {
		e.prog.add(e.pending)
	}
	clear(e.bufArts)
	clear(e.bufCls)
	clear(e.bufIncs)
	e.bufArts, e.bufCls, e.bufIncs = e.bufArts[:0], e.bufCls[:0], e.bufIncs[:0]
	e.pending = 0
	return nil
}

// closeWriters closes the table writers that are open.
func (e *exporter) closeWriters() error {
	var errs []error
	if e.arts != nil {
		errs = append(errs, e.arts.close())
	}
	if e.cls != nil {
		errs = append(errs, e.cls.close())
	}
	if e.incs != nil {
		errs = append(errs, e.incs.close())
	}
	e.arts, e.cls, e.incs = nil, nil, nil
	return errors.Join(errs...)
}
