package incidents

import (
	"reflect"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

func rep(key string, day int, claims ...ReportClaim) Report {
	return Report{Key: key + "#1", RecordID: key, Outlet: "o-" + key, Title: "t " + key,
		Time: time.Date(2025, 3, day, 12, 0, 0, 0, time.UTC), Claims: claims}
}

func cl(group, status string) ReportClaim { return ReportClaim{GroupID: group, Status: status} }

func TestTimeline(t *testing.T) {
	type ev struct{ Kind, Group, Record string }
	tests := []struct {
		name      string
		sources   []Report
		want      []ev
		claimed   bool
		compclaim bool
		status    []GroupStatus
	}{
		{
			name:    "first claim repeated by later reports",
			sources: []Report{rep("b", 15, cl("g1", "claimed")), rep("a", 14, cl("g1", "claimed")), rep("c", 16, cl("g1", "claimed"))},
			want:    []ev{{EventFirstClaim, "g1", "a"}},
			claimed: true,
			status:  []GroupStatus{{GroupID: "g1", Status: "claimed"}},
		},
		{
			name: "denial, then a competing claim by another group",
			sources: []Report{rep("a", 10, cl("g1", "denied")), rep("b", 11, cl("g2", "claimed"), cl("g1", "denied")),
				rep("c", 12, cl("g3", "claimed"))},
			want:      []ev{{EventDenial, "g1", "a"}, {EventFirstClaim, "g2", "b"}, {EventCompetingClaim, "g3", "c"}},
			claimed:   true,
			compclaim: true,
			status:    []GroupStatus{{GroupID: "g1", Status: "denied"}, {GroupID: "g2", Status: "claimed"}, {GroupID: "g3", Status: "claimed"}},
		},
		{
			name:    "claim retracted",
			sources: []Report{rep("a", 10, cl("g1", "claimed")), rep("b", 11, cl("g1", "denied"))},
			want:    []ev{{EventFirstClaim, "g1", "a"}, {EventRetraction, "g1", "b"}},
			claimed: false,
			status:  []GroupStatus{{GroupID: "g1", Status: "denied"}},
		},
		{
			name: "unclaimed, attributed, claimed, retracted, reclaimed",
			sources: []Report{rep("a", 10, cl("", "unclaimed")), rep("b", 11, cl("g1", "attributed")), rep("c", 12, cl("g1", "claimed")),
				rep("d", 13, cl("g1", "denied")), rep("e", 14, cl("g1", "claimed"))},
			want: []ev{{EventUnclaimed, "", "a"}, {EventAttribution, "g1", "b"}, {EventFirstClaim, "g1", "c"},
				{EventRetraction, "g1", "d"}, {EventReclaim, "g1", "e"}},
			claimed: true,
			status:  []GroupStatus{{GroupID: "", Status: "unclaimed"}, {GroupID: "g1", Status: "claimed"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := Incident{ID: "x", Sources: tc.sources}
			Rebuild(&inc)
			var got []ev
			for _, e := range inc.Timeline {
				got = append(got, ev{e.Kind, e.GroupID, e.RecordID})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("timeline %v, want %v", got, tc.want)
			}
			if inc.Claimed != tc.claimed || inc.CompClaim != tc.compclaim {
				t.Errorf("claimed %v compclaim %v, want %v %v", inc.Claimed, inc.CompClaim, tc.claimed, tc.compclaim)
			}
			if !reflect.DeepEqual(inc.Status, tc.status) {
				t.Errorf("status %v, want %v", inc.Status, tc.status)
			}
		})
	}
}

func TestRebuildDerivedFields(t *testing.T) {
	k := func(n int) *int { return &n }
	a := rep("a", 14)
	a.Type, a.Date, a.DatePrecision, a.Killed = "bombing", "2025-03-14", "day", k(12)
	a.Location = &pipeline.Location{Name: "Mogadishu", Country: "SO", Lat: 2.03, Lon: 45.34}
	a.FetchedAt = a.Time.Add(time.Hour)
	b := rep("b", 15)
	b.Type, b.Killed = "unknown", k(17)
	b.Location = &pipeline.Location{Name: "Mogadishu", Country: "SO", Lat: 2.03, Lon: 45.34}
	c := rep("c", 16)
	c.Type, c.Date, c.DatePrecision = "armed_assault", "2025-03", "month"
	inc := Incident{ID: "x", Sources: []Report{c, b, a, b}} // b twice: deduplicated
	Rebuild(&inc)
	if len(inc.Sources) != 3 || inc.Sources[0].Key != "a#1" || inc.Sources[2].Key != "c#1" {
		t.Fatalf("sources not deduplicated and ordered: %+v", inc.Sources)
	}
	if inc.Title != "t a" || inc.Type != "bombing" || inc.Date != "2025-03-14" || inc.Country != "SO" ||
		inc.Location == nil || inc.Location.Name != "Mogadishu" || *inc.Killed != 17 {
		t.Errorf("derived fields: %+v", inc)
	}
	if !inc.FirstSeen.Equal(a.FetchedAt) || !inc.LastSeen.Equal(c.Time) {
		t.Errorf("first seen %v last seen %v", inc.FirstSeen, inc.LastSeen)
	}
	if inc.DateFrom != "2025-03-01" || inc.DateTo != "2025-03-31" {
		t.Errorf("date range %s..%s", inc.DateFrom, inc.DateTo)
	}
	if !reflect.DeepEqual(inc.Outlets, []string{"o-a", "o-b", "o-c"}) {
		t.Errorf("outlets %v", inc.Outlets)
	}
}
