package extractor

import "unicode"

// roleNouns name a person who speaks for a group: "a spokesman for X",
// "a JNIM commander", "an ISKP leader".
var roleNouns = wordSet("spokesman", "spokesperson", "spokeswoman", "spokesmen", "commander", "leader", "member",
	"official", "emir", "chief", "founder", "head", "representative", "deputy", "ideologue", "militant", "fighter",
	"caller", "envoy", "negotiator")

// roleApposition finds the group a speaker stands for when a person's name
// and a role are set off by commas before the verb (k is the closing comma):
//
//	"Zabihullah Mujahid, a spokesman for the Taliban, said"  -> Taliban
//	"a JNIM commander, Jafar Dicko, said"                     -> JNIM
//	"A spokesman for X, using a recognised codeword, told"   -> X
//
// The comma-delimited segment either carries the role and the group, or is
// a name or participle phrase after a role phrase that carries the group.
func (c *sentenceCtx) roleApposition(k int) []int {
	if c.low(k) != "," {
		return nil
	}
	a, _ := c.clause(k)
	open := -1
	for j := k - 1; j >= a && j >= k-10; j-- {
		if c.low(j) == "," {
			open = j
			break
		}
	}
	if open < 0 || open+1 >= k {
		return nil
	}
	if g := c.roleGroup(open+1, k); len(g) > 0 {
		return g
	}
	// the segment is a name ("Jafar Dicko") or a participle phrase
	// ("using a recognised codeword"): the role phrase precedes it
	if !c.nameSegment(open+1, k) && !c.participleSegment(open+1, k) {
		return nil
	}
	start := open - 6
	if start < a {
		start = a
	}
	return c.roleGroup(start, open)
}

// roleGroup returns the militant group of a role phrase in toks[a:b]: a
// role noun with "for/of X" after it or "X" right before it.
func (c *sentenceCtx) roleGroup(a, b int) []int {
	for j := a; j < b; j++ {
		if c.toks[j].Kind != tokWord || !roleNouns[c.low(j)] {
			continue
		}
		// "a spokesman for (the) X", "a commander of X"
		if n := j + 1; n < b && (c.low(n) == "for" || c.low(n) == "of") {
			n++
			if c.low(n) == "the" {
				n++
			}
			if n < b && c.militant(n) {
				return []int{c.toks[n].Mention}
			}
		}
		// "a JNIM commander", "the Taliban's spokesman"
		p := j - 1
		for p >= a && (c.low(p) == "'s" || c.low(p) == "senior" || c.low(p) == "local" || c.low(p) == "top" || c.low(p) == "military" || c.low(p) == "official") {
			p--
		}
		if p >= a && c.militant(p) {
			return []int{c.toks[p].Mention}
		}
	}
	return nil
}

// nameSegment reports a personal name between commas: capitalised words
// only, at most five.
func (c *sentenceCtx) nameSegment(a, b int) bool {
	if b-a > 5 {
		return false
	}
	for j := a; j < b; j++ {
		t := c.toks[j]
		if t.Kind != tokWord || t.Start >= len(c.text) {
			return false
		}
		if r := rune(c.text[t.Start]); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// participleSegment reports a phrase opened by a present participle
// ("using a codeword", "speaking by telephone") that holds no group.
func (c *sentenceCtx) participleSegment(a, b int) bool {
	l := c.low(a)
	if len(l) < 5 || l[len(l)-3:] != "ing" {
		return false
	}
	for j := a; j < b; j++ {
		if c.toks[j].Kind == tokGroup {
			return false
		}
	}
	return true
}
