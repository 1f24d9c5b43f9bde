package elastic

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// demoRecords returns the demo corpus as the pipeline would index it: every
// article of the bundled demo site fetched over HTTP, parsed by the
// crawler's parser and run through the extractor with the bundled group
// gazetteer and place data.
func demoRecords(t *testing.T) []pipeline.Record {
	t.Helper()
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
	stage := extractor.NewStage(ex, 1)
	site := httptest.NewServer(demosite.Handler())
	defer site.Close()
	fetched := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	var recs []pipeline.Record
	for _, art := range demosite.Articles() {
		res, err := http.Get(site.URL + art.Path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %v", art.Path, res.StatusCode, err)
		}
		page, err := crawler.Parse(site.URL+art.Path, body, res.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("parse %s: %v", art.Path, err)
		}
		r, err := stage.Reextract(page.ToArticle("demo", "en", fetched), fetched.Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	return recs
}

// TestParityDemoCorpus indexes the demo corpus (real articles through the
// real parser and extractor) into bleve and into Elasticsearch and checks
// that the same queries, of every kind the query syntax has, give the same
// totals, hits (in the same order without free text) and facets.
func TestParityDemoCorpus(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	b, err := indexer.OpenBleve(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	recs := demoRecords(t)
	if len(recs) != len(demosite.Articles()) || len(recs) < 40 {
		t.Fatalf("%d demo records", len(recs))
	}
	for _, idx := range []indexer.Index{b, x} {
		if err := idx.Put(ctx, recs); err != nil {
			t.Fatalf("%T.Put: %v", idx, err)
		}
	}
	// The queries name values the demo corpus has: each must match
	// something (checked below), so none passes by matching nothing on both.
	queries := []struct {
		q    string
		stem bool // depends on stemming (skipped on a cluster without it)
	}{
		{q: ""},
		{q: "group:al-shabaab"}, {q: "group:islamic-state-khorasan-province,ttp"}, {q: "status:claimed"}, {q: "status:denied"},
		{q: "status:attributed"}, {q: "group:al-shabaab status:claimed"}, {q: "group:taliban status:denied"},
		{q: "type:bombing"}, {q: "type:armed_assault"}, {q: "country:AF"}, {q: "country:SO,NG"},
		{q: "since:2025-01-01"}, {q: "until:2024-03-31"}, {q: "since:2024-05-08 until:2024-05-08"}, {q: "since:2024-01-01 until:2024-06-30 type:bombing"},
		{q: "status:claimed country:AF since:2023"},
		{q: "responsibility"}, {q: "police"}, {q: `"claimed responsibility"`}, {q: "group:islamic-state,iswap type:bombing"}, {q: "group:jnim,is-sahel country:ML,BF,NE"}, {q: "nigeria group:boko-haram,iswap"},
		{q: "attack status:claimed"}, {q: "bombings", stem: true}, {q: "militants attacked", stem: true},
	}
	matched := 0
	for _, tt := range queries {
		if tt.stem && !x.stemming {
			t.Logf("%q: skipped, this cluster has no stemming (analysis-common)", tt.q)
			continue
		}
		q, err := indexer.ParseQuery(tt.q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.q, err)
		}
		q.Size, q.Facets = indexer.MaxSize, true
		want, err := b.Search(ctx, q)
		if err != nil {
			t.Fatalf("bleve %q: %v", tt.q, err)
		}
		got, err := x.Search(ctx, q)
		if err != nil {
			t.Fatalf("elastic %q: %v", tt.q, err)
		}
		if want.Total == 0 {
			t.Errorf("%q matches no demo record: pick a query the corpus exercises", tt.q)
			continue
		}
		matched++
		if got.Total != want.Total {
			t.Errorf("%q: total %d, bleve %d", tt.q, got.Total, want.Total)
		}
		gotIDs, wantIDs := hitIDs(got), hitIDs(want)
		if q.Text != "" { // relevance scores differ between engines: compare sets
			slices.Sort(gotIDs)
			slices.Sort(wantIDs)
		}
		if !slices.Equal(gotIDs, wantIDs) {
			t.Errorf("%q: ids differ\n elastic %v\n   bleve %v", tt.q, gotIDs, wantIDs)
		}
		if !reflect.DeepEqual(got.Facets, want.Facets) {
			t.Errorf("%q: facets differ\n elastic %v\n   bleve %v", tt.q, got.Facets, want.Facets)
		}
		if q.Text == "" { // same order: the hits summarise the same records alike
			for i := range min(len(got.Hits), len(want.Hits)) {
				g, w := got.Hits[i], want.Hits[i]
				g.Score, w.Score = 0, 0
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%q hit %d: elastic %+v, bleve %+v", tt.q, i, g, w)
					break
				}
			}
		}
	}
	t.Logf("%d demo records, %d queries compared", len(recs), matched)
}
