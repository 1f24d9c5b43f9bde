package extractor

import "strings"

// GTD attack types, snake_case as in the extraction contract.
const (
	TypeAssassination  = "assassination"
	TypeArmedAssault   = "armed_assault"
	TypeBombing        = "bombing"
	TypeHijacking      = "hijacking"
	TypeHostage        = "hostage_barricade"
	TypeKidnapping     = "kidnapping"
	TypeFacilityAttack = "facility_attack"
	TypeUnarmedAssault = "unarmed_assault"
	TypeUnknown        = "unknown"
)

// typeRank is the GTD hierarchy: when a text names several attack types the
// one ranked first wins (a suicide bombing that also had gunmen is a bombing).
var typeRank = map[string]int{
	TypeAssassination: 1, TypeHijacking: 2, TypeKidnapping: 3, TypeHostage: 4,
	TypeBombing: 5, TypeArmedAssault: 6, TypeUnarmedAssault: 7, TypeFacilityAttack: 8, TypeUnknown: 9,
}

// trigger is an attack word or phrase.
type trigger struct {
	words  []string // lower-case token sequence
	typ    string
	plural bool // a plural noun: attacks in general, not one incident
	weak   bool // "killing": the type only when nothing better names the attack
}

// attackLexicon lists attack triggers. Single words are matched on whole
// tokens; phrases on consecutive tokens.
var attackLexicon = buildTriggers(map[string][]string{
	TypeAssassination: {"assassination", "assassinated", "assassinating", "assassinate", "targeted killing", "assassination attempt"},
	TypeHijacking:     {"hijacking", "hijacked", "hijack", "skyjacking"},
	TypeKidnapping:    {"kidnapping", "kidnapped", "kidnap", "abduction", "abducted", "abducting", "abduct", "taken captive", "seized hostage"},
	TypeHostage:       {"hostage taking", "hostage-taking", "took hostages", "took hostage", "taken hostage", "held hostage", "holding hostages", "siege", "barricaded"},
	TypeBombing: {"bombing", "bombed", "bomb attack", "bomb blast", "blast", "explosion", "exploded", "detonated", "detonation",
		"car bomb", "truck bomb", "roadside bomb", "suicide bomber", "suicide bombing", "suicide attack", "suicide blast",
		"ied", "vbied", "grenade attack", "explosive device", "blew himself up", "blew herself up", "blew themselves up",
		"self-detonated", "rocket attack", "mortar attack", "bomb went off", "bomb exploded",
		"fired rockets", "fired a rocket", "rocket fire", "mortar fire", "rockets were fired", "missile attack", "drone attack",
		"bomb", "pipe bomb", "nail bomb", "parcel bomb", "letter bomb", "sticky bomb", "landmine", "land mine", "booby trap",
		"improvised explosive", "missile fired", "missile struck", "missile hit", "rocket hit", "rocket struck", "threw a grenade", "hurled a grenade",
		"fired mortars", "fired a mortar", "mortar shell", "mortar shells", "mortar rounds", "fired missiles", "fired a missile",
		"rocket-propelled grenade", "hurled grenades", "threw grenades", "lobbed grenades", "grenade blast", "shelled", "shelling"},
	TypeArmedAssault: {"shooting", "gunmen", "gunman", "opened fire", "gun attack", "shot dead", "gunned down", "ambush", "ambushed",
		"massacre", "massacred", "armed assault", "armed attack", "stormed", "killing of", "killings of", "knife attack", "stabbing", "stabbed", "beheading", "beheaded", "firing on"},
	TypeUnarmedAssault: {"acid attack", "poisoning", "poisoned", "beaten to death", "chemical attack"},
	TypeFacilityAttack: {"arson", "arson attack", "set fire", "set ablaze", "torched", "burned down", "burnt down", "sabotage", "sabotaged", "vandalised", "vandalized", "set on fire"},
	TypeUnknown:        {"attack", "attacked", "assault", "terror attack", "terrorist attack", "incident", "raid", "raided"},
})

// pluralTriggers name attacks in general ("its attacks"); they make an
// incident only with a casualty count ("the coordinated attacks in Paris
// that killed 129").
var pluralTriggers = map[string]string{"attacks": TypeUnknown, "bombings": TypeBombing, "blasts": TypeBombing,
	"explosions": TypeBombing, "shootings": TypeArmedAssault, "kidnappings": TypeKidnapping, "abductions": TypeKidnapping,
	"assassinations": TypeAssassination, "hijackings": TypeHijacking, "massacres": TypeArmedAssault, "ambushes": TypeArmedAssault, "raids": TypeUnknown}

func buildTriggers(m map[string][]string) []trigger {
	var out []trigger
	for typ, phrases := range m {
		for _, p := range phrases {
			words := strings.Fields(strings.ReplaceAll(p, "-", " - "))
			out = append(out, trigger{words: words, typ: typ})
		}
	}
	// longest phrases first so that "suicide bombing" wins over "bombing"
	sortTriggers(out)
	return out
}

func sortTriggers(ts []trigger) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && lessTrigger(ts[j], ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

func lessTrigger(a, b trigger) bool {
	if len(a.words) != len(b.words) {
		return len(a.words) > len(b.words)
	}
	return strings.Join(a.words, " ") < strings.Join(b.words, " ")
}

// triggerHit is a trigger found at token i (n tokens long).
type triggerHit struct {
	i, n   int
	typ    string
	word   string
	plural bool
}

// triggersByFirst indexes attackLexicon by first word, longest first.
var triggersByFirst = func() map[string][]trigger {
	m := map[string][]trigger{}
	for _, t := range attackLexicon {
		m[t.words[0]] = append(m[t.words[0]], t)
	}
	return m
}()

// matchTriggers finds attack triggers in toks[a:b], not overlapping.
func matchTriggers(toks []token, a, b int) []triggerHit {
	var out []triggerHit
	for i := a; i < b; {
		hit := false
		for _, t := range triggersByFirst[toks[i].Low] {
			if i+len(t.words) > b {
				continue
			}
			ok := true
			for k, w := range t.words {
				if toks[i+k].Low != w {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, triggerHit{i: i, n: len(t.words), typ: t.typ, word: strings.Join(t.words, " ")})
				i += len(t.words)
				hit = true
				break
			}
		}
		if !hit {
			if typ, ok := pluralTriggers[toks[i].Low]; ok && toks[i].Kind == tokWord {
				if typ == TypeUnknown && i > a && (toks[i-1].Low == "suicide" || toks[i-1].Low == "bomb") {
					typ = TypeBombing
				}
				out = append(out, triggerHit{i: i, n: 1, typ: typ, word: toks[i].Low, plural: true})
			}
			i++
		}
	}
	return out
}

// nonAttackBefore are words that make an attack word no incident:
// foiled, planned, hypothetical or generic attacks, medical and cyber attacks.
var nonAttackBefore = wordSet("foiled", "thwarted", "prevented", "averted", "planned", "planning", "plotting", "plot",
	"future", "possible", "potential", "any", "every", "such", "would", "could", "heart", "panic", "cyber", "asthma",
	"verbal", "personal", "no", "next", "another", "fear", "feared", "fears", "threat", "threatened", "threatening",
	"warned", "warning", "mock", "imminent")

// nonAttackAfter: "attack on democracy", "attack plan".
var nonAttackAfter = wordSet("plan", "plans", "plot", "plots", "threat", "threats", "helicopter", "helicopters", "dog", "dogs", "submarine", "ads", "ad",
	"squad", "squads", "disposal", "shelter", "shelters", "maker", "makers", "making", "hoax", "scare", "factory", "factories", "workshop")

// sportsWords mark sports reports, where "attack" and "shooting" are play.
var sportsWords = wordSet("match", "goal", "goals", "striker", "midfielder", "midfield", "defender", "league", "tournament",
	"football", "soccer", "cricket", "wicket", "wickets", "innings", "rugby", "basketball", "hockey", "scored", "penalty",
	"fixture", "batsman", "bowler", "keeper", "goalkeeper", "olympic", "olympics", "championship", "semi-final", "quarterfinal",
	"coach", "season", "stadium", "attacking", "teammates", "playoff", "playoffs", "nba", "nfl", "fifa", "uefa",
	"derby", "bonus-point", "scrum", "fly-half", "winger", "tries", "peloton", "cyclist", "cycling", "climber", "sprinter",
	"jersey", "podium", "medal", "tennis", "golf", "marathon", "halftime", "half-time", "semifinal", "finals", "squad", "referee")

// weakInSports are triggers that sports reports use for play.
var weakInSports = wordSet("attack", "attacked", "assault", "shooting", "ambush", "ambushed", "stormed", "blast", "explosion", "massacre", "massacred", "hijack", "bombed")
