package geo

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is one word of a text: a maximal run of letters, digits and marks.
type token struct {
	start, end int  // byte span in the text
	fs, fe     int  // folded form in tokenizer.buf
	upper      bool // starts with an upper-case or title-case letter or a digit
	allUpper   bool // holds no lower-case letter
	join       bool // the gap before it may stand inside a place name
	tight      bool // the gap before it holds no space ("Nuku'alofa", "Mazar-e")
}

// tokenizer splits a text into folded tokens in one pass. The zero value is
// ready to use; reuse it to keep its buffers.
type tokenizer struct {
	toks    []token
	buf     []byte // folded text of all tokens
	scratch []byte
}

// special folds letters that have no canonical decomposition.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ı': "i", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
}

// isSilent reports runes that stand inside words but fold to nothing: the
// ʻayn and hamza marks of transliterations ("Ṣanʿāʾ") and stray accents.
func isSilent(r rune) bool {
	switch r {
	case 'ʻ', 'ʼ', 'ʾ', 'ʿ', '`', '´':
		return true
	}
	return false
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// gapKind classifies a non-word rune between two tokens: 0 breaks a name,
// 1 is a space, 2 is a hyphen or apostrophe, 3 is a dot.
func gapKind(r rune) int {
	switch r {
	case ' ', '\u00a0':
		return 1
	case '-', '\u2010', '\u2011', '\'', '\u2018', '\u2019':
		return 2
	case '.':
		return 3
	}
	return 0
}

// foldRune appends the folded form of r: lower case without diacritics.
func (t *tokenizer) foldRune(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if s, ok := special[r]; ok {
		return append(dst, s...)
	}
	var enc [utf8.UTFMax]byte
	n := utf8.EncodeRune(enc[:], r)
	t.scratch = norm.NFD.Append(t.scratch[:0], enc[:n]...)
	for i := 0; i < len(t.scratch); {
		d, w := utf8.DecodeRune(t.scratch[i:])
		i += w
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if s, ok := special[d]; ok {
			dst = append(dst, s...)
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(d))
	}
	return dst
}

// run tokenises text, replacing the tokens of a previous run.
func (t *tokenizer) run(text string) {
	t.toks = t.toks[:0]
	t.buf = t.buf[:0]
	in := false
	var cur token
	// gap state since the previous token
	gapRunes, gapDots, gapSpace, gapBad := 0, 0, false, false
	for i := 0; i < len(text); {
		r, w := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && w == 1 {
				r = -1 // invalid byte: a separator
			}
		}
		if r >= 0 && in && isSilent(r) && i+w < len(text) {
			if next, _ := utf8.DecodeRuneInString(text[i+w:]); isWord(next) && !isSilent(next) {
				i += w // stays inside the word, folds to nothing
				continue
			}
		}
		switch {
		case r >= 0 && isWord(r) && !isSilent(r):
			if !in {
				in = true
				prevLen := 0
				if n := len(t.toks); n > 0 {
					prevLen = t.toks[n-1].fe - t.toks[n-1].fs
				}
				cur = token{start: i, fs: len(t.buf), allUpper: true}
				cur.join = len(t.toks) > 0 && !gapBad && gapRunes <= 3 && gapDots <= 1 &&
					(gapDots == 0 || prevLen <= 3)
				cur.tight = cur.join && !gapSpace
				cur.upper = unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsDigit(r)
			}
			if unicode.IsLower(r) {
				cur.allUpper = false
			}
			t.buf = t.foldRune(t.buf, r)
		default:
			if in {
				t.finish(cur, i)
				in = false
				gapRunes, gapDots, gapSpace, gapBad = 0, 0, false, false
			}
			gapRunes++
			switch gapKind(r) {
			case 0:
				gapBad = true
			case 1:
				gapSpace = true
			case 3:
				gapDots++
			}
		}
		i += w
	}
	if in {
		t.finish(cur, len(text))
	}
}

func (t *tokenizer) finish(cur token, end int) {
	cur.end = end
	cur.fe = len(t.buf)
	if cur.fe == cur.fs { // only marks: nothing to match
		return
	}
	t.toks = append(t.toks, cur)
}

// foldKey returns the lookup key of a name: folded tokens joined by one
// space, and the number of tokens.
func (t *tokenizer) foldKey(name string) (string, int) {
	t.run(name)
	var k []byte
	for i, tok := range t.toks {
		if i > 0 {
			k = append(k, ' ')
		}
		k = append(k, t.buf[tok.fs:tok.fe]...)
	}
	return string(k), len(t.toks)
}
