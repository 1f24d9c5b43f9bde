package bench

import (
	"context"
	"errors"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TimedIndex wraps an index and reports, after every Put, each record it
// stored and when Put returned. indexer.Index promises that Put returns
// only once records are durably stored; on the bleve backend they are
// searchable then too (on Elasticsearch only with refresh=wait_for, which
// `claimwatch bench` sets).
type TimedIndex struct {
	indexer.Index
	onStored func(rec pipeline.Record, at time.Time)
}

// NewTimedIndex wraps idx; onStored must be safe for concurrent use.
func NewTimedIndex(idx indexer.Index, onStored func(rec pipeline.Record, at time.Time)) *TimedIndex {
	return &TimedIndex{Index: idx, onStored: onStored}
}

// Put implements indexer.Index: records reported failed in a
// *indexer.BulkError, or all of them on any other error, are not reported
// stored.
func (t *TimedIndex) Put(ctx context.Context, recs []pipeline.Record) error {
	err := t.Index.Put(ctx, recs)
	at := time.Now()
	var failed map[int]bool
	if err != nil {
		var be *indexer.BulkError
		if !errors.As(err, &be) {
			return err
		}
		failed = make(map[int]bool, len(be.Items))
		for _, it := range be.Items {
			failed[it.Index] = true
		}
	}
	for i, r := range recs {
		if !failed[i] {
			t.onStored(r, at)
		}
	}
	return err
}

// Unwrap returns the wrapped index.
func (t *TimedIndex) Unwrap() indexer.Index { return t.Index }
