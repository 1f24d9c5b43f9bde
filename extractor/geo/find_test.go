package geo

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// found is a compact form of a Match for table tests.
type found struct {
	surface, country, kind string
}

func findAll(g *Gazetteer, text string) []found {
	var out []found
	for _, m := range g.Find(text) {
		out = append(out, found{text[m.Start:m.End], m.Place.Country, m.Place.Kind})
	}
	return out
}

func TestFind(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		name, text string
		want       []found
	}{
		{"single city", "A blast hit Kabul on Monday.",
			[]found{{"Kabul", "AF", KindCity}}},
		{"several", "Attacks in Jalalabad, Mogadishu and Maiduguri; a raid near Peshawar.",
			[]found{{"Jalalabad", "AF", KindCity}, {"Mogadishu", "SO", KindCity}, {"Maiduguri", "NG", KindCity}, {"Peshawar", "PK", KindCity}}},
		{"longest match", "Officials in New Delhi said.",
			[]found{{"New Delhi", "IN", KindCity}}},
		{"New York is the city", "Police in New York arrested a man.",
			[]found{{"New York", "US", KindCity}}},
		{"lower case not matched", "the kabul river and the word delhi",
			nil},
		{"all caps dateline", "KABUL (Reuters) - MOGADISHU, Somalia",
			[]found{{"KABUL", "AF", KindCity}, {"MOGADISHU", "SO", KindCity}, {"Somalia", "SO", KindCountry}}},
		{"common words", "Of the 40 attacks, Police said Hope remains. Nice weather; Mobile phones; a Split vote.",
			nil},
		{"person names", "Victoria Nuland met Jackson and Hamilton.",
			nil},
		{"armed groups", "Hamas and Hezbollah, the Taliban and Boko Haram.",
			nil},
		{"acronyms need capitals", "The US and UK; let us go; Us too; the U.S. said.",
			[]found{{"US", "US", KindCountry}, {"UK", "GB", KindCountry}, {"U.S.", "US", KindCountry}}},
		{"short all-caps words are acronyms", "The NER and NAK tools.",
			nil},
		{"hyphenated adjective", "Pakistan-based militants and Kabul-bound trucks",
			[]found{{"Pakistan", "PK", KindCountry}, {"Kabul", "AF", KindCity}}},
		{"possessive", "Kyiv's mayor and Nigeria’s army",
			[]found{{"Kyiv", "UA", KindCity}, {"Nigeria", "NG", KindCountry}}},
		{"alternate spelling", "Shelling near Kiev and in Sanaa.",
			[]found{{"Kiev", "UA", KindCity}, {"Sanaa", "YE", KindCity}}},
		{"connector words", "Jammu and Kashmir, Deir ez-Zor, Bosnia and Herzegovina, Côte d'Ivoire",
			[]found{{"Jammu and Kashmir", "IN", KindAdmin1}, {"Deir ez-Zor", "SY", KindCity}, {"Bosnia and Herzegovina", "BA", KindCountry}, {"Côte d'Ivoire", "CI", KindCountry}}},
		{"lower-case word of the name", "Shelling in the Donetsk region.",
			[]found{{"Donetsk region", "UA", KindAdmin1}}},
		{"glued words", "Port-au-Prince and Nuku'alofa",
			[]found{{"Port-au-Prince", "HT", KindCity}, {"Nuku'alofa", "TO", KindCity}}},
		{"no name across a comma; the namesake in the named country", "Paris, Texas",
			[]found{{"Paris", "US", KindCity}, {"Texas", "US", KindAdmin1}}},
		{"a namesake in the country named", "A bomb hit Tripoli, Lebanon, on Friday.",
			[]found{{"Tripoli", "LB", KindCity}, {"Lebanon", "LB", KindCountry}}},
		{"an unknown town placed in another country", "Militants stormed Palma in Cabo Delgado, Mozambique.",
			[]found{{"Cabo Delgado", "MZ", KindAdmin1}, {"Mozambique", "MZ", KindCountry}}},
		{"an unknown beach placed in a city", "Gunmen attacked a hotel on the Lido beach in Mogadishu.",
			[]found{{"Mogadishu", "SO", KindCity}}},
		{"a list is not a placing", "Attacks in Kabul, Pakistan and India.",
			[]found{{"Kabul", "AF", KindCity}, {"Pakistan", "PK", KindCountry}, {"India", "IN", KindCountry}}},
		{"no name across a line break", "New\nDelhi",
			[]found{{"Delhi", "IN", KindCity}}},
		{"regions", "Fighting in North Waziristan, Borno State, Lower Shabelle and the Gaza Strip.",
			[]found{{"North Waziristan", "PK", KindAdmin1}, {"Borno State", "NG", KindAdmin1}, {"Lower Shabelle", "SO", KindAdmin1}, {"Gaza Strip", "PS", KindAdmin1}}},
		{"country alternates", "Burma, DR Congo, Ivory Coast and Syria",
			[]found{{"Burma", "MM", KindCountry}, {"DR Congo", "CD", KindCountry}, {"Ivory Coast", "CI", KindCountry}, {"Syria", "SY", KindCountry}}},
		{"capitalised lower-case connector is not a name start", "And Kabul",
			[]found{{"Kabul", "AF", KindCity}}},
		{"invalid UTF-8 separates", "\xffKabul\xfe\xfdPeshawar\xff",
			[]found{{"Kabul", "AF", KindCity}, {"Peshawar", "PK", KindCity}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findAll(g, tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("Find(%q) = %v, want %v", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Find(%q)[%d] = %v, want %v", tt.text, i, got[i], tt.want[i])
				}
			}
		})
	}
}

// checkMatches verifies the invariants of Find on any text.
func checkMatches(t *testing.T, g *Gazetteer, text string, ms []Match) {
	t.Helper()
	prev := 0
	for _, m := range ms {
		if m.Start < prev || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("bad or overlapping span [%d,%d) after %d in %d bytes", m.Start, m.End, prev, len(text))
		}
		prev = m.End
		surface := text[m.Start:m.End]
		if !utf8.ValidString(surface) {
			t.Errorf("surface %q is not valid UTF-8", surface)
		}
		if m.Start > 0 {
			if r, _ := utf8.DecodeLastRuneInString(text[:m.Start]); r != utf8.RuneError && isWord(r) && !isSilent(r) {
				t.Errorf("match %q starts inside a word", surface)
			}
		}
		got := g.Lookup(surface)
		if len(got) == 0 || got[0] != m.Place {
			t.Errorf("surface %q: Lookup gives %v, Find gave %v", surface, got, m.Place)
		}
	}
}

func TestFindNews(t *testing.T) {
	g := mustLoad(t)
	b, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	ms := g.Find(text)
	checkMatches(t, g, text, ms)
	seen := map[string]bool{}
	for _, m := range ms {
		seen[text[m.Start:m.End]] = true
	}
	for _, want := range []string{"KABUL", "Jalalabad", "Nangarhar Province", "Peshawar", "Khyber Pakhtunkhwa",
		"Quetta", "Balochistan", "MOGADISHU", "Lower Shabelle", "Maiduguri", "Borno State", "Deir ez-Zor",
		"Donetsk region", "Khan Younis", "West Bank", "North Kivu", "New Delhi", "Jammu and Kashmir", "Washington",
		"Cabo Delgado", "Tigray", "South Lebanon", "Sinjar", "Jenin"} {
		if !seen[want] {
			t.Errorf("Find missed %q", want)
		}
	}
	for _, bad := range []string{"Victoria", "Nice", "Mobile", "Of", "Hope", "Police", "Hamas", "Africa", "March", "Delhi", "Red Sea"} {
		if seen[bad] {
			t.Errorf("Find matched %q", bad)
		}
	}
}

func TestFindHuge(t *testing.T) {
	g := mustLoad(t)
	var sb strings.Builder
	for sb.Len() < 4<<20 {
		sb.WriteString("Gunmen in Kabul \xff\xfe attacked New Delhi and KABUL-- Jammu and ")
	}
	text := sb.String()
	ms := g.Find(text)
	if len(ms) < 100000 {
		t.Errorf("Find on 4 MB found %d matches", len(ms))
	}
	checkMatches(t, g, text[:4096], g.Find(text[:4096]))
}

func FuzzFind(f *testing.F) {
	g := mustLoad(f)
	for _, s := range []string{
		"", "Kabul", "New Delhi", "U.S.", "Côte d'Ivoire", "\xffKabul\xff", "Deir ez-Zor",
		"KABUL (Reuters) - MOGADISHU", "Ṣanʿāʾ", "Nuku'alofa ʿ", "St. John's", "Jammu and Kashmir",
		"New\u00a0York", "A.B.C.D.E.F.G", strings.Repeat("New ", 50),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkMatches(t, g, text, g.Find(text))
	})
}

func BenchmarkFind(b *testing.B) {
	g := mustLoad(b)
	data, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		g.Find(text)
	}
}
