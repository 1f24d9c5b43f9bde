// Package elastic is the Elasticsearch 8 backend of indexer.Index
// (go-elasticsearch v8, esutil.BulkIndexer).
//
//	idx, err := elastic.Open(ctx, elastic.Config{URLs: []string{"http://127.0.0.1:9200"}}, log)
//
// # Writing
//
// Put sends one "index" action per record with _id = Record.ID, so a
// replay or a re-crawl overwrites instead of duplicating. All Puts share
// one BulkIndexer (Workers concurrent bulk requests, flushed at FlushBytes,
// every FlushInterval, at most 1 s, and at the end of every Put, whose
// caller is waiting), so concurrent Puts share bulk requests; each Put
// registers OnSuccess/OnFailure on its items and returns only when every
// one of them has an answer. Throughput on a small machine is bound by
// Elasticsearch's CPU per record, not by the client (docs/benchmarks.md):
// run the index stage with two or more runner workers so that a Put is
// being encoded while another one's bulk requests are indexed, and see
// Config.RefreshInterval and Config.TranslogDurability. Failed items come
// back in an *indexer.BulkError: a 4xx item status other than 408/429
// (mapping or parse error, strict mapping) is Permanent (and wraps
// indexer.ErrInvalidRecord), so the stage dead-letters the record; 408,
// 429, 5xx and transport errors are transient and the runner retries. The
// client itself retries requests answered 429/502/503/504 or failing to
// connect, MaxRetries times with exponential backoff: retries happen in
// the client, not in Put. Within one call the last copy of an id wins.
//
// # Index layout: one versioned index behind an alias
//
// Open installs, idempotently, a composable index template named
// "<prefix>-v<TemplateVersion>" and creates the index
// "<prefix>-v<TemplateVersion>" with the alias "<prefix>" (the write
// index); everything reads and writes through the alias. Monthly indices
// were rejected: the document id must always map to the same index for
// replays to overwrite, and neither the published month (missing or
// corrected on a re-crawl) nor the ingest month (rollover) is stable per
// id, so monthly indices would duplicate records. The volume (news
// articles) fits one index with a few shards. A mapping change bumps
// TemplateVersion: the new index is filled by replaying the RECORDS
// stream, then the alias moves; Open refuses an alias that points at
// another version (ErrSetup, indexer.ErrMappingVersion).
//
// # Mapping
//
// The flat fields have the names and values of the bleve backend's
// document (indexer/document.go; its flattening function is unexported,
// so newDocument here is an equivalent, kept equal by the parity test):
// title and text (English analysis, title with a title.keyword subfield;
// text has none, since whole article texts exceed keyword limits),
// keywords source, lang, host, groups, claim_status, claim_pair
// ("group:status"), incident_type, country, month, the date published and
// the geo_point location. Elasticsearch indexes more: url, authors,
// fetched_at, extracted_at, killed and injured (sums over incidents) and
// three nested objects for Kibana and per-item queries: mentions (group
// id, name, kind, number of mentions), claims (group id/name/kind, status,
// certainty, incident, source, channel, confidence, evidence) and
// incidents (id, type, date, place, country, geo_point location, killed,
// injured, suicide, targets). The full record is kept in "record", an
// object with enabled:false (stored in _source, not indexed), without its
// article text, which _source holds once, in "text"; Get and Scan put the
// two back together, so they return the record exactly as it was put.
// Title and text have no term vectors (nothing reads them). Dynamic
// mapping is off. Dates and points
// are parsed and checked before sending, and date/number fields ignore
// malformed values, so a record fails a mapping only on an index whose
// mapping was changed behind the backend's back.
//
// The analyser of title and text copies bleve's "en": possessive filter,
// lower case, bleve's (Snowball) English stop words, Porter stemming. The
// minimal integ-test distribution used by the tests (see
// deployments/elasticsearch) lacks the analysis-common module: Open probes
// for it and, without it, installs the analyser without possessive and
// stem filters (logged as a warning; words then match only their exact
// form). Every standard Elasticsearch distribution has the module.
//
// # Searching
//
// Search translates indexer.Query as the bleve backend does: filters in a
// bool filter (group+status pairs via claim_pair, a range on published),
// free-text words in one multi_match (cross_fields, operator and, title
// boosted 2x), each phrase a phrase multi_match; relevance first with free
// text, else newest first with undated records last and ties by id; facets
// are terms aggregations on groups, claim_status, incident_type, country
// and month.
//
// # Scanning (exports)
//
// Scan (indexer.Scanner) streams every record matching a query in
// ascending id order with a point in time and search_after on the id
// keyword: one page in memory, resumable from the last id, one cheap
// search per page however deep. `claimwatch export` uses it when
// index.backend is elasticsearch.
//
// # Tests
//
// The tests that need a cluster run only with ES_URL set, e.g.
//
//	eval "$(bash deployments/elasticsearch/start.sh)"
//	go test ./indexer/elastic/
//	bash deployments/elasticsearch/stop.sh
package elastic
