package elastic

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// BenchmarkBulkPut measures bulk indexing into a real Elasticsearch (ES_URL):
// records/s for Put calls of 1,000 records of about 5 KB each, every Put
// waiting until each of its items is acknowledged.
//
//	ES_URL=http://127.0.0.1:9200 go test ./indexer/elastic -run '^$' -bench BulkPut -benchtime 20x
func BenchmarkBulkPut(b *testing.B) {
	url := esURL(b)
	x, err := Open(context.Background(), Config{URLs: []string{url}, IndexPrefix: testPrefix(), Workers: 2, FlushBytes: 5 << 20}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	const batch = 1000
	text := strings.Repeat("Militants attacked a police post in the north of the province on Tuesday, officials said. ", 55)
	killed := 4
	mk := func(i int) pipeline.Record {
		id := fmt.Sprintf("bench-%08d", i)
		gid := "islamic-state"
		inc := id + "#1"
		return pipeline.Record{
			SchemaVersion: pipeline.SchemaVersion, ID: id, Lang: "en", ExtractedAt: time.Now().UTC(),
			Article: pipeline.Article{SchemaVersion: pipeline.SchemaVersion, ID: id, URL: "https://news.example/" + id, CanonicalURL: "https://news.example/" + id,
				Source: "bench", Title: "Attack on police post " + id, Text: text, Published: "2025-05-08T10:00:00Z", Lang: "en", FetchedAt: time.Now().UTC()},
			Groups:    []pipeline.GroupMention{{ID: gid, Name: "Islamic State", Kind: "militant", Mentions: []pipeline.Span{{Start: 0, End: 9, Text: "Militants"}}}},
			Incidents: []pipeline.Incident{{ID: inc, Type: "armed_assault", Date: "2025-05-06", DatePrecision: "day", Killed: &killed, Targets: []string{"police"}, Location: &pipeline.Location{Name: "Kirkuk", Country: "IQ", Lat: 35.47, Lon: 44.39}, Evidence: pipeline.Span{Start: 0, End: 20, Text: text[:20]}}},
			Claims:    []pipeline.Claim{{GroupID: &gid, Status: "claimed", Certainty: "asserted", Incident: &inc, Evidence: pipeline.Span{Start: 0, End: 20, Text: text[:20]}, Confidence: 0.9}},
		}
	}
	recs := make([]pipeline.Record, batch)
	b.ResetTimer()
	start := time.Now()
	for n := 0; n < b.N; n++ {
		for i := range recs {
			recs[i] = mk(n*batch + i)
		}
		if err := x.Put(context.Background(), recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/time.Since(start).Seconds(), "records/s")
}
