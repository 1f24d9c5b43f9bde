package extractor

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/claimwatch/claimwatch/pipeline"
)

// mentionsOf runs Extract and returns "id=surface" for every mention.
func mentionsOf(t *testing.T, text string) []string {
	t.Helper()
	out := fixtureExtractor(t).Extract(Input{ID: "m", Text: text})
	var got []string
	for _, g := range out.Groups {
		for _, m := range g.Mentions {
			if text[m.Start:m.End] != m.Text {
				t.Fatalf("span %d:%d text %q != %q", m.Start, m.End, m.Text, text[m.Start:m.End])
			}
			got = append(got, g.ID+"="+m.Text)
		}
	}
	return got
}

func TestGroupMatching(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"canonical name", "Lashkar-e-Taiba is based in Pakistan.", []string{"lashkar-e-taiba=Lashkar-e-Taiba"}},
		{"hyphen space folding", "Lashkar e Taiba and Lashkar-e Taiba", []string{"lashkar-e-taiba=Lashkar e Taiba", "lashkar-e-taiba=Lashkar-e Taiba"}},
		{"non-breaking hyphen and NBSP", "Lashkar\u2011e\u2011Taiba and Al\u00a0Qaeda", []string{"lashkar-e-taiba=Lashkar\u2011e\u2011Taiba", "al-qaida=Al\u00a0Qaeda"}},
		{"curly apostrophe in name", "al-Qa’ida fighters", []string{"al-qaida=al-Qa’ida"}},
		{"diacritics", "Al-Shabâab attacked", []string{"al-shabaab=Al-Shabâab"}},
		{"fullwidth NFKC", "ＩＳＩＳ fighters", []string{"islamic-state=ＩＳＩＳ"}},
		{"possessive", "Hamas's leaders and Hamas’ allies", []string{"hamas=Hamas", "hamas=Hamas"}},
		{"plural", "the Haqqanis and the Talibans", []string{"haqqani-network=Haqqanis", "taliban=Talibans"}},
		{"no plural of multi-word names", "Islamic States in the region", nil},
		{"word boundary", "Hamasville and Talibanisation are not groups", nil},
		{"longest match wins", "Tehrik-e-Taliban Pakistan", []string{"tehrik-i-taliban-pakistan=Tehrik-e-Taliban Pakistan"}},
		{"acronym case-sensitive", "the ttp and the TTP", []string{"tehrik-i-taliban-pakistan=TTP"}},
		{"mixed-case abbreviation", "let them go; LeT cadres", []string{"lashkar-e-taiba=LeT"}},
		{"capitalised name in lower case is a concept", "an islamic state ruled by law", nil},
		{"ambiguous IS without context", "What IS the matter", nil},
		{"ambiguous IS with context after", "IS militants attacked", []string{"islamic-state=IS"}},
		{"ambiguous IS claimed by", "the attack was claimed by IS.", []string{"islamic-state=IS"}},
		{"ambiguous IS said", "IS said it", []string{"islamic-state=IS"}},
		{"state kind", "Pakistan's ISI denied it", []string{"pakistan-isi=ISI"}},
		{"ALL CAPS text", "TALIBAN FIGHTERS AND AL-SHABAAB", []string{"taliban=TALIBAN", "al-shabaab=AL-SHABAAB"}},
		{"ALL CAPS no mixed-case abbreviation", "LET US PRAY FOR KABUL", nil},
		{"ALL CAPS ambiguous needs strong context", "THIS IS WHERE IS FIGHTERS FOUGHT", []string{"islamic-state=IS"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mentionsOf(t, tc.text)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%q\n got  %v\n want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestFuzzyMatching(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"one deletion", "Lashar-e-Taiba operatives", []string{"lashkar-e-taiba=Lashar-e-Taiba"}},
		{"one substitution", "Jaish-e-Mohammad and Hizbul Mujahidin", []string{"jaish-e-mohammed=Jaish-e-Mohammad", "hizbul-mujahideen=Hizbul Mujahidin"}},
		{"lower case not fuzzy", "lashar-e-taiba", nil},
		{"short names never fuzzy", "Hamaz and Talibun", nil},
		{"too far", "Lashkar-e-Toyota", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mentionsOf(t, tc.text)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%q\n got  %v\n want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestUnknownGroups(t *testing.T) {
	out := fixtureExtractor(t).Extract(Input{ID: "u", Text: "Gunmen from the Ansar Martyrs Brigades claimed responsibility. The Pakistan Army responded."})
	var unknown []string
	for _, g := range out.Groups {
		if g.Kind == pipeline.KindUnknown {
			unknown = append(unknown, g.Mentions[0].Text)
		}
	}
	if strings.Join(unknown, "|") != "Ansar Martyrs Brigades" {
		t.Errorf("unknown groups %v", unknown)
	}
	for _, c := range out.Claims {
		if c.GroupID != nil && strings.HasPrefix(*c.GroupID, "unknown") {
			t.Errorf("unknown group in claims: %v", *c.GroupID)
		}
	}
}

func TestLoadGazetteerValidation(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr []string
	}{
		{"ok", "groups:\n- {id: a, name: Alpha Front, kind: militant}\n- {id: b, name: Beta, kind: state, parents: [a]}\n", nil},
		{"duplicate id", "groups:\n- {id: a, name: Alpha}\n- {id: a, name: Alpha Two}\n", []string{"duplicate id"}},
		{"unknown kind", "groups:\n- {id: a, name: Alpha, kind: wizard}\n", []string{"unknown kind"}},
		{"unknown parent", "groups:\n- {id: a, name: Alpha, parents: [zz]}\n", []string{"unknown parent"}},
		{"alias collision", "groups:\n- {id: a, name: Alpha Front, aliases: [AF]}\n- {id: b, name: Beta, aliases: [Alpha-Front]}\n", []string{"alias collision", "alpha front"}},
		{"bad id", "groups:\n- {id: A B, name: Alpha}\n", []string{"id must match"}},
		{"ambiguous not an alias", "groups:\n- {id: a, name: Alpha, ambiguous: [XX]}\n", []string{"ambiguous alias"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"groups.yaml": {Data: []byte("groups: []\n")}, "groups.d/10-x.yaml": {Data: []byte(tc.yaml)}}
			g, err := LoadGazetteer(fsys)
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if g.Len() != 2 || g.Entries()[0].ID != "a" {
					t.Fatalf("entries %v", g.Entries())
				}
				if e, ok := g.Get("b"); !ok || e.Kind != "state" {
					t.Fatalf("Get(b) = %v %v", e, ok)
				}
				return
			}
			if err == nil {
				t.Fatal("want error")
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestNormalizeOffsets(t *testing.T) {
	texts := []string{"Al\u00a0Qa’ida’s “fighters” — ＩＳＩＳ", "e\u0301cole Hamas's", "\xff\xfe bad", ""}
	for _, s := range texts {
		n := normalize(s)
		if len(n.start) != len(n.s) || len(n.end) != len(n.s) {
			t.Fatalf("%q: offset arrays %d %d for %d bytes", s, len(n.start), len(n.end), len(n.s))
		}
		for i := range n.s {
			if n.start[i] < 0 || int(n.end[i]) > len(s) || n.start[i] >= n.end[i] {
				t.Fatalf("%q: bad offsets at %d: %d-%d", s, i, n.start[i], n.end[i])
			}
			if i > 0 && n.start[i] < n.start[i-1] {
				t.Fatalf("%q: offsets not monotonic at %d", s, i)
			}
		}
	}
	if got := normalizeString("Lashkar‑e‑Taiba’s"); got != "lashkar e taiba s" {
		t.Errorf("normalizeString = %q", got)
	}
}

func TestCaseSensitiveAlias(t *testing.T) {
	for s, want := range map[string]bool{"IS": true, "TTP": true, "ISIL-K": true, "LeT": true, "JeM": true, "Hamas": false,
		"ISKPXY": false, "Al Qaeda": false, "Daesh": false, "al-Shabaab": false} {
		if got := caseSensitiveAlias(s); got != want {
			t.Errorf("caseSensitiveAlias(%q) = %v", s, got)
		}
	}
}

func TestAutomaton(t *testing.T) {
	ac := newAutomaton([]string{"he", "she", "his", "hers", "is"})
	var got []string
	ac.findAll("ushers this", func(m acMatch) { got = append(got, "ushers this"[m.Start:m.End]) })
	want := "she|he|hers|his|is"
	if strings.Join(got, "|") != want {
		t.Errorf("got %v want %s", got, want)
	}
}

// An ambiguous name of several ordinary words ("Islamic Jihad", which is
// also a concept) is the group before a group noun, not elsewhere.
func TestAmbiguousMultiwordBeforeGroupNoun(t *testing.T) {
	g, err := NewGazetteerFromEntries([]GroupEntry{{ID: "pij", Name: "Palestinian Islamic Jihad", Kind: "militant",
		Aliases: []string{"Islamic Jihad"}, Ambiguous: []string{"Islamic Jihad"}}})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := New(g, fakePlaces{}, DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Two rockets hit the town. The Islamic Jihad movement said its fighters fired them.", true},
		{"Officials said the Islamic Jihad group had fired the rockets.", true},
		{"Scholars debated the meaning of Islamic Jihad in the medieval texts.", false},
		{"He wrote a book, Islamic Jihad and Modern Politics, last year.", false},
		{"BEIRUT (WIRE) - A CAR BOMB EXPLODED NEAR A MOSQUE. ISLAMIC JIHAD CLAIMED RESPONSIBILITY.", true},
		{"BEIRUT (WIRE) - SCHOLARS DEBATED ISLAMIC JIHAD IN MEDIEVAL TEXTS AT THE CONFERENCE.", false},
		{"Islamic jihad was the theme. The conference said little else.", false}, // the alias's capitals are missing
	} {
		out := ex.Extract(Input{ID: "t", Text: tc.text})
		if got := len(out.Groups) > 0; got != tc.want {
			t.Errorf("%q: group found %v, want %v", tc.text, got, tc.want)
		}
	}
}
