package alerts

import (
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/pipeline"
)

func TestMatchTable(t *testing.T) {
	cases := []struct {
		name string
		rule string // one rule named r, YAML flow mapping without the name
		rec  recOpts
		want bool
	}{
		// groups
		{"group exact", `groups: [islamic-state]`, recOpts{group: ptr("islamic-state")}, true},
		{"group other", `groups: [islamic-state]`, recOpts{group: ptr("al-qaida")}, false},
		{"province without include_affiliates", `groups: [islamic-state]`, recOpts{group: ptr("is-khorasan")}, false},
		{"province with include_affiliates", `groups: [islamic-state], include_affiliates: true`, recOpts{group: ptr("is-khorasan")}, true},
		{"province of province", `groups: [islamic-state], include_affiliates: true`, recOpts{group: ptr("is-barqa")}, true},
		{"affiliate listed on its own side", `groups: [islamic-state], include_affiliates: true`, recOpts{group: ptr("ansar-bayt-al-maqdis")}, true},
		{"affiliate of a province is not the parent's", `groups: [islamic-state], include_affiliates: true`, recOpts{group: ptr("boko-haram")}, false},
		{"parent does not match a rule on the province", `groups: [is-libya], include_affiliates: true`, recOpts{group: ptr("islamic-state")}, false},
		{"no group claim vs group rule", `groups: [islamic-state]`, recOpts{status: "unclaimed"}, false},
		{"no group claim vs status rule", `statuses: [unclaimed]`, recOpts{status: "unclaimed"}, true},
		// statuses
		{"status in list", `statuses: [claimed, denied]`, recOpts{group: ptr("taliban"), status: "denied"}, true},
		{"status not in list", `statuses: [claimed]`, recOpts{group: ptr("taliban"), status: "attributed"}, false},
		// types
		{"type match", `types: [bombing]`, recOpts{group: ptr("taliban"), linked: true, typ: "bombing"}, true},
		{"type mismatch", `types: [kidnapping]`, recOpts{group: ptr("taliban"), linked: true, typ: "bombing"}, false},
		{"unlinked claim uses the only incident", `types: [bombing]`, recOpts{group: ptr("taliban"), typ: "bombing"}, true},
		{"unlinked claim with two incidents has none", `types: [bombing]`, recOpts{group: ptr("taliban"), typ: "bombing", twoIncidents: true}, false},
		{"linked claim with two incidents", `types: [bombing]`, recOpts{group: ptr("taliban"), typ: "bombing", twoIncidents: true, linked: true}, true},
		{"no incident at all", `min_killed: 1`, recOpts{group: ptr("taliban"), noIncident: true}, false},
		// countries
		{"country match, any case", `countries: [so]`, recOpts{group: ptr("al-shabaab"), linked: true, country: "SO"}, true},
		{"country mismatch", `countries: [KE]`, recOpts{group: ptr("al-shabaab"), linked: true, country: "SO"}, false},
		{"country without location", `countries: [SO]`, recOpts{group: ptr("al-shabaab"), linked: true}, false},
		// radius: Kabul 34.53,69.17; Jalalabad 34.43,70.45 is ~118 km away
		{"within radius", `near: {lat: 34.53, lon: 69.17, radius_km: 50}`, recOpts{group: ptr("taliban"), linked: true, lat: 34.55, lon: 69.2}, true},
		{"outside radius", `near: {lat: 34.53, lon: 69.17, radius_km: 100}`, recOpts{group: ptr("taliban"), linked: true, lat: 34.43, lon: 70.45}, false},
		{"larger radius", `near: {lat: 34.53, lon: 69.17, radius_km: 130}`, recOpts{group: ptr("taliban"), linked: true, lat: 34.43, lon: 70.45}, true},
		{"radius without coordinates", `near: {lat: 34.53, lon: 69.17, radius_km: 100}`, recOpts{group: ptr("taliban"), linked: true, country: "AF"}, false},
		// min_killed
		{"killed at threshold", `min_killed: 10`, recOpts{group: ptr("taliban"), linked: true, killed: ptr(10)}, true},
		{"killed below", `min_killed: 10`, recOpts{group: ptr("taliban"), linked: true, killed: ptr(9)}, false},
		{"killed unknown", `min_killed: 1`, recOpts{group: ptr("taliban"), linked: true}, false},
		// keywords
		{"keyword in text, other case", `keywords: [church]`, recOpts{group: ptr("taliban"), text: "A CHURCH was hit."}, true},
		{"keyword in title", `keywords: [church]`, recOpts{group: ptr("taliban"), title: "Church attacked"}, true},
		{"keyword only inside a word", `keywords: [church]`, recOpts{group: ptr("taliban"), text: "The churches were hit."}, false},
		{"keyword with hyphen and punctuation", `keywords: [al-shabaab]`, recOpts{group: ptr("taliban"), text: "(Al-Shabaab) said"}, true},
		{"keyword non-ASCII boundary", `keywords: [école]`, recOpts{group: ptr("taliban"), text: "Une École attaquée"}, true},
		{"keyword non-ASCII inside word", `keywords: [cole]`, recOpts{group: ptr("taliban"), text: "Une école attaquée"}, false},
		{"any keyword", `keywords: [mosque, school]`, recOpts{group: ptr("taliban"), text: "near a school."}, true},
		// confidence
		{"confidence above", `min_confidence: 0.7`, recOpts{group: ptr("taliban"), confidence: 0.8}, true},
		{"confidence below", `min_confidence: 0.7`, recOpts{group: ptr("taliban"), confidence: 0.6}, false},
		// outlets
		{"outlet match, any case", `outlets: [Demo Wire]`, recOpts{group: ptr("taliban"), source: "demo wire"}, true},
		{"outlet mismatch", `outlets: [Demo Wire]`, recOpts{group: ptr("taliban"), source: "Other"}, false},
		// all together
		{"every criterion", `{groups: [islamic-state], include_affiliates: true, statuses: [claimed], types: [bombing], countries: [AF], near: {lat: 34.53, lon: 69.17, radius_km: 20}, min_killed: 5, keywords: [mosque], min_confidence: 0.5, outlets: [Wire]}`,
			recOpts{group: ptr("is-khorasan"), linked: true, country: "AF", lat: 34.5, lon: 69.2, killed: ptr(12), text: "a mosque in Kabul", source: "Wire"}, true},
		{"every criterion but one", `{groups: [islamic-state], include_affiliates: true, statuses: [claimed], types: [bombing], countries: [AF], near: {lat: 34.53, lon: 69.17, radius_km: 20}, min_killed: 5, keywords: [mosque], min_confidence: 0.5, outlets: [Wire]}`,
			recOpts{group: ptr("is-khorasan"), linked: true, country: "AF", lat: 34.5, lon: 69.2, killed: ptr(4), text: "a mosque in Kabul", source: "Wire"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := c.rule
			if strings.HasPrefix(body, "{") {
				body = strings.TrimSuffix(strings.TrimPrefix(body, "{"), "}")
			}
			rs := mustRules(t, "rules: [{name: r, "+body+"}]")
			ms := rs.Match(record(c.rec))
			if got := len(ms) > 0; got != c.want {
				t.Fatalf("fires = %v, want %v (matches %+v)", got, c.want, ms)
			}
		})
	}
}

func TestMatchKeysAndDedupe(t *testing.T) {
	rs := mustRules(t, `rules: [{name: a, statuses: [claimed]}, {name: b}]`)
	rec := record(recOpts{id: "r1", group: ptr("taliban"), linked: true})
	// A second, less confident claim with the same tuple, one by another
	// group, and an unlinked one.
	c2 := rec.Claims[0]
	c2.Confidence = 0.3
	c3 := rec.Claims[0]
	c3.GroupID = ptr("al-qaida")
	c4 := rec.Claims[0]
	c4.Incident = nil
	c4.Status = pipeline.StatusDenied
	rec.Claims = append(rec.Claims, c2, c3, c4)
	ms := rs.Match(rec)
	type k struct{ rule, ik, group, status string }
	var got []k
	for _, m := range ms {
		got = append(got, k{m.Rule, m.IncidentKey, m.Group, m.Status})
		if m.Key != AlertKey(m.Rule, m.IncidentKey, m.Group, m.Status) {
			t.Errorf("key of %+v is not AlertKey", m)
		}
		if m.Group == "taliban" && m.Status == "claimed" && m.Claim.Confidence != 0.9 {
			t.Errorf("dedupe kept the less confident claim: %v", m.Claim.Confidence)
		}
	}
	want := []k{
		{"a", "r1#1", "taliban", "claimed"}, {"a", "r1#1", "al-qaida", "claimed"},
		{"b", "r1#1", "taliban", "claimed"}, {"b", "r1#1", "al-qaida", "claimed"}, {"b", "r1", "taliban", "denied"},
	}
	if len(got) != len(want) {
		t.Fatalf("matches = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("match %d = %v, want %v", i, got[i], want[i])
		}
	}
	if AlertKey("a", "x", "g", "claimed") == AlertKey("a", "x", "g", "denied") {
		t.Fatal("keys must differ by status")
	}
}

func TestHaversine(t *testing.T) {
	// Paris - London is about 344 km.
	if d := haversineKM(48.8566, 2.3522, 51.5074, -0.1278); d < 340 || d > 348 {
		t.Fatalf("Paris-London = %.1f km", d)
	}
	if d := haversineKM(10, 10, 10, 10); d != 0 {
		t.Fatalf("same point = %v", d)
	}
}
