package indexer

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/claimwatch/claimwatch/pipeline"
)

func TestBleveConformance(t *testing.T) {
	runConformance(t, func(t testing.TB) Index { return openTest(t) })
}

func scores(h []Hit) []float64 {
	s := make([]float64, len(h))
	for i := range h {
		s[i] = h[i].Score
	}
	return s
}

func TestGeoPointsIndexed(t *testing.T) {
	b, ids := loadedCorpus(t)
	q := bleve.NewGeoDistanceQuery(69.2, 34.5, "50km")
	q.SetField(fieldLocation)
	res, err := b.idx.Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		for n, id := range ids {
			if id == h.ID {
				got = append(got, n)
			}
		}
	}
	if got = sorted(got); !slices.Equal(got, []string{"kabul-airport", "kabul-school"}) {
		t.Fatalf("within 50 km of Kabul: %v", got)
	}
}

func TestBulkErrorMixedIsNotPermanent(t *testing.T) {
	be := &BulkError{Items: []ItemError{
		{ID: "a", Permanent: true, Err: ErrInvalidRecord},
		{ID: "b", Permanent: false, Err: context.DeadlineExceeded},
	}}
	if pipeline.IsPermanent(be) {
		t.Error("mixed BulkError reported permanent")
	}
	if !errors.Is(be, context.DeadlineExceeded) || !errors.Is(be, ErrInvalidRecord) {
		t.Error("causes not reachable with errors.Is")
	}
	if be.AllPermanent() {
		t.Error("AllPermanent = true")
	}
}

func TestPersistence(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	b, err := OpenBleve(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs, ids := corpus()
	if err := b.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := b.Count(ctx); !errors.Is(err, ErrClosed) {
		t.Fatalf("Count after Close = %v, want ErrClosed", err)
	}
	if err := b.Put(ctx, recs); !errors.Is(err, ErrClosed) {
		t.Fatalf("Put after Close = %v, want ErrClosed", err)
	}

	b, err = OpenBleve(dir, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if n, err := b.Count(ctx); n != len(recs) || err != nil {
		t.Fatalf("Count after reopen = %d, %v", n, err)
	}
	got, ok, err := b.Get(ctx, ids["zamfara-kidnapping"])
	if err != nil || !ok || !reflect.DeepEqual(got, recs[4]) {
		t.Fatalf("Get after reopen: ok=%v err=%v equal=%v", ok, err, reflect.DeepEqual(got, recs[4]))
	}
	res, err := b.Search(ctx, Query{Groups: []string{"iskp"}, Statuses: []string{"claimed"}, Text: "mosque"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != ids["peshawar-mosque"] {
		t.Fatalf("Search after reopen: %+v, %v", res, err)
	}

	// A second holder of the same index gets an error, not a hang.
	start := time.Now()
	if other, err := openBleve(dir, nil, 200*time.Millisecond); err == nil {
		_ = other.Close()
		t.Fatal("second open of a held index succeeded")
	} else if t.Logf("second open: %v", err); time.Since(start) > 5*time.Second {
		t.Fatalf("second open took %v", time.Since(start))
	}

	// An index of another mapping version is refused.
	if err := b.idx.SetInternal(mappingVersionKey, []byte("0")); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenBleve(dir, nil); !errors.Is(err, ErrMappingVersion) {
		t.Fatalf("open old mapping version: %v, want ErrMappingVersion", err)
	}
}

func TestConcurrentPutAndSearch(t *testing.T) {
	ctx := context.Background()
	b := openTest(t)
	recs := benchRecords(400)
	errc := make(chan error, 8)
	for w := 0; w < 4; w++ {
		go func(part []pipeline.Record) {
			for i := 0; i < len(part); i += 25 {
				if err := b.Put(ctx, part[i:i+25]); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}(recs[w*100 : (w+1)*100])
		go func() {
			for i := 0; i < 20; i++ {
				if _, err := b.Search(ctx, Query{Groups: []string{"iskp"}, Text: "attack", Facets: true}); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	if n, err := b.Count(ctx); n != 400 || err != nil {
		t.Fatalf("Count = %d, %v; want 400", n, err)
	}
	res, err := b.Search(ctx, Query{Groups: []string{"iskp"}})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range recs {
		if slices.ContainsFunc(r.Groups, func(g pipeline.GroupMention) bool { return g.ID == "iskp" }) {
			want++
		}
	}
	if res.Total != want || want == 0 {
		t.Fatalf("group:iskp total = %d, want %d", res.Total, want)
	}
}
