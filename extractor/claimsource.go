package extractor

// thirdPartySpeaker reports a speaker other than a group before token i:
// "police said", "according to officials".
func (c *sentenceCtx) thirdPartySpeaker(i int) bool {
	for k := 0; k < i; k++ {
		l := c.low(k)
		if l == "according" && c.low(k+1) == "to" && !c.militant(k+2) {
			return true
		}
		if sayVerbs[l] || l == "told" || l == "reported" || l == "believe" || l == "believes" || l == "say" {
			if k > 0 && len(c.speakerGroup(k)) == 0 {
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

// trailingThirdParty reports a speaker other than a group after token i at
// the end of the sentence: "..., police said", "..., according to officials".
func (c *sentenceCtx) trailingThirdParty(i int) bool {
	for k := i + 1; k < len(c.toks); k++ {
		l := c.low(k)
		if l == "according" && c.low(k+1) == "to" && !c.militant(k+2) {
			return true
		}
		if (sayVerbs[l] || l == "told" || l == "reported") && c.low(k-1) != "," && len(c.speakerGroup(k)) == 0 {
			// "..., police said", "..., the governor told reporters"
			for j := k - 1; j > i && j >= k-5; j-- {
				if c.low(j) == "," {
					return true
				}
			}
		}
	}
	return false
}
