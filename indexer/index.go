package indexer

import (
	"context"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Index is a searchable store of Records. It is implemented by the embedded
// bleve backend (Bleve) and, later, by Elasticsearch. Implementations are
// safe for concurrent use.
type Index interface {
	// Put stores records idempotently by Record.ID: a second Put of the same
	// id overwrites, never duplicates. It returns only when the records are
	// durably stored. Records that could not be stored are reported in a
	// *BulkError (each with a Permanent flag); all others were stored.
	Put(ctx context.Context, recs []pipeline.Record) error
	// Get returns the record stored under id exactly as it was put.
	Get(ctx context.Context, id string) (pipeline.Record, bool, error)
	// Count returns the number of stored records.
	Count(ctx context.Context) (int, error)
	// Search runs a query.
	Search(ctx context.Context, q Query) (Result, error)
	// Close releases the index; later calls return ErrClosed.
	Close() error
}

// Facet names: the keys of Result.Facets.
const (
	FacetGroup   = "group"
	FacetStatus  = "status"
	FacetType    = "type"
	FacetCountry = "country"
	FacetMonth   = "month"
)

// FacetNames lists the facets in display order.
func FacetNames() []string {
	return []string{FacetGroup, FacetStatus, FacetType, FacetCountry, FacetMonth}
}

// Default and maximum page sizes.
const (
	DefaultSize = 10
	MaxSize     = 1000
)

// Query is a search request. Values within one filter list are ORed; the
// lists are ANDed. When both Groups and Statuses are set they must hold for
// the same claim ("iskp claimed", not "iskp mentioned and someone claimed").
type Query struct {
	// Text is free text: words (all required, matched stemmed against title
	// and text; stop words alone constrain nothing) and double-quoted
	// phrases, e.g. `"suicide bomber" kabul`.
	Text      string
	Groups    []string  // group ids (any group mentioned, or claiming when Statuses is set)
	Statuses  []string  // claim statuses: claimed, denied, attributed, unclaimed
	Types     []string  // incident types (bombing, armed_assault, ...)
	Countries []string  // ISO 3166-1 alpha-2 codes of incident locations
	Since     time.Time // published at or after (zero: no bound)
	Until     time.Time // published at or before, inclusive (zero: no bound)
	Size      int       // page size; 0 means DefaultSize, capped at MaxSize
	From      int       // offset of the first hit
	Facets    bool      // compute Result.Facets
}

// Result is one page of hits. Total counts all matches.
type Result struct {
	Total  int
	Hits   []Hit
	Facets map[string][]FacetCount // keys: FacetGroup ... FacetMonth; nil unless Query.Facets
}

// Hit is a matching record, summarised.
type Hit struct {
	ID        string
	Score     float64
	Title     string
	URL       string
	Published string
	Groups    []string // ids of the groups mentioned
	Claims    []HitClaim
}

// HitClaim is one claim of a hit; GroupID is "" for "no group has claimed".
type HitClaim struct {
	GroupID string
	Status  string
}

// FacetCount is the number of matching records having Term. Month facets
// are in chronological order, the others by decreasing count.
type FacetCount struct {
	Term  string
	Count int
}

// hitFromRecord summarises a record for a result list.
func hitFromRecord(r *pipeline.Record, score float64) Hit {
	h := Hit{
		ID:        r.ID,
		Score:     score,
		Title:     r.Article.Title,
		URL:       r.Article.CanonicalURL,
		Published: r.Article.Published,
	}
	if h.URL == "" {
		h.URL = r.Article.URL
	}
	seen := map[string]bool{}
	for _, g := range r.Groups {
		if g.ID != "" && !seen[g.ID] {
			seen[g.ID] = true
			h.Groups = append(h.Groups, g.ID)
		}
	}
	for _, c := range r.Claims {
		hc := HitClaim{Status: c.Status}
		if c.GroupID != nil {
			hc.GroupID = *c.GroupID
		}
		h.Claims = append(h.Claims, hc)
	}
	return h
}
