package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Index is the Elasticsearch implementation of indexer.Index. It is safe
// for concurrent use.
type Index struct {
	cfg   Config
	log   *slog.Logger
	es    *elasticsearch.Client
	alias string // read and write alias (cfg.IndexPrefix)

	stemming bool // the text analyser stems (see analysis)

	mu     sync.RWMutex // read: operations; write: Close
	bulk   esutil.BulkIndexer
	closed bool
}

var _ indexer.Index = (*Index)(nil)

// Open connects to Elasticsearch and installs, idempotently, the versioned
// index template, the index indexName(prefix) and the write alias prefix.
// An alias that points at an index of another TemplateVersion is refused
// (ErrSetup and indexer.ErrMappingVersion): reindex first. A nil log
// discards.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Index, error) {
	x, err := newIndex(cfg, log)
	if err != nil {
		return nil, err
	}
	if err := x.setup(ctx); err != nil {
		_ = x.Close()
		return nil, err
	}
	x.log.Info("elasticsearch index ready", "alias", x.alias, "index", indexName(x.cfg.IndexPrefix),
		"template_version", TemplateVersion, "stemming", x.stemming)
	return x, nil
}

// newIndex builds the client and the shared bulk indexer, without talking
// to the cluster.
func newIndex(cfg Config, log *slog.Logger) (*Index, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	var caCert []byte
	if cfg.CAFile != "" {
		if caCert, err = os.ReadFile(cfg.CAFile); err != nil {
			return nil, fmt.Errorf("%w: ca_file: %v", ErrSetup, err)
		}
	}
	es, err := elasticsearch.NewClient(elasticsearch.Config{
		Addresses:               cfg.URLs,
		Username:                cfg.Username,
		Password:                cfg.Password,
		APIKey:                  cfg.APIKey,
		CACert:                  caCert,
		CertificateFingerprint:  cfg.CertificateFingerprint,
		EnableCompatibilityMode: cfg.CompatibilityMode,
		RetryOnStatus:           []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusTooManyRequests},
		MaxRetries:              cfg.MaxRetries,
		RetryBackoff:            cfg.backoff,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: client: %v", ErrSetup, err)
	}
	x := &Index{cfg: cfg, log: log, es: es, alias: cfg.IndexPrefix}
	x.bulk, err = esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client:        es,
		Index:         x.alias,
		NumWorkers:    cfg.Workers,
		FlushBytes:    cfg.FlushBytes,
		FlushInterval: cfg.FlushInterval,
		Refresh:       cfg.Refresh,
		OnError: func(_ context.Context, err error) {
			log.Warn("elasticsearch bulk request failed", "err", err)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("%w: bulk indexer: %v", ErrSetup, err)
	}
	return x, nil
}

// setup probes the analysis module, installs the template and makes sure
// the versioned index exists behind the alias.
func (x *Index) setup(ctx context.Context) error {
	stem, err := x.hasStemmer(ctx)
	if err != nil {
		return err
	}
	x.stemming = stem
	if !stem {
		x.log.Warn("elasticsearch has no analysis-common module (porter_stem): free text is matched unstemmed")
	}
	prefix := x.cfg.IndexPrefix
	body, _ := json.Marshal(indexTemplate(x.cfg, stem))
	res, err := x.es.Indices.PutIndexTemplate(templateName(prefix), bytes.NewReader(body), x.es.Indices.PutIndexTemplate.WithContext(ctx))
	if err := check("put index template", res, err); err != nil {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	closeBody(res)

	// Which indices does the alias point at?
	res, err = x.es.Indices.GetAlias(x.es.Indices.GetAlias.WithName(x.alias), x.es.Indices.GetAlias.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("%w: get alias: %v", ErrSetup, err)
	}
	var aliases map[string]json.RawMessage
	switch {
	case res.StatusCode == http.StatusNotFound:
		closeBody(res)
	case res.IsError():
		return fmt.Errorf("%w: %v", ErrSetup, check("get alias", res, nil))
	default:
		err := json.NewDecoder(res.Body).Decode(&aliases)
		closeBody(res)
		if err != nil {
			return fmt.Errorf("%w: get alias: %v", ErrSetup, err)
		}
	}
	want := indexName(prefix)
	for name := range aliases {
		if name != want {
			return fmt.Errorf("%w: %w: alias %s points at %s, this build writes %s (template version %d); reindex into %s and move the alias",
				ErrSetup, indexer.ErrMappingVersion, x.alias, name, want, TemplateVersion, want)
		}
	}
	if len(aliases) > 0 {
		if err := x.checkVersion(ctx, want); err != nil {
			return err
		}
		return x.applySettings(ctx, want)
	}
	body, _ = json.Marshal(map[string]any{"aliases": map[string]any{x.alias: map[string]any{"is_write_index": true}}})
	res, err = x.es.Indices.Create(want, x.es.Indices.Create.WithBody(bytes.NewReader(body)), x.es.Indices.Create.WithContext(ctx))
	if err = check("create index", res, err); err == nil {
		closeBody(res)
		x.log.Info("elasticsearch index created", "index", want, "alias", x.alias)
		return nil
	}
	if !strings.Contains(err.Error(), "resource_already_exists_exception") {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	// The index exists (created by a concurrent Open, or without its
	// alias): add the alias, which is idempotent.
	if err := x.checkVersion(ctx, want); err != nil {
		return err
	}
	res, err = x.es.Indices.PutAlias([]string{want}, x.alias, x.es.Indices.PutAlias.WithBody(strings.NewReader(`{"is_write_index":true}`)),
		x.es.Indices.PutAlias.WithContext(ctx))
	if err := check("put alias", res, err); err != nil {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	closeBody(res)
	return x.applySettings(ctx, want)
}

// applySettings sets the configured dynamic settings (refresh interval,
// translog durability) on an existing index; a new index has them from
// the template.
func (x *Index) applySettings(ctx context.Context, index string) error {
	s := dynamicSettings(x.cfg)
	if len(s) == 0 {
		return nil
	}
	body, _ := json.Marshal(s)
	res, err := x.es.Indices.PutSettings(bytes.NewReader(body), x.es.Indices.PutSettings.WithIndex(index),
		x.es.Indices.PutSettings.WithContext(ctx))
	if err := check("put settings", res, err); err != nil {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	closeBody(res)
	return nil
}

// checkVersion refuses an index whose mapping carries another version.
func (x *Index) checkVersion(ctx context.Context, index string) error {
	res, err := x.es.Indices.GetMapping(x.es.Indices.GetMapping.WithIndex(index), x.es.Indices.GetMapping.WithContext(ctx))
	if err := check("get mapping", res, err); err != nil {
		return fmt.Errorf("%w: %v", ErrSetup, err)
	}
	defer closeBody(res)
	var m map[string]struct {
		Mappings struct {
			Meta struct {
				Version  int   `json:"template_version"`
				Stemming *bool `json:"stemming"`
			} `json:"_meta"`
		} `json:"mappings"`
	}
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		return fmt.Errorf("%w: get mapping: %v", ErrSetup, err)
	}
	for name, im := range m {
		if im.Mappings.Meta.Version != TemplateVersion {
			return fmt.Errorf("%w: %w: index %s has template version %d, this build uses %d; reindex",
				ErrSetup, indexer.ErrMappingVersion, name, im.Mappings.Meta.Version, TemplateVersion)
		}
		if s := im.Mappings.Meta.Stemming; s != nil {
			x.stemming = *s // what the index was built with
		}
	}
	return nil
}

// hasStemmer reports whether the cluster has the porter_stem filter (the
// analysis-common module, present in every standard distribution).
func (x *Index) hasStemmer(ctx context.Context) (bool, error) {
	res, err := x.es.Indices.Analyze(x.es.Indices.Analyze.WithBody(strings.NewReader(
		`{"tokenizer":"standard","filter":["porter_stem"],"text":"attacks"}`)), x.es.Indices.Analyze.WithContext(ctx))
	if err != nil {
		return false, fmt.Errorf("%w: %v", ErrSetup, err)
	}
	defer closeBody(res)
	switch {
	case res.StatusCode == http.StatusBadRequest:
		return false, nil
	case res.IsError():
		return false, fmt.Errorf("%w: %v", ErrSetup, check("analyze", res, nil))
	}
	return true, nil
}

// Put implements indexer.Index. Every record becomes one "index" action
// with _id = Record.ID on the shared bulk indexer; Put then flushes the
// indexer (its items go out at once, in bulk requests of at most
// FlushBytes, on Workers connections) and waits until each of its items
// has succeeded or failed. Put is safe to call concurrently: the items of
// concurrent Puts share the bulk requests. Within one call the last copy of an
// id wins. Item failures: 4xx other than 408 and 429 (mapping, parsing,
// validation) are permanent; 408, 429, 5xx and transport errors (after the
// client's retries) are transient. A cancelled ctx makes the items still
// unanswered transient failures.
func (x *Index) Put(ctx context.Context, recs []pipeline.Record) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return indexer.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(recs) == 0 {
		return nil
	}
	start := time.Now()
	last := make(map[string]int, len(recs))
	for i := range recs {
		last[recs[i].ID] = i
	}
	var (
		mu      sync.Mutex
		failed  = map[int]indexer.ItemError{}
		pending = map[int]bool{}
		wg      sync.WaitGroup
	)
	finish := func(i int, it *indexer.ItemError) {
		mu.Lock()
		defer mu.Unlock()
		if !pending[i] {
			return // already reported (Put gave up on ctx)
		}
		delete(pending, i)
		if it != nil {
			failed[i] = *it
		}
		wg.Done()
	}
	for i := range recs {
		r := &recs[i]
		if last[r.ID] != i {
			continue // a later copy in this call wins
		}
		d, err := newDocument(r)
		var body []byte
		if err == nil {
			body, err = d.encode()
		}
		if err != nil {
			if !errors.Is(err, indexer.ErrInvalidRecord) {
				err = fmt.Errorf("%w: %v", indexer.ErrInvalidRecord, err)
			}
			failed[i] = indexer.ItemError{ID: r.ID, Index: i, Permanent: true, Err: err}
			continue
		}
		mu.Lock()
		pending[i] = true
		mu.Unlock()
		wg.Add(1)
		i, id := i, r.ID
		err = x.bulk.Add(ctx, esutil.BulkIndexerItem{
			Action:     "index",
			DocumentID: id,
			Body:       bytes.NewReader(body),
			OnSuccess: func(context.Context, esutil.BulkIndexerItem, esutil.BulkIndexerResponseItem) {
				finish(i, nil)
			},
			OnFailure: func(_ context.Context, _ esutil.BulkIndexerItem, res esutil.BulkIndexerResponseItem, err error) {
				it := itemError(id, i, res, err)
				finish(i, &it)
			},
		})
		if err != nil {
			finish(i, &indexer.ItemError{ID: id, Index: i, Err: fmt.Errorf("bulk add: %w", err)})
		}
	}
	mu.Lock()
	waiting := len(pending)
	mu.Unlock()
	if waiting > 0 {
		// Send the buffered items now instead of at the next FlushInterval
		// tick: nothing else will join them while this Put waits (one Put
		// per runner worker), and the ack of every message waits for them.
		// Items of concurrent Puts in the buffers go along.
		if err := x.bulk.Flush(ctx); err != nil && ctx.Err() == nil {
			x.log.Warn("elasticsearch bulk flush failed", "err", err)
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		mu.Lock()
		for i := range pending {
			failed[i] = indexer.ItemError{ID: recs[i].ID, Index: i, Err: fmt.Errorf("no bulk response: %w", ctx.Err())}
			delete(pending, i)
			wg.Done()
		}
		mu.Unlock()
	}
	mu.Lock()
	defer mu.Unlock()
	x.log.Debug("elasticsearch put", "records", len(recs), "failed", len(failed), "took", time.Since(start))
	if len(failed) == 0 {
		return nil
	}
	be := &indexer.BulkError{Items: make([]indexer.ItemError, 0, len(failed))}
	for i := range recs {
		if it, ok := failed[i]; ok {
			be.Items = append(be.Items, it)
		}
	}
	return be
}

// itemError classifies a failed bulk item.
func itemError(id string, i int, res esutil.BulkIndexerResponseItem, err error) indexer.ItemError {
	if err != nil { // the whole bulk request failed: transport, or an error response
		return indexer.ItemError{ID: id, Index: i, Err: fmt.Errorf("bulk request: %w", err)}
	}
	s := res.Status
	cause := fmt.Errorf("status %d: %s: %s", s, res.Error.Type, res.Error.Reason)
	if res.Error.Cause.Reason != "" {
		cause = fmt.Errorf("%w (caused by %s: %s)", cause, res.Error.Cause.Type, res.Error.Cause.Reason)
	}
	if permanentStatus(s) {
		return indexer.ItemError{ID: id, Index: i, Permanent: true, Err: fmt.Errorf("%w: %v", indexer.ErrInvalidRecord, cause)}
	}
	return indexer.ItemError{ID: id, Index: i, Err: cause}
}

// permanentStatus: a 4xx item status other than 408 and 429 can never
// succeed on retry (mapper_parsing_exception, strict mapping, too large).
func permanentStatus(s int) bool {
	return s >= 400 && s < 500 && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
}

// Get implements indexer.Index: the record from the stored _source.
func (x *Index) Get(ctx context.Context, id string) (pipeline.Record, bool, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return pipeline.Record{}, false, indexer.ErrClosed
	}
	res, err := x.es.Get(x.alias, id, x.es.Get.WithContext(ctx), x.es.Get.WithSourceIncludes(sourceFields...))
	if err != nil {
		return pipeline.Record{}, false, fmt.Errorf("elastic: get %q: %w", id, err)
	}
	defer closeBody(res)
	if res.StatusCode == http.StatusNotFound {
		return pipeline.Record{}, false, nil
	}
	if err := check("get", res, nil); err != nil {
		return pipeline.Record{}, false, err
	}
	var body struct {
		Found  bool         `json:"found"`
		Source storedSource `json:"_source"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return pipeline.Record{}, false, fmt.Errorf("elastic: get %q: decode: %w", id, err)
	}
	if !body.Found {
		return pipeline.Record{}, false, nil
	}
	r, ok := body.Source.record()
	return r, ok, nil
}

// Count implements indexer.Index.
func (x *Index) Count(ctx context.Context) (int, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return 0, indexer.ErrClosed
	}
	res, err := x.es.Count(x.es.Count.WithIndex(x.alias), x.es.Count.WithContext(ctx))
	if err := check("count", res, err); err != nil {
		return 0, err
	}
	defer closeBody(res)
	var body struct {
		Count int `json:"count"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("elastic: count: %w", err)
	}
	return body.Count, nil
}

// Refresh makes everything Put so far visible to Count and Search now,
// instead of within the index refresh interval (1 s): for a command that
// searches right after indexing. Put does not need it to be durable.
func (x *Index) Refresh(ctx context.Context) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return indexer.ErrClosed
	}
	res, err := x.es.Indices.Refresh(x.es.Indices.Refresh.WithIndex(x.alias), x.es.Indices.Refresh.WithContext(ctx))
	if err := check("refresh", res, err); err != nil {
		return err
	}
	closeBody(res)
	return nil
}

// Close flushes and stops the bulk indexer; later calls return
// indexer.ErrClosed.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := x.bulk.Close(ctx); err != nil {
		return fmt.Errorf("elastic: close bulk indexer: %w", err)
	}
	return nil
}

// check turns a transport error or an error response into an error; on
// success the caller reads and closes res.Body.
func check(op string, res *esapi.Response, err error) error {
	if err != nil {
		return fmt.Errorf("elastic: %s: %w", op, err)
	}
	if !res.IsError() {
		return nil
	}
	defer closeBody(res)
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
	return fmt.Errorf("elastic: %s: %s: %s", op, res.Status(), bytes.TrimSpace(msg))
}

func closeBody(res *esapi.Response) {
	if res != nil && res.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		_ = res.Body.Close()
	}
}
