package incidents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Durable is the name of the stage's durable consumer on RECORDS.
const Durable = "incidents"

// Stage is the incident clustering stage: it consumes RECORDS with its own
// durable consumer and upserts cross-article incidents into a Store. A
// batch is applied in memory and written with one Put; only then are its
// messages acked, so a failed write retries the whole batch, and a
// redelivered record updates its incidents in place (Clusterer.Apply).
// Batches are serialised: the stage is the store's only writer.
type Stage struct {
	cl  *Clusterer
	log *slog.Logger
	mu  sync.Mutex
}

// NewStage returns the stage. A nil log discards.
func NewStage(eng *Engine, store Store, log *slog.Logger) *Stage {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Stage{cl: NewClusterer(eng, store), log: log}
}

// Name implements pipeline.Stage.
func (s *Stage) Name() string { return Durable }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, batch []pipeline.Message) []pipeline.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]pipeline.Result, len(batch))
	b := s.cl.NewBatch()
	applied := make([]int, 0, len(batch))
	for i, m := range batch {
		var rec pipeline.Record
		if err := json.Unmarshal(m.Data, &rec); err != nil {
			out[i].Err = pipeline.Permanent(fmt.Errorf("decode record: %w", err))
			continue
		}
		if rec.ID == "" {
			out[i].Err = pipeline.Permanent(errors.New("record without id"))
			continue
		}
		if _, err := b.Apply(ctx, rec); err != nil {
			// The store could not be read: nothing of this batch is
			// written, every record is retried.
			for j := range out {
				if out[j].Err == nil {
					out[j].Err = err
				}
			}
			return out
		}
		applied = append(applied, i)
	}
	if err := b.Commit(ctx); err != nil {
		for _, i := range applied {
			out[i].Err = err
		}
		return out
	}
	if n := len(b.Changed()); n > 0 {
		s.log.Debug("incidents updated", "records", len(applied), "incidents", n)
	}
	return out
}

// RunnerConfig returns rc set up for the stage: RECORDS, durable
// "incidents", one worker (the stage serialises batches anyway).
func RunnerConfig(rc pipeline.RunnerConfig) pipeline.RunnerConfig {
	rc.Stream = pipeline.StreamRecords
	rc.Durable = Durable
	rc.Workers = 1
	return rc
}

// NewRunner builds the stage's runner on js.
func NewRunner(ctx context.Context, js jetstream.JetStream, eng *Engine, store Store, rc pipeline.RunnerConfig,
	log *slog.Logger, m *pipeline.Metrics) (*pipeline.Runner, error) {
	return pipeline.NewRunner(ctx, js, NewStage(eng, store, log), RunnerConfig(rc), log, m)
}
