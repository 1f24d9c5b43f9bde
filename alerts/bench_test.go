package alerts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/pipeline"
)

// BenchmarkMatch matches varied records against 100 rules of every kind and
// reports records/s.
func BenchmarkMatch(b *testing.B) {
	gaz := testGazetteer(b)
	ids := []string{}
	for _, g := range gaz.Entries() {
		ids = append(ids, g.ID)
	}
	statuses := []string{"claimed", "denied", "attributed", "unclaimed"}
	types := []string{"bombing", "armed_assault", "kidnapping", "assassination"}
	var y strings.Builder
	y.WriteString("rules:\n")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&y, "  - name: r%d\n", i)
		switch i % 6 {
		case 0:
			fmt.Fprintf(&y, "    groups: [%s]\n    include_affiliates: true\n", ids[i%len(ids)])
		case 1:
			fmt.Fprintf(&y, "    statuses: [%s]\n    min_confidence: 0.5\n", statuses[i%4])
		case 2:
			fmt.Fprintf(&y, "    types: [%s]\n    min_killed: %d\n", types[i%4], i%7)
		case 3:
			fmt.Fprintf(&y, "    near: {lat: %d, lon: %d, radius_km: 300}\n", 30+i%10, 40+i%20)
		case 4:
			if i%4 == 0 {
				fmt.Fprintf(&y, "    keywords: [market, mosque%d]\n", i)
			} else {
				fmt.Fprintf(&y, "    keywords: [church%d, convoy]\n", i)
			}
		case 5:
			fmt.Fprintf(&y, "    countries: [AF, SO, NG]\n    outlets: [Wire%d]\n", i%3)
		}
	}
	rs, err := ParseRules([]byte(y.String()), gaz)
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Officials said the attack on the busy market killed several people and wounded dozens more. ", 40)
	var recs []pipeline.Record
	for i := 0; i < 64; i++ {
		r := record(recOpts{id: fmt.Sprintf("b%d", i), group: ptr(ids[i%len(ids)]), status: statuses[i%4], linked: i%2 == 0,
			typ: types[i%4], country: []string{"AF", "SO", "NG", "IQ"}[i%4], lat: float64(30 + i%12), lon: float64(40 + i%25),
			killed: ptr(i % 15), text: text, source: fmt.Sprintf("Wire%d", i%4), confidence: 0.4 + float64(i%6)/10})
		c := r.Claims[0]
		c.GroupID = ptr(ids[(i+3)%len(ids)])
		r.Claims = append(r.Claims, c)
		recs = append(recs, r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		n += len(rs.Match(recs[i%len(recs)]))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(n)/float64(b.N), "matches/record")
	if n == 0 {
		b.Fatal("no rule ever fired")
	}
}
