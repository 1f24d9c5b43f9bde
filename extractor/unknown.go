package extractor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/pipeline"
)

// unknownHeads end names of armed groups: "Brigades", "Front", "Army".
var unknownHeads = wordSet("Brigades", "Brigade", "Front", "Army", "Movement", "Battalion", "Battalions", "Mujahideen", "Mujahidin")

// unknownStops are capitalised words that start no group name: state armies
// ("Pakistan Army", "National Army"), sentence starters and titles.
var unknownStops = wordSet("The", "A", "An", "National", "Royal", "Red", "US", "U.S.", "British", "Pakistan", "Pakistani", "Afghan",
	"Indian", "Israeli", "Syrian", "Iraqi", "Russian", "Ukrainian", "Nigerian", "French", "American", "Chinese", "Iranian",
	"Turkish", "Egyptian", "Lebanese", "Libyan", "Yemeni", "Somali", "Kenyan", "Malian", "Sudanese", "Ethiopian", "Myanmar",
	"Bangladesh", "Sri", "Philippine", "Colombian", "Mexican", "Saudi", "Continental", "Salvation", "Popular", "People's",
	"Peoples", "Republican", "Democratic", "Liberal", "Conservative", "Labour", "In", "On", "At", "By", "And", "But", "For", "Of")

// unknownGroups surfaces capitalised names ending in a group head that the
// gazetteer does not know, with kind "unknown" and a slug id. They never
// carry claims.
func unknownGroups(text string, known []mention) []pipeline.GroupMention {
	var out []pipeline.GroupMention
	pos := map[string]int{}
	// scan words
	type w struct {
		s, e int
		t    string
	}
	words := make([]w, 0, len(text)/6+8)
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += sz
			continue
		}
		j := i
		for j < len(text) {
			r2, sz2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && r2 != '-' && r2 != '\'' {
				break
			}
			j += sz2
		}
		words = append(words, w{i, j, text[i:j]})
		i = j
	}
	for k, wd := range words {
		if !unknownHeads[wd.t] {
			continue
		}
		// capitalised words before the head, joined by single spaces (or "of", "al-")
		start := k
		for j := k - 1; j >= 0 && k-j <= 5; j-- {
			between := text[words[j].e:words[j+1].s]
			if between != " " {
				break
			}
			r, _ := utf8.DecodeRuneInString(words[j].t)
			if !unicode.IsUpper(r) && words[j].t != "of" && words[j].t != "al" {
				break
			}
			start = j
		}
		for start < k && (words[start].t == "of" || words[start].t == "al" || unknownStops[words[start].t]) {
			start++
		}
		if k-start < 1 {
			continue
		}
		for j := start; j < k; j++ {
			if unknownStops[words[j].t] {
				start = -1
				break
			}
		}
		if start < 0 {
			continue
		}
		s, e := words[start].s, wd.e
		overl := false
		for _, m := range known {
			if m.Start < e && s < m.End {
				overl = true
				break
			}
		}
		if overl {
			continue
		}
		name := text[s:e]
		id := "unknown:" + strings.ReplaceAll(normalizeString(name), " ", "-")
		i, ok := pos[id]
		if !ok {
			i = len(out)
			pos[id] = i
			out = append(out, pipeline.GroupMention{ID: id, Name: name, Kind: pipeline.KindUnknown, Mentions: []pipeline.Span{}})
		}
		out[i].Mentions = append(out[i].Mentions, pipeline.Span{Start: s, End: e, Text: name})
	}
	return out
}
