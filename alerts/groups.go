package alerts

import (
	"fmt"
	"sort"
	"strings"

	"github.com/claimwatch/claimwatch/extractor"
)

// groupExpander answers "which groups does a rule on G also cover" from the
// gazetteer's parents and affiliates.
type groupExpander struct {
	gaz      *extractor.Gazetteer
	children map[string][]string // parent -> groups listing it as a parent
	affil    map[string][]string // symmetric affiliate relation
}

func newGroupExpander(gaz *extractor.Gazetteer) *groupExpander {
	e := &groupExpander{gaz: gaz, children: map[string][]string{}, affil: map[string][]string{}}
	for _, g := range gaz.Entries() {
		for _, p := range g.Parents {
			e.children[p] = append(e.children[p], g.ID)
		}
		for _, a := range g.Affiliates {
			e.affil[g.ID] = append(e.affil[g.ID], a)
			e.affil[a] = append(e.affil[a], g.ID)
		}
	}
	return e
}

// expand returns the groups covered by id besides itself: every group whose
// parents chain reaches id (provinces of provinces included), and the
// affiliates of id, whichever side lists the relation. Affiliates of
// descendants are not followed: an alliance of a province is not the
// parent's.
func (e *groupExpander) expand(id string) []string {
	seen := map[string]bool{id: true}
	queue := []string{id}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, c := range e.children[g] {
			if !seen[c] {
				seen[c] = true
				queue = append(queue, c)
			}
		}
	}
	for _, a := range e.affil[id] {
		seen[a] = true
	}
	delete(seen, id)
	out := make([]string, 0, len(seen))
	for g := range seen {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// suggestion is ` (did you mean "a", "b" or "c"?)` with the three gazetteer
// ids closest to id by edit distance.
func suggestion(id string, gaz *extractor.Gazetteer) string {
	near := closestIDs(id, gaz, 3)
	if len(near) == 0 {
		return ""
	}
	q := make([]string, len(near))
	for i, n := range near {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return " (did you mean " + q[0] + "?)"
	}
	return " (did you mean " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1] + "?)"
}

// closestIDs returns the n ids closest to id by Levenshtein distance, ties by id.
func closestIDs(id string, gaz *extractor.Gazetteer, n int) []string {
	type cand struct {
		id string
		d  int
	}
	low := strings.ToLower(strings.TrimSpace(id))
	var cs []cand
	for _, g := range gaz.Entries() {
		cs = append(cs, cand{g.ID, levenshtein(low, g.ID)})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].id < cs[j].id
	})
	if len(cs) > n {
		cs = cs[:n]
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.id
	}
	return out
}

// levenshtein is the edit distance between a and b, by runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
