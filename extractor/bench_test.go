package extractor

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// syntheticGazetteer is the fixture plus n generated groups with
// multi-word names, acronyms and aliases.
func syntheticGazetteer(tb testing.TB, n int) *Gazetteer {
	tb.Helper()
	base := fixtureExtractor(tb).gaz.Entries()
	r := rand.New(rand.NewSource(1))
	heads := []string{"Brigades", "Front", "Movement", "Army", "Battalion", "Jamaat", "Ansar", "Harakat", "Liberation Council", "Mujahideen Shura"}
	syl := []string{"al", "ka", "ra", "mu", "sha", "ba", "ta", "hi", "za", "qa", "din", "ur", "lan", "mir", "tor", "vek", "sul", "noor"}
	word := func() string {
		k := 2 + r.Intn(3)
		var b strings.Builder
		for i := 0; i < k; i++ {
			b.WriteString(syl[r.Intn(len(syl))])
		}
		w := b.String()
		return strings.ToUpper(w[:1]) + w[1:]
	}
	seen := map[string]bool{}
	for i := 0; len(base) < n+15; i++ {
		name := word() + " " + word() + " " + heads[r.Intn(len(heads))]
		acr := fmt.Sprintf("X%c%c%d", 'A'+r.Intn(26), 'A'+r.Intn(26), i%10)
		alias := word() + "-e-" + word()
		if seen[normalizeString(name)] || seen[acr] || seen[normalizeString(alias)] {
			continue
		}
		seen[normalizeString(name)], seen[acr], seen[normalizeString(alias)] = true, true, true
		base = append(base, GroupEntry{ID: fmt.Sprintf("syn-%04d", i), Name: name, Kind: "militant", Aliases: []string{acr, alias}})
	}
	g, err := NewGazetteerFromEntries(base)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

const benchArticle = `KABUL, Afghanistan — A suicide bomber struck a crowded mosque in Kabul on Friday, killing at least 14 people and wounding 30 others, police said. No group immediately claimed responsibility, but the Islamic State Khorasan Province (ISKP) has carried out similar attacks on Shia worshippers in the past.
The Taliban denied any involvement in the bombing and said in a statement that its fighters were hunting the attackers. "We condemn this cowardly attack," a Taliban spokesman said on Twitter.
Later on Friday, ISKP claimed responsibility for the attack through its Amaq news agency, saying one of its fighters detonated an explosive vest among the worshippers. According to SITE Intelligence Group, the statement was posted on Telegram.
Officials blamed the Haqqani Network for a separate attack in Jalalabad on Thursday, in which gunmen opened fire on a police checkpoint, killing five officers. The Haqqani Network has not claimed the attack.
Analysts said the bombing bore the hallmarks of ISKP, which has been weakened by Taliban raids but remains capable of mass-casualty attacks. Some suggested that Lashkar-e-Taiba or Jaish-e-Mohammed may have provided support, though there was no evidence of that.
In neighbouring Pakistan, the Pakistani Taliban (TTP) said it carried out an ambush on a military convoy in North Waziristan that killed three soldiers. The army said 11 militants were killed in a subsequent operation.
Al-Shabaab, the Somali affiliate of al-Qaeda, rejected claims that it was behind a kidnapping of aid workers in Mogadishu last month. Boko Haram, meanwhile, abducted dozens of students from a school in Borno state on Monday.
If Hamas claims the rocket attack, Israeli officials said, they will respond. Whether the PKK would claim the bombing in Istanbul remained unclear. The football team's attack was praised after the match.
`

func BenchmarkExtract(b *testing.B) {
	g := syntheticGazetteer(b, 1000)
	e, err := New(g, fakePlaces{}, DefaultConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	text := benchArticle
	for len(text) < 5000 {
		text += benchArticle
	}
	text = text[:5000]
	in := Input{ID: "bench", Text: text, Published: "2024-03-15"}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = e.Extract(in)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func TestSyntheticGazetteerMatches(t *testing.T) {
	g := syntheticGazetteer(t, 1000)
	if g.Len() < 1000 {
		t.Fatalf("only %d groups", g.Len())
	}
	e, err := New(g, nil, DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	last := g.Entries()[g.Len()-1]
	text := "Fighters of the " + last.Name + " (" + last.Aliases[0] + ") claimed responsibility for the attack."
	out := e.Extract(Input{ID: "s", Text: text})
	if len(out.Groups) != 1 || out.Groups[0].ID != last.ID || len(out.Groups[0].Mentions) != 2 {
		t.Fatalf("groups %+v", out.Groups)
	}
	if len(out.Claims) != 1 || *out.Claims[0].GroupID != last.ID {
		t.Fatalf("claims %+v", out.Claims)
	}
	checkInvariants(t, g, benchArticle, e.Extract(Input{ID: "b", Text: benchArticle}))
}
