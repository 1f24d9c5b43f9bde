package incidents

import (
	"context"
	"fmt"
	"sort"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Clusterer applies records to a Store: each report of a record joins the
// best matching incident or starts one. Records are applied in batches;
// a batch's changes are kept in an overlay and written with one Put, so a
// failed Put changes nothing and the batch can be retried as a whole.
//
// A Clusterer is not safe for concurrent batches: the stage serialises
// them (one writer per store, like one active "incidents" consumer).
type Clusterer struct {
	eng   *Engine
	store Store
}

// NewClusterer returns a clusterer over store.
func NewClusterer(eng *Engine, store Store) *Clusterer { return &Clusterer{eng: eng, store: store} }

// Batch is the pending changes of one batch of records.
type Batch struct {
	c       *Clusterer
	overlay map[string]*Incident // changed incidents by id
	order   []string             // ids in order of first change
}

// NewBatch starts a batch.
func (c *Clusterer) NewBatch() *Batch {
	return &Batch{c: c, overlay: map[string]*Incident{}}
}

// Apply merges one record: its earlier reports (a redelivery or a revised
// article) are taken out of their incidents first and each report then goes
// back to the incident that held its key, else to the best match, else to a
// new incident. It returns the ids of the incidents the record's reports
// are now in. A record that describes no attack only removes its earlier
// reports.
func (b *Batch) Apply(ctx context.Context, rec pipeline.Record) ([]string, error) {
	reports := Reports(rec)
	prev, err := b.byRecord(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	home := map[string]string{} // report key -> incident id
	for _, inc := range prev {
		kept := inc.Sources[:0:0]
		for _, s := range inc.Sources {
			if s.RecordID == rec.ID {
				home[s.Key] = inc.ID
				continue
			}
			kept = append(kept, s)
		}
		inc.Sources = kept
		b.set(inc)
	}
	var ids []string
	for i := range reports {
		r := &reports[i]
		id, err := b.place(ctx, r, home)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// place puts one report into an incident and returns its id.
func (b *Batch) place(ctx context.Context, r *Report, home map[string]string) (string, error) {
	if id, ok := home[r.Key]; ok {
		inc := b.overlay[id]
		inc.Sources = append(inc.Sources, *r)
		rebuild(b.c.eng.cfg, inc)
		return id, nil
	}
	q := b.c.eng.Candidates(r)
	cands, err := b.candidates(ctx, q)
	if err != nil {
		return "", err
	}
	if i, _ := b.c.eng.Best(r, cands); i >= 0 {
		inc := cands[i]
		inc.Sources = append(inc.Sources, *r)
		rebuild(b.c.eng.cfg, &inc)
		b.set(&inc)
		return inc.ID, nil
	}
	inc := Incident{ID: IncidentID(r.Key), Sources: []Report{*r}}
	old, ok := b.overlay[inc.ID]
	if !ok {
		o, found, err := b.c.store.Get(ctx, inc.ID)
		if err != nil {
			return "", fmt.Errorf("incidents: get %s: %w", inc.ID, err)
		}
		old, ok = &o, found
	}
	if ok && len(old.Sources) > 0 {
		// The id belongs to an incident this key created before and left
		// (a revision of its article): the report goes back to it.
		inc.Sources = append(old.Sources, *r)
	}
	rebuild(b.c.eng.cfg, &inc)
	b.set(&inc)
	return inc.ID, nil
}

func (b *Batch) set(inc *Incident) {
	if _, ok := b.overlay[inc.ID]; !ok {
		b.order = append(b.order, inc.ID)
	}
	c := *inc
	rebuild(b.c.eng.cfg, &c)
	b.overlay[inc.ID] = &c
}

// byRecord is Store.ByRecord seen through the overlay.
func (b *Batch) byRecord(ctx context.Context, recordID string) ([]*Incident, error) {
	stored, err := b.c.store.ByRecord(ctx, recordID)
	if err != nil {
		return nil, fmt.Errorf("incidents: by record %s: %w", recordID, err)
	}
	var out []*Incident
	seen := map[string]bool{}
	has := func(inc *Incident) bool {
		for _, s := range inc.Sources {
			if s.RecordID == recordID {
				return true
			}
		}
		return false
	}
	for i := range stored {
		inc := &stored[i]
		if o, ok := b.overlay[inc.ID]; ok {
			inc = o
		}
		seen[inc.ID] = true
		if has(inc) {
			c := *inc
			out = append(out, &c)
		}
	}
	for _, id := range b.order {
		if inc := b.overlay[id]; !seen[id] && has(inc) {
			c := *inc
			out = append(out, &c)
		}
	}
	return out, nil
}

// candidates is Store.Candidates seen through the overlay.
func (b *Batch) candidates(ctx context.Context, q CandidateQuery) ([]Incident, error) {
	stored, err := b.c.store.Candidates(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("incidents: candidates: %w", err)
	}
	out := make([]Incident, 0, len(stored))
	seen := map[string]bool{}
	for _, inc := range stored {
		seen[inc.ID] = true
		if o, ok := b.overlay[inc.ID]; ok {
			inc = *o
		}
		if len(inc.Sources) > 0 && MatchesCandidate(&inc, q) {
			out = append(out, inc)
		}
	}
	for _, id := range b.order {
		if inc := b.overlay[id]; !seen[id] && len(inc.Sources) > 0 && MatchesCandidate(inc, q) {
			out = append(out, *inc)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Changed returns the incidents the batch changed, in order of first change.
func (b *Batch) Changed() []Incident {
	out := make([]Incident, 0, len(b.order))
	for _, id := range b.order {
		out = append(out, *b.overlay[id])
	}
	return out
}

// Commit writes the changed incidents with one Put.
func (b *Batch) Commit(ctx context.Context) error {
	if len(b.order) == 0 {
		return nil
	}
	if err := b.c.store.Put(ctx, b.Changed()); err != nil {
		return fmt.Errorf("incidents: store: %w", err)
	}
	return nil
}
