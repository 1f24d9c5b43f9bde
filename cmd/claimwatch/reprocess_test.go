package main

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

func TestReprocessReextractsOldRecords(t *testing.T) {
	cfg := testConfig(t)
	a, err := newApp(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := a.openIndex(); err != nil {
		t.Fatal(err)
	}
	if err := a.buildExtractor(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	art := func(id, text string) pipeline.Article {
		return pipeline.Article{SchemaVersion: 1, ID: id, URL: "https://x.example/" + id, CanonicalURL: "https://x.example/" + id,
			Title: "Attack", Text: text, Published: "2024-05-08", Lang: "en", FetchedAt: time.Now()}
	}
	// An old record: produced by an earlier extractor, without claims.
	old := pipeline.Record{SchemaVersion: 1, ID: "old", Article: art("old", "Al-Shabaab claimed responsibility for the bombing in Mogadishu that killed five people."), Lang: "en", ExtractorVersion: "0.0.1+gold"}
	current, err := (&extractorStageHelper{a}).record(art("cur", "The Taliban denied involvement in the attack in Kabul."))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.index.Put(ctx, []pipeline.Record{old, current}); err != nil {
		t.Fatal(err)
	}
	st, err := reprocess(ctx, a.index, a.ex, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if st.scanned != 2 || st.updated != 1 {
		t.Fatalf("scanned %d updated %d, want 2 and 1 (the current record is skipped)", st.scanned, st.updated)
	}
	got, ok, err := a.index.Get(ctx, "old")
	if err != nil || !ok {
		t.Fatalf("get: %v %v", ok, err)
	}
	if got.ExtractorVersion != a.ex.Version() {
		t.Errorf("version = %q, want %q", got.ExtractorVersion, a.ex.Version())
	}
	found := false
	for _, c := range got.Claims {
		if c.GroupID != nil && *c.GroupID == "al-shabaab" && c.Status == pipeline.StatusClaimed {
			found = true
		}
	}
	if !found {
		t.Errorf("re-extracted record lacks the al-Shabaab claim: %+v", got.Claims)
	}
	if n, _ := a.index.Count(ctx); n != 2 {
		t.Errorf("index holds %d records, want 2 (same ids overwritten)", n)
	}
	st, err = reprocess(ctx, a.index, a.ex, "", true)
	if err != nil || st.updated != 2 {
		t.Errorf("--all: updated %d (%v), want 2", st.updated, err)
	}
}

type extractorStageHelper struct{ a *app }

func (h *extractorStageHelper) record(art pipeline.Article) (pipeline.Record, error) {
	return newStageForTest(h.a).Reextract(art, time.Now())
}

func newStageForTest(a *app) *extractor.Stage { return extractor.NewStage(a.ex, 1) }
