package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestReportCheck(t *testing.T) {
	tests := []struct {
		name      string
		lost, dup int
		want      []error
	}{
		{"clean", 0, 0, nil},
		{"lost", 2, 0, []error{ErrLost}},
		{"dup", 0, 1, []error{ErrDuplicates}},
		{"both", 1, 1, []error{ErrLost, ErrDuplicates}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Report{Accounting: Accounting{Served: 10, Lost: tt.lost, Duplicates: tt.dup}}
			err := r.Check()
			if (err == nil) != (len(tt.want) == 0) {
				t.Fatalf("Check = %v", err)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("Check = %v, want %v", err, w)
				}
			}
		})
	}
}

func TestReportOutput(t *testing.T) {
	r := Report{Articles: 3, Backend: "bleve", Stages: []StageResult{{Name: "crawl", Items: 3}},
		Accounting: Accounting{Served: 3, Indexed: 3, IndexEntries: 3, DeadLetters: map[string]int{"deliver": 1}}}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"crawl", "fetch-to-searchable", "fetch-to-alert", "peak RSS", "LOST", "DUPLICATES", "dead letters (deliver)"} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, text.String())
		}
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(js.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m["articles"].(float64) != 3 || m["accounting"].(map[string]any)["indexed"].(float64) != 3 {
		t.Errorf("JSON: %s", js.String())
	}
}
