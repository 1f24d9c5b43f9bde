package indexer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

var benchWords = strings.Fields(`attack bomb blast suicide bomber killed injured police army soldiers
checkpoint market mosque school hospital convoy militants gunmen claimed responsibility statement
group province district village capital officials said spokesman denied ministry security forces
explosion vehicle roadside device ambush patrol civilians children women wounded hospitalised
government insurgents fighters commander operation airstrike raid hostages kidnapped released`)

var benchGroups = []string{"iskp", "taliban", "ttp", "al-shabaab", "boko-haram", "iswap", "jnim", "hts", "aqap", "pkk"}
var benchTypes = []string{"bombing", "armed_assault", "kidnapping", "assassination", "facility_attack"}
var benchCountries = []string{"AF", "PK", "SO", "NG", "ML", "SY", "YE", "IQ", "TR", "BF"}
var benchStatuses = []string{"claimed", "denied", "attributed", "unclaimed"}

// benchRecord makes a synthetic record of about 5 KB of JSON.
func benchRecord(rng *rand.Rand, n int) pipeline.Record {
	var text strings.Builder
	for text.Len() < 3500 {
		text.WriteString(benchWords[rng.IntN(len(benchWords))])
		text.WriteByte(' ')
	}
	g1, g2 := benchGroups[rng.IntN(len(benchGroups))], benchGroups[rng.IntN(len(benchGroups))]
	day := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3650))
	return record(spec{
		name:      fmt.Sprintf("bench/%d", n),
		title:     fmt.Sprintf("%s %s in %s", benchWords[rng.IntN(len(benchWords))], benchWords[rng.IntN(len(benchWords))], benchCountries[n%len(benchCountries)]),
		text:      text.String(),
		published: day.Format(time.RFC3339),
		groups:    []string{g1, g2},
		claims:    []claim{{g1, benchStatuses[rng.IntN(len(benchStatuses))]}},
		incidents: []incident{{benchTypes[rng.IntN(len(benchTypes))], benchCountries[rng.IntN(len(benchCountries))], rng.Float64()*60 - 10, rng.Float64()*80 + 10}},
	})
}

func benchRecords(n int) []pipeline.Record {
	rng := rand.New(rand.NewPCG(1, 2))
	recs := make([]pipeline.Record, n)
	for i := range recs {
		recs[i] = benchRecord(rng, i)
	}
	return recs
}

// BenchmarkPut indexes batches of 100 records of about 5 KB each; every
// batch is persisted before the next. It reports records/s.
func BenchmarkPut(b *testing.B) {
	const batch = 100
	idx := openTest(b)
	ctx := context.Background()
	pool := benchRecords(20 * batch)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs := make([]pipeline.Record, batch)
		for j := range recs {
			r := pool[(i*batch+j)%len(pool)]
			r.ID = fmt.Sprintf("%s-%d", r.ID, i) // every batch adds new documents
			recs[j] = r
		}
		if err := idx.Put(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSearch queries an index of 5,000 synthetic records.
func BenchmarkSearch(b *testing.B) {
	idx := openTest(b)
	ctx := context.Background()
	recs := benchRecords(5000)
	for i := 0; i < len(recs); i += 500 {
		if err := idx.Put(ctx, recs[i:i+500]); err != nil {
			b.Fatal(err)
		}
	}
	queries := map[string]string{
		"filters":      "group:iskp,ttp status:claimed country:AF,PK since:2018",
		"text":         "suicide bomber checkpoint",
		"phrase+group": `"security forces" group:taliban`,
		"all+facets":   "",
	}
	for name, s := range queries {
		q, err := ParseQuery(s)
		if err != nil {
			b.Fatal(err)
		}
		q.Facets = name == "all+facets"
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res, err := idx.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				if res.Total == 0 {
					b.Fatalf("%q matched nothing", s)
				}
			}
		})
	}
}
