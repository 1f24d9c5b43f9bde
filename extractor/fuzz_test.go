package extractor

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/pipeline"
)

// checkInvariants verifies what every extraction must satisfy.
func checkInvariants(t testing.TB, g *Gazetteer, text string, out pipeline.Extraction) {
	t.Helper()
	span := func(what string, s pipeline.Span) {
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			t.Fatalf("%s span out of range: %d-%d of %d", what, s.Start, s.End, len(text))
		}
		if text[s.Start:s.End] != s.Text && utf8.ValidString(text) {
			t.Fatalf("%s span text %q != %q", what, s.Text, text[s.Start:s.End])
		}
	}
	for _, gm := range out.Groups {
		for _, m := range gm.Mentions {
			span("mention", m)
		}
	}
	ids := map[string]bool{}
	for _, in := range out.Incidents {
		span("incident", in.Evidence)
		ids[in.ID] = true
	}
	for _, c := range out.Claims {
		span("claim", c.Evidence)
		if c.Confidence < 0 || c.Confidence > 1 {
			t.Fatalf("confidence %v", c.Confidence)
		}
		if c.Incident != nil && !ids[*c.Incident] {
			t.Fatalf("claim links unknown incident %s", *c.Incident)
		}
		if c.GroupID != nil {
			e, ok := g.Get(*c.GroupID)
			if !ok || e.Kind != pipeline.KindMilitant {
				t.Fatalf("claim for non-militant group %s", *c.GroupID)
			}
		}
		switch c.Status {
		case pipeline.StatusClaimed, pipeline.StatusDenied, pipeline.StatusAttributed, pipeline.StatusUnclaimed:
		default:
			t.Fatalf("status %q", c.Status)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Al-Shabaab claimed responsibility for the bombing in Mogadishu on Tuesday, killing 14.",
		"The Taliban denied claims that it carried out the attack.",
		"IS militants \xff\xfe attacked ＩＳＩＳ Lashar-e-Taiba’s",
		strings.Repeat("No group has claimed the blast. ", 50),
		"\x00\x01binary\x02",
		"", "’", "– — ;:()", "Hamas's", "ISIS-K s",
	} {
		f.Add(s, "2024-03-15")
	}
	e := fixtureExtractor(f)
	f.Fuzz(func(t *testing.T, text, published string) {
		out := e.Extract(Input{ID: "f", Text: text, Published: published})
		if out.Error != "" && text != "" {
			t.Fatalf("error on non-empty text: %s", out.Error)
		}
		if !utf8.ValidString(text) {
			text = repairUTF8(text)
		}
		checkInvariants(t, e.gaz, text, out)
	})
}

func FuzzRunJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Hamas claimed the attack."}` + "\n" + "garbage\n"))
	f.Add([]byte("\xff\xfe\n\n{}\n{\"id\":1}\n"))
	f.Add([]byte(`{"id":"x","html":"<p>IS fighters</p>"}`))
	e := fixtureExtractor(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		st, err := RunJSONL(context.Background(), bytes.NewReader(data), &out, e)
		if err != nil {
			t.Fatal(err)
		}
		n := bytes.Count(out.Bytes(), []byte("\n"))
		if n != st.Lines {
			t.Fatalf("%d output lines for %d input lines", n, st.Lines)
		}
	})
}

func TestHugeInput(t *testing.T) {
	e := fixtureExtractor(t)
	text := strings.Repeat("Al-Shabaab claimed responsibility for the bombing in Mogadishu. ", 40000) // ~2.6 MB
	out := e.Extract(Input{ID: "huge", Text: text})
	checkInvariants(t, e.gaz, text, out)
	if len(out.Claims) == 0 || len(out.Claims) > e.cfg.MaxClaims {
		t.Errorf("claims %d", len(out.Claims))
	}
	// one giant paragraph without spaces or newlines
	blob := strings.Repeat("x", 3<<20)
	checkInvariants(t, e.gaz, blob, e.Extract(Input{ID: "blob", Text: blob}))
}
