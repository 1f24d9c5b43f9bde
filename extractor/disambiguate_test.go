package extractor

import (
	"testing"

	"github.com/claimwatch/claimwatch/extractor/geo"
)

// placesAt is a place resolver that finds fixed names.
type placesAt map[string]string // surface -> ISO country

func (p placesAt) Find(text string) []PlaceMatch {
	var out []PlaceMatch
	for name, cc := range p {
		for i := 0; i+len(name) <= len(text); i++ {
			if text[i:i+len(name)] == name {
				out = append(out, PlaceMatch{Start: i, End: i + len(name), Place: geo.Place{Name: name, Country: cc, Kind: geo.KindCity}})
			}
		}
	}
	return out
}

// A name two groups share is the group of the country the article names,
// and of a year the group was active in.
func TestSharedNameFollowsPlaceAndYear(t *testing.T) {
	g, err := NewGazetteerFromEntries([]GroupEntry{
		{ID: "asl", Name: "Ansar al-Sharia in Libya", Kind: "militant", Aliases: []string{"Ansar al-Sharia"}, Ambiguous: []string{"Ansar al-Sharia"},
			Countries: []string{"LY"}, Active: []int{2012, 2017}},
		{ID: "ast", Name: "Ansar al-Sharia in Tunisia", Kind: "militant", Aliases: []string{"Ansar al-Sharia"}, Ambiguous: []string{"Ansar al-Sharia"},
			Countries: []string{"TN"}, Active: []int{2011, 2016}},
		{ID: "ijo", Name: "Islamic Jihad Organization", Kind: "militant", Aliases: []string{"Islamic Jihad"}, Ambiguous: []string{"Islamic Jihad"},
			Countries: []string{"LB"}, Active: []int{1982, 1992}},
		{ID: "pij", Name: "Palestinian Islamic Jihad", Kind: "militant", Aliases: []string{"Islamic Jihad"}, Ambiguous: []string{"Islamic Jihad"},
			Countries: []string{"PS", "IL", "LB"}, Active: []int{1981, 2026}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := New(g, placesAt{"Benghazi": "LY", "Tunis": "TN", "Beirut": "LB", "Gaza": "PS"}, DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text, published, want string
	}{
		{"Gunmen attacked a police station in Benghazi. Officials blamed Ansar al-Sharia militants.", "2013-09-12", "asl"},
		{"An opposition leader was shot dead in Tunis. The government blamed Ansar al-Sharia militants.", "2013-07-26", "ast"},
		{"A car bomb exploded in Beirut. The Islamic Jihad group claimed the bombing.", "1985-03-08", "ijo"},
		{"A car bomb exploded in Beirut. The Islamic Jihad group claimed the bombing.", "2015-03-08", "pij"}, // IJO no longer active
		{"Rockets were fired from Gaza. The Islamic Jihad movement said its fighters fired them.", "2023-10-20", "pij"},
		{"The Ansar al-Sharia militants attacked a checkpoint.", "", "asl"}, // nothing to decide by: the gazetteer's order
	} {
		out := ex.Extract(Input{ID: "t", Text: tc.text, Published: tc.published})
		if len(out.Groups) != 1 || out.Groups[0].ID != tc.want {
			var got []string
			for _, gm := range out.Groups {
				got = append(got, gm.ID)
			}
			t.Errorf("%q (%s): groups %v, want [%s]", tc.text, tc.published, got, tc.want)
		}
	}
}

// Two groups may share an alias only when both call it ambiguous.
func TestSharedAliasMustBeAmbiguous(t *testing.T) {
	_, err := NewGazetteerFromEntries([]GroupEntry{
		{ID: "a", Name: "Alpha Front", Kind: "militant", Aliases: []string{"Ansar"}, Ambiguous: []string{"Ansar"}},
		{ID: "b", Name: "Beta Front", Kind: "militant", Aliases: []string{"Ansar"}},
	})
	if err == nil {
		t.Error("a shared alias that one group does not call ambiguous was accepted")
	}
}
