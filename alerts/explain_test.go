package alerts

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	rs := mustRules(t, `rules: [{name: is, groups: [islamic-state], include_affiliates: true}, {name: denials, statuses: [denied]}, {name: never, outlets: [Nobody]}]`)
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	_ = enc.Encode(record(recOpts{id: "r1", title: "IS-K claims", group: ptr("is-khorasan"), linked: true, place: "Kabul"}))
	_ = enc.Encode(record(recOpts{id: "r2", title: "Taliban deny", group: ptr("taliban"), status: "denied", twoIncidents: true}))
	_ = enc.Encode(record(recOpts{id: "r3", title: "Nothing", group: ptr("al-qaida")}))
	var out bytes.Buffer
	if err := Explain(rs, &in, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, w := range []string{
		`r1 "IS-K claims"`, "FIRE rule=is group=is-khorasan status=claimed incident=r1#1 (bombing@Kabul)",
		`r2 "Taliban deny"`, "FIRE rule=denials group=taliban status=denied incident=r2 (-)",
		"3 records, 2 fire a rule, 2 alerts",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("output lacks %q:\n%s", w, s)
		}
	}
	if strings.Contains(s, "r3 ") {
		t.Errorf("r3 fires nothing but is listed:\n%s", s)
	}

	out.Reset()
	err := Explain(rs, strings.NewReader("{not json\n\n"), &out)
	if !errors.Is(err, ErrBadInput) || !strings.Contains(out.String(), "line 1: not a record") {
		t.Fatalf("bad line: %v\n%s", err, out.String())
	}
}

// `claimwatch extract` output lines (no article) are accepted as records.
func TestExplainExtractionLines(t *testing.T) {
	rs := mustRules(t, `rules: [{name: kidnappings, types: [kidnapping]}]`)
	line := `{"id":"x1","lang":"en","groups":[{"id":"boko-haram","name":"Boko Haram","kind":"militant","mentions":[]}],` +
		`"incidents":[{"id":"x1#1","type":"kidnapping","location":{"name":"Kaduna","country":"NG","lat":10.5,"lon":7.4},"killed":null,"injured":null,"suicide":false,"targets":[],"evidence":{"start":0,"end":1,"text":"x"}}],` +
		`"claims":[{"group_id":"boko-haram","status":"attributed","certainty":"suspected","incident":"x1#1","source":null,"channel":null,"evidence":{"start":0,"end":1,"text":"x"},"confidence":0.6}]}`
	var out bytes.Buffer
	if err := Explain(rs, strings.NewReader(line+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "FIRE rule=kidnappings group=boko-haram status=attributed incident=x1#1 (kidnapping@Kaduna)") {
		t.Fatalf("output:\n%s", out.String())
	}
}
