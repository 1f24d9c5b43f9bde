package elastic

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

func TestNewDocument(t *testing.T) {
	recs, _ := corpus()
	tests := []struct {
		name  string
		rec   func() pipeline.Record
		check func(t *testing.T, d *document)
	}{
		{"claim pairs tie group and status", func() pipeline.Record { return recs[1] }, func(t *testing.T, d *document) {
			if !slices.Equal(d.ClaimPair, []string{"iskp:attributed", "taliban:denied"}) {
				t.Errorf("claim_pair = %v", d.ClaimPair)
			}
			if !slices.Equal(d.Groups, []string{"taliban", "iskp"}) || !slices.Equal(d.ClaimStatus, []string{"attributed", "denied"}) {
				t.Errorf("groups %v, statuses %v", d.Groups, d.ClaimStatus)
			}
			if len(d.Claims) != 2 || d.Claims[0].GroupName != "Name of iskp" || d.Claims[0].Source != "statement" {
				t.Errorf("nested claims %+v", d.Claims)
			}
		}},
		{"unclaimed has a status and no pair", func() pipeline.Record { return recs[3] }, func(t *testing.T, d *document) {
			if !slices.Contains(d.ClaimStatus, "unclaimed") || slices.ContainsFunc(d.ClaimPair, func(p string) bool { return p == ":unclaimed" }) {
				t.Errorf("statuses %v, pairs %v", d.ClaimStatus, d.ClaimPair)
			}
		}},
		{"published parsed to UTC, month", func() pipeline.Record {
			r := recs[0]
			r.Article.Published = "2021-08-26T23:30:00-02:00"
			return r
		}, func(t *testing.T, d *document) {
			if d.Published == nil || !d.Published.Equal(time.Date(2021, 8, 27, 1, 30, 0, 0, time.UTC)) || d.Month != "2021-08" {
				t.Errorf("published %v, month %q", d.Published, d.Month)
			}
			if d.Published.Location() != time.UTC {
				t.Errorf("published not in UTC: %v", d.Published.Location())
			}
		}},
		{"unparseable dates are left out", func() pipeline.Record {
			r := recs[0]
			r.Article.Published = "last Tuesday"
			r.Incidents[0].Date = "2021-13-45"
			return r
		}, func(t *testing.T, d *document) {
			if d.Published != nil || d.Month != "" || d.Incidents[0].Date != nil {
				t.Errorf("published %v, month %q, incident date %v", d.Published, d.Month, d.Incidents[0].Date)
			}
		}},
		{"(0,0) and out-of-range points dropped, country kept", func() pipeline.Record {
			r := recs[6] // lagos-market at (0,0)
			r.Incidents = append(r.Incidents, pipeline.Incident{Type: "Bombing", Location: &pipeline.Location{Country: "ng", Lat: 95, Lon: 3}})
			return r
		}, func(t *testing.T, d *document) {
			if len(d.Location) != 0 || d.Incidents[0].Location != nil || !slices.Equal(d.Country, []string{"NG"}) || !slices.Equal(d.Type, []string{"bombing"}) {
				t.Errorf("location %v, country %v, type %v", d.Location, d.Country, d.Type)
			}
		}},
		{"host, lang and sums", func() pipeline.Record {
			r := recs[2]
			r.Article.CanonicalURL = "https://WWW.Example.COM/a?b=c"
			r.Lang = "EN"
			return r
		}, func(t *testing.T, d *document) {
			if d.Host != "example.com" || d.Lang != "en" {
				t.Errorf("host %q lang %q", d.Host, d.Lang)
			}
			if d.Killed != 3+4 || len(d.Location) != 1 {
				t.Errorf("killed %d (want the sum 7), locations %v", d.Killed, d.Location)
			}
		}},
		{"blank and duplicate terms dropped", func() pipeline.Record {
			r := recs[0]
			r.Groups = append(r.Groups, pipeline.GroupMention{ID: " "}, pipeline.GroupMention{ID: "ISKP"})
			return r
		}, func(t *testing.T, d *document) {
			if !slices.Equal(d.Groups, []string{"iskp", "taliban"}) {
				t.Errorf("groups %v", d.Groups)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rec()
			d, err := newDocument(&r)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, d)
			// record holds the whole record but its text, stored once
			// in text; the stored source gives back the record put.
			var back pipeline.Record
			if err := json.Unmarshal(d.Record, &back); err != nil || back.ID != r.ID || back.Article.Text != "" || d.Text != r.Article.Text {
				t.Errorf("record field: %v, text %q (document text %q)", err, back.Article.Text, d.Text)
			}
			src, _ := d.encode()
			var ss storedSource
			if err := json.Unmarshal(src, &ss); err != nil {
				t.Fatal(err)
			}
			if got, ok := ss.record(); !ok || !reflect.DeepEqual(got, roundTripped(r)) {
				t.Errorf("stored source does not give back the record put:\n got %+v\nwant %+v", got, r)
			}
		})
	}
}

func TestNewDocumentInvalid(t *testing.T) {
	recs, _ := corpus()
	noID := recs[0]
	noID.ID = "  "
	nan := recs[0]
	nan.Claims[0].Confidence = math.NaN()
	for name, r := range map[string]pipeline.Record{"no id": noID, "NaN": nan} {
		if _, err := newDocument(&r); !errors.Is(err, indexer.ErrInvalidRecord) {
			t.Errorf("%s: err = %v, want ErrInvalidRecord", name, err)
		}
	}
}

// Every field of a full document is mapped: with dynamic mapping off, an
// unmapped field would silently not be searchable.
func TestTemplateMapsEveryField(t *testing.T) {
	recs, _ := corpus()
	d, err := newDocument(&recs[1])
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(d)
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	cfg, _ := Config{URLs: []string{"http://x:9200"}}.withDefaults()
	for _, stem := range []bool{false, true} {
		tmpl := indexTemplate(cfg, stem)
		props := tmpl["template"].(map[string]any)["mappings"].(map[string]any)["properties"].(map[string]any)
		var walk func(path string, v any, props map[string]any)
		walk = func(path string, v any, props map[string]any) {
			obj, ok := v.(map[string]any)
			if !ok {
				return
			}
			for k, sub := range obj {
				m, ok := props[k].(map[string]any)
				if !ok {
					t.Errorf("field %s%s is not mapped", path, k)
					continue
				}
				if m["enabled"] == false {
					continue
				}
				if p, ok := m["properties"].(map[string]any); ok {
					if list, ok := sub.([]any); ok {
						for _, e := range list {
							walk(path+k+".", e, p)
						}
					} else {
						walk(path+k+".", sub, p)
					}
				}
			}
		}
		walk("", doc, props)
		an := tmpl["template"].(map[string]any)["settings"].(map[string]any)["analysis"].(map[string]any)
		filters := an["analyzer"].(map[string]any)[textAnalyzer].(map[string]any)["filter"].([]string)
		if slices.Contains(filters, "porter_stem") != stem {
			t.Errorf("stemming %v: filters %v", stem, filters)
		}
	}
	if sw := stopWords(); !slices.Contains(sw, "the") || !slices.Contains(sw, "after") || slices.Contains(sw, "|") || len(sw) < 100 {
		t.Errorf("stop words: %d words, %v...", len(sw), sw[:min(5, len(sw))])
	}
}

// TestEncodeEqualsMarshal: the spliced encoding is the JSON encoding.
func TestEncodeEqualsMarshal(t *testing.T) {
	recs, _ := corpus()
	recs = append(recs, generated(30)...)
	for _, r := range recs {
		d, err := newDocument(&r)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.encode()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: encode\n%s\nwant\n%s", r.ID, got, want)
		}
	}
}

// roundTripped is r after a JSON round trip (times in UTC, as decoded).
func roundTripped(r pipeline.Record) pipeline.Record {
	raw, _ := json.Marshal(r)
	var back pipeline.Record
	_ = json.Unmarshal(raw, &back)
	return back
}
