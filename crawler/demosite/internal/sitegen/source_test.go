package sitegen

import (
	"errors"
	"strings"
	"testing"
)

const goodHead = `path: /world/2024/05/08/some-story.html
title: A title
section: world
published: 2024-05-08T09:00:00Z
author: A. Writer
dateline: KABUL
attack: true
groups: Islamic State | Taliban
claims: Islamic State=claimed | =unclaimed
`

const goodBody = "---\nOne paragraph. Another sentence here for the summary test.\n\nTwo\nlines joined.\n\nThree.\n"

func TestParseSource(t *testing.T) {
	s, err := ParseSource("ok.txt", []byte(goodHead+goodBody))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Paragraphs) != 3 || s.Paragraphs[1] != "Two lines joined." {
		t.Errorf("paragraphs %q", s.Paragraphs)
	}
	if len(s.Expect.Claims) != 2 || s.Expect.Claims[1].Group != "" || s.Expect.Claims[1].Status != "unclaimed" {
		t.Errorf("claims %+v", s.Expect.Claims)
	}
	if !s.Everywhere() || len(s.Via) != 3 {
		t.Errorf("default via %v", s.Via)
	}
	// The first sentence is too short to stand alone, so the summary runs on.
	if s.Summary != "One paragraph. Another sentence here for the summary test." {
		t.Errorf("summary %q", s.Summary)
	}
}

func TestParseSourceKeepsNoBreakSpace(t *testing.T) {
	s, err := ParseSource("nbsp.txt", []byte(goodHead+"---\nAt 5:30\u00a0a.m. it began.\n\nTwo.\n\nThree.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Paragraphs[0], "5:30\u00a0a.m.") {
		t.Errorf("no-break space lost: %q", s.Paragraphs[0])
	}
}

func TestParseSourceErrors(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(string) string
		wantErr error
	}{
		{"no separator", func(s string) string { return strings.Replace(s, "---\n", "", 1) }, ErrFrontMatter},
		{"unknown key", func(s string) string { return "colour: red\n" + s }, ErrFrontMatter},
		{"bad bool", func(s string) string { return strings.Replace(s, "attack: true", "attack: maybe", 1) }, ErrFrontMatter},
		{"claim without =", func(s string) string { return strings.Replace(s, "Islamic State=claimed", "Islamic State", 1) }, ErrFrontMatter},
		{"bad status", func(s string) string { return strings.Replace(s, "=claimed", "=boasted", 1) }, ErrSource},
		{"claim group not listed", func(s string) string { return strings.Replace(s, "Islamic State=claimed", "Hamas=claimed", 1) }, ErrSource},
		{"groupless claim not unclaimed", func(s string) string { return strings.Replace(s, "=unclaimed", "=denied", 1) }, ErrSource},
		{"claims without attack", func(s string) string { return strings.Replace(s, "attack: true", "attack: false", 1) }, ErrSource},
		{"section mismatch", func(s string) string { return strings.Replace(s, "section: world", "section: asia", 1) }, ErrSource},
		{"unknown section", func(s string) string {
			return strings.NewReplacer("section: world", "section: moon", "/world/", "/moon/").Replace(s)
		}, ErrSource},
		{"date mismatch", func(s string) string { return strings.Replace(s, "2024-05-08T", "2024-05-09T", 1) }, ErrSource},
		{"bad path", func(s string) string { return strings.Replace(s, "some-story.html", "Some Story", 1) }, ErrSource},
		{"no author", func(s string) string { return strings.Replace(s, "author: A. Writer\n", "", 1) }, ErrSource},
		{"empty via", func(s string) string { return "via:\n" + s }, ErrSource},
		{"bad via", func(s string) string { return "via: carrier-pigeon\n" + s }, ErrSource},
		{"bad charset", func(s string) string { return "charset: koi8-r\n" + s }, ErrSource},
		{"too few paragraphs", func(s string) string { return strings.Replace(s, "\n\nThree.\n", "\n", 1) }, ErrSource},
		{"not utf-8", func(s string) string { return s + "\xff" }, ErrSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSource("x.txt", []byte(tt.mutate(goodHead+goodBody)))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestFirstSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Short. Then more text follows here and goes on for a while.", "Short. Then more text follows here and goes on for a while."},
		{"A sentence that is long enough to be a summary on its own. Second sentence.", "A sentence that is long enough to be a summary on its own."},
		{strings.Repeat("word ", 60), strings.TrimSpace(strings.Repeat("word ", 45)) + " ..."},
	}
	for _, tt := range tests {
		if got := firstSentence(tt.in); got != tt.want {
			t.Errorf("firstSentence(%.30q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseSource(f *testing.F) {
	f.Add([]byte(goodHead + goodBody))
	f.Add([]byte("---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSource("fuzz.txt", data)
		if err == nil && (len(s.Paragraphs) < 3 || s.Path == "" || s.Summary == "") {
			t.Fatalf("accepted an incomplete source: %+v", s)
		}
	})
}
