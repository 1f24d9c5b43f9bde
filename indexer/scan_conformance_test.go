package indexer

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/pipeline"
)

// runScanConformance runs the behaviour every Scanner backend must have;
// open returns an empty index that also implements Scanner. The cases
// compare the scan with the backend's own Search and Get and with the
// bleve backend's Scan over the same records.
func runScanConformance(t *testing.T, open opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, Index, Scanner, []pipeline.Record)
	}{
		{"AllInIDOrder", sAllInIDOrder},
		{"MatchesSearch", sMatchesSearch},
		{"Resumes", sResumes},
		{"Canceled", sCanceled},
		{"SameAsBleve", sSameAsBleve},
	}
	idx := open(t)
	sc, ok := idx.(Scanner)
	if !ok {
		t.Fatalf("%T does not implement Scanner", idx)
	}
	recs := scanRecords(t, idx)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, idx, sc, recs) })
	}
	t.Run("Closed", func(t *testing.T) {
		idx := open(t)
		_ = idx.Close()
		if _, err := idx.(Scanner).Scan(context.Background(), Query{}, "", 0, func(pipeline.Record) error { return nil }); !errors.Is(err, ErrClosed) {
			t.Fatalf("Scan after Close: %v, want ErrClosed", err)
		}
	})
}

// scanRecords puts 300 generated records plus the corpus into idx, then
// overwrites the first 60 with a revised title, and returns the records as
// stored (the revised ones last put).
func scanRecords(t *testing.T, idx Index) []pipeline.Record {
	t.Helper()
	ctx := context.Background()
	fixed, _ := corpus()
	recs := append(benchRecords(300), fixed...)
	if err := idx.Put(ctx, recs); err != nil {
		t.Fatalf("Put: %v", err)
	}
	for i := range recs[:60] {
		recs[i].Article.Title = "revised " + recs[i].Article.Title
	}
	if err := idx.Put(ctx, recs[:60]); err != nil {
		t.Fatalf("Put revised: %v", err)
	}
	return recs
}

// scanIDs scans q from after with batch and returns the ids in order.
func scanIDs(t *testing.T, sc Scanner, q Query, after string, batch int) []string {
	t.Helper()
	var ids []string
	last, err := sc.Scan(context.Background(), q, after, batch, func(r pipeline.Record) error {
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("Scan(%+v, after %q, batch %d): %v", q, after, batch, err)
	}
	if want := after; len(ids) > 0 {
		want = ids[len(ids)-1]
		if last != want {
			t.Errorf("Scan returned last %q, want %q", last, want)
		}
	} else if last != want {
		t.Errorf("empty Scan returned last %q, want %q", last, want)
	}
	return ids
}

func sAllInIDOrder(t *testing.T, idx Index, sc Scanner, recs []pipeline.Record) {
	want := make([]string, 0, len(recs))
	byID := map[string]pipeline.Record{}
	for _, r := range recs {
		want = append(want, r.ID)
		byID[r.ID] = r
	}
	slices.Sort(want)
	want = slices.Compact(want)
	for _, batch := range []int{0, 1, 7, 1000} {
		if got := scanIDs(t, sc, Query{}, "", batch); !slices.Equal(got, want) {
			t.Errorf("batch %d: %d ids (sorted %v), want %d", batch, len(got), slices.IsSorted(got), len(want))
		}
	}
	// Every record comes back exactly as stored, revisions included.
	revised := 0
	_, err := sc.Scan(context.Background(), Query{}, "", 50, func(r pipeline.Record) error {
		w, ok := byID[r.ID]
		if !ok {
			t.Fatalf("scan returned unknown id %q", r.ID)
		}
		if !reflect.DeepEqual(normRecord(r), normRecord(w)) {
			t.Errorf("record %q differs from the one put", r.ID)
		}
		if strings.HasPrefix(r.Article.Title, "revised ") {
			revised++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if revised != 60 {
		t.Errorf("%d revised records, want 60", revised)
	}
}

// normRecord drops what JSON round trips cannot keep (time zones).
func normRecord(r pipeline.Record) pipeline.Record {
	r.ExtractedAt = r.ExtractedAt.UTC()
	r.Article.FetchedAt = r.Article.FetchedAt.UTC()
	return r
}

// searchIDs returns the sorted ids of every hit of q (all pages).
func searchIDs(t *testing.T, idx Index, q Query) []string {
	t.Helper()
	var ids []string
	for from := 0; ; from += MaxSize {
		q.Size, q.From = MaxSize, from
		res, err := idx.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < MaxSize {
			break
		}
	}
	slices.Sort(ids)
	return ids
}

func sMatchesSearch(t *testing.T, idx Index, sc Scanner, _ []pipeline.Record) {
	for _, qs := range []string{"group:iskp", "status:claimed country:AF,PK", "since:2020", "type:bombing until:2023", "bomber", `"suicide bomber"`} {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		want := searchIDs(t, idx, q)
		if len(want) == 0 {
			t.Fatalf("query %q matches nothing: the records do not exercise it", qs)
		}
		q.Size, q.From, q.Facets = 3, 5, true // ignored by Scan
		for _, batch := range []int{7, 1000} {
			if got := scanIDs(t, sc, q, "", batch); !slices.Equal(got, want) {
				t.Errorf("query %q batch %d: scan %d ids, search %d", qs, batch, len(got), len(want))
			}
		}
	}
}

var errStopScan = errors.New("stop")

func sResumes(t *testing.T, _ Index, sc Scanner, _ []pipeline.Record) {
	ctx := context.Background()
	all := scanIDs(t, sc, Query{}, "", 0)
	for _, stopAt := range []int{1, 13, 50, len(all) - 1} {
		var got []string
		n := 0
		last, err := sc.Scan(ctx, Query{}, "", 10, func(r pipeline.Record) error {
			if n == stopAt {
				return errStopScan
			}
			n++
			got = append(got, r.ID)
			return nil
		})
		if !errors.Is(err, errStopScan) {
			t.Fatalf("stop at %d: err %v, want the fn error", stopAt, err)
		}
		if last != all[stopAt-1] {
			t.Fatalf("stop at %d: last %q, want %q", stopAt, last, all[stopAt-1])
		}
		got = append(got, scanIDs(t, sc, Query{}, last, 10)...)
		if !slices.Equal(got, all) {
			t.Errorf("stop at %d and resume: %d ids, want %d without gaps or repeats", stopAt, len(got), len(all))
		}
	}
	// A cursor that is no stored id starts strictly after it.
	mid := all[len(all)/2]
	cursor := mid[:len(mid)-1] + "~" // sorts after mid, before the next id with mid's prefix
	var want []string
	for _, id := range all {
		if id > cursor {
			want = append(want, id)
		}
	}
	if got := scanIDs(t, sc, Query{}, cursor, 7); !slices.Equal(got, want) {
		t.Errorf("after %q: %d ids, want %d", cursor, len(got), len(want))
	}
	if got := scanIDs(t, sc, Query{}, all[len(all)-1], 7); len(got) != 0 {
		t.Errorf("after the last id: %d ids, want none", len(got))
	}
}

func sCanceled(t *testing.T, _ Index, sc Scanner, _ []pipeline.Record) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []string
	last, err := sc.Scan(ctx, Query{}, "", 5, func(r pipeline.Record) error {
		seen = append(seen, r.ID)
		if len(seen) == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Scan with cancelled ctx: %v, want context.Canceled", err)
	}
	if len(seen) != 3 || last != seen[2] {
		t.Fatalf("cancelled after 3 records: saw %d, last %q", len(seen), last)
	}
}

func sSameAsBleve(t *testing.T, _ Index, sc Scanner, recs []pipeline.Record) {
	b, err := OpenBleve(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	for _, qs := range []string{"", "group:taliban,iskp status:claimed,denied", "country:SO since:2021-01-01 until:2024-12-31", "attack"} {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		want := scanIDs(t, b, q, "", 100)
		if got := scanIDs(t, sc, q, "", 100); !slices.Equal(got, want) {
			t.Errorf("query %q: %d ids, bleve %d", qs, len(got), len(want))
		}
	}
}
