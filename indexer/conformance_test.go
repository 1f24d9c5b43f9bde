package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// opener opens an empty index for one test; the index is closed at cleanup.
type opener func(t testing.TB) Index

// runConformance runs the behaviour every Index backend must have.
func runConformance(t *testing.T, open opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, opener)
	}{
		{"PutIdempotent", cPutIdempotent},
		{"OverwriteReplacesIndexedTerms", cOverwriteReplacesIndexedTerms},
		{"GetRoundTrip", cGetRoundTrip},
		{"Filters", cFilters},
		{"ParsedQueries", cParsedQueries},
		{"FreeText", cFreeText},
		{"RelevanceTitleFirst", cRelevanceTitleFirst},
		{"NewestFirstAndPaging", cNewestFirstAndPaging},
		{"HitFields", cHitFields},
		{"Facets", cFacets},
		{"BulkErrors", cBulkErrors},
		{"CanceledPutStoresNothing", cCanceledPutStoresNothing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

func cPutIdempotent(t *testing.T, open opener) {
	ctx := context.Background()
	b := open(t)
	recs, ids := corpus()
	for round := 0; round < 2; round++ {
		if err := b.Put(ctx, recs); err != nil {
			t.Fatalf("Put round %d: %v", round, err)
		}
		n, err := b.Count(ctx)
		if err != nil || n != len(recs) {
			t.Fatalf("round %d: Count = %d, %v; want %d", round, n, err, len(recs))
		}
	}
	// A duplicate inside one batch is stored once, the last copy wins.
	a, c := recs[0], recs[0]
	a.Article.Title, c.Article.Title = "first copy", "second copy"
	if err := b.Put(ctx, []pipeline.Record{a, c}); err != nil {
		t.Fatal(err)
	}
	if n, _ := b.Count(ctx); n != len(recs) {
		t.Fatalf("Count after in-batch duplicate = %d, want %d", n, len(recs))
	}
	got, ok, err := b.Get(ctx, ids["kabul-airport"])
	if err != nil || !ok || got.Article.Title != "second copy" {
		t.Fatalf("Get = %q, %v, %v; want the second copy", got.Article.Title, ok, err)
	}
}

func cOverwriteReplacesIndexedTerms(t *testing.T, open opener) {
	ctx := context.Background()
	b, ids := loadCorpus(t, open(t))
	recs, _ := corpus()
	changed := recs[0] // kabul-airport
	changed.Article.Title = "Airport attack retracted"
	changed.Claims = nil
	changed.Groups = nil
	if err := b.Put(ctx, []pipeline.Record{changed}); err != nil {
		t.Fatal(err)
	}
	res, err := b.Search(ctx, Query{Groups: []string{"iskp"}, Statuses: []string{"claimed"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := sorted(names(res.Hits, ids)); !slices.Equal(got, []string{"peshawar-mosque"}) {
		t.Errorf("after overwrite group:iskp status:claimed = %v", got)
	}
	res, err = b.Search(ctx, Query{Text: "retracted"})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(res.Hits, ids); !slices.Equal(got, []string{"kabul-airport"}) {
		t.Errorf("new title not searchable: %v", got)
	}
}

func cGetRoundTrip(t *testing.T, open opener) {
	ctx := context.Background()
	raw, err := os.ReadFile(filepath.Join("testdata", "full_record.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want pipeline.Record
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	b := open(t)
	if err := b.Put(ctx, []pipeline.Record{want}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := b.Get(ctx, want.ID)
	if err != nil || !ok {
		t.Fatalf("Get: ok=%v err=%v", ok, err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		t.Fatalf("round trip differs:\n got %s\nwant %s", g, raw)
	}
	// Every pointer and nested field survived (guards against a fixture
	// that is too empty to prove anything).
	if got.Incidents[0].Killed == nil || *got.Incidents[0].Killed != 90 || got.Claims[0].Source == nil {
		t.Fatalf("pointer fields lost: %+v", got.Incidents[0])
	}
	if _, ok, err := b.Get(ctx, "no-such-id"); ok || err != nil {
		t.Fatalf("Get(missing) = %v, %v; want false, nil", ok, err)
	}
}

func cFilters(t *testing.T, open opener) {
	b, ids := loadCorpus(t, open(t))
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"all", Query{}, []string{"kabul-airport", "kabul-school", "mogadishu-hotel", "peshawar-mosque", "propaganda-analysis", "zamfara-kidnapping"}},
		{"group", Query{Groups: []string{"iskp"}}, []string{"kabul-airport", "kabul-school", "peshawar-mosque"}},
		{"group upper case", Query{Groups: []string{"TALIBAN"}}, []string{"kabul-airport", "kabul-school"}},
		{"groups OR", Query{Groups: []string{"al-shabaab", "boko-haram"}}, []string{"mogadishu-hotel", "zamfara-kidnapping"}},
		{"unknown group", Query{Groups: []string{"nobody"}}, nil},
		{"status claimed", Query{Statuses: []string{"claimed"}}, []string{"kabul-airport", "mogadishu-hotel", "peshawar-mosque"}},
		{"status denied", Query{Statuses: []string{"denied"}}, []string{"kabul-airport", "kabul-school"}},
		{"status unclaimed", Query{Statuses: []string{"unclaimed"}}, []string{"kabul-school"}},
		{"status attributed", Query{Statuses: []string{"attributed"}}, []string{"zamfara-kidnapping"}},
		{"statuses OR", Query{Statuses: []string{"attributed", "unclaimed"}}, []string{"kabul-school", "zamfara-kidnapping"}},
		{"group+status same claim", Query{Groups: []string{"iskp"}, Statuses: []string{"claimed"}}, []string{"kabul-airport", "peshawar-mosque"}},
		// iskp is mentioned where the Taliban denied: not an iskp denial.
		{"group+status not across claims", Query{Groups: []string{"iskp"}, Statuses: []string{"denied"}}, nil},
		{"taliban denied", Query{Groups: []string{"taliban"}, Statuses: []string{"denied"}}, []string{"kabul-airport", "kabul-school"}},
		{"groups x statuses", Query{Groups: []string{"iskp", "boko-haram"}, Statuses: []string{"claimed", "attributed"}}, []string{"kabul-airport", "peshawar-mosque", "zamfara-kidnapping"}},
		{"type", Query{Types: []string{"bombing"}}, []string{"kabul-airport", "kabul-school", "mogadishu-hotel", "peshawar-mosque"}},
		{"type kidnapping", Query{Types: []string{"kidnapping"}}, []string{"zamfara-kidnapping"}},
		{"types OR", Query{Types: []string{"armed_assault", "kidnapping"}}, []string{"mogadishu-hotel", "zamfara-kidnapping"}},
		{"country", Query{Countries: []string{"AF"}}, []string{"kabul-airport", "kabul-school"}},
		{"country lower case", Query{Countries: []string{"pk"}}, []string{"peshawar-mosque"}},
		{"countries OR", Query{Countries: []string{"SO", "NG"}}, []string{"mogadishu-hotel", "zamfara-kidnapping"}},
		{"since", Query{Since: day("2022-01-01")}, []string{"mogadishu-hotel", "peshawar-mosque"}},
		{"until inclusive end of day", Query{Until: day("2021-05-09").Add(-time.Nanosecond)}, []string{"kabul-school", "zamfara-kidnapping"}},
		{"until before day", Query{Until: day("2021-05-08").Add(-time.Nanosecond)}, []string{"zamfara-kidnapping"}},
		{"one day", Query{Since: day("2021-08-26"), Until: day("2021-08-27").Add(-time.Nanosecond)}, []string{"kabul-airport"}},
		{"offset date in UTC", Query{Since: day("2022-08-20"), Until: day("2022-08-21").Add(-time.Nanosecond)}, []string{"mogadishu-hotel"}},
		{"combined", Query{Groups: []string{"taliban"}, Statuses: []string{"denied"}, Types: []string{"bombing"}, Countries: []string{"AF"},
			Since: day("2021-06-01"), Until: day("2022-01-01")}, []string{"kabul-airport"}},
		{"type+country", Query{Types: []string{"bombing"}, Countries: []string{"SO"}}, []string{"mogadishu-hotel"}},
		{"contradiction", Query{Types: []string{"kidnapping"}, Countries: []string{"AF"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := b.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := sorted(names(res.Hits, ids))
			if len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tt.want) || res.Total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, res.Total, tt.want)
			}
		})
	}
}

func cParsedQueries(t *testing.T, open opener) {
	b, ids := loadCorpus(t, open(t))
	tests := []struct {
		q    string
		want []string
	}{
		{"group:iskp status:claimed", []string{"kabul-airport", "peshawar-mosque"}},
		{"group:taliban status:denied type:bombing country:AF since:2021-06 until:2021", []string{"kabul-airport"}},
		{"until:2021-05", []string{"kabul-school", "zamfara-kidnapping"}},
		{"since:2021-05-08 until:2021-05-08", []string{"kabul-school"}},
		{`"islamic state" country:PK`, []string{"peshawar-mosque"}},
		{"kabul status:unclaimed", []string{"kabul-school"}},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.q, err)
		}
		res, err := b.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got := sorted(names(res.Hits, ids)); !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.q, got, tt.want)
		}
	}
}

func cFreeText(t *testing.T, open opener) {
	b, ids := loadCorpus(t, open(t))
	tests := []struct {
		name, text string
		want       []string
	}{
		{"word", "kabul", []string{"kabul-airport", "kabul-school"}},
		{"stemmed", "bombings", []string{"kabul-airport", "kabul-school", "mogadishu-hotel", "peshawar-mosque"}},
		{"case-insensitive", "MOGADISHU", []string{"mogadishu-hotel"}},
		{"all words required", "kabul schoolgirls", []string{"kabul-school"}},
		{"words across title and text", "airport amaq", []string{"kabul-airport"}},
		{"phrase", `"islamic state"`, []string{"kabul-airport", "kabul-school", "peshawar-mosque"}},
		{"phrase word order", `"state islamic"`, nil},
		{"phrase and word", `"islamic state" mosque`, []string{"peshawar-mosque"}},
		{"phrase in title", `"girls' school"`, []string{"kabul-school"}},
		{"no match", "earthquake", nil},
		{"keyword fields are not free text", "al-shabaab_xyz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := b.Search(context.Background(), Query{Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			got := sorted(names(res.Hits, ids))
			if len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q: got %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func cRelevanceTitleFirst(t *testing.T, open opener) {
	b, ids := loadCorpus(t, open(t))
	// "explosion" is in kabul-school's title and in peshawar-mosque's text only.
	res, err := b.Search(context.Background(), Query{Text: "explosion"})
	if err != nil {
		t.Fatal(err)
	}
	got := names(res.Hits, ids)
	if len(got) != 2 || got[0] != "kabul-school" || res.Hits[0].Score <= res.Hits[1].Score {
		t.Fatalf("order = %v (scores %v), want kabul-school first", got, scores(res.Hits))
	}
}

func cNewestFirstAndPaging(t *testing.T, open opener) {
	b, ids := loadCorpus(t, open(t))
	want := []string{"mogadishu-hotel", "peshawar-mosque", "kabul-airport", "kabul-school", "zamfara-kidnapping", "propaganda-analysis"}
	res, err := b.Search(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(res.Hits, ids); !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	var paged []string
	for from := 0; from < 6; from += 4 {
		res, err := b.Search(context.Background(), Query{Size: 4, From: from})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 6 {
			t.Fatalf("Total = %d", res.Total)
		}
		paged = append(paged, names(res.Hits, ids)...)
	}
	if !slices.Equal(paged, want) {
		t.Fatalf("paged = %v, want %v", paged, want)
	}
	if _, err := b.Search(context.Background(), Query{Size: -1}); !errors.Is(err, ErrBadQuery) {
		t.Fatalf("negative size: %v, want ErrBadQuery", err)
	}
}

func cHitFields(t *testing.T, open opener) {
	b, ids := loadCorpus(t, open(t))
	res, err := b.Search(context.Background(), Query{Text: "amaq"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("hits = %v, err %v", res.Hits, err)
	}
	h := res.Hits[0]
	want := Hit{
		ID:        ids["kabul-airport"],
		Score:     h.Score,
		Title:     "Suicide bombing at Kabul airport kills dozens",
		URL:       "https://news.example.org/kabul-airport",
		Published: "2021-08-26T18:00:00Z",
		Groups:    []string{"iskp", "taliban"},
		Claims:    []HitClaim{{"iskp", "claimed"}, {"taliban", "denied"}},
	}
	if !reflect.DeepEqual(h, want) || h.Score <= 0 {
		t.Fatalf("hit = %+v\nwant %+v", h, want)
	}
	res, _ = b.Search(context.Background(), Query{Statuses: []string{"unclaimed"}})
	if len(res.Hits) != 1 || !slices.Contains(res.Hits[0].Claims, HitClaim{"", "unclaimed"}) {
		t.Fatalf("no-group claim not rendered with empty GroupID: %+v", res.Hits)
	}
}

func cFacets(t *testing.T, open opener) {
	b, _ := loadCorpus(t, open(t))
	res, err := b.Search(context.Background(), Query{Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]FacetCount{
		FacetGroup:   {{"iskp", 3}, {"taliban", 2}, {"al-shabaab", 1}, {"boko-haram", 1}},
		FacetStatus:  {{"claimed", 3}, {"denied", 2}, {"attributed", 1}, {"unclaimed", 1}},
		FacetType:    {{"bombing", 4}, {"armed_assault", 1}, {"kidnapping", 1}},
		FacetCountry: {{"AF", 2}, {"NG", 1}, {"PK", 1}, {"SO", 1}},
		FacetMonth:   {{"2021-02", 1}, {"2021-05", 1}, {"2021-08", 1}, {"2022-03", 1}, {"2022-08", 1}},
	}
	if !reflect.DeepEqual(res.Facets, want) {
		t.Fatalf("facets =\n%v\nwant\n%v", res.Facets, want)
	}
	// Facets follow the filters.
	res, err = b.Search(context.Background(), Query{Countries: []string{"AF"}, Facets: true, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Facets[FacetGroup]; !reflect.DeepEqual(got, []FacetCount{{"iskp", 2}, {"taliban", 2}}) {
		t.Fatalf("filtered group facet = %v", got)
	}
	if got := res.Facets[FacetType]; !reflect.DeepEqual(got, []FacetCount{{"bombing", 2}}) {
		t.Fatalf("filtered type facet = %v", got)
	}
	// No facets unless asked.
	res, _ = b.Search(context.Background(), Query{})
	if res.Facets != nil {
		t.Fatalf("facets without asking: %v", res.Facets)
	}
}

func cBulkErrors(t *testing.T, open opener) {
	ctx := context.Background()
	b := open(t)
	recs, ids := corpus()
	noID := recs[1]
	noID.ID = ""
	nan := recs[2]
	nan.Claims[0].Confidence = math.NaN() // not JSON-encodable
	batch := []pipeline.Record{recs[0], noID, nan, recs[3]}
	err := b.Put(ctx, batch)
	var be *BulkError
	if !errors.As(err, &be) {
		t.Fatalf("Put = %v, want *BulkError", err)
	}
	if len(be.Items) != 2 || be.Items[0].Index != 1 || be.Items[1].Index != 2 || be.Items[1].ID != ids["mogadishu-hotel"] {
		t.Fatalf("items = %+v", be.Items)
	}
	for _, it := range be.Items {
		if !it.Permanent || !errors.Is(it, ErrInvalidRecord) || !pipeline.IsPermanent(it) {
			t.Errorf("item %+v should be a permanent ErrInvalidRecord", it)
		}
	}
	if !pipeline.IsPermanent(err) || !errors.Is(err, ErrInvalidRecord) {
		t.Errorf("all-permanent BulkError should be permanent and ErrInvalidRecord: %v", err)
	}
	if _, failed := be.Failed(ids["mogadishu-hotel"]); !failed {
		t.Error("Failed(mogadishu) = false")
	}
	if _, failed := be.Failed(ids["kabul-airport"]); failed {
		t.Error("Failed(kabul-airport) = true")
	}
	// The good records were stored.
	if n, _ := b.Count(ctx); n != 2 {
		t.Fatalf("Count = %d, want 2", n)
	}
	for _, id := range []string{ids["kabul-airport"], ids["kabul-school"]} {
		if _, ok, _ := b.Get(ctx, id); !ok {
			t.Errorf("good record %s not stored", id)
		}
	}
}

func cCanceledPutStoresNothing(t *testing.T, open opener) {
	b := open(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	recs, _ := corpus()
	if err := b.Put(ctx, recs); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put = %v, want context.Canceled", err)
	}
	if n, _ := b.Count(context.Background()); n != 0 {
		t.Fatalf("Count = %d after canceled Put", n)
	}
}
