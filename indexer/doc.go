// Package indexer stores claimwatch Records in a search index and queries
// them: the last stage of the pipeline and the engine behind
// `claimwatch search`, alerts and exports.
//
// # Interface
//
// Index is the one interface every backend implements:
//
//	Put(ctx, recs)    store records idempotently by Record.ID (the article id,
//	                  so a replay overwrites instead of duplicating); returns
//	                  when the records are durable; per-record failures come
//	                  back as *BulkError, each ItemError flagged Permanent
//	                  (mapping/validation: dead-letter it) or transient (retry)
//	Get(ctx, id)      the record exactly as it was put
//	Count(ctx)        number of stored records
//	Search(ctx, q)    filters, free text, facets, paging
//	Close()
//
// A permanent ItemError matches pipeline.ErrPermanent; a *BulkError matches
// it only when all its items are permanent, so a runner that looks at the
// error of a whole batch never dead-letters a record that could succeed.
// Any error from Put other than a *BulkError means nothing was stored.
//
// # Backends
//
// Bleve (OpenBleve) is the embedded default: an on-disk bleve v2 (scorch)
// index in one folder, nothing to install; Put waits until its batch is
// persisted. The Elasticsearch 8 backend (package indexer/elastic:
// go-elasticsearch v8, esutil.BulkIndexer, _id = Record.ID, an index
// template with the same field names as the document below) implements the
// same interface, so the pipeline and the CLI switch backends by
// configuration only. conformance_test.go holds the behaviour every backend
// must show, written against Index alone.
//
// # Document
//
// A Record is flattened into one document (see doc in document.go):
//
//	title, text      English analyser (stemming, stop words), term vectors for phrases
//	source, lang, host, groups, claim_status, claim_pair, incident_type,
//	country, month   keywords (exact terms, doc values for facets)
//	published        datetime (Article.Published parsed, in UTC)
//	location         geopoints of the incidents
//	record           the full record JSON, stored and not indexed: Get and
//	                 search hits are decoded from it
//
// groups holds the ids of every group mentioned or named in a claim;
// claim_pair holds "group:status" for each claim with a group, so that a
// group filter combined with a status filter matches the same claim
// ("iskp:claimed"), not one group mentioned and another group claiming.
// Records without a parseable published date are not given one: date
// filters never match them and they sort last.
//
// # Query
//
// ParseQuery reads the small syntax of `claimwatch search`:
//
//	group:iskp status:claimed type:bombing country:AF since:2021-01 until:2021 "suicide bomber" kabul
//
// Values of one key are ORed (repeat the key or separate values with
// commas), keys are ANDed, every free-text word (after stemming; stop words
// drop out) must be in the title or the text and every phrase in one of
// them.
// Hits are ordered by relevance when there is free text, else newest first.
// Facets (group, status, type, country, month) count matching records.
// FormatText renders a Result for a terminal.
//
// The mapping carries MappingVersion; an index built with another version
// is refused (ErrMappingVersion) and must be rebuilt by replaying the
// RECORDS stream.
package indexer
