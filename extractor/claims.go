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
	narrative  bool // "X fighters stormed ..., police said": yields to the group's own claim
	explicit   bool // a third party's blame or suspicion ("police blamed X"): stands beside X's own claim
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
	joined := false // an "and"/"or" joined the list: commas are list commas
	for {
		k := j + dir
		if dir < 0 && c.low(k) == "the" && k-1 >= a {
			k-- // "A and the B", walking left from B
		}
		if k < a || k >= b {
			break
		}
		l := c.toks[k].Low
		if l != "and" && l != "or" && l != "," && l != "nor" {
			break
		}
		n := k + dir
		serial := false // ", and"
		if n >= a && n < b && (c.toks[n].Low == "and" || c.toks[n].Low == "or" || c.toks[n].Low == "," && l != ",") {
			n += dir
			serial = true
		}
		if dir > 0 && n < b && (c.low(n) == "the" || c.low(n) == "both") && c.militant(n+1) {
			n++ // "A and the B"
		}
		// ", and" with only two items joins clauses, not a list:
		// "a cell inspired by A, and B denied involvement"
		if dir < 0 && serial && l != "," && !(c.low(n-1) == "," && c.militant(n-2)) {
			break
		}
		if dir > 0 && serial && l == "," && len(out) < 2 {
			break
		}
		if !c.militant(n) || c.ms[c.toks[n].Mention].Generic && l == "," {
			break // "al Shabaab, the militant group": an apposition
		}
		if l == "," && !serial && !joined && !(dir > 0 && c.listContinues(n, b)) {
			break // "army blames A, B claims it": a comma without a list
		}
		if l != "," || serial {
			joined = true
		}
		out = append(out, c.toks[n].Mention)
		j = n
	}
	return out
}

// listContinues reports whether the group at n is followed by "and"/"or"
// and another group, or by a comma and more of the list: "A, B and C".
func (c *sentenceCtx) listContinues(n, b int) bool {
	for k := n + 1; k+1 < b; k += 2 {
		l := c.low(k)
		if (l == "and" || l == "or") && c.militant(k+1) {
			return true
		}
		if l != "," || !c.militant(k+1) {
			return false
		}
	}
	return false
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
		// "the ministry said it ...": "it" is the speaker, not a group
		if j := k - 1; j >= a && sayVerbs[c.low(j)] && !c.militant(j-1) {
			return nil
		}
		if m := c.resolvePronoun(c.toks[k].Start); m >= 0 {
			return []int{m}
		}
		return nil
	}
	if k >= a {
		if ag := c.appositionAgents(k); len(ag) > 0 {
			return ag // "X, a faction that operated within Y, claimed"
		}
		if c.appositionOfOther(k) {
			return nil // "The group, which is linked to Y, claimed": not Y
		}
	}
	for j, n := i-1, 0; j >= a && n < 14; j, n = j-1, n+1 {
		if c.militant(j) {
			return c.coordinated(j, -1, a, i)
		}
		if l := c.low(j); l == "nobody" || l == "none" || l == "noone" || l == "no" && noClaimSubject[c.low(j+1)] {
			return nil // "…, but no group has claimed it": the subject is "no group"
		}
		if (c.low(j) == "which" || c.low(j) == "whom") && j+1 < k+1 && c.toks[j+1].Kind == tokWord && c.low(j+1) != "it" && c.low(j+1) != "they" {
			return nil // "the attack, which Kabul denied": the relative clause has its own subject
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
			if h := c.modifiedHead(j, b); h >= 0 {
				return c.coordinated(h, +1, i, b)
			}
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

// modifiedHead returns the group that a group at j modifies, or -1: a
// possessive ("the Taliban's Haqqani network") or a compound adjective ("the
// al Qaeda-linked Shabaab") makes the later group the head.
func (c *sentenceCtx) modifiedHead(j, b int) int {
	k := j + 1
	switch {
	case strings.HasSuffix(c.low(j), "'s") || strings.HasSuffix(c.low(j), "’s"):
		// the group token carries its possessive: "the Taliban's Haqqani network"
	case c.low(k) == "-" && linkedAdjectives[c.low(k+1)]:
		k += 2
	case linkedAdjectives[c.low(k)]:
		k++
	default:
		return -1
	}
	for n := 0; k < b && n < 3; k, n = k+1, n+1 {
		if c.militant(k) {
			return k
		}
		if c.toks[k].Kind != tokWord {
			return -1
		}
	}
	return -1
}

// linkedAdjectives make a group a modifier: "X-linked", "X-backed".
var linkedAdjectives = wordSet("linked", "backed", "allied", "affiliated", "aligned", "inspired", "sponsored", "funded", "led", "supported")

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
	if c.invertedCondition(a, i) {
		return true
	}
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

// invertedCondition reports a clause opened by an inverted condition before
// token i: "Had X been behind the bombing, ...", "Were X to claim it, ...".
func (c *sentenceCtx) invertedCondition(a, i int) bool {
	if i <= a+1 {
		return false
	}
	switch c.low(a) {
	case "had", "were", "should":
	default:
		return false
	}
	n := a + 1
	if c.low(n) == "the" {
		n++
	}
	return c.toks[n].Kind == tokGroup || c.low(n) == "it" || c.low(n) == "they"
}

// attackContext reports an attack or responsibility word in toks[a:b].
func (c *sentenceCtx) attackContext(a, b int) bool {
	for j := a; j < b; j++ {
		if c.toks[j].Kind == tokWord && (attackCtxWords[c.toks[j].Low] || violentVerbs[c.toks[j].Low]) {
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
			if denyAt >= a && denyAt < i && c.inDenialScope(denyAt, i) && !c.othersClaim(denyAt, i) {
				continue // "X denied claims that it carried out the attack"
			}
			if cand, ok := c.claimCue(i); ok {
				out = append(out, cand)
			}
		case denyVerbs[w] || (rejectVerbs[w] && c.rejectsClaim(i)) || (w == "distanced" && (c.low(i+1) == "itself" || c.low(i+1) == "themselves" || c.low(i+1) == "it" || c.low(i+1) == "the" || c.militant(i+1))):
			denyAt = i
			if cand, ok := c.denyCue(i); ok {
				out = append(out, cand)
			}
		case admitVerbs[w] && c.admitsAttack(i) || w == "owned" && c.low(i+1) == "up" && c.low(i+2) == "to":
			// "X admitted carrying out the attack", "X boasted of the massacre", "X owned up to the attack"
			agents := c.leftAgent(i)
			if len(agents) > 0 && !c.hypotheticalBefore(i, true) && c.attackContext(i, b) {
				st := pipeline.StatusClaimed
				if c.negatedBefore(i) || c.neitherBefore(i) {
					st = pipeline.StatusUnclaimed
				}
				out = append(out, claimCand{mentions: agents, status: st, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true})
			}
		case retractVerbs[w] && c.retractsClaim(i):
			// "X withdrew its claim", "X retracted the statement": a denial
			denyAt = i
			if agents := c.leftAgent(i); len(agents) > 0 && !c.negatedBefore(i) && !c.hypotheticalBefore(i, true) {
				out = append(out, claimCand{mentions: agents, status: pipeline.StatusDenied, certainty: pipeline.CertaintyAsserted, confidence: 0.75, cue: i, channel: true})
			}
		case sayVerbs[w]:
			if cand, ok := c.saidItCue(i); ok {
				out = append(out, cand)
			} else if cand, ok := c.quoteCue(i); ok {
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
	return c.polaritySafe(c.ownClaimNotAttribution(out))
}

// othersClaim reports a claim noun owned by a group ("the Taliban's claim
// of responsibility") that a third party, not that group, dismisses at d:
// "Officials dismissed the Taliban's claim ... as propaganda". The group's
// claim was made; what the officials think of it is theirs.
func (c *sentenceCtx) othersClaim(d, i int) bool {
	if i < 1 || c.toks[i-1].Kind != tokGroup || !strings.HasSuffix(c.low(i-1), "'s") || c.low(i+1) != "of" {
		return false
	}
	for _, ag := range c.leftAgent(d) {
		if c.sameGroups([]int{ag}, []int{c.toks[i-1].Mention}) {
			return false // the group dismissing its own claim
		}
	}
	return true
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
		case "and":
			if c.low(j-1) == "," {
				return false // "X denied it, and police said Y was the suspect"
			}
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
	// "denied that it was behind the attack, which was claimed by Y": a
	// relative clause on the attack with its own passive claim
	if c.low(i+1) == "by" {
		for j := d + 1; j < i; j++ {
			if c.low(j) == "which" && c.low(j-1) == "," {
				return false
			}
		}
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
	if c.low(i) == "none" && c.low(j) == "of" {
		// "none of the groups active in the area has claimed"
		for k := j + 1; k < b && k <= j+10; k++ {
			if auxAdverbs[c.low(k)] || c.low(k) == "claimed" {
				if c.low(k-1) != "the" {
					j = k
					break
				}
			}
			if c.toks[k].Kind == tokPunct {
				break
			}
		}
	}
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
	if !(c.low(j) == "claimed" || c.low(j) == "claim" || c.low(j) == "claims") && !c.responsibilityTaken(j) {
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
		case c.sharedObject(i, b):
			resp = true // "claimed and then retracted responsibility"
		case c.low(i+1) == "by", c.nameOfAt(i + 1):
			passive = true // "claimed by X", "claimed in the name of X"
		case c.low(i+1) == "of" && respNouns[c.low(i+2)]:
			resp, noun = true, true
		}
		if determiners[c.low(i-1)] && (w == "claim" || w == "claims") && c.low(i+1) == "," && issuedVerbs[c.low(i+2)] && c.low(i+3) == "by" {
			// "The claim, posted by X on Telegram, could not be verified"
			if agents := c.rightAgent(i + 4); len(agents) > 0 {
				return claimCand{mentions: agents, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
			}
		}
		if determiners[c.low(i-1)] && !noun && !(w == "claiming" && c.low(i-1) == "of") {
			// "the claims", "his claim": a noun, not a claim of an attack,
			// except "X's claim of responsibility" handled above
			return claimCand{}, false
		}
		if !resp && !passive {
			// "claimed the attack", "claimed the bombing in Kabul", "claimed it"
			for k, n := i+1, 0; k < b && n < 6; k, n = k+1, n+1 {
				l := c.low(k)
				if l == "lives" || l == "life" || l == "victory" || l == "title" || l == "seat" || l == "seats" {
					break
				}
				if (l == "this" || l == "that") && c.low(k+1) == "one" {
					object = true // "claimed this one"
					break
				}
				if attackObjects[l] {
					if (l == "it" || l == "them") && k+1 < b && c.toks[k+1].Kind == tokWord && !itFollowers[c.low(k+1)] {
						break // "claimed it had reduced opium": a that-clause
					}
					if clauseVerbs[c.low(k+1)] {
						break // "X claimed the attack was carried out by Y": X accuses Y
					}
					object = true
					break
				}
				if c.toks[k].Kind == tokPunct || c.toks[k].Kind == tokGroup || l == "that" || l == "to" {
					break
				}
			}
			// "claimed to have carried out", "claimed to be behind"
			if !object && c.low(i+1) == "to" && (c.low(i+2) == "have" && actionVerbs[c.low(i+3)] ||
				c.low(i+2) == "be" && (c.low(i+3) == "behind" || c.low(i+3) == "responsible")) {
				object = true
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
				// "responsibility for the attack has not been claimed"
				if c.passiveAux(i) && c.negatedBefore(i) && c.attackContext(a, i) && !c.hypotheticalBefore(i, false) {
					return claimCand{status: pipeline.StatusUnclaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i}, true
				}
				return claimCand{}, false
			}
		}
	}
	if c.hypotheticalBefore(verb, !noun) || habitualAdverbs[c.low(verb-1)] || habitualAdverbs[c.low(verb-2)] {
		return claimCand{}, false
	}
	neg := c.negatedBefore(verb) || c.neitherBefore(verb)
	var agents []int
	conf := 0.9
	switch {
	case passive:
		if !c.attackContext(a, i) {
			return claimCand{}, false // "the lives claimed by", "territory claimed by"
		}
		if l := c.low(i + 2); l == "nobody" || l == "none" || l == "no" && (c.low(i+3) == "one" || noClaimSubject[c.low(i+3)]) {
			// "claimed by nobody", "claimed by no group"
			return claimCand{status: pipeline.StatusUnclaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.85, cue: i}, true
		}
		if c.nameOfAt(i + 1) {
			agents = c.rightAgent(i + 5)
		} else {
			agents = c.rightAgent(i + 2)
		}
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
		if len(agents) == 0 && !neg {
			// "a statement claimed responsibility for the attack in the
			// name of ETA": the group the statement speaks for
			for k := i + 1; k < b; k++ {
				if c.nameOfAt(k) {
					agents = c.rightAgent(k + 4)
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
	done := c.low(i-1) == "to" && promptWords[c.low(i-2)] // "were quick to deny": the denial was made
	if c.negatedBefore(i) || c.neitherBefore(i) || !done && c.hypotheticalBefore(i, true) || habitualAdverbs[c.low(i-1)] || habitualAdverbs[c.low(i-2)] {
		return claimCand{}, false // "did not deny", "not to deny", "if X denies", "neither X nor Y denied", "who usually deny"
	}
	var agents []int
	if c.low(i+1) == "by" {
		if !c.attackContext(a, i) {
			return claimCand{}, false
		}
		agents = c.rightAgent(i + 2)
	} else {
		// what is denied must be the attack or a role in it: "denied
		// involvement", "denied it", "denied carrying out the attack", not
		// "denied that the group was active in Kabul"
		next := c.low(i + 1)
		switch {
		case c.low(i) == "distanced" && c.distancedFrom(i, b):
		case c.attackContext(i+1, b):
		case strongDenyObject[next]:
		case strongDenyObject[c.low(c.objectHead(i+1, b))]: // "denied the charge", "rejected these allegations"
		case (next == "it" || next == "this" || i+1 >= b || c.toks[i+1].Kind == tokPunct) && c.attackContext(0, len(c.toks)):
		default:
			return claimCand{}, false
		}
		agents = c.leftAgent(i)
	}
	if len(agents) == 0 || c.deniesLinkToOther(i, agents) || c.deniesOccurrence(i, b) {
		return claimCand{}, false
	}
	return claimCand{mentions: agents, status: pipeline.StatusDenied, certainty: pipeline.CertaintyAsserted, confidence: 0.85, cue: i, channel: true}, true
}

// sharedObject reports a claim verb coordinated with a second verb that
// takes responsibility as its object: "claimed and later withdrew
// responsibility for".
func (c *sentenceCtx) sharedObject(i, b int) bool {
	if c.low(i+1) != "and" && c.low(i+1) != "but" {
		return false
	}
	k := i + 2
	for k < b && auxAdverbs[c.low(k)] {
		k++
	}
	if c.toks[k].Kind != tokWord || k+1 >= b {
		return false
	}
	k++
	for k < b && respFillers[c.low(k)] {
		k++
	}
	return respNouns[c.low(k)]
}

// distancedFrom reports "distanced (itself|the group) from it/the attack".
func (c *sentenceCtx) distancedFrom(i, b int) bool {
	for k := i + 1; k < b && k <= i+4; k++ {
		if c.low(k) == "from" {
			n := c.low(k + 1)
			return n == "it" || n == "this" || c.attackContext(k+1, b)
		}
	}
	return false
}

// speakerGroup returns the group that is the subject of the verb of saying
// at i: "ISKP said", "the group said", "Islamic State's Amaq news agency said".
func (c *sentenceCtx) speakerGroup(i int) []int {
	a, _ := c.clause(i)
	if ag := c.appositionAgents(i - 1); len(ag) > 0 {
		return ag // "X (ACR), a splinter group that ..., said"
	}
	if c.low(i-1) == "and" {
		// "X denied the report and said ...": the subject of the first verb
		for j := i - 2; j > a && j >= i-14; j-- {
			if l := c.low(j); denyVerbs[l] || claimVerbs[l] || rejectVerbs[l] || sayVerbs[l] && l != "told" {
				if c.low(j+1) == "by" {
					return nil // "denied by X and said": no subject to share
				}
				return c.leftAgent(j)
			}
		}
	}
	for j, n := i-1, 0; j >= a && n < 5; j, n = j-1, n+1 {
		if c.militant(j) {
			return c.coordinated(j, -1, a, i)
		}
		if c.toks[j].Kind == tokPunct || c.toks[j].Kind == tokGroup {
			break
		}
	}
	return nil
}

// saidItCue handles "X said it carried out the attack" (claimed) and
// "X said it was not involved / had nothing to do with" (denied).
func (c *sentenceCtx) saidItCue(i int) (claimCand, bool) {
	a, b := c.clause(i)
	agents := c.speakerGroup(i)
	if len(agents) == 0 || c.hypotheticalBefore(i, true) || c.neitherBefore(i) {
		return claimCand{}, false // "neither confirmed nor denied that it held"
	}
	// "Hezbollah fired rockets at Israel on Sunday, the group said": the
	// group reports its own attack in the clause before
	if i+1 >= b || c.toks[i+1].Kind == tokPunct || c.onlyMediumAfter(i, b) {
		if j := c.trailingSpeakerComma(a, i); j >= 0 {
			for k := a; k < j && k < a+4; k++ {
				if c.militant(k) && c.ms[c.toks[k].Mention].Group == c.ms[agents[0]].Group {
					for m := k + 1; m < i && m <= k+4; m++ {
						if violentVerbs[c.low(m)] || actionVerbs[c.low(m)] && c.low(m) != "behind" && c.low(m) != "responsible" {
							if c.negatedBefore(m) {
								return claimCand{}, false
							}
							return claimCand{mentions: agents, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.75, cue: i, channel: true}, true
						}
					}
				}
			}
		}
	}
	// "said (in a statement on Telegram) (that) it/its fighters ... carried out"
	// "said the attacker was one of its soldiers"
	for k := i + 1; k < b && k <= i+6; k++ {
		if !perpNouns[c.low(k)] {
			continue
		}
		if l := c.low(k + 1); l == "was" || l == "were" || l == "is" || l == "are" {
			for m := k + 2; m < b && m <= k+6; m++ {
				if negWords[c.low(m)] {
					break
				}
				if selfRefs[c.low(m)] || c.militant(m) && c.sameGroups(agents, []int{c.toks[m].Mention}) {
					return claimCand{mentions: agents, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
				}
			}
		}
		break
	}
	for k := i + 1; k < b && k <= i+10; k++ {
		// "it", "its fighters", or the speaker named again ("the group's fighters")
		// "his men", "her fighters": a commander or spokesman speaking of the group's fighters
		ownMen := (c.low(k) == "his" || c.low(k) == "her") && ownMenNouns[c.low(k+1)]
		if !selfRefs[c.low(k)] && !ownMen && !(c.militant(k) && c.sameGroups(agents, []int{c.toks[k].Mention})) {
			continue
		}
		// "none of its fighters", "not one of its men", "no member of the group"
		neg := negWords[c.low(k-1)] || c.low(k-1) == "of" && (negWords[c.low(k-2)] || c.low(k-2) == "one" && negWords[c.low(k-3)])
		for m := k + 1; m < b && m <= k+5; m++ {
			l := c.low(m)
			if negWords[l] || strings.HasSuffix(l, "n't") {
				neg = true
			}
			if c.disowns(m, neg) {
				return claimCand{mentions: agents, status: pipeline.StatusDenied, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
			}
			if (l == "holding" || l == "holds") && !neg && c.kidnapContext(k, b) {
				// "X said it was holding the abducted workers"
				return claimCand{mentions: agents, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
			}
			arson := (l == "set" || l == "opened") && c.low(m+1) == "fire"
			if actionVerbs[l] || l == "set" && c.low(m+1) == "off" || arson {
				if neg {
					return claimCand{mentions: agents, status: pipeline.StatusDenied, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
				}
				if !c.attackContext(k, b) && l != "behind" && l != "responsible" && !arson {
					return claimCand{}, false
				}
				return claimCand{mentions: agents, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.85, cue: i, channel: true}, true
			}
		}
		break
	}
	return claimCand{}, false
}

// kidnapContext reports a kidnapping word in toks[a:b].
func (c *sentenceCtx) kidnapContext(a, b int) bool {
	for j := a; j < b; j++ {
		switch c.low(j) {
		case "kidnapped", "abducted", "hostage", "hostages", "captive", "captives", "kidnapping", "abduction", "seized", "snatched":
			return true
		}
	}
	return false
}

// deniesLinkToOther reports a denial of ties to another group rather than
// of the attack: "X, whose leaders deny any link with Y, ...".
func (c *sentenceCtx) deniesLinkToOther(i int, agents []int) bool {
	_, b := c.clause(i)
	for k := i + 1; k < b && k <= i+5; k++ {
		switch c.low(k) {
		case "link", "links", "ties", "connection", "connections", "relationship", "relations", "contact", "contacts", "affiliation",
			"belonged", "belong", "belongs", "members", "member", "loyal":
			for m := k + 1; m < b && m <= k+4; m++ {
				if c.militant(m) {
					return !c.sameGroups(agents, []int{c.toks[m].Mention})
				}
			}
			return false
		}
	}
	return false
}

// deniesOccurrence reports a denial that the attack happened at all
// ("denied that an attack on a bank had taken place"), which says nothing
// about responsibility: "that", an article and an attack noun, then
// "happened", "occurred" or "taken place" in the same clause.
func (c *sentenceCtx) deniesOccurrence(i, b int) bool {
	if c.low(i+1) != "that" {
		return false
	}
	switch c.low(i + 2) {
	case "a", "an", "the", "any":
	default:
		return false
	}
	if !attackObjects[c.low(i+3)] && !attackObjects[c.low(i+4)] {
		return false
	}
	for k := i + 4; k < b && k <= i+14; k++ {
		switch c.low(k) {
		case ",", "by", "involvement", "responsibility", "role", "behind", "responsible":
			return false
		case "happened", "occurred":
			return true
		case "place":
			if l := c.low(k - 1); l == "taken" || l == "took" {
				return true
			}
		}
	}
	return false
}

// passiveAux reports a passive auxiliary before the participle at i:
// "has not been claimed", "was never claimed".
func (c *sentenceCtx) passiveAux(i int) bool {
	a, _ := c.clause(i)
	for k := i - 1; k >= a && k >= i-5; k-- {
		l := c.low(k)
		switch l {
		case "been", "was", "were", "is", "are", "being", "be":
			return true
		}
		if !auxAdverbs[l] && !negWords[l] && !strings.HasSuffix(l, "n't") && !strings.HasSuffix(l, "ly") {
			return false
		}
	}
	return false
}

// neitherBefore reports "neither" in the subject of the verb at i:
// "Neither the Taliban nor ISKP has claimed the attack".
func (c *sentenceCtx) neitherBefore(i int) bool {
	a, _ := c.clause(i)
	for k := a; k < i; k++ {
		if c.low(k) == "neither" {
			return true
		}
	}
	return false
}

// retractVerbs take back an earlier claim.
var retractVerbs = wordSet("retracted", "retracts", "retract", "retracting", "withdrew", "withdrawn", "withdraws", "withdraw",
	"recanted", "recants", "rescinded", "rescinds", "deleted", "deletes", "revoked")

// retractsClaim reports a claim or statement as the object of the
// retraction verb at i: "withdrew its claim", "retracted the statement".
func (c *sentenceCtx) retractsClaim(i int) bool {
	for k := i + 1; k < len(c.toks) && k <= i+3; k++ {
		switch c.low(k) {
		case "claim", "claims", "statement", "responsibility", "claiming", "post":
			return true
		}
	}
	return false
}

// onlyMediumAfter reports that the verb of saying at i is followed only by
// its medium up to the clause end: "..., the group said in a statement on
// Telegram." (no that-clause of its own).
func (c *sentenceCtx) onlyMediumAfter(i, b int) bool {
	if c.low(i+1) != "in" && c.low(i+1) != "on" && c.low(i+1) != "via" && c.low(i+1) != "through" {
		return false
	}
	for k := i + 1; k < b; k++ {
		if k > i+8 || c.low(k) == "that" || selfRefs[c.low(k)] || c.toks[k].Kind == tokPunct && c.low(k) != `"` {
			return false
		}
	}
	return true
}

// admitsAttack reports the object of an admission verb at i: a gerund of the
// attack ("admitted carrying out", "acknowledged staging") or "of/about" an
// attack ("boasted of the massacre").
func (c *sentenceCtx) admitsAttack(i int) bool {
	k := i + 1
	if c.low(k) == "to" {
		k++ // "admitted to carrying out"
		if c.low(k) == "having" {
			k++
		}
	}
	if c.low(k) == "having" {
		k++
	}
	if attackGerunds[c.low(k)] {
		return true
	}
	if c.low(i+1) == "of" || c.low(i+1) == "about" {
		for m := i + 2; m < len(c.toks) && m <= i+4; m++ {
			if attackObjects[c.low(m)] {
				return true
			}
		}
	}
	return false
}

// trailingSpeakerComma returns the comma that opens a trailing speaker
// phrase before the verb of saying at i ("…, the group said", "…, Al-Shabaab's
// radio station said", "…, a spokesman for the group said"), or -1.
func (c *sentenceCtx) trailingSpeakerComma(a, i int) int {
	for j, n := i-1, 0; j >= a && n < 7; j, n = j-1, n+1 {
		t := c.toks[j]
		if c.low(j) == "," {
			if n == 0 {
				return -1
			}
			return j
		}
		if t.Kind == tokPunct && c.low(j) != "'s" && c.low(j) != "'" {
			return -1
		}
		if l := c.low(j); violentVerbs[l] || sayVerbs[l] || claimVerbs[l] || denyVerbs[l] {
			return -1
		}
	}
	return -1
}

// disowns reports, at m in a group's own account, a denial of a part in
// the attack: "nothing to do with", or negated "involved", "role", "part
// in", "hand in", "links to".
func (c *sentenceCtx) disowns(m int, neg bool) bool {
	l, next := c.low(m), c.low(m+1)
	if l == "nothing" && next == "to" {
		return true
	}
	return neg && (l == "involved" || l == "role" || (l == "part" || l == "hand") && next == "in" ||
		linkNouns[l] && (next == "to" || next == "with" || next == "in"))
}

// linkNouns, negated, deny a role: "it had no connection to the blast",
// "no links with the attackers", "no involvement in".
var linkNouns = wordSet("connection", "connections", "link", "links", "ties", "involvement", "relation", "relationship")

// promptWords before "to deny" tell a denial that was made: "quick to deny",
// "rushed to deny", "hastened to distance itself".
var promptWords = wordSet("quick", "swift", "fast", "rushed", "hastened", "hurried", "moved")

// issuedVerbs make a claim noun a claim that was made: "the claim, posted
// by X".
var issuedVerbs = wordSet("posted", "issued", "made", "released", "published", "sent", "carried", "circulated", "broadcast")

// ownMenNouns after "his"/"her" in a commander's account are the group's
// fighters.
var ownMenNouns = wordSet("men", "fighters", "militants", "mujahideen", "comrades", "forces", "group", "unit", "cell", "soldiers", "cadres")

// nameOfAt reports "in the name of" at k.
func (c *sentenceCtx) nameOfAt(k int) bool {
	return c.low(k) == "in" && c.low(k+1) == "the" && c.low(k+2) == "name" && c.low(k+3) == "of"
}

// objectHead skips the determiners and possessives that open a noun phrase
// at k ("the", "these", "the group's", "its"), at most three words, and
// returns where its head may be.
func (c *sentenceCtx) objectHead(k, b int) int {
	for n := 0; n < 3 && k+1 < b; n++ {
		w := c.low(k)
		if !objectOpeners[w] && !strings.HasSuffix(w, "'s") && !(k+1 < b && c.low(k+1) == "'s") && w != "'s" {
			break
		}
		k++
	}
	return k
}

// objectOpeners open a noun phrase before its head.
var objectOpeners = wordSet("the", "these", "those", "this", "its", "their", "his", "her", "all", "such", "any", "those")

// strongDenyObject are objects of a denial that need no attack word:
// "denied involvement", "rejected the accusations".
var strongDenyObject = wordSet("involvement", "responsibility", "claims", "claim", "accusations", "accusation", "allegations",
	"allegation", "charge", "charges", "role", "link", "links", "blame", "any", "reports", "report", "suggestions", "such")

// responsibilityTaken reports, at the verb after "no group has" / "nobody
// has", a phrase that means claiming: "taken responsibility", "come forward
// (to claim)", "owned up to".
func (c *sentenceCtx) responsibilityTaken(j int) bool {
	l := c.low(j)
	switch {
	case takeVerbs[l] || l == "taken":
		k := j + 1
		for respFillers[c.low(k)] {
			k++
		}
		return respNouns[c.low(k)]
	case l == "come" || l == "came" || l == "stepped" || l == "step" || l == "comes":
		return c.low(j+1) == "forward"
	}
	return false
}
