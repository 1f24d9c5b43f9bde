package indexer

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Query keys understood by ParseQuery.
const (
	keyGroup   = "group"
	keyStatus  = "status"
	keyType    = "type"
	keyCountry = "country"
	keySince   = "since"
	keyUntil   = "until"
)

var knownKeys = []string{keyGroup, keyStatus, keyType, keyCountry, keySince, keyUntil}

var knownStatuses = []string{pipeline.StatusClaimed, pipeline.StatusDenied, pipeline.StatusAttributed, pipeline.StatusUnclaimed}

// ParseQuery parses the small search syntax of `claimwatch search`:
//
//	group:iskp status:claimed type:bombing country:AF since:2021-01-01 until:2021-12-31 "free text" words
//
// Keys are case-insensitive. A key may be repeated, or take a
// comma-separated list (group:iskp,ttp); its values are ORed. A value may be
// double-quoted. Dates are YYYY, YYYY-MM or YYYY-MM-DD (UTC) or RFC 3339:
// since: is the start of the period, until: its end, inclusive. Everything
// that is not key:value is free text; double quotes make a phrase. A word
// whose prefix before ':' is made of letters is read as a key, so an unknown
// one (or a bad value) is an error wrapping ErrBadQuery; quote such a word
// to search it as text.
func ParseQuery(s string) (Query, error) {
	toks, err := lex(s, true)
	if err != nil {
		return Query{}, err
	}
	var q Query
	var text []string
	var sinceSet, untilSet bool
	for _, t := range toks {
		if t.key == "" {
			text = append(text, t.textForm())
			continue
		}
		values := splitValues(t.text, t.phrase)
		if len(values) == 0 {
			return Query{}, badQuery("%s: needs a value, e.g. %s", t.key, example(t.key))
		}
		switch t.key {
		case keyGroup, keyType:
			for _, v := range values {
				v = strings.ToLower(v)
				if !isSlug(v) {
					return Query{}, badQuery("%s:%q: an id is letters, digits, '-', '_' or '.', e.g. %s", t.key, v, example(t.key))
				}
				if t.key == keyGroup {
					q.Groups = appendUnique(q.Groups, v)
				} else {
					q.Types = appendUnique(q.Types, v)
				}
			}
		case keyStatus:
			for _, v := range values {
				v = strings.ToLower(v)
				if !slices.Contains(knownStatuses, v) {
					return Query{}, badQuery("status:%q: want one of %s", v, strings.Join(knownStatuses, ", "))
				}
				q.Statuses = appendUnique(q.Statuses, v)
			}
		case keyCountry:
			for _, v := range values {
				v = strings.ToUpper(v)
				if len(v) != 2 || !isASCIILetters(v) {
					return Query{}, badQuery("country:%q: want an ISO 3166-1 alpha-2 code, e.g. AF", v)
				}
				q.Countries = appendUnique(q.Countries, v)
			}
		case keySince, keyUntil:
			if len(values) != 1 {
				return Query{}, badQuery("%s: takes one date", t.key)
			}
			start, end, ok := parseDate(values[0])
			if !ok {
				return Query{}, badQuery("%s:%q: want a date YYYY, YYYY-MM or YYYY-MM-DD", t.key, values[0])
			}
			if t.key == keySince {
				if sinceSet {
					return Query{}, badQuery("since: given twice")
				}
				sinceSet, q.Since = true, start
			} else {
				if untilSet {
					return Query{}, badQuery("until: given twice")
				}
				untilSet, q.Until = true, end
			}
		default:
			return Query{}, badQuery("unknown key %q (known: %s); quote the word to search it as text", t.key+":", strings.Join(knownKeys, ", "))
		}
	}
	if sinceSet && untilSet && q.Since.After(q.Until) {
		return Query{}, badQuery("since:%s is after until:%s", formatDate(q.Since, false), formatDate(q.Until, true))
	}
	q.Text = strings.Join(text, " ")
	return q, nil
}

// String renders q in the syntax of ParseQuery; ParseQuery(q.String())
// gives back a query equal to q for every q that ParseQuery returned.
func (q Query) String() string {
	var parts []string
	add := func(key string, vals []string) {
		for _, v := range vals {
			parts = append(parts, key+":"+v)
		}
	}
	add(keyGroup, q.Groups)
	add(keyStatus, q.Statuses)
	add(keyType, q.Types)
	add(keyCountry, q.Countries)
	if !q.Since.IsZero() {
		parts = append(parts, keySince+":"+formatDate(q.Since, false))
	}
	if !q.Until.IsZero() {
		parts = append(parts, keyUntil+":"+formatDate(q.Until, true))
	}
	if q.Text != "" {
		parts = append(parts, q.Text)
	}
	return strings.Join(parts, " ")
}

// textParts splits free text into words and phrases, leniently (an
// unterminated quote runs to the end; key-like words are plain words).
func textParts(s string) (words, phrases []string) {
	toks, _ := lex(s, false)
	for _, t := range toks {
		if t.phrase {
			phrases = append(phrases, t.text)
		} else {
			words = append(words, t.text)
		}
	}
	return words, phrases
}

// token is a lexed word, phrase or key:value.
type token struct {
	key    string // lower-cased key, "" for free text
	text   string // the word, phrase or value
	phrase bool   // text was double-quoted
}

func (t token) textForm() string {
	if t.phrase {
		return `"` + t.text + `"`
	}
	return t.text
}

// lex splits s at white space and double quotes. With keys, a word whose
// part before the first ':' is ASCII letters becomes a key:value token.
func lex(s string, keys bool) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case r == '"':
			body, next, ok := quoted(s, i)
			if !ok && keys {
				return nil, badQuery("unterminated quote at byte %d", i)
			}
			i = next
			if p := normalizeSpace(body); p != "" {
				toks = append(toks, token{text: p, phrase: true})
			}
		default:
			j := i
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || r == '"' {
					break
				}
				j += n
			}
			word := s[i:j]
			i = j
			c := strings.IndexByte(word, ':')
			if !keys || c <= 0 || !isASCIILetters(word[:c]) {
				toks = append(toks, token{text: word})
				continue
			}
			t := token{key: strings.ToLower(word[:c]), text: word[c+1:]}
			if t.text == "" && i < len(s) && s[i] == '"' {
				body, next, ok := quoted(s, i)
				if !ok {
					return nil, badQuery("unterminated quote at byte %d", i)
				}
				i = next
				t.text, t.phrase = normalizeSpace(body), true
			}
			toks = append(toks, t)
		}
	}
	return toks, nil
}

// quoted reads the double-quoted string starting at s[i] == '"'. It returns
// the body, the index after the closing quote and whether one was found.
func quoted(s string, i int) (body string, next int, ok bool) {
	end := strings.IndexByte(s[i+1:], '"')
	if end < 0 {
		return s[i+1:], len(s), false
	}
	return s[i+1 : i+1+end], i + 2 + end, true
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// splitValues splits a key's value at commas (not inside quotes).
func splitValues(v string, quotedValue bool) []string {
	if quotedValue {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func appendUnique(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func isASCIILetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// isSlug reports whether s is a non-empty id of letters, digits, '-', '_', '.'.
func isSlug(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

func example(key string) string {
	switch key {
	case keyGroup:
		return "group:iskp"
	case keyStatus:
		return "status:claimed"
	case keyType:
		return "type:bombing"
	case keyCountry:
		return "country:AF"
	case keySince:
		return "since:2021-01-01"
	case keyUntil:
		return "until:2021-12-31"
	}
	return key + ":value"
}

// parseDate parses YYYY, YYYY-MM, YYYY-MM-DD (UTC) or an RFC 3339 instant
// and returns the first and the last instant of the period it names.
func parseDate(s string) (start, end time.Time, ok bool) {
	layouts := []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
	}
	for _, l := range layouts {
		if len(s) != len(l.layout) {
			continue
		}
		t, err := time.ParseInLocation(l.layout, s, time.UTC)
		if err != nil {
			continue
		}
		return t, l.next(t).Add(-time.Nanosecond), true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t = t.UTC()
		return t, t, true
	}
	return time.Time{}, time.Time{}, false
}

// formatDate renders t as YYYY-MM-DD when it is the first (or, for an
// end bound, the last) instant of a UTC day, else as RFC 3339.
func formatDate(t time.Time, end bool) string {
	t = t.UTC()
	day := t
	if end {
		day = t.Add(time.Nanosecond)
	}
	if day.Hour() == 0 && day.Minute() == 0 && day.Second() == 0 && day.Nanosecond() == 0 {
		if end {
			day = day.AddDate(0, 0, -1)
		}
		return day.Format("2006-01-02")
	}
	return t.Format(time.RFC3339Nano)
}
