package extractor

import (
	"sort"
	"strings"
)

// targetLexicon maps words and phrases to GTD target types (snake_case).
// Phrases are matched on consecutive tokens, longest first.
var targetLexicon = buildPhraseMap(map[string][]string{
	"religious_figures_institutions": {"mosque", "mosques", "church", "churches", "temple", "temples", "imambargah", "imambargahs",
		"shrine", "shrines", "gurdwara", "gurudwara", "synagogue", "worshippers", "worshipers", "cleric", "clerics", "imam",
		"priest", "priests", "pilgrims", "congregation", "prayer hall", "religious leader", "religious scholar", "monastery"},
	"educational_institution": {"school", "schools", "schoolgirls", "schoolchildren", "university", "college", "students",
		"teachers", "madrasa", "madrassa", "madrasah", "seminary", "classroom", "campus", "girls school", "education centre", "education center"},
	"airports_aircraft": {"airport", "airports", "aircraft", "airliner", "plane", "flight", "airfield", "airstrip", "terminal"},
	"journalists_media": {"journalist", "journalists", "reporter", "reporters", "tv station", "television station", "radio station",
		"newspaper", "media workers", "media outlet", "broadcaster", "cameraman", "news agency", "press club"},
	"police": {"police", "policeman", "policemen", "policewoman", "police station", "police post", "police checkpoint",
		"police officers", "police officer", "constable", "constables", "gendarmes", "gendarmerie"},
	"military": {"soldiers", "soldier", "troops", "army base", "military base", "military convoy", "convoy", "barracks",
		"army post", "checkpoint", "military", "army", "servicemen", "paramilitary", "peacekeepers", "garrison", "outpost"},
	"government": {"government officials", "government official", "ministry", "parliament", "governor", "mayor",
		"lawmaker", "lawmakers", "minister", "government building", "government office", "compound of the governor",
		"election", "polling station", "polling stations", "court", "judge", "judges"},
	"government_diplomatic": {"embassy", "consulate", "diplomat", "diplomats", "ambassador", "diplomatic"},
	"business":              {"market", "bazaar", "bank", "hotel", "restaurant", "shop", "shops", "mall", "shopping", "company", "factory", "office", "businessman", "cafe"},
	"transportation":        {"bus", "buses", "train", "railway", "bus station", "railway station", "train station", "metro", "subway", "highway", "passengers", "minibus", "bridge"},
	"utilities":             {"power line", "pylon", "pipeline", "power station", "power plant", "electricity", "gas pipeline", "water pipeline", "grid"},
	"ngo":                   {"aid workers", "aid worker", "ngo", "charity", "humanitarian", "red cross", "relief workers", "vaccinators", "polio workers"},
	"tourists":              {"tourists", "tourist", "holidaymakers", "sightseers"},
	"telecommunication":     {"telecom tower", "mobile tower", "phone mast", "cell tower", "telecommunications"},
	"maritime":              {"ship", "vessel", "tanker", "port", "boat", "ferry", "fishing boat"},
	"food_water_supply":     {"water supply", "reservoir", "water plant"},
	"private_citizens_property": {"civilians", "civilian", "villagers", "village", "wedding", "funeral", "crowd", "residents",
		"women", "children", "worshipers at home", "family", "families", "homes", "house", "houses", "people", "shoppers",
		"refugees", "displaced", "rally", "procession", "gathering", "farmers"},
	"terrorists_non_state_militia": {"militants", "rival militants", "militia", "militiamen", "rebels"},
})

type phraseMap struct {
	phrases [][]string
	labels  []string
	first   map[string][]int // phrase indices by first word, longest first
}

func buildPhraseMap(m map[string][]string) phraseMap {
	type pl struct {
		w []string
		l string
	}
	var all []pl
	for label, ps := range m {
		for _, p := range ps {
			all = append(all, pl{strings.Fields(p), label})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if len(all[i].w) != len(all[j].w) {
			return len(all[i].w) > len(all[j].w)
		}
		return strings.Join(all[i].w, " ") < strings.Join(all[j].w, " ")
	})
	var pm phraseMap
	for _, p := range all {
		pm.phrases = append(pm.phrases, p.w)
		pm.labels = append(pm.labels, p.l)
	}
	pm.first = map[string][]int{}
	for k, p := range pm.phrases {
		pm.first[p[0]] = append(pm.first[p[0]], k)
	}
	return pm
}

// labels returns the distinct labels of phrases in toks[a:b], in order of
// first appearance. Private citizens are reported only when nothing more
// specific names the target.
func (pm phraseMap) match(toks []token, a, b int) []string {
	var out []string
	seen := map[string]bool{}
	for i := a; i < b; {
		n := 1
		cands := pm.first[toks[i].Low]
		if len(cands) == 0 && strings.HasSuffix(toks[i].Low, "s") {
			cands = pm.first[strings.TrimSuffix(toks[i].Low, "s")] // "hotels", "markets"
		}
		for _, k := range cands {
			p := pm.phrases[k]
			if i+len(p) > b {
				continue
			}
			ok := true
			for j, w := range p {
				tw := toks[i+j].Low
				if j == len(p)-1 && tw != w && tw == w+"s" {
					tw = w
				}
				if toks[i+j].Kind == tokGroup || tw != w {
					ok = false
					break
				}
			}
			if ok {
				if l := pm.labels[k]; !seen[l] {
					seen[l] = true
					out = append(out, l)
				}
				n = len(p)
				break
			}
		}
		i += n
	}
	if len(out) > 1 {
		// generic people words give way to specific targets
		filtered := out[:0]
		for _, l := range out {
			if l != "private_citizens_property" && l != "terrorists_non_state_militia" {
				filtered = append(filtered, l)
			}
		}
		if len(filtered) > 0 {
			out = filtered
		}
	}
	return out
}
