package elastic

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// spec describes a test record briefly.
type spec struct {
	name      string
	title     string
	text      string
	published string
	source    string
	groups    []string          // mentioned group ids
	claims    map[string]string // group id ("" for none) -> status
	types     []string
	country   string
	lat, lon  float64
}

func strPtr(s string) *string { return &s }
func intPtr(n int) *int       { return &n }

func record(s spec) pipeline.Record {
	url := "https://news.example.org/" + s.name
	r := pipeline.Record{
		SchemaVersion: pipeline.SchemaVersion,
		ID:            pipeline.ArticleID(url),
		Lang:          "en",
		Article: pipeline.Article{
			SchemaVersion: pipeline.SchemaVersion,
			ID:            pipeline.ArticleID(url),
			URL:           url, CanonicalURL: url,
			Source: s.source, Title: s.title, Text: s.text, Published: s.published, Lang: "en",
			FetchedAt:   time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
			ContentHash: pipeline.ContentHash(s.text),
		},
		ExtractedAt: time.Date(2024, 3, 1, 12, 0, 1, 500, time.UTC),
	}
	for _, g := range s.groups {
		r.Groups = append(r.Groups, pipeline.GroupMention{ID: g, Name: "Name of " + g, Kind: pipeline.KindMilitant,
			Mentions: []pipeline.Span{{Start: 0, End: 1, Text: "x"}}})
	}
	for i, typ := range s.types {
		inc := pipeline.Incident{ID: fmt.Sprintf("i%d", i), Type: typ, Date: s.published, Killed: intPtr(3 + i), Targets: []string{"civilians"}}
		if s.country != "" {
			inc.Location = &pipeline.Location{Name: "Town", Country: s.country, Lat: s.lat, Lon: s.lon}
		}
		r.Incidents = append(r.Incidents, inc)
	}
	keys := make([]string, 0, len(s.claims))
	for g := range s.claims {
		keys = append(keys, g)
	}
	slices.Sort(keys)
	for _, g := range keys {
		c := pipeline.Claim{Status: s.claims[g], Certainty: pipeline.CertaintyAsserted, Confidence: 0.8,
			Source: strPtr("statement"), Evidence: pipeline.Span{Start: 0, End: 4, Text: "said"}}
		if g != "" {
			c.GroupID = strPtr(g)
		}
		if len(r.Incidents) > 0 {
			c.Incident = strPtr("i0")
		}
		r.Claims = append(r.Claims, c)
	}
	return r
}

// corpus is a small set of varied records; ids maps record ids to names.
func corpus() ([]pipeline.Record, map[string]string) {
	specs := []spec{
		{name: "kabul-airport", title: "Suicide bombing at Kabul airport", text: "A suicide bomber attacked the crowds at Kabul airport. ISKP claimed the attack through Amaq.",
			published: "2021-08-26", source: "Wire A", groups: []string{"iskp", "taliban"}, claims: map[string]string{"iskp": "claimed"},
			types: []string{"bombing"}, country: "AF", lat: 34.56, lon: 69.21},
		{name: "kabul-denial", title: "Taliban deny role in Kabul blast", text: "The Taliban denied any involvement in the blast in Kabul. Officials blamed ISKP.",
			published: "2021-09-02T10:00:00Z", source: "Wire B", groups: []string{"taliban", "iskp"},
			claims: map[string]string{"taliban": "denied", "iskp": "attributed"}, types: []string{"bombing"}, country: "AF", lat: 34.5, lon: 69.1},
		{name: "mogadishu-hotel", title: "Al-Shabaab fighters storm hotel in Mogadishu", text: "Gunmen stormed a hotel in Mogadishu. Al-Shabaab said its fighters carried out the attack.",
			published: "2022-08-20", source: "Wire A", groups: []string{"al-shabaab"}, claims: map[string]string{"al-shabaab": "claimed"},
			types: []string{"armed_assault", "hostage_taking"}, country: "SO", lat: 2.04, lon: 45.34},
		{name: "peshawar-mosque", title: "Mosque blast in Peshawar", text: "A blast tore through a mosque in Peshawar. No group has claimed responsibility; the TTP denied it.",
			published: "2023-01-30", source: "Wire C", groups: []string{"ttp"}, claims: map[string]string{"": "unclaimed", "ttp": "denied"},
			types: []string{"bombing"}, country: "PK", lat: 34.01, lon: 71.58},
		{name: "sahel-ambush", title: "Soldiers killed in ambush", text: "Militants ambushed a convoy near Menaka. JNIM claimed the ambush in a statement.",
			published: "2023-01-05", source: "Wire B", groups: []string{"jnim"}, claims: map[string]string{"jnim": "claimed"},
			types: []string{"armed_assault"}, country: "ML", lat: 15.92, lon: 2.4},
		{name: "undated-analysis", title: "Analysis: the bombers of Kabul", text: "An analysis of bombings in Kabul and the groups suspected of them.",
			published: "", source: "Blog", groups: []string{"iskp"}},
		{name: "lagos-market", title: "Explosion at a market", text: "An explosion at a market killed traders. Police suspect Boko Haram.",
			published: "2022-08-03", source: "Wire C", groups: []string{"boko-haram"}, claims: map[string]string{"boko-haram": "attributed"},
			types: []string{"bombing"}, country: "NG", lat: 0, lon: 0},
		{name: "no-groups", title: "Storm damages houses", text: "A storm damaged houses along the coast.", published: "2022-01-15", source: "Wire A"},
	}
	recs := make([]pipeline.Record, len(specs))
	ids := map[string]string{}
	for i, s := range specs {
		recs[i] = record(s)
		ids[recs[i].ID] = s.name
	}
	return recs, ids
}

var testIndexSeq atomic.Int64

// esURL returns ES_URL or skips the test.
func esURL(t testing.TB) string {
	u := os.Getenv("ES_URL")
	if u == "" {
		t.Skip("ES_URL not set: start Elasticsearch with deployments/elasticsearch/start.sh to run this test")
	}
	return u
}

// testPrefix is a fresh index prefix whose index and template are deleted
// at cleanup.
func testPrefix() string {
	return fmt.Sprintf("claimwatch-test-%d-%d", time.Now().UnixNano(), testIndexSeq.Add(1))
}

// openTest opens an empty index with immediate refresh (visible to Count
// and Search when Put returns).
func openTest(t testing.TB) *Index {
	t.Helper()
	url := esURL(t)
	prefix := testPrefix()
	x, err := Open(context.Background(), Config{URLs: []string{url}, IndexPrefix: prefix, Refresh: "true"}, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		_ = x.Close()
		cleanupPrefix(t, x, prefix)
	})
	return x
}

func cleanupPrefix(t testing.TB, x *Index, prefix string) {
	if res, err := x.es.Indices.Delete([]string{indexName(prefix)}); err == nil {
		closeBody(res)
	}
	if res, err := x.es.Indices.DeleteIndexTemplate(templateName(prefix)); err == nil {
		closeBody(res)
	}
}

// names maps hit ids to record names.
func names(ids map[string]string, hitIDs []string) []string {
	out := make([]string, len(hitIDs))
	for i, id := range hitIDs {
		out[i] = ids[id]
	}
	return out
}
