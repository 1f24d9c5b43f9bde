package geo

import (
	"errors"
	"math"
	"testing"
)

func mustLoad(tb testing.TB) *Gazetteer {
	tb.Helper()
	g, err := Load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return g
}

func TestLoadOnce(t *testing.T) {
	g1 := mustLoad(t)
	g2 := mustLoad(t)
	if g1 != g2 {
		t.Error("Load parsed the data twice")
	}
	if n := g1.Len(); n < 30000 {
		t.Errorf("Len = %d, want at least 30000 places", n)
	}
}

func TestLookup(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		name     string
		country  string
		kind     string
		lat, lon float64 // expected position of the first result, within tol degrees
		tol      float64
	}{
		{"Kabul", "AF", KindCity, 34.5, 69.2, 0.5},
		{"KABUL", "AF", KindCity, 34.5, 69.2, 0.5},
		{"Jalalabad", "AF", KindCity, 34.4, 70.4, 0.5},
		{"Mogadishu", "SO", KindCity, 2.0, 45.3, 0.5},
		{"Maiduguri", "NG", KindCity, 11.8, 13.2, 0.5},
		{"Peshawar", "PK", KindCity, 34.0, 71.6, 0.5},
		{"New York", "US", KindCity, 40.7, -74.0, 0.5},
		{"Washington", "US", KindCity, 38.9, -77.0, 0.5},
		{"Kiev", "UA", KindCity, 50.45, 30.5, 0.5},
		{"Kyiv", "UA", KindCity, 50.45, 30.5, 0.5},
		{"New Delhi", "IN", KindCity, 28.6, 77.2, 0.5},
		{"Sana'a", "YE", KindCity, 15.4, 44.2, 0.5},
		{"Côte d’Ivoire", "CI", KindCountry, 0, 0, -1},
		{"cote d'ivoire", "CI", KindCountry, 0, 0, -1},
		{"Ivory Coast", "CI", KindCountry, 0, 0, -1},
		{"Burma", "MM", KindCountry, 0, 0, -1},
		{"DR Congo", "CD", KindCountry, 0, 0, -1},
		{"Democratic Republic of the Congo", "CD", KindCountry, 0, 0, -1},
		{"Syria", "SY", KindCountry, 33.5, 36.3, 0.5},
		{"Afghanistan", "AF", KindCountry, 34.5, 69.2, 0.5},
		{"Kashmir", "IN", KindAdmin1, 0, 0, -1},
		{"Jammu and Kashmir", "IN", KindAdmin1, 0, 0, -1},
		{"Balochistan", "PK", KindAdmin1, 0, 0, -1},
		{"Khyber Pakhtunkhwa", "PK", KindAdmin1, 0, 0, -1},
		{"Borno", "NG", KindAdmin1, 0, 0, -1},
		{"Sinai", "EG", KindAdmin1, 0, 0, -1},
		{"West Bank", "PS", KindAdmin1, 0, 0, -1},
		{"Gaza", "PS", KindAdmin1, 31.4, 34.4, 0.5},
		{"Georgia", "GE", KindCountry, 0, 0, -1},
		{"Tripoli", "LY", KindCity, 32.9, 13.2, 0.5},
		{"Nice", "FR", KindCity, 43.7, 7.3, 0.5}, // Lookup knows names that Find skips
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := g.Lookup(tt.name)
			if len(got) == 0 {
				t.Fatalf("Lookup(%q) = nil", tt.name)
			}
			p := got[0]
			if p.Country != tt.country || p.Kind != tt.kind {
				t.Errorf("Lookup(%q)[0] = %s %s %s, want %s %s", tt.name, p.Name, p.Country, p.Kind, tt.country, tt.kind)
			}
			if tt.tol > 0 && (math.Abs(p.Lat-tt.lat) > tt.tol || math.Abs(p.Lon-tt.lon) > tt.tol) {
				t.Errorf("Lookup(%q)[0] at %.2f,%.2f, want near %.2f,%.2f", tt.name, p.Lat, p.Lon, tt.lat, tt.lon)
			}
			for i := 1; i < len(got); i++ {
				if kindRank(got[i].Kind) < kindRank(got[i-1].Kind) {
					t.Errorf("Lookup(%q): %s %s ranked after %s %s", tt.name, got[i].Kind, got[i].Name, got[i-1].Kind, got[i-1].Name)
				}
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	g := mustLoad(t)
	for _, name := range []string{"", "   ", "Xqzzyville", "Kabulistanabad", "\xff\xfe"} {
		if got := g.Lookup(name); got != nil {
			t.Errorf("Lookup(%q) = %v, want nil", name, got)
		}
	}
}

func TestLookupPopulationOrder(t *testing.T) {
	g := mustLoad(t)
	// several cities of the same name: the larger first
	for _, name := range []string{"Hyderabad", "Alexandria", "Paris", "San Jose", "Birmingham"} {
		got := g.Lookup(name)
		if len(got) < 2 {
			t.Fatalf("Lookup(%q) = %d places, want several", name, len(got))
		}
		if got[0].Population < got[1].Population && got[0].Kind == got[1].Kind {
			t.Errorf("Lookup(%q): %s (%d) before %s (%d)", name, got[0].Name, got[0].Population, got[1].Name, got[1].Population)
		}
	}
}

func TestCountryName(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		code, want string
		ok         bool
	}{
		{"AF", "Afghanistan", true},
		{"af", "Afghanistan", true},
		{"SO", "Somalia", true},
		{"NL", "Netherlands", true},
		{"PS", "Palestinian Territories", true},
		{"XX", "", false},
		{"", "", false},
		{"CS", "", false}, // dissolved Serbia and Montenegro is dropped
	}
	for _, tt := range tests {
		got, ok := g.CountryName(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CountryName(%q) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCountries(t *testing.T) {
	g := mustLoad(t)
	cs := g.Countries()
	if len(cs) < 230 {
		t.Fatalf("Countries() = %d, want at least 230", len(cs))
	}
	for i, c := range cs {
		if c.Kind != KindCountry || len(c.Country) != 2 || c.Name == "" {
			t.Errorf("bad country %+v", c)
		}
		if i > 0 && cs[i-1].Country >= c.Country {
			t.Errorf("Countries not strictly ordered at %s, %s", cs[i-1].Country, c.Country)
		}
		if c.Lat == 0 && c.Lon == 0 {
			t.Errorf("country %s has no position", c.Country)
		}
	}
	cs[0].Name = "changed"
	if g.Countries()[0].Name == "changed" {
		t.Error("Countries returns shared storage")
	}
}

func TestParseErrors(t *testing.T) {
	if _, err := parse([]byte("not gzip")); !errors.Is(err, ErrBadData) {
		t.Error("parse(not gzip) succeeded")
	}
	bad := []string{
		"",
		"# only a comment\n",
		"C\tAF\t34.5\t69.2\t100\tAfghanistan\n", // 6 fields
		"X\tAF\t34.5\t69.2\t100\tAfghanistan\t\n",  // bad kind
		"C\tAFG\t34.5\t69.2\t100\tAfghanistan\t\n", // bad code
		"C\tAF\t134.5\t69.2\t100\tAfghanistan\t\n", // bad latitude
		"C\tAF\t34.5\tx\t100\tAfghanistan\t\n",     // bad longitude
		"C\tAF\t34.5\t69.2\t-1\tAfghanistan\t\n",   // bad population
		"P\tAF\t34.5\t69.2\t100\tKabul\t\n",        // no country
		"C\tAF\t34.5\t69.2\t100\t~\t\n",            // empty name
	}
	for _, data := range bad {
		if _, err := parseTSV(data); !errors.Is(err, ErrBadData) {
			t.Errorf("parseTSV(%q) = %v, want ErrBadData", data, err)
		}
	}
	g, err := parseTSV("C\tAF\t34.5\t69.2\t100\tAfghanistan\t=AFG|Afghan State\nP\tAF\t34.5\t69.2\t5\tKabul\t~Kabool\n")
	if err != nil {
		t.Fatalf("parseTSV: %v", err)
	}
	if got := g.Lookup("kabool"); len(got) != 1 || got[0].Name != "Kabul" {
		t.Errorf("Lookup(kabool) = %v", got)
	}
	if got := g.Find("Kabool and Kabul, AFG and Afg"); len(got) != 2 || got[0].Place.Name != "Kabul" || got[1].Place.Name != "Afghanistan" {
		t.Errorf("Find = %+v, want Kabul then Afghanistan", got)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parse(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
