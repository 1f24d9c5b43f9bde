package indexer

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Scan batch sizes.
const (
	DefaultScanBatch = 500
	MaxScanBatch     = 10000
)

// Scanner streams every record matching a query, for exports. It is
// implemented by Bleve and by the Elasticsearch backend (indexer/elastic).
type Scanner interface {
	// Scan calls fn for every record matching q (Size, From and Facets are
	// ignored) in ascending order of id, starting strictly after the id
	// after ("" = from the first). It holds at most batch records in
	// memory (0 means DefaultScanBatch, capped at MaxScanBatch). It returns
	// the id of the last record for which fn returned nil, so a scan that
	// stopped (fn error, cancelled ctx) resumes with Scan(ctx, q, last, ...)
	// without skipping or repeating a record. Records added or changed
	// while a scan runs are seen when their id is still ahead of it
	// (Bleve); the Elasticsearch backend reads the point in time at which
	// the call started (a resumed call sees them).
	Scan(ctx context.Context, q Query, after string, batch int, fn func(pipeline.Record) error) (last string, err error)
}

var _ Scanner = (*Bleve)(nil)

// Scan implements Scanner. The index lock is held during each page's
// search only, never while fn runs. Two page strategies, chosen once per
// scan from the number of matches, keep the cost linear:
//
//   - few matches (at most scanAfterPages pages): bleve's search_after on
//     the sort by _id; each page costs one pass over the matches;
//   - otherwise the _id term dictionary is walked in order, batch ids at a
//     time, and each page is the query restricted to those ids; a scan
//     costs one pass over the ids of the index plus one small search per
//     batch ids.
//
// search_after alone would cost a pass over all remaining matches per
// page, quadratic for a full export.
func (b *Bleve) Scan(ctx context.Context, q Query, after string, batch int, fn func(pipeline.Record) error) (string, error) {
	if batch <= 0 {
		batch = DefaultScanBatch
	}
	batch = min(batch, MaxScanBatch)
	total, err := b.scanCount(ctx, q)
	if err != nil {
		return after, err
	}
	byDict := total > scanAfterPages*batch
	last, cursor := after, after
	for {
		if err := ctx.Err(); err != nil {
			return last, err
		}
		var (
			recs []pipeline.Record
			done bool
		)
		if byDict {
			recs, cursor, done, err = b.scanDictPage(ctx, q, cursor, batch)
		} else {
			recs, err = b.scanAfterPage(ctx, q, cursor, batch)
			done = len(recs) < batch
		}
		if err != nil {
			return last, err
		}
		for i := range recs {
			if err := ctx.Err(); err != nil {
				return last, err
			}
			if err := fn(recs[i]); err != nil {
				return last, err
			}
			last = recs[i].ID
		}
		if !byDict && len(recs) > 0 {
			cursor = last
		}
		if done {
			return last, nil
		}
	}
}

// scanAfterPages is the largest number of pages a scan makes with
// search_after before it walks the id dictionary instead.
const scanAfterPages = 4

// scanCount returns the number of records matching q.
func (b *Bleve) scanCount(ctx context.Context, q Query) (int, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return 0, ErrClosed
	}
	bq, _ := buildQuery(q, b.analyze)
	res, err := b.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 0, 0, false))
	if err != nil {
		return 0, fmt.Errorf("indexer: scan: count: %w", err)
	}
	return int(res.Total), nil
}

// scanAfterPage returns up to size records matching q with ids after
// after, in ascending id order, using search_after.
func (b *Bleve) scanAfterPage(ctx context.Context, q Query, after string, size int) ([]pipeline.Record, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return nil, ErrClosed
	}
	bq, _ := buildQuery(q, b.analyze)
	req := bleve.NewSearchRequestOptions(bq, size, 0, false)
	if after != "" {
		req.SearchAfter = []string{after}
	}
	return b.scanSearch(ctx, req)
}

// scanDictPage reads the next size ids after cursor from the _id term
// dictionary and returns the records among them matching q, in ascending
// id order, with the last id read (the next cursor) and whether the
// dictionary is exhausted.
func (b *Bleve) scanDictPage(ctx context.Context, q Query, cursor string, size int) ([]pipeline.Record, string, bool, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return nil, cursor, true, ErrClosed
	}
	ids, err := b.nextIDs(cursor, size)
	if err != nil {
		return nil, cursor, true, err
	}
	if len(ids) == 0 {
		return nil, cursor, true, nil
	}
	bq, _ := buildQuery(q, b.analyze)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bq, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	recs, err := b.scanSearch(ctx, req)
	return recs, ids[len(ids)-1], len(ids) < size, err
}

// nextIDs returns up to n document ids greater than after, in order.
// Ids of deleted documents may appear; the search that follows drops them.
func (b *Bleve) nextIDs(after string, n int) ([]string, error) {
	adv, err := b.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("indexer: scan: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("indexer: scan: reader: %w", err)
	}
	defer func() { _ = r.Close() }()
	var start []byte
	if after != "" {
		start = append([]byte(after), 0) // the first term after `after`
	}
	d, err := r.FieldDictRange("_id", start, nil)
	if err != nil {
		return nil, fmt.Errorf("indexer: scan: id dictionary: %w", err)
	}
	defer func() { _ = d.Close() }()
	ids := make([]string, 0, n)
	for len(ids) < n {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("indexer: scan: id dictionary: %w", err)
		}
		if e == nil {
			break
		}
		ids = append(ids, e.Term)
	}
	return ids, nil
}

// scanSearch runs req sorted by _id and decodes the stored records.
func (b *Bleve) scanSearch(ctx context.Context, req *bleve.SearchRequest) ([]pipeline.Record, error) {
	req.Fields = []string{fieldRecord}
	req.SortBy([]string{"_id"})
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("indexer: scan: %w", err)
	}
	recs := make([]pipeline.Record, 0, len(res.Hits))
	for _, h := range res.Hits {
		raw, _ := h.Fields[fieldRecord].(string)
		var r pipeline.Record
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return nil, fmt.Errorf("indexer: scan: decode record %q: %w", h.ID, err)
		}
		recs = append(recs, r)
	}
	return recs, nil
}
