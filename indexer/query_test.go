package indexer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func utc(y int, m time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, m, d, h, mi, s, ns, time.UTC)
}

func TestParseQuery(t *testing.T) {
	endOf := func(y int, m time.Month, d int) time.Time { return utc(y, m, d, 23, 59, 59, 999999999) }
	tests := []struct {
		in   string
		want Query
	}{
		{"", Query{}},
		{"   \t\n ", Query{}},
		{"kabul", Query{Text: "kabul"}},
		{"  suicide   bombing  ", Query{Text: "suicide bombing"}},
		{`"suicide bomber"`, Query{Text: `"suicide bomber"`}},
		{`"  suicide    bomber "  kabul`, Query{Text: `"suicide bomber" kabul`}},
		{`kabul "suicide bomber" airport`, Query{Text: `kabul "suicide bomber" airport`}},
		{`""`, Query{}},
		{`word"phrase here"`, Query{Text: `word "phrase here"`}},
		{"group:iskp", Query{Groups: []string{"iskp"}}},
		{"GROUP:ISKP", Query{Groups: []string{"iskp"}}},
		{"group:iskp group:ttp", Query{Groups: []string{"iskp", "ttp"}}},
		{"group:iskp,ttp,,iskp", Query{Groups: []string{"iskp", "ttp"}}},
		{`group:"al-shabaab"`, Query{Groups: []string{"al-shabaab"}}},
		{"group:al-shabaab", Query{Groups: []string{"al-shabaab"}}},
		{"status:claimed status:Denied", Query{Statuses: []string{"claimed", "denied"}}},
		{"type:bombing,armed_assault", Query{Types: []string{"bombing", "armed_assault"}}},
		{"country:af country:PK", Query{Countries: []string{"AF", "PK"}}},
		{"since:2021", Query{Since: utc(2021, 1, 1, 0, 0, 0, 0)}},
		{"since:2021-05", Query{Since: utc(2021, 5, 1, 0, 0, 0, 0)}},
		{"since:2021-05-08", Query{Since: utc(2021, 5, 8, 0, 0, 0, 0)}},
		{"until:2021", Query{Until: endOf(2021, 12, 31)}},
		{"until:2021-02", Query{Until: endOf(2021, 2, 28)}},
		{"until:2024-02", Query{Until: endOf(2024, 2, 29)}},
		{"until:2021-12-31", Query{Until: endOf(2021, 12, 31)}},
		{"since:2021-08-26T10:00:00+04:30", Query{Since: utc(2021, 8, 26, 5, 30, 0, 0)}},
		{"since:2021-05-08 until:2021-05-08", Query{Since: utc(2021, 5, 8, 0, 0, 0, 0), Until: endOf(2021, 5, 8)}},
		{"10:30 kabul", Query{Text: "10:30 kabul"}},
		{":colon", Query{Text: ":colon"}},
		{`"http://example.org/x" blast`, Query{Text: `"http://example.org/x" blast`}},
		{
			`group:iskp status:claimed type:bombing country:AF since:2021-01-01 until:2021-12-31 "free text" words`,
			Query{
				Text: `"free text" words`, Groups: []string{"iskp"}, Statuses: []string{"claimed"},
				Types: []string{"bombing"}, Countries: []string{"AF"},
				Since: utc(2021, 1, 1, 0, 0, 0, 0), Until: endOf(2021, 12, 31),
			},
		},
	}
	for _, tt := range tests {
		got, err := ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		if !queriesEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q)\n got %#v\nwant %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		in, mention string // mention: a part of the message that helps the user
	}{
		{"author:smith", `unknown key "author:"`},
		{"http://example.org", `unknown key "http:"`},
		{"group:", "needs a value"},
		{"group:,", "needs a value"},
		{`group:""`, "needs a value"},
		{`group:"islamic state"`, "an id is letters"},
		{"status:maybe", "want one of claimed, denied, attributed, unclaimed"},
		{"country:AFG", "alpha-2"},
		{"country:A1", "alpha-2"},
		{"since:yesterday", "want a date"},
		{"since:2021-13", "want a date"},
		{"since:2021-02-30", "want a date"},
		{"since:21", "want a date"},
		{"since:2021,2022", "takes one date"},
		{"since:2021 since:2022", "given twice"},
		{"until:2021 until:2022", "given twice"},
		{"since:2022 until:2021", "is after"},
		{`"unterminated phrase`, "unterminated quote"},
		{`group:"iskp`, "unterminated quote"},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.in)
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("ParseQuery(%q) = %v, want ErrBadQuery", tt.in, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.mention) {
			t.Errorf("ParseQuery(%q) message %q does not mention %q", tt.in, err, tt.mention)
		}
	}
}

func TestQueryStringRoundTrip(t *testing.T) {
	for _, in := range []string{
		`group:iskp,ttp status:claimed "free text" words type:bombing country:af since:2021 until:2021-06`,
		`since:2021-08-26T10:00:00.5+04:30 until:2021-08-26T12:00:00Z`,
		`"a b"c d`,
	} {
		q, err := ParseQuery(in)
		if err != nil {
			t.Fatal(err)
		}
		s := q.String()
		q2, err := ParseQuery(s)
		if err != nil || !queriesEqual(q, q2) {
			t.Errorf("%q -> %q -> %#v, %v; want %#v", in, s, q2, err, q)
		}
	}
}

func TestTextParts(t *testing.T) {
	words, phrases := textParts(`group:iskp "suicide  bomber" kabul "open`)
	if !reflect.DeepEqual(words, []string{"group:iskp", "kabul"}) || !reflect.DeepEqual(phrases, []string{"suicide bomber", "open"}) {
		t.Fatalf("textParts = %q, %q", words, phrases)
	}
}

// queriesEqual compares queries, times by instant.
func queriesEqual(a, b Query) bool {
	if !a.Since.Equal(b.Since) || !a.Until.Equal(b.Until) {
		return false
	}
	a.Since, a.Until, b.Since, b.Until = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"",
		`group:iskp status:claimed type:bombing country:AF since:2021-01-01 until:2021-12-31 "free text" words`,
		`group:"al-shabaab" "open`,
		"since:2021-02 until:2021",
		"10:30 http://x :y z:",
		"country:af,pk status:denied,unclaimed",
		"since:2021-08-26T10:00:00+04:30",
		"\"\t\u00a0\"x\"y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("ParseQuery(%q) error %v does not wrap ErrBadQuery", s, err)
			}
			return
		}
		if !q.Since.IsZero() && !q.Until.IsZero() && q.Since.After(q.Until) {
			t.Fatalf("ParseQuery(%q): since %v after until %v", s, q.Since, q.Until)
		}
		for _, c := range q.Countries {
			if len(c) != 2 || strings.ToUpper(c) != c {
				t.Fatalf("ParseQuery(%q): country %q", s, c)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(q.Text) {
			t.Fatalf("ParseQuery(%q): invalid UTF-8 text %q", s, q.Text)
		}
		s2 := q.String()
		q2, err := ParseQuery(s2)
		if err != nil {
			t.Fatalf("ParseQuery(%q) ok but its String %q fails: %v", s, s2, err)
		}
		if !queriesEqual(q, q2) {
			t.Fatalf("round trip of %q via %q:\n got %#v\nwant %#v", s, s2, q2, q)
		}
	})
}
