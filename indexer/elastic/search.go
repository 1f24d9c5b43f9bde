package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Facet sizes and the title boost: the bleve backend's values.
const (
	facetSize      = 20
	monthFacetSize = 600
	titleBoost     = 2.0
)

// facetFields maps facet names to indexed fields.
var facetFields = map[string]string{
	indexer.FacetGroup:   fieldGroups,
	indexer.FacetStatus:  fieldClaimStatus,
	indexer.FacetType:    fieldType,
	indexer.FacetCountry: fieldCountry,
	indexer.FacetMonth:   fieldMonth,
}

// Search implements indexer.Index with the bleve backend's semantics:
// filters in a bool filter, every free-text word required in title or
// text (multi_match cross_fields, operator and), every phrase in one of
// them; relevance first with free text, else newest first (records
// without a date last), ties by id; facets are terms aggregations.
func (x *Index) Search(ctx context.Context, q indexer.Query) (indexer.Result, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return indexer.Result{}, indexer.ErrClosed
	}
	body, err := searchBody(q)
	if err != nil {
		return indexer.Result{}, err
	}
	raw, _ := json.Marshal(body)
	res, err := x.es.Search(x.es.Search.WithIndex(x.alias), x.es.Search.WithBody(bytes.NewReader(raw)),
		x.es.Search.WithContext(ctx))
	if err := check("search", res, err); err != nil {
		return indexer.Result{}, err
	}
	defer closeBody(res)
	var sr searchResponse
	if err := json.NewDecoder(res.Body).Decode(&sr); err != nil {
		return indexer.Result{}, fmt.Errorf("elastic: search: decode: %w", err)
	}
	return sr.result(q.Facets), nil
}

type searchResponse struct {
	Hits struct {
		Total struct {
			Value int `json:"value"`
		} `json:"total"`
		Hits []struct {
			ID     string   `json:"_id"`
			Score  *float64 `json:"_score"`
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

func (sr *searchResponse) result(facets bool) indexer.Result {
	out := indexer.Result{Total: sr.Hits.Total.Value, Hits: make([]indexer.Hit, 0, len(sr.Hits.Hits))}
	for _, h := range sr.Hits.Hits {
		score := 0.0
		if h.Score != nil {
			score = *h.Score
		}
		out.Hits = append(out.Hits, hitOf(&h.Source.Record, score))
	}
	if facets {
		out.Facets = make(map[string][]indexer.FacetCount, len(facetFields))
		for name := range facetFields {
			counts := []indexer.FacetCount{}
			for _, b := range sr.Aggregations[name].Buckets {
				counts = append(counts, indexer.FacetCount{Term: b.Key, Count: b.DocCount})
			}
			sortFacet(name, counts)
			out.Facets[name] = counts
		}
	}
	return out
}

// searchBody translates q into a Search API request body.
func searchBody(q indexer.Query) (map[string]any, error) {
	if q.Size < 0 || q.From < 0 {
		return nil, fmt.Errorf("%w: size and from must not be negative (size %d, from %d)", indexer.ErrBadQuery, q.Size, q.From)
	}
	size := q.Size
	if size == 0 {
		size = indexer.DefaultSize
	}
	size = min(size, indexer.MaxSize)

	query, scored := queryClause(q)
	sort := []any{
		map[string]any{fieldPublished: map[string]any{"order": "desc", "missing": "_last"}},
		map[string]any{fieldID: "asc"},
	}
	if scored {
		sort = append([]any{map[string]any{"_score": "desc"}}, sort...)
	}
	body := map[string]any{
		"size":             size,
		"from":             q.From,
		"track_total_hits": true,
		"track_scores":     true,
		"_source":          []string{fieldRecord},
		"sort":             sort,
		"query":            query,
	}
	if q.Facets {
		aggs := map[string]any{}
		for name, field := range facetFields {
			n := facetSize
			if name == indexer.FacetMonth {
				n = monthFacetSize
			}
			aggs[name] = map[string]any{"terms": map[string]any{"field": field, "size": n}}
		}
		body["aggs"] = aggs
	}
	return body, nil
}

// queryClause translates the text and filters of q (not paging, sort or
// facets) into a bool query; scored reports whether it has free text, so
// that relevance matters.
func queryClause(q indexer.Query) (query map[string]any, scored bool) {
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
	scored = len(must) > 0
	if !scored {
		must = []any{map[string]any{"match_all": map[string]any{}}}
	}
	boolQuery := map[string]any{"must": must}
	if filter := filters(q); len(filter) > 0 {
		boolQuery["filter"] = filter
	}
	return map[string]any{"bool": boolQuery}, scored
}

// filters returns the bool filter clauses of q, normalised as the bleve
// backend does: values lower-cased (countries upper-cased), blanks and
// duplicates dropped; groups combined with statuses become claim_pair
// terms so that both hold for the same claim; dates bound published,
// inclusive.
func filters(q indexer.Query) []any {
	var out []any
	terms := func(field string, vals []string) {
		out = append(out, map[string]any{"terms": map[string]any{field: vals}})
	}
	groups := normalized(q.Groups, strings.ToLower)
	statuses := normalized(q.Statuses, strings.ToLower)
	switch {
	case len(groups) > 0 && len(statuses) > 0:
		var pairs []string
		for _, g := range groups {
			for _, s := range statuses {
				pairs = append(pairs, g+":"+s)
			}
		}
		terms(fieldClaimPair, pairs)
	case len(groups) > 0:
		terms(fieldGroups, groups)
	case len(statuses) > 0:
		terms(fieldClaimStatus, statuses)
	}
	if types := normalized(q.Types, strings.ToLower); len(types) > 0 {
		terms(fieldType, types)
	}
	if countries := normalized(q.Countries, strings.ToUpper); len(countries) > 0 {
		terms(fieldCountry, countries)
	}
	if !q.Since.IsZero() || !q.Until.IsZero() {
		r := map[string]any{}
		if !q.Since.IsZero() {
			r["gte"] = q.Since.UTC().Format(time.RFC3339Nano)
		}
		if !q.Until.IsZero() {
			r["lte"] = q.Until.UTC().Format(time.RFC3339Nano)
		}
		out = append(out, map[string]any{"range": map[string]any{fieldPublished: r}})
	}
	return out
}

func normalized(vals []string, f func(string) string) []string {
	var out []string
	for _, v := range vals {
		if v = f(strings.TrimSpace(v)); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// textParts splits free text into words and double-quoted phrases,
// leniently (an unterminated quote runs to the end), as the bleve backend
// reads Query.Text.
func textParts(s string) (words, phrases []string) {
	for s != "" {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			words = append(words, strings.Fields(s)...)
			break
		}
		words = append(words, strings.Fields(s[:i])...)
		s = s[i+1:]
		j := strings.IndexByte(s, '"')
		if j < 0 {
			j = len(s)
		}
		if p := strings.Join(strings.Fields(s[:j]), " "); p != "" {
			phrases = append(phrases, p)
		}
		s = s[min(j+1, len(s)):]
	}
	return words, phrases
}

// sortFacet orders facet counts: months chronologically, the others by
// decreasing count, then term.
func sortFacet(name string, counts []indexer.FacetCount) {
	if name == indexer.FacetMonth {
		slices.SortFunc(counts, func(a, b indexer.FacetCount) int { return strings.Compare(a.Term, b.Term) })
		return
	}
	slices.SortStableFunc(counts, func(a, b indexer.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Term, b.Term)
	})
}

// hitOf summarises a record as the bleve backend does.
func hitOf(r *pipeline.Record, score float64) indexer.Hit {
	h := indexer.Hit{ID: r.ID, Score: score, Title: r.Article.Title, URL: r.Article.CanonicalURL, Published: r.Article.Published}
	if h.URL == "" {
		h.URL = r.Article.URL
	}
	for _, g := range r.Groups {
		if g.ID != "" && !slices.Contains(h.Groups, g.ID) {
			h.Groups = append(h.Groups, g.ID)
		}
	}
	for _, c := range r.Claims {
		hc := indexer.HitClaim{Status: c.Status}
		if c.GroupID != nil {
			hc.GroupID = *c.GroupID
		}
		h.Claims = append(h.Claims, hc)
	}
	return h
}
