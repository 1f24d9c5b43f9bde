package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Bleve is the embedded Index: an on-disk bleve (scorch) index. Put waits
// until its batch is persisted (scorch's safe-batch mode).
type Bleve struct {
	dir string
	log *slog.Logger

	mu     sync.RWMutex // held for reading by operations, for writing by Close
	idx    bleve.Index
	closed bool
}

var _ Index = (*Bleve)(nil)

// OpenBleve opens the bleve index in dir, creating it (and dir) when dir
// holds none. An index built with another MappingVersion is refused with
// ErrMappingVersion. A nil log discards.
//
// Only one process (one Bleve) can have an index open: a second OpenBleve
// of the same dir fails after lockTimeout instead of waiting forever.
func OpenBleve(dir string, log *slog.Logger) (*Bleve, error) {
	return openBleve(dir, log, lockTimeout)
}

// lockTimeout bounds the wait for another holder of the index to close it.
const lockTimeout = 5 * time.Second

func openBleve(dir string, log *slog.Logger, lockTimeout time.Duration) (*Bleve, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	idx, err := openVersioned(dir, "bleve index", MappingVersion, "delete it and re-index", newMapping, lockTimeout, log)
	if err != nil {
		return nil, err
	}
	return &Bleve{dir: dir, log: log, idx: idx}, nil
}

// Put implements Index. Records that cannot be mapped are reported as
// permanent item errors and the others are still stored; a failure of the
// batch itself is reported as transient for every record in it. Any error
// that is not a *BulkError means that nothing was stored.
func (b *Bleve) Put(ctx context.Context, recs []pipeline.Record) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(recs) == 0 {
		return nil
	}
	start := time.Now()
	var failed []ItemError
	batch := b.idx.NewBatch()
	pending := make([]int, 0, len(recs))
	for i := range recs {
		r := &recs[i]
		d, err := newDoc(r)
		if err == nil {
			if err = batch.Index(r.ID, d); err != nil {
				err = fmt.Errorf("%w: mapping: %v", ErrInvalidRecord, err)
			}
		}
		if err != nil {
			failed = append(failed, ItemError{ID: r.ID, Index: i, Permanent: true, Err: err})
			continue
		}
		pending = append(pending, i)
	}
	if len(pending) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.idx.Batch(batch); err != nil {
			for _, i := range pending {
				failed = append(failed, ItemError{ID: recs[i].ID, Index: i, Err: err})
			}
		}
	}
	b.log.Debug("bleve put", "records", len(recs), "failed", len(failed), "took", time.Since(start))
	if len(failed) > 0 {
		return &BulkError{Items: failed}
	}
	return nil
}

// Get implements Index.
func (b *Bleve) Get(ctx context.Context, id string) (pipeline.Record, bool, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return pipeline.Record{}, false, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return pipeline.Record{}, false, err
	}
	raw, found, err := storedField(b.idx, id, fieldRecord)
	if err != nil {
		return pipeline.Record{}, false, fmt.Errorf("indexer: get %q: %w", id, err)
	}
	if !found {
		return pipeline.Record{}, false, nil
	}
	if raw == nil {
		return pipeline.Record{}, false, fmt.Errorf("indexer: get %q: document has no stored record", id)
	}
	var r pipeline.Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return pipeline.Record{}, false, fmt.Errorf("indexer: get %q: decode: %w", id, err)
	}
	return r, true, nil
}

// Count implements Index.
func (b *Bleve) Count(ctx context.Context) (int, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return 0, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := b.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("indexer: count: %w", err)
	}
	return int(n), nil
}

// Close implements Index. It is safe to call more than once.
func (b *Bleve) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	if err := b.idx.Close(); err != nil {
		return fmt.Errorf("indexer: close %s: %w", b.dir, err)
	}
	b.log.Info("bleve index closed", "dir", b.dir)
	return nil
}
