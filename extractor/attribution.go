package extractor

import (
	"strings"

	"github.com/claimwatch/claimwatch/pipeline"
)

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
		if !c.attackContext(a, i) && !c.pronounSubject(a, i) {
			return claimCand{}, false
		}
		k := i + 2
		if c.low(i+1) == "out" {
			k = i + 3
		}
		agents = c.rightAgent(k)
		// "X said the attack was carried out by its Majeed Brigade": a
		// group naming its own unit claims the attack
		if sp := c.groupSpeakerBefore(i); len(sp) > 0 && (selfRefs[c.low(k)] || len(agents) > 0 && c.sameGroups(sp, agents)) &&
			!c.negatedBefore(i) && !c.hypotheticalBefore(i, true) && c.attackContext(a, i) {
			return claimCand{mentions: sp, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
		}
		if sp := c.groupSpeakerAfter(i); len(sp) > 0 && len(agents) > 0 && c.sameGroups(sp, agents) &&
			!c.negatedBefore(i) && !c.hypotheticalBefore(i, true) && c.attackContext(a, i) {
			return claimCand{mentions: sp, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
		}
	case (w == "work" || w == "handiwork") && c.low(i+1) == "of":
		// "the bombing was probably the work of X"
		agents = c.rightAgent(i + 2)
		if len(agents) > 0 && !c.attackContext(a, b) && !c.pronounSubject(a, i) {
			return claimCand{}, false
		}
	case violentVerbs[w] && c.low(i+1) == "by" && c.passiveAux(i):
		// "they may have been targeted by X fighters", "police said the
		// convoy was ambushed by X": the passive agent is the perpetrator
		agents = c.rightAgent(i + 2)
		if len(agents) == 0 || c.certainty(i) == pipeline.CertaintyAsserted && !c.thirdPartySpeaker(i) && !c.trailingThirdParty(i) {
			return claimCand{}, false
		}
	case (w == "links" || w == "link" || w == "ties" || w == "connection" || w == "connections") && c.investigatedLink(i):
		// "police were examining possible links between the shooting and X"
		agents = c.linkedGroup(i, b)
		if len(agents) == 0 || !c.attackContext(a, b) {
			return claimCand{}, false
		}
	case linkVerbs[w] && c.linkedAttackTo(i, b) > 0:
		// "officials linked the attack to X", "tied the bombing to X"
		agents = c.rightAgent(c.linkedAttackTo(i, b))
	case perpNouns[w]:
		// "the attackers were (suspected to be) members of X"
		agents = c.perpetratorGroup(i)
	case w == "suspicion" && (suspicionFell[c.low(i+1)] || suspicionAdverbs[c.low(i+1)] && suspicionFell[c.low(i+2)]):
		// "suspicion fell on X"
		for k := i + 2; k < b && k <= i+4; k++ {
			if c.low(k) == "on" || c.low(k) == "upon" {
				agents = c.rightAgent(k + 1)
				break
			}
		}
	case w == "finger" && (c.low(i+1) == "at" || c.low(i+1) == "of" && c.low(i+2) == "blame" && c.low(i+3) == "at"):
		// "officials pointed the finger at X"
		k := i + 2
		if c.low(i+1) == "of" {
			k = i + 4
		}
		agents = c.rightAgent(k)
		if !c.attackContext(a, b) {
			return claimCand{}, false
		}
	case singularAttacks[w] && c.low(i+1) == "by" && c.low(i-1) != "claimed":
		// "troops repelled the attack by Boko Haram terrorists"
		agents = c.rightAgent(i + 2)
		if sp := c.groupSpeakerBefore(i); len(sp) > 0 {
			return claimCand{}, false // a group's own account
		}
	case (w == "suspect" || w == "suspects") && primeSuspect(c, i):
		// "X is the prime suspect in the bombing"
		agents = c.leftAgent(i)
		if !c.attackContext(a, b) {
			return claimCand{}, false
		}
	case w == "loyal" && c.low(i+1) == "to" && fighterNouns[c.low(i-1)],
		(w == "linked" || w == "affiliated" || w == "allied" || w == "aligned") && c.low(i-1) == "-" && c.militant(i-2) && fighterNouns[c.low(i+1)]:
		// "fighters loyal to X attacked ..., officials said", "X-linked gunmen"
		if w == "loyal" {
			agents = c.rightAgent(i + 2)
		} else {
			agents = []int{c.toks[i-2].Mention}
		}
		if !c.attackContext(a, b) || c.certainty(i) == pipeline.CertaintyAsserted && !c.thirdPartySpeaker(b) {
			return claimCand{}, false
		}
	case blameVerbs[w]:
		p := i - 1
		for p > a && strings.HasSuffix(c.low(p), "ly") && c.toks[p].Kind == tokWord {
			p-- // "is widely blamed"
		}
		if l := c.low(p); l == "was" || l == "were" || l == "been" || l == "being" || l == "is" || l == "are" {
			agents = c.leftAgent(i) // "X was blamed for the attack"
			if len(agents) == 0 && c.low(i+1) == "on" {
				agents = c.rightAgent(i + 2) // "the attack was blamed on X"
			}
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
		for k := i + 1; k < b && k <= i+6; k++ {
			if c.low(k) == "of" {
				if supportGerunds[c.low(k+1)] {
					return claimCand{}, false
				}
				break
			}
		}
	case w == "attributed" || w == "attributes" || w == "attribute" || w == "pinned" || w == "linked" && c.low(i+1) == "to":
		for k := i + 1; k < b && k < i+8; k++ {
			if c.low(k) == "to" || c.low(k) == "on" {
				agents = c.rightAgent(k + 1)
				break
			}
		}
		if w == "linked" {
			// the attack is what is linked: "the bombing was linked to X",
			// not "the group, which is linked to X"
			conf = 0.6
			ok := false
			for k := i - 1; k >= a && k >= i-4; k-- {
				if attackObjects[c.low(k)] && c.low(k) != "it" && c.low(k) != "them" || c.low(k) == "it" && (c.low(k+1) == "was" || c.low(k+1) == "is") {
					ok = true
				}
			}
			if !ok {
				return claimCand{}, false
			}
		}
	case markNouns[w] && c.low(i+1) == "of":
		agents = c.rightAgent(i + 2)
	case (w == "involvement" || w == "role" || w == "hand") && c.low(i+1) == "of" && c.militant(i+2):
		// "police suspect the involvement of X"
		agents = c.coordinated(i+2, +1, i+2, b)
		if c.certainty(i) == pipeline.CertaintyAsserted && !c.thirdPartySpeaker(i) && !hedgeSuspected[c.low(i-2)] {
			return claimCand{}, false
		}
	case w == "involved" && c.copulaBefore(i) && (c.low(i+1) == "in" || i+1 >= b || c.toks[i+1].Kind == tokPunct || c.low(i+1) == "given"):
		// "officials said X militants were likely involved", "X may have been involved"
		agents = c.nearSubjectOf(i)
		if len(agents) == 0 || !c.attackContext(a, b) && !c.pronounSubject(a, i) && c.certainty(i) == pipeline.CertaintyAsserted {
			return claimCand{}, false
		}
		if c.certainty(i) == pipeline.CertaintyAsserted && !c.thirdPartySpeaker(i) && !c.trailingThirdParty(i) {
			return claimCand{}, false
		}
		for k := i - 1; k >= a && k > i-10; k-- {
			if sayVerbs[c.low(k)] && len(c.speakerGroup(k)) > 0 {
				return claimCand{}, false // the group speaks of itself
			}
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
			if sayVerbs[c.low(k)] && len(c.speakerGroup(k)) > 0 {
				return claimCand{}, false
			}
			if sayVerbs[c.low(k)] && c.callerSpeaks(k) && len(agents) > 0 && !c.negatedBefore(i) {
				// "a caller using a codeword said the New IRA was responsible"
				return claimCand{mentions: agents, status: pipeline.StatusClaimed, certainty: pipeline.CertaintyAsserted, confidence: 0.75, cue: i, channel: true}, true
			}
		}
	case violentVerbs[w] && c.low(i+1) != "by" && !byVerbs[w] || (w == "set" || w == "opened") && c.low(i+1) == "fire":
		// "a resident said al-Shabaab fighters had stormed the village": a
		// perpetrator named by a third party (the author's own narration of
		// "X fighters stormed" is no attribution)
		agents = c.nearSubject(i)
		if len(agents) == 0 || !c.thirdPartySpeaker(i) && !c.trailingThirdParty(i) || c.negatedBefore(i) {
			return claimCand{}, false
		}
		for k := i - 1; k >= a && k > i-10; k-- {
			if sayVerbs[c.low(k)] && len(c.speakerGroup(k)) > 0 {
				return claimCand{}, false // "X said its fighters stormed": a claim
			}
		}
		cand := claimCand{mentions: agents, status: pipeline.StatusAttributed, certainty: c.certainty(i), confidence: 0.65, cue: i, narrative: true}
		if c.question || c.hypotheticalBefore(i, false) {
			return claimCand{}, false
		}
		return cand, true
	case byVerbs[w] && c.low(i+1) != "by" && (w != "carried" || c.low(i+1) == "out"):
		// "X may have carried out the attack", "police said X carried out
		// the bombing": a perpetrator named by a hedge or a third party;
		// the author's own "X carried out 7 attacks" is no attribution
		agents = c.leftAgent(i)
		if len(agents) == 0 || !c.attackContext(i, b) {
			return claimCand{}, false
		}
		if c.certainty(i) == pipeline.CertaintyAsserted && !c.thirdPartySpeaker(i) && !c.trailingThirdParty(i) {
			return claimCand{}, false
		}
		// "X said it carried out" is a claim (saidItCue)
		for k := i - 1; k >= a && k > i-8; k-- {
			if sayVerbs[c.low(k)] && len(c.speakerGroup(k)) > 0 {
				return claimCand{}, false
			}
		}
	case (w == "suspect" || w == "suspects" || w == "suspected") && !c.militant(i+1) &&
		((c.low(i+1) == "of" || c.low(i+1) == "in") && (c.low(i-1) == "is" || c.low(i-1) == "was" || c.low(i-1) == "are" || c.low(i-1) == "were" || c.low(i-1) == "been")):
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
		if len(agents) == 0 || !c.attackContext(a, b) && !suspectSubjects[c.low(i-1)] {
			return claimCand{}, false
		}
	case w == "suspected" && c.militant(i+1):
		agents = c.coordinated(i+1, +1, i+1, b)
		// "they suspected X": a verb with a third-party subject needs no
		// attack word; "suspected X militants" (an adjective) does
		if !c.attackContext(a, b) && !suspectSubjects[c.low(i-1)] {
			return claimCand{}, false
		}
	default:
		return claimCand{}, false
	}
	if len(agents) == 0 {
		return claimCand{}, false
	}
	if c.negatedBefore(i) || c.deniedPremise(a, i) || c.invertedCondition(a, i) {
		return claimCand{}, false // "was not carried out by X", "no evidence that X was behind", "Had X been behind"
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
	if (w == "linked" || w == "links" || w == "link" || w == "ties" || w == "connection" || w == "connections") && cert == pipeline.CertaintyAsserted {
		cert = pipeline.CertaintySuspected // "linked to X", "investigating links to X" name no perpetrator firmly
	}
	switch cert {
	case pipeline.CertaintySuspected:
		conf -= 0.1
	case pipeline.CertaintyPossible:
		conf -= 0.2
	}
	explicit := blameVerbs[w] || accuseVerbs[w] || w == "suspect" || w == "suspects" || w == "suspected" || w == "suspicion" || w == "finger"
	return claimCand{mentions: agents, status: pipeline.StatusAttributed, certainty: cert, confidence: conf, cue: i, explicit: explicit}, true
}

// deniedPremise reports a clause that says the attribution is not so before
// token i: "there was no evidence that X was responsible", "X is unlikely to
// have carried out", "officials ruled out X".
func (c *sentenceCtx) deniedPremise(a, i int) bool {
	for j := a; j < i; j++ {
		switch c.low(j) {
		case "unlikely", "implausible", "doubtful":
			return true
		case "no", "little", "scant":
			switch c.low(j + 1) {
			case "evidence", "indication", "indications", "sign", "signs", "proof", "suggestion":
				return true
			}
		case "ruled":
			if c.low(j+1) == "out" && c.low(j-1) != "not" && c.low(j-1) != "n't" {
				return true
			}
		}
	}
	return false
}

// supportGerunds after "accused X of" name help to attackers, not the
// attack: "accused the Taliban of sheltering the fighters who attacked".
var supportGerunds = wordSet("sheltering", "harbouring", "harboring", "supporting", "funding", "financing", "arming",
	"backing", "aiding", "training", "hosting", "protecting", "helping", "assisting", "tolerating", "ignoring", "failing")

// perpNouns name the perpetrators of the attack reported.
var perpNouns = wordSet("militants", "insurgents", "rebels", "guerrillas", "attackers", "attacker", "gunmen", "gunman", "kidnappers", "kidnapper", "abductors", "abductor",
	"assailants", "assailant", "bombers", "bomber", "perpetrators", "perpetrator", "hijackers", "hijacker", "killers",
	"shooter", "shooters", "raiders", "culprits")

// membershipWords link perpetrators to a group: "were members of X",
// "belonged to X", "were from X".
var membershipWords = wordSet("of", "to", "from")

// suspicionAdverbs may stand between "suspicion" and its verb.
var suspicionAdverbs = wordSet("immediately", "quickly", "swiftly", "soon", "initially", "first", "now", "again", "also", "instead", "naturally", "inevitably")

var suspicionFell = wordSet("fell", "falls", "fall", "fallen", "centred", "centered", "focused", "focussed", "turned", "rests", "rested")

// suspectSubjects before "suspected X" make it a verb with a third-party subject.
var suspectSubjects = wordSet("they", "we", "he", "she", "police", "officials", "authorities", "investigators", "officers",
	"army", "military", "government", "sources", "analysts", "experts", "residents", "witnesses", "forces", "troops", "ministry")

// singularAttacks are attack nouns that name one attack: "the attack by X".
var singularAttacks = wordSet("attack", "bombing", "blast", "explosion", "assault", "shooting", "massacre", "kidnapping",
	"abduction", "assassination", "ambush", "hijacking", "raid", "killing", "murder", "beheading", "siege", "incursion")

// perpetratorGroup handles "the attackers were members of X", "the gunmen
// were suspected to be from X", "the kidnappers belonged to X": a copula or
// "belonged" after the perpetrator noun, then of/to/from and the group.
func (c *sentenceCtx) perpetratorGroup(i int) []int {
	_, b := c.clause(i)
	link := false
	for k := i + 1; k < b && k <= i+14; k++ {
		l := c.low(k)
		switch {
		case c.militant(k):
			j := k - 1
			if c.low(j) == "the" {
				j--
			}
			if !link || !membershipWords[c.low(j)] {
				return nil
			}
			return c.coordinated(k, +1, k, b)
		case l == "were" || l == "was" || l == "are" || l == "is" || l == "be" || l == "been" || l == "belonged" || l == "belong" || l == "belongs":
			link = true
		case negWords[l] || strings.HasSuffix(l, "n't"):
			return nil
		case l == "," && k == i+1 && (hedgeSuspected[c.low(k+1)] || c.low(k+1) == "said"):
			// "the militants, believed to be from X, opened fire"
		case c.toks[k].Kind == tokPunct && l != `"`:
			return nil
		case c.toks[k].Kind == tokGroup:
			return nil
		}
	}
	return nil
}

// groupSpeakerBefore returns the militant group that speaks in a verb of
// saying before token i in its clause ("X said ... i"), or nil.
func (c *sentenceCtx) groupSpeakerBefore(i int) []int {
	a, _ := c.clause(i)
	for k := a; k < i; k++ {
		if sayVerbs[c.low(k)] {
			if sp := c.speakerGroup(k); len(sp) > 0 {
				return sp
			}
		}
	}
	return nil
}

// callerSpeaks reports an anonymous caller as the subject of the verb of
// saying at k: "a caller using a recognised codeword said", "an anonymous
// caller told the newspaper". Callers speak for the group they name.
func (c *sentenceCtx) callerSpeaks(k int) bool {
	a, _ := c.clause(k)
	for j := k - 1; j >= a && j >= k-7; j-- {
		switch c.low(j) {
		case "caller", "callers":
			return c.low(j-1) == "a" || c.low(j-1) == "an" || c.low(j-1) == "anonymous" || c.low(j-1) == "the"
		case "said", "says", "police", "officials":
			return false
		}
	}
	return false
}

// groupSpeakerAfter returns the militant group that speaks in a trailing
// "..., the group said (in a statement)" after token i, or nil.
func (c *sentenceCtx) groupSpeakerAfter(i int) []int {
	for k := i + 1; k < len(c.toks); k++ {
		if sayVerbs[c.low(k)] && c.low(k) != "told" {
			sp := c.speakerGroup(k)
			if len(sp) == 0 {
				return nil
			}
			for j := k - 1; j > i && j >= k-4; j-- {
				if c.low(j) == "," {
					return sp
				}
			}
			return nil
		}
	}
	return nil
}

// sameGroups reports whether two mention lists name the same groups.
func (c *sentenceCtx) sameGroups(x, y []int) bool {
	for _, m := range y {
		found := false
		for _, n := range x {
			if c.ms[m].Group == c.ms[n].Group {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// pronounSubject reports "this/it/that was ..." before token i: a subject
// that refers back to the attack.
func (c *sentenceCtx) pronounSubject(a, i int) bool {
	for k := a; k < i; k++ {
		l := c.low(k)
		if (l == "this" || l == "it" || l == "that") && (c.low(k+1) == "was" || c.low(k+1) == "is" || c.low(k+1) == "had" || c.low(k+1) == "has" || c.low(k+1) == "could" || c.low(k+1) == "may" || c.low(k+1) == "might") {
			return true
		}
	}
	return false
}

// fighterNouns are armed men characterised by a group: "fighters loyal to X".
var fighterNouns = wordSet("guerrillas", "guerrilla", "cadres", "commandos", "volunteers", "fighters", "militants", "gunmen", "men", "insurgents", "jihadists", "rebels", "militiamen",
	"attackers", "assailants", "elements", "cells", "cell", "operatives", "members")

// primeSuspect reports "is (the) (prime|main) suspect(s)" at i: a copula
// before, the noun itself.
func primeSuspect(c *sentenceCtx, i int) bool {
	k := i - 1
	for k >= 0 && (c.low(k) == "prime" || c.low(k) == "main" || c.low(k) == "chief" || c.low(k) == "leading" || c.low(k) == "principal" || c.low(k) == "likely" || c.low(k) == "obvious") {
		k--
	}
	if c.low(k) == "the" || c.low(k) == "a" {
		k--
	}
	switch c.low(k) {
	case "is", "was", "are", "were", "remains", "remained", "be":
		return true
	}
	return false
}

// investigatedLink reports that the link noun at i is under investigation
// or hedged: "examining possible links", "probing ties", "suspected links".
func (c *sentenceCtx) investigatedLink(i int) bool {
	a, _ := c.clause(i)
	for k := i - 1; k >= a && k >= i-3; k-- {
		switch c.low(k) {
		case "examining", "examine", "investigating", "investigate", "probing", "probe", "checking", "check", "exploring",
			"explore", "suspected", "possible", "potential", "alleged", "any":
			return true
		}
	}
	return false
}

// linkedGroup returns the group of "links to/with X" or "links between
// <attack> and X" after the link noun at i.
func (c *sentenceCtx) linkedGroup(i, b int) []int {
	switch c.low(i + 1) {
	case "to", "with":
		return c.rightAgent(i + 2)
	case "between":
		for k := i + 2; k < b && k <= i+14; k++ {
			if c.low(k) == "and" {
				if !c.attackContext(i+2, k) {
					return nil
				}
				return c.rightAgent(k + 1)
			}
		}
	}
	return nil
}

// copulaBefore reports a form of "to be" right before token i, past hedges
// and adverbs: "were likely involved", "may have been involved".
func (c *sentenceCtx) copulaBefore(i int) bool {
	a, _ := c.clause(i)
	for k := i - 1; k >= a && k >= i-4; k-- {
		switch l := c.low(k); {
		case l == "was" || l == "were" || l == "is" || l == "are" || l == "been" || l == "be":
			return true
		case auxAdverbs[l] || hedgeSuspected[l] || hedgePossible[l] || strings.HasSuffix(l, "ly") || l == "have" || l == "also":
		default:
			return false
		}
	}
	return false
}

// nearSubjectOf returns the militant group that is the subject of the
// predicate at i: the group (or "X fighters") before its auxiliaries and
// hedges.
func (c *sentenceCtx) nearSubjectOf(i int) []int {
	a, _ := c.clause(i)
	k := i - 1
	for k >= a && (auxAdverbs[c.low(k)] || hedgeSuspected[c.low(k)] || hedgePossible[c.low(k)] || c.low(k) == "have" || strings.HasSuffix(c.low(k), "ly") && c.toks[k].Kind == tokWord) {
		k--
	}
	if k >= a && fighterNouns[c.low(k)] {
		k--
	}
	if k >= a && c.militant(k) {
		return c.coordinated(k, -1, a, i)
	}
	return nil
}

// nearSubject returns the militant group right before the verb at i, as
// the subject or its modifier ("X fighters had stormed", "X militants
// attacked"), or nil.
func (c *sentenceCtx) nearSubject(i int) []int {
	a, _ := c.clause(i)
	k := i - 1
	for k >= a && auxAdverbs[c.low(k)] {
		k--
	}
	if k >= a && fighterNouns[c.low(k)] {
		k--
	}
	if k >= a && c.militant(k) {
		return c.coordinated(k, -1, a, i)
	}
	return nil
}

// linkVerbs tie an attack to its perpetrators: "linked the attack to X".
var linkVerbs = wordSet("linked", "links", "tied", "ties", "connected", "traced", "attributed", "attributes", "pinned")

// linkedAttackTo returns the token after "to" in "<verb> the attack to X"
// (the attack object within four words of the verb), or 0.
func (c *sentenceCtx) linkedAttackTo(i, b int) int {
	obj := false
	for k := i + 1; k < b && k <= i+6; k++ {
		l := c.low(k)
		if attackObjects[l] && l != "it" && l != "them" {
			obj = true
			continue
		}
		if l == "to" {
			if obj {
				return k + 1
			}
			return 0
		}
		if c.toks[k].Kind == tokPunct || c.toks[k].Kind == tokGroup {
			return 0
		}
	}
	return 0
}
