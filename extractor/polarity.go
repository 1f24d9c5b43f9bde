package extractor

import "github.com/claimwatch/claimwatch/pipeline"

// genericObject reports whether what follows the cue at i speaks of attacks
// in general: "has claimed similar attacks in the past", "denied
// involvement in previous attacks".
func (c *sentenceCtx) genericObject(i int) bool {
	a, b := c.clause(i)
	// a plural subject: "many of the attacks claimed by X", "attacks claimed by X"
	for j := i - 1; j >= a && j >= i-6; j-- {
		l := c.low(j)
		if l == "," || c.toks[j].Kind == tokGroup {
			break
		}
		if pluralTriggers[l] != "" || l == "many" || l == "most" {
			return true
		}
	}
	for j := i + 1; j < b && j <= i+9; j++ {
		l := c.low(j)
		switch l {
		case "past", "previous", "similar", "earlier", "other", "many", "several", "numerous", "dozens", "most", "all", "any":
			return true
		}
		if pluralTriggers[l] != "" {
			return true
		}
		if c.toks[j].Kind == tokPunct && l == "," {
			break
		}
	}
	return false
}

// sequential reports a change of position between cues a < b: "initially
// claimed ..., but later denied", "claimed ... then retracted".
func (c *sentenceCtx) sequential(a, b int) bool {
	for j := a + 1; j < b; j++ {
		switch c.low(j) {
		case "but", "later", "however", "subsequently", "then", "afterwards", "since", "retracted", "withdrew", "initially":
			return true
		}
	}
	return c.low(a-1) == "initially" || c.low(a-2) == "initially" || c.low(a-1) == "first"
}

// polaritySafe enforces the first rule of the product: never report
// "claimed" for a group that the same sentence says denied or did not
// claim, unless the text tells a change of position ("initially claimed
// ..., but later denied"). When a group has both, the statement about a
// specific attack beats one about attacks in general; when both are
// specific and not sequential, neither is kept. One statement per group and
// status remains.
func (c *sentenceCtx) polaritySafe(cands []claimCand) []claimCand {
	groupOf := func(m int) int { return c.ms[m].Group }
	drop := make([]map[int]bool, len(cands)) // per candidate: groups removed
	for x := range cands {
		drop[x] = map[int]bool{}
	}
	for x, cx := range cands {
		if cx.status != pipeline.StatusClaimed {
			continue
		}
		for y, cy := range cands {
			if cy.status != pipeline.StatusDenied && cy.status != pipeline.StatusUnclaimed {
				continue
			}
			for _, mx := range cx.mentions {
				for _, my := range cy.mentions {
					g := groupOf(mx)
					if g != groupOf(my) {
						continue
					}
					first, second := cx.cue, cy.cue
					if second < first {
						first, second = second, first
					}
					switch {
					case cx.generic && !cy.generic:
						drop[x][g] = true
					case cy.generic && !cx.generic:
						drop[y][g] = true
					case cx.cue < cy.cue && c.sequential(first, second):
						// both stand: claimed, then denied
					default:
						drop[x][g], drop[y][g] = true, true
					}
				}
			}
		}
	}
	type key struct {
		g      int
		status string
	}
	seen := map[key]int{}
	var out []claimCand
	for x, cx := range cands {
		if len(cx.mentions) > 0 {
			kept := cx.mentions[:0:0]
			for _, m := range cx.mentions {
				if !drop[x][groupOf(m)] {
					kept = append(kept, m)
				}
			}
			if len(kept) == 0 {
				continue
			}
			cx.mentions = kept
		}
		g := -1
		if len(cx.mentions) > 0 {
			g = groupOf(cx.mentions[0])
		}
		k := key{g, cx.status}
		if i, ok := seen[k]; ok && len(cx.mentions) <= 1 {
			if cx.confidence > out[i].confidence {
				out[i] = cx
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, cx)
	}
	return out
}
