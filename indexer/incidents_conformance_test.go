package indexer

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/pipeline"
)

// RunIncidentConformance runs the incident index suite against an
// implementation (used by the Elasticsearch backend's tests).
func RunIncidentConformance(t *testing.T, open func(testing.TB) IncidentIndex) {
	runIncidentConformance(t, open)
}

func TestBleveIncidentConformance(t *testing.T) {
	runIncidentConformance(t, func(tb testing.TB) IncidentIndex {
		x, err := OpenBleveIncidents(tb.TempDir(), nil)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = x.Close() })
		return x
	})
}

// testIncident builds an incident from one report.
func testIncident(key, country, date, group, status, title string) incidents.Incident {
	r := incidents.Report{Key: key + "#1", RecordID: key, Title: title, Outlet: "wire", Type: "bombing",
		Date: date, DatePrecision: "day", Time: mustDay(date).Add(10 * time.Hour)}
	if country != "" {
		r.Location = &pipeline.Location{Name: "X", Country: country, Lat: 10, Lon: 20}
	}
	if group != "" {
		r.Claims = []incidents.ReportClaim{{GroupID: group, Status: status}}
	}
	inc := incidents.Incident{ID: incidents.IncidentID(r.Key), Sources: []incidents.Report{r}}
	incidents.Rebuild(&inc)
	return inc
}

func mustDay(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func ids(incs []incidents.Incident) []string {
	out := []string{}
	for _, i := range incs {
		out = append(out, i.ID)
	}
	return out
}

func runIncidentConformance(t *testing.T, open func(testing.TB) IncidentIndex) {
	ctx := context.Background()
	t.Run("store", func(t *testing.T) {
		x := open(t)
		a := testIncident("ra", "SO", "2025-03-14", "al-shabaab", "claimed", "Hotel bombing in Mogadishu")
		b := testIncident("rb", "SO", "2025-03-20", "al-shabaab", "denied", "Market blast")
		c := testIncident("rc", "", "2025-03-15", "", "", "Blast somewhere")
		d := testIncident("rd", "AF", "2025-03-14", "islamic-state-khorasan-province", "claimed", "Kabul ministry bombing")
		if err := x.Put(ctx, []incidents.Incident{a, b, c, d}); err != nil {
			t.Fatal(err)
		}
		if n, err := x.Count(ctx); err != nil || n != 4 {
			t.Fatalf("count %d %v, want 4", n, err)
		}
		got, ok, err := x.Get(ctx, a.ID)
		if err != nil || !ok {
			t.Fatalf("get: %v %v", ok, err)
		}
		if !reflect.DeepEqual(normalise(got), normalise(a)) {
			t.Errorf("get: round trip differs:\n got %+v\nwant %+v", got, a)
		}
		if _, ok, err := x.Get(ctx, "inc-nothere"); ok || err != nil {
			t.Errorf("get missing: %v %v", ok, err)
		}
		cands := []struct {
			name string
			q    incidents.CandidateQuery
			want []string
		}{
			{"country and window", incidents.CandidateQuery{Country: "SO", Since: mustDay("2025-03-12"), Until: mustDay("2025-03-16")}, sortedIDs(a.ID, c.ID)},
			{"other country", incidents.CandidateQuery{Country: "AF", Since: mustDay("2025-03-12"), Until: mustDay("2025-03-16")}, sortedIDs(c.ID, d.ID)},
			{"any country", incidents.CandidateQuery{Since: mustDay("2025-03-14"), Until: mustDay("2025-03-14")}, sortedIDs(a.ID, c.ID, d.ID)},
			{"window edge inclusive", incidents.CandidateQuery{Country: "SO", Since: mustDay("2025-03-20"), Until: mustDay("2025-03-25")}, sortedIDs(b.ID)},
			{"nothing", incidents.CandidateQuery{Country: "SO", Since: mustDay("2025-04-01"), Until: mustDay("2025-04-03")}, []string{}},
		}
		for _, tc := range cands {
			res, err := x.Candidates(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("candidates %s: %v, want %v", tc.name, got, tc.want)
			}
			// the in-memory semantics agree
			for _, inc := range res {
				if !incidents.MatchesCandidate(&inc, tc.q) {
					t.Errorf("candidates %s: %s does not match by MatchesCandidate", tc.name, inc.ID)
				}
			}
		}
		byRec, err := x.ByRecord(ctx, "rb")
		if err != nil || !reflect.DeepEqual(ids(byRec), []string{b.ID}) {
			t.Errorf("by record: %v %v", ids(byRec), err)
		}
		searches := []struct {
			name string
			q    incidents.Query
			want []string
		}{
			{"all newest first", incidents.Query{}, []string{b.ID, c.ID, a.ID, d.ID}},
			{"group", incidents.Query{Groups: []string{"al-shabaab"}}, []string{b.ID, a.ID}},
			{"group and status", incidents.Query{Groups: []string{"al-shabaab"}, Statuses: []string{"claimed"}}, []string{a.ID}},
			{"country", incidents.Query{Countries: []string{"AF"}}, []string{d.ID}},
			{"text", incidents.Query{Text: "bombing"}, []string{a.ID, d.ID}},
			{"since", incidents.Query{Since: mustDay("2025-03-15")}, []string{b.ID, c.ID}},
			{"page", incidents.Query{Size: 1, From: 1}, []string{c.ID}},
		}
		for _, tc := range searches {
			res, err := x.Search(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res.Incidents); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("search %s: %v, want %v", tc.name, got, tc.want)
			}
		}
		// an incident without sources is deleted
		b.Sources = nil
		if err := x.Put(ctx, []incidents.Incident{b}); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := x.Get(ctx, b.ID); ok || err != nil {
			t.Errorf("deleted incident still there: %v %v", ok, err)
		}
	})
	t.Run("clusters like the in-memory store", func(t *testing.T) {
		recs := readIncidentTestRecords(t)
		eng := incidents.NewEngine(incidents.Config{})
		mem := incidents.NewMemStore()
		x := open(t)
		for _, st := range []incidents.Store{mem, x} {
			cl := incidents.NewClusterer(eng, st)
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
		}
		want := mem.All()
		res, err := x.Search(ctx, incidents.Query{Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != len(want) {
			t.Fatalf("%d incidents in the index, %d in memory", res.Total, len(want))
		}
		for _, w := range want {
			g, ok, err := x.Get(ctx, w.ID)
			if err != nil || !ok {
				t.Fatalf("incident %s: %v %v", w.ID, ok, err)
			}
			if !reflect.DeepEqual(normalise(g), normalise(w)) {
				t.Errorf("incident %s differs:\n got %+v\nwant %+v", w.ID, g, w)
			}
		}
	})
}

// normalise makes incidents comparable after a JSON round trip.
func normalise(inc incidents.Incident) incidents.Incident {
	b, _ := json.Marshal(inc)
	var out incidents.Incident
	_ = json.Unmarshal(b, &out)
	return out
}

func sortedIDs(s ...string) []string {
	out := append([]string{}, s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// readIncidentTestRecords reads the incidents package's multi-outlet test
// set, in publication order.
func readIncidentTestRecords(t testing.TB) []pipeline.Record {
	t.Helper()
	f, err := os.Open("../incidents/testdata/multioutlet.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pipeline.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r pipeline.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}
