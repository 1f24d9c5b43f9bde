package geo

import "strings"

// inContext revisits the cities Find took by rank alone, with what the rest
// of the text says:
//
//   - A name several places share is the one in a country the text names
//     (as a country or a region of it): "Tripoli, Lebanon", "Hyderabad in
//     Sindh".
//   - A city that the text places in another country's region or city
//     right after it ("Palma in Cabo Delgado, Mozambique", "the Lido beach
//     in Mogadishu") is a town the gazetteer does not know, not the famous
//     one: it is dropped, and the region or city after it stands.
func (g *Gazetteer) inContext(text string, out []Match, cands [][]ref) []Match {
	named := map[string]bool{}
	for _, m := range out {
		if m.Place.Kind == KindCountry || m.Place.Kind == KindAdmin1 {
			named[m.Place.Country] = true
		}
	}
	keep := out[:0]
	for k, m := range out {
		if m.Place.Kind == KindCity {
			if alt, ok := g.namedAlternative(m, cands[k], named); ok {
				m.Place = alt
			}
			var after *Match
			if k+2 < len(out) {
				after = &out[k+2]
			}
			if k+1 < len(out) && g.placedElsewhere(text, m, out[k+1], after, cands[k]) {
				continue
			}
		}
		keep = append(keep, m)
	}
	return keep
}

// namedAlternative returns another findable city of the same name in a
// country the text names, when the chosen one's country is not named.
func (g *Gazetteer) namedAlternative(m Match, refs []ref, named map[string]bool) (Place, bool) {
	if len(refs) < 2 || named[m.Place.Country] {
		return Place{}, false
	}
	for _, r := range refs[1:] {
		p := g.places[r.place]
		if r.find && p.Kind == KindCity && named[p.Country] {
			return p, true
		}
	}
	return Place{}, false
}

// placedElsewhere reports a city followed closely by "in"/"near" and a
// place, or by a comma and a region or country (not a list: "Kabul,
// Pakistan and India"), of another country that none of the city's
// namesakes is in.
func (g *Gazetteer) placedElsewhere(text string, m, next Match, after *Match, refs []ref) bool {
	if next.Place.Country == m.Place.Country || next.Start < m.End {
		return false
	}
	gap := strings.Fields(strings.NewReplacer(",", " , ").Replace(text[m.End:next.Start]))
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	switch gap[len(gap)-1] {
	case "in", "near", "outside":
	case ",":
		if next.Place.Kind == KindCity || listContinues(text, next, after) {
			return false
		}
	default:
		return false
	}
	for _, w := range gap[:len(gap)-1] {
		// "Palma in", "Lido beach in", "Palma town, in": at most a place noun
		if !placeNouns[strings.ToLower(w)] && w != "," {
			return false
		}
	}
	for _, r := range refs {
		if g.places[r.place].Country == next.Place.Country {
			return false
		}
	}
	return true
}

// placeNouns may stand between a place and the "in" that locates it.
var placeNouns = map[string]bool{"beach": true, "town": true, "village": true, "district": true, "area": true,
	"city": true, "market": true, "camp": true, "neighbourhood": true, "neighborhood": true, "suburb": true,
	"port": true, "base": true, "square": true, "region": true, "county": true, "province": true, "hotel": true}

// listContinues reports "and", "or" or a comma right after next: a list of
// places, not a city and where it is.
func listContinues(text string, next Match, after *Match) bool {
	rest := strings.TrimLeft(text[next.End:], " ")
	if strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, "and ") || strings.HasPrefix(rest, "or ") {
		return true
	}
	return after != nil && after.Start-next.End <= 6 && strings.TrimSpace(text[next.End:after.Start]) == ""
}
