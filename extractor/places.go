package extractor

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/extractor/geo"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Place is a resolved place (geo.Place).
type Place = geo.Place

// PlaceMatch is a place named in a text at byte offsets [Start,End) (geo.Match).
type PlaceMatch = geo.Match

// PlaceResolver finds place names in a text; *geo.Gazetteer is one. It may
// be nil in New, and then incidents carry no location.
type PlaceResolver interface {
	Find(text string) []PlaceMatch
}

// DefaultPlaces loads the embedded GeoNames-derived place gazetteer.
func DefaultPlaces() (PlaceResolver, error) {
	g, err := geo.Load()
	if err != nil {
		return nil, err
	}
	return g, nil
}

var placeKindRank = map[string]int{"city": 0, "admin1": 1, "country": 2}

// pickPlace chooses the incident location among the places found in
// text[a:b]: the first city, else the first province, else the first country.
// Places must be capitalised and must not lie inside a group name
// ("Tehrik-e-Taliban Pakistan"). places and ms are sorted by Start.
func pickPlace(text string, places []PlaceMatch, a, b int, ms []mention) *pipeline.Location {
	best := pickPlaceMatch(text, places, a, b, ms)
	if best == nil {
		return nil
	}
	return &pipeline.Location{Name: asciiName(best.Place.Name), Country: best.Place.Country, Lat: best.Place.Lat, Lon: best.Place.Lon}
}

func pickPlaceMatch(text string, places []PlaceMatch, a, b int, ms []mention) *PlaceMatch {
	dl := datelineEnd(text)
	var best, byline *PlaceMatch
	k := sort.Search(len(places), func(i int) bool { return places[i].Start >= a })
	for ; k < len(places) && places[k].Start < b; k++ {
		p := &places[k]
		if p.End > b || p.Start >= p.End {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[p.Start:])
		if !unicode.IsUpper(r) {
			continue
		}
		// mentions are sorted and do not overlap: only the last one starting
		// before the place's end can overlap it
		j := sort.Search(len(ms), func(i int) bool { return ms[i].Start >= p.End }) - 1
		if j >= 0 && ms[j].End > p.Start {
			continue
		}
		if p.End <= dl {
			// the dateline says where the story was filed, not where the
			// attack was: only a fallback
			if byline == nil {
				byline = p
			}
			continue
		}
		if best == nil || placeKindRank[p.Place.Kind] < placeKindRank[best.Place.Kind] {
			best = p
		}
	}
	if best == nil {
		return byline
	}
	if byline != nil && foreignSmallTown(best.Place, byline.Place) {
		// "MOGADISHU - ... the Lido beach": a small town of another country
		// with the same name as a local place is far likelier a misreading
		// than the attack's place
		return byline
	}
	return best
}

// smallTownPopulation bounds the towns foreignSmallTown may overrule.
const smallTownPopulation = 100000

// foreignSmallTown reports whether p is a small city in another country
// than the dateline's place dl.
func foreignSmallTown(p, dl Place) bool {
	return p.Kind == geo.KindCity && p.Country != "" && dl.Country != "" &&
		p.Country != dl.Country && p.Population < smallTownPopulation
}

// datelineEnd returns the end of a wire dateline at the start of text
// ("KABUL, May 8 (Reuters) -", "OUAGADOUGOU (Demo Wire) -",
// "MOGADISHU -"): the end of the leading run of capitalised words when it
// is followed by a comma, a parenthesis or a dash; 0 when there is none.
func datelineEnd(text string) int {
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t') {
		i++
	}
	start, end, letters := i, i, 0
	for i < len(text) && i-start < 60 {
		r, sz := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsUpper(r):
			letters++
			end = i + sz
		case r == ' ' || r == '.' || r == '\'' || r == '-' && i+1 < len(text) && text[i+1] != ' ':
		default:
			if letters < 3 || unicode.IsLower(r) {
				return 0
			}
			rest := strings.TrimLeft(text[end:], " ")
			for _, sep := range []string{",", "(", "-", "\u2014", "\u2013"} {
				if strings.HasPrefix(rest, sep) {
					return end
				}
			}
			return 0
		}
		i += sz
	}
	return 0
}

// asciiName drops diacritics from a place name for English output
// ("Jalālābād" -> "Jalalabad").
func asciiName(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b []byte
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}
