package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Stage is the indexer as a pipeline stage: it stores each fetched batch of
// Records with one Put and reports per-record outcomes, so the runner acks a
// message only after its record is stored, retries transient failures and
// dead-letters permanent ones (bad JSON, mapping errors).
type Stage struct {
	idx Index
}

// NewStage wraps an Index.
func NewStage(idx Index) *Stage { return &Stage{idx: idx} }

// Name implements pipeline.Stage.
func (s *Stage) Name() string { return "index" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, batch []pipeline.Message) []pipeline.Result {
	out := make([]pipeline.Result, len(batch))
	recs := make([]pipeline.Record, 0, len(batch))
	pos := make([]int, 0, len(batch)) // recs[k] came from batch[pos[k]]
	for i, m := range batch {
		var r pipeline.Record
		if err := json.Unmarshal(m.Data, &r); err != nil {
			out[i].Err = pipeline.Permanent(fmt.Errorf("decode record: %w", err))
			continue
		}
		if r.ID == "" {
			out[i].Err = pipeline.Permanent(errors.New("record without id"))
			continue
		}
		recs = append(recs, r)
		pos = append(pos, i)
	}
	if len(recs) == 0 {
		return out
	}
	err := s.idx.Put(ctx, recs)
	if err == nil {
		return out
	}
	var be *BulkError
	if !errors.As(err, &be) {
		for _, i := range pos {
			out[i].Err = err // whole batch failed: transient unless marked
		}
		return out
	}
	for _, it := range be.Items {
		if it.Index >= 0 && it.Index < len(pos) {
			out[pos[it.Index]].Err = it
		}
	}
	return out
}
