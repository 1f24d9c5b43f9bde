package extractor

import "testing"

func TestDatelineEnd(t *testing.T) {
	tests := []struct {
		text string
		want string // the dateline's words, "" for none
	}{
		{"KABUL, May 8 (Reuters) - A bomb exploded.", "KABUL"},
		{"OUAGADOUGOU (Demo Wire) - Gunmen attacked Djibo.", "OUAGADOUGOU"},
		{"MOGADISHU - Gunmen stormed a hotel.", "MOGADISHU"},
		{"  DAR-ES-SALAAM — Police said.", "DAR-ES-SALAAM"},
		{"NEW YORK, Jan 2 - Shares rose.", "NEW YORK"},
		{"The Taliban said on Friday.", ""},
		{"US troops left Kabul.", ""},
		{"KABUL police said a bomb exploded.", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got := tc.text[:datelineEnd(tc.text)]
		if got != "" {
			got = got[len(got)-len(tc.want):]
		}
		if got != tc.want {
			t.Errorf("%q: dateline %q, want %q", tc.text, tc.text[:datelineEnd(tc.text)], tc.want)
		}
	}
}

// TestPlaceSkipsDateline: the dateline names where a story was filed; the
// attack's place is the one the sentence names, unless that is a small
// town of another country (a same-named place misread).
func TestPlaceSkipsDateline(t *testing.T) {
	places, err := DefaultPlaces()
	if err != nil {
		t.Skip(err)
	}
	tests := []struct{ text, want string }{
		{"OUAGADOUGOU (Wire) - Gunmen attacked the town of Djibo, killing 40.", "Djibo BF"},
		{"KABUL (Wire) - A bomb exploded at a school, killing 7.", "Kabul AF"},
		{"MOGADISHU (Wire) - Gunmen stormed a hotel near Lido beach, killing 21.", "Mogadishu SO"},
		{"LONDON (Wire) - Gunmen attacked a concert hall in Paris, killing 90.", "Paris FR"},
		{"Gunmen attacked the town of Djibo in Burkina Faso, killing 40.", "Djibo BF"},
	}
	for _, tc := range tests {
		pm := pickPlaceMatch(tc.text, places.Find(tc.text), 0, len(tc.text), nil)
		got := ""
		if pm != nil {
			got = pm.Place.Name + " " + pm.Place.Country
		}
		if got != tc.want {
			t.Errorf("%q: place %q, want %q", tc.text, got, tc.want)
		}
	}
}
