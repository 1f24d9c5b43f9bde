package extractor

import (
	"time"

	"github.com/claimwatch/claimwatch/extractor/geo"
	"github.com/claimwatch/claimwatch/pipeline"
)

// incidentCand is one attack described in a sentence.
type incidentCand struct {
	inc      pipeline.Incident
	sentence int
	hasDate  bool
}

// continuation words open a comma chunk that still describes the attack
// before it ("..., killing 14 people", "..., which wounded 3").
var continuation = wordSet("killing", "killed", "wounding", "wounded", "injuring", "injured", "leaving", "left", "which",
	"that", "in", "at", "on", "near", "outside", "inside", "during", "close", "claiming", "with", "where", "when", "as", "and")

// incidentRegions cuts a sentence into regions that each describe at most
// one attack: clauses are cut at strong punctuation, then at commas; a comma
// chunk without an attack word joins the attack before it when it continues
// it, and the first attack of its clause when it comes before it.
func incidentRegions(toks []token, sportsy bool) []struct {
	a, b int
	hit  []triggerHit
} {
	type region = struct {
		a, b int
		hit  []triggerHit
	}
	var out []region
	for _, cl := range clauses(toks) {
		// comma chunks
		var chunks [][2]int
		s := cl[0]
		for i := cl[0]; i < cl[1]; i++ {
			if toks[i].Kind == tokPunct && toks[i].Low == "," {
				if i > s {
					chunks = append(chunks, [2]int{s, i})
				}
				s = i + 1
			}
		}
		if s < cl[1] {
			chunks = append(chunks, [2]int{s, cl[1]})
		}
		pending := -1 // start of trigger-less chunks before the first trigger
		cur := -1     // index in out of the open region of this clause
		for _, ch := range chunks {
			hits := validTriggers(toks, ch[0], ch[1], sportsy)
			if cur >= 0 && casualtyOpener(toks, ch[0], ch[1]) {
				// ", killing more than 300 people in the deadliest attack": the same attack
				out[cur].b = ch[1]
				continue
			}
			if len(hits) > 0 {
				a := ch[0]
				if pending >= 0 {
					a = pending
					pending = -1
				}
				out = append(out, region{a: a, b: ch[1], hit: hits})
				cur = len(out) - 1
				continue
			}
			if cur >= 0 {
				if continuation[toks[ch[0]].Low] || hasNumber(toks, ch[0], ch[1]) {
					out[cur].b = ch[1]
					continue
				}
				cur = -1
			}
			if cur < 0 && pending < 0 && len(out) == 0 {
				pending = ch[0]
			}
		}
	}
	return out
}

// casualtyOpener: a chunk that opens with a casualty verb ("killing 14",
// "leaving 3 dead"), not a nominal "killing of".
func casualtyOpener(toks []token, a, b int) bool {
	switch toks[a].Low {
	case "killing", "killed", "wounding", "wounded", "injuring", "injured", "leaving":
		return !(a+1 < b && toks[a+1].Low == "of")
	}
	return false
}

func hasNumber(toks []token, a, b int) bool {
	for i := a; i < b; i++ {
		if _, _, ok := numberAt(toks, i, b); ok {
			return true
		}
	}
	return false
}

// validTriggers drops attack words that name no attack: planned, foiled or
// generic attacks, heart attacks, sports play.
func validTriggers(toks []token, a, b int, sportsy bool) []triggerHit {
	var out []triggerHit
	for _, h := range matchTriggers(toks, a, b) {
		prev, prev2 := "", ""
		if h.i-1 >= a {
			prev = toks[h.i-1].Low
		}
		if h.i-2 >= a {
			prev2 = toks[h.i-2].Low
		}
		next := ""
		if h.i+h.n < b {
			next = toks[h.i+h.n].Low
		}
		if nonAttackBefore[prev] || nonAttackBefore[prev2] && prev != "the" || nonAttackAfter[next] {
			continue
		}
		if sportsy && weakInSports[h.word] {
			continue
		}
		if (h.word == "raid" || h.word == "raided") && stateRaid(toks, h.i, a) {
			continue // "a police raid", "troops raided a hideout"
		}
		if verbalAttack(toks, h, b) {
			continue // "Democrats attacked the cost estimates"
		}
		out = append(out, h)
	}
	return out
}

// buildIncident turns a region into an incident when it is anchored in the
// world: a place, a date, a casualty count or a suicide attack. A bare
// "the attack" names no incident.
func buildIncident(text string, toks []token, a, b int, hits []triggerHit, places []PlaceMatch, ms []mention,
	sentToks []token, sentenceDate bool, next []token, anchor time.Time, hasAnchor bool) (pipeline.Incident, bool, bool) {
	inc := pipeline.Incident{Type: TypeUnknown, Targets: []string{}}
	best := 99
	weakOnly, pluralOnly := true, true
	for _, h := range hits {
		pluralOnly = pluralOnly && h.plural
		if h.word != "killing of" && h.word != "killings of" {
			weakOnly = false
		}
	}
	for _, h := range hits {
		if (h.word == "killing of" || h.word == "killings of") && !weakOnly {
			continue
		}
		if r := typeRank[h.typ]; r < best {
			best = r
			inc.Type = h.typ
		}
	}
	for i := a; i < b; i++ {
		l := toks[i].Low
		if l == "suicide" {
			inc.Suicide = true
		}
		if (l == "blew" && i+2 < b && toks[i+2].Low == "up") || (l == "self" && i+2 < b && toks[i+2].Low == "detonated") {
			inc.Suicide = true
		}
	}
	if inc.Suicide && inc.Type == TypeUnknown {
		inc.Type = TypeBombing
	}
	inc.Targets = targetLexicon.match(toks, a, b)
	inc.Type = refineType(inc.Type, toks, a, b, sentToks)
	if inc.Targets == nil {
		inc.Targets = []string{}
	}
	inc.Killed, inc.Injured = casualties(toks, a, b)
	ownCount := inc.Killed != nil || inc.Injured != nil
	if !ownCount && len(next) > 0 && len(matchTriggers(next, 0, len(next))) == 0 {
		// "Gunmen opened fire on a bus in Kabul. At least 9 were killed."
		inc.Killed, inc.Injured = casualties(next, 0, min(len(next), 12))
	}
	start, end := toks[a].Start, toks[b-1].End
	pm := pickPlaceMatch(text, places, start, end, ms)
	if pm != nil {
		inc.Location = &pipeline.Location{Name: asciiName(pm.Place.Name), Country: pm.Place.Country, Lat: pm.Place.Lat, Lon: pm.Place.Lon}
	}
	d, hasDate := findDate(text, toks, a, b, anchor, hasAnchor)
	if !hasDate && sentenceDate {
		d, hasDate = findDate(text, sentToks, 0, len(sentToks), anchor, hasAnchor)
	}
	if hasDate {
		inc.Date, inc.DatePrecision = d.Date, d.Precision
	}
	inc.Evidence = pipeline.Span{Start: start, End: end, Text: text[start:end]}
	// a city, a count, a suicide attack or a day or month anchors an
	// incident; a province or country alone does not ("since the bombing,
	// Afghanistan ...", "in Kashmir, an attack ... would be claimed")
	city := pm != nil && pm.Place.Kind == geo.KindCity
	if pluralOnly {
		// attacks in general unless counted as one event with its dead
		return inc, hasDate, ownCount
	}
	anchored := city || ownCount || inc.Suicide || hasDate && d.Precision != PrecisionYear
	return inc, hasDate, anchored
}

// sameIncident tells whether a later mention describes an incident already
// found: same place, compatible type and targets, no conflicting date.
func sameIncident(a, b pipeline.Incident) bool {
	if a.Location == nil || b.Location == nil || a.Location.Name != b.Location.Name {
		return false
	}
	if a.Type != b.Type && a.Type != TypeUnknown && b.Type != TypeUnknown {
		return false
	}
	if len(a.Targets) > 0 && len(b.Targets) > 0 {
		shared := false
		for _, x := range a.Targets {
			for _, y := range b.Targets {
				shared = shared || x == y
			}
		}
		if !shared {
			return false
		}
	}
	if a.Date != "" && b.Date != "" && a.DatePrecision == b.DatePrecision && a.Date != b.Date {
		return false
	}
	if a.Killed != nil && b.Killed != nil && *a.Killed != *b.Killed {
		return false
	}
	return true
}

// compatibleType: equal, or one of them unknown.
func compatibleType(a, b string) bool {
	return a == b || a == TypeUnknown || b == TypeUnknown
}

// mergeIncident fills what the first description lacked.
func mergeIncident(into *pipeline.Incident, from pipeline.Incident) {
	if into.Type == TypeUnknown || typeRank[from.Type] < typeRank[into.Type] && from.Type == TypeBombing && from.Suicide {
		into.Type = from.Type
	}
	if into.Killed == nil {
		into.Killed = from.Killed
	}
	if into.Injured == nil {
		into.Injured = from.Injured
	}
	if into.Date == "" {
		into.Date, into.DatePrecision = from.Date, from.DatePrecision
	}
	into.Suicide = into.Suicide || from.Suicide
	if len(into.Targets) == 0 {
		into.Targets = from.Targets
	}
}
