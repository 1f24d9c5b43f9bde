package indexer

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

func TestNewDocFlattens(t *testing.T) {
	r := record(spec{
		name:      "x",
		title:     "T",
		text:      "body",
		published: "2021-08-26T23:30:00-02:00", // 2021-08-27 in UTC
		groups:    []string{"ISKP", "taliban", "iskp"},
		claims:    []claim{{"iskp", "Claimed"}, {"taliban", "denied"}, {"", "unclaimed"}, {"ttp", "claimed"}},
		incidents: []incident{{"bombing", "af", 34.5, 69.2}, {"Bombing", "AF", 0, 0}, {"armed_assault", "", 91, 0}},
	})
	r.Article.CanonicalURL = "https://WWW.Example.org:8443/a?b=c"
	d, err := newDoc(&r)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	check("groups", d.Groups, []string{"iskp", "taliban", "ttp"})
	check("claim_status", d.ClaimStatus, []string{"claimed", "denied", "unclaimed"})
	check("claim_pair", d.ClaimPair, []string{"iskp:claimed", "taliban:denied", "ttp:claimed"})
	check("incident_type", d.Type, []string{"bombing", "armed_assault"})
	check("country", d.Country, []string{"AF"})
	check("location", d.Location, []string{"34.5,69.2"})
	if d.Published == nil || !d.Published.Equal(time.Date(2021, 8, 27, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("published = %v", d.Published)
	}
	if d.Month == nil || *d.Month != "2021-08" {
		t.Errorf("month = %v", d.Month)
	}
	if d.Host == nil || *d.Host != "example.org" {
		t.Errorf("host = %v", d.Host)
	}
	if d.Record == "" {
		t.Error("record JSON not kept")
	}
}

func TestNewDocNoDate(t *testing.T) {
	r := record(spec{name: "y", title: "T"})
	r.Article.Source = " "
	d, err := newDoc(&r)
	if err != nil {
		t.Fatal(err)
	}
	if d.Published != nil || d.Month != nil || d.Source != nil {
		t.Errorf("empty values indexed: published %v month %v source %v", d.Published, d.Month, d.Source)
	}
}

func TestNewDocInvalid(t *testing.T) {
	r := record(spec{name: "z"})
	r.ID = "  "
	if _, err := newDoc(&r); !errors.Is(err, ErrInvalidRecord) {
		t.Errorf("blank id: %v", err)
	}
	r = record(spec{name: "z", claims: []claim{{"a", "claimed"}}})
	r.Claims[0].Confidence = math.Inf(1)
	if _, err := newDoc(&r); !errors.Is(err, ErrInvalidRecord) {
		t.Errorf("infinite confidence: %v", err)
	}
}

func TestParsePublished(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2021-08-26T18:00:00Z", time.Date(2021, 8, 26, 18, 0, 0, 0, time.UTC), true},
		{"2021-08-26T18:00:00.5+02:00", time.Date(2021, 8, 26, 16, 0, 0, 5e8, time.UTC), true},
		{"2021-08-26T18:00:00", time.Date(2021, 8, 26, 18, 0, 0, 0, time.UTC), true},
		{"2021-08-26 18:00:00", time.Date(2021, 8, 26, 18, 0, 0, 0, time.UTC), true},
		{" 2021-08-26 ", time.Date(2021, 8, 26, 0, 0, 0, 0, time.UTC), true},
		{"2021-08", time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"26 August 2021", time.Time{}, false},
		{"2021-02-30", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parsePublished(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parsePublished(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidPoint(t *testing.T) {
	tests := []struct {
		lat, lon float64
		want     bool
	}{
		{34.5, 69.2, true}, {-90, 180, true}, {0, 0, false}, {0, 1, true},
		{90.1, 0, false}, {0, -180.5, false}, {math.NaN(), 1, false},
	}
	for _, tt := range tests {
		if got := validPoint(tt.lat, tt.lon); got != tt.want {
			t.Errorf("validPoint(%v, %v) = %v", tt.lat, tt.lon, got)
		}
	}
}

func TestHitFromRecordFallsBackToURL(t *testing.T) {
	r := pipeline.Record{ID: "a", Article: pipeline.Article{URL: "https://x/y"}}
	if h := hitFromRecord(&r, 1); h.URL != "https://x/y" || h.Groups != nil {
		t.Errorf("hit = %+v", h)
	}
}
