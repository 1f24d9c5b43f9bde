package indexer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/pipeline"
)

// scanAll collects the ids a scan yields.
func scanAll(t *testing.T, s Scanner, q Query, after string, batch int) []string {
	t.Helper()
	var ids []string
	last, err := s.Scan(context.Background(), q, after, batch, func(r pipeline.Record) error {
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if len(ids) > 0 && last != ids[len(ids)-1] {
		t.Fatalf("Scan returned last %q, want %q", last, ids[len(ids)-1])
	}
	return ids
}

func TestBleveScanMatchesSearch(t *testing.T) {
	b, _ := loadedCorpus(t)
	ctx := context.Background()
	for _, qs := range []string{"", "group:iskp", "status:claimed", "country:AF,SO", "since:2022", "kabul", `"suicide bomber"`, "group:boko-haram status:claimed"} {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		q.Size = MaxSize
		res, err := b.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, h := range res.Hits {
			want = append(want, h.ID)
		}
		slices.Sort(want)
		for _, batch := range []int{0, 1, 2, 5} {
			got := scanAll(t, b, q, "", batch)
			if !slices.Equal(got, want) {
				t.Errorf("query %q batch %d: scan %v, search %v", qs, batch, got, want)
			}
		}
	}
}

func TestBleveScanResumes(t *testing.T) {
	b := openTest(t)
	ctx := context.Background()
	recs := benchRecords(1200)
	for i := 0; i < len(recs); i += 400 {
		if err := b.Put(ctx, recs[i:i+400]); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for _, r := range recs {
		want = append(want, r.ID)
	}
	slices.Sort(want)
	if got := scanAll(t, b, Query{}, "", 100); !slices.Equal(got, want) {
		t.Fatalf("full scan: %d ids, want %d (first %v)", len(got), len(want), got[:min(3, len(got))])
	}

	// Stop after 250 records with an error, then resume from the returned id.
	stop := errors.New("stop")
	var first []string
	last, err := b.Scan(ctx, Query{}, "", 100, func(r pipeline.Record) error {
		if len(first) == 250 {
			return stop
		}
		first = append(first, r.ID)
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Scan error %v, want stop", err)
	}
	if last != first[len(first)-1] {
		t.Fatalf("last %q, want %q", last, first[len(first)-1])
	}
	rest := scanAll(t, b, Query{}, last, 100)
	if got := append(first, rest...); !slices.Equal(got, want) {
		t.Fatalf("resumed scan: %d ids, want %d", len(got), len(want))
	}

	// A cancelled context stops the scan and reports where.
	cctx, cancel := context.WithCancel(ctx)
	n := 0
	last, err = b.Scan(cctx, Query{}, "", 50, func(r pipeline.Record) error {
		n++
		if n == 70 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || last != want[69] {
		t.Fatalf("cancelled scan: last %q err %v; want %q, context.Canceled", last, err, want[69])
	}
}

func TestBleveScanClosed(t *testing.T) {
	b := openTest(t)
	_ = b.Close()
	_, err := b.Scan(context.Background(), Query{}, "", 10, func(pipeline.Record) error { return nil })
	if !errors.Is(err, ErrClosed) {
		t.Fatalf("Scan after Close: %v, want ErrClosed", err)
	}
}

// BenchmarkScan scans an index of 10,000 synthetic records in pages of 500.
func BenchmarkScan(b *testing.B) {
	idx := openTest(b)
	ctx := context.Background()
	recs := benchRecords(10000)
	for i := 0; i < len(recs); i += 1000 {
		if err := idx.Put(ctx, recs[i:i+1000]); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if _, err := idx.Scan(ctx, Query{}, "", 500, func(pipeline.Record) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// TestBleveScanFiltersAndUpdates compares both page strategies with Search
// on a larger index in which records were overwritten (deleted documents
// whose ids stay in old segments must not come back).
func TestBleveScanFiltersAndUpdates(t *testing.T) {
	b := openTest(t)
	ctx := context.Background()
	recs := benchRecords(600)
	if err := b.Put(ctx, recs[:300]); err != nil {
		t.Fatal(err)
	}
	if err := b.Put(ctx, recs[300:]); err != nil {
		t.Fatal(err)
	}
	for i := range recs[:200] { // overwrite a third with a new title
		recs[i].Article.Title = "revised " + recs[i].Article.Title
	}
	if err := b.Put(ctx, recs[:200]); err != nil {
		t.Fatal(err)
	}
	for _, qs := range []string{"", "group:iskp", "status:claimed country:AF,PK", "since:2020", "bomber"} {
		q, err := ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for from := 0; ; from += MaxSize {
			q.Size, q.From = MaxSize, from
			res, err := b.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				want = append(want, h.ID)
			}
			if len(res.Hits) < MaxSize {
				break
			}
		}
		slices.Sort(want)
		if len(want) == 0 {
			t.Fatalf("query %q matches nothing", qs)
		}
		for _, batch := range []int{7, 1000} { // id dictionary, search_after
			var got []string
			revised := 0
			_, err := b.Scan(ctx, q, "", batch, func(r pipeline.Record) error {
				got = append(got, r.ID)
				if strings.HasPrefix(r.Article.Title, "revised ") {
					revised++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("query %q batch %d: %d ids, search %d", qs, batch, len(got), len(want))
			}
			if qs == "" && revised != 200 {
				t.Errorf("batch %d: %d revised records, want 200", batch, revised)
			}
		}
	}
}
