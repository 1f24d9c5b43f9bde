package extractor

import (
	"strings"
	"testing"
)

func TestTitleOnlyGroups(t *testing.T) {
	e := fixtureExtractor(t)
	out := e.Extract(Input{ID: "t", Title: "Boko Haram blamed for Borno raid", Text: "Gunmen attacked a village on Monday."})
	found := false
	for _, g := range out.Groups {
		if g.ID == "boko-haram" {
			found = true
			if len(g.Mentions) != 0 {
				t.Errorf("title-only group has mentions with offsets outside the text: %v", g.Mentions)
			}
		}
	}
	if !found {
		t.Errorf("title group missing: %+v", out.Groups)
	}
	// a title repeated at the head of the text is not counted twice
	out = e.Extract(Input{ID: "t2", Title: "Hamas statement", Text: "Hamas statement\n\nHamas said nothing."})
	if len(out.Groups) != 1 || len(out.Groups[0].Mentions) != 2 {
		t.Errorf("groups %+v", out.Groups)
	}
}

func TestHTMLText(t *testing.T) {
	got := htmlText(`<html><head><title>T</title><style>p{}</style></head><body><nav>Menu IS</nav><p>Al-Shabaab <b>claimed</b> it.</p><script>var x="Hamas"</script><p>Second</p></body></html>`)
	if strings.Contains(got, "Hamas") || strings.Contains(got, "Menu") || !strings.Contains(got, "Al-Shabaab claimed it.") || !strings.Contains(got, "\nSecond") {
		t.Errorf("htmlText = %q", got)
	}
}

func TestSentenceSplitting(t *testing.T) {
	sp, err := newSentenceSplitter()
	if err != nil {
		t.Fatal(err)
	}
	text := "Title line\n\nMr. Smith said the U.S. embassy was hit.  A second sentence follows! Third?\n" + strings.Repeat("word, ", 400)
	segs := sp.split(text)
	var got []string
	for _, s := range segs {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			t.Fatalf("bad segment %v", s)
		}
		if len(text[s.Start:s.End]) > maxSentence {
			t.Fatalf("segment longer than maxSentence: %d", s.End-s.Start)
		}
		got = append(got, text[s.Start:s.End])
	}
	if len(got) < 5 || got[0] != "Title line" || got[1] != "Mr. Smith said the U.S. embassy was hit." || got[2] != "A second sentence follows!" || got[3] != "Third?" {
		t.Errorf("sentences %q", got[:min(len(got), 5)])
	}
}

func TestDetectLang(t *testing.T) {
	if detectLang("The attack was claimed by the group in a statement on Monday, officials said, and the police said that it was over.") != "en" {
		t.Error("English not detected")
	}
	if detectLang(strings.Repeat("Der Anschlag wurde von einer Gruppe verübt, sagte die Polizei am Montag. ", 5)) != "und" {
		t.Error("German taken for English")
	}
}
