package incidents

import (
	"math"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

func TestHaversine(t *testing.T) {
	// Kabul - Jalalabad about 118 km; Mogadishu to itself 0.
	if d := Haversine(34.528, 69.172, 34.430, 70.447); math.Abs(d-117.5) > 3 {
		t.Errorf("Kabul-Jalalabad %.1f km", d)
	}
	if d := Haversine(2.03, 45.34, 2.03, 45.34); d != 0 {
		t.Errorf("same point %.3f", d)
	}
}

func TestPair(t *testing.T) {
	k := func(n int) *int { return &n }
	mog := &pipeline.Location{Name: "Mogadishu", Country: "SO", Lat: 2.037, Lon: 45.344}
	kab := &pipeline.Location{Name: "Kabul", Country: "AF", Lat: 34.528, Lon: 69.172}
	base := func(rec string, day int) Report {
		return Report{Key: rec + "#1", RecordID: rec, Type: "bombing", Date: time.Date(2025, 3, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
			DatePrecision: "day", Location: mog, Time: time.Date(2025, 3, day+1, 9, 0, 0, 0, time.UTC),
			Claims: []ReportClaim{{GroupID: "al-shabaab", Status: "claimed"}}, Killed: k(12), Words: []string{"gate", "hotel", "sahafi"}}
	}
	eng := NewEngine(Config{})
	tests := []struct {
		name string
		mod  func(b *Report)
		veto string
		same bool // at or above the threshold
	}{
		{"identical story", func(b *Report) {}, "", true},
		{"toll revised up a day later", func(b *Report) { b.Killed = k(17); b.Time = b.Time.AddDate(0, 0, 1) }, "", true},
		{"other country", func(b *Report) { b.Location = kab }, VetoCountry, false},
		{"four days apart", func(b *Report) { b.Date = "2025-03-18"; b.Time = b.Time.AddDate(0, 0, 4) }, VetoDate, false},
		{"same city, group and type, other day, nothing else shared", func(b *Report) {
			b.Date = "2025-03-16"
			b.Time = b.Time.AddDate(0, 0, 2)
			b.Killed = k(3)
			b.Words = []string{"livestock", "market", "truck"}
		}, "", false},
		{"two attacks of one record", func(b *Report) { b.RecordID = "a"; b.Key = "a#2" }, VetoSameRecord, false},
		{"undated report of the same attack", func(b *Report) { b.Date = ""; b.DatePrecision = "" }, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := base("a", 14), base("b", 14)
			tc.mod(&b)
			s := eng.Pair(&a, &b)
			if s.Veto != tc.veto {
				t.Fatalf("veto %q, want %q (%+v)", s.Veto, tc.veto, s)
			}
			if got := s.Veto == "" && s.Total >= eng.Config().Threshold; got != tc.same {
				t.Errorf("same=%v, want %v (%+v)", got, tc.same, s)
			}
			if r := eng.Pair(&b, &a); r != s {
				t.Errorf("not symmetric: %+v vs %+v", s, r)
			}
		})
	}
}

func TestIncidentIDStable(t *testing.T) {
	if IncidentID("r1#1") != IncidentID("r1#1") || IncidentID("r1#1") == IncidentID("r1#2") || len(IncidentID("x")) != 20 {
		t.Errorf("ids: %s %s", IncidentID("r1#1"), IncidentID("r1#2"))
	}
}
