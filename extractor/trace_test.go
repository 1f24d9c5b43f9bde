package extractor

import (
	"encoding/json"
	"os"
	"testing"
)

// TestTrace prints the extraction of the text in $CLAIMWATCH_TRACE (with
// the fixture gazetteer and published 2021-09-01): a development aid to see
// what the rules make of one sentence. Skipped when the variable is unset.
//
//	CLAIMWATCH_TRACE='Hamas denied it.' go test -run TestTrace -v ./extractor
func TestTrace(t *testing.T) {
	s := os.Getenv("CLAIMWATCH_TRACE")
	if s == "" {
		t.Skip("CLAIMWATCH_TRACE not set")
	}
	out := fixtureExtractor(t).Extract(Input{ID: "trace", Text: s, Published: "2021-09-01"})
	checkInvariants(t, fixtureExtractor(t).gaz, s, out)
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(string(b))
}
