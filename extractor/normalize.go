package extractor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normText is a folded copy of a text for matching, with a map back to the
// original byte offsets. Folding: NFKD compatibility decomposition with
// combining marks dropped (so NFKC width and ligature variants and
// diacritics fold), lower case, apostrophes inside words dropped
// ("Qa'ida" = "Qaida") except before a possessive s ("Hamas's" = "hamas s"),
// and every run of other characters (spaces, NBSP, hyphens, dashes, quotes,
// punctuation) folded into one space. So "Lashkar‑e‑Taiba", "Lashkar e Taiba"
// and "LASHKAR-E-TAIBA" all read "lashkar e taiba".
type normText struct {
	s     string
	start []int32 // original byte where the rune that produced s[i] starts
	end   []int32 // original byte where that rune ends
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', 'ʿ', 'ʾ', '`', '´', '′':
		return true
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// normalize folds text; offsets refer to text.
func normalize(text string) normText {
	var b strings.Builder
	b.Grow(len(text) + 8)
	start := make([]int32, 0, len(text)+8)
	end := make([]int32, 0, len(text)+8)
	lastSpace := true // no leading space
	var buf [64]byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		j := i + size
		switch {
		case isWordRune(r) || unicode.Is(unicode.Mn, r):
			if unicode.Is(unicode.Mn, r) {
				i = j
				continue
			}
			var out []byte
			if r < utf8.RuneSelf {
				if r >= 'A' && r <= 'Z' {
					r += 'a' - 'A'
				}
				out = append(buf[:0], byte(r))
			} else {
				out = foldRune(buf[:0], r)
			}
			for _, c := range out {
				b.WriteByte(c)
				start = append(start, int32(i))
				end = append(end, int32(j))
			}
			if len(out) > 0 {
				lastSpace = false
			}
		case isApostrophe(r):
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			next, ns := utf8.DecodeRuneInString(text[j:])
			if isWordRune(prev) && isWordRune(next) {
				after, _ := utf8.DecodeRuneInString(text[j+ns:])
				if (next == 's' || next == 'S') && !isWordRune(after) {
					// possessive: "Hamas's" -> "hamas s"
					if !lastSpace {
						b.WriteByte(' ')
						start = append(start, int32(i))
						end = append(end, int32(j))
						lastSpace = true
					}
				}
				// else dropped: "Qa'ida" -> "qaida"
				i = j
				continue
			}
			fallthrough
		default:
			if !lastSpace {
				b.WriteByte(' ')
				start = append(start, int32(i))
				end = append(end, int32(j))
				lastSpace = true
			}
		}
		i = j
	}
	return normText{s: b.String(), start: start, end: end}
}

// foldRune decomposes r (NFKD), drops combining marks and lowers case.
func foldRune(dst []byte, r rune) []byte {
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], r)
	d := norm.NFKD.Bytes(tmp[:n])
	for len(d) > 0 {
		c, sz := utf8.DecodeRune(d)
		d = d[sz:]
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if !isWordRune(c) {
			continue
		}
		c = unicode.ToLower(c)
		dst = utf8.AppendRune(dst, c)
	}
	return dst
}

// normalizeString is the folded form of s without offsets, trimmed.
func normalizeString(s string) string {
	return strings.TrimSpace(normalize(s).s)
}

// span maps the folded range [s,e) back to original byte offsets.
func (n normText) span(s, e int) (int, int) {
	return int(n.start[s]), int(n.end[e-1])
}

// caseSensitiveAlias reports whether an alias must be matched with its exact
// capitalisation: acronyms (at most 5 letters, all capitals: TTP, ISIL-K)
// and short mixed-case abbreviations (LeT, JeM, HuM), which are ordinary
// words in lower case.
func caseSensitiveAlias(s string) bool {
	letters, upper, lowerAfterFirst, upperAfterFirst := 0, 0, 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			return false
		}
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.IsUpper(r) {
			upper++
			if letters > 0 {
				upperAfterFirst++
			}
		} else if letters > 0 {
			lowerAfterFirst++
		}
		letters++
	}
	if letters == 0 || letters > 5 {
		return false
	}
	if upper == letters {
		return true
	}
	return upperAfterFirst > 0 && lowerAfterFirst > 0
}

// wordChars keeps letters and digits of s, with case.
func wordChars(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isWordRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasUpper reports whether s has an upper-case letter.
func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}
