package extractor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestRunJSONL(t *testing.T) {
	e := fixtureExtractor(t)
	long := `{"id":"long","text":"` + strings.Repeat("Al-Shabaab claimed the attack. ", 20000) + `"}`
	input := strings.Join([]string{
		`{"id":"a","text":"Al-Shabaab claimed responsibility for the bombing in Mogadishu."}`,
		`not json`,
		`{"id":"b"}`,
		``,
		`{"id":42,"text":"x"}`,
		`{"id":"c","html":"<html><head><script>var IS=1</script></head><body><p>Boko Haram claimed the attack.</p></body></html>"}`,
		long,
		`{"id":"d","text":"No group has claimed the blast."}`,
	}, "\n") + "\n"
	var out bytes.Buffer
	st, err := RunJSONL(context.Background(), strings.NewReader(input), &out, e)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 64<<20)
	var lines []map[string]any
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line not JSON: %v", err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 8 || st.Lines != 8 {
		t.Fatalf("got %d output lines, stats %+v", len(lines), st)
	}
	wantID := []any{"a", nil, "b", nil, "42", "c", "long", "d"}
	wantErr := []bool{false, true, true, true, true, false, false, false}
	for i, m := range lines {
		if m["id"] != wantID[i] {
			t.Errorf("line %d id %v want %v", i, m["id"], wantID[i])
		}
		_, hasErr := m["error"]
		if hasErr != wantErr[i] {
			t.Errorf("line %d error=%v want %v (%v)", i, hasErr, wantErr[i], m["error"])
		}
	}
	if c := lines[5]["claims"].([]any); len(c) != 1 {
		t.Errorf("html input: claims %v", c)
	}
	if st.Errors != 4 || st.OK != 4 {
		t.Errorf("stats %+v", st)
	}
}

func TestRunJSONLLineLimit(t *testing.T) {
	g := fixtureExtractor(t).gaz
	cfg := DefaultConfig()
	cfg.MaxLineBytes = 100
	e, err := New(g, nil, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	input := `{"id":"big","text":"` + strings.Repeat("x", 5000) + `"}` + "\n" + `{"id":"ok","text":"Hamas"}` + "\n"
	var out bytes.Buffer
	if _, err := RunJSONL(context.Background(), strings.NewReader(input), &out, e); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(got) != 2 || !strings.Contains(got[0], "too long") || !strings.Contains(got[1], `"id":"ok"`) {
		t.Fatalf("output %q", got)
	}
}

func TestRunJSONLCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := RunJSONL(ctx, strings.NewReader(`{"id":"a","text":"x"}`+"\n"), &bytes.Buffer{}, fixtureExtractor(t))
	if err == nil {
		t.Fatal("want context error")
	}
}

func TestExtractBadInput(t *testing.T) {
	e := fixtureExtractor(t)
	if out := e.Extract(Input{ID: "x"}); out.Error == "" {
		t.Error("no text and no html must be an error")
	}
	text := "Hamas \xff\xfe claimed the attack in Kabul."
	out := e.Extract(Input{ID: "y", Text: text})
	if out.Error != "" || len(out.Groups) != 1 {
		t.Fatalf("invalid UTF-8 not repaired: %+v", out)
	}
	if m := out.Groups[0].Mentions[0]; text[m.Start:m.End] != m.Text {
		t.Errorf("offsets moved by repair")
	}
}

func TestRunJSONLOrderWithWorkers(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Workers = 4
	e, err := New(fixtureExtractor(t).gaz, nil, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	for i := 0; i < 200; i++ {
		// vary the cost so that workers finish out of order
		text := strings.Repeat("Hamas claimed the attack. ", 1+(i*37)%50)
		b, _ := json.Marshal(Input{ID: fmt.Sprint(i), Text: text})
		in.Write(b)
		in.WriteByte('\n')
	}
	var out bytes.Buffer
	st, err := RunJSONL(context.Background(), strings.NewReader(in.String()), &out, e)
	if err != nil || st.Lines != 200 || st.OK != 200 {
		t.Fatalf("stats %+v err %v", st, err)
	}
	dec := json.NewDecoder(&out)
	for i := 0; i < 200; i++ {
		var m struct{ ID string }
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if m.ID != fmt.Sprint(i) {
			t.Fatalf("line %d has id %s", i, m.ID)
		}
	}
}
