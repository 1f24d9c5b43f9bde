package elastic

import (
	"context"
	"testing"

	"github.com/claimwatch/claimwatch/incidents"
)

// benchIncidents is the size of the incident index of
// BenchmarkScanIncidents: past the 10,000 that from/size paging reaches.
const benchIncidents = 12000

// BenchmarkScanIncidents reads every incident of a 12,000-incident index
// with ScanIncidents in pages of 1,000 (what `claimwatch export` does for
// the events table); it reports incidents per second.
//
//	ES_URL=... go test -run '^$' -bench ScanIncidents -benchtime 3x ./indexer/elastic/
func BenchmarkScanIncidents(b *testing.B) {
	ctx := context.Background()
	in, err := OpenIncidents(ctx, Config{URLs: []string{esURL(b)}, IndexPrefix: testPrefix()}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = in.DeleteIncidentIndex(context.Background()); _ = in.Close() })
	incs := testIncidents(benchIncidents)
	for i := 0; i < len(incs); i += 1000 {
		if err := in.Put(ctx, incs[i:i+1000]); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		n := 0
		if err := in.ScanIncidents(ctx, incidents.Query{}, 1000, func(incidents.Incident) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != benchIncidents {
			b.Fatalf("scanned %d incidents, want %d", n, benchIncidents)
		}
	}
	b.ReportMetric(float64(benchIncidents*b.N)/b.Elapsed().Seconds(), "incidents/s")
}
