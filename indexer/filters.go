package indexer

import (
	"slices"
	"strings"
	"time"
)

// termFilter requires a document to have any of terms in field.
type termFilter struct {
	field string
	terms []string
}

// filters is the backend-neutral form of a Query's filters: every
// termFilter must hold, and published must lie in [since, until] (a zero
// bound is open). Both backends build their queries from it.
type filters struct {
	terms        []termFilter
	since, until time.Time
}

// filtersOf normalises the filters of q (case, blanks, duplicates). Groups
// combined with statuses become claim_pair terms, one per combination, so
// that both hold for the same claim.
func filtersOf(q Query) filters {
	var f filters
	groups := normalized(q.Groups, strings.ToLower)
	statuses := normalized(q.Statuses, strings.ToLower)
	switch {
	case len(groups) > 0 && len(statuses) > 0:
		var pairs []string
		for _, g := range groups {
			for _, s := range statuses {
				pairs = append(pairs, claimPair(g, s))
			}
		}
		f.terms = append(f.terms, termFilter{fieldClaimPair, pairs})
	case len(groups) > 0:
		f.terms = append(f.terms, termFilter{fieldGroups, groups})
	case len(statuses) > 0:
		f.terms = append(f.terms, termFilter{fieldClaimStatus, statuses})
	}
	if types := normalized(q.Types, strings.ToLower); len(types) > 0 {
		f.terms = append(f.terms, termFilter{fieldType, types})
	}
	if countries := normalized(q.Countries, strings.ToUpper); len(countries) > 0 {
		f.terms = append(f.terms, termFilter{fieldCountry, countries})
	}
	f.since, f.until = q.Since, q.Until
	return f
}

func (f filters) hasDates() bool { return !f.since.IsZero() || !f.until.IsZero() }

func (f filters) empty() bool { return len(f.terms) == 0 && !f.hasDates() }

// pageOf validates and defaults the paging of q.
func pageOf(q Query) (size, from int, err error) {
	if q.Size < 0 || q.From < 0 {
		return 0, 0, badQuery("size and from must not be negative (size %d, from %d)", q.Size, q.From)
	}
	size = q.Size
	if size == 0 {
		size = DefaultSize
	}
	return min(size, MaxSize), q.From, nil
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

// sortFacet orders facet counts: months chronologically, the others by
// decreasing count, then term.
func sortFacet(name string, counts []FacetCount) {
	if name == FacetMonth {
		slices.SortFunc(counts, func(a, b FacetCount) int { return strings.Compare(a.Term, b.Term) })
		return
	}
	slices.SortStableFunc(counts, func(a, b FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Term, b.Term)
	})
}
