package elastic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// generated returns n records with pseudo-random (fixed seed) groups,
// claims, incident types, countries and dates, some undated.
func generated(n int) []pipeline.Record {
	rng := rand.New(rand.NewPCG(6, 19))
	groups := []string{"iskp", "taliban", "al-shabaab", "ttp", "jnim", "boko-haram"}
	statuses := []string{pipeline.StatusClaimed, pipeline.StatusDenied, pipeline.StatusAttributed, pipeline.StatusUnclaimed}
	types := []string{"bombing", "armed_assault", "hostage_taking", "assassination", "kidnapping"}
	countries := []struct {
		cc       string
		lat, lon float64
	}{{"AF", 34.5, 69.2}, {"SO", 2.0, 45.3}, {"PK", 34.0, 71.6}, {"ML", 15.9, 2.4}, {"NG", 11.8, 13.2}, {"IQ", 33.3, 44.4}}
	words := []string{"blast", "convoy", "market", "mosque", "checkpoint", "soldiers", "police", "village", "hotel", "school"}
	out := make([]pipeline.Record, n)
	for i := range out {
		s := spec{name: fmt.Sprintf("gen-%03d", i), claims: map[string]string{}}
		s.title = fmt.Sprintf("%s attack near the %s", words[rng.IntN(len(words))], words[rng.IntN(len(words))])
		s.text = fmt.Sprintf("Reports say the %s was hit. Officials spoke about the %s and the %s.",
			words[rng.IntN(len(words))], words[rng.IntN(len(words))], words[rng.IntN(len(words))])
		if rng.IntN(8) > 0 {
			s.published = fmt.Sprintf("20%02d-%02d-%02d", 20+rng.IntN(5), 1+rng.IntN(12), 1+rng.IntN(28))
		}
		for range rng.IntN(3) {
			s.groups = append(s.groups, groups[rng.IntN(len(groups))])
		}
		for range rng.IntN(3) {
			g := ""
			if rng.IntN(5) > 0 {
				g = groups[rng.IntN(len(groups))]
			}
			s.claims[g] = statuses[rng.IntN(len(statuses))]
		}
		for range rng.IntN(3) {
			s.types = append(s.types, types[rng.IntN(len(types))])
		}
		if len(s.types) > 0 && rng.IntN(6) > 0 {
			c := countries[rng.IntN(len(countries))]
			s.country, s.lat, s.lon = c.cc, c.lat, c.lon
		}
		s.source = []string{"Wire A", "Wire B", ""}[rng.IntN(3)]
		out[i] = record(s)
	}
	return out
}

// TestParityWithBleve indexes the same records into the bleve backend and
// into Elasticsearch and runs the same queries through both: the same
// totals, the same ids (in the same order when there is no free text) and
// the same facets must come back.
func TestParityWithBleve(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	b, err := indexer.OpenBleve(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fixed, _ := corpus()
	recs := append(fixed, generated(120)...)
	for _, idx := range []indexer.Index{b, x} {
		if err := idx.Put(ctx, recs); err != nil {
			t.Fatalf("%T.Put: %v", idx, err)
		}
		if n, err := idx.Count(ctx); err != nil || n != len(recs) {
			t.Fatalf("%T.Count = %d, %v; want %d", idx, n, err, len(recs))
		}
	}
	queries := []struct {
		q    string
		stem bool // depends on stemming (skipped on a cluster without it)
	}{
		{q: ""},
		{q: "group:iskp"}, {q: "group:taliban,ttp"}, {q: "group:jnim status:claimed"},
		{q: "group:iskp,al-shabaab status:denied,attributed"}, {q: "status:unclaimed"},
		{q: "type:bombing"}, {q: "type:kidnapping,assassination country:IQ"}, {q: "country:af"},
		{q: "since:2022"}, {q: "until:2021-06"}, {q: "since:2023-03-01 until:2023-09-30 type:armed_assault"},
		{q: "group:boko-haram since:2020 until:2024 country:NG,ML"},
		{q: "market"}, {q: "market mosque"}, {q: `"attack near the hotel"`}, {q: "kabul group:iskp"},
		{q: "the convoy"}, {q: `police "officials spoke"`}, {q: "school type:bombing since:2022"},
		{q: "bombings", stem: true}, {q: "attacks soldier", stem: true}, {q: "taliban's", stem: true},
	}
	compared := 0
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
		if len(wantIDs) > 0 {
			compared++
		}
	}
	if compared < 15 {
		t.Errorf("only %d queries had hits: the corpus does not exercise the queries", compared)
	}
	// Hits summarise records alike.
	q := indexer.Query{Groups: []string{"iskp"}, Size: 5}
	want, _ := b.Search(ctx, q)
	got, _ := x.Search(ctx, q)
	for i := range min(len(got.Hits), len(want.Hits)) {
		g, w := got.Hits[i], want.Hits[i]
		g.Score, w.Score = 0, 0
		if !reflect.DeepEqual(g, w) {
			t.Errorf("hit %d: elastic %+v, bleve %+v", i, g, w)
		}
	}
}

func hitIDs(r indexer.Result) []string {
	ids := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}
