package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

func TestPutTwiceCountUnchanged(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	recs, _ := corpus()
	for round := 0; round < 2; round++ {
		if err := x.Put(ctx, recs); err != nil {
			t.Fatalf("Put round %d: %v", round, err)
		}
		n, err := x.Count(ctx)
		if err != nil || n != len(recs) {
			t.Fatalf("round %d: Count = %d, %v; want %d", round, n, err, len(recs))
		}
	}
	// Two copies of one id in one call: stored once, the last wins.
	a, b := recs[0], recs[0]
	a.Article.Title, b.Article.Title = "first copy", "second copy"
	if err := x.Put(ctx, []pipeline.Record{a, b}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := x.Get(ctx, a.ID)
	if err != nil || !ok || got.Article.Title != "second copy" {
		t.Fatalf("Get after duplicate Put: %q, %v, %v; want the second copy", got.Article.Title, ok, err)
	}
	if n, _ := x.Count(ctx); n != len(recs) {
		t.Fatalf("Count = %d after duplicate Put, want %d", n, len(recs))
	}
	// The overwrite replaced the indexed terms too.
	res, err := x.Search(ctx, indexer.Query{Text: "copy"})
	if err != nil || res.Total != 1 || res.Hits[0].ID != a.ID {
		t.Fatalf("search for the new title: %+v, %v", res, err)
	}
	res, err = x.Search(ctx, indexer.Query{Text: "bombing", Groups: []string{"iskp"}, Statuses: []string{"claimed"}})
	if err != nil || res.Total != 0 {
		t.Fatalf("old title still indexed: %+v, %v", res, err)
	}
}

func TestGetRoundTrip(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	recs, _ := corpus()
	r := recs[1]
	r.Article.Authors = []string{"A. Writer", "B. Écrivain"}
	r.Article.Text += " Unicode: ‘quotes’, 日本語, emoji 🙂 and <html> & \"escapes\"."
	r.Claims[0].Confidence = 0.1 + 0.2 // not exactly representable in short decimal
	r.Claims[0].Channel = strPtr("telegram")
	r.Incidents[0].Injured = nil
	r.Incidents[0].Killed = intPtr(0)
	r.Incidents[0].Suicide = true
	r.Incidents[0].Location.Lat = 34.123456789012345
	if err := x.Put(ctx, []pipeline.Record{r}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := x.Get(ctx, r.ID)
	if err != nil || !ok {
		t.Fatalf("Get: %v, %v", ok, err)
	}
	if !reflect.DeepEqual(got, r) {
		gj, _ := json.Marshal(got)
		rj, _ := json.Marshal(r)
		t.Fatalf("round trip differs:\n got %s\nwant %s", gj, rj)
	}
	if _, ok, err := x.Get(ctx, "no-such-id"); ok || err != nil {
		t.Fatalf("Get of a missing id: %v, %v", ok, err)
	}
}

func TestFiltersAndText(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	recs, ids := corpus()
	if err := x.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q       string
		want    []string
		ordered bool
	}{
		{"group:iskp", []string{"kabul-denial", "kabul-airport", "undated-analysis"}, true},
		{"group:iskp status:claimed", []string{"kabul-airport"}, true},
		{"group:taliban status:claimed", nil, true}, // taliban mentioned, iskp claimed: no match
		{"status:denied", []string{"peshawar-mosque", "kabul-denial"}, true},
		{"status:unclaimed", []string{"peshawar-mosque"}, true},
		{"type:armed_assault", []string{"sahel-ambush", "mogadishu-hotel"}, true},
		{"type:hostage_taking,bombing country:so,ng", []string{"mogadishu-hotel", "lagos-market"}, true},
		{"country:AF since:2021-09", []string{"kabul-denial"}, true},
		{"since:2022 until:2022-08", []string{"mogadishu-hotel", "lagos-market", "no-groups"}, true},
		{"mogadishu", []string{"mogadishu-hotel"}, false},
		{`"suicide bomber"`, []string{"kabul-airport"}, false},
		{`"tore through"`, []string{"peshawar-mosque"}, false},
		{`kabul "tore through"`, nil, false}, // words and phrases are all required
		{"storm houses", []string{"no-groups"}, false},
	}
	for _, tt := range tests {
		q, err := indexer.ParseQuery(tt.q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.q, err)
		}
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, ids[h.ID])
		}
		want := tt.want
		if !tt.ordered {
			got, want = sortedCopy(got), sortedCopy(want)
		}
		if !slices.Equal(got, want) || res.Total != len(tt.want) {
			t.Errorf("%q: got %v (total %d), want %v", tt.q, got, res.Total, want)
		}
	}
	// Paging: newest first, undated last.
	var all []string
	for from := 0; from < len(recs); from += 3 {
		res, err := x.Search(ctx, indexer.Query{Size: 3, From: from})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != len(recs) {
			t.Fatalf("total %d, want %d", res.Total, len(recs))
		}
		for _, h := range res.Hits {
			all = append(all, ids[h.ID])
		}
	}
	if len(all) != len(recs) || all[0] != "peshawar-mosque" || all[len(all)-1] != "undated-analysis" {
		t.Errorf("paged order %v: want newest (peshawar-mosque) first, undated last", all)
	}
	if _, err := x.Search(ctx, indexer.Query{Size: -1}); !errors.Is(err, indexer.ErrBadQuery) {
		t.Errorf("negative size: %v, want ErrBadQuery", err)
	}
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// expectedFacets counts, independently of any index, how many records of
// recs have each facet term.
func expectedFacets(recs []pipeline.Record) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, name := range indexer.FacetNames() {
		out[name] = map[string]int{}
	}
	for i := range recs {
		r := &recs[i]
		seen := map[string]bool{}
		add := func(facet, term string) {
			if term == "" || seen[facet+"\x00"+term] {
				return
			}
			seen[facet+"\x00"+term] = true
			out[facet][term]++
		}
		for _, g := range r.Groups {
			add(indexer.FacetGroup, g.ID)
		}
		for _, c := range r.Claims {
			add(indexer.FacetStatus, c.Status)
			if c.GroupID != nil {
				add(indexer.FacetGroup, *c.GroupID)
			}
		}
		for _, inc := range r.Incidents {
			add(indexer.FacetType, inc.Type)
			if inc.Location != nil {
				add(indexer.FacetCountry, inc.Location.Country)
			}
		}
		if len(r.Article.Published) >= 7 {
			add(indexer.FacetMonth, r.Article.Published[:7])
		}
	}
	return out
}

func TestFacets(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	recs, _ := corpus()
	if err := x.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	res, err := x.Search(ctx, indexer.Query{Facets: true, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := expectedFacets(recs)
	for _, name := range indexer.FacetNames() {
		got := map[string]int{}
		for _, fc := range res.Facets[name] {
			got[fc.Term] = fc.Count
		}
		if !reflect.DeepEqual(got, want[name]) {
			t.Errorf("facet %s = %v, want %v", name, got, want[name])
		}
	}
	months := res.Facets[indexer.FacetMonth]
	if !slices.IsSortedFunc(months, func(a, b indexer.FacetCount) int { return strings.Compare(a.Term, b.Term) }) {
		t.Errorf("months not chronological: %v", months)
	}
	// Facets of a filtered query count only the matches.
	res, err = x.Search(ctx, indexer.Query{Facets: true, Countries: []string{"AF"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Facets[indexer.FacetCountry]; len(got) != 1 || got[0] != (indexer.FacetCount{Term: "AF", Count: 2}) {
		t.Errorf("country facet of country:AF = %v", got)
	}
}

// A record that the index mapping rejects is a permanent item error; the
// others of the same call are stored.
func TestMappingErrorIsPermanent(t *testing.T) {
	ctx := context.Background()
	url := esURL(t)
	prefix := testPrefix()
	// Pre-create the versioned index with a mapping that cannot take
	// the documents' lang ("en" into an integer): what an operator's
	// hand-edited mapping would do.
	admin, err := newIndex(Config{URLs: []string{url}, IndexPrefix: prefix}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	t.Cleanup(func() { cleanupPrefix(t, admin, prefix) })
	body, _ := json.Marshal(map[string]any{
		"aliases": map[string]any{prefix: map[string]any{"is_write_index": true}},
		"mappings": map[string]any{
			"dynamic": false,
			"_meta":   map[string]any{"template_version": TemplateVersion},
			"properties": map[string]any{
				fieldLang: map[string]any{"type": "integer"},
				fieldID:   map[string]any{"type": "keyword"},
			},
		},
	})
	res, err := admin.es.Indices.Create(indexName(prefix), admin.es.Indices.Create.WithBody(bytes.NewReader(body)))
	if err := check("create", res, err); err != nil {
		t.Fatal(err)
	}
	closeBody(res)

	x, err := Open(ctx, Config{URLs: []string{url}, IndexPrefix: prefix, Refresh: "true"}, nil)
	if err != nil {
		t.Fatalf("Open over the existing index: %v", err)
	}
	defer x.Close()
	recs, _ := corpus()
	bad := recs[:3]
	good := recs[3]
	good.Lang, good.Article.Lang = "", ""
	batch := append(slices.Clone(bad), good)
	err = x.Put(ctx, batch)
	var be *indexer.BulkError
	if !errors.As(err, &be) {
		t.Fatalf("Put = %v, want *BulkError", err)
	}
	if len(be.Items) != len(bad) {
		t.Fatalf("%d failed items, want %d: %v", len(be.Items), len(bad), err)
	}
	for i, it := range be.Items {
		if !it.Permanent || it.Index != i || it.ID != bad[i].ID || !errors.Is(it, pipeline.ErrPermanent) {
			t.Errorf("item %d: %+v: want permanent for %s", i, it, bad[i].ID)
		}
		if !strings.Contains(it.Error(), "400") {
			t.Errorf("item %d: %v: want the 400 status in the message", i, it)
		}
	}
	if !errors.Is(err, pipeline.ErrPermanent) {
		t.Error("an all-permanent BulkError should match pipeline.ErrPermanent")
	}
	if _, ok, _ := x.Get(ctx, good.ID); !ok {
		t.Error("the record the mapping accepts was not stored")
	}
	if n, _ := x.Count(ctx); n != 1 {
		t.Errorf("Count = %d, want 1", n)
	}
}

// Open refuses an alias that points at an index of another version.
func TestOpenRefusesOtherVersion(t *testing.T) {
	url := esURL(t)
	prefix := testPrefix()
	admin, err := newIndex(Config{URLs: []string{url}, IndexPrefix: prefix}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	old := prefix + "-v0"
	t.Cleanup(func() {
		if res, err := admin.es.Indices.Delete([]string{old}); err == nil {
			closeBody(res)
		}
		cleanupPrefix(t, admin, prefix)
	})
	res, err := admin.es.Indices.Create(old, admin.es.Indices.Create.WithBody(strings.NewReader(
		`{"aliases":{"`+prefix+`":{"is_write_index":true}}}`)))
	if err := check("create", res, err); err != nil {
		t.Fatal(err)
	}
	closeBody(res)
	_, err = Open(context.Background(), Config{URLs: []string{url}, IndexPrefix: prefix}, nil)
	if !errors.Is(err, indexer.ErrMappingVersion) || !errors.Is(err, ErrSetup) {
		t.Fatalf("Open = %v, want ErrMappingVersion", err)
	}
}

// Opening twice is idempotent: same template, index and alias.
func TestOpenIdempotent(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	recs, _ := corpus()
	if err := x.Put(ctx, recs[:2]); err != nil {
		t.Fatal(err)
	}
	y, err := Open(ctx, x.cfg, nil)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer y.Close()
	if n, err := y.Count(ctx); err != nil || n != 2 {
		t.Fatalf("Count through the second Open = %d, %v", n, err)
	}
}

// With Elasticsearch unreachable, Put fails transiently: the runner must
// retry, never dead-letter.
func TestUnreachableIsTransient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // a port that was free a moment ago: connections are refused
	cfg := Config{URLs: []string{"http://" + addr}, MaxRetries: 2, RetryBackoff: 10 * time.Millisecond}
	x, err := newIndex(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	recs, _ := corpus()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = x.Put(ctx, recs[:3])
	var be *indexer.BulkError
	if !errors.As(err, &be) || len(be.Items) != 3 {
		t.Fatalf("Put = %v, want a BulkError of 3 items", err)
	}
	for _, it := range be.Items {
		if it.Permanent {
			t.Errorf("item %s is permanent: %v", it.ID, it.Err)
		}
	}
	if errors.Is(err, pipeline.ErrPermanent) {
		t.Error("unreachable cluster reported as permanent")
	}
	if ctx.Err() != nil {
		t.Error("Put did not return before the deadline")
	}
	// Open fails fast and says it is a setup problem.
	if _, err := Open(ctx, cfg, nil); !errors.Is(err, ErrSetup) {
		t.Errorf("Open of an unreachable cluster = %v, want ErrSetup", err)
	}
}

func TestClosed(t *testing.T) {
	x, err := newIndex(Config{URLs: []string{"http://127.0.0.1:1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	recs, _ := corpus()
	if err := x.Put(ctx, recs[:1]); !errors.Is(err, indexer.ErrClosed) {
		t.Errorf("Put after Close = %v", err)
	}
	if _, _, err := x.Get(ctx, "x"); !errors.Is(err, indexer.ErrClosed) {
		t.Errorf("Get after Close = %v", err)
	}
	if _, err := x.Count(ctx); !errors.Is(err, indexer.ErrClosed) {
		t.Errorf("Count after Close = %v", err)
	}
	if _, err := x.Search(ctx, indexer.Query{}); !errors.Is(err, indexer.ErrClosed) {
		t.Errorf("Search after Close = %v", err)
	}
}

// Concurrent Puts share the bulk indexer; each returns when its own items
// are answered, and all are stored.
func TestConcurrentPuts(t *testing.T) {
	ctx := context.Background()
	url := esURL(t)
	prefix := testPrefix()
	// Default refresh (not "true"): Refresh makes the writes visible.
	x, err := Open(ctx, Config{URLs: []string{url}, IndexPrefix: prefix, Workers: 3, FlushBytes: 4096}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close(); cleanupPrefix(t, x, prefix) })
	recs := generated(200)
	const callers = 8
	errs := make(chan error, callers)
	for c := range callers {
		go func() {
			var part []pipeline.Record
			for i := c; i < len(recs); i += callers {
				part = append(part, recs[i])
			}
			errs <- x.Put(ctx, part)
		}()
	}
	for range callers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Count(ctx); err != nil || n != len(recs) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(recs))
	}
	for _, i := range []int{0, 77, 199} {
		got, ok, err := x.Get(ctx, recs[i].ID)
		if err != nil || !ok || !reflect.DeepEqual(got, recs[i]) {
			t.Errorf("record %d not stored as put: %v, %v", i, ok, err)
		}
	}
}
