package extractor

import "github.com/claimwatch/claimwatch/pipeline"

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
			if sayVerbs[c.low(k)] && len(c.speakerGroup(k)) > 0 {
				return claimCand{}, false
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
			if sayVerbs[c.low(k)] && len(c.speakerGroup(k)) > 0 {
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
