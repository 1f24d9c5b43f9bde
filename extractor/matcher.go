package extractor

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/claimwatch/claimwatch/pipeline"
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// aliasRef is one surface form of one group.
type aliasRef struct {
	group         int    // index into Gazetteer.entries
	alias         string // as written in the gazetteer
	letters       string // wordChars(alias), for case-sensitive comparison
	caseSensitive bool
	ambiguous     bool
	capitalised   bool // alias has an upper-case letter: the text must have one too
	multiword     bool // alias of several words ("Islamic Jihad")
}

// groupMatcher finds group names in text in one pass.
type groupMatcher struct {
	gaz      *Gazetteer
	ac       *acAutomaton
	patterns []string     // folded surface forms
	refs     [][]aliasRef // per pattern
	fuzzy    *fuzzyIndex
}

// mention is a group found at original byte offsets [Start,End).
type mention struct {
	Start, End int
	Group      int
	Alias      string
	Fuzzy      bool
	Generic    bool  // "the group" resolved to a named group
	Alts       []int // other groups the same alias names ("Islamic Jihad"); see disambiguate
}

func newGroupMatcher(g *Gazetteer, cfg Config) *groupMatcher {
	m := &groupMatcher{gaz: g}
	index := map[string]int{}
	for gi, e := range g.entries {
		seen := map[string]bool{}
		for _, s := range surfaceForms(e) {
			f := normalizeString(s)
			if f == "" || seen[s] {
				continue
			}
			seen[s] = true
			ref := aliasRef{group: gi, alias: s, letters: wordChars(s), caseSensitive: caseSensitiveAlias(s),
				ambiguous: e.IsAmbiguous(s), capitalised: hasUpper(s), multiword: strings.Contains(strings.TrimSpace(s), " ")}
			pi, ok := index[f]
			if !ok {
				pi = len(m.patterns)
				index[f] = pi
				m.patterns = append(m.patterns, f)
				m.refs = append(m.refs, nil)
			}
			m.refs[pi] = append(m.refs[pi], ref)
		}
	}
	m.ac = newAutomaton(m.patterns)
	if cfg.Fuzzy {
		m.fuzzy = newFuzzyIndex(m.patterns, m.refs, cfg.FuzzyMinLen)
	}
	return m
}

// lineCaps tells whether the line around a byte offset is written in capitals.
type lineCaps struct {
	starts []int
	caps   []bool
}

func newLineCaps(text string) lineCaps {
	var lc lineCaps
	pos := 0
	for {
		lc.starts = append(lc.starts, pos)
		nl := strings.IndexByte(text[pos:], '\n')
		end := len(text)
		if nl >= 0 {
			end = pos + nl
		}
		up, lo := 0, 0
		for _, r := range text[pos:end] {
			if unicode.IsUpper(r) {
				up++
			} else if unicode.IsLower(r) {
				lo++
			}
		}
		lc.caps = append(lc.caps, up >= 6 && lo*5 < up)
		if nl < 0 {
			break
		}
		pos = end + 1
	}
	return lc
}

func (lc lineCaps) at(pos int) bool {
	i := sort.SearchInts(lc.starts, pos+1) - 1
	if i < 0 {
		return false
	}
	return lc.caps[i]
}

// find returns the group mentions of text, leftmost-longest, not overlapping.
func (m *groupMatcher) find(text string, nt normText, lc lineCaps) []mention {
	var cands []mention
	ns := nt.s
	m.ac.findAll(ns, func(am acMatch) {
		s, e := am.Start, am.End
		if s > 0 && ns[s-1] != ' ' {
			return
		}
		plural := 0
		if e < len(ns) && ns[e] != ' ' {
			// plurals: "the Haqqanis", "Talibans"
			switch {
			case ns[e] == 's' && (e+1 == len(ns) || ns[e+1] == ' '):
				plural = 1
			case e+1 < len(ns) && ns[e] == 'e' && ns[e+1] == 's' && (e+2 == len(ns) || ns[e+2] == ' '):
				plural = 2
			default:
				return
			}
		}
		os, oe := nt.span(s, e+plural)
		surface := text[os:oe]
		found := -1
		for _, ref := range m.refs[am.Pattern] {
			if !m.accept(ref, text, surface, os, oe, plural, lc) {
				continue
			}
			if found < 0 {
				found = len(cands)
				cands = append(cands, mention{Start: os, End: oe, Group: ref.group, Alias: ref.alias})
			} else if ref.group != cands[found].Group && !slices.Contains(cands[found].Alts, ref.group) {
				cands[found].Alts = append(cands[found].Alts, ref.group)
			}
		}
	})
	if m.fuzzy != nil {
		cands = append(cands, m.fuzzy.find(text, nt, cands)...)
	}
	return selectMentions(cands)
}

// accept applies the case and context rules to one candidate.
func (m *groupMatcher) accept(ref aliasRef, text, surface string, os, oe, plural int, lc lineCaps) bool {
	caps := lc.at(os)
	if ref.caseSensitive {
		got := wordChars(surface)
		if !isASCII(got) {
			got = wordChars(norm.NFKC.String(got)) // fullwidth ＩＳＩＳ
		}
		if plural > 0 {
			got = got[:len(got)-plural]
			if strings.ToLower(surface[len(surface)-plural:]) != surface[len(surface)-plural:] {
				return false // "ISISES"? only lower-case plural endings
			}
		}
		if got != ref.letters {
			return false
		}
	} else if ref.capitalised && !hasUpper(surface) {
		// "islamic state" in lower case is a concept, not the group
		return false
	}
	if plural > 0 && (len(ref.letters) <= 3 || strings.ContainsAny(strings.TrimSpace(ref.alias), " -")) {
		return false // "ISs", "AQs", "Islamic States": only one-word names take a plural
	}
	if ref.ambiguous {
		if !ref.caseSensitive {
			// an ordinary word ("Officials", "Base"): capitalised inside a
			// sentence and in strong group context only
			nw := nextWord(text, oe)
			if caps {
				// all capitals hide which words are names: a name of several
				// words only, before a strong group word ("ISLAMIC JIHAD
				// CLAIMED", "THE ISLAMIC JIHAD MOVEMENT")
				return ref.multiword && (contextAfterStrong[nw] || groupNouns[nw])
			}
			if !hasUpper(surface) || !sameCapitals(ref.alias, surface) {
				return false // "The brand of jihadism" is not "The Brand"
			}
			if sentenceInitial(text, os) || prevWord(text, os) == "" {
				// "Maoist rebels ambushed": a descriptive name of several
				// words, as the subject of an attack or claim verb
				return ref.multiword && (contextAfterStrong[nw] || predicateVerbs[nw])
			}
			// "the Shabaab did not claim", "the Naxalites set fire"; a name of
			// several words before a group noun: "the Islamic Jihad movement"
			return contextAfterStrong[nw] || ref.multiword && groupNouns[nw] || prevWord(text, os) == "by" || prevWord(text, os) == "the" && predicateVerbs[nw]
		}
		return groupContext(text, os, oe, caps)
	}
	return true
}

// Group context words for ambiguous aliases ("IS militants", "claimed by IS").
var (
	contextBefore = wordSet("by", "the", "to", "from", "against", "with", "joined", "join", "joining",
		"of", "pro", "anti", "rival", "former", "defected", "defect", "allegiance", "loyal", "fight", "fighting", "fought")
	contextAfter = wordSet("militants", "militant", "fighters", "fighter", "group", "groups", "jihadists", "jihadis",
		"jihadist", "terrorists", "terrorist", "insurgents", "insurgent", "gunmen", "cell", "cells", "affiliate",
		"affiliates", "branch", "members", "member", "supporters", "leader", "leaders", "commander", "commanders",
		"claimed", "claims", "claim", "said", "says", "has", "had", "province", "propaganda", "loyalists",
		"operatives", "bombers", "bomber", "linked", "affiliated", "inspired", "backed", "held", "controlled",
		"stronghold", "strongholds", "territory", "caliphate", "remnants", "recruits", "recruiters", "network",
		"sympathisers", "sympathizers", "attack", "attacks", "carried", "emir", "chief", "spokesman", "media",
		"statement", "suicide", "and", "or", "did", "didn't", "does", "doesn't", "has", "hasn't", "was", "were", "would",
		"will", "could", "may", "might", "also", "never", "denied", "denies", "blamed", "launched", "killed", "attacked", "took", "used", "lost", "still")
	contextAfterStrong = wordSet("militants", "militant", "fighters", "fighter", "jihadists", "jihadis",
		"terrorists", "insurgents", "gunmen", "cell", "cells", "affiliate", "branch", "claimed", "linked",
		"affiliated", "inspired", "backed", "held", "controlled", "caliphate", "bombers", "operatives")
)

// predicateVerbs after "the X" make X the subject of a responsibility or
// attack statement: "the Shabaab did not claim", "the Naxalites set fire".
var predicateVerbs = wordSet("claimed", "denied", "did", "didn't", "has", "had", "have", "hasn't", "haven't", "rejected",
	"admitted", "ambushed", "attacked", "killed", "set", "stormed", "torched", "abducted", "kidnapped", "said", "says",
	"blew", "bombed", "raided", "overran", "seized", "shot", "fired", "detonated", "carried", "were", "was", "are", "is")

// groupNouns before an acronym make it a group name in apposition.
var groupNouns = wordSet("group", "organisation", "organization", "movement", "outfit", "militia", "faction")

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// sentenceInitial reports whether pos starts a sentence or a line.
func sentenceInitial(text string, pos int) bool {
	i := pos
	for i > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		switch {
		case r == ' ' || r == '\u00a0' || r == '\t' || r == '"' || r == '“' || r == '‘' || r == '\'' || r == '(':
			i -= sz
			continue
		case r == '.' || r == '!' || r == '?' || r == '\n' || r == '\r' || r == ':':
			return true
		}
		return false
	}
	return true
}

// prevWord is the word before byte offset pos (lower case), skipping spaces and quotes.
func prevWord(text string, pos int) string {
	i := pos
	for i > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		if isWordRune(r) {
			break
		}
		if r != ' ' && r != '\u00a0' && r != '\'' && r != '"' && r != '‘' && r != '“' && r != '\t' {
			return "" // punctuation breaks the context
		}
		i -= sz
	}
	j := i
	for j > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:j])
		if !isWordRune(r) {
			break
		}
		j -= sz
	}
	return strings.ToLower(text[j:i])
}

// nextWord is the word after byte offset pos (lower case), skipping spaces,
// quotes and hyphens ("IS-linked").
func nextWord(text string, pos int) string {
	i := pos
	for i < len(text) {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			break
		}
		if r != ' ' && r != '\u00a0' && r != '-' && r != '‐' && r != '\'' && r != '’' && r != '"' && r != '”' && r != '\t' {
			return ""
		}
		i += sz
	}
	j := i
	for j < len(text) {
		r, sz := utf8.DecodeRuneInString(text[j:])
		if !isWordRune(r) {
			break
		}
		j += sz
	}
	return strings.ToLower(text[i:j])
}

func groupContext(text string, os, oe int, caps bool) bool {
	nw := nextWord(text, oe)
	if groupNouns[prevWord(text, os)] {
		return true // an apposition: "the Basque separatist group ETA"
	}
	if caps {
		return contextAfterStrong[nw]
	}
	if contextAfter[nw] {
		return true
	}
	pw := prevWord(text, os)
	return contextBefore[pw]
}

// selectMentions keeps leftmost-longest non-overlapping candidates; exact
// matches win over fuzzy ones at equal length.
func selectMentions(c []mention) []mention {
	sort.Slice(c, func(i, j int) bool {
		if c[i].Start != c[j].Start {
			return c[i].Start < c[j].Start
		}
		if c[i].End != c[j].End {
			return c[i].End > c[j].End
		}
		return !c[i].Fuzzy && c[j].Fuzzy
	})
	out := c[:0]
	last := -1
	for _, m := range c {
		if m.Start < last {
			continue
		}
		out = append(out, m)
		last = m.End
	}
	return out
}

// groupMentions turns mentions into the contract's groups list, in order of
// first mention.
func groupMentions(g *Gazetteer, text string, ms []mention) []pipeline.GroupMention {
	var out []pipeline.GroupMention
	pos := map[int]int{}
	for _, m := range ms {
		i, ok := pos[m.Group]
		if !ok {
			e := g.entries[m.Group]
			i = len(out)
			pos[m.Group] = i
			out = append(out, pipeline.GroupMention{ID: e.ID, Name: e.Name, Kind: e.Kind, Mentions: []pipeline.Span{}})
		}
		out[i].Mentions = append(out[i].Mentions, pipeline.Span{Start: m.Start, End: m.End, Text: text[m.Start:m.End]})
	}
	return out
}

// sameCapitals reports whether every word that starts with a capital in
// alias also does in surface (words compared in order).
func sameCapitals(alias, surface string) bool {
	aw, sw := strings.Fields(alias), strings.Fields(surface)
	for i := 0; i < len(aw) && i < len(sw); i++ {
		a, _ := utf8.DecodeRuneInString(aw[i])
		b, _ := utf8.DecodeRuneInString(sw[i])
		if unicode.IsUpper(a) && !unicode.IsUpper(b) {
			return false
		}
	}
	return true
}
