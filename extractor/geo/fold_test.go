package geo

import "testing"

func TestFoldKey(t *testing.T) {
	tests := []struct {
		in, want string
		n        int
	}{
		{"Kabul", "kabul", 1},
		{"  New   York ", "new york", 2},
		{"Côte d’Ivoire", "cote d ivoire", 3},
		{"CÔTE D'IVOIRE", "cote d ivoire", 3},
		{"Łódź", "lodz", 1},
		{"Straße", "strasse", 1},
		{"São Paulo", "sao paulo", 2},
		{"Ṣanʿāʾ", "sana", 1},
		{"Port-au-Prince", "port au prince", 3},
		{"St. John's", "st john s", 3},
		{"Jalālābād", "jalalabad", 1},
		{"Diyarbakır", "diyarbakir", 1},
		{"Москва", "москва", 1},
		{"\xffKabul\xfe", "kabul", 1},
		{"", "", 0},
		{"--- ...", "", 0},
	}
	var tz tokenizer
	for _, tt := range tests {
		got, n := tz.foldKey(tt.in)
		if got != tt.want || n != tt.n {
			t.Errorf("foldKey(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.n)
		}
	}
}

func TestTokenizerSpans(t *testing.T) {
	text := "In Kyiv's north, KABUL-bound \xff Deir ez-Zor in Kabul. St. Louis"
	var tz tokenizer
	tz.run(text)
	want := []struct {
		surface         string
		upper, allUpper bool
		join, tight     bool
	}{
		{"In", true, false, false, false},
		{"Kyiv", true, false, true, false},
		{"s", false, false, true, true},
		{"north", false, false, true, false},
		{"KABUL", true, true, false, false}, // ", " holds a comma
		{"bound", false, false, true, true},
		{"Deir", true, false, false, false}, // invalid byte in the gap
		{"ez", false, false, true, false},
		{"Zor", true, false, true, true},
		{"in", false, false, true, false},
		{"Kabul", true, false, true, false},
		{"St", true, false, false, false}, // ". " after a long word ends the name
		{"Louis", true, false, true, false},
	}
	if len(tz.toks) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(tz.toks), len(want))
	}
	for i, w := range want {
		tok := tz.toks[i]
		if s := text[tok.start:tok.end]; s != w.surface || tok.upper != w.upper || tok.allUpper != w.allUpper ||
			tok.join != w.join || tok.tight != w.tight {
			t.Errorf("token %d = %q upper=%v allUpper=%v join=%v tight=%v; want %+v",
				i, s, tok.upper, tok.allUpper, tok.join, tok.tight, w)
		}
	}
}
