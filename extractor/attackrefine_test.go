package extractor

import (
	"fmt"
	"strings"
	"testing"
)

// TestIncidentRefinements covers the type, count and non-attack rules that
// look beyond one trigger word: prominent victims, bare attacks by armed
// people, victims as objects of "shot dead", single victims, sports reports,
// verbal attacks and law-enforcement raids.
func TestIncidentRefinements(t *testing.T) {
	e := fixtureExtractor(t)
	tests := []struct {
		name string
		text string
		want []string // "type place killed"
	}{
		{"prominent victim shot dead", "Gunmen shot dead a provincial lawmaker outside a mosque in Peshawar on Monday.", []string{"assassination Peshawar 1"}},
		{"prominent victim passive", "A district judge was gunned down in Jalalabad on Thursday.", []string{"assassination Jalalabad 1"}},
		{"victims with the target", "A local mayor was shot dead in Kabul on Friday along with three of his bodyguards.", []string{"assassination Kabul 4"}},
		{"bomb is no assassination", "A roadside bomb killed a police commander in Kabul on Sunday.", []string{"bombing Kabul 1"}},
		{"plain shooting stays armed assault", "Gunmen shot dead five villagers in Borno on Tuesday.", []string{"armed_assault Borno 5"}},
		{"bare attack by militants", "Militants attacked a checkpoint near Jalalabad on Monday, killing four soldiers.", []string{"armed_assault Jalalabad 4"}},
		{"bare attack without actors", "Four soldiers died in an attack on a checkpoint near Jalalabad on Monday.", []string{"unknown Jalalabad 4"}},
		{"overnight raid", "Rebels killed twelve farmers in an overnight raid on a village near Maiduguri.", []string{"armed_assault Maiduguri 12"}},
		{"knife attack by a man", "A man armed with a knife attacked shoppers in Kabul on Saturday. A woman aged 58 died of her wounds.", []string{"armed_assault Kabul nil"}},
		{"age is no count", "A 24-year-old man was killed when a bomb exploded in Peshawar on Monday.", []string{"bombing Peshawar 1"}},
		{"police raid", "A police raid on a house in Kabul on Monday led to three arrests.", nil},
		{"pipe bomb", "A pipe bomb was thrown at a patrol car in Peshawar late on Friday, injuring one officer.", []string{"bombing Peshawar nil"}},
		{"missile struck", "A missile fired from the coast struck a ship near Mogadishu on Wednesday, killing two sailors.", []string{"bombing Mogadishu 2"}},
		{"bomb squad", "The bomb squad searched the station in Kabul on Monday.", nil},
		{"verbal attack", "Opposition leaders attacked the budget estimates in Kabul on Tuesday.", nil},
		{"sports report", "Kabul claimed a bonus point in the derby on Sunday. The home side's fly-half scored twice. Their winger attacked down the left in the second half. The referee sent off a defender.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := e.Extract(Input{ID: "doc", Text: tc.text, Published: "2024-03-15"})
			var got []string
			for _, in := range out.Incidents {
				place := "nil"
				if in.Location != nil {
					place = in.Location.Name
				}
				got = append(got, fmt.Sprintf("%s %s %s", in.Type, place, fmtInt(in.Killed)))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%q\n got  %v\n want %v", tc.text, got, tc.want)
			}
		})
	}
}
