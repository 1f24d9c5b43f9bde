package hostile

import "testing"

func TestCorpusShape(t *testing.T) {
	cases := Corpus(Config{BigBytes: 1 << 10, BombBytes: 1 << 10, Depth: 10})
	names := map[string]bool{}
	kinds := map[string]int{}
	for _, c := range cases {
		if names[c.Name] {
			t.Errorf("duplicate case name %s", c.Name)
		}
		names[c.Name] = true
		kinds[c.Kind]++
		if c.Body == nil && c.Status < 300 {
			t.Errorf("%s has no body", c.Name)
		}
	}
	if len(cases) < 1000 {
		t.Errorf("corpus has %d cases, want at least 1000", len(cases))
	}
	t.Logf("%d cases: %v", len(cases), kinds)
}
