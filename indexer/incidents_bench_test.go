package indexer

import (
	"context"
	"testing"

	"github.com/claimwatch/claimwatch/incidents"
)

// BenchmarkBleveIncidentsCluster clusters the multi-outlet test set (66
// records, in batches of 16 as the stage receives them) into a fresh bleve
// incident index per iteration: candidate queries, lookups by record and
// one persisted batch per 16 records.
func BenchmarkBleveIncidentsCluster(b *testing.B) {
	recs := readIncidentTestRecords(b)
	eng := incidents.NewEngine(incidents.Config{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		x, err := OpenBleveIncidents(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cl := incidents.NewClusterer(eng, x)
		for i := 0; i < len(recs); i += 16 {
			bt := cl.NewBatch()
			for _, r := range recs[i:min(i+16, len(recs))] {
				if _, err := bt.Apply(ctx, r); err != nil {
					b.Fatal(err)
				}
			}
			if err := bt.Commit(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		_ = x.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "records/s")
}
