package extractor

import (
	"testing"
)

func TestClaimantCandidates(t *testing.T) {
	p, err := newProseTagger()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want string // "" = no candidate
	}{
		{"A group calling itself Free Men of Idlib said it planted the bomb.", "Free Men of Idlib"},
		{"Late on Monday the Idlib Free Men Brigade claimed responsibility for the rocket attack.", "Idlib Free Men Brigade"},
		{"No group claimed responsibility for the blast.", ""},
		{"The striker claimed the title for Real Madrid.", ""},
	}
	for _, tt := range tests {
		sents := []segment{{0, len(tt.text)}}
		got := p.claimantCandidates(tt.text, sents, nil)
		if tt.want == "" {
			if len(got) != 0 {
				t.Errorf("%q: got candidates %+v, want none", tt.text, got)
			}
			continue
		}
		found := false
		for _, g := range got {
			for _, m := range g.Mentions {
				if tt.text[m.Start:m.End] != m.Text {
					t.Errorf("%q: bad offsets %+v", tt.text, m)
				}
			}
			if g.Name == tt.want {
				found = true
			}
			if g.Kind != "unknown" {
				t.Errorf("kind = %q", g.Kind)
			}
		}
		if !found {
			t.Errorf("%q: candidates %+v, want one containing %q", tt.text, got, tt.want)
		}
	}
}
