package indexer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/claimwatch/claimwatch/pipeline"
)

// ElasticConfig configures the Elasticsearch 8 backend.
type ElasticConfig struct {
	Addresses []string `json:"addresses" yaml:"addresses"` // e.g. http://localhost:9200
	Username  string   `json:"username,omitempty" yaml:"username,omitempty"`
	Password  string   `json:"password,omitempty" yaml:"password,omitempty"`
	APIKey    string   `json:"api_key,omitempty" yaml:"api_key,omitempty"`
	// Alias is the name that readers and writers use; it points at the
	// concrete index "<Alias>-v<MappingVersion>". Default "claimwatch-records".
	Alias string `json:"alias" yaml:"alias"`
	// NumWorkers and FlushBytes tune esutil.BulkIndexer (defaults 2, 5 MB).
	NumWorkers int `json:"num_workers" yaml:"num_workers"`
	FlushBytes int `json:"flush_bytes" yaml:"flush_bytes"`
	// Refresh is the Bulk API refresh parameter: "" (default: visible
	// within the index refresh interval), "wait_for" or "true".
	Refresh string `json:"refresh,omitempty" yaml:"refresh,omitempty"`
	// MaxRetries of a request answered 429, 502, 503 or 504, with
	// exponential backoff (default 5).
	MaxRetries int `json:"max_retries" yaml:"max_retries"`
	// Shards and Replicas of a newly created index (defaults 1 and 0).
	Shards   int `json:"shards" yaml:"shards"`
	Replicas int `json:"replicas" yaml:"replicas"`
}

// withDefaults fills the zero fields of c.
func (c ElasticConfig) withDefaults() ElasticConfig {
	if c.Alias == "" {
		c.Alias = "claimwatch-records"
	}
	if c.NumWorkers <= 0 {
		c.NumWorkers = 2
	}
	if c.FlushBytes <= 0 {
		c.FlushBytes = 5 << 20
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = 5
	}
	if c.Shards <= 0 {
		c.Shards = 1
	}
	return c
}

// Elastic is the Elasticsearch Index. Documents are written with
// _id = Record.ID through esutil.BulkIndexer, so a replay overwrites.
type Elastic struct {
	es     *elasticsearch.Client
	cfg    ElasticConfig
	log    *slog.Logger
	closed atomic.Bool
}

var _ Index = (*Elastic)(nil)

// OpenElastic connects to Elasticsearch, installs the index template and
// creates the index and its alias when missing. An existing index built
// with another MappingVersion is refused with ErrMappingVersion.
func OpenElastic(ctx context.Context, cfg ElasticConfig, log *slog.Logger) (*Elastic, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	if len(cfg.Addresses) == 0 {
		return nil, fmt.Errorf("indexer: elasticsearch: %w: no addresses", pipeline.ErrBadConfig)
	}
	es, err := elasticsearch.NewClient(elasticsearch.Config{
		Addresses:     cfg.Addresses,
		Username:      cfg.Username,
		Password:      cfg.Password,
		APIKey:        cfg.APIKey,
		RetryOnStatus: []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout},
		MaxRetries:    cfg.MaxRetries,
		RetryBackoff: func(attempt int) time.Duration {
			return min(100*time.Millisecond<<attempt, 10*time.Second)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("indexer: elasticsearch client: %w", err)
	}
	e := &Elastic{es: es, cfg: cfg, log: log}
	if err := e.ensureIndex(ctx); err != nil {
		return nil, err
	}
	log.Info("elasticsearch index ready", "alias", cfg.Alias, "mapping_version", MappingVersion)
	return e, nil
}

// concreteIndex is the versioned index behind the alias.
func (e *Elastic) concreteIndex() string { return e.cfg.Alias + "-v" + MappingVersion }

// ensureIndex installs the template and creates the index with its alias.
func (e *Elastic) ensureIndex(ctx context.Context) error {
	tmpl, _ := json.Marshal(esTemplate(e.cfg))
	res, err := e.es.Indices.PutIndexTemplate(e.cfg.Alias+"-template", bytes.NewReader(tmpl),
		e.es.Indices.PutIndexTemplate.WithContext(ctx))
	if err := esCheck("put index template", res, err); err != nil {
		return err
	}
	res, err = e.es.Indices.ExistsAlias([]string{e.cfg.Alias}, e.es.Indices.ExistsAlias.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("indexer: elasticsearch alias: %w", err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		body, _ := json.Marshal(map[string]any{"aliases": map[string]any{e.cfg.Alias: map[string]any{"is_write_index": true}}})
		res, err = e.es.Indices.Create(e.concreteIndex(), e.es.Indices.Create.WithBody(bytes.NewReader(body)),
			e.es.Indices.Create.WithContext(ctx))
		if err := esCheck("create index", res, err); err != nil && !strings.Contains(err.Error(), "resource_already_exists_exception") {
			return err
		}
		return nil
	}
	// The alias exists: check the mapping version of what it points to.
	res, err = e.es.Indices.GetMapping(e.es.Indices.GetMapping.WithIndex(e.cfg.Alias), e.es.Indices.GetMapping.WithContext(ctx))
	if err := esCheck("get mapping", res, err); err != nil {
		return err
	}
	var mappings map[string]struct {
		Mappings struct {
			Meta map[string]any `json:"_meta"`
		} `json:"mappings"`
	}
	if err := json.NewDecoder(res.Body).Decode(&mappings); err != nil {
		return fmt.Errorf("indexer: elasticsearch get mapping: %w", err)
	}
	for name, m := range mappings {
		if v, _ := m.Mappings.Meta["mapping_version"].(string); v != MappingVersion {
			return fmt.Errorf("%w: elasticsearch index %s has version %q, this build uses %q; reindex into %s",
				ErrMappingVersion, name, v, MappingVersion, e.concreteIndex())
		}
	}
	return nil
}

// esTemplate is the index template: the same fields as the bleve mapping.
// title and text are indexed but left out of _source: the record object
// already holds them.
func esTemplate(cfg ElasticConfig) map[string]any {
	kw := map[string]any{"type": "keyword"}
	text := map[string]any{"type": "text", "analyzer": "english"}
	props := map[string]any{
		"id":             kw,
		fieldTitle:       text,
		fieldText:        text,
		fieldSource:      kw,
		fieldLang:        kw,
		fieldHost:        kw,
		fieldGroups:      kw,
		fieldClaimStatus: kw,
		fieldClaimPair:   kw,
		fieldType:        kw,
		fieldCountry:     kw,
		fieldMonth:       kw,
		fieldPublished:   map[string]any{"type": "date"},
		fieldLocation:    map[string]any{"type": "geo_point"},
		fieldRecord:      map[string]any{"type": "object", "enabled": false},
	}
	return map[string]any{
		"index_patterns": []string{cfg.Alias + "-v*"},
		"priority":       100,
		"template": map[string]any{
			"settings": map[string]any{"number_of_shards": cfg.Shards, "number_of_replicas": cfg.Replicas},
			"mappings": map[string]any{
				"dynamic":    "false",
				"_meta":      map[string]any{"mapping_version": MappingVersion},
				"_source":    map[string]any{"excludes": []string{fieldTitle, fieldText}},
				"properties": props,
			},
		},
	}
}

// esDoc is the document sent to Elasticsearch: doc with the record as an
// object (not indexed) instead of a JSON string, and the id as a field for
// a stable sort.
type esDoc struct {
	*doc
	ID     string          `json:"id"`
	Record json.RawMessage `json:"record"`
}

// Put implements Index with one esutil.BulkIndexer per call, closed (and
// so flushed) before Put returns. Item failures with status 400-499 other
// than 404, 408 and 429 are permanent; transport errors, 429 and 5xx are
// transient (the client has already retried them with backoff).
func (e *Elastic) Put(ctx context.Context, recs []pipeline.Record) error {
	if e.closed.Load() {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(recs) == 0 {
		return nil
	}
	start := time.Now()
	bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client:        e.es,
		Index:         e.cfg.Alias,
		NumWorkers:    e.cfg.NumWorkers,
		FlushBytes:    e.cfg.FlushBytes,
		FlushInterval: time.Hour, // Close flushes
		Refresh:       e.cfg.Refresh,
		OnError: func(_ context.Context, err error) {
			e.log.Warn("elasticsearch bulk", "err", err)
		},
	})
	if err != nil {
		return fmt.Errorf("indexer: bulk indexer: %w", err)
	}
	const (
		pending = iota
		added
		ok
		failed
	)
	var (
		mu     sync.Mutex
		state  = make([]int, len(recs))
		errsOf = make([]ItemError, len(recs))
	)
	fail := func(i int, it ItemError) {
		mu.Lock()
		defer mu.Unlock()
		state[i], errsOf[i] = failed, it
	}
	for i := range recs {
		r := &recs[i]
		d, err := newDoc(r)
		var body []byte
		if err == nil {
			body, err = json.Marshal(esDoc{doc: d, ID: r.ID, Record: json.RawMessage(d.Record)})
		}
		if err != nil {
			fail(i, ItemError{ID: r.ID, Index: i, Permanent: true, Err: err})
			continue
		}
		i, id := i, r.ID
		mu.Lock()
		state[i] = added
		mu.Unlock()
		err = bi.Add(ctx, esutil.BulkIndexerItem{
			Action:     "index",
			DocumentID: id,
			Body:       bytes.NewReader(body),
			OnSuccess: func(context.Context, esutil.BulkIndexerItem, esutil.BulkIndexerResponseItem) {
				mu.Lock()
				defer mu.Unlock()
				state[i] = ok
			},
			OnFailure: func(_ context.Context, _ esutil.BulkIndexerItem, res esutil.BulkIndexerResponseItem, err error) {
				fail(i, esItemError(id, i, res, err))
			},
		})
		if err != nil {
			fail(i, ItemError{ID: id, Index: i, Err: err})
		}
	}
	closeErr := bi.Close(context.WithoutCancel(ctx))
	var items []ItemError
	for i := range recs {
		switch state[i] {
		case failed:
			items = append(items, errsOf[i])
		case added: // never answered
			err := closeErr
			if err == nil {
				err = errors.New("no bulk response for item")
			}
			items = append(items, ItemError{ID: recs[i].ID, Index: i, Err: err})
		}
	}
	st := bi.Stats()
	e.log.Debug("elasticsearch put", "records", len(recs), "indexed", st.NumIndexed, "failed", len(items), "took", time.Since(start))
	if len(items) > 0 {
		return &BulkError{Items: items}
	}
	return nil
}

// esItemError classifies a failed bulk item.
func esItemError(id string, i int, res esutil.BulkIndexerResponseItem, err error) ItemError {
	if err != nil {
		return ItemError{ID: id, Index: i, Err: err}
	}
	s := res.Status
	permanent := s >= 400 && s < 500 && s != http.StatusNotFound && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
	cause := fmt.Errorf("status %d: %s: %s", s, res.Error.Type, res.Error.Reason)
	if permanent {
		cause = fmt.Errorf("%w: %v", ErrInvalidRecord, cause)
	}
	return ItemError{ID: id, Index: i, Permanent: permanent, Err: cause}
}

// Get implements Index.
func (e *Elastic) Get(ctx context.Context, id string) (pipeline.Record, bool, error) {
	if e.closed.Load() {
		return pipeline.Record{}, false, ErrClosed
	}
	res, err := e.es.Get(e.cfg.Alias, id, e.es.Get.WithContext(ctx), e.es.Get.WithSourceIncludes(fieldRecord))
	if err != nil {
		return pipeline.Record{}, false, fmt.Errorf("indexer: elasticsearch get %q: %w", id, err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return pipeline.Record{}, false, nil
	}
	if err := esCheck("get", res, nil); err != nil {
		return pipeline.Record{}, false, err
	}
	var body struct {
		Found  bool `json:"found"`
		Source struct {
			Record *pipeline.Record `json:"record"`
		} `json:"_source"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return pipeline.Record{}, false, fmt.Errorf("indexer: elasticsearch get %q: decode: %w", id, err)
	}
	if !body.Found || body.Source.Record == nil {
		return pipeline.Record{}, false, nil
	}
	return *body.Source.Record, true, nil
}

// Count implements Index.
func (e *Elastic) Count(ctx context.Context) (int, error) {
	if e.closed.Load() {
		return 0, ErrClosed
	}
	res, err := e.es.Count(e.es.Count.WithIndex(e.cfg.Alias), e.es.Count.WithContext(ctx))
	if err := esCheck("count", res, err); err != nil {
		return 0, err
	}
	defer res.Body.Close()
	var body struct {
		Count int `json:"count"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("indexer: elasticsearch count: %w", err)
	}
	return body.Count, nil
}

// Search implements Index with the same semantics as Bleve.Search.
func (e *Elastic) Search(ctx context.Context, q Query) (Result, error) {
	if e.closed.Load() {
		return Result{}, ErrClosed
	}
	body, err := esSearchBody(q)
	if err != nil {
		return Result{}, err
	}
	raw, _ := json.Marshal(body)
	res, err := e.es.Search(e.es.Search.WithIndex(e.cfg.Alias), e.es.Search.WithBody(bytes.NewReader(raw)),
		e.es.Search.WithContext(ctx))
	if err := esCheck("search", res, err); err != nil {
		return Result{}, err
	}
	defer res.Body.Close()
	var sr struct {
		Hits struct {
			Total struct {
				Value int `json:"value"`
			} `json:"total"`
			Hits []struct {
				ID     string  `json:"_id"`
				Score  float64 `json:"_score"`
				Source struct {
					Record pipeline.Record `json:"record"`
				} `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
		Aggregations map[string]struct {
			Buckets []struct {
				Key      string `json:"key"`
				DocCount int    `json:"doc_count"`
			} `json:"buckets"`
		} `json:"aggregations"`
	}
	if err := json.NewDecoder(res.Body).Decode(&sr); err != nil {
		return Result{}, fmt.Errorf("indexer: elasticsearch search: decode: %w", err)
	}
	out := Result{Total: sr.Hits.Total.Value, Hits: make([]Hit, 0, len(sr.Hits.Hits))}
	for _, h := range sr.Hits.Hits {
		out.Hits = append(out.Hits, hitFromRecord(&h.Source.Record, h.Score))
	}
	if q.Facets {
		out.Facets = make(map[string][]FacetCount, len(facetFields))
		for name := range facetFields {
			counts := []FacetCount{}
			for _, b := range sr.Aggregations[name].Buckets {
				counts = append(counts, FacetCount{Term: b.Key, Count: b.DocCount})
			}
			sortFacet(name, counts)
			out.Facets[name] = counts
		}
	}
	return out, nil
}

// esSearchBody translates q into a Search API body.
func esSearchBody(q Query) (map[string]any, error) {
	size, from, err := pageOf(q)
	if err != nil {
		return nil, err
	}
	fields := []string{fmt.Sprintf("%s^%g", fieldTitle, titleBoost), fieldText}
	var must []any
	words, phrases := textParts(q.Text)
	if len(words) > 0 {
		must = append(must, map[string]any{"multi_match": map[string]any{
			"query": strings.Join(words, " "), "fields": fields, "type": "cross_fields",
			"operator": "and", "zero_terms_query": "all",
		}})
	}
	for _, p := range phrases {
		must = append(must, map[string]any{"multi_match": map[string]any{"query": p, "fields": fields, "type": "phrase"}})
	}
	var filter []any
	f := filtersOf(q)
	for _, tf := range f.terms {
		filter = append(filter, map[string]any{"terms": map[string]any{tf.field: tf.terms}})
	}
	if f.hasDates() {
		r := map[string]any{}
		if !f.since.IsZero() {
			r["gte"] = f.since.UTC().Format(time.RFC3339Nano)
		}
		if !f.until.IsZero() {
			r["lte"] = f.until.UTC().Format(time.RFC3339Nano)
		}
		filter = append(filter, map[string]any{"range": map[string]any{fieldPublished: r}})
	}
	byDate := map[string]any{fieldPublished: map[string]any{"order": "desc", "missing": "_last"}}
	sort := []any{byDate, map[string]any{"id": "asc"}}
	if len(words)+len(phrases) > 0 {
		sort = append([]any{"_score"}, sort...)
	}
	body := map[string]any{
		"size":             size,
		"from":             from,
		"track_total_hits": true,
		"_source":          []string{fieldRecord},
		"sort":             sort,
		"query": map[string]any{"bool": map[string]any{
			"must":   orMatchAll(must),
			"filter": filter,
		}},
	}
	if q.Facets {
		aggs := map[string]any{}
		for name, field := range facetFields {
			n := facetSize
			if name == FacetMonth {
				n = monthFacetSize
			}
			aggs[name] = map[string]any{"terms": map[string]any{"field": field, "size": n}}
		}
		body["aggs"] = aggs
	}
	return body, nil
}

func orMatchAll(must []any) []any {
	if len(must) == 0 {
		return []any{map[string]any{"match_all": map[string]any{}}}
	}
	return must
}

// Close implements Index.
func (e *Elastic) Close() error {
	e.closed.Store(true) // the client holds no resources beyond idle connections
	return nil
}

// esCheck turns a transport error or an error response into an error. On
// success it leaves res.Body for the caller.
func esCheck(op string, res *esapi.Response, err error) error {
	if err != nil {
		return fmt.Errorf("indexer: elasticsearch %s: %w", op, err)
	}
	if !res.IsError() {
		return nil
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
	return fmt.Errorf("indexer: elasticsearch %s: %s: %s", op, res.Status(), bytes.TrimSpace(msg))
}
