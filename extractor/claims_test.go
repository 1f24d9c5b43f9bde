package extractor

import (
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/claimwatch/claimwatch/pipeline"
)

var (
	testExOnce sync.Once
	testEx     *Extractor
	testExErr  error
)

// fixtureExtractor is an extractor over testdata/groups.yaml with a fake
// place resolver, built once for all tests of the package.
func fixtureExtractor(t testing.TB) *Extractor {
	t.Helper()
	testExOnce.Do(func() {
		g, err := LoadGazetteer(os.DirFS("testdata"))
		if err != nil {
			testExErr = err
			return
		}
		testEx, testExErr = New(g, fakePlaces{}, DefaultConfig(), nil)
	})
	if testExErr != nil {
		t.Fatal(testExErr)
	}
	return testEx
}

// fakePlaces knows a handful of places, found as whole words.
type fakePlaces struct{}

var fakePlaceList = []Place{
	{Name: "Kabul", Country: "AF", Lat: 34.53, Lon: 69.17, Kind: "city"},
	{Name: "Jalalabad", Country: "AF", Lat: 34.43, Lon: 70.45, Kind: "city"},
	{Name: "Mogadishu", Country: "SO", Lat: 2.04, Lon: 45.34, Kind: "city"},
	{Name: "Maiduguri", Country: "NG", Lat: 11.85, Lon: 13.16, Kind: "city"},
	{Name: "Peshawar", Country: "PK", Lat: 34.01, Lon: 71.58, Kind: "city"},
	{Name: "Borno", Country: "NG", Kind: "admin1"},
	{Name: "Afghanistan", Country: "AF", Kind: "country"},
	{Name: "Pakistan", Country: "PK", Kind: "country"},
}

func (fakePlaces) Find(text string) []PlaceMatch {
	var out []PlaceMatch
	for _, p := range fakePlaceList {
		for off := 0; ; {
			i := strings.Index(text[off:], p.Name)
			if i < 0 {
				break
			}
			s := off + i
			e := s + len(p.Name)
			if (s == 0 || !isWordByte(text[s-1])) && (e == len(text) || !isWordByte(text[e])) {
				out = append(out, PlaceMatch{Start: s, End: e, Place: p})
			}
			off = e
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// claimSet renders claims as "group/status[/certainty]" sorted, with "-" for no group.
func claimSet(cs []pipeline.Claim) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		g := "-"
		if c.GroupID != nil {
			g = *c.GroupID
		}
		s := g + "/" + c.Status
		if c.Status == pipeline.StatusAttributed {
			s += "/" + c.Certainty
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func TestClaimPolarity(t *testing.T) {
	e := fixtureExtractor(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"claimed responsibility", "Al-Shabaab claimed responsibility for the bombing in Mogadishu on Tuesday.", []string{"al-shabaab/claimed"}},
		{"took responsibility", "The Pakistani Taliban took responsibility for the attack.", []string{"tehrik-i-taliban-pakistan/claimed"}},
		{"claimed the attack", "Boko Haram claimed the attack in a video released on Friday.", []string{"boko-haram/claimed"}},
		{"passive claimed by", "The bombing was claimed by Al-Shabaab.", []string{"al-shabaab/claimed"}},
		{"responsibility was claimed by", "Responsibility for the blast was claimed by the TTP.", []string{"tehrik-i-taliban-pakistan/claimed"}},
		{"said it carried out", "Hamas said it carried out the rocket attack.", []string{"hamas/claimed"}},
		{"said in a statement that its fighters", "Al-Shabaab said in a statement that its fighters had carried out the raid.", []string{"al-shabaab/claimed"}},
		{"reported speech", "Officials said the TTP claimed responsibility for the attack.", []string{"tehrik-i-taliban-pakistan/claimed"}},
		{"coordination or", "The attack was claimed by Lashkar-e-Taiba or Jaish-e-Mohammed.", []string{"jaish-e-mohammed/claimed", "lashkar-e-taiba/claimed"}},
		{"generic the group", "Al-Shabaab fighters stormed the hotel. The group later claimed responsibility for the attack.", []string{"al-shabaab/claimed"}},
		{"pronoun it", "Boko Haram has been active in Borno. It claimed responsibility for the bombing.", []string{"boko-haram/claimed"}},

		{"denied involvement", "The Taliban denied any involvement in the attack.", []string{"taliban/denied"}},
		{"denied claims that it carried out", "The Taliban denied claims that it carried out the bombing.", []string{"taliban/denied"}},
		{"rejected claims", "Hamas rejected claims that it was behind the attack.", []string{"hamas/denied"}},
		{"denied responsibility", "The TTP denied responsibility for the school attack in Peshawar.", []string{"tehrik-i-taliban-pakistan/denied"}},
		{"said it was not involved", "The Taliban said it was not involved in the blast.", []string{"taliban/denied"}},
		{"denied by and claimed by", "Such attacks are denied by the Taliban and claimed by ISKP.", []string{"islamic-state-khorasan/claimed", "taliban/denied"}},
		{"not to deny", "This is not to deny that ISKP can launch attacks.", nil},
		{"did not deny", "The Taliban did not deny involvement in the attack.", nil},

		{"no group has claimed", "No group has claimed responsibility for the attack.", []string{"-/unclaimed"}},
		{"no one has yet claimed", "No one has yet claimed the bombing.", []string{"-/unclaimed"}},
		{"no claim of responsibility", "There was no immediate claim of responsibility for the blast.", []string{"-/unclaimed"}},
		{"never claimed by", "The bombing of the school was never claimed by ISKP.", []string{"islamic-state-khorasan/unclaimed"}},
		{"has not claimed", "The TTP has not claimed the attack.", []string{"tehrik-i-taliban-pakistan/unclaimed"}},
		{"did not claim", "Al-Shabaab did not claim responsibility for the blast.", []string{"al-shabaab/unclaimed"}},
		{"has yet to claim", "Boko Haram has yet to claim the attack.", []string{"boko-haram/unclaimed"}},
		{"hasn't claimed", "ISKP hasn’t claimed responsibility for the bombing.", []string{"islamic-state-khorasan/unclaimed"}},

		{"if claims", "If ISKP claims the attack, the government will respond.", nil},
		{"whether would claim", "Analysts wondered whether the TTP would claim the bombing.", nil},
		{"could claim", "Hamas could claim responsibility for the attack later.", nil},
		{"quick to claim", "ISKP is usually quick to claim attacks.", nil},
		{"question", "Did Al-Shabaab claim responsibility for the attack?", nil},

		{"political claim", "Hamas claimed victory in the election.", nil},
		{"claim that", "The Taliban claimed that the government was corrupt.", nil},
		{"claimed lives", "The attack claimed the lives of 14 people, police said.", nil},
		{"sports", "Hamas claimed the title after the match.", nil},

		{"blamed asserted", "Police blamed Boko Haram for the attack in Maiduguri.", []string{"boko-haram/attributed/asserted"}},
		{"blamed on", "Officials blamed the bombing on the Haqqani Network.", []string{"haqqani-network/attributed/asserted"}},
		{"accused", "The government accused the TTP of carrying out the attack.", []string{"tehrik-i-taliban-pakistan/attributed/asserted"}},
		{"accused not of attack", "The president accused the TTP of being a proxy.", nil},
		{"suspected", "Suspected Boko Haram militants attacked the village.", []string{"boko-haram/attributed/suspected"}},
		{"believed to be behind", "Al-Shabaab is believed to be behind the bombing.", []string{"al-shabaab/attributed/suspected"}},
		{"fingerprints", "The attack had the fingerprints of Lashkar-e-Taiba.", []string{"lashkar-e-taiba/attributed/suspected"}},
		{"may have", "Officials said the Haqqani Network may have carried out the attack.", []string{"haqqani-network/attributed/possible"}},
		{"police said carried out", "Police said Al-Shabaab carried out the bombing in Mogadishu.", []string{"al-shabaab/attributed/asserted"}},
		{"author statement", "Last year, the TTP carried out only 7 major attacks.", nil},
		{"possibly carried out by", "The attack was possibly carried out by the Haqqani Network.", []string{"haqqani-network/attributed/possible"}},
		{"carried out by likely", "The bombing was likely carried out by the TTP.", []string{"tehrik-i-taliban-pakistan/attributed/suspected"}},
		{"attributed to", "Police attributed the blast to Al-Shabaab.", []string{"al-shabaab/attributed/asserted"}},
		{"relative which claimed", "The attack, which Al-Shabaab claimed, killed 14 people in Mogadishu.", []string{"al-shabaab/claimed"}},
		{"claimed but denied", "Islamic State claimed responsibility, but the Taliban denied it.", []string{"islamic-state/claimed", "taliban/denied"}},
		{"denied while claimed", "The Taliban denied responsibility for the attack, while IS claimed it.", []string{"islamic-state/claimed", "taliban/denied"}},
		{"same group both: denial wins", "Hamas, which has claimed similar attacks in the past, denied involvement in the bombing.", []string{"hamas/denied"}},
		{"denied that it had claimed", "Hamas denied that it had claimed the attack.", []string{"hamas/denied"}},
		{"rarely claims", "The Taliban rarely claim attacks in Kabul.", nil},
		{"headline", "IS claims Kabul attack", []string{"islamic-state/claimed"}},
		{"all caps headline", "ISLAMIC STATE CLAIMS RESPONSIBILITY FOR KABUL ATTACK", []string{"islamic-state/claimed"}},
		{"hallmarks", "The attack bore the hallmarks of Al-Shabaab, analysts said.", []string{"al-shabaab/attributed/suspected"}},
		{"reduced relative blamed", "Boko Haram, blamed for the attack, has killed thousands.", []string{"boko-haram/attributed/asserted"}},
		{"insurance claims", "Insurance claims rose after the Hamas attack.", nil},
		{"claimed then denied", "The Pakistani Taliban initially claimed responsibility for the attack, but later denied involvement.", []string{"tehrik-i-taliban-pakistan/claimed", "tehrik-i-taliban-pakistan/denied"}},
		{"generic denial, specific claim", "The Taliban, who have denied involvement in previous attacks, claimed responsibility for the bombing.", []string{"taliban/claimed"}},
		{"conflict without order: neither", "The TTP denied responsibility and the TTP claimed responsibility for the blast.", nil},
		{"suspected of", "Al-Shabaab is suspected of carrying out the bombing.", []string{"al-shabaab/attributed/suspected"}},
		{"police suspect", "Police suspect Boko Haram of the kidnapping.", []string{"boko-haram/attributed/suspected"}},
		{"stopped short of claiming", "Hamas praised the attack but stopped short of claiming responsibility.", []string{"hamas/unclaimed"}},
		{"claim of responsibility by", "A claim of responsibility by Al-Shabaab could not be verified.", []string{"al-shabaab/claimed"}},
		{"joint responsibility", "Lashkar-e-Taiba and Jaish-e-Mohammed claimed joint responsibility for the attack.", []string{"jaish-e-mohammed/claimed", "lashkar-e-taiba/claimed"}},
		{"spokesman claimed", "A Taliban spokesman claimed responsibility for the ambush.", []string{"taliban/claimed"}},
		{"was not responsible", "Officials said Hamas was not responsible for the attack.", nil},
		{"claimed the attack was carried out by", "Hamas claimed the attack was carried out by Islamic State militants.", []string{"islamic-state/attributed/asserted"}},
		{"claimed to have carried out", "Al-Shabaab claimed to have carried out the ambush.", []string{"al-shabaab/claimed"}},
		{"amaq said its fighters", "Islamic State's Amaq news agency said one of its fighters carried out the attack.", []string{"islamic-state/claimed"}},
		{"not claimed but believed behind", "Although ISKP has not claimed the attack, officials believe it was behind the bombing.", []string{"islamic-state-khorasan/attributed/suspected", "islamic-state-khorasan/unclaimed"}},
		{"state never claims", "The attack was claimed by the ISI.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := e.Extract(Input{ID: "t", Text: tc.text, Published: "2024-03-15"})
			got := claimSet(out.Claims)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("%q\n got  %v\n want %v", tc.text, got, tc.want)
			}
		})
	}
}
