package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
)

// IncidentTemplateVersion is the version of the incident index mapping:
// the concrete index is "<prefix>-incidents-v<version>" behind the alias
// "<prefix>-incidents". Bump it on a mapping change and replay RECORDS
// through the incidents stage into the new index.
const IncidentTemplateVersion = 1

// Incidents is the Elasticsearch indexer.IncidentIndex: the index
// "<prefix>-incidents" beside the records, with its own template
// (keyword filters, a geo_point location, the claim timeline as nested
// documents). Writes use refresh=wait_for, so the incidents stage finds
// what it wrote in its next candidate query. Safe for concurrent use.
type Incidents struct {
	cfg   Config
	log   *slog.Logger
	es    *elasticsearch.Client
	alias string

	readOnly bool // opened by OpenIncidentsReadOnly: Put is refused

	mu     sync.RWMutex
	closed bool
}

var (
	_ indexer.IncidentIndex   = (*Incidents)(nil)
	_ indexer.IncidentScanner = (*Incidents)(nil)
)

// IncidentsAlias is the alias of the incident index for an index prefix.
func IncidentsAlias(prefix string) string { return prefix + "-incidents" }

func incidentsIndexName(prefix string) string {
	return fmt.Sprintf("%s-v%d", IncidentsAlias(prefix), IncidentTemplateVersion)
}

// OpenIncidents connects and installs, idempotently, the incident template,
// index and alias for cfg.IndexPrefix. A nil log discards.
func OpenIncidents(ctx context.Context, cfg Config, log *slog.Logger) (*Incidents, error) {
	x, err := newIndex(cfg, log) // the client with the records backend's settings
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = x.bulk.Close(cctx) // unused: incidents are written with one bulk request per Put
	cancel()
	in := &Incidents{cfg: x.cfg, log: x.log, es: x.es, alias: IncidentsAlias(x.cfg.IndexPrefix)}
	stem, err := x.hasStemmer(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.setup(ctx, stem); err != nil {
		return nil, err
	}
	in.log.Info("elasticsearch incident index ready", "alias", in.alias, "index", incidentsIndexName(x.cfg.IndexPrefix))
	return in, nil
}

// OpenIncidentsReadOnly opens the existing incident index of
// cfg.IndexPrefix for reading (Search, Get, Count, ScanIncidents) without
// creating or changing anything in the cluster: the readers' way in
// (`claimwatch export`), which must not leave an empty index behind where
// the incidents stage never ran. It returns ErrNoIncidentIndex when the
// alias "<prefix>-incidents" does not exist, and an error matching
// ErrSetup and indexer.ErrMappingVersion when the alias points at an index
// of another IncidentTemplateVersion. Put on the returned index fails with
// ErrReadOnly. A nil log discards.
func OpenIncidentsReadOnly(ctx context.Context, cfg Config, log *slog.Logger) (*Incidents, error) {
	x, err := newIndex(cfg, log)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = x.bulk.Close(cctx) // unused: nothing is written
	cancel()
	in := &Incidents{cfg: x.cfg, log: x.log, es: x.es, alias: IncidentsAlias(x.cfg.IndexPrefix), readOnly: true}
	res, err := in.es.Indices.GetAlias(in.es.Indices.GetAlias.WithName(in.alias), in.es.Indices.GetAlias.WithContext(ctx))
	if err == nil && res.StatusCode == http.StatusNotFound {
		closeBody(res)
		return nil, fmt.Errorf("%w: alias %s", ErrNoIncidentIndex, in.alias)
	}
	if err := check("get incident alias", res, err); err != nil {
		return nil, err
	}
	defer closeBody(res)
	var indices map[string]json.RawMessage
	if err := json.NewDecoder(res.Body).Decode(&indices); err != nil {
		return nil, fmt.Errorf("elastic: get incident alias: %w", err)
	}
	name := incidentsIndexName(x.cfg.IndexPrefix)
	if _, ok := indices[name]; !ok {
		found := make([]string, 0, len(indices))
		for k := range indices {
			found = append(found, k)
		}
		return nil, fmt.Errorf("%w: %w: alias %s points at %v, this build reads %s",
			ErrSetup, indexer.ErrMappingVersion, in.alias, found, name)
	}
	return in, nil
}

// incidentTemplate is the composable template of the incident index.
func incidentTemplate(cfg Config, stemming bool) map[string]any {
	kw := map[string]any{"type": "keyword"}
	date := map[string]any{"type": "date", "ignore_malformed": true}
	integer := map[string]any{"type": "integer", "ignore_malformed": true}
	props := map[string]any{
		"id":         kw,
		"title":      map[string]any{"type": "text", "analyzer": textAnalyzer},
		"type":       kw,
		"country":    kw,
		"groups":     kw,
		"status":     kw,
		"records":    kw,
		"outlets":    kw,
		"date_from":  date,
		"date_to":    date,
		"first_seen": date,
		"location":   map[string]any{"type": "geo_point", "ignore_malformed": true},
		"killed":     integer,
		"injured":    integer,
		"n_sources":  integer,
		"timeline": map[string]any{"type": "nested", "dynamic": false, "properties": map[string]any{
			"at": date, "kind": kw, "group_id": kw, "status": kw, "certainty": kw,
			"record_id": kw, "outlet": kw, "url": kw,
			"evidence": map[string]any{"type": "text", "analyzer": textAnalyzer},
		}},
		"incident": map[string]any{"type": "object", "enabled": false},
	}
	return map[string]any{
		"index_patterns": []string{incidentsIndexName(cfg.IndexPrefix)},
		"priority":       200,
		"_meta":          map[string]any{"managed_by": "claimwatch", "incident_template_version": IncidentTemplateVersion},
		"template": map[string]any{
			"settings": map[string]any{
				"number_of_shards":   1,
				"number_of_replicas": cfg.Replicas,
				"analysis":           analysis(stemming),
			},
			"mappings": map[string]any{
				"dynamic":    false,
				"_meta":      map[string]any{"incident_template_version": IncidentTemplateVersion},
				"properties": props,
			},
		},
	}
}

func (in *Incidents) setup(ctx context.Context, stemming bool) error {
	name := incidentsIndexName(in.cfg.IndexPrefix)
	body, _ := json.Marshal(incidentTemplate(in.cfg, stemming))
	res, err := in.es.Indices.PutIndexTemplate(name, bytes.NewReader(body), in.es.Indices.PutIndexTemplate.WithContext(ctx))
	if err := check("put incident template", res, err); err != nil {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	closeBody(res)
	body, _ = json.Marshal(map[string]any{"aliases": map[string]any{in.alias: map[string]any{"is_write_index": true}}})
	res, err = in.es.Indices.Create(name, in.es.Indices.Create.WithBody(bytes.NewReader(body)), in.es.Indices.Create.WithContext(ctx))
	if err = check("create incident index", res, err); err == nil {
		closeBody(res)
		return nil
	}
	if !strings.Contains(err.Error(), "resource_already_exists_exception") {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	res, err = in.es.Indices.PutAlias([]string{name}, in.alias, in.es.Indices.PutAlias.WithContext(ctx))
	if err := check("put incident alias", res, err); err != nil {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	closeBody(res)
	return nil
}

// esIncidentDoc is the document: the shared flattening with the incident
// JSON as an object (kept in _source, not indexed).
type esIncidentDoc struct {
	*indexer.IncidentDoc
	Incident json.RawMessage `json:"incident"`
}

func (in *Incidents) op(ctx context.Context) (func(), error) {
	in.mu.RLock()
	if in.closed {
		in.mu.RUnlock()
		return nil, indexer.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		in.mu.RUnlock()
		return nil, err
	}
	return in.mu.RUnlock, nil
}

// Put implements incidents.Store: one bulk request (index, or delete for
// an incident without sources) with refresh=wait_for. Any failed item
// fails the call; the stage then retries the batch, which is idempotent.
func (in *Incidents) Put(ctx context.Context, incs []incidents.Incident) error {
	done, err := in.op(ctx)
	if err != nil {
		return err
	}
	defer done()
	if in.readOnly {
		return fmt.Errorf("%w: put incidents", ErrReadOnly)
	}
	if len(incs) == 0 {
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range incs {
		inc := &incs[i]
		if len(inc.Sources) == 0 {
			_ = enc.Encode(map[string]any{"delete": map[string]any{"_index": in.alias, "_id": inc.ID}})
			continue
		}
		raw, err := json.Marshal(inc)
		if err != nil {
			return fmt.Errorf("elastic: incident %s: %w", inc.ID, err)
		}
		_ = enc.Encode(map[string]any{"index": map[string]any{"_index": in.alias, "_id": inc.ID}})
		if err := enc.Encode(esIncidentDoc{IncidentDoc: indexer.NewIncidentDoc(inc, raw), Incident: raw}); err != nil {
			return fmt.Errorf("elastic: incident %s: %w", inc.ID, err)
		}
	}
	res, err := in.es.Bulk(&buf, in.es.Bulk.WithContext(ctx), in.es.Bulk.WithRefresh("wait_for"))
	if err := check("bulk incidents", res, err); err != nil {
		return err
	}
	defer closeBody(res)
	var out struct {
		Errors bool `json:"errors"`
		Items  []map[string]struct {
			ID     string          `json:"_id"`
			Status int             `json:"status"`
			Error  json.RawMessage `json:"error"`
		} `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return fmt.Errorf("elastic: bulk incidents: %w", err)
	}
	if !out.Errors {
		return nil
	}
	for _, it := range out.Items {
		for action, r := range it {
			if r.Status >= 300 && !(action == "delete" && r.Status == http.StatusNotFound) {
				return fmt.Errorf("elastic: %s incident %s: status %d: %s", action, r.ID, r.Status, r.Error)
			}
		}
	}
	return nil
}

// Get implements incidents.Searcher.
func (in *Incidents) Get(ctx context.Context, id string) (incidents.Incident, bool, error) {
	done, err := in.op(ctx)
	if err != nil {
		return incidents.Incident{}, false, err
	}
	defer done()
	res, err := in.es.Get(in.alias, id, in.es.Get.WithContext(ctx), in.es.Get.WithSourceIncludes("incident"))
	if err == nil && res.StatusCode == http.StatusNotFound {
		closeBody(res)
		return incidents.Incident{}, false, nil
	}
	if err := check("get incident", res, err); err != nil {
		return incidents.Incident{}, false, err
	}
	defer closeBody(res)
	var body struct {
		Found  bool `json:"found"`
		Source struct {
			Incident incidents.Incident `json:"incident"`
		} `json:"_source"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return incidents.Incident{}, false, fmt.Errorf("elastic: get incident %s: %w", id, err)
	}
	return body.Source.Incident, body.Found, nil
}

// Count implements indexer.IncidentIndex.
func (in *Incidents) Count(ctx context.Context) (int, error) {
	done, err := in.op(ctx)
	if err != nil {
		return 0, err
	}
	defer done()
	res, err := in.es.Count(in.es.Count.WithIndex(in.alias), in.es.Count.WithContext(ctx))
	if err := check("count incidents", res, err); err != nil {
		return 0, err
	}
	defer closeBody(res)
	var body struct {
		Count int `json:"count"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("elastic: count incidents: %w", err)
	}
	return body.Count, nil
}

// Candidates implements incidents.Store.
func (in *Incidents) Candidates(ctx context.Context, q incidents.CandidateQuery) ([]incidents.Incident, error) {
	var filter []any
	if q.Country != "" {
		filter = append(filter, map[string]any{"terms": map[string]any{"country": []string{q.Country, indexer.NoCountry}}})
	}
	filter = append(filter, dateFilters(q.Since, q.Until)...)
	limit := q.Limit
	if limit <= 0 {
		limit = indexer.MaxSize
	}
	res, err := in.search(ctx, boolQuery(filter, nil), 0, limit, []any{map[string]any{"id": "asc"}})
	return res.Incidents, err
}

// ByRecord implements incidents.Store.
func (in *Incidents) ByRecord(ctx context.Context, recordID string) ([]incidents.Incident, error) {
	filter := []any{map[string]any{"term": map[string]any{"records": recordID}}}
	res, err := in.search(ctx, boolQuery(filter, nil), 0, indexer.MaxSize, []any{map[string]any{"id": "asc"}})
	return res.Incidents, err
}

// Search implements incidents.Searcher: newest first (date_to, then id).
func (in *Incidents) Search(ctx context.Context, q incidents.Query) (incidents.Result, error) {
	size := q.Size
	if size <= 0 {
		size = indexer.DefaultSize
	}
	return in.search(ctx, searchQuery(q), max(q.From, 0), min(size, indexer.MaxSize), searchSort())
}

// searchQuery is the bool query of q (Search and ScanIncidents): term
// filters, the date window and the free text on the titles.
func searchQuery(q incidents.Query) map[string]any {
	var filter []any
	for _, f := range []struct {
		field string
		vals  []string
	}{{"groups", q.Groups}, {"status", q.Statuses}, {"type", q.Types}, {"country", q.Countries}} {
		if len(f.vals) > 0 {
			filter = append(filter, map[string]any{"terms": map[string]any{f.field: f.vals}})
		}
	}
	filter = append(filter, dateFilters(q.Since, q.Until)...)
	var must []any
	if strings.TrimSpace(q.Text) != "" {
		must = append(must, map[string]any{"match": map[string]any{"title": map[string]any{"query": q.Text, "operator": "and"}}})
	}
	return boolQuery(filter, must)
}

// searchSort is the order of Search and ScanIncidents: the latest day
// (date_to) first, undated incidents last, then ascending id (unique, so
// the order is total).
func searchSort() []any {
	return []any{map[string]any{"date_to": map[string]any{"order": "desc", "missing": "_last"}}, map[string]any{"id": "asc"}}
}

// boolQuery combines filter and must clauses (match all when both are
// empty).
func boolQuery(filter, must []any) map[string]any {
	b := map[string]any{}
	if len(filter) > 0 {
		b["filter"] = filter
	}
	if len(must) > 0 {
		b["must"] = must
	}
	return map[string]any{"bool": b}
}

// dateFilters: the incident's day range [date_from, date_to] meets
// [since, until].
func dateFilters(since, until time.Time) []any {
	var out []any
	if !since.IsZero() {
		out = append(out, map[string]any{"range": map[string]any{"date_to": map[string]any{"gte": since.UTC().Format(time.RFC3339)}}})
	}
	if !until.IsZero() {
		out = append(out, map[string]any{"range": map[string]any{"date_from": map[string]any{"lte": until.UTC().Format(time.RFC3339)}}})
	}
	return out
}

func (in *Incidents) search(ctx context.Context, query map[string]any, from, size int, sort []any) (incidents.Result, error) {
	done, err := in.op(ctx)
	if err != nil {
		return incidents.Result{}, err
	}
	defer done()
	body, _ := json.Marshal(map[string]any{
		"query":            query,
		"from":             from,
		"size":             size,
		"sort":             sort,
		"_source":          []string{"incident"},
		"track_total_hits": true,
	})
	res, err := in.es.Search(in.es.Search.WithIndex(in.alias), in.es.Search.WithBody(bytes.NewReader(body)), in.es.Search.WithContext(ctx))
	if err := check("search incidents", res, err); err != nil {
		return incidents.Result{}, err
	}
	defer closeBody(res)
	var out struct {
		Hits struct {
			Total struct {
				Value int `json:"value"`
			} `json:"total"`
			Hits []struct {
				Source struct {
					Incident incidents.Incident `json:"incident"`
				} `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return incidents.Result{}, fmt.Errorf("elastic: search incidents: %w", err)
	}
	r := incidents.Result{Total: out.Hits.Total.Value, Incidents: make([]incidents.Incident, 0, len(out.Hits.Hits))}
	for _, h := range out.Hits.Hits {
		r.Incidents = append(r.Incidents, h.Source.Incident)
	}
	return r, nil
}

// Close implements indexer.IncidentIndex.
func (in *Incidents) Close() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.closed = true
	return nil
}

// DeleteIncidentIndex removes the incident index and template of a prefix
// (tests).
func (in *Incidents) DeleteIncidentIndex(ctx context.Context) error {
	name := incidentsIndexName(in.cfg.IndexPrefix)
	res, err := in.es.Indices.Delete([]string{name}, in.es.Indices.Delete.WithContext(ctx))
	if err := check("delete incident index", res, err); err != nil {
		return err
	}
	closeBody(res)
	res, err = in.es.Indices.DeleteIndexTemplate(name, in.es.Indices.DeleteIndexTemplate.WithContext(ctx))
	if err := check("delete incident template", res, err); err != nil {
		return err
	}
	closeBody(res)
	return nil
}
