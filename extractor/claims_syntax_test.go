package extractor

import (
	"strings"
	"testing"
)

// TestClaimRulesSyntax covers the rules for speakers set off by commas,
// coordination, negated premises, inverted conditions, passive agents and
// the group's own voice, with sentences written for the rules (not taken
// from testdata/corpus).
func TestClaimRulesSyntax(t *testing.T) {
	e := fixtureExtractor(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		// speakers in appositions
		{"name, role for X, said", "Abu Yusuf, a spokesman for Boko Haram, said its fighters had ambushed the convoy.", []string{"boko-haram/claimed"}},
		{"X role, name, said", "A Hamas commander, Yahya Omar, said the group had fired the rockets at the base.", []string{"hamas/claimed"}},
		{"role for X, participle, told", "A spokesman for the TTP, speaking by telephone, told reporters that the group had planted the bomb.", []string{"tehrik-i-taliban-pakistan/claimed"}},
		{"told is a verb of saying", "Al-Shabaab told a radio station that its men had kidnapped the engineers.", []string{"al-shabaab/claimed"}},

		// no group, in other words
		{"claimed by nobody", "The bombing of the market was claimed by nobody.", []string{"-/unclaimed"}},
		{"nobody has taken responsibility", "Nobody has taken responsibility for the shooting in Peshawar.", []string{"-/unclaimed"}},
		{"no group came forward", "No group came forward after the attack on the bus.", []string{"-/unclaimed"}},

		// coordination and modifiers
		{"A and the B claimed", "Hamas and the TTP jointly claimed the attack on the convoy.", []string{"hamas/claimed", "tehrik-i-taliban-pakistan/claimed"}},
		{"A, and B denied is two clauses", "The raid was carried out by a cell inspired by Islamic State, and Hamas denied involvement.", []string{"hamas/denied", "islamic-state/attributed/asserted"}},
		{"possessive modifier", "Officials blamed the Taliban's Haqqani Network for the truck bombing.", []string{"haqqani-network/attributed/asserted"}},
		{"linked modifier", "Suspicion fell on the al-Qaida-linked Al-Shabaab after the bombing.", []string{"al-shabaab/attributed/suspected"}},
		{"claimed and then retracted", "Boko Haram claimed and later withdrew responsibility for the raid on the school.", []string{"boko-haram/claimed", "boko-haram/denied"}},

		// premises that undo an attribution
		{"no evidence that", "Police said there was no evidence that Hamas was behind the stabbing.", nil},
		{"unlikely to have", "Boko Haram is unlikely to have carried out the raid, analysts said.", nil},
		{"inverted condition", "Had the TTP been behind the bombing, it would have said so, a minister said.", nil},
		{"accused of sheltering", "Officials accused the Taliban of sheltering the fighters who attacked the checkpoint.", nil},
		{"neither confirmed nor denied", "Al-Shabaab neither confirmed nor denied that it held the kidnapped nurses.", nil},
		{"denied the attack happened", "The Taliban denied that an attack on the checkpoint had taken place.", nil},
		{"relative clause with its own subject", "Officials blamed the TTP for the bombing, which Kabul denied.", []string{"tehrik-i-taliban-pakistan/attributed/asserted"}},

		// hedged and passive attributions
		{"suspected in", "Lashkar-e-Taiba was suspected in the bombing of the train.", []string{"lashkar-e-taiba/attributed/suspected"}},
		{"were likely involved", "Police said Boko Haram fighters were likely involved in the kidnapping.", []string{"boko-haram/attributed/suspected"}},
		{"may have been involved", "The minister said Hamas may have been involved in the shooting.", []string{"hamas/attributed/possible"}},
		{"possible links between attack and X", "Police were examining possible links between the bombing and Boko Haram.", []string{"boko-haram/attributed/possible"}},
		{"investigating links to X", "Investigators are probing links to Hamas after the shooting.", []string{"hamas/attributed/suspected"}},
		{"a group's links are no attribution", "Hamas, which has links to Islamic State, held a rally after the shooting.", nil},
		{"distanced the group from it", "A TTP commander claimed the ambush, but the TTP's spokesman later distanced the group from it.", []string{"tehrik-i-taliban-pakistan/claimed", "tehrik-i-taliban-pakistan/denied"}},
		{"passive violent agent, hedged", "The patrol may have been ambushed by Al-Shabaab fighters, officers said.", []string{"al-shabaab/attributed/possible"}},
		{"explicit blame stands beside a claim", "Police blamed Hamas for the shooting, and Hamas later said its gunmen had carried it out.", []string{"hamas/attributed/asserted", "hamas/claimed"}},

		// the group's own voice
		{"passive by X, X said", "The kidnapping of the engineers was carried out by Al-Shabaab, the group said in a statement.", []string{"al-shabaab/claimed"}},
		{"caller said X was responsible", "A caller using a codeword said Hamas was responsible for the bomb.", []string{"hamas/claimed"}},
		{"no part in", "Hamas said it had no part in the shooting.", []string{"hamas/denied"}},
		{"denied and said its own men", "Hamas claimed the ambush, but Al-Shabaab denied the fighters belonged to Hamas and said its own men had carried out the attack.", []string{"al-shabaab/claimed", "hamas/claimed"}},
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
