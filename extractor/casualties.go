package extractor

import (
	"strconv"
	"strings"
)

// numberWords are spelled-out cardinals.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}

// vagueQuantities are counts that give no number: the count is null.
var vagueQuantities = wordSet("dozens", "scores", "hundreds", "thousands", "several", "many", "some", "numerous", "multiple", "countless", "few")

// numberAt reads a number at toks[i]: "14", "1,200", "fourteen", "twenty-five",
// "twenty five". It returns the value, the tokens used, and whether a number
// (or a vague quantity, value -1) was found.
func numberAt(toks []token, i, b int) (int, int, bool) {
	if i >= b || toks[i].Kind != tokWord {
		return 0, 0, false
	}
	w := toks[i].Low
	if vagueQuantities[w] {
		return -1, 1, true
	}
	if n, err := strconv.Atoi(w); err == nil {
		used := 1
		// "1,200": digits, comma, three digits
		for i+used+1 < b && toks[i+used].Low == "," && len(toks[i+used+1].Low) == 3 {
			m, err := strconv.Atoi(toks[i+used+1].Low)
			if err != nil {
				break
			}
			n = n*1000 + m
			used += 2
		}
		return n, used, true
	}
	if v, ok := numberWords[w]; ok {
		used := 1
		if v >= 20 && v < 100 && i+2 < b && toks[i+1].Low == "-" {
			if u, ok := numberWords[toks[i+2].Low]; ok && u < 10 {
				return v + u, 3, true
			}
		}
		if v >= 20 && v < 100 && i+1 < b {
			if u, ok := numberWords[toks[i+1].Low]; ok && u < 10 {
				return v + u, 2, true
			}
		}
		if w == "hundred" {
			return 0, 0, false
		}
		return v, used, true
	}
	if w == "a" && i+1 < b && toks[i+1].Low == "dozen" {
		return 12, 2, true
	}
	return 0, 0, false
}

var (
	killedWords  = wordSet("killed", "dead", "died", "slain", "killing", "kills", "kill", "deaths", "dies", "fatalities", "lives", "massacred", "murdered", "perished", "succumbed")
	injuredWords = wordSet("injured", "wounded", "hurt", "injuring", "wounding", "injuries", "injures", "wounds", "wounds")
	approxWords  = wordSet("at", "least", "nearly", "about", "some", "around", "more", "than", "over", "up", "to", "almost", "another", "as", "many", "roughly", "approximately", "estimated", "an", "of")
	copulaWords  = wordSet("were", "was", "have", "has", "had", "been", "are", "being", "reportedly", "also", "later", "confirmed", "left", "people", "persons")
	verbKilled   = wordSet("killed", "killing", "kills", "kill", "massacred", "murdered", "claimed")
	verbInjured  = wordSet("injured", "injuring", "wounded", "wounding", "injures", "wounds", "hurt")
)

// casualties reads killed and injured counts in toks[a:b]. A nil pointer
// means no count stated, or only a vague one ("dozens").
func casualties(toks []token, a, b int) (killed, injured *int) {
	kFound, iFound := false, false
	set := func(p **int, found *bool, v int) {
		if *found {
			return
		}
		*found = true
		if v >= 0 {
			x := v
			*p = &x
		}
	}
	for i := a; i < b; i++ {
		w := toks[i].Low
		// "shot dead two Israelis", "gunned down three police officers"
		if n := killPhraseLen(toks, i, b); n > 0 && !kFound {
			j := i + n
			for j < b && approxWords[toks[j].Low] {
				j++
			}
			if v, _, ok := numberAt(toks, j, b); ok && !isYear(toks, j, v) {
				set(&killed, &kFound, v)
				continue
			}
		}
		// "claimed the lives of nine soldiers", "took the lives of 9"
		if (w == "claimed" || w == "took" || w == "cost") && i+3 < b && toks[i+1].Low == "the" && toks[i+2].Low == "lives" && toks[i+3].Low == "of" && !kFound {
			j := i + 4
			for j < b && approxWords[toks[j].Low] {
				j++
			}
			if v, _, ok := numberAt(toks, j, b); ok && !isYear(toks, j, v) {
				set(&killed, &kFound, v)
				continue
			}
		}
		// verb then number: "killing 14 people", "killed at least 14", "killing of 3 women"
		if verbKilled[w] || verbInjured[w] {
			j := i + 1
			if j < b && toks[j].Low == "of" {
				j++
			}
			for j < b && approxWords[toks[j].Low] {
				j++
			}
			if v, _, ok := numberAt(toks, j, b); ok && !isYear(toks, j, v) {
				if w == "claimed" && !(j+1 < b && toks[j+1].Low == "lives") {
					continue
				}
				if verbKilled[w] {
					set(&killed, &kFound, v)
				} else {
					set(&injured, &iFound, v)
				}
				continue
			}
		}
		// "death toll rose to 14", "the toll from the blast has risen to 11"
		if w == "toll" {
			for j := i + 1; j < b && j < i+9; j++ {
				if toks[j].Kind == tokPunct && toks[j].Low != "-" {
					break
				}
				if v, _, ok := numberAt(toks, j, b); ok && !isYear(toks, j, v) {
					set(&killed, &kFound, v)
					break
				}
			}
			continue
		}
		// "the number of dead rose to 11", "bringing the number of deaths to 11"
		if (w == "dead" || w == "deaths" || w == "fatalities") && i >= 2 && toks[i-1].Low == "of" && toks[i-2].Low == "number" {
			for j := i + 1; j+1 < b && j < i+5; j++ {
				if toks[j].Kind == tokPunct {
					break
				}
				if toks[j].Low != "to" {
					continue
				}
				if v, _, ok := numberAt(toks, j+1, b); ok && !isYear(toks, j+1, v) {
					set(&killed, &kFound, v)
				}
				break
			}
			continue
		}
		// number then verb: "14 people were killed", "at least 14 dead", "3 wounded"
		v, used, ok := numberAt(toks, i, b)
		if !ok || isYear(toks, i, v) || isAge(toks, i, used, b) {
			continue
		}
		skip := 0
		for j, k := i+used, 0; j < b && k < 5; j, k = j+1, k+1 {
			t := toks[j]
			if t.Low == "," && j+1 < b && asideWords[toks[j+1].Low] {
				// "14 people, including three children, were killed"
				if e := asideEnd(toks, j+1, b); e > 0 {
					j, k = e, k-1
					continue
				}
			}
			if t.Low == "and" && v >= 0 {
				// "two soldiers and a civilian were killed": the sum
				if v2, next, ok := andCount(toks, j+1, b); ok {
					switch casualtyAfter(toks, next, b) {
					case "killed":
						set(&killed, &kFound, v+v2)
						skip = next
					case "injured":
						set(&injured, &iFound, v+v2)
						skip = next
					}
					if skip > 0 {
						break
					}
				}
			}
			if t.Kind == tokPunct && t.Low != "-" || t.Kind == tokGroup {
				break
			}
			if killedWords[t.Low] {
				if t.Low == "lives" && !(j+1 < b && toks[j+1].Low != "") {
					break
				}
				set(&killed, &kFound, v)
				break
			}
			if injuredWords[t.Low] {
				// "four of the wounded later died": a change to the death
				// toll, not a count of injured, and no total either.
				if !diedAmong(toks, i+used, j, b) {
					set(&injured, &iFound, v)
				}
				break
			}
			if t.Low == "and" || t.Low == "in" || t.Low == "after" || perpetratorNouns[t.Low] || pluralTriggers[t.Low] != "" || len(triggersByFirst[t.Low]) > 0 {
				break // "two explosions killed", "three gunmen killed"
			}
		}
		i += used - 1
		if skip > 0 {
			i = skip - 1 // the second member of the sum is read
		}
	}
	if !kFound {
		if v, ok := singleVictim(toks, a, b); ok {
			killed = &v
		}
	}
	return killed, injured
}

// diedAmong reports whether toks[from:j] is "of the" (or "of those") before
// the injured word at j, and a death verb follows within four words: "two of
// the wounded later died", "three of those injured succumbed".
func diedAmong(toks []token, from, j, b int) bool {
	if j-from != 2 || toks[from].Low != "of" || (toks[from+1].Low != "the" && toks[from+1].Low != "those") {
		return false
	}
	for k := j + 1; k < b && k <= j+4; k++ {
		switch toks[k].Low {
		case "died", "dies", "succumbed", "dead", "perished":
			return true
		}
		if toks[k].Kind == tokPunct {
			return false
		}
	}
	return false
}

// asideWords open a parenthetical inside a count: "14 people, including
// three children, were killed".
var asideWords = wordSet("including", "among", "mostly", "most", "many", "all", "mainly")

// asideEnd returns the index of the comma that closes a parenthetical
// starting at j, or 0.
func asideEnd(toks []token, j, b int) int {
	for e := j; e < b && e <= j+10; e++ {
		if toks[e].Low == "," {
			return e
		}
		if toks[e].Kind == tokPunct && toks[e].Low != "-" {
			return 0
		}
	}
	return 0
}

// andCount reads the second member of a coordinated count at j: "a
// civilian", "three police officers"; it returns the count and where the
// words after it start.
func andCount(toks []token, j, b int) (int, int, bool) {
	if j >= b {
		return 0, 0, false
	}
	v, used := 1, 1
	switch toks[j].Low {
	case "a", "an", "one":
	default:
		n, u, ok := numberAt(toks, j, b)
		if !ok || n < 0 || isYear(toks, j, n) {
			return 0, 0, false
		}
		v, used = n, u
	}
	return v, j + used, true
}

// casualtyAfter looks, within four words after k (nouns, "were", "was"),
// for a death or injury word: "killed", "injured" or "" when another clause
// starts first.
func casualtyAfter(toks []token, k, b int) string {
	for j, n := k, 0; j < b && n < 4; j, n = j+1, n+1 {
		t := toks[j]
		if t.Kind != tokWord || t.Low == "and" || numberWords[t.Low] > 0 {
			return ""
		}
		if killedWords[t.Low] && t.Low != "lives" {
			return "killed"
		}
		if injuredWords[t.Low] {
			return "injured"
		}
	}
	return ""
}

// killPhraseLen returns the length of a killing phrase at i that takes its
// victims as object ("shot dead", "gunned down", "stabbed to death"), or 0.
func killPhraseLen(toks []token, i, b int) int {
	w := toks[i].Low
	next := func(k int) string {
		if i+k < b {
			return toks[i+k].Low
		}
		return ""
	}
	switch {
	case w == "shot" && next(1) == "dead", w == "gunned" && next(1) == "down", w == "cut" && next(1) == "down":
		return 2
	case (w == "stabbed" || w == "beaten" || w == "hacked" || w == "burned" || w == "burnt") && next(1) == "to" && next(2) == "death":
		return 3
	case w == "beheaded" || w == "executed" || w == "murdered" || w == "assassinated":
		return 1
	}
	return 0
}

// singleVictims are nouns of one person killed.
var singleVictims = wordSet("man", "woman", "boy", "girl", "child", "soldier", "policeman", "policewoman", "officer",
	"teacher", "student", "worker", "farmer", "driver", "civilian", "guard", "resident", "shopkeeper", "trader", "person",
	"doctor", "nurse", "tourist", "pilgrim", "worshipper", "businessman", "engineer", "villager", "pupil", "constable")

// singleVictim reads one person killed: "gunmen shot dead a tribal elder",
// "an activist was shot dead", with "along with two of his guards" added:
// the count is 1 + those named with the victim.
func singleVictim(toks []token, a, b int) (int, bool) {
	person := func(l string) bool { return singleVictims[l] || prominentVictims[l] }
	for i := a; i < b; i++ {
		n := killPhraseLen(toks, i, b)
		if n == 0 && (toks[i].Low == "killed" || toks[i].Low == "killing") {
			n = 1
		}
		if n == 0 {
			continue
		}
		found := false
		// forward: "shot dead a pro-government tribal elder"
		if j := i + n; j < b && (toks[j].Low == "a" || toks[j].Low == "an") {
			for k := j + 1; k < b && k <= j+5; k++ {
				if toks[k].Kind == tokPunct && toks[k].Low != "-" {
					break
				}
				if person(toks[k].Low) {
					found = true
					break
				}
			}
		}
		// backward: "an independent candidate ... was shot dead"
		if !found && i > a && (toks[i-1].Low == "was" || toks[i-1].Low == "been" && i-2 >= a && toks[i-2].Low == "has") {
			for k := i - 2; k >= a && k >= i-10; k-- {
				if toks[k].Kind == tokPunct && toks[k].Low != "-" && toks[k].Low != `"` {
					break
				}
				if person(toks[k].Low) {
					for m := k - 1; m >= a && m >= k-7; m-- {
						if toks[m].Low == "a" || toks[m].Low == "an" {
							found = true
							break
						}
					}
					break
				}
			}
		}
		if !found {
			continue
		}
		total := 1
		for k := i + n; k+2 < b && k <= i+n+12; k++ {
			if toks[k].Low == "along" && toks[k+1].Low == "with" {
				if v, _, ok := numberAt(toks, k+2, b); ok && v > 0 {
					total += v
				}
				break
			}
		}
		return total, true
	}
	return 0, false
}

// perpetratorNouns are counted attackers, not victims.
var perpetratorNouns = wordSet("gunmen", "attackers", "bombers", "assailants", "explosions", "bombs", "blasts", "attacks",
	"attack", "suicide", "grenades", "rockets", "mortars", "drones", "vehicles", "cars")

// isYear tells a four-digit year from a count.
func isYear(toks []token, i, v int) bool {
	if v < 1900 || v > 2100 {
		return false
	}
	return !strings.Contains(toks[i].Low, ",")
}

// isAge tells an age from a count: "a man aged 31", "a 31-year-old man",
// "31 years old", "age 31".
func isAge(toks []token, i, used, b int) bool {
	if i > 0 && (toks[i-1].Low == "aged" || toks[i-1].Low == "age" || toks[i-1].Low == "ages") {
		return true
	}
	j := i + used
	if j < b && toks[j].Low == "-" {
		j++
	}
	return j+1 < b && (toks[j].Low == "year" || toks[j].Low == "years") && (toks[j+1].Low == "old" || toks[j+1].Low == "-")
}
