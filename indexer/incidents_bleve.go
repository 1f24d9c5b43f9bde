package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/claimwatch/claimwatch/incidents"
)

// IncidentMappingVersion is stored in the incident index; an index built
// with another version is refused (ErrMappingVersion).
const IncidentMappingVersion = "1"

// byRecordLimit bounds the incidents one record can be in.
const byRecordLimit = 1000

// BleveIncidents is the embedded IncidentIndex: a second on-disk bleve
// index (by default <data>/incidents). Put waits until its batch is
// persisted, and a later Candidates sees it.
type BleveIncidents struct {
	dir string
	log *slog.Logger

	mu     sync.RWMutex
	idx    bleve.Index
	closed bool
}

var _ IncidentIndex = (*BleveIncidents)(nil)

// OpenBleveIncidents opens (or creates) the incident index in dir. A nil
// log discards.
func OpenBleveIncidents(dir string, log *slog.Logger) (*BleveIncidents, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	idx, err := openVersioned(dir, "incident index", IncidentMappingVersion, "delete it and replay RECORDS", newIncidentMapping, lockTimeout, log)
	if err != nil {
		return nil, err
	}
	return &BleveIncidents{dir: dir, log: log, idx: idx}, nil
}

// newIncidentMapping is the explicit mapping of IncidentDoc.
func newIncidentMapping() mapping.IndexMapping {
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	text.IncludeInAll = false
	text.IncludeTermVectors = true
	date := func() *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = true // sort
		return f
	}
	loc := bleve.NewGeoPointFieldMapping()
	loc.Store = false
	loc.IncludeInAll = false
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.DocValues = false

	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{incFieldID, incFieldType, incFieldCountry, incFieldGroups, incFieldStatus, incFieldRecords, incFieldOutlets} {
		dm.AddFieldMappingsAt(f, kw())
	}
	dm.AddFieldMappingsAt(incFieldTitle, text)
	dm.AddFieldMappingsAt(incFieldDateFrom, date())
	dm.AddFieldMappingsAt(incFieldDateTo, date())
	dm.AddFieldMappingsAt(incFieldLocation, loc)
	dm.AddFieldMappingsAt(incFieldIncident, stored)
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = en.AnalyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// Put implements incidents.Store.
func (b *BleveIncidents) Put(ctx context.Context, incs []incidents.Incident) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := b.idx.NewBatch()
	for i := range incs {
		inc := &incs[i]
		if len(inc.Sources) == 0 {
			batch.Delete(inc.ID)
			continue
		}
		raw, err := json.Marshal(inc)
		if err != nil {
			return fmt.Errorf("indexer: incident %s: %w", inc.ID, err)
		}
		if err := batch.Index(inc.ID, NewIncidentDoc(inc, raw)); err != nil {
			return fmt.Errorf("indexer: incident %s: %w", inc.ID, err)
		}
	}
	if err := b.idx.Batch(batch); err != nil {
		return fmt.Errorf("indexer: put incidents: %w", err)
	}
	return nil
}

// Get implements incidents.Searcher.
func (b *BleveIncidents) Get(ctx context.Context, id string) (incidents.Incident, bool, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return incidents.Incident{}, false, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return incidents.Incident{}, false, err
	}
	raw, found, err := storedField(b.idx, id, incFieldIncident)
	if err != nil {
		return incidents.Incident{}, false, fmt.Errorf("indexer: get incident %q: %w", id, err)
	}
	if !found {
		return incidents.Incident{}, false, nil
	}
	var inc incidents.Incident
	if err := json.Unmarshal(raw, &inc); err != nil {
		return incidents.Incident{}, false, fmt.Errorf("indexer: get incident %q: %w", id, err)
	}
	return inc, true, nil
}

// Count implements IncidentIndex.
func (b *BleveIncidents) Count(ctx context.Context) (int, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return 0, ErrClosed
	}
	n, err := b.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("indexer: count incidents: %w", err)
	}
	return int(n), ctx.Err()
}

// Candidates implements incidents.Store.
func (b *BleveIncidents) Candidates(ctx context.Context, q incidents.CandidateQuery) ([]incidents.Incident, error) {
	var must []query.Query
	if q.Country != "" {
		must = append(must, bleve.NewDisjunctionQuery(termQ(incFieldCountry, q.Country), termQ(incFieldCountry, NoCountry)))
	}
	if !q.Since.IsZero() {
		incl := true
		r := bleve.NewDateRangeInclusiveQuery(q.Since.UTC(), time.Time{}, &incl, nil)
		r.SetField(incFieldDateTo)
		must = append(must, r)
	}
	if !q.Until.IsZero() {
		incl := true
		r := bleve.NewDateRangeInclusiveQuery(time.Time{}, q.Until.UTC(), nil, &incl)
		r.SetField(incFieldDateFrom)
		must = append(must, r)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = MaxSize
	}
	res, err := b.search(ctx, conj(must), 0, limit, []string{incFieldID})
	return res.Incidents, err
}

// ByRecord implements incidents.Store.
func (b *BleveIncidents) ByRecord(ctx context.Context, recordID string) ([]incidents.Incident, error) {
	res, err := b.search(ctx, termQ(incFieldRecords, recordID), 0, byRecordLimit, []string{incFieldID})
	return res.Incidents, err
}

// Search implements incidents.Searcher: newest first (DateTo, then id).
func (b *BleveIncidents) Search(ctx context.Context, q incidents.Query) (incidents.Result, error) {
	var must []query.Query
	for _, f := range []struct {
		field string
		vals  []string
	}{{incFieldGroups, q.Groups}, {incFieldStatus, q.Statuses}, {incFieldType, q.Types}, {incFieldCountry, q.Countries}} {
		if len(f.vals) == 0 {
			continue
		}
		var any []query.Query
		for _, v := range f.vals {
			any = append(any, termQ(f.field, v))
		}
		must = append(must, bleve.NewDisjunctionQuery(any...))
	}
	if q.Text != "" {
		m := bleve.NewMatchQuery(q.Text)
		m.SetField(incFieldTitle)
		m.SetOperator(query.MatchQueryOperatorAnd)
		must = append(must, m)
	}
	if !q.Since.IsZero() {
		incl := true
		r := bleve.NewDateRangeInclusiveQuery(q.Since.UTC(), time.Time{}, &incl, nil)
		r.SetField(incFieldDateTo)
		must = append(must, r)
	}
	if !q.Until.IsZero() {
		incl := true
		r := bleve.NewDateRangeInclusiveQuery(time.Time{}, q.Until.UTC(), nil, &incl)
		r.SetField(incFieldDateFrom)
		must = append(must, r)
	}
	size := q.Size
	if size <= 0 {
		size = DefaultSize
	}
	return b.search(ctx, conj(must), max(q.From, 0), min(size, MaxSize), []string{"-" + incFieldDateTo, incFieldID})
}

func (b *BleveIncidents) search(ctx context.Context, q query.Query, from, size int, sort []string) (incidents.Result, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return incidents.Result{}, ErrClosed
	}
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	req.Fields = []string{incFieldIncident}
	req.SortBy(sort)
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return incidents.Result{}, fmt.Errorf("indexer: search incidents: %w", err)
	}
	out := incidents.Result{Total: int(res.Total), Incidents: make([]incidents.Incident, 0, len(res.Hits))}
	for _, h := range res.Hits {
		raw, _ := h.Fields[incFieldIncident].(string)
		var inc incidents.Incident
		if err := json.Unmarshal([]byte(raw), &inc); err != nil {
			return incidents.Result{}, fmt.Errorf("indexer: incident %q: %w", h.ID, err)
		}
		out.Incidents = append(out.Incidents, inc)
	}
	return out, nil
}

func termQ(field, v string) query.Query {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	return t
}

func conj(qs []query.Query) query.Query {
	if len(qs) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(qs...)
}

// Close implements IncidentIndex. It is safe to call more than once.
func (b *BleveIncidents) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	if err := b.idx.Close(); err != nil {
		return fmt.Errorf("indexer: close %s: %w", b.dir, err)
	}
	return nil
}
