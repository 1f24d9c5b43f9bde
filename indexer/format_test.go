package indexer

import (
	"bytes"
	"strings"
	"testing"
)

func TestFormatText(t *testing.T) {
	r := Result{
		Total: 12,
		Hits: []Hit{
			{ID: "id1", Title: "Suicide bombing at\nKabul airport", URL: "https://x.org/a", Published: "2021-08-26T18:00:00Z",
				Groups: []string{"iskp", "taliban"}, Claims: []HitClaim{{"iskp", "claimed"}, {"", "unclaimed"}}},
			{ID: "id2", Title: strings.Repeat("long ", 40)},
		},
		Facets: map[string][]FacetCount{
			FacetGroup: {{"iskp", 3}, {"taliban", 2}},
			FacetMonth: {{"2021-05", 1}, {"2021-08", 2}},
			FacetType:  {},
		},
	}
	var buf bytes.Buffer
	if err := FormatText(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"12 results, showing 2\n",
		"  1. 2021-08-26  Suicide bombing at Kabul airport\n",
		"     https://x.org/a\n",
		"groups: iskp, taliban  |  claims: iskp claimed; (no group) unclaimed  |  id: id1",
		"  2. ????-??-??  long long",
		"…\n",
		"facets:\n",
		"  group:   iskp (3), taliban (2)\n",
		"  type:    -\n",
		"  month:   2021-05 (1), 2021-08 (2)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "status:") {
		t.Errorf("absent facet printed:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 120 {
			t.Errorf("line of %d runes: %q", n, line)
		}
	}

	buf.Reset()
	if err := FormatText(&buf, Result{}); err != nil || buf.String() != "no results\n" {
		t.Errorf("empty result: %q, %v", buf.String(), err)
	}
	buf.Reset()
	_ = FormatText(&buf, Result{Total: 1})
	if buf.String() != "1 result (none on this page)\n" {
		t.Errorf("past the end: %q", buf.String())
	}
}
