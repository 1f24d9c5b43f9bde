package extractor

// Several groups may share a name: "Islamic Jihad" was Hezbollah's Islamic
// Jihad Organization in 1980s Beirut and is Palestinian Islamic Jihad in
// Gaza; "Ansar al-Sharia" is a Libyan, a Tunisian and a Yemeni group. The
// matcher keeps the first group of the gazetteer and lists the others
// (mention.Alts); disambiguate then picks, per mention, the group that fits
// the article: one whose home country (first in its `countries`) the
// article names scores 2, one that lists a named country at all 1, and one
// that was not active in the article's year loses 2. A tie keeps the
// gazetteer's order.

// disambiguate rewrites the group of every mention with alternatives.
func disambiguate(g *Gazetteer, ms []mention, places []PlaceMatch, year int) {
	need := false
	for _, m := range ms {
		if len(m.Alts) > 0 {
			need = true
			break
		}
	}
	if !need {
		return
	}
	named := map[string]bool{}
	for _, p := range places {
		if p.Place.Country != "" {
			named[p.Place.Country] = true
		}
	}
	score := func(gi int) int {
		e := g.entries[gi]
		s := 0
		for k, c := range e.Countries {
			if !named[c] {
				continue
			}
			if k == 0 {
				s = max(s, 2)
			} else {
				s = max(s, 1)
			}
		}
		if year > 0 && len(e.Active) == 2 && (year < e.Active[0] || year > e.Active[1]) {
			s -= 2
		}
		return s
	}
	for i := range ms {
		if len(ms[i].Alts) == 0 {
			continue
		}
		best, bestScore := ms[i].Group, score(ms[i].Group)
		for _, alt := range ms[i].Alts {
			if sc := score(alt); sc > bestScore {
				best, bestScore = alt, sc
			}
		}
		ms[i].Group = best
	}
}
