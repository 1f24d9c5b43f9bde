package extractor

import (
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Quoted first-person statements of a group's spokesman:
//
//	"We carried out this operation," the Taliban said.
//	"We have nothing to do with this attack," a TTP spokesman told reporters.
//	TTP spokesman Muhammad Khurasani said: "We claim responsibility for the attack."
//	"We did not carry out this attack," said a spokesman for the BLA.
//
// The speaker must be a group (or its spokesman, channel or statement); the
// quotation must speak in the first person plural. Quotations of officials
// ("We will find those who carried out this attack," the minister said) have
// no group speaker and give nothing.

// quoteCue reads the quotation attached to the verb of saying at i.
func (c *sentenceCtx) quoteCue(i int) (claimCand, bool) {
	if c.hypotheticalBefore(i, true) || c.negatedBefore(i) {
		return claimCand{}, false
	}
	qs, qe, before := c.quoteBefore(i)
	var agents []int
	if before {
		agents = c.speakerGroup(i)
		if len(agents) == 0 {
			agents = c.speakerAfter(i) // `"…," said a spokesman for X`
		}
	} else if s, e, ok := c.quoteAfter(i); ok {
		qs, qe = s, e
		agents = c.speakerGroup(i)
	}
	if len(agents) == 0 || qe <= qs {
		return claimCand{}, false
	}
	status, ok := c.firstPersonAccount(qs, qe)
	if !ok {
		return claimCand{}, false
	}
	return claimCand{mentions: agents, status: status, certainty: pipeline.CertaintyAsserted, confidence: 0.8, cue: i, channel: true}, true
}

// quoteMark reports a double quotation mark at token k (apostrophes share
// the token class but are not quotation marks).
func (c *sentenceCtx) quoteMark(k int) bool {
	if k < 0 || k >= len(c.toks) || c.toks[k].Kind != tokPunct || c.toks[k].Low != `"` {
		return false
	}
	r, _ := utf8.DecodeRuneInString(c.text[c.toks[k].Start:])
	switch r {
	case '"', '“', '”', '„', '«', '»':
		return true
	}
	return false
}

// quoteBefore finds a quotation closed just before the speaker of the verb
// at i: `"…," a TTP spokesman told` or `"…," said`. It returns the quoted
// tokens [qs, qe); a quotation opened in an earlier sentence starts at 0.
func (c *sentenceCtx) quoteBefore(i int) (int, int, bool) {
	for j, n := i-1, 0; j >= 0 && n < 8; j, n = j-1, n+1 {
		if c.quoteMark(j) {
			for k := j - 1; k >= 0; k-- {
				if c.quoteMark(k) {
					return k + 1, j, true
				}
			}
			return 0, j, true
		}
		l := c.low(j)
		if c.toks[j].Kind == tokPunct && l != "," && l != "'s" {
			return 0, 0, false
		}
		if sayVerbs[l] || claimVerbs[l] || denyVerbs[l] || violentVerbs[l] {
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// quoteAfter finds a quotation opened right after the verb at i: `said:
// "…"`, `said, "…"`.
func (c *sentenceCtx) quoteAfter(i int) (int, int, bool) {
	k := i + 1
	for k < len(c.toks) && (c.low(k) == ":" || c.low(k) == ",") {
		k++
	}
	if !c.quoteMark(k) {
		return 0, 0, false
	}
	for e := k + 1; e < len(c.toks); e++ {
		if c.quoteMark(e) {
			return k + 1, e, true
		}
	}
	return k + 1, len(c.toks), true
}

// speakerAfter returns the group that speaks in an inverted speaker phrase
// after the verb at i: "said a spokesman for X", "said the Taliban".
func (c *sentenceCtx) speakerAfter(i int) []int {
	for j, n := i+1, 0; j < len(c.toks) && n < 7; j, n = j+1, n+1 {
		if c.militant(j) {
			return []int{c.toks[j].Mention}
		}
		if c.toks[j].Kind == tokPunct && c.low(j) != "'s" {
			return nil
		}
	}
	return nil
}

// quoteStops end the reach of a first-person subject: a relative clause or
// a future or hypothetical ("we will find those who carried out").
var quoteStops = wordSet("who", "which", "those", "whoever", "will", "would", "could", "should", "shall", "if", "whether", "when", "until")

// firstPerson are the first person plural words a group speaks with.
var firstPerson = wordSet("we", "our", "us", "we've", "we're")

// firstPersonAccount reads a claim or a denial spoken in the first person
// plural in toks[qs:qe].
func (c *sentenceCtx) firstPersonAccount(qs, qe int) (string, bool) {
	for k := qs; k < qe; k++ {
		if !firstPerson[c.low(k)] {
			continue
		}
		neg := false
		for m := k + 1; m < qe && m <= k+6; m++ {
			l := c.low(m)
			if c.disowns(m, neg) { // "nothing to do with", "not involved"
				return pipeline.StatusDenied, true
			}
			if negWords[l] || l == "n't" || len(l) > 3 && l[len(l)-3:] == "n't" {
				neg = true
				if l == "no" && (c.low(m+1) == "role" || linkNouns[c.low(m+1)]) {
					return pipeline.StatusDenied, true // "we had no role in"
				}
				continue
			}
			if quoteStops[l] || c.toks[m].Kind == tokPunct {
				break
			}
			// claims: "we claim responsibility", "we take full responsibility",
			// "we carried out this attack", "our fighters attacked"
			claim := claimVerbs[l] && !determiners[c.low(m-1)] && (c.respAfter(m+1, qe) || attackObjects[c.low(m+1)] || c.attackContext(m+1, qe))
			take := takeVerbs[l] && c.respAfter(m+1, qe)
			// a verb, not the noun after a determiner ("we condemn this attack")
			act := actionVerbs[l] && !determiners[c.low(m-1)] && l != "behind" && l != "responsible" && c.attackContext(qs, len(c.toks))
			if claim || take || act || (l == "behind" || l == "responsible") && c.attackContext(m, qe) {
				if neg {
					return pipeline.StatusDenied, true
				}
				return pipeline.StatusClaimed, true
			}
		}
	}
	return "", false
}

// respAfter reports a responsibility noun after optional fillers at k.
func (c *sentenceCtx) respAfter(k, b int) bool {
	for k < b && respFillers[c.low(k)] {
		k++
	}
	return respNouns[c.low(k)]
}
