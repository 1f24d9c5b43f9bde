package incidents

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestGenerateMultiOutlet rebuilds testdata/multioutlet.jsonl and
// holdout.jsonl from the .txt files with the real extractor (bundled gazetteer and
// places). It runs only with CLAIMWATCH_REGEN_INCIDENTS=1; the file is
// committed so that the clustering test does not depend on extractor
// changes.
func TestGenerateMultiOutlet(t *testing.T) {
	names := []string{"multioutlet", "holdout"}
	switch v := os.Getenv("CLAIMWATCH_REGEN_INCIDENTS"); v {
	case "":
		t.Skip("set CLAIMWATCH_REGEN_INCIDENTS=1 (or =holdout, =multioutlet) to regenerate testdata/*.jsonl")
	case "1":
	default:
		names = strings.Split(v, ",")
	}
	gaz, err := extractor.LoadGazetteer(configs.FS)
	if err != nil {
		t.Fatal(err)
	}
	places, err := extractor.DefaultPlaces()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extractor.New(gaz, places, extractor.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st := extractor.NewStage(ex, 1)
	for _, name := range names {
		generate(t, st, name)
	}
}

func generate(t *testing.T, st *extractor.Stage, name string) {
	var buf bytes.Buffer
	for _, tr := range readTestSet(t, name) {
		a := pipeline.Article{
			SchemaVersion: pipeline.SchemaVersion,
			ID:            tr.ID,
			URL:           tr.URL,
			CanonicalURL:  tr.URL,
			Source:        tr.Outlet,
			Title:         tr.Title,
			Text:          tr.Text,
			Published:     tr.Published.Format("2006-01-02T15:04:05Z07:00"),
			Lang:          "en",
			FetchedAt:     tr.Published.Add(7 * 60e9),
			ContentHash:   pipeline.ContentHash(tr.Text),
		}
		rec, err := st.Reextract(a, a.FetchedAt.Add(1e9))
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile("testdata/"+name+".jsonl", buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
