package indexer

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
)

// RunIncidentScanConformance checks an IncidentScanner (open returns an
// empty incident index that implements it) against the bleve incident
// index on the same incidents: the multi-outlet test set clustered in
// memory, plus undated incidents. For each query and page size, the scan
// must deliver exactly what paging through BleveIncidents.Search
// delivers, in the same order, each incident whole. Page sizes (1, 4, 7)
// smaller than the result make the scan read many pages; the index may
// cap from+size paging at 7 or more.
func RunIncidentScanConformance(t *testing.T, open func(testing.TB) IncidentIndex) {
	ctx := context.Background()
	incs := scanTestIncidents(t)
	ref, err := OpenBleveIncidents(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ref.Close() })
	x := open(t)
	sc, ok := x.(IncidentScanner)
	if !ok {
		t.Fatalf("%T does not implement IncidentScanner", x)
	}
	for _, st := range []incidents.Store{ref, x} {
		for i := 0; i < len(incs); i += 7 { // several Puts, as the stage does
			if err := st.Put(ctx, incs[i:min(i+7, len(incs))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The query cases take their values from the data, so that each
	// selects a real, strict subset.
	var group, country, word string
	for _, inc := range incs {
		if group == "" && len(inc.Groups) > 0 {
			group = inc.Groups[0]
		}
		if country == "" && inc.Country != "" {
			country = inc.Country
		}
		if word == "" && len(inc.Sources) > 0 && inc.Country != "" {
			word = firstWord(inc.Sources[0].Title)
		}
	}
	queries := []struct {
		name string
		q    incidents.Query
		all  bool // matches every incident
	}{
		{"everything", incidents.Query{}, true},
		{"group", incidents.Query{Groups: []string{group}}, false},
		{"country", incidents.Query{Countries: []string{country}}, false},
		{"claimed", incidents.Query{Statuses: []string{"claimed"}}, false},
		{"text", incidents.Query{Text: word}, false},
		{"since", incidents.Query{Since: scanMidDay(t, incs)}, false},
		{"from and size ignored", incidents.Query{From: 3, Size: 2}, true},
	}
	for _, tc := range queries {
		want := searchAll(t, ref, tc.q)
		if tc.all && len(want) != len(incs) {
			t.Fatalf("%s: bleve finds %d of %d incidents", tc.name, len(want), len(incs))
		}
		if !tc.all && (len(want) == 0 || len(want) == len(incs)) {
			t.Fatalf("%s: the query selects %d of %d incidents; want a strict, non-empty subset", tc.name, len(want), len(incs))
		}
		for _, batch := range []int{1, 4, 7} { // at most 7: the caller may cap size (max_result_window)
			var got []incidents.Incident
			err := sc.ScanIncidents(ctx, tc.q, batch, func(inc incidents.Incident) error {
				got = append(got, inc)
				return nil
			})
			if err != nil {
				t.Fatalf("%s, batch %d: %v", tc.name, batch, err)
			}
			if !reflect.DeepEqual(ids(got), ids(want)) {
				t.Errorf("%s, batch %d: scan\n %v\nbleve search\n %v", tc.name, batch, ids(got), ids(want))
				continue
			}
			for i := range got {
				if !reflect.DeepEqual(normalise(got[i]), normalise(want[i])) {
					t.Errorf("%s, batch %d: incident %s differs", tc.name, batch, got[i].ID)
				}
			}
		}
	}
	t.Run("stops on fn error", func(t *testing.T) {
		stop := errors.New("enough")
		n := 0
		err := sc.ScanIncidents(ctx, incidents.Query{}, 2, func(incidents.Incident) error {
			if n++; n == 3 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 3 {
			t.Errorf("scan after fn error: %v after %d incidents, want %v after 3", err, n, stop)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		n := 0
		err := sc.ScanIncidents(cctx, incidents.Query{}, 2, func(incidents.Incident) error {
			if n++; n == 1 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) || n != 1 {
			t.Errorf("cancelled scan: %v after %d incidents, want context.Canceled after 1", err, n)
		}
	})
	t.Run("closed", func(t *testing.T) {
		y := open(t)
		_ = y.Close()
		err := y.(IncidentScanner).ScanIncidents(ctx, incidents.Query{}, 2, func(incidents.Incident) error { return nil })
		if !errors.Is(err, ErrClosed) {
			t.Errorf("scan of a closed index: %v, want ErrClosed", err)
		}
	})
}

// scanTestIncidents clusters the multi-outlet test set in memory and adds
// incidents at the edges of the sort: two whose reports carry no time
// (Rebuild dates them 0001-01-01, a negative epoch) and one without any
// DateTo (missing: sorts last, a Long.MIN_VALUE sort value in
// Elasticsearch).
func scanTestIncidents(t testing.TB) []incidents.Incident {
	t.Helper()
	ctx := context.Background()
	mem := incidents.NewMemStore()
	cl := incidents.NewClusterer(incidents.NewEngine(incidents.Config{}), mem)
	recs := readIncidentTestRecords(t)
	for i := 0; i < len(recs); i += 10 {
		b := cl.NewBatch()
		for _, r := range recs[i:min(i+10, len(recs))] {
			if _, err := b.Apply(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	out := mem.All()
	for _, key := range []string{"undated-b", "undated-a", "missing"} {
		r := incidents.Report{Key: key + "#1", RecordID: key, Title: "Blast reported " + key, Outlet: "wire", Type: "bombing"}
		inc := incidents.Incident{ID: incidents.IncidentID(r.Key), Sources: []incidents.Report{r}}
		incidents.Rebuild(&inc)
		if key == "missing" {
			inc.DateFrom, inc.DateTo = "", ""
		}
		out = append(out, inc)
	}
	if len(out) < 10 {
		t.Fatalf("only %d test incidents", len(out))
	}
	return out
}

// searchAll pages through Search (from/size) to the end.
func searchAll(t testing.TB, x incidents.Searcher, q incidents.Query) []incidents.Incident {
	t.Helper()
	q.From, q.Size = 0, 5
	var out []incidents.Incident
	for {
		res, err := x.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Incidents...)
		if len(res.Incidents) < q.Size {
			return out
		}
		q.From += q.Size
	}
}

// scanMidDay is a day in the middle of the range of the incidents dated
// after 1900.
func scanMidDay(t testing.TB, incs []incidents.Incident) time.Time {
	t.Helper()
	var days []time.Time
	for _, inc := range incs {
		if d, ok := ParsePublished(inc.DateTo); ok && d.Year() > 1900 {
			days = append(days, d)
		}
	}
	if len(days) < 2 {
		t.Fatal("fewer than two dated incidents")
	}
	lo, hi := days[0], days[0]
	for _, d := range days {
		if d.Before(lo) {
			lo = d
		}
		if d.After(hi) {
			hi = d
		}
	}
	return lo.Add(hi.Sub(lo) / 2).Truncate(24 * time.Hour)
}

// firstWord is the first word of s longer than four letters.
func firstWord(s string) string {
	start := -1
	for i, r := range s + " " {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			if i-start > 4 {
				return s[start:i]
			}
			start = -1
		}
	}
	return ""
}
