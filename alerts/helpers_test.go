package alerts

import (
	"context"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

// testGazetteer is a small gazetteer with the shapes rules care about:
// islamic-state with provinces (one two levels down, one naming its
// province as its only parent), an affiliate listed on the affiliate's side
// (ansar-bayt-al-maqdis), an affiliate of a province (boko-haram, not of
// islamic-state itself), and an unrelated family (al-qaida, al-shabaab).
func testGazetteer(t testing.TB) *extractor.Gazetteer {
	t.Helper()
	g, err := extractor.NewGazetteerFromEntries([]extractor.GroupEntry{
		{ID: "islamic-state", Name: "Islamic State"},
		{ID: "is-khorasan", Name: "Islamic State Khorasan Province", Parents: []string{"islamic-state"}},
		{ID: "is-libya", Name: "Islamic State Libya Province", Parents: []string{"islamic-state"}},
		{ID: "is-barqa", Name: "Islamic State Barqa Province", Parents: []string{"is-libya"}},
		{ID: "iswap", Name: "Islamic State West Africa Province", Parents: []string{"islamic-state"}, Affiliates: []string{"boko-haram"}},
		{ID: "boko-haram", Name: "Boko Haram"},
		{ID: "ansar-bayt-al-maqdis", Name: "Ansar Bayt al-Maqdis", Affiliates: []string{"islamic-state"}},
		{ID: "al-qaida", Name: "Al-Qaida"},
		{ID: "al-shabaab", Name: "Al-Shabaab", Parents: []string{"al-qaida"}},
		{ID: "taliban", Name: "Taliban"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mustRules(t testing.TB, yaml string) *RuleSet {
	t.Helper()
	rs, err := ParseRules([]byte(yaml), testGazetteer(t))
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	return rs
}

func ptr[T any](v T) *T { return &v }

// recOpts describe a test record with one incident and one claim.
type recOpts struct {
	id, title, text, source string
	group                   *string
	status                  string
	confidence              float64
	linked                  bool // the claim links the incident
	typ, country, place     string
	lat, lon                float64
	killed                  *int
	twoIncidents            bool // a second, unrelated incident (kidnapping in Mali)
	noIncident              bool
}

func record(o recOpts) pipeline.Record {
	if o.id == "" {
		o.id = "rec1"
	}
	if o.status == "" {
		o.status = pipeline.StatusClaimed
	}
	if o.confidence == 0 {
		o.confidence = 0.9
	}
	if o.typ == "" {
		o.typ = "bombing"
	}
	if o.text == "" {
		o.text = "An attack took place."
	}
	inc := pipeline.Incident{ID: o.id + "#1", Type: o.typ, Killed: o.killed, Date: "2026-11-20"}
	if o.country != "" || o.place != "" || o.lat != 0 || o.lon != 0 {
		inc.Location = &pipeline.Location{Name: o.place, Country: o.country, Lat: o.lat, Lon: o.lon}
	}
	c := pipeline.Claim{GroupID: o.group, Status: o.status, Certainty: pipeline.CertaintyAsserted, Confidence: o.confidence,
		Evidence: pipeline.Span{Text: "the group said it carried out the attack"}}
	if o.linked {
		c.Incident = ptr(inc.ID)
	}
	var groups []pipeline.GroupMention
	if o.group != nil {
		groups = append(groups, pipeline.GroupMention{ID: *o.group, Name: *o.group, Kind: pipeline.KindMilitant})
	}
	incs := []pipeline.Incident{inc}
	if o.twoIncidents {
		incs = append(incs, pipeline.Incident{ID: o.id + "#2", Type: "kidnapping", Location: &pipeline.Location{Name: "Gao", Country: "ML", Lat: 16.27, Lon: -0.04}})
	}
	if o.noIncident {
		incs = nil
	}
	return pipeline.Record{
		SchemaVersion: pipeline.SchemaVersion,
		ID:            o.id,
		Article: pipeline.Article{ID: o.id, Title: o.title, Text: o.text, Source: o.source,
			CanonicalURL: "https://news.example/" + o.id, FetchedAt: time.Now().Add(-time.Minute)},
		Lang:      "en",
		Groups:    groups,
		Incidents: incs,
		Claims:    []pipeline.Claim{c},
	}
}

func startNATS(t *testing.T) *pipeline.Conn {
	t.Helper()
	cfg := pipeline.DefaultNATSConfig()
	cfg.StoreDir = t.TempDir()
	c, err := pipeline.Connect(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}
