package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestAccount stores some served articles in a real bleve index, puts one
// in the dead letters and leaves one nowhere; one entry in the index is
// not a served article.
func TestAccount(t *testing.T) {
	ctx := context.Background()
	idx, err := indexer.OpenBleve(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	served, err := ExpectedArticles(Generate(5, 1), "http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	timed := NewTimedIndex(idx, func(r pipeline.Record, _ time.Time) { stored = append(stored, r.ID) })
	rec := func(id string) pipeline.Record {
		return pipeline.Record{SchemaVersion: pipeline.SchemaVersion, ID: id, Lang: "en",
			Article: pipeline.Article{ID: id, CanonicalURL: "http://127.0.0.1:1/" + id, Text: "text", FetchedAt: time.Now()}}
	}
	if err := timed.Put(ctx, []pipeline.Record{rec(served[0].ID), rec(served[1].ID), rec(served[2].ID), rec("stranger")}); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 4 {
		t.Errorf("TimedIndex reported %d stored, want 4", len(stored))
	}
	dls := []DeadLetter{
		{Stage: "extract", Reason: "extract: boom", ID: served[3].ID},
		{Stage: "deliver", Reason: "webhook 500", ID: served[0].ID},
	}
	acc, err := Account(ctx, idx, served, dls)
	if err != nil {
		t.Fatal(err)
	}
	want := Accounting{Served: 5, Indexed: 3, DeadLettered: 1, Lost: 1, IndexEntries: 4, Duplicates: 1}
	if acc.Served != want.Served || acc.Indexed != want.Indexed || acc.DeadLettered != want.DeadLettered ||
		acc.Lost != want.Lost || acc.IndexEntries != want.IndexEntries || acc.Duplicates != want.Duplicates {
		t.Errorf("got %+v, want %+v", acc, want)
	}
	if len(acc.LostSample) != 1 || acc.LostSample[0] != served[4].URL {
		t.Errorf("lost sample %v, want [%s]", acc.LostSample, served[4].URL)
	}
	if acc.DeadLetters["extract"] != 1 || acc.DeadLetters["deliver"] != 1 {
		t.Errorf("dead letters by stage %v", acc.DeadLetters)
	}
}

// TestReadDeadLetters publishes to the DEADLETTER stream of a real embedded
// NATS server, as the runner does, and reads them back.
func TestReadDeadLetters(t *testing.T) {
	ctx := context.Background()
	cfg := pipeline.DefaultNATSConfig()
	cfg.StoreDir = t.TempDir()
	c, err := pipeline.Connect(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, err := ReadDeadLetters(ctx, c.JS); err != nil || len(got) != 0 {
		t.Fatalf("empty stream: %v, %v", got, err)
	}
	for _, m := range []struct{ stage, data string }{
		{"index", `{"id":"abc","lang":"en"}`},
		{"deliver", `{"key":"k","record_id":"def"}`},
		{"extract", `not json`},
	} {
		msg := &nats.Msg{Subject: pipeline.DeadLetterSubject(m.stage), Data: []byte(m.data), Header: nats.Header{}}
		msg.Header.Set(pipeline.HeaderStage, m.stage)
		msg.Header.Set(pipeline.HeaderError, "reason "+m.stage)
		if _, err := c.JS.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadDeadLetters(ctx, c.JS)
	if err != nil {
		t.Fatal(err)
	}
	want := []DeadLetter{{"index", "reason index", "abc"}, {"deliver", "reason deliver", "def"}, {"extract", "reason extract", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
