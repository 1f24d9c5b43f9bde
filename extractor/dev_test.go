package extractor

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/pipeline"
)

// devArticles is the shared development example (shared/eval/dev), found
// relative to the module root; the test is skipped where it is absent.
func devArticles(t *testing.T) string {
	for _, p := range []string{"../../shared/eval/dev/articles.jsonl", "../../../shared/eval/dev/articles.jsonl", "/work/shared/eval/dev/articles.jsonl"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("shared/eval/dev/articles.jsonl not found")
	return ""
}

// TestDevArticleInvariants runs the dev article through Extract and checks
// only invariants (valid offsets, state groups never in claims, ids), not
// fitted answers. With CLAIMWATCH_DEV_OUT set to a directory it also writes
// out.jsonl and groups.json there for shared/eval/score.py.
func TestDevArticleInvariants(t *testing.T) {
	path := devArticles(t)
	e := fixtureExtractor(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 32<<20)
	n := 0
	for sc.Scan() {
		var in Input
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		out := e.Extract(in)
		if out.Error != "" {
			t.Fatalf("%s: %s", in.ID, out.Error)
		}
		checkInvariants(t, e.gaz, in.Text, out)
		for _, g := range out.Groups {
			if g.Kind == pipeline.KindState {
				for _, c := range out.Claims {
					if c.GroupID != nil && *c.GroupID == g.ID {
						t.Errorf("state group %s in claims", g.ID)
					}
				}
			}
		}
		n++
	}
	if n == 0 {
		t.Fatal("no articles")
	}
	if dir := os.Getenv("CLAIMWATCH_DEV_OUT"); dir != "" {
		writeDevOutputs(t, dir, path)
	}
}

// writeDevOutputs writes out.jsonl and groups.json for score.py, with the
// bundled gazetteer (configs) when it loads, else the test fixture.
func writeDevOutputs(t *testing.T, dir, path string) {
	g, err := LoadGazetteer(configs.FS)
	if err != nil {
		t.Logf("bundled gazetteer not usable (%v); using the fixture", err)
		g = fixtureExtractor(t).gaz
	}
	places, err := DefaultPlaces()
	if err != nil {
		t.Logf("no place gazetteer: %v", err)
		places = nil
	}
	e, err := New(g, places, DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(filepath.Join(dir, "out.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := RunJSONL(context.Background(), in, out, e); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(g.Entries())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "groups.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
