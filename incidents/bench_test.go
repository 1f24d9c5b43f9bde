package incidents

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/claimwatch/claimwatch/pipeline"
)

// BenchmarkClusterMultiOutlet clusters the multi-outlet test set (66
// records) into an empty MemStore per iteration, one batch of 16 records at
// a time: the engine and overlay cost without a real store.
func BenchmarkClusterMultiOutlet(b *testing.B) {
	recs := readTestRecords(b, "multioutlet")
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Article.Published < recs[j].Article.Published })
	eng := NewEngine(Config{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		cl := NewClusterer(eng, NewMemStore())
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
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkPair scores one pair of reports.
func BenchmarkPair(b *testing.B) {
	recs := readTestRecords(b, "multioutlet")
	var reps []Report
	for _, r := range recs {
		reps = append(reps, Reports(r)...)
	}
	eng := NewEngine(Config{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = eng.Pair(&reps[i%len(reps)], &reps[(i*7+3)%len(reps)])
		i++
	}
}

// ExampleEngine_Pair shows the evidence for two reports of one attack.
func ExampleEngine_Pair() {
	k := func(n int) *int { return &n }
	mog := &pipeline.Location{Name: "Mogadishu", Country: "SO", Lat: 2.037, Lon: 45.344}
	a := Report{Key: "a#1", RecordID: "a", Type: "bombing", Date: "2025-03-14", DatePrecision: "day", Location: mog, Killed: k(12),
		Claims: []ReportClaim{{GroupID: "al-shabaab", Status: "claimed"}}, Words: []string{"gate", "hotel", "sahafi"}}
	b := a
	b.Key, b.RecordID, b.Killed, b.Words = "b#1", "b", k(17), []string{"hotel", "official", "sahafi"}
	s := NewEngine(Config{}).Pair(&a, &b)
	fmt.Printf("total %.2f veto %q\n", s.Total, s.Veto)
	// Output: total 0.90 veto ""
}
