package extractor

import (
	"sort"

	"github.com/claimwatch/claimwatch/pipeline"
)

// corefWindow is how many sentences back "the group" or "it" may look for
// the named group it stands for.
const corefWindow = 2

// coref resolves generic group phrases ("the group", "the militant
// organisation", "the militants") and subject pronouns to the nearest
// preceding named militant group within corefWindow sentences.
type coref struct {
	gaz       *Gazetteer
	sentStart []int // sentence starts, for distances
	militants []mention
	idx       []int // mention index of each militant
}

func newCoref(g *Gazetteer, sents []segment, ms []mention) *coref {
	c := &coref{gaz: g}
	for _, s := range sents {
		c.sentStart = append(c.sentStart, s.Start)
	}
	for i, m := range ms {
		if g.entries[m.Group].Kind == pipeline.KindMilitant {
			c.militants = append(c.militants, m)
			c.idx = append(c.idx, i)
		}
	}
	return c
}

func (c *coref) sentenceOf(pos int) int {
	return sort.SearchInts(c.sentStart, pos+1) - 1
}

// before returns the index of the last militant mention that starts before
// pos and lies within the window, or -1.
func (c *coref) before(pos int) int {
	k := sort.Search(len(c.militants), func(i int) bool { return c.militants[i].Start >= pos }) - 1
	if k < 0 {
		return -1
	}
	if c.sentenceOf(pos)-c.sentenceOf(c.militants[k].Start) > corefWindow {
		return -1
	}
	return c.idx[k]
}

// resolveGenerics replaces "the (militant) group" tokens by group tokens
// pointing at new generic mentions appended to *all.
func (c *coref) resolveGenerics(toks []token, all *[]mention) []token {
	out := make([]token, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == tokWord && (t.Low == "the" || t.Low == "this") {
			j := i + 1
			for j < len(toks) && j <= i+2 && genericModifiers[toks[j].Low] {
				j++
			}
			if j < len(toks) && genericHeads[toks[j].Low] && toks[j].Kind == tokWord &&
				!(j+1 < len(toks) && toks[j+1].Low == "of") && !(j+1 < len(toks) && toks[j+1].Kind == tokGroup) {
				if ref := c.before(t.Start); ref >= 0 {
					m := (*all)[ref]
					*all = append(*all, mention{Start: t.Start, End: toks[j].End, Group: m.Group, Alias: m.Alias, Generic: true})
					out = append(out, token{Start: t.Start, End: toks[j].End, Low: "the " + toks[j].Low, Kind: tokGroup, Mention: len(*all) - 1})
					i = j
					continue
				}
			}
		}
		out = append(out, t)
	}
	return out
}
