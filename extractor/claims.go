package extractor

import (
	"strings"

	"github.com/claimwatch/claimwatch/pipeline"
)

// claimCand is a responsibility statement found in one sentence.
type claimCand struct {
	mentions   []int // indices into the article's mentions; empty for "no group"
	status     string
	certainty  string
	confidence float64
	cue        int // token index of the cue
	channel    bool
	generic    bool // about attacks in general ("similar attacks in the past")
}

// sentenceCtx holds what the claim rules need about one sentence.
type sentenceCtx struct {
	text     string
	toks     []token
	ms       []mention // named and generic mentions of the article
	gaz      *Gazetteer
	question bool
	clauseOf []int // clause index per token
	clauses  [][2]int
	// resolvePronoun returns the mention an "it"/"they" before byte pos refers to, or -1
	resolvePronoun func(pos int) int
}

func newSentenceCtx(text string, toks []token, ms []mention, g *Gazetteer, resolve func(int) int) *sentenceCtx {
	c := &sentenceCtx{text: text, toks: toks, ms: ms, gaz: g, resolvePronoun: resolve}
	c.clauses = clauses(toks)
	c.clauseOf = make([]int, len(toks))
	for i := range c.clauseOf {
		c.clauseOf[i] = -1
	}
	for k, cl := range c.clauses {
		for i := cl[0]; i < cl[1]; i++ {
			c.clauseOf[i] = k
		}
	}
	for _, t := range toks {
		if t.Kind == tokPunct && t.Low == "?" {
			c.question = true
		}
	}
	return c
}

func (c *sentenceCtx) clause(i int) (int, int) {
	if i < 0 || i >= len(c.toks) || c.clauseOf[i] < 0 {
		return i, i
	}
	cl := c.clauses[c.clauseOf[i]]
	return cl[0], cl[1]
}

func (c *sentenceCtx) low(i int) string {
	if i < 0 || i >= len(c.toks) {
		return ""
	}
	return c.toks[i].Low
}

// militant reports whether token i names a militant group.
func (c *sentenceCtx) militant(i int) bool {
	if i < 0 || i >= len(c.toks) || c.toks[i].Kind != tokGroup {
		return false
	}
	m := c.ms[c.toks[i].Mention]
	return c.gaz.entries[m.Group].Kind == pipeline.KindMilitant
}

// coordinated collects the group at j and groups joined to it by "and",
// "or" and commas, in direction dir (+1 right, -1 left), within [a,b).
func (c *sentenceCtx) coordinated(j, dir, a, b int) []int {
	out := []int{c.toks[j].Mention}
	for {
		k := j + dir
		if k < a || k >= b {
			break
		}
		l := c.toks[k].Low
		if l != "and" && l != "or" && l != "," && l != "nor" {
			break
		}
		n := k + dir
		if n >= a && n < b && (c.toks[n].Low == "and" || c.toks[n].Low == "or") {
			n += dir
		}
		if !c.militant(n) || c.ms[c.toks[n].Mention].Generic && l == "," {
			break // "al Shabaab, the militant group": an apposition
		}
		out = append(out, c.toks[n].Mention)
		j = n
	}
	return out
}

// leftAgent finds the subject group of the verb at i: the nearest militant
// group to its left in the clause, or the group an "it"/"they" right before
// the verb refers to.
func (c *sentenceCtx) leftAgent(i int) []int {
	a, _ := c.clause(i)
	// pronoun subject right before the verb (skipping auxiliaries and adverbs)
	k := i - 1
	for k >= a && (auxAdverbs[c.low(k)] || negWords[c.low(k)]) {
		k--
	}
	if k >= a && (c.low(k) == "it" || c.low(k) == "they") && c.resolvePronoun != nil {
		if m := c.resolvePronoun(c.toks[k].Start); m >= 0 {
			return []int{m}
		}
		return nil
	}
	for j, n := i-1, 0; j >= a && n < 14; j, n = j-1, n+1 {
		if c.militant(j) {
			return c.coordinated(j, -1, a, i)
		}
		// another verb of saying with its own subject ends the search
		// ("the police said" ... no group): keep looking, groups are rare
	}
	return nil
}

// rightAgent finds the group after "by" (or an object position) at i:
// "claimed by an 'indigenous' terrorist group like Hizbul Mujahideen".
func (c *sentenceCtx) rightAgent(i int) []int {
	_, b := c.clause(i)
	words := 0
	for j := i; j < b && words < 8; j++ {
		t := c.toks[j]
		if c.militant(j) {
			return c.coordinated(j, +1, i, b)
		}
		if t.Kind == tokGroup {
			continue // a state body: look further ("by the ISI-backed ...")
		}
		if t.Kind == tokPunct {
			if t.Low == "," && j > i && genericHeads[c.low(j-1)] {
				continue // "blamed a little-known group, National Thowheeth Jama'ath, for"
			}
			if t.Low == "," || t.Low == "." {
				return nil
			}
			continue
		}
		if t.Low == "and" || t.Low == "which" || t.Low == "who" || t.Low == "that" || claimVerbs[t.Low] || denyVerbs[t.Low] {
			return nil
		}
		words++
	}
	return nil
}

// negatedBefore reports a negation within three words before the verb at i.
func (c *sentenceCtx) negatedBefore(i int) bool {
	a, _ := c.clause(i)
	for j, n := i-1, 0; j >= a && n < 4; j, n = j-1, n+1 {
		l := c.low(j)
		if negWords[l] || strings.HasSuffix(l, "n't") {
			return true
		}
		if l == "yet" && c.low(j+1) == "to" {
			return true
		}
		if l == "refused" || l == "declined" || l == "failed" || l == "stopped" {
			return true
		}
		if c.toks[j].Kind == tokGroup || c.toks[j].Kind == tokPunct {
			break
		}
	}
	return false
}

// hypotheticalBefore reports a condition, question or modal that makes the
// verb at i no statement of fact: "if X claims", "whether X would claim",
// "X could claim", "quick to claim".
func (c *sentenceCtx) hypotheticalBefore(i int, modals bool) bool {
	if c.question {
		return true
	}
	a, _ := c.clause(i)
	for j := a; j < i; j++ {
		if hypothetical[c.low(j)] {
			// "whether" and "if" bind forward to the end of their clause;
			// a comma after a condition ends it ("If so, ISKP claimed ...")
			closed := false
			for k := j + 1; k < i; k++ {
				if c.low(k) == "," && (c.low(j) == "if" || c.low(j) == "unless") && k-j <= 3 {
					closed = true
				}
			}
			if !closed {
				return true
			}
		}
	}
	if modals {
		for j, n := i-1, 0; j >= a && n < 2; j, n = j-1, n+1 {
			l := c.low(j)
			if modalBefore[l] && !(l == "to" && c.low(j-1) == "yet") {
				return true
			}
			if !auxAdverbs[l] && l != "even" && l != "not" {
				break
			}
		}
	}
	return false
}

// attackContext reports an attack or responsibility word in toks[a:b].
func (c *sentenceCtx) attackContext(a, b int) bool {
	for j := a; j < b; j++ {
		if c.toks[j].Kind == tokWord && attackCtxWords[c.toks[j].Low] {
			return true
		}
	}
	return len(matchTriggers(c.toks, a, b)) > 0
}

// certainty of an attribution in the clause of token i.
func (c *sentenceCtx) certainty(i int) string {
	a, b := c.clause(i)
	possible, suspected := false, false
	for j := a; j < b; j++ {
		l := c.low(j)
		if hedgePossible[l] {
			possible = true
		}
		if hedgeSuspected[l] {
			suspected = true
		}
		if l == "ruled" && j > a && c.low(j-1) == "not" {
			possible = true
		}
	}
	switch {
	case possible:
		return pipeline.CertaintyPossible
	case suspected:
		return pipeline.CertaintySuspected
	}
	return pipeline.CertaintyAsserted
}

// findClaims applies the claim, denial, attribution and non-claim rules to
// one sentence.
func (c *sentenceCtx) findClaims() []claimCand {
	var out []claimCand
	denyAt := -1 // token of the last denial cue, to keep its object out of claims
	for i := 0; i < len(c.toks); i++ {
		t := c.toks[i]
		if t.Kind != tokWord {
			continue
		}
		w := t.Low
		a, b := c.clause(i)
		switch {
		case w == "no" || w == "nobody" || w == "none":
			if cand, ok := c.noGroupClaim(i); ok {
				out = append(out, cand)
			}
		case w == "unclaimed":
			if c.attackContext(a, b) && !c.hypotheticalBefore(i, false) {
				out = append(out, claimCand{status: pipeline.StatusUnclaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.75, cue: i})
			}
		case claimVerbs[w] || (respNouns[w] && takeVerbs[c.low(i-1)]) || (respNouns[w] && c.low(i-1) == "full" && takeVerbs[c.low(i-2)]):
			if denyAt >= a && denyAt < i && c.inDenialScope(denyAt, i) {
				continue // "X denied claims that it carried out the attack"
			}
			if cand, ok := c.claimCue(i); ok {
				out = append(out, cand)
			}
		case denyVerbs[w] || (rejectVerbs[w] && c.rejectsClaim(i)) || (w == "distanced" && (c.low(i+1) == "itself" || c.low(i+1) == "themselves" || c.low(i+1) == "it" || c.low(i+1) == "the")):
			denyAt = i
			if cand, ok := c.denyCue(i); ok {
				out = append(out, cand)
			}
		case sayVerbs[w]:
			if cand, ok := c.saidItCue(i); ok {
				out = append(out, cand)
			}
		default:
			if denyAt >= a && denyAt < i && c.inDenialScope(denyAt, i) {
				continue // "rejected claims that it was behind the attack"
			}
			if cand, ok := c.attributionCue(i); ok {
				out = append(out, cand)
			}
		}
	}
	for k := range out {
		out[k].generic = c.genericObject(out[k].cue)
	}
	return c.polaritySafe(out)
}

// inDenialScope reports whether the claim word at i is part of what the
// denial at d denies ("denied claims that it carried out", "rejected reports
// it had claimed the attack") rather than a predicate of its own ("denied by
// the Taliban and claimed by ISIL-K", "denied it, but X claimed it").
func (c *sentenceCtx) inDenialScope(d, i int) bool {
	for j := d + 1; j < i; j++ {
		switch c.low(j) {
		case "but", "while", "whereas", "although", "though", "yet", "however":
			return false
		}
	}
	k := i - 1
	for k > d && auxAdverbs[c.low(k)] {
		k--
	}
	switch c.low(k) {
	case "and", "or", "nor", "then", ",":
		return false
	}
	if i-d <= 3 {
		return true
	}
	for j := d + 1; j < i; j++ {
		switch c.low(j) {
		case "that", "reports", "report", "claims", "allegations", "suggestions", "accusations", "having", "it", "they":
			return true
		}
	}
	return false
}

// genericObject reports whether what follows the cue at i speaks of attacks
// in general: "has claimed similar attacks in the past", "denied
// involvement in previous attacks".
func (c *sentenceCtx) genericObject(i int) bool {
	_, b := c.clause(i)
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

func (c *sentenceCtx) rejectsClaim(i int) bool {
	for j := i + 1; j < len(c.toks) && j <= i+3; j++ {
		if rejectObject[c.low(j)] && c.low(j) != "the" && c.low(j) != "any" && c.low(j) != "that" {
			return true
		}
	}
	return false
}

// noGroupClaim: "no group has claimed", "no claim of responsibility".
func (c *sentenceCtx) noGroupClaim(i int) (claimCand, bool) {
	a, b := c.clause(i)
	if c.hypotheticalBefore(i, false) {
		return claimCand{}, false
	}
	j := i + 1
	if c.low(i) == "no" {
		if c.low(j) == "immediate" || c.low(j) == "official" || c.low(j) == "public" {
			j++
		}
		if c.low(j) == "claim" && (c.low(j+1) == "of" || c.low(j+1) == "for") && c.attackContext(a, b) {
			return claimCand{status: pipeline.StatusUnclaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.85, cue: i}, true
		}
		n := 0
		for j < b && noClaimSubject[c.low(j)] && n < 3 {
			j, n = j+1, n+1
		}
		if n == 0 {
			return claimCand{}, false
		}
	}
	for k := 0; j < b && k < 5 && auxAdverbs[c.low(j)]; k++ {
		j++
	}
	if !(c.low(j) == "claimed" || c.low(j) == "claim" || c.low(j) == "claims") {
		return claimCand{}, false
	}
	if !c.attackContext(a, b) {
		return claimCand{}, false
	}
	return claimCand{status: pipeline.StatusUnclaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.9, cue: i}, true
}

// claimCue handles "claimed responsibility", "took responsibility",
// "claimed the attack", "claimed by X" and their negations.
func (c *sentenceCtx) claimCue(i int) (claimCand, bool) {
	a, b := c.clause(i)
	w := c.low(i)
	verb := i
	resp, passive, object, noun := false, false, false, false
	if respNouns[w] { // "took responsibility": the verb is before
		resp = true
		verb = i - 1
		if c.low(verb) == "full" {
			verb--
		}
	} else {
		j := i + 1
		for j < b && respFillers[c.low(j)] {
			j++
		}
		switch {
		case respNouns[c.low(j)]:
			resp = true
		case c.low(i+1) == "by":
			passive = true
		case c.low(i+1) == "of" && respNouns[c.low(i+2)]:
			resp, noun = true, true
		}
		if determiners[c.low(i-1)] && !noun && !(w == "claiming" && c.low(i-1) == "of") {
			// "the claims", "his claim": a noun, not a claim of an attack,
			// except "X's claim of responsibility" handled above
			return claimCand{}, false
		}
		if !resp && !passive {
			// "claimed the attack", "claimed the bombing in Kabul", "claimed it"
			for k, n := i+1, 0; k < b && n < 4; k, n = k+1, n+1 {
				l := c.low(k)
				if l == "lives" || l == "life" || l == "victory" || l == "title" || l == "seat" || l == "seats" {
					break
				}
				if attackObjects[l] {
					object = true
					break
				}
				if c.toks[k].Kind == tokPunct || c.toks[k].Kind == tokGroup || l == "that" || l == "to" {
					break
				}
			}
			// "claimed that it carried out", "claiming its fighters attacked"
			if !object {
				k := i + 1
				if c.low(k) == "that" {
					k++
				}
				if selfRefs[c.low(k)] {
					for m := k + 1; m < b && m <= k+4; m++ {
						if actionVerbs[c.low(m)] {
							object = true
							break
						}
					}
				}
			}
			// "the attack, which ISKP claimed, killed 14"
			if !object {
				k := i - 1
				for k >= a && auxAdverbs[c.low(k)] {
					k--
				}
				if c.militant(k) && (c.low(k-1) == "which" || c.low(k-1) == "that") && c.attackContext(a, k) {
					object = true
				}
			}
			if !object {
				return claimCand{}, false
			}
		}
	}
	if c.hypotheticalBefore(verb, !noun) {
		return claimCand{}, false
	}
	neg := c.negatedBefore(verb)
	var agents []int
	conf := 0.9
	switch {
	case passive:
		if !c.attackContext(a, i) {
			return claimCand{}, false // "the lives claimed by", "territory claimed by"
		}
		agents = c.rightAgent(i + 2)
		conf = 0.85
	case noun:
		// "X's claim of responsibility", "a claim of responsibility by X"
		agents = c.leftAgent(i)
		if len(agents) == 0 {
			for k := i + 3; k < b && k < i+8; k++ {
				if c.low(k) == "by" || c.low(k) == "from" {
					agents = c.rightAgent(k + 1)
					break
				}
			}
		}
		conf = 0.8
	default:
		agents = c.leftAgent(verb)
		if len(agents) == 0 && resp {
			// "responsibility was claimed by X"
			for k := i + 1; k < b && k < i+4; k++ {
				if c.low(k) == "by" {
					agents = c.rightAgent(k + 1)
					break
				}
			}
		}
		if object {
			conf = 0.8
		}
	}
	status := pipeline.StatusClaimed
	if neg {
		status = pipeline.StatusUnclaimed
		if len(agents) == 0 {
			if !c.attackContext(a, b) {
				return claimCand{}, false
			}
			return claimCand{status: status, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i}, true
		}
	}
	if len(agents) == 0 {
		return claimCand{}, false
	}
	return claimCand{mentions: agents, status: status, certainty: pipeline.CertaintyAsserted, confidence: conf, cue: i, channel: true}, true
}

// denyCue handles "X denied involvement", "denied by X", "X rejected claims".
func (c *sentenceCtx) denyCue(i int) (claimCand, bool) {
	a, b := c.clause(i)
	if c.negatedBefore(i) || c.hypotheticalBefore(i, true) {
		return claimCand{}, false // "did not deny", "not to deny", "if X denies"
	}
	var agents []int
	if c.low(i+1) == "by" {
		if !c.attackContext(a, i) {
			return claimCand{}, false
		}
		agents = c.rightAgent(i + 2)
	} else {
		if !c.attackContext(a, b) && !rejectObject[c.low(i+1)] {
			return claimCand{}, false
		}
		agents = c.leftAgent(i)
	}
	if len(agents) == 0 {
		return claimCand{}, false
	}
	return claimCand{mentions: agents, status: pipeline.StatusDenied, certainty: pipeline.CertaintyAsserted, confidence: 0.85, cue: i, channel: true}, true
}

// saidItCue handles "X said it carried out the attack" (claimed) and
// "X said it was not involved / had nothing to do with" (denied).
func (c *sentenceCtx) saidItCue(i int) (claimCand, bool) {
	a, b := c.clause(i)
	// the speaker must be the group itself, right before the verb
	var agents []int
	for j, n := i-1, 0; j >= a && n < 4; j, n = j-1, n+1 {
		if c.militant(j) {
			agents = c.coordinated(j, -1, a, i)
			break
		}
		if c.toks[j].Kind == tokPunct || c.toks[j].Kind == tokGroup {
			break
		}
	}
	if len(agents) == 0 || c.hypotheticalBefore(i, true) {
		return claimCand{}, false
	}
	// "said (in a statement on Telegram) (that) it/its fighters ... carried out"
	for k := i + 1; k < b && k <= i+10; k++ {
		if !selfRefs[c.low(k)] {
			continue
		}
		neg := false
		for m := k + 1; m < b && m <= k+5; m++ {
			l := c.low(m)
			if negWords[l] || strings.HasSuffix(l, "n't") {
				neg = true
			}
			if l == "involved" || l == "role" || l == "nothing" && c.low(m+1) == "to" {
				if neg || l == "nothing" {
					return claimCand{mentions: agents, status: pipeline.StatusDenied, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
				}
			}
			if actionVerbs[l] {
				if neg {
					return claimCand{mentions: agents, status: pipeline.StatusDenied, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
				}
				if !c.attackContext(k, b) && l != "behind" && l != "responsible" {
					return claimCand{}, false
				}
				return claimCand{mentions: agents, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.85, cue: i, channel: true}, true
			}
		}
		break
	}
	return claimCand{}, false
}

// attributionCue handles third parties blaming a group: "blamed X",
// "accused X of", "attributed to X", "carried out by X", "fingerprints of
// X", "X was behind", "suspected X militants".
func (c *sentenceCtx) attributionCue(i int) (claimCand, bool) {
	a, b := c.clause(i)
	w := c.low(i)
	var agents []int
	conf := 0.75
	switch {
	case byVerbs[w] && (c.low(i+1) == "by" || c.low(i+1) == "out" && c.low(i+2) == "by"):
		if !c.attackContext(a, i) {
			return claimCand{}, false
		}
		k := i + 2
		if c.low(i+1) == "out" {
			k = i + 3
		}
		agents = c.rightAgent(k)
	case blameVerbs[w]:
		if auxAdverbs[c.low(i-1)] && (c.low(i-1) == "was" || c.low(i-1) == "were" || c.low(i-1) == "been" || c.low(i-1) == "being" || c.low(i-1) == "is") {
			agents = c.leftAgent(i) // "X was blamed for the attack"
		} else {
			agents = c.rightAgent(i + 1)
			if len(agents) == 0 && c.low(i-1) == "," && c.militant(i-2) {
				agents = c.coordinated(i-2, -1, a, i) // "Boko Haram, blamed for the attack, ..."
			}
			if len(agents) == 0 {
				for k := i + 1; k < b && k < i+10; k++ {
					if c.low(k) == "on" {
						agents = c.rightAgent(k + 1)
						break
					}
				}
			}
		}
	case accuseVerbs[w]:
		if c.low(i-1) == "was" || c.low(i-1) == "were" || c.low(i-1) == "been" || c.low(i-1) == "is" || c.low(i-1) == "are" {
			agents = c.leftAgent(i)
		} else {
			agents = c.rightAgent(i + 1)
		}
		// the accusation must be about an attack: "accused X of the bombing"
		if !c.attackContext(i, b) {
			return claimCand{}, false
		}
	case w == "attributed" || w == "attributes" || w == "attribute" || w == "pinned" || w == "linked" && c.low(i+1) == "to":
		for k := i + 1; k < b && k < i+8; k++ {
			if c.low(k) == "to" || c.low(k) == "on" {
				agents = c.rightAgent(k + 1)
				break
			}
		}
		if w == "linked" {
			conf = 0.6
		}
	case markNouns[w] && c.low(i+1) == "of":
		agents = c.rightAgent(i + 2)
	case (w == "involvement" || w == "role" || w == "hand") && c.low(i+1) == "of" && c.militant(i+2):
		// "police suspect the involvement of X"
		agents = c.coordinated(i+2, +1, i+2, b)
		if c.certainty(i) == pipeline.CertaintyAsserted && !c.thirdPartySpeaker(i) && !hedgeSuspected[c.low(i-2)] {
			return claimCand{}, false
		}
	case w == "behind" || w == "responsible" && (c.low(i+1) == "for" || i+1 >= b || c.toks[i+1].Kind == tokPunct):
		// "X was (believed to be) behind the attack"
		if c.low(i-1) == "nothing" {
			return claimCand{}, false
		}
		agents = c.leftAgent(i)
		if len(agents) > 0 && !c.attackContext(i, b) && w == "behind" && c.low(i+1) != "it" {
			return claimCand{}, false
		}
		// the agent must be the subject of a copula, not a speaker:
		// "X said it was behind" is a claim, handled by saidItCue
		for k := i - 1; k >= a && k > i-8; k-- {
			if sayVerbs[c.low(k)] {
				if j := k - 1; j >= a && c.militant(j) {
					return claimCand{}, false
				}
			}
		}
	case byVerbs[w] && c.low(i+1) != "by" && (w != "carried" || c.low(i+1) == "out"):
		// "X may have carried out the attack", "police said X carried out
		// the bombing": a perpetrator named by a hedge or a third party;
		// the author's own "X carried out 7 attacks" is no attribution
		agents = c.leftAgent(i)
		if len(agents) == 0 || !c.attackContext(i, b) {
			return claimCand{}, false
		}
		if c.certainty(i) == pipeline.CertaintyAsserted && !c.thirdPartySpeaker(i) {
			return claimCand{}, false
		}
		// "X said it carried out" is a claim (saidItCue)
		for k := i - 1; k >= a && k > i-8; k-- {
			if sayVerbs[c.low(k)] && k-1 >= a && c.militant(k-1) {
				return claimCand{}, false
			}
		}
	case (w == "suspect" || w == "suspects" || w == "suspected") && !c.militant(i+1) &&
		(c.low(i+1) == "of" && (c.low(i-1) == "is" || c.low(i-1) == "was" || c.low(i-1) == "are" || c.low(i-1) == "were" || c.low(i-1) == "been")):
		// "X is suspected of carrying out the attack"
		agents = c.leftAgent(i)
		if !c.attackContext(i, b) {
			return claimCand{}, false
		}
	case (w == "suspect" || w == "suspects" || w == "suspected" && !c.militant(i+1)) && c.low(i-1) != "the" && c.low(i-1) != "a":
		// "police suspect X (of the bombing)", "officials suspected X was behind it"
		for k := i + 1; k < b && k <= i+3; k++ {
			if c.militant(k) {
				agents = c.coordinated(k, +1, k, b)
				break
			}
		}
		if len(agents) == 0 || !c.attackContext(a, b) {
			return claimCand{}, false
		}
	case w == "suspected" && c.militant(i+1):
		agents = c.coordinated(i+1, +1, i+1, b)
		if !c.attackContext(a, b) {
			return claimCand{}, false
		}
	default:
		return claimCand{}, false
	}
	if len(agents) == 0 {
		return claimCand{}, false
	}
	if c.negatedBefore(i) {
		return claimCand{}, false // "was not carried out by X": no status
	}
	for j := a; j < i; j++ {
		if l := c.low(j); l == "if" || l == "unless" || l == "lest" {
			return claimCand{}, false
		}
	}
	if c.question {
		return claimCand{}, false
	}
	for j := a; j < i; j++ {
		// "asked whether X had carried out": a question, not an attribution
		if c.low(j) == "whether" && j > a {
			switch c.low(j - 1) {
			case "asked", "ask", "asking", "wondered", "wonder", "question", "questioned", "unknown", "know", "knew", "investigating", "investigate", "determine", "establish":
				return claimCand{}, false
			}
		}
	}
	cert := c.certainty(i)
	switch cert {
	case pipeline.CertaintySuspected:
		conf -= 0.1
	case pipeline.CertaintyPossible:
		conf -= 0.2
	}
	return claimCand{mentions: agents, status: pipeline.StatusAttributed, certainty: cert, confidence: conf, cue: i}, true
}

// thirdPartySpeaker reports a speaker other than a group before token i:
// "police said", "according to officials".
func (c *sentenceCtx) thirdPartySpeaker(i int) bool {
	for k := 0; k < i; k++ {
		l := c.low(k)
		if l == "according" && c.low(k+1) == "to" && !c.militant(k+2) {
			return true
		}
		if sayVerbs[l] || l == "told" || l == "reported" || l == "believe" || l == "believes" || l == "say" {
			if k > 0 && !c.militant(k-1) {
				return true
			}
		}
	}
	return false
}

// sourceOf finds who states a claim in the sentence: "according to X",
// "the Interior Ministry said", "police said".
func (c *sentenceCtx) sourceOf() *string {
	for i := 0; i+1 < len(c.toks); i++ {
		if c.low(i) == "according" && c.low(i+1) == "to" {
			start := i + 2
			for start < len(c.toks) && (c.low(start) == "the" || c.low(start) == "a" || c.low(start) == "an") {
				start++
			}
			end := start
			for end < len(c.toks) && end < start+8 {
				t := c.toks[end]
				if t.Kind == tokPunct && t.Low != "-" && t.Low != "'" || t.Low == "in" && end > start+1 || t.Low == "which" || t.Low == "that" {
					break
				}
				end++
			}
			if end > start {
				if c.toks[start].Kind == tokGroup && c.militant(start) {
					return nil
				}
				s := c.text[c.toks[start].Start:c.toks[end-1].End]
				return &s
			}
		}
	}
	for i := 1; i < len(c.toks); i++ {
		if !(c.low(i) == "said" || c.low(i) == "says" || c.low(i) == "told" || c.low(i) == "reported") {
			continue
		}
		// noun phrase before the verb: capitalised words or role nouns
		end := i
		start := i
		for k := i - 1; k >= 0 && k > i-6; k-- {
			t := c.toks[k]
			if t.Kind == tokGroup {
				if c.militant(k) {
					break
				}
				start = k
				continue
			}
			if t.Kind != tokWord {
				break
			}
			orig := c.text[t.Start:t.End]
			if sourceRoleNouns[t.Low] || orig[0] >= 'A' && orig[0] <= 'Z' {
				start = k
				continue
			}
			break
		}
		for start < end && (c.low(start) == "the" || c.low(start) == "a" || c.low(start) == "an") {
			start++
		}
		if start < end {
			s := c.text[c.toks[start].Start:c.toks[end-1].End]
			if s == "He" || s == "She" || s == "It" || s == "They" || s == "We" {
				continue
			}
			return &s
		}
	}
	return nil
}

// channelOf finds the medium of a group statement: Telegram, Amaq, a video.
func (c *sentenceCtx) channelOf() *string {
	best := ""
	for _, t := range c.toks {
		if t.Kind != tokWord {
			continue
		}
		if ch, ok := channelWords[t.Low]; ok {
			if best == "" || best == "website" || best == "video" || best == "audio message" {
				best = ch
			}
		}
		if t.Low == "statement" && best == "" {
			best = "statement"
		}
	}
	if best == "" {
		return nil
	}
	return &best
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
