package sitegen

import (
	"strings"
	"testing"
)

func TestParseSourceFollows(t *testing.T) {
	const first = "/world/2024/05/07/first-report.html"
	tests := []struct {
		name, head string
		ok         bool
	}{
		{"follow-up of an attack", goodHead + "follows: " + first + "\n", true},
		{"not an article path", goodHead + "follows: first-report\n", false},
		{"non-attack article", strings.Replace(goodHead, "attack: true\ngroups: Islamic State | Taliban\nclaims: Islamic State=claimed | =unclaimed\n", "attack: false\n", 1) + "follows: " + first + "\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSource("f.txt", []byte(tt.head+goodBody))
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && s.Expect.Follows != first {
				t.Errorf("follows = %q, want %q", s.Expect.Follows, first)
			}
		})
	}
}
