package geo

import (
	"slices"
	"strings"
)

// MaxNameTokens is the longest name, in words, that Find matches.
const MaxNameTokens = 6

// Gazetteer resolves place names. Build it with Load; it is read-only and
// safe for concurrent use.
type Gazetteer struct {
	places    []Place
	refs      []ref            // names grouped by key, each group best first
	index     map[string]span  // folded name -> its group in refs
	countries map[string]int32 // ISO2 -> index of the country
	maxTokens int              // longest findable name, in tokens
}

// span is a group of refs: refs[off:off+n].
type span struct{ off, n int32 }

// lookup returns the places of a folded key, best first.
func (g *Gazetteer) lookup(key string) []ref {
	sp, ok := g.index[key]
	if !ok {
		return nil
	}
	return g.refs[sp.off : sp.off+sp.n]
}

// Lookup returns the places called name (primary or alternate name, compared
// without case and diacritics), best first: countries, then first-level
// regions, then cities; primary names before alternate names; larger
// population first. It returns nil for an unknown name.
func (g *Gazetteer) Lookup(name string) []Place {
	var tz tokenizer
	key, _ := tz.foldKey(name)
	refs := g.lookup(key)
	if len(refs) == 0 {
		return nil
	}
	out := make([]Place, len(refs))
	for i, r := range refs {
		out[i] = g.places[r.place]
	}
	return out
}

// CountryName returns the English name of the country with ISO 3166-1
// alpha-2 code (any case).
func (g *Gazetteer) CountryName(code string) (string, bool) {
	i, ok := g.countries[strings.ToUpper(code)]
	if !ok {
		return "", false
	}
	return g.places[i].Name, true
}

// Countries returns every country, ordered by ISO code.
func (g *Gazetteer) Countries() []Place {
	out := make([]Place, 0, len(g.countries))
	for _, i := range g.countries {
		out = append(out, g.places[i])
	}
	slices.SortFunc(out, func(a, b Place) int { return strings.Compare(a.Country, b.Country) })
	return out
}

// Len returns the number of places in the gazetteer.
func (g *Gazetteer) Len() int { return len(g.places) }
