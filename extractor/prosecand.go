package extractor

import (
	"regexp"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"

	"github.com/claimwatch/claimwatch/pipeline"
)

// responsibilityCue finds sentences that assign responsibility to someone.
var responsibilityCue = regexp.MustCompile(`(?i)\b(claim(?:ed|s|ing)?|took|takes|taken|taking|assumed|accepted)\s+(?:full\s+)?(?:responsibility|credit)\b|\bclaim\s+of\s+responsibility\b|\bcalling\s+itself\b`)

// proseTagger tags parts of speech with prose's averaged-perceptron model
// (github.com/jdkato/prose/v2). The model is built once and shared; prose's
// tagger is used under a mutex because its thread-safety is not documented.
type proseTagger struct {
	mu    sync.Mutex
	model *prose.Model
}

func newProseTagger() (*proseTagger, error) {
	doc, err := prose.NewDocument("Warm up.", prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return nil, err
	}
	return &proseTagger{model: doc.Model}, nil
}

func (p *proseTagger) tag(s string) []prose.Token {
	p.mu.Lock()
	defer p.mu.Unlock()
	doc, err := prose.NewDocument(s, prose.UsingModel(p.model), prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return nil
	}
	return doc.Tokens()
}

// claimantCandidates surfaces the unknown claimant of a responsibility
// sentence that names no known group: the longest run of proper nouns
// (prose tags NNP/NNPS, with "of"/"the" inside) before the cue or right after
// "calling itself". They are reported with kind "unknown" (never in claims)
// so that the gazetteer can grow.
func (p *proseTagger) claimantCandidates(text string, sents []segment, known []mention) []pipeline.GroupMention {
	var out []pipeline.GroupMention
	seen := map[string]int{}
	for _, s := range sents {
		sent := text[s.Start:s.End]
		if !mayHaveResponsibilityCue(sent) {
			continue
		}
		loc := responsibilityCue.FindStringIndex(sent)
		if loc == nil || hasMention(known, s.Start, s.End) {
			continue
		}
		lo, hi := 0, loc[0]
		if strings.Contains(strings.ToLower(sent[loc[0]:loc[1]]), "calling itself") {
			lo, hi = loc[1], len(sent)
		}
		toks := p.tag(sent[lo:hi])
		for _, run := range properRuns(toks) {
			if len(run) < 2 {
				continue
			}
			surface := strings.Join(run, " ")
			off := strings.Index(sent[lo:hi], run[0])
			if off < 0 {
				continue
			}
			start := s.Start + lo + off
			end := strings.Index(text[start:], run[len(run)-1])
			if end < 0 {
				continue
			}
			end = start + end + len(run[len(run)-1])
			if end-start > len(surface)+len(run)*3 || end > s.End {
				continue // the words are not contiguous in the text
			}
			name := text[start:end]
			id := "unknown:" + strings.ReplaceAll(normalizeString(name), " ", "-")
			i, ok := seen[id]
			if !ok {
				i = len(out)
				seen[id] = i
				out = append(out, pipeline.GroupMention{ID: id, Name: name, Kind: pipeline.KindUnknown, Mentions: []pipeline.Span{}})
			}
			out[i].Mentions = append(out[i].Mentions, pipeline.Span{Start: start, End: end, Text: name})
		}
	}
	return out
}

// properRuns returns runs of proper-noun tokens, allowing "of" and "the"
// between proper nouns ("Brigades of the Martyrs").
func properRuns(toks []prose.Token) [][]string {
	var runs [][]string
	var cur []string
	hasNNP := false
	flush := func() {
		for len(cur) > 0 && (cur[len(cur)-1] == "of" || cur[len(cur)-1] == "the") {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 && hasNNP {
			runs = append(runs, cur)
		}
		cur, hasNNP = nil, false
	}
	for _, t := range toks {
		nnp := t.Tag == "NNP" || t.Tag == "NNPS"
		// The tagger often calls a capitalised name word JJ or NN ("Free Men").
		capitalised := t.Text != "" && t.Text[0] >= 'A' && t.Text[0] <= 'Z' && (strings.HasPrefix(t.Tag, "NN") || strings.HasPrefix(t.Tag, "JJ"))
		switch {
		case calendarWords[strings.ToLower(t.Text)]:
			flush()
		case nnp || capitalised:
			hasNNP = hasNNP || nnp
			if len(cur) == 0 && (t.Text == "The" || t.Text == "A") {
				continue
			}
			cur = append(cur, t.Text)
		case len(cur) > 0 && (t.Text == "of" || t.Text == "the"):
			cur = append(cur, t.Text)
		default:
			flush()
		}
	}
	flush()
	return runs
}

func hasMention(ms []mention, a, b int) bool {
	for _, m := range ms {
		if m.Start < b && a < m.End {
			return true
		}
	}
	return false
}

var calendarWords = wordSet("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")

// appendNewGroups appends the groups of add whose id is not in gs yet.
func appendNewGroups(gs, add []pipeline.GroupMention) []pipeline.GroupMention {
	have := map[string]bool{}
	for _, g := range gs {
		have[g.ID] = true
	}
	for _, g := range add {
		if !have[g.ID] {
			gs = append(gs, g)
			have[g.ID] = true
		}
	}
	return gs
}

// mayHaveResponsibilityCue is a cheap filter before responsibilityCue:
// every match contains one of these words, in any case.
func mayHaveResponsibilityCue(sent string) bool {
	return containsFoldASCII(sent, "responsib") || containsFoldASCII(sent, "credit") || containsFoldASCII(sent, "itself")
}

// containsFoldASCII reports whether s contains lower (lower-case ASCII)
// with ASCII letters of s compared case-insensitively.
func containsFoldASCII(s, lower string) bool {
	n := len(lower)
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 != lower[0] {
			continue
		}
		j := 1
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lower[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}
