package extractor

// appositionVerbs end the search for an appositive subject: a verb before
// the group means the group is no subject ("Police, who blamed X, said").
var appositionVerbs = wordSet("said", "says", "say", "told", "claimed", "claims", "denied", "denies", "blamed", "blames",
	"accused", "accuses", "which", "who", "that", "whom", "whose", "attributed", "suspected", "suspect", "believe", "believes",
	"reported", "according")

// appositiveSubject finds the head of a subject that an apposition or a
// relative clause separates from its verb: "X, a faction that has operated
// within Y, claimed", "X (ACR), which controls Z, said", "A commander of X,
// a group ..., claimed". k is the token right before the verb (after
// auxiliaries); it must be the comma that closes the apposition. The head is
// the first militant group of the clause, within its first words, followed
// by a comma within a few words ("X's spokesman,"). It returns the head's
// token index or -1.
func (c *sentenceCtx) appositiveSubject(k int) int {
	if c.low(k) != "," {
		return -1
	}
	a, _ := c.clause(k)
	for j := a; j < k && j < a+10; j++ {
		t := c.toks[j]
		if t.Kind == tokWord && (appositionVerbs[t.Low] || violentVerbs[t.Low] || byVerbs[t.Low]) {
			return -1
		}
		if t.Kind == tokGroup && !c.militant(j) {
			return -1
		}
		if !c.militant(j) {
			continue
		}
		// the head's noun phrase ends at a comma within a few words
		for m := j + 1; m < k && m <= j+6; m++ {
			l := c.low(m)
			if l == "," {
				if m+1 < k {
					return j
				}
				return -1
			}
			if c.toks[m].Kind == tokWord && (appositionVerbs[l] || sayVerbs[l] || violentVerbs[l] || auxAdverbs[l] && l != "itself") {
				return -1
			}
		}
		return -1
	}
	return -1
}

// appositionAgents returns the head group of an appositive subject with its
// coordinated groups, and the organisation an apposition calls it the wing
// of ("the al-Quds Brigades, the armed wing of Islamic Jihad, claimed"):
// a wing speaks for its organisation.
func (c *sentenceCtx) appositionAgents(k int) []int {
	h := c.appositiveSubject(k)
	if h < 0 {
		return c.roleApposition(k) // "Name, a spokesman for X, said"
	}
	out := c.coordinated(h, +1, h, k)
	for m := h + 1; m+2 < k; m++ {
		if c.low(m) == "wing" && c.low(m+1) == "of" {
			n := m + 2
			if c.low(n) == "the" {
				n++
			}
			if n < k && c.militant(n) {
				out = append(out, c.toks[n].Mention)
			}
			break
		}
	}
	return out
}

// appositionOfOther reports a subject that is no militant group followed by
// an apposition or relative clause closed by the comma at k: "The group,
// which is linked to Y, claimed", "Police, who blamed Y, said". The groups
// inside the apposition are not the subject.
func (c *sentenceCtx) appositionOfOther(k int) bool {
	if c.low(k) != "," {
		return false
	}
	a, _ := c.clause(k)
	for j := a; j < k && j < a+8; j++ {
		if c.militant(j) {
			return false
		}
		t := c.toks[j]
		if t.Kind == tokWord && (appositionVerbs[t.Low] || violentVerbs[t.Low] || sayVerbs[t.Low]) && t.Low != "which" && t.Low != "who" {
			return false
		}
		if c.low(j) == "," {
			// the subject noun phrase ends here; an apposition follows
			return j > a && j+1 < k
		}
	}
	return false
}
