package geo

// connectors are the folded words that may stand in lower case inside a
// multi-word name ("Bosnia and Herzegovina", "Deir ez-Zor", "Rio de Janeiro").
var connectors = map[string]bool{
	"and": true, "of": true, "the": true, "on": true, "upon": true, "sur": true,
	"de": true, "del": true, "della": true, "des": true, "di": true, "do": true, "dos": true,
	"da": true, "das": true, "du": true, "la": true, "le": true, "les": true, "los": true,
	"el": true, "al": true, "ad": true, "ar": true, "as": true, "ash": true, "at": true,
	"az": true, "ed": true, "en": true, "es": true, "et": true, "ez": true, "an": true,
	"ul": true, "ur": true, "d": true, "l": true, "y": true, "e": true, "i": true, "s": true,
	"am": true, "im": true, "bin": true, "ibn": true, "van": true, "von": true,
	"der": true, "den": true, "het": true, "te": true, "au": true, "aux": true,
}

// Find returns every place name in text, left to right, without overlaps.
// At each word it takes the longest known name (up to MaxNameTokens words)
// whose words are joined by spaces, hyphens, apostrophes or an
// abbreviation's dot. A name only matches where it is capitalised: its first
// word starts with a capital (all-caps text qualifies) and each later word is
// capitalised, a connector ("and", "de", "al") or glued to the previous one
// ("Nuku'alofa"), or lower case in the name itself ("Donetsk region").
// Acronyms ("US", "UK") need all capitals, and a lone all-caps word of up to
// three letters is taken for an acronym, not a place ("NER"). Names that are
// common words or people's names are skipped (see package doc). Offsets are
// bytes: text[m.Start:m.End] is the surface. Invalid UTF-8 is treated as a
// separator.
func (g *Gazetteer) Find(text string) []Match {
	tz := tokenizer{
		toks: make([]token, 0, len(text)/6+1),
		buf:  make([]byte, 0, len(text)),
	}
	tz.run(text)
	toks := tz.toks
	var out []Match
	var cands [][]ref // per match, its findable places, best first
	key := make([]byte, 0, 64)
	for i := 0; i < len(toks); {
		if !toks[i].upper {
			i++
			continue
		}
		n := min(g.maxTokens, len(toks)-i)
		for j := 1; j < n; j++ {
			if !toks[i+j].join {
				n = j
				break
			}
		}
		matched := 0
		for ; n >= 1; n-- {
			key = key[:0]
			for j := range n {
				if j > 0 {
					key = append(key, ' ')
				}
				t := toks[i+j]
				key = append(key, tz.buf[t.fs:t.fe]...)
			}
			refs := g.lookup(string(key))
			// a name is findable when its best-ranked place is
			if len(refs) == 0 || !refs[0].find || !capsOK(toks[i:i+n], refs[0], tz.buf) {
				continue
			}
			m := Match{Start: toks[i].start, End: toks[i+n-1].end, Place: g.places[refs[0].place]}
			// keep the final dot of a dotted acronym: "U.S."
			if n > 1 && toks[i+n-1].fe-toks[i+n-1].fs == 1 && m.End < len(text) && text[m.End] == '.' {
				m.End++
			}
			out = append(out, m)
			cands = append(cands, refs)
			matched = n
			break
		}
		i += max(matched, 1)
	}
	return g.inContext(text, out, cands)
}

// capsOK applies the capitalisation rules of Find to the words of a name.
func capsOK(ts []token, r ref, buf []byte) bool {
	if r.exact {
		for _, t := range ts {
			if !t.allUpper {
				return false
			}
		}
		return true
	}
	if !ts[0].upper {
		return false
	}
	// "NER", "NAK": a short all-caps word in running text is an acronym
	if len(ts) == 1 && ts[0].allUpper && ts[0].fe-ts[0].fs <= 3 {
		return false
	}
	for i, t := range ts[1:] {
		if !t.upper && !t.tight && r.lower&(1<<(i+1)) == 0 && !connectors[string(buf[t.fs:t.fe])] {
			return false
		}
	}
	return true
}
