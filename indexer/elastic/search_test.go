package elastic

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
)

func TestTextParts(t *testing.T) {
	tests := []struct {
		in             string
		words, phrases []string
	}{
		{"", nil, nil},
		{"kabul  airport", []string{"kabul", "airport"}, nil},
		{`"suicide  bomber" kabul`, []string{"kabul"}, []string{"suicide bomber"}},
		{`a "b c`, []string{"a"}, []string{"b c"}},
		{`x"y"z ""`, []string{"x", "z"}, []string{"y"}},
	}
	for _, tt := range tests {
		w, p := textParts(tt.in)
		if !slices.Equal(w, tt.words) || !slices.Equal(p, tt.phrases) {
			t.Errorf("textParts(%q) = %q, %q; want %q, %q", tt.in, w, p, tt.words, tt.phrases)
		}
	}
}

func TestSearchBody(t *testing.T) {
	since := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		q    indexer.Query
		want []string // substrings of the JSON body
		not  []string
	}{
		{"match all, newest first", indexer.Query{}, []string{`"match_all"`, `"sort":[{"published":{"missing":"_last","order":"desc"}},{"id":"asc"}]`, `"size":10`}, []string{`{"_score"`, `"aggs"`, `"filter"`}},
		{"group and status pair", indexer.Query{Groups: []string{"ISKP", "iskp", " "}, Statuses: []string{"claimed", "denied"}},
			[]string{`{"terms":{"claim_pair":["iskp:claimed","iskp:denied"]}}`}, []string{`"groups":`}},
		{"group alone", indexer.Query{Groups: []string{"ttp"}}, []string{`{"terms":{"groups":["ttp"]}}`}, nil},
		{"countries upper-cased, dates", indexer.Query{Countries: []string{"af"}, Since: since},
			[]string{`{"terms":{"country":["AF"]}}`, `"range":{"published":{"gte":"2021-01-01T00:00:00Z"}}`}, []string{`"lte"`}},
		{"text scores first", indexer.Query{Text: `kabul "suicide bomber"`, Size: 5000},
			[]string{`"operator":"and"`, `"type":"phrase"`, `"query":"suicide bomber"`, `"sort":[{"_score":"desc"}`, `"size":1000`, `"title^2"`}, nil},
		{"facets", indexer.Query{Facets: true}, []string{`"month":{"terms":{"field":"month","size":600}}`, `"group":{"terms":{"field":"groups","size":20}}`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := searchBody(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(body)
			s := string(raw)
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("body lacks %s:\n%s", w, s)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(s, n) {
					t.Errorf("body has %s:\n%s", n, s)
				}
			}
		})
	}
	if _, err := searchBody(indexer.Query{From: -1}); !errors.Is(err, indexer.ErrBadQuery) {
		t.Errorf("negative from: %v", err)
	}
}

func TestConfigDefaults(t *testing.T) {
	c, err := Config{URLs: []string{"http://a:9200, http://b:9200"}, FlushInterval: 5 * time.Second}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.URLs, []string{"http://a:9200", "http://b:9200"}) || c.IndexPrefix != DefaultIndexPrefix ||
		c.FlushInterval != MaxFlushInterval || c.Workers != DefaultWorkers || c.FlushBytes != DefaultFlushBytes {
		t.Errorf("defaults: %+v", c)
	}
	for _, bad := range []Config{{}, {URLs: []string{"not a url"}}, {URLs: []string{"http://a"}, IndexPrefix: "Bad Name"}} {
		if _, err := bad.withDefaults(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if c.backoff(1) != DefaultRetryBackoff || c.backoff(3) != 4*DefaultRetryBackoff || c.backoff(30) != 5*time.Second {
		t.Errorf("backoff: %v %v %v", c.backoff(1), c.backoff(3), c.backoff(30))
	}
}
