package extractor

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokWord tokKind = iota
	tokPunct
	tokGroup
)

// token is a word, a punctuation mark or a whole group mention of a sentence,
// with original byte offsets. Low is the lower-cased word with curly
// apostrophes folded ("hasn’t" -> "hasn't").
type token struct {
	Start, End int
	Low        string
	Kind       tokKind
	Mention    int // index into the article's mentions for tokGroup
}

func (t token) is(words ...string) bool {
	for _, w := range words {
		if t.Low == w {
			return true
		}
	}
	return false
}

// tokenize cuts text[seg] into tokens; mentions (sorted) inside the segment
// become single group tokens.
func tokenize(text string, seg segment, ms []mention, firstMention int) []token {
	toks := make([]token, 0, (seg.End-seg.Start)/5+8)
	mi := firstMention
	i := seg.Start
	for i < seg.End {
		for mi < len(ms) && ms[mi].End <= i {
			mi++
		}
		if mi < len(ms) && ms[mi].Start <= i && ms[mi].End > i {
			m := ms[mi]
			end := m.End
			if end > seg.End {
				end = seg.End
			}
			// a possessive belongs to the name: "Islamic State's Amaq"
			if r, sz := utf8.DecodeRuneInString(text[end:]); end < seg.End && isApostrophe(r) && end+sz < seg.End &&
				(text[end+sz] == 's' || text[end+sz] == 'S') && (end+sz+1 == seg.End || !isWordByteAt(text, end+sz+1)) {
				end += sz + 1
			}
			toks = append(toks, token{Start: m.Start, End: end, Low: strings.ToLower(text[m.Start:end]), Kind: tokGroup, Mention: mi})
			i = end
			mi++
			continue
		}
		r, sz := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += sz
		case isWordRune(r):
			j := i + sz
			for j < seg.End {
				r2, sz2 := utf8.DecodeRuneInString(text[j:])
				if mi < len(ms) && ms[mi].Start == j {
					break
				}
				if isWordRune(r2) {
					j += sz2
					continue
				}
				if isApostrophe(r2) && j+sz2 < seg.End {
					r3, _ := utf8.DecodeRuneInString(text[j+sz2:])
					if unicode.IsLetter(r3) {
						j += sz2
						continue
					}
				}
				break
			}
			toks = append(toks, token{Start: i, End: j, Low: foldWord(text[i:j]), Kind: tokWord, Mention: -1})
			i = j
		default:
			toks = append(toks, token{Start: i, End: i + sz, Low: punctClass(r), Kind: tokPunct, Mention: -1})
			i += sz
		}
	}
	return toks
}

func isWordByteAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func foldWord(w string) string {
	w = strings.ToLower(w)
	if strings.ContainsAny(w, "’‘ʼ`´") {
		w = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "`", "'", "´", "'").Replace(w)
	}
	return w
}

// punctClass folds punctuation: all dashes to "-" (hyphens) or "--" (clause
// dashes), quotes to `"`.
func punctClass(r rune) string {
	switch r {
	case '–', '—', '―', '‒':
		return "--"
	case '‐', '‑', '-':
		return "-"
	case '“', '”', '„', '«', '»', '"', '\'', '‘', '’':
		return `"`
	}
	return string(r)
}

// isClauseBreak reports whether a punctuation token ends a clause.
func (t token) isClauseBreak() bool {
	if t.Kind != tokPunct {
		return false
	}
	switch t.Low {
	case ";", ":", "--", "?", "!", ".":
		return true
	}
	return false
}

// clauses cuts tokens into clause ranges [a,b).
func clauses(toks []token) [][2]int {
	var out [][2]int
	a := 0
	for i, t := range toks {
		if t.isClauseBreak() && !(t.Low == "." && i > 0 && abbrevDot(toks[i-1])) {
			if i > a {
				out = append(out, [2]int{a, i})
			}
			a = i + 1
		}
	}
	if a < len(toks) {
		out = append(out, [2]int{a, len(toks)})
	}
	return out
}

// abbrevDot reports a word whose following dot abbreviates it, not a
// clause end: "Jan. 5", "Gen. Sharif", "U.S." (a single letter).
func abbrevDot(t token) bool {
	if t.Kind != tokWord {
		return false
	}
	if _, ok := monthNames[t.Low]; ok && len(t.Low) <= 4 {
		return true
	}
	return len(t.Low) == 1 || titleAbbrevs[t.Low]
}

// titleAbbrevs are abbreviated titles before a name.
var titleAbbrevs = wordSet("gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt", "brig", "adm", "cmdr", "gov", "sen",
	"rep", "pres", "mr", "mrs", "ms", "dr", "prof", "rev", "st", "no", "vs", "jr", "sr", "inc", "co", "corp", "dept")
