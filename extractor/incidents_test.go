package extractor

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func ip(n int) *int { return &n }

func fmtInt(p *int) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func TestIncidents(t *testing.T) {
	e := fixtureExtractor(t)
	tests := []struct {
		name string
		text string
		want []string // "type place killed suicide targets"
	}{
		{"suicide bombing", "A suicide bomber killed 14 people at a mosque in Peshawar on Friday.",
			[]string{"bombing Peshawar 14 true religious_figures_institutions"}},
		{"casualties after", "Gunmen opened fire on a bus in Kabul. At least 9 passengers were killed.",
			[]string{"armed_assault Kabul 9 false transportation"}},
		{"kidnapping", "Boko Haram abducted 276 schoolgirls from a school in Borno on Monday.",
			[]string{"kidnapping Borno nil false educational_institution"}},
		{"two incidents in a list", "ISKP claimed two attacks – a bombing of a market in Kabul killing five people, and the killing of 3 journalists in Jalalabad.",
			[]string{"bombing Kabul 5 false business", "armed_assault Jalalabad 3 false journalists_media"}},
		{"generic plural attacks", "The group carried out over 130 attacks in Kabul in 2018.", nil},
		{"unanchored attack", "This is what the masterminds of the airport attack wanted.", nil},
		{"foiled attack", "Police foiled an attack on a church in Kabul on Sunday.", nil},
		{"heart attack", "The minister died of a heart attack in Kabul on Tuesday.", nil},
		{"sports attack", "The striker led the attack as the team scored twice in Kabul on Sunday.", nil},
		{"repeated mention merged", "A bomb exploded at the airport in Kabul on Monday, killing 12. The Kabul airport attack was claimed by ISKP.",
			[]string{"bombing Kabul 12 false airports_aircraft"}},
		{"vague casualties", "Dozens were killed when a blast hit a market in Mogadishu.", []string{"bombing Mogadishu nil false business"}},
		{"mortar fire is a bombing", "Militants fired mortars at an army base near Kabul on Monday, killing four soldiers.", []string{"bombing Kabul 4 false military"}},
		{"a definite mention later is the same attack", "Gunmen killed forty people in Peshawar on Sunday. Residents fled. Many shops closed. Schools shut. Roads were empty. A security source in Kabul said the assault bore the hallmarks of the TTP.",
			[]string{"armed_assault Peshawar 40 false private_citizens_property"}},
		{"a definite mention that describes another attack", "A bomb killed six people in Kabul on Monday. The bombing of a girls school in Peshawar was never claimed.",
			[]string{"bombing Kabul 6 false private_citizens_property", "bombing Peshawar nil false educational_institution"}},
		{"coordinated count", "Two soldiers and a civilian were killed when gunmen ambushed a patrol near Kabul on Monday.", []string{"armed_assault Kabul 3 false military"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := e.Extract(Input{ID: "doc", Text: tc.text, Published: "2024-03-15"})
			var got []string
			for k, in := range out.Incidents {
				if in.ID != fmt.Sprintf("doc#%d", k+1) {
					t.Errorf("incident id %q", in.ID)
				}
				if tc.text[in.Evidence.Start:in.Evidence.End] != in.Evidence.Text {
					t.Errorf("evidence span mismatch")
				}
				place := "nil"
				if in.Location != nil {
					place = in.Location.Name
				}
				got = append(got, fmt.Sprintf("%s %s %s %v %s", in.Type, place, fmtInt(in.Killed), in.Suicide, strings.Join(in.Targets, ",")))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%q\n got  %v\n want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestClaimLinksIncident(t *testing.T) {
	e := fixtureExtractor(t)
	out := e.Extract(Input{ID: "d", Text: "A car bomb exploded near a police station in Mogadishu on Tuesday, killing 7. Al-Shabaab claimed responsibility for the attack on Telegram. The group has claimed many attacks.", Published: "2024-03-15"})
	if len(out.Incidents) != 1 || len(out.Claims) != 2 {
		t.Fatalf("incidents %d claims %d: %+v", len(out.Incidents), len(out.Claims), out.Claims)
	}
	c := out.Claims[0]
	if c.Incident == nil || *c.Incident != "d#1" || c.Channel == nil || *c.Channel != "Telegram" {
		t.Errorf("claim 1 not linked or no channel: %+v", c)
	}
	if out.Claims[1].Incident != nil {
		t.Errorf("generic claim linked to %v", *out.Claims[1].Incident)
	}
	if out.Incidents[0].Date != "2024-03-12" || out.Incidents[0].DatePrecision != "day" {
		t.Errorf("date %s %s", out.Incidents[0].Date, out.Incidents[0].DatePrecision)
	}
	if !strings.Contains(strings.Join(out.Incidents[0].Targets, ","), "police") {
		t.Errorf("targets %v", out.Incidents[0].Targets)
	}
}

func TestClaimSource(t *testing.T) {
	e := fixtureExtractor(t)
	tests := []struct{ text, want string }{
		{"According to SITE Intelligence Group, Al-Shabaab claimed the attack.", "SITE Intelligence Group"},
		{"The Interior Ministry said Boko Haram was behind the attack.", "Interior Ministry"},
		{"Police said the TTP claimed the bombing.", "Police"},
		{"Al-Shabaab claimed the attack.", ""},
	}
	for _, tc := range tests {
		out := e.Extract(Input{ID: "s", Text: tc.text})
		if len(out.Claims) == 0 {
			t.Errorf("%q: no claim", tc.text)
			continue
		}
		got := ""
		if out.Claims[0].Source != nil {
			got = *out.Claims[0].Source
		}
		if got != tc.want {
			t.Errorf("%q: source %q want %q", tc.text, got, tc.want)
		}
	}
}

func TestCasualties(t *testing.T) {
	tests := []struct {
		text            string
		killed, injured string
	}{
		{"killing 14 people", "14", "nil"},
		{"14 people were killed and 30 wounded", "14", "30"},
		{"at least 14 dead", "14", "nil"},
		{"fourteen people died", "14", "nil"},
		{"twenty-five soldiers were killed", "25", "nil"},
		{"killed at least 1,200 people", "1200", "nil"},
		{"dozens were killed", "nil", "nil"},
		{"the death toll rose to 31", "31", "nil"},
		{"the toll from the blast has risen to 11", "11", "nil"},
		{"the number of dead rose to 52", "52", "nil"},
		{"bringing the number of deaths to 27", "27", "nil"},
		{"the number of dead is unknown, 2 sources said", "nil", "nil"},
		{"injuring 7", "nil", "7"},
		{"in 2014 killed", "nil", "nil"},
		{"3 attacks were claimed", "nil", "nil"},
		{"four of the wounded later died in hospital", "nil", "nil"},
		{"two of those injured died overnight, raising the death toll to 12", "12", "nil"},
		{"three people succumbed to their injuries", "3", "nil"},
		{"five people died of their wounds", "5", "nil"},
		{"the bombing claimed the lives of nine soldiers", "9", "nil"},
		{"two soldiers and a civilian were killed", "3", "nil"},
		{"five soldiers and 2 civilians died", "7", "nil"},
		{"three soldiers and two civilians were wounded", "nil", "5"},
		{"at least 14 people, including three children, were killed", "14", "nil"},
		{"14 people were killed and 30 wounded", "14", "30"},
	}
	for _, tc := range tests {
		toks := tokenize(tc.text, segment{0, len(tc.text)}, nil, 0)
		k, i := casualties(toks, 0, len(toks))
		if fmtInt(k) != tc.killed || fmtInt(i) != tc.injured {
			t.Errorf("%q: killed %s injured %s, want %s %s", tc.text, fmtInt(k), fmtInt(i), tc.killed, tc.injured)
		}
	}
}

func TestDates(t *testing.T) {
	anchor := time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC) // a Wednesday
	tests := []struct{ text, want string }{
		{"on Tuesday", "2021-08-31 day"},
		{"on Wednesday", "2021-09-01 day"},
		{"in May", "2021-05 month"},
		{"in December", "2020-12 month"},
		{"in May last", "2020-05 month"},
		{"last year", "2020 year"},
		{"this year", "2021 year"},
		{"last month", "2021-08 month"},
		{"on 26 August 2021", "2021-08-26 day"},
		{"on August 26, 2019", "2019-08-26 day"},
		{"on 26 August", "2021-08-26 day"},
		{"on 2021-08-26", "2021-08-26 day"},
		{"in 2018", "2018 year"},
		{"yesterday", "2021-08-31 day"},
		{"you may go", ""},
		{"March 2020", "2020-03 month"},
		{"on Jan. 5", "2021-01-05 day"},
		{"on 28/04/2021", "2021-04-28 day"},
		{"on 04/28/2021", "2021-04-28 day"},
		{"on 03/08/2021", "2021-08-03 day"}, // 3 August, not 8 March: the reading closest before the anchor
		{"on 31/02/2021", ""},
		{"on Sept. 11, 2001", "2001-09-11 day"},
	}
	for _, tc := range tests {
		toks := tokenize(tc.text, segment{0, len(tc.text)}, nil, 0)
		d, ok := findDate(tc.text, toks, 0, len(toks), anchor, true)
		got := ""
		if ok {
			got = d.Date + " " + d.Precision
		}
		if got != tc.want {
			t.Errorf("%q: got %q want %q", tc.text, got, tc.want)
		}
	}
	if _, ok := anchorDate("2021-09-01T10:00:00Z"); !ok {
		t.Error("RFC 3339 anchor")
	}
	if _, ok := anchorDate("yesterday"); ok {
		t.Error("bad anchor accepted")
	}
}

// An abbreviation's dot ends no clause: the day after "Jan." belongs to the
// incident's date.
func TestIncidentDateAfterAbbreviation(t *testing.T) {
	e := fixtureExtractor(t)
	for text, want := range map[string]string{
		"A bomb killed six people in Kabul on Jan. 5.":                  "2024-01-05",
		"A bomb killed six people in Kabul on Sept. 3, 2023.":           "2023-09-03",
		"A bomb killed six people in Kabul on 05/03/2024, police said.": "2024-03-05",
	} {
		out := e.Extract(Input{ID: "d", Text: text, Published: "2024-03-15"})
		if len(out.Incidents) != 1 || out.Incidents[0].Date != want {
			t.Errorf("%q: incidents %+v, want one dated %s", text, out.Incidents, want)
		}
	}
}
