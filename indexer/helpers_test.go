package indexer

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// claim is a compact claim for test records; group "" means no group.
type claim struct{ group, status string }

// incident is a compact incident for test records.
type incident struct {
	typ, country string
	lat, lon     float64
}

// spec describes a test record; name becomes the canonical URL path.
type spec struct {
	name, title, text, published string
	groups                       []string
	claims                       []claim
	incidents                    []incident
}

func strPtr(s string) *string { return &s }

// record builds a pipeline.Record from a spec.
func record(s spec) pipeline.Record {
	url := "https://news.example.org/" + s.name
	id := pipeline.ArticleID(url)
	r := pipeline.Record{
		SchemaVersion: pipeline.SchemaVersion,
		ID:            id,
		Lang:          "en",
		Article: pipeline.Article{
			SchemaVersion: pipeline.SchemaVersion,
			ID:            id,
			URL:           url,
			CanonicalURL:  url,
			Source:        "example",
			Title:         s.title,
			Text:          s.text,
			Published:     s.published,
			Lang:          "en",
			FetchedAt:     time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		},
		ExtractedAt: time.Date(2024, 1, 2, 3, 5, 0, 0, time.UTC),
	}
	for _, g := range s.groups {
		r.Groups = append(r.Groups, pipeline.GroupMention{ID: g, Name: g, Kind: pipeline.KindMilitant})
	}
	for _, c := range s.claims {
		pc := pipeline.Claim{Status: c.status, Certainty: pipeline.CertaintyAsserted, Confidence: 0.9}
		if c.group != "" {
			pc.GroupID = strPtr(c.group)
		}
		r.Claims = append(r.Claims, pc)
	}
	for i, inc := range s.incidents {
		r.Incidents = append(r.Incidents, pipeline.Incident{
			ID:       "i" + string(rune('1'+i)),
			Type:     inc.typ,
			Location: &pipeline.Location{Name: inc.country, Country: inc.country, Lat: inc.lat, Lon: inc.lon},
		})
	}
	return r
}

// corpusSpecs is a small news corpus covering every filter.
var corpusSpecs = []spec{
	{
		name:      "kabul-airport",
		title:     "Suicide bombing at Kabul airport kills dozens",
		text:      "A suicide bomber struck the crowds outside Kabul airport. Islamic State Khorasan claimed responsibility through Amaq, while the Taliban denied any role.",
		published: "2021-08-26T18:00:00Z",
		groups:    []string{"iskp", "taliban"},
		claims:    []claim{{"iskp", "claimed"}, {"taliban", "denied"}},
		incidents: []incident{{"bombing", "AF", 34.56, 69.21}},
	},
	{
		name:      "peshawar-mosque",
		title:     "Blast at Peshawar mosque during Friday prayers",
		text:      "An explosion tore through a Shia mosque in Peshawar. The Islamic State claimed the bombing in a statement.",
		published: "2022-03-04",
		groups:    []string{"iskp"},
		claims:    []claim{{"iskp", "claimed"}},
		incidents: []incident{{"bombing", "PK", 34.01, 71.58}},
	},
	{
		name:      "mogadishu-hotel",
		title:     "Gunmen storm hotel in Mogadishu",
		text:      "Al-Shabaab fighters stormed a hotel in Mogadishu after a car bomb exploded at the gate; the group claimed the siege.",
		published: "2022-08-20T09:30:00+03:00",
		groups:    []string{"al-shabaab"},
		claims:    []claim{{"al-shabaab", "claimed"}},
		incidents: []incident{{"armed_assault", "SO", 2.04, 45.34}, {"bombing", "SO", 2.04, 45.34}},
	},
	{
		name:      "kabul-school",
		title:     "Explosions near girls' school in Kabul",
		text:      "Bombings near a school in Kabul killed schoolgirls. The Taliban denied involvement and no group has claimed the attack; officials blamed Islamic State.",
		published: "2021-05-08",
		groups:    []string{"taliban", "iskp"},
		claims:    []claim{{"taliban", "denied"}, {"", "unclaimed"}},
		incidents: []incident{{"bombing", "AF", 34.5, 69.1}},
	},
	{
		name:      "zamfara-kidnapping",
		title:     "Gunmen abduct schoolgirls in Zamfara",
		text:      "Armed men kidnapped hundreds of schoolgirls from a boarding school. Officials attributed the kidnapping to bandits allied with Boko Haram.",
		published: "2021-02-26",
		groups:    []string{"boko-haram"},
		claims:    []claim{{"boko-haram", "attributed"}},
		incidents: []incident{{"kidnapping", "NG", 12.17, 6.25}},
	},
	{
		name:  "propaganda-analysis",
		title: "How militant propaganda spreads online",
		text:  "An analysis of jihadist media shows how claims of responsibility travel from Telegram to news sites.",
	},
}

// corpus returns the corpus records and a map from spec name to record id.
func corpus() ([]pipeline.Record, map[string]string) {
	recs := make([]pipeline.Record, len(corpusSpecs))
	ids := make(map[string]string, len(corpusSpecs))
	for i, s := range corpusSpecs {
		recs[i] = record(s)
		ids[s.name] = recs[i].ID
	}
	return recs, ids
}

// openTest opens a fresh index in a temp dir and closes it at cleanup.
func openTest(t testing.TB) *Bleve {
	t.Helper()
	b, err := OpenBleve(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatalf("OpenBleve: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// loadCorpus puts the corpus into idx.
func loadCorpus(t testing.TB, idx Index) (Index, map[string]string) {
	t.Helper()
	recs, ids := corpus()
	if err := idx.Put(context.Background(), recs); err != nil {
		t.Fatalf("Put: %v", err)
	}
	return idx, ids
}

// loadedCorpus opens a bleve index holding the corpus.
func loadedCorpus(t testing.TB) (*Bleve, map[string]string) {
	t.Helper()
	b := openTest(t)
	loadCorpus(t, b)
	_, ids := corpus()
	return b, ids
}

// names maps hit ids back to spec names, in hit order.
func names(hits []Hit, ids map[string]string) []string {
	back := make(map[string]string, len(ids))
	for n, id := range ids {
		back[id] = n
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = back[h.ID]
		if out[i] == "" {
			out[i] = "?" + h.ID
		}
	}
	return out
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}
