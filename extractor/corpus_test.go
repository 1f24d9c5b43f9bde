package extractor

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/extractor/evalscore"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Targets of issue #5 (points 8 and 9) on the project's own corpus.
const (
	corpusMinGroupPrecision = 0.9
	corpusMinClaimsF1       = 0.85
	corpusMaxPolarityErrors = 0
)

var (
	corpusExOnce sync.Once
	corpusEx     *Extractor
	corpusExErr  error
)

// corpusExtractor is the extractor as shipped: the bundled gazetteer
// (configs) and the default place gazetteer, built once per test binary.
func corpusExtractor(t testing.TB) *Extractor {
	t.Helper()
	corpusExOnce.Do(func() {
		g, err := LoadGazetteer(configs.FS)
		if err != nil {
			corpusExErr = err
			return
		}
		places, err := DefaultPlaces()
		if err != nil {
			places = nil
		}
		corpusEx, corpusExErr = New(g, places, DefaultConfig(), nil)
	})
	if corpusExErr != nil {
		t.Fatal(corpusExErr)
	}
	return corpusEx
}

// corpusFigures are the summary figures of a corpus run.
type corpusFigures struct {
	Docs                        int
	PredGroups, FalseGroups     int
	MustGroups, MissedGroups    int
	GroupPrecision, GroupRecall float64
	Claims                      evalscore.Totals
}

// TestCorpusQuality runs the bundled extractor over testdata/corpus (253
// short wire-style reports written and hand-labelled for the project, see
// its README) and scores it with evalscore, the Go port of score.py. It
// fails when group precision (over all predicted militant groups) is below
// 0.9, claims F1 below 0.85, or on any polarity error. With
// CLAIMWATCH_CORPUS_VERBOSE=1 it logs every miss and false positive.
func TestCorpusQuality(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	e := corpusExtractor(t)
	reports, err := os.ReadFile(filepath.Join(dir, "reports.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	gold, err := os.ReadFile(filepath.Join(dir, "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	pred, predGroups := extractCorpus(t, e, reports)
	groups, err := json.Marshal(e.gaz.Entries())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := evalscore.Score(bytes.NewReader(gold), bytes.NewReader(pred), bytes.NewReader(groups))
	if err != nil {
		t.Fatal(err)
	}
	fig := summarise(t, rep, gold, predGroups)
	t.Logf("corpus: %d reports; groups P %.3f (%d predicted, %d false) R %.3f (%d must, %d missed); claims P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d); polarity errors %d",
		fig.Docs, fig.GroupPrecision, fig.PredGroups, fig.FalseGroups, fig.GroupRecall, fig.MustGroups, fig.MissedGroups,
		fig.Claims.Precision, fig.Claims.Recall, fig.Claims.F1, fig.Claims.TP, fig.Claims.FP, fig.Claims.FN, fig.Claims.PolarityErrors)

	failed := fig.GroupPrecision < corpusMinGroupPrecision || fig.Claims.F1 < corpusMinClaimsF1 ||
		fig.Claims.PolarityErrors > corpusMaxPolarityErrors
	if failed || os.Getenv("CLAIMWATCH_CORPUS_VERBOSE") != "" {
		for _, d := range rep.Docs {
			for _, g := range d.Groups.FalsePositives {
				t.Logf("%s: false group %s", d.ID, g)
			}
			for _, m := range d.Claims.Missed {
				t.Logf("%s: missed claim %s", d.ID, m)
			}
			for _, m := range d.Claims.FalsePositives {
				t.Logf("%s: false claim %s", d.ID, m)
			}
			if d.Claims.PolarityErrors > 0 {
				t.Logf("%s: %d polarity error(s)", d.ID, d.Claims.PolarityErrors)
			}
		}
	}
	if fig.GroupPrecision < corpusMinGroupPrecision {
		t.Errorf("group precision %.3f < %.2f", fig.GroupPrecision, corpusMinGroupPrecision)
	}
	if fig.Claims.F1 < corpusMinClaimsF1 {
		t.Errorf("claims F1 %.3f < %.2f", fig.Claims.F1, corpusMinClaimsF1)
	}
	if fig.Claims.PolarityErrors > corpusMaxPolarityErrors {
		t.Errorf("%d polarity errors, want %d", fig.Claims.PolarityErrors, corpusMaxPolarityErrors)
	}
}

// extractCorpus extracts every report, checks the output invariants and
// returns the JSON Lines predictions and, per report id, the number of
// militant groups predicted.
func extractCorpus(t *testing.T, e *Extractor, reports []byte) ([]byte, map[string]int) {
	t.Helper()
	var out bytes.Buffer
	militant := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(reports))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var in Input
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		x := e.Extract(in)
		if x.Error != "" {
			t.Fatalf("%s: %s", in.ID, x.Error)
		}
		checkInvariants(t, e.gaz, in.Text, x)
		for _, g := range x.Groups {
			if g.Kind == pipeline.KindMilitant {
				militant[in.ID]++
			}
		}
		b, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(militant) == 0 && out.Len() == 0 {
		t.Fatal("empty corpus")
	}
	return out.Bytes(), militant
}

// summarise pools the per-report scores: group precision and recall over
// all predicted (resp. must) groups of the corpus, claims from Totals.
func summarise(t *testing.T, rep evalscore.Report, gold []byte, predGroups map[string]int) corpusFigures {
	t.Helper()
	var f corpusFigures
	must := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(gold))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var g struct {
			ID     string `json:"id"`
			Groups []struct {
				Must *bool `json:"must"`
			} `json:"groups"`
		}
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		for _, x := range g.Groups {
			if x.Must == nil || *x.Must {
				must[g.ID]++
			}
		}
	}
	for _, d := range rep.Docs {
		f.Docs++
		f.PredGroups += predGroups[d.ID]
		f.FalseGroups += len(d.Groups.FalsePositives)
		f.MustGroups += must[d.ID]
		f.MissedGroups += len(d.Groups.Missed)
	}
	f.GroupPrecision, f.GroupRecall = 1, 1
	if f.PredGroups > 0 {
		f.GroupPrecision = float64(f.PredGroups-f.FalseGroups) / float64(f.PredGroups)
	}
	if f.MustGroups > 0 {
		f.GroupRecall = float64(f.MustGroups-f.MissedGroups) / float64(f.MustGroups)
	}
	f.Claims = rep.Totals()
	return f
}
