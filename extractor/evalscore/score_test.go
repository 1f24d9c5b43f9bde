package evalscore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/extractor"
)

// The module root is two levels up; shared/ lies beside it.
const moduleRoot = "../.."

func sharedEval(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(moduleRoot, "..", "shared", "eval")
	if _, err := os.Stat(filepath.Join(dir, "score.py")); err != nil {
		t.Skipf("shared/eval/score.py not found beside the module root (%s): %v", dir, err)
	}
	return dir
}

func python(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found; cannot compare with score.py")
	}
	return p
}

// runPy runs score.py and returns its stdout.
func runPy(t *testing.T, py, script, gold, pred, groups string, asJSON bool) string {
	t.Helper()
	args := []string{script, "--gold", gold, "--pred", pred, "--groups", groups}
	if asJSON {
		args = append(args, "--json")
	}
	cmd := exec.Command(py, args...)
	cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0", "PYTHONIOENCODING=utf-8")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("score.py: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// runGo scores with the port and returns text and JSON output.
func runGo(t *testing.T, gold, pred, groups string) (string, string) {
	t.Helper()
	open := func(p string) *os.File {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	rep, err := Score(open(gold), open(pred), open(groups))
	if err != nil {
		t.Fatalf("Score: %v", err)
	}
	var txt, js bytes.Buffer
	if err := rep.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	return txt.String(), js.String()
}

// compare asserts that the port prints what score.py prints, text and JSON.
func compare(t *testing.T, py, script, gold, pred, groups string) {
	t.Helper()
	gotText, gotJSON := runGo(t, gold, pred, groups)
	if want := runPy(t, py, script, gold, pred, groups, false); gotText != want {
		t.Errorf("text output differs from score.py\n--- go\n%s\n--- score.py\n%s\n%s", gotText, want, firstDiff(gotText, want))
	}
	if want := runPy(t, py, script, gold, pred, groups, true); gotJSON != want {
		t.Errorf("JSON output differs from score.py\n%s", firstDiff(gotJSON, want))
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("first difference at line %d:\n go: %s\n py: %s", i+1, x, y)
		}
	}
	return ""
}

// extract runs the project's extractor over articles and writes the
// prediction file and the groups list (as `groups list --json`) into dir.
func extract(t *testing.T, articles, dir string) (pred, groups string) {
	t.Helper()
	g, err := extractor.LoadGazetteer(configs.FS)
	if err != nil {
		t.Fatalf("bundled gazetteer: %v", err)
	}
	places, err := extractor.DefaultPlaces()
	if err != nil {
		t.Logf("no place gazetteer: %v", err)
		places = nil
	}
	e, err := extractor.New(g, places, extractor.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(articles)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out bytes.Buffer
	if _, err := extractor.RunJSONL(context.Background(), in, &out, e); err != nil {
		t.Fatal(err)
	}
	pred = filepath.Join(dir, "pred.jsonl")
	groups = filepath.Join(dir, "groups.json")
	b, err := json.MarshalIndent(g.Entries(), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pred, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(groups, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return pred, groups
}

func TestMatchesScorePyOnExtractorOutput(t *testing.T) {
	eval := sharedEval(t)
	py := python(t)
	script := filepath.Join(eval, "score.py")
	for _, c := range []struct{ name, dir string }{
		{"dev", filepath.Join(eval, "dev")},
		{"heldout", filepath.Join(moduleRoot, "extractor", "testdata", "heldout")},
	} {
		t.Run(c.name, func(t *testing.T) {
			gold := filepath.Join(c.dir, "gold.jsonl")
			if _, err := os.Stat(gold); err != nil {
				t.Skipf("%s absent: %v", gold, err)
			}
			pred, groups := extract(t, filepath.Join(c.dir, "articles.jsonl"), t.TempDir())
			compare(t, py, script, gold, pred, groups)
		})
	}
}

// TestMatchesScorePyOnEdgeCases compares hand-made cases (testdata/edge):
// an empty prediction, an error line, unknown group names, duplicate and
// optional claims, polarity errors, missing incidents.
func TestMatchesScorePyOnEdgeCases(t *testing.T) {
	eval := sharedEval(t)
	py := python(t)
	script := filepath.Join(eval, "score.py")
	groups := filepath.Join("testdata", "groups.json")
	gold := filepath.Join("testdata", "edge_gold.jsonl")
	for _, pred := range []string{"empty.jsonl", "error_line.jsonl", "mixed.jsonl", "duplicates.jsonl"} {
		t.Run(pred, func(t *testing.T) {
			compare(t, py, script, gold, filepath.Join("testdata", "pred_"+pred), groups)
		})
	}
	t.Run("no gold", func(t *testing.T) {
		empty := filepath.Join(t.TempDir(), "empty.jsonl")
		if err := os.WriteFile(empty, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		compare(t, py, script, empty, filepath.Join("testdata", "pred_mixed.jsonl"), groups)
	})
}

// TestScoreCounts checks the scores themselves (independently of score.py).
func TestScoreCounts(t *testing.T) {
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	rep, err := Score(open("edge_gold.jsonl"), open("pred_empty.jsonl"), open("groups.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Docs {
		if d.Claims.TP != 0 || d.Claims.FP != 0 || d.Groups.Precision != 1.0 || d.Incidents.Found != 0 {
			t.Errorf("%s: empty prediction scored %+v", d.ID, d)
		}
	}
	rep, err = Score(open("edge_gold.jsonl"), open("pred_duplicates.jsonl"), open("groups.json"))
	if err != nil {
		t.Fatal(err)
	}
	if tot := rep.Totals(); tot.TP == 0 || tot.FP == 0 {
		t.Errorf("duplicates: want a match and a false positive, got %+v", tot)
	}
}

func TestScoreErrors(t *testing.T) {
	for _, c := range []struct {
		name, gold, pred, groups string
		want                     error
	}{
		{"groups not a list", `{"id":"a"}`, ``, `{"id":"x"}`, ErrGroups},
		{"group without id", `{"id":"a"}`, ``, `[{"name":"x"}]`, ErrGroups},
		{"pred not JSON", `{"id":"a"}`, `{"id":`, `[]`, ErrInput},
		{"gold without id", `{"groups":[]}`, ``, `[]`, ErrInput},
		{"gold group without name", `{"id":"a","groups":[{"surface":["x"]}]}`, ``, `[]`, ErrInput},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Score(strings.NewReader(c.gold), strings.NewReader(c.pred), strings.NewReader(c.groups))
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}
