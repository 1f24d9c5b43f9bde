package extractor

import (
	"encoding/json"
	"os"
	"testing"
)

func TestDebugSentence(t *testing.T) {
	s := os.Getenv("DEBUG_SENT")
	if s == "" {
		t.Skip()
	}
	g, err := LoadGazetteer(os.DirFS("testdata"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(g, nil, DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	out := e.Extract(Input{ID: "x", Text: s, Published: "2021-09-01"})
	b, _ := json.MarshalIndent(out, "", " ")
	t.Log(string(b))
}
