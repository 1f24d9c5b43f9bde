package extractor

import (
	"strings"
	"testing"
)

// TestClaimRulesGeneral exercises the general rules for subjects separated
// from their verb, lists, subsidiary groups, perpetrator phrases and the
// wider attribution lexicon, with sentences written for the rules.
func TestClaimRulesGeneral(t *testing.T) {
	e := fixtureExtractor(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		// a subject separated from its verb by an apposition or relative clause
		{"apposition naming another group", "Lashkar-e-Taiba, a group that Indian officials link to Hizbul Mujahideen, claimed the attack on the convoy.", []string{"lashkar-e-taiba/claimed"}},
		{"relative clause denial", "The Haqqani Network, which is part of the wider Taliban movement, denied any role in the bombing.", []string{"haqqani-network/denied"}},
		{"spokesman for X, apposition, said its fighters", "A spokesman for Al-Shabaab, the Somali jihadist group allied to al-Qaida, said its fighters carried out the raid in Mogadishu.", []string{"al-shabaab/claimed"}},
		{"apposition before has not claimed", "Hamas, whose leaders deny any link with Islamic State, has not claimed the shooting.", []string{"hamas/unclaimed"}},
		{"wing of an organisation", "The Haqqani Network, the armed wing of the Taliban, claimed the ambush.", []string{"haqqani-network/claimed", "taliban/claimed"}},
		{"acronym in parentheses", "Tehrik-i-Taliban Pakistan (TTP), which was founded in 2007 and is based near Peshawar, said it carried out the suicide bombing.", []string{"tehrik-i-taliban-pakistan/claimed"}},

		// commas: a list only when "and"/"or" closes it
		{"headline comma is no list", "Police blame TTP, Haqqani Network claims attack", []string{"haqqani-network/claimed", "tehrik-i-taliban-pakistan/attributed/asserted"}},
		{"serial list", "The attack was claimed by Hamas, Lashkar-e-Taiba and Jaish-e-Mohammed.", []string{"hamas/claimed", "jaish-e-mohammed/claimed", "lashkar-e-taiba/claimed"}},
		{"serial list with comma and", "Boko Haram, Al-Shabaab, and Hamas claimed the kidnapping in a joint video.", []string{"al-shabaab/claimed", "boko-haram/claimed", "hamas/claimed"}},

		// subsidiaries stand for the descendant the article names
		{"possessive affiliate resolves to descendant", "Islamic State's local affiliate claimed the bombing in Jalalabad. ISKP fighters have been active in the province.", []string{"islamic-state-khorasan/claimed"}},
		{"subsidiary named by its words", "Islamic State's Khorasan branch claimed the bombing in Kabul.", []string{"islamic-state-khorasan/claimed"}},
		{"affiliate without descendant: no group", "An al-Qaida affiliate claimed the ambush near the border.", nil},
		{"faction of former X without descendant", "A faction of the former Taliban government said it carried out the bombing in Kabul.", nil},
		{"faction of X resolves", "A breakaway faction of the Taliban said it carried out the bombing in Kabul, where the Haqqani Network is strong.", []string{"haqqani-network/claimed"}},

		// a denial's object after a determiner or possessive
		{"denied the charge", "Police blamed Boko Haram for the raid. Boko Haram denied the charge on Saturday.", []string{"boko-haram/attributed/asserted", "boko-haram/denied"}},
		{"rejected these allegations", "Officials said the TTP planned the bombing, but the TTP rejected these allegations.", []string{"tehrik-i-taliban-pakistan/attributed/asserted", "tehrik-i-taliban-pakistan/denied"}},
		{"denied the group's involvement", "Hamas denied the group's involvement in the shooting.", []string{"hamas/denied"}},
		{"denying a request is no denial of a role", "Hamas denied the request for talks.", nil},

		// a group's own account, and denials of a link
		{"said it had no connection to", "An explosion killed three in Istanbul. The TTP said in an emailed statement that it had no connection to the blast.", []string{"tehrik-i-taliban-pakistan/denied"}},
		{"said it had strong links is no denial", "A bomb killed four in Lahore. Hamas said it had strong links with the movement.", nil},
		{"trailing speaker with a medium", "Al-Shabaab fighters ambushed a convoy near Kismayo, killing seven soldiers, Al-Shabaab's radio station said.", []string{"al-shabaab/claimed"}},
		{"habitual denial is no denial", "A bomb hit a bus in Kabul, killing eight. The Taliban, who usually deny attacks on civilians, have not commented.", nil},

		// a group's spokesman quoted in the first person
		{"quote then speaker: denial", "A suicide bomber struck a mosque in Peshawar, killing 30. \"We have nothing to do with this attack,\" a TTP spokesman told reporters.", []string{"tehrik-i-taliban-pakistan/denied"}},
		{"quote then speaker: claim", "Gunmen stormed a checkpoint in Khost, killing five policemen. \u201cOur fighters carried out this operation,\u201d the Haqqani Network said in a statement.", []string{"haqqani-network/claimed"}},
		{"speaker then quote", "A bomb killed six in Quetta. TTP spokesman Muhammad Khurasani said: \"We claim responsibility for the attack.\"", []string{"tehrik-i-taliban-pakistan/claimed"}},
		{"inverted speaker", "A bomb killed six in Quetta. \"We did not carry out this attack,\" said a spokesman for Lashkar-e-Taiba.", []string{"lashkar-e-taiba/denied"}},
		{"we had no role", "A bomb killed six in Quetta. \"We had no role in this bombing,\" Hamas said.", []string{"hamas/denied"}},
		{"a group's future threat is no claim", "A bomb killed six in Kabul. \"We will hunt down those who carried out this attack,\" the Haqqani Network said.", nil},
		{"a group condemning is no claim", "A bomb killed six in Gaza. \"We condemn this attack,\" Hamas said.", nil},
		{"claiming a right is no claim", "A bomb killed six in Gaza. \"We claim the right to defend our people,\" Hamas said.", nil},
		{"a resident's we is no claim", "A bomb killed six in Quetta. \"We heard a loud blast and ran,\" a resident said.", nil},
		{"an apostrophe is no quotation", "The militants' base was hit. Hamas said we know nothing.", nil},

		// quantified subjects and negated members
		{"none of its fighters", "A bomb killed six in Kabul. The Haqqani Network said none of its fighters took part in the attack.", []string{"haqqani-network/denied"}},
		{"no group has claimed after a blamed group", "Six people were killed in a bombing in Kabul. The attack bore the hallmarks of the TTP, but no group has claimed it.", []string{"-/unclaimed", "tehrik-i-taliban-pakistan/attributed/suspected"}},
		{"suspicion immediately fell on", "Six people were killed in a bombing in Peshawar. Suspicion immediately fell on the TTP.", []string{"tehrik-i-taliban-pakistan/attributed/suspected"}},

		// a denial made promptly; a claim a third party dismisses
		{"quick to deny", "A bomb killed six in Kabul on Monday. The Haqqani Network was quick to deny involvement.", []string{"haqqani-network/denied"}},
		{"officials dismiss the group's claim", "A bomb killed six in Kabul on Monday. Officials dismissed the Haqqani Network's claim of responsibility as propaganda.", []string{"haqqani-network/claimed"}},
		{"the group dismisses claims", "A bomb killed six in Kabul on Monday. The Haqqani Network dismissed claims of responsibility made in its name.", []string{"haqqani-network/denied"}},

		// a claim noun with its issuer; a commander's own men
		{"the claim, posted by X", "A bomb killed six in Kabul on Monday. The claim, posted by the Haqqani Network on Telegram, could not be verified.", []string{"haqqani-network/claimed"}},
		{"the claims, made by officials, are no group's", "A bomb killed six in Kabul on Monday. The claims, made by officials on Monday, could not be verified.", nil},
		{"his men planted the bomb", "A bomb killed six in Kabul on Monday. A Haqqani Network commander told the BBC his men had planted the bomb.", []string{"haqqani-network/claimed"}},
		{"his family is no claim", "A bomb killed six in Kabul on Monday. A Haqqani Network commander told the BBC his family had fled the bombing.", nil},

		// linking the attack to a group
		{"linked the attack to", "A bomb killed six in Kabul on Monday. Intelligence officials linked the attack to the Haqqani Network.", []string{"haqqani-network/attributed/suspected"}},
		{"linked the group to Pakistan is no attribution", "A bomb killed six in Kabul on Monday. Officials have long linked the Haqqani Network to Pakistan's spy agency.", nil},

		// a claim made in a group's name
		{"statement claimed in the name of", "A letter sent to a newspaper claimed responsibility for the bombing in the name of Lashkar-e-Taiba.", []string{"lashkar-e-taiba/claimed"}},
		{"passive claimed in the name of", "The kidnapping was claimed in the name of Boko Haram in a video.", []string{"boko-haram/claimed"}},
		{"in the name of no group", "A man who shouted that he acted in the name of God attacked the guards.", nil},

		// the wider attribution lexicon
		{"work of, likely", "Investigators said the blast was most likely the work of Al-Shabaab.", []string{"al-shabaab/attributed/suspected"}},
		{"work of, could", "The ambush could have been the work of the TTP, a senior officer said.", []string{"tehrik-i-taliban-pakistan/attributed/possible"}},
		{"not the work of", "The explosion was not the work of Hamas, officials said.", nil},
		{"work of without attack", "The charity work of Hamas in Gaza continued through the winter.", nil},
		{"perpetrators were members of", "The gunmen were members of Boko Haram, the governor said.", []string{"boko-haram/attributed/asserted"}},
		{"perpetrators believed to be from", "The kidnappers were believed to be from the Haqqani Network.", []string{"haqqani-network/attributed/suspected"}},
		{"perpetrators not members", "The attackers were not members of the TTP, police said.", nil},
		{"suspicion fell on", "After the kidnapping in Peshawar, suspicion fell on the TTP.", []string{"tehrik-i-taliban-pakistan/attributed/suspected"}},
		{"pointed the finger", "Officials pointed the finger at Lashkar-e-Taiba after the bombing.", []string{"lashkar-e-taiba/attributed/asserted"}},
		{"attack by X", "Villagers fled the attack by Boko Haram fighters on Sunday.", []string{"boko-haram/attributed/asserted"}},
		{"attacks by X in general", "Attacks by Boko Haram have displaced millions of people.", nil},
		{"they suspected X", "Officials said they suspected the Haqqani Network, which operates along the border.", []string{"haqqani-network/attributed/suspected"}},
		{"this was carried out by", "\"We have evidence that this was carried out by the TTP,\" the minister said.", []string{"tehrik-i-taliban-pakistan/attributed/asserted"}},

		// a group's own account is a claim, not an attribution
		{"carried out by its fighters", "Al-Shabaab said the bombing was carried out by its fighters.", []string{"al-shabaab/claimed"}},
		{"carried out by another group", "Hamas said the attack was carried out by Islamic State.", []string{"islamic-state/attributed/asserted"}},
		{"claimed, saying its fighters were responsible", "Boko Haram claimed the raid, saying its fighters were responsible.", []string{"boko-haram/claimed"}},
		{"holding hostages", "Al-Shabaab said it was holding the kidnapped engineers.", []string{"al-shabaab/claimed"}},
		{"holding talks", "Hamas said it was holding talks with Egyptian mediators after the attack.", nil},

		// polarity: negated subjects, retractions, dated and generic objects
		{"neither nor has claimed", "Neither Hamas nor Boko Haram has claimed the kidnapping.", []string{"boko-haram/unclaimed", "hamas/unclaimed"}},
		{"neither nor denied", "Neither the Taliban nor the TTP denied the bombing.", nil},
		{"withdrew its claim", "Boko Haram withdrew its claim of responsibility for the raid on Tuesday.", []string{"boko-haram/denied"}},
		{"claimed then retracted", "Al-Shabaab claimed the bombing in Mogadishu but retracted the statement hours later.", []string{"al-shabaab/claimed", "al-shabaab/denied"}},
		{"passive not claimed without agent", "Responsibility for the ambush near Jalalabad has not been claimed.", []string{"-/unclaimed"}},
		{"passive claimed without agent is nothing", "The ambush was claimed within hours.", nil},
		{"dated other attack, denial stands", "Hamas, which claimed the 2014 bombing in Kabul, denied involvement in Monday's attack.", []string{"hamas/denied"}},
		{"denied any role is specific", "The TTP, which has claimed dozens of raids, denied any role in the massacre.", []string{"tehrik-i-taliban-pakistan/denied"}},
		{"deny link with another group", "Hamas, whose leaders deny any link with Islamic State, said it carried out the shooting.", []string{"hamas/claimed"}},

		// more statements in a group's own voice
		{"attacker was one of its men", "Al-Shabaab said the bomber was one of its fighters.", []string{"al-shabaab/claimed"}},
		{"the group's fighters", "A Boko Haram commander said the group's fighters had ambushed the convoy.", []string{"boko-haram/claimed"}},
		{"widely blamed", "Lashkar-e-Taiba is widely blamed for the massacre.", []string{"lashkar-e-taiba/attributed/asserted"}},
		{"loyal to, third party", "Fighters loyal to Al-Shabaab attacked the base on Monday, residents said.", []string{"al-shabaab/attributed/asserted"}},
		{"loyal to, author only", "Fighters loyal to Al-Shabaab have long controlled the district.", nil},

		{"trailing said with its medium", "Boko Haram fighters ambushed the convoy near Maiduguri, the group said in a statement on Telegram.", []string{"boko-haram/claimed"}},
		{"trailing said with a that-clause is no own report", "Boko Haram fighters ambushed the convoy, the army said in a statement that it issued late.", []string{"boko-haram/attributed/asserted"}},
		{"narrative attribution by a third party", "Hamas gunmen stormed the checkpoint on Monday, police said.", []string{"hamas/attributed/asserted"}},
		{"narrative attribution yields to the claim", "Hamas gunmen stormed the checkpoint on Monday, police said. Hamas later claimed responsibility for the attack.", []string{"hamas/claimed"}},
		{"author narration is no attribution", "Hamas gunmen stormed the checkpoint on Monday.", nil},
		{"generic denial, claimed this one", "Hamas has in the past denied involvement in such raids, but claimed this one.", []string{"hamas/claimed"}},

		// wider claim lexicon
		{"admitted carrying out", "Boko Haram admitted carrying out the raid on the school.", []string{"boko-haram/claimed"}},
		{"has not admitted", "Hamas has not admitted staging the attack.", []string{"hamas/unclaimed"}},
		{"acknowledged responsibility", "The TTP acknowledged responsibility for the ambush in a message to reporters.", []string{"tehrik-i-taliban-pakistan/claimed"}},
		{"boasted of", "Al-Shabaab boasted of the massacre in a radio broadcast.", []string{"al-shabaab/claimed"}},
		{"owned up to", "Jaish-e-Mohammed owned up to the bombing.", []string{"jaish-e-mohammed/claimed"}},
		{"admitted without attack", "Hamas admitted carrying out an internal review.", nil},
		{"set off the bomb", "Hamas said its fighters set off the bomb near the checkpoint.", []string{"hamas/claimed"}},
		{"struck with a missile", "Hamas said it struck the vessel with a missile.", []string{"hamas/claimed"}},
		{"prime suspect", "Lashkar-e-Taiba is the prime suspect in the massacre.", []string{"lashkar-e-taiba/attributed/suspected"}},
		{"blamed on, passive", "The kidnapping was blamed on Boko Haram.", []string{"boko-haram/attributed/asserted"}},

		{"denial then relative passive claim by another group", "Hamas denied that it was behind the ambush, which was claimed by Boko Haram.", []string{"boko-haram/claimed", "hamas/denied"}},
		{"denial of something else is no denial", "Al-Shabaab claimed the raid, residents said, though officials denied that the group controlled the town.", []string{"al-shabaab/claimed"}},
		{"the group relative clause names another group", "The group, which is linked to al-Qaida, claimed the attack.", nil},
		{"attack linked to", "The bombing was linked to the Haqqani Network.", []string{"haqqani-network/attributed/suspected"}},

		{"yet to be claimed", "Responsibility for the kidnapping has yet to be claimed.", []string{"-/unclaimed"}},
		{"none of the groups", "None of the militant groups operating in Borno has claimed the raid.", []string{"-/unclaimed"}},
		{"habitual claiming is no claim", "Boko Haram, which typically claims its raids within days, has remained silent.", nil},
		{"group's fighters did not carry out", "A Hamas official said the group's fighters did not carry out the shooting.", []string{"hamas/denied"}},

		// polarity: what a denial denies stays a denial
		{"denied it was holding", "Boko Haram denied that it was holding the abducted girls.", []string{"boko-haram/denied"}},
		{"faction claims, parent denies", "Jaish-e-Mohammed, a group that has often worked with Lashkar-e-Taiba, claimed the bombing. Lashkar-e-Taiba denied involvement in the attack.", []string{"jaish-e-mohammed/claimed", "lashkar-e-taiba/denied"}},
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
