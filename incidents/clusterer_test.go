package incidents

import (
	"context"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

func record(id, title, date string, killed int, group string) pipeline.Record {
	k := killed
	g := group
	inc := id + "#1"
	pub, _ := time.Parse("2006-01-02", date)
	return pipeline.Record{ID: id, Article: pipeline.Article{ID: id, Title: title, Published: date, CanonicalURL: "https://x.example/" + id,
		FetchedAt: pub.Add(time.Hour)},
		Incidents: []pipeline.Incident{{ID: inc, Type: "bombing", Date: date, DatePrecision: "day", Killed: &k,
			Location: &pipeline.Location{Name: "Mogadishu", Country: "SO", Lat: 2.037, Lon: 45.344}}},
		Claims: []pipeline.Claim{{GroupID: &g, Status: "claimed", Incident: &inc}}}
}

func apply(t *testing.T, c *Clusterer, recs ...pipeline.Record) []string {
	t.Helper()
	b := c.NewBatch()
	var ids []string
	for _, r := range recs {
		got, err := b.Apply(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got...)
	}
	if err := b.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestClustererIdempotentAndRevisions(t *testing.T) {
	st := NewMemStore()
	c := NewClusterer(NewEngine(Config{}), st)
	a := record("a", "Sahafi hotel bombing kills 12", "2025-03-14", 12, "al-shabaab")
	b := record("b", "Sahafi hotel bombing toll rises", "2025-03-14", 17, "al-shabaab")
	ids := apply(t, c, a, b)
	if ids[0] != IncidentID("a#1") || ids[1] != ids[0] {
		t.Fatalf("a and b not merged into a's incident: %v", ids)
	}
	// the same records again, alone and in one batch with others: no change
	before := st.All()
	apply(t, c, b)
	apply(t, c, a, a, b)
	after := st.All()
	if len(after) != 1 || len(after[0].Sources) != 2 || !after[0].LastSeen.Equal(before[0].LastSeen) {
		t.Fatalf("redelivery changed the store: %+v", after)
	}
	// a revision of a that no longer describes an attack takes it out; the
	// incident keeps its id (b stays in it)
	revised := a
	revised.Incidents, revised.Claims = nil, nil
	apply(t, c, revised)
	all := st.All()
	if len(all) != 1 || all[0].ID != IncidentID("a#1") || len(all[0].Sources) != 1 || all[0].Sources[0].RecordID != "b" {
		t.Fatalf("after revision: %+v", all)
	}
	// a comes back: it rejoins its old incident
	if ids := apply(t, c, a); ids[0] != IncidentID("a#1") {
		t.Fatalf("a did not rejoin: %v", ids)
	}
	// b revised away and a revised away: the incident is deleted
	rb := b
	rb.Incidents, rb.Claims = nil, nil
	apply(t, c, revised, rb)
	if n := len(st.All()); n != 0 {
		t.Fatalf("%d incidents left, want 0", n)
	}
}
