package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Facet sizes: the number of terms returned per facet.
const (
	facetSize      = 20
	monthFacetSize = 600 // 50 years of months
)

// titleBoost weighs a free-text match in the title over one in the text.
const titleBoost = 2.0

// facetFields maps facet names to indexed fields.
var facetFields = map[string]string{
	FacetGroup:   fieldGroups,
	FacetStatus:  fieldClaimStatus,
	FacetType:    fieldType,
	FacetCountry: fieldCountry,
	FacetMonth:   fieldMonth,
}

// Search implements Index. With free text, hits are ordered by relevance
// (then newest first); without, newest first.
func (b *Bleve) Search(ctx context.Context, q Query) (Result, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return Result{}, ErrClosed
	}
	req, err := newSearchRequest(q, b.analyze)
	if err != nil {
		return Result{}, err
	}
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("indexer: search: %w", err)
	}
	out := Result{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		raw, _ := h.Fields[fieldRecord].(string)
		var r pipeline.Record
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return Result{}, fmt.Errorf("indexer: search: decode record %q: %w", h.ID, err)
		}
		out.Hits = append(out.Hits, hitFromRecord(&r, h.Score))
	}
	if q.Facets {
		out.Facets = convertFacets(res.Facets)
	}
	return out, nil
}

// analyze returns the distinct terms that the English analyser of title
// and text makes of s (lower-cased, stemmed, without stop words).
func (b *Bleve) analyze(s string) []string {
	a := b.idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return strings.Fields(strings.ToLower(s))
	}
	var terms []string
	for _, tok := range a.Analyze([]byte(s)) {
		if t := string(tok.Term); !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	return terms
}

// newSearchRequest translates q into a bleve request; analyze turns free
// text into index terms.
func newSearchRequest(q Query, analyze func(string) []string) (*bleve.SearchRequest, error) {
	size, from, err := pageOf(q)
	if err != nil {
		return nil, err
	}
	bq, hasText := buildQuery(q, analyze)
	req := bleve.NewSearchRequestOptions(bq, size, from, false)
	req.Fields = []string{fieldRecord}
	if hasText {
		req.SortBy([]string{"-_score", "-" + fieldPublished, "_id"})
	} else {
		req.SortBy([]string{"-" + fieldPublished, "_id"})
	}
	if q.Facets {
		for name, field := range facetFields {
			n := facetSize
			if name == FacetMonth {
				n = monthFacetSize
			}
			req.AddFacet(name, bleve.NewFacetRequest(field, n))
		}
	}
	return req, nil
}

// buildQuery returns the bleve query for q and whether it has free text.
// Every word (as analysed: stop words drop out) must be in the title or the
// text, every phrase in one of them; a title match weighs titleBoost.
// Free-text clauses score; filters only filter.
func buildQuery(q Query, analyze func(string) []string) (query.Query, bool) {
	bq := bleve.NewBooleanQuery()
	words, phrases := textParts(q.Text)
	var terms []string
	if len(words) > 0 {
		terms = analyze(strings.Join(words, " "))
	}
	for _, term := range terms {
		inTitle := bleve.NewTermQuery(term)
		inTitle.SetField(fieldTitle)
		inTitle.SetBoost(titleBoost)
		inText := bleve.NewTermQuery(term)
		inText.SetField(fieldText)
		bq.AddMust(bleve.NewDisjunctionQuery(inTitle, inText))
	}
	for _, p := range phrases {
		inTitle := bleve.NewMatchPhraseQuery(p)
		inTitle.SetField(fieldTitle)
		inTitle.SetBoost(titleBoost)
		inText := bleve.NewMatchPhraseQuery(p)
		inText.SetField(fieldText)
		bq.AddMust(bleve.NewDisjunctionQuery(inTitle, inText))
	}
	hasText := len(terms)+len(phrases) > 0

	var fq []query.Query
	f := filtersOf(q)
	for _, tf := range f.terms {
		fq = append(fq, anyTerm(tf.field, tf.terms))
	}
	if f.hasDates() {
		incl := true
		dr := bleve.NewDateRangeInclusiveQuery(f.since, f.until, &incl, &incl)
		dr.SetField(fieldPublished)
		fq = append(fq, dr)
	}
	switch len(fq) {
	case 0:
	case 1:
		bq.AddFilter(fq[0])
	default:
		bq.AddFilter(bleve.NewConjunctionQuery(fq...))
	}
	if !hasText && len(fq) == 0 {
		return bleve.NewMatchAllQuery(), false
	}
	return bq, hasText
}

// anyTerm matches documents having any of terms in field.
func anyTerm(field string, terms []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// convertFacets turns bleve facet results into FacetCounts: months in
// chronological order, the others by decreasing count then term.
func convertFacets(fr search.FacetResults) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(facetFields))
	for name := range facetFields {
		counts := []FacetCount{}
		if r, ok := fr[name]; ok && r != nil && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				counts = append(counts, FacetCount{Term: t.Term, Count: t.Count})
			}
		}
		sortFacet(name, counts)
		out[name] = counts
	}
	return out
}
