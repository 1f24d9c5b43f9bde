package extractor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// segment is a half-open byte range of the text.
type segment struct{ Start, End int }

// sentenceSplitter cuts text into sentences with byte offsets. Paragraphs
// (line breaks) always end a sentence; inside a paragraph the English Punkt
// model does the work — the model behind prose's segmenter
// (github.com/jdkato/prose/v2), used directly because prose rebuilds the
// model for every document and drops the offsets. It is built once per
// Extractor and is safe for concurrent use (Tokenize keeps no state).
type sentenceSplitter struct {
	punkt *sentences.DefaultSentenceTokenizer
}

func newSentenceSplitter() (*sentenceSplitter, error) {
	t, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, err
	}
	return &sentenceSplitter{punkt: t}, nil
}

// maxParagraph bounds the text handed to Punkt at once; longer paragraphs
// are cut at a space first (Punkt cost grows with paragraph length).
const maxParagraph = 64 << 10

func (s *sentenceSplitter) split(text string) []segment {
	var out []segment
	pos := 0
	for pos < len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		end := len(text)
		if nl >= 0 {
			end = pos + nl
		}
		for p := pos; p < end; {
			e := end
			if e-p > maxParagraph {
				e = p + maxParagraph
				if sp := strings.LastIndexByte(text[p:e], ' '); sp > 0 {
					e = p + sp + 1
				}
				for e < end && !utf8.RuneStart(text[e]) {
					e++
				}
			}
			out = s.splitParagraph(text, p, e, out)
			p = e
		}
		pos = end + 1
	}
	return out
}

func (s *sentenceSplitter) splitParagraph(text string, start, end int, out []segment) []segment {
	para := text[start:end]
	if strings.TrimSpace(para) == "" {
		return out
	}
	for _, st := range s.punkt.Tokenize(para) {
		a, b := st.Start, st.End
		if a < 0 || b > len(para) || a >= b {
			continue
		}
		// trim spaces
		for a < b {
			r, sz := utf8.DecodeRuneInString(para[a:b])
			if !unicode.IsSpace(r) {
				break
			}
			a += sz
		}
		for b > a {
			r, sz := utf8.DecodeLastRuneInString(para[a:b])
			if !unicode.IsSpace(r) {
				break
			}
			b -= sz
		}
		for a < b {
			// overlong "sentences" (lists, tables, run-on text) are cut near
			// maxSentence at a semicolon, comma or space: every later step
			// works per sentence, and real sentences are far shorter
			e := b
			if e-a > maxSentence {
				e = cutPoint(para, a, a+maxSentence)
			}
			out = append(out, segment{start + a, start + e})
			a = e
			for a < b && (para[a] == ' ' || para[a] == '\t') {
				a++
			}
		}
	}
	return out
}

// maxSentence bounds the bytes of one sentence.
const maxSentence = 1500

// cutPoint finds where to cut s between from and limit: after the last
// "; ", else ", ", else space in the second half, else at a rune start.
func cutPoint(s string, from, limit int) int {
	half := from + (limit-from)/2
	for _, sep := range []string{"; ", ", ", " "} {
		if i := strings.LastIndex(s[half:limit], sep); i >= 0 {
			return half + i + len(sep) - 1
		}
	}
	for limit > from+1 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return limit
}
