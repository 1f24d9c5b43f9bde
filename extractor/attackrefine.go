package extractor

// Refinements of the attack type that need more than one trigger word.

// prominentVictims are victims whose deliberate killing GTD codes as an
// assassination: office holders, candidates, officials, leaders, activists.
var prominentVictims = wordSet("candidate", "politician", "lawmaker", "legislator", "mp", "senator", "congressman",
	"mayor", "governor", "minister", "official", "elder", "activist", "journalist", "judge", "prosecutor", "cleric",
	"imam", "priest", "bishop", "councillor", "councilor", "chief", "commander", "leader", "spokesman", "diplomat",
	"ambassador", "envoy", "lawyer", "headman", "chairman", "deputy", "president", "mufti", "scholar", "reporter", "editor")

// killVerbs that, with a prominent victim, make an assassination.
var killVerbs = wordSet("shot dead", "gunned down", "shot", "killed", "murdered", "stabbed", "assassinated")

// personAttackers make a bare "attacked"/"attack" an armed assault: people
// with weapons, not explosives (which have their own triggers).
var personAttackers = wordSet("militants", "fighters", "gunmen", "insurgents", "jihadists", "rebels", "attackers",
	"assailants", "raiders", "guerrillas", "militiamen", "extremists", "terrorists")

// refineType refines the type chosen from triggers:
//   - a shooting or killing whose victim is a prominent person ("gunmen shot
//     dead a tribal elder", "an activist was shot dead") is an assassination;
//   - a bare attack by people ("militants attacked a checkpoint") with no
//     explosive word is an armed assault.
func refineType(typ string, toks []token, a, b int, sent []token) string {
	switch typ {
	case TypeArmedAssault:
		if killedProminent(toks, a, b) {
			return TypeAssassination
		}
	case TypeUnknown:
		if killedProminent(toks, a, b) {
			return TypeAssassination
		}
		for i := a; i < b; i++ {
			if meleeWeapons[toks[i].Low] {
				return TypeArmedAssault // "a man armed with a knife attacked"
			}
		}
		// the attackers are named near the attack word (a bounded window,
		// so that a sentence of many attacks stays linear)
		for i := max(0, a-12); i < min(len(sent), b+12); i++ {
			if sent[i].Kind == tokWord && personAttackers[sent[i].Low] {
				return TypeArmedAssault
			}
		}
	}
	return typ
}

// killedProminent reports a killing verb within a few words of a prominent
// victim noun (singular: a person, not "officials" in general) in toks[a:b],
// with no explosive word in the region.
func killedProminent(toks []token, a, b int) bool {
	kill, victim := -1, -1
	for i := a; i < b; i++ {
		l := toks[i].Low
		switch l {
		case "bomb", "bombing", "blast", "explosion", "explosive", "ied", "grenade", "rocket", "mortar", "suicide", "drone", "missile":
			return false
		}
		if killVerbs[l] || l == "shot" && i+1 < b && toks[i+1].Low == "dead" || l == "gunned" {
			kill = i
		}
		if prominentVictims[l] && victim < 0 {
			victim = i
		}
	}
	if kill < 0 || victim < 0 {
		return false
	}
	d := kill - victim
	if d < 0 {
		d = -d
	}
	return d <= 8
}

// sportsArticle reports a sports report: sports words in three sentences
// or more of the text ("derby", "bonus-point", "peloton" ...), where
// "attacked" and "claimed" are play and results.
func sportsArticle(sents [][]token) bool {
	n := 0
	for _, st := range sents {
		for _, t := range st {
			if sportsWords[t.Low] {
				n++
				break
			}
		}
		if n >= 3 {
			return true
		}
	}
	return false
}

// abstractTargets after "attacked"/"attack on" make the attack verbal:
// "attacked the cost estimates", "an attack on the government's record".
var abstractTargets = wordSet("estimates", "estimate", "figures", "plan", "plans", "policy", "policies", "bill", "bills",
	"proposal", "proposals", "decision", "record", "remarks", "comments", "idea", "ideas", "report", "reports", "budget",
	"law", "legislation", "democracy", "freedom", "media", "press", "critics", "opponents", "rivals", "leadership",
	"stance", "statement", "speech", "credibility", "reputation", "claims", "strategy", "approach", "handling", "reforms", "deal")

// verbalAttack reports an "attack" word whose object is an idea or a text:
// criticism, not violence.
func verbalAttack(toks []token, h triggerHit, b int) bool {
	switch h.word {
	case "attack", "attacked", "attacks", "attacking", "assault":
	default:
		return false
	}
	for k, n := h.i+h.n, 0; k < b && n < 4; k, n = k+1, n+1 {
		l := toks[k].Low
		if abstractTargets[l] {
			return true
		}
		if toks[k].Kind == tokPunct {
			return false
		}
	}
	return false
}

// stateActors carry out raids that are law enforcement, not attacks.
var stateActors = wordSet("police", "troops", "army", "military", "soldiers", "commandos", "forces", "officers", "agents",
	"security", "counter-terrorism", "counterterrorism", "authorities", "navy", "marines", "fbi", "swat")

// stateRaid reports a state actor within three words before the raid word at i.
func stateRaid(toks []token, i, a int) bool {
	for k := i - 1; k >= a && k >= i-3; k-- {
		if stateActors[toks[k].Low] {
			return true
		}
	}
	return false
}

// meleeWeapons and firearms make a bare attack an armed assault.
var meleeWeapons = wordSet("knife", "knives", "machete", "machetes", "axe", "axes", "sword", "swords", "gun", "guns",
	"rifle", "rifles", "pistol", "pistols", "firearm", "firearms", "kalashnikov", "kalashnikovs", "ak-47", "handgun", "shotgun")
