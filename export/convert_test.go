package export

import (
	"testing"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

func TestIncidentGTDColumns(t *testing.T) {
	gaz, err := extractor.NewGazetteerFromEntries([]extractor.GroupEntry{
		{ID: "iskp", Name: "Islamic State Khorasan Province", Kind: "militant", GTDNames: []string{"Khorasan Chapter of the Islamic State"}},
		{ID: "ttp", Name: "Tehrik-i-Taliban Pakistan", Kind: "militant", GTDNames: []string{"Tehrik-i-Taliban Pakistan (TTP)"}},
		{ID: "taliban", Name: "Taliban", Kind: "militant"},
	})
	if err != nil {
		t.Fatal(err)
	}
	conv := converter{gaz: gaz, countries: testNamer}
	cl := func(g, status, certainty, inc, channel string) pipeline.Claim {
		return pipeline.Claim{GroupID: sp(g), Status: status, Certainty: certainty, Incident: sp(inc), Channel: sp(channel),
			Evidence: pipeline.Span{Text: g + " " + status}}
	}
	seven := 7
	type want struct {
		gname, gname2         string
		unc1                  *int64
		claimed               int64
		mode                  string
		comp                  *int64
		year                  *int64
		month, day            int64
		country, city, attack string
		targ1                 string
		hasLat                bool
	}
	i64 := func(v int64) *int64 { return &v }
	for _, tt := range []struct {
		name   string
		inc    pipeline.Incident
		claims []pipeline.Claim
		want   want
	}{
		{
			name:   "two groups claimed, one denied",
			inc:    pipeline.Incident{ID: "a#1", Type: "bombing", Date: "2021-08-26", Location: &pipeline.Location{Name: "Kabul", Country: "af", Lat: 34.5, Lon: 69.2}, Killed: &seven, Targets: []string{"military"}},
			claims: []pipeline.Claim{cl("taliban", "denied", "asserted", "a#1", ""), cl("iskp", "claimed", "asserted", "a#1", "Amaq"), cl("ttp", "claimed", "asserted", "a#1", "")},
			want:   want{gname: "Khorasan Chapter of the Islamic State", gname2: "Tehrik-i-Taliban Pakistan (TTP)", unc1: i64(0), claimed: 1, mode: "Posted to website, blog, etc.", comp: i64(1), year: i64(2021), month: 8, day: 26, country: "Afghanistan", city: "Kabul", attack: "Bombing/Explosion", targ1: "Military", hasLat: true},
		},
		{
			name:   "suspected attribution beats possible, no claim",
			inc:    pipeline.Incident{ID: "a#1", Type: "kidnapping", Date: "2019-03", Location: &pipeline.Location{Name: "Pakistan", Country: "PK"}},
			claims: []pipeline.Claim{cl("taliban", "attributed", "possible", "a#1", ""), cl("ttp", "attributed", "suspected", "a#1", "")},
			want:   want{gname: "Tehrik-i-Taliban Pakistan (TTP)", gname2: "Taliban", unc1: i64(1), claimed: -9, year: i64(2019), month: 3, country: "Pakistan", attack: "Hostage Taking (Kidnapping)", targ1: "Unknown"},
		},
		{
			name:   "no group has claimed; other incident's claim ignored",
			inc:    pipeline.Incident{ID: "a#1", Type: "armed_assault", Date: "2020"},
			claims: []pipeline.Claim{{Status: "unclaimed", Certainty: "asserted", Incident: sp("a#1")}, cl("iskp", "claimed", "asserted", "a#2", "video"), cl("iskp", "claimed", "asserted", "", "")},
			want:   want{gname: "Unknown", claimed: 0, year: i64(2020), attack: "Armed Assault", targ1: "Unknown"},
		},
		{
			name:   "claimed by one group through an unknown channel, undated",
			inc:    pipeline.Incident{ID: "a#1", Type: "new_type", Location: &pipeline.Location{Name: "Somewhere", Country: "XX", Lat: 0, Lon: 0}},
			claims: []pipeline.Claim{cl("iskp", "claimed", "asserted", "a#1", "carrier pigeon"), cl("iskp", "claimed", "asserted", "a#1", "")},
			want:   want{gname: "Khorasan Chapter of the Islamic State", unc1: i64(0), claimed: 1, mode: "Other", comp: i64(0), city: "Somewhere", attack: "Unknown", targ1: "Unknown"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &pipeline.Record{ID: "a", Incidents: []pipeline.Incident{tt.inc}, Claims: tt.claims}
			got := conv.incident(r, &r.Incidents[0], map[string]string{}, "u")
			w := tt.want
			if got.GName != w.gname || got.GName2 != w.gname2 || !eqP(got.GUncertain1, w.unc1) || got.Claimed != w.claimed ||
				got.ClaimModeTxt != w.mode || !eqP(got.CompClaim, w.comp) || !eqP(got.IYear, w.year) || got.IMonth != w.month ||
				got.IDay != w.day || got.CountryTxt != w.country || got.City != w.city || got.AttackTypeTxt != w.attack ||
				got.TargType1Txt != w.targ1 || (got.Latitude != nil) != w.hasLat {
				t.Errorf("got %+v\nwant %+v", got, w)
			}
			if len(got.GroupStatus) == 0 {
				t.Errorf("group_status empty")
			}
		})
	}
}

func eqP(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func TestGTDDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		y    int64 // 0 = nil
		m, d int64
	}{{"2021-08-26", 2021, 8, 26}, {"2021-08", 2021, 8, 0}, {"2021", 2021, 0, 0}, {"", 0, 0, 0}, {"21-08-26", 0, 0, 0}, {"2021-13-01", 2021, 0, 0}, {"2021-02-40", 2021, 2, 0}} {
		y, m, d := gtdDate(tt.in)
		var yy int64
		if y != nil {
			yy = *y
		}
		if yy != tt.y || m != tt.m || d != tt.d {
			t.Errorf("gtdDate(%q) = %d %d %d, want %d %d %d", tt.in, yy, m, d, tt.y, tt.m, tt.d)
		}
	}
}
