package export

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// hostile are texts that break naive CSV writers or inject formulas.
var hostile = []string{
	`plain, with "quotes", and commas`,
	"two\nlines and a\r\nCRLF",
	"=HYPERLINK(\"http://evil.example\",\"click\")",
	"+1 (555) 0100",
	"-2+3",
	"@SUM(A1:A9)",
	"\tindented",
	"\rcarriage",
	"ünïcödé — Kabul «quoted» 日本",
	`"`,
	"",
}

var (
	testGroups    = []string{"iskp", "taliban", "al-shabaab", "boko-haram", "ttp"}
	testTypes     = []string{"bombing", "armed_assault", "kidnapping", "assassination", "facility_attack", "unknown"}
	testCountries = []struct {
		cc       string
		city     string
		lat, lon float64
	}{{"AF", "Kabul", 34.53, 69.17}, {"SO", "Mogadishu", 2.04, 45.34}, {"NG", "Maiduguri", 11.85, 13.16}, {"ZA", "Cape Town", -33.92, 18.42}, {"PK", "", 30, 70}}
	testStatuses = []string{"claimed", "denied", "attributed", "unclaimed"}
	testCertain  = []string{"asserted", "suspected", "possible"}
	testChannels = []string{"", "Telegram", "video", "statement", "carrier pigeon"}
)

func sp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// testRecord is a deterministic synthetic record; its id sorts by i.
func testRecord(i int) pipeline.Record {
	id := fmt.Sprintf("%032x", i*7919+1)
	url := "https://news.example.org/a/" + strconv.Itoa(i)
	h := hostile[i%len(hostile)]
	r := pipeline.Record{
		SchemaVersion: pipeline.SchemaVersion,
		ID:            id,
		Lang:          "en",
		Article: pipeline.Article{
			SchemaVersion: pipeline.SchemaVersion, ID: id, URL: url, CanonicalURL: url,
			Source: "example", Title: fmt.Sprintf("%s #%d", h, i), Text: "Body " + h,
			Published: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%3650).Format("2006-01-02"),
			Lang:      "en", FetchedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		},
		ExtractedAt: time.Date(2024, 1, 2, 3, 5, 0, 0, time.UTC),
	}
	if i%10 == 9 { // some articles name nothing
		return r
	}
	g1, g2 := testGroups[i%len(testGroups)], testGroups[(i/3+1)%len(testGroups)]
	for _, g := range []string{g1, g2} {
		if !slices.ContainsFunc(r.Groups, func(m pipeline.GroupMention) bool { return m.ID == g }) {
			r.Groups = append(r.Groups, pipeline.GroupMention{ID: g, Name: strings.ToUpper(g), Kind: pipeline.KindMilitant,
				Mentions: []pipeline.Span{{Start: 0, End: len(g), Text: g}}})
		}
	}
	nInc := 1 + i%2
	for k := range nInc {
		c := testCountries[(i+k)%len(testCountries)]
		inc := pipeline.Incident{
			ID:       fmt.Sprintf("%s#%d", id, k+1),
			Type:     testTypes[(i+k)%len(testTypes)],
			Location: &pipeline.Location{Name: c.city, Country: c.cc, Lat: c.lat, Lon: c.lon},
			Suicide:  i%4 == 0,
			Targets:  []string{"military", "private_citizens_property"}[:1+i%2],
			Evidence: pipeline.Span{Start: 5, End: 5 + len(h), Text: "Attack: " + h},
		}
		if c.city == "" {
			inc.Location.Name = "Pakistan"
		}
		switch i % 3 {
		case 0:
			inc.Date, inc.DatePrecision = fmt.Sprintf("%04d-%02d-%02d", 2010+i%12, 1+i%12, 1+i%28), "day"
		case 1:
			inc.Date, inc.DatePrecision = fmt.Sprintf("%04d-%02d", 2010+i%12, 1+i%12), "month"
		}
		if i%5 != 0 {
			n := i % 40
			inc.Killed = &n
		}
		if i%7 == 0 {
			n := i % 90
			inc.Injured = &n
		}
		r.Incidents = append(r.Incidents, inc)
	}
	for k := range 1 + i%3 {
		g := []string{g1, g2, ""}[k]
		st := testStatuses[(i+k)%len(testStatuses)]
		if g == "" {
			st = pipeline.StatusUnclaimed
		}
		r.Claims = append(r.Claims, pipeline.Claim{
			GroupID:    sp(g),
			Status:     st,
			Certainty:  testCertain[(i+k)%len(testCertain)],
			Incident:   sp(r.Incidents[k%nInc].ID),
			Source:     sp([]string{"", "officials", "SITE Intelligence"}[(i+k)%3]),
			Channel:    sp(testChannels[(i+k)%len(testChannels)]),
			Evidence:   pipeline.Span{Start: 10, End: 10 + len(h), Text: "Claim: " + h},
			Confidence: float64((i+k)%100) / 100,
		})
	}
	return r
}

// genScanner is an indexer.Scanner over testRecord(0..n-1), generated on
// the fly (constant memory). Its query is ignored.
type genScanner struct {
	n int
	// cancelAt, when > 0, calls cancel after that many records were passed.
	cancelAt int
	cancel   context.CancelFunc
	seen     int
}

func (g *genScanner) Scan(ctx context.Context, _ indexer.Query, after string, batch int, fn func(pipeline.Record) error) (string, error) {
	start := 0
	if after != "" {
		v, err := strconv.ParseInt(after, 16, 64)
		if err != nil {
			return after, err
		}
		start = int((v-1)/7919) + 1
	}
	last := after
	for i := start; i < g.n; i++ {
		if err := ctx.Err(); err != nil {
			return last, err
		}
		r := testRecord(i)
		if err := fn(r); err != nil {
			return last, err
		}
		last = r.ID
		g.seen++
		if g.cancelAt > 0 && g.seen == g.cancelAt {
			g.cancel()
		}
	}
	return last, nil
}

// fakeCountries names a few countries.
type fakeCountries map[string]string

func (f fakeCountries) CountryName(code string) (string, bool) { n, ok := f[code]; return n, ok }

var testNamer = fakeCountries{"AF": "Afghanistan", "SO": "Somalia", "NG": "Nigeria", "ZA": "South Africa", "PK": "Pakistan"}

// testOptions are options for a test export into dir.
func testOptions(dir string, f Format) Options {
	return Options{Format: f, OutDir: dir, Batch: 16, PartRecords: 50, Countries: testNamer,
		SoftwareVersion: "test", GazetteerVersion: "g1",
		Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}
}
