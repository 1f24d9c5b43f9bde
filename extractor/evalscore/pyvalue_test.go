package evalscore

import (
	"encoding/json"
	"testing"
)

func TestPyFloat(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{1, "1.0"}, {0, "0.0"}, {0.5, "0.5"}, {2.0 / 3, "0.6666666666666666"}, {0.667, "0.667"},
		{0.0001, "0.0001"}, {0.00001, "1e-05"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"},
		{123.25, "123.25"}, {-1.5e-7, "-1.5e-07"}, {1.5e300, "1.5e+300"},
	} {
		if got := pyFloat(c.in); got != c.want {
			t.Errorf("pyFloat(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPyRound3(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{2.0 / 3, 0.667}, {1.0 / 3, 0.333}, {0.0005, 0.001}, {0.0015, 0.002}, {0.0025, 0.003}, {0.1235, 0.123}, {1, 1},
	} {
		if got := pyRound3(c.in); got != c.want {
			t.Errorf("pyRound3(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestPyRepr(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{nil, "None"}, {true, "True"}, {json.Number("12"), "12"}, {json.Number("-0"), "0"}, {json.Number("12.0"), "12.0"},
		{"a'b", `"a'b"`}, {`a'b"c`, `'a\'b"c'`}, {"tab\there", `'tab\there'`}, {"é\u00a0\u200b", `'é\xa0\u200b'`},
		{[]string{"a", "b"}, "['a', 'b']"}, {[]string{}, "[]"},
	} {
		if got := pyRepr(c.in); got != c.want {
			t.Errorf("pyRepr(%#v) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestPyEqual(t *testing.T) {
	for _, c := range []struct {
		a, b any
		want bool
	}{
		{json.Number("12"), json.Number("12.0"), true}, {json.Number("1"), true, true}, {nil, nil, true},
		{nil, json.Number("0"), false}, {"x", "x", true}, {"1", json.Number("1"), false},
	} {
		if got := pyEqual(c.a, c.b); got != c.want {
			t.Errorf("pyEqual(%#v, %#v) = %v", c.a, c.b, got)
		}
	}
}

func TestOverlaps(t *testing.T) {
	long := "one two three four five six seven eight"
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"", "x", false},
		{"claimed \u201cresponsibility\u201d", `The group claimed  "responsibility" today`, true},
		{"x " + long + " y", "z " + long + " w", true},
		{"x one two three four five six seven", "z one two three four five six seven w", false},
		{"a\u00a0b", "a b", true},
	} {
		if got := overlaps(c.a, c.b); got != c.want {
			t.Errorf("overlaps(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{"al-Shabaab": "alshabaab", "Tehrik-e-Taliban (TTP)": "tehriketalibanttp", "الشباب": "", "İS": "is"} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}
