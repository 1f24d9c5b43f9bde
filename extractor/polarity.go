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
		case "past", "previous", "similar", "earlier", "other", "many", "several", "numerous", "dozens", "most", "hundreds", "scores":
			return true
		case "any", "all":
			// "denied involvement in any attacks", not "denied any role"
			if pluralTriggers[c.low(j+1)] != "" {
				return true
			}
		}
		// "claimed the 2017 bombing", "claimed a bombing in 2017": another, dated attack
		if isYearWord(l) && (attackObjects[c.low(j+1)] || c.low(j-1) == "in" && j > i+2) {
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

// ownClaimNotAttribution drops "attributed" for a group that claims the
// attack in the same sentence: "X claimed the attack, saying its fighters
// were responsible" is X's own claim, not a third party's attribution.
func (c *sentenceCtx) ownClaimNotAttribution(cands []claimCand) []claimCand {
	claimed := map[int]bool{}
	for _, cd := range cands {
		if cd.status == pipeline.StatusClaimed {
			for _, m := range cd.mentions {
				claimed[c.ms[m].Group] = true
			}
		}
	}
	if len(claimed) == 0 {
		return cands
	}
	out := cands[:0]
	for _, cd := range cands {
		if cd.status == pipeline.StatusAttributed && !cd.explicit {
			kept := cd.mentions[:0:0]
			for _, m := range cd.mentions {
				if !claimed[c.ms[m].Group] {
					kept = append(kept, m)
				}
			}
			if len(kept) == 0 {
				continue
			}
			cd.mentions = kept
		}
		out = append(out, cd)
	}
	return out
}

// isYearWord reports a four-digit year from 1900 to 2100.
func isYearWord(l string) bool {
	if len(l) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if l[i] < '0' || l[i] > '9' {
			return false
		}
	}
	return l >= "1900" && l <= "2100"
}
