package alerts

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/extractor"
)

func TestParseRulesRejects(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string // substrings of the error
	}{
		{"unknown group suggests closest ids", `rules: [{name: a, groups: [islamic-stat]}]`,
			[]string{`unknown group id "islamic-stat"`, `did you mean "islamic-state"`}},
		{"unknown status", `rules: [{name: a, statuses: [claimd]}]`, []string{`unknown status "claimd"`}},
		{"unknown type", `rules: [{name: a, types: [bomb]}]`, []string{`unknown attack type "bomb"`}},
		{"radius without point", `rules: [{name: a, near: {radius_km: 10}}]`, []string{"radius_km without a point"}},
		{"point without radius", `rules: [{name: a, near: {lat: 1, lon: 2}}]`, []string{"radius_km must be > 0"}},
		{"point out of range", `rules: [{name: a, near: {lat: 100, lon: 2, radius_km: 3}}]`, []string{"out of range"}},
		{"duplicate names", `rules: [{name: a}, {name: a}]`, []string{`rule "a": duplicate rule name`}},
		{"no name", `rules: [{statuses: [claimed]}]`, []string{"rule 1: no name"}},
		{"name not a subject token", `rules: [{name: "IS claims"}]`, []string{"name must match"}},
		{"bad country", `rules: [{name: a, countries: [Somalia]}]`, []string{`country "SOMALIA"`}},
		{"confidence range", `rules: [{name: a, min_confidence: 1.5}]`, []string{"min_confidence"}},
		{"negative killed", `rules: [{name: a, min_killed: -1}]`, []string{"min_killed"}},
		{"unknown key", `rules: [{name: a, statusez: [claimed]}]`, []string{"statusez"}},
		{"affiliates without groups", `rules: [{name: a, include_affiliates: true}]`, []string{"include_affiliates without groups"}},
		{"webhook without secret", `rules: [{name: a, outputs: {webhooks: [{url: "https://x.example/h"}]}}]`, []string{"needs secret"}},
		{"webhook bad url", `rules: [{name: a, outputs: {webhooks: [{url: "ftp://x", secret: s}]}}]`, []string{"must be http"}},
		{"webhook bad format", `rules: [{name: a, outputs: {webhooks: [{url: "https://x.example", secret: s, format: xml}]}}]`, []string{`unknown format "xml"`}},
		{"webhook secret env unset", `rules: [{name: a, outputs: {webhooks: [{url: "https://x.example", secret_env: CLAIMWATCH_TEST_UNSET_SECRET}]}}]`, []string{"CLAIMWATCH_TEST_UNSET_SECRET is not set"}},
		{"email without recipients", `rules: [{name: a, outputs: {email: {to: []}}}]`, []string{"no recipients"}},
		{"email bad address", `rules: [{name: a, outputs: {email: {to: [nobody]}}}]`, []string{`bad address "nobody"`}},
		{"every problem listed", `rules: [{name: a, statuses: [x]}, {name: b, types: [y]}]`, []string{`rule "a": unknown status`, `rule "b": unknown attack type`}},
	}
	gaz := testGazetteer(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseRules([]byte(c.yaml), gaz)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrRules) {
				t.Errorf("error does not wrap ErrRules: %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestSuggestionThreeClosest(t *testing.T) {
	got := closestIDs("is-libia", testGazetteer(t), 3)
	if len(got) != 3 || got[0] != "is-libya" {
		t.Fatalf("closest = %v, want is-libya first of 3", got)
	}
	_, err := ParseRules([]byte(`rules: [{name: a, groups: [al-shabab]}]`), testGazetteer(t))
	if err == nil || !strings.Contains(err.Error(), `did you mean "al-shabaab", `) {
		t.Fatalf("err = %v", err)
	}
}

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"al-shabab", "al-shabaab", 1}, {"é", "e", 1}} {
		if got := levenshtein(c.a, c.b); got != c.d {
			t.Errorf("levenshtein(%q,%q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestIncludeAffiliatesExpansion(t *testing.T) {
	exp := newGroupExpander(testGazetteer(t))
	got := exp.expand("islamic-state")
	want := []string{"ansar-bayt-al-maqdis", "is-barqa", "is-khorasan", "is-libya", "iswap"}
	if !slices.Equal(got, want) {
		t.Fatalf("expand(islamic-state) = %v, want %v", got, want)
	}
	if got := exp.expand("iswap"); !slices.Equal(got, []string{"boko-haram"}) {
		t.Fatalf("expand(iswap) = %v", got)
	}
	if got := exp.expand("taliban"); len(got) != 0 {
		t.Fatalf("expand(taliban) = %v", got)
	}
}

func TestSecretFromEnv(t *testing.T) {
	t.Setenv("CLAIMWATCH_TEST_SECRET", "s3cret")
	rs := mustRules(t, `rules: [{name: a, outputs: {webhooks: [{url: "https://x.example/h", secret_env: CLAIMWATCH_TEST_SECRET}]}}]`)
	r, ok := rs.Rule("a")
	if !ok || r.Outputs.Webhooks[0].Secret != "s3cret" || r.Outputs.Webhooks[0].Format != FormatJSON {
		t.Fatalf("rule = %+v", r)
	}
}

// The example rules file must stay valid against the bundled gazetteer.
func TestExampleRulesFileValid(t *testing.T) {
	gaz, err := extractor.LoadGazetteer(os.DirFS(filepath.Join("..", "configs")))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := LoadRules(filepath.Join("testdata", "alerts.yaml"), gaz)
	if err != nil {
		t.Fatal(err)
	}
	if rs.Len() < 5 {
		t.Fatalf("example has %d rules", rs.Len())
	}
	if _, err := LoadRules(filepath.Join("testdata", "missing.yaml"), gaz); !errors.Is(err, ErrRules) {
		t.Fatalf("missing file: %v", err)
	}
}
