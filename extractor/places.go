package extractor

import (
	"unicode"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Place is a resolved place (the shape of geo.Place).
type Place struct {
	Name       string
	Country    string // ISO 3166-1 alpha-2
	Lat, Lon   float64
	Population int
	Kind       string // "city", "admin1", "country"
}

// PlaceMatch is a place named in a text at byte offsets [Start,End).
type PlaceMatch struct {
	Start, End int
	Place      Place
}

// PlaceResolver finds place names in a text. It may be nil in New, and then
// incidents carry no location.
type PlaceResolver interface {
	Find(text string) []PlaceMatch
}

var placeKindRank = map[string]int{"city": 0, "admin1": 1, "country": 2}

// pickPlace chooses the incident location among the places found in
// text[a:b]: the first city, else the first province, else the first country.
// Places must be capitalised and must not lie inside a group name
// ("Tehrik-e-Taliban Pakistan").
func pickPlace(text string, places []PlaceMatch, a, b int, ms []mention) *pipeline.Location {
	var best *PlaceMatch
	for k := range places {
		p := &places[k]
		if p.Start < a || p.End > b || p.Start >= p.End {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[p.Start:])
		if !unicode.IsUpper(r) {
			continue
		}
		inGroup := false
		for _, m := range ms {
			if m.Start < p.End && p.Start < m.End {
				inGroup = true
				break
			}
		}
		if inGroup {
			continue
		}
		if best == nil || placeKindRank[p.Place.Kind] < placeKindRank[best.Place.Kind] {
			best = p
		}
	}
	if best == nil {
		return nil
	}
	return &pipeline.Location{Name: best.Place.Name, Country: best.Place.Country, Lat: best.Place.Lat, Lon: best.Place.Lon}
}
