package extractor

import (
	"strings"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Subsidiary phrases: "Islamic State's regional affiliate", "al Qaeda's
// Yemeni branch", "an al Qaeda offshoot", "a TTP faction". The group named
// in such a phrase is not the actor: its affiliate is. The phrase stands for
// the one militant group of the article that the gazetteer lists as a
// descendant (parents, transitively) of the named group; when the article
// names none (or several), the phrase names no known group and carries no
// claim. An armed or political "wing" is part of its organisation and is
// left alone ("Hamas's armed wing said" speaks for Hamas).

// subsidiaryNouns head a subsidiary phrase.
var subsidiaryNouns = wordSet("affiliate", "affiliates", "branch", "branches", "offshoot", "offshoots", "franchise",
	"faction", "factions", "splinter", "province", "chapter", "subgroup", "spinoff", "spin-off", "ally", "allies",
	"proxy", "proxies", "dissidents", "dissident")

// subsidiaryStops may not sit between the group and the subsidiary noun.
var subsidiaryStops = wordSet("and", "or", "the", "a", "an", "of", "in", "on", "by", "to", "for", "with", "said", "says",
	"claimed", "denied", "was", "is", "were", "are")

// subsidiaryEnd returns the index of the subsidiary noun that the group
// token at j heads ("X's regional affiliate", "X affiliate", "X dissident
// faction"), or -1.
func subsidiaryEnd(toks []token, j int) int {
	for k, n := j+1, 0; k < len(toks) && n < 3; k, n = k+1, n+1 {
		t := toks[k]
		if t.Kind != tokWord || subsidiaryStops[t.Low] {
			return -1
		}
		if subsidiaryNouns[t.Low] {
			// "dissident" as an adjective: "FARC dissident faction"
			if (t.Low == "dissident" || t.Low == "dissidents") && k+1 < len(toks) && subsidiaryNouns[toks[k+1].Low] {
				continue
			}
			return k
		}
	}
	return -1
}

// subsidiaryOf reports a subsidiary noun before the group token at j:
// "a faction of X", "an offshoot of the former X", "a faction of dissidents
// from X".
func subsidiaryOf(toks []token, j int) bool {
	for k, n := j-1, 0; k >= 0 && n < 6; k, n = k-1, n+1 {
		t := toks[k]
		if t.Kind != tokWord {
			return false
		}
		if subsidiaryNouns[t.Low] && t.Low != "dissident" && k+1 < j && (toks[k+1].Low == "of" || toks[k+1].Low == "from") {
			return true
		}
		switch t.Low {
		case "of", "from", "the", "former", "dissidents", "fighters", "members", "elements", "ex", "breakaway", "local", "regional":
			continue
		}
		return false
	}
	return false
}

// isDescendant reports whether group child lists group anc among its
// parents, transitively.
func (g *Gazetteer) isDescendant(child, anc int) bool {
	seen := map[int]bool{}
	stack := []int{child}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		for _, p := range g.entries[x].Parents {
			pi, ok := g.byID[p]
			if !ok {
				continue
			}
			if pi == anc {
				return true
			}
			stack = append(stack, pi)
		}
	}
	return false
}

// resolveSubsidiaries rewrites subsidiary phrases in toks: into a group
// token of the article's unique descendant of the named group (a new
// generic mention appended to *all), or into a plain word when there is
// none. named are the article's named mentions.
func resolveSubsidiaries(g *Gazetteer, desc [][]int, toks []token, all *[]mention, named []mention) []token {
	var out []token
	changed := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != tokGroup || (*all)[t.Mention].Generic || g.entries[(*all)[t.Mention].Group].Kind != pipeline.KindMilitant {
			if changed {
				out = append(out, t)
			}
			continue
		}
		k := subsidiaryEnd(toks, i)
		start := t.Start
		if k < 0 && subsidiaryOf(toks, i) {
			k, start = i, t.Start // "a faction of dissidents from the former X": X stands for the faction
		}
		if k < 0 {
			if changed {
				out = append(out, t)
			}
			continue
		}
		if !changed {
			out = append(out, toks[:i]...)
			changed = true
		}
		anc := (*all)[t.Mention].Group
		child := -1
		for _, m := range named {
			if m.Group == anc || m.Generic || !g.isDescendant(m.Group, anc) {
				continue
			}
			if child >= 0 && named[child].Group != m.Group {
				child = -2 // several: ambiguous
				break
			}
			if child == -1 {
				child = indexOfMention(named, m)
			}
		}
		if child == -1 && k > i {
			// none named in the article: the descendant whose names hold the
			// words of the phrase ("Islamic State's Khorasan province")
			if d := descendantByWords(g, desc, anc, toks[i+1:k]); d >= 0 {
				*all = append(*all, mention{Start: start, End: toks[k].End, Group: d, Alias: g.entries[d].Name, Generic: true})
				out = append(out, token{Start: start, End: toks[k].End, Low: toks[k].Low, Kind: tokGroup, Mention: len(*all) - 1})
				i = k
				continue
			}
		}
		if child >= 0 {
			m := named[child]
			*all = append(*all, mention{Start: start, End: toks[k].End, Group: m.Group, Alias: m.Alias, Generic: true})
			out = append(out, token{Start: start, End: toks[k].End, Low: toks[k].Low, Kind: tokGroup, Mention: len(*all) - 1})
		} else {
			out = append(out, token{Start: start, End: toks[k].End, Low: toks[k].Low, Kind: tokWord, Mention: -1})
		}
		i = k
	}
	if !changed {
		return toks
	}
	return out
}

func indexOfMention(ms []mention, m mention) int {
	for i := range ms {
		if ms[i].Start == m.Start && ms[i].End == m.End && ms[i].Group == m.Group && ms[i].Alias == m.Alias &&
			ms[i].Fuzzy == m.Fuzzy && ms[i].Generic == m.Generic {
			return i
		}
	}
	return -1
}

// descendantsTable lists, per group, the groups that have it as an ancestor.
func descendantsTable(g *Gazetteer) [][]int {
	out := make([][]int, len(g.entries))
	for x := range g.entries {
		// walk x's ancestors once
		seen := map[int]bool{x: true}
		stack := []int{x}
		for len(stack) > 0 {
			y := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, p := range g.entries[y].Parents {
				pi, ok := g.byID[p]
				if !ok || seen[pi] {
					continue
				}
				seen[pi] = true
				out[pi] = append(out[pi], x)
				stack = append(stack, pi)
			}
		}
	}
	return out
}

// descendantByWords returns the one descendant of anc whose name or an alias
// contains every word of ws (folded), or -1. Words like "regional" that no
// name holds give -1.
func descendantByWords(g *Gazetteer, desc [][]int, anc int, ws []token) int {
	if anc >= len(desc) || len(ws) == 0 {
		return -1
	}
	found := -1
	for _, d := range desc[anc] {
		e := g.entries[d]
		names := append([]string{e.Name}, e.Aliases...)
		ok := false
		for _, n := range names {
			fields := " " + normalizeString(n) + " "
			all := true
			for _, w := range ws {
				if !strings.Contains(fields, " "+normalizeString(w.Low)+" ") {
					all = false
					break
				}
			}
			if all {
				ok = true
				break
			}
		}
		if ok {
			if found >= 0 {
				return -1
			}
			found = d
		}
	}
	return found
}
