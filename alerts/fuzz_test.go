package alerts

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseRules: any input gives rules or an error, never a panic, and
// accepted rules can match a record.
func FuzzParseRules(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "alerts.yaml")); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		`rules: [{name: a, groups: [islamic-state], include_affiliates: true}]`,
		`rules: [{name: a, near: {lat: 1, lon: 2, radius_km: 3}, keywords: [x]}]`,
		`rules: [{name: a, near: {radius_km: 3}}]`,
		`rules: {}`, `[]`, ``, `rules: [{name: "é"}]`,
	} {
		f.Add(s)
	}
	gaz := testGazetteer(f)
	rec := record(recOpts{group: ptr("islamic-state"), linked: true, lat: 1, lon: 2, country: "SO", killed: ptr(3), text: "x y z"})
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseRules([]byte(s), gaz)
		if err != nil {
			return
		}
		for _, m := range rs.Match(rec) {
			if _, ok := rs.Rule(m.Rule); !ok {
				t.Fatalf("match of unknown rule %q", m.Rule)
			}
		}
	})
}
