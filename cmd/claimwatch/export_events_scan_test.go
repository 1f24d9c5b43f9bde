package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer/elastic"
	"github.com/claimwatch/claimwatch/pipeline"
)

// scanEvents answers page requests like Search does (same incidents, same
// order, a Total that tells whether another page follows), from one scan
// of a real Elasticsearch incident index read in pages smaller than the
// requests.
func TestScanEventsPages(t *testing.T) {
	esURL := os.Getenv("ES_URL")
	if esURL == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	ctx := context.Background()
	cfg := elastic.Config{URLs: []string{esURL}, IndexPrefix: fmt.Sprintf("claimwatch-scanevents-%d", time.Now().UnixNano())}
	x, err := elastic.OpenIncidents(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.DeleteIncidentIndex(context.Background()); _ = x.Close() })
	var incs []incidents.Incident
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range 11 {
		d := day.AddDate(0, 0, i/2) // pairs share a day: the id breaks the tie
		r := incidents.Report{Key: fmt.Sprintf("r%02d#1", i), RecordID: fmt.Sprintf("r%02d", i), Title: "Blast", Outlet: "wire",
			Type: "bombing", Date: d.Format("2006-01-02"), DatePrecision: "day", Time: d.Add(9 * time.Hour),
			Location: &pipeline.Location{Name: "X", Country: []string{"SO", "KE"}[i%2], Lat: 1, Lon: 40}}
		inc := incidents.Incident{ID: incidents.IncidentID(r.Key), Sources: []incidents.Report{r}}
		incidents.Rebuild(&inc)
		incs = append(incs, inc)
	}
	if err := x.Put(ctx, incs); err != nil {
		t.Fatal(err)
	}
	r, err := elastic.OpenIncidentsReadOnly(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s := newScanEvents(r, 2)
	defer s.close()

	type page struct {
		from, size, total int
		q                 incidents.Query
	}
	so := incidents.Query{Countries: []string{"SO"}}
	steps := []page{
		{0, 3, 4, incidents.Query{}}, {3, 3, 7, incidents.Query{}}, {6, 3, 10, incidents.Query{}}, {9, 3, 11, incidents.Query{}},
		{11, 3, 11, incidents.Query{}}, // past the end
		{2, 4, 7, incidents.Query{}},   // backwards: a new scan
		{0, 5, 6, so},                  // another query: a new scan
		{5, 5, 6, so},                  // exactly at the end: one row, no more
		{3, 2, 6, so},                  // backwards in the same query: a new scan
	}
	for _, p := range steps {
		q := p.q
		q.From, q.Size = p.from, p.size
		got, err := s.Search(ctx, q)
		if err != nil {
			t.Fatalf("page %+v: %v", p, err)
		}
		want, err := r.Search(ctx, q) // from/size, well below the window
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(incIDs(got.Incidents), incIDs(want.Incidents)) || got.Total != p.total {
			t.Errorf("page from %d size %d %v: %v total %d; want %v total %d",
				p.from, p.size, p.q.Countries, incIDs(got.Incidents), got.Total, incIDs(want.Incidents), p.total)
		}
		if more := got.Total > p.from+len(got.Incidents); more != (p.from+len(want.Incidents) < want.Total) {
			t.Errorf("page from %d size %d: total %d says more=%v; Search's total is %d", p.from, p.size, got.Total, more, want.Total)
		}
	}
}

func incIDs(incs []incidents.Incident) []string {
	out := []string{}
	for _, inc := range incs {
		out = append(out, inc.ID)
	}
	return out
}
