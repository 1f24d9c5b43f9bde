package crawler

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Publication dates when the page's metadata has none: from the URL path
// (/2024/05/08/, /2024-05-08-, /20240508/) or from a date written in the
// byline or the first lines of the text ("May 8, 2024", "8 mai 2024",
// "2024-05-08", "22/05/2024").

var (
	urlDateRe    = regexp.MustCompile(`(?:^|/|-|_)((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:$|/|-|_|\.)`)
	urlCompactRe = regexp.MustCompile(`(?:^|/|-|_)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:$|/|-|_|\.)`)
	isoDateRe    = regexp.MustCompile(`\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:T|\b)`)
	numDateRe    = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])[./]((?:19|20)\d\d)\b`)
	dayMonthRe   = regexp.MustCompile(`(?i)\b(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b`)
	monthDayRe   = regexp.MustCompile(`(?i)\b(\p{L}+)\.?\s+(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	monthsByName = monthIndex([][]string{
		{"january", "jan", "janvier", "janv", "enero", "ene", "janeiro", "gennaio", "januar", "jänner", "januari", "ocak"},
		{"february", "feb", "février", "fevrier", "févr", "febrero", "fevereiro", "fev", "febbraio", "februar", "februari", "şubat"},
		{"march", "mar", "mars", "marzo", "março", "marco", "märz", "maart", "mart"},
		{"april", "apr", "avril", "abril", "abr", "aprile", "nisan"},
		{"may", "mai", "mayo", "maio", "maggio", "mei", "mayıs"},
		{"june", "jun", "juin", "junio", "junho", "giugno", "juni", "haziran"},
		{"july", "jul", "juillet", "juil", "julio", "julho", "luglio", "juli", "temmuz"},
		{"august", "aug", "août", "aout", "agosto", "ago", "augustus", "ağustos"},
		{"september", "sep", "sept", "septembre", "septiembre", "setembro", "set", "settembre", "eylül"},
		{"october", "oct", "octobre", "octubre", "outubro", "out", "ottobre", "oktober", "okt", "ekim"},
		{"november", "nov", "novembre", "noviembre", "novembro", "kasım"},
		{"december", "dec", "décembre", "decembre", "déc", "diciembre", "dic", "dezembro", "dez", "dicembre", "dezember", "aralık"},
	})
)

// monthIndex maps each month name to its number (1-12).
func monthIndex(names [][]string) map[string]int {
	m := map[string]int{}
	for i, ns := range names {
		for _, n := range ns {
			m[n] = i + 1
		}
	}
	return m
}

// DateFromURL returns the YYYY-MM-DD date in a URL's path, or "".
func DateFromURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	path := p.EscapedPath()
	for _, re := range []*regexp.Regexp{urlDateRe, urlCompactRe} {
		if m := re.FindStringSubmatch(path); m != nil {
			if d := ymd(m[1], m[2], m[3]); d != "" {
				return d
			}
		}
	}
	return ""
}

// DateFromText returns the first plausible YYYY-MM-DD date written in s,
// or "". Numeric day/month/year is read day first (the order in most of the
// world's news); an impossible reading is rejected rather than swapped.
func DateFromText(s string) string {
	if len(s) > 4000 {
		s = s[:4000]
	}
	type hit struct {
		at   int
		date string
	}
	var best *hit
	try := func(at int, d string) {
		if d != "" && (best == nil || at < best.at) {
			best = &hit{at, d}
		}
	}
	if m := isoDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m[0], ymd(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]))
	}
	if m := numDateRe.FindStringSubmatchIndex(s); m != nil {
		try(m[0], ymd(s[m[6]:m[7]], s[m[4]:m[5]], s[m[2]:m[3]]))
	}
	for _, m := range dayMonthRe.FindAllStringSubmatchIndex(s, 4) {
		if mo, ok := monthsByName[strings.ToLower(s[m[4]:m[5]])]; ok {
			try(m[0], ymd(s[m[6]:m[7]], strconv.Itoa(mo), s[m[2]:m[3]]))
			break
		}
	}
	for _, m := range monthDayRe.FindAllStringSubmatchIndex(s, 4) {
		if mo, ok := monthsByName[strings.ToLower(s[m[2]:m[3]])]; ok {
			try(m[0], ymd(s[m[6]:m[7]], strconv.Itoa(mo), s[m[4]:m[5]]))
			break
		}
	}
	if best == nil {
		return ""
	}
	return best.date
}

// ymd validates and formats a date; "" when it does not exist.
func ymd(y, m, d string) string {
	yi, e1 := strconv.Atoi(y)
	mi, e2 := strconv.Atoi(m)
	di, e3 := strconv.Atoi(d)
	if e1 != nil || e2 != nil || e3 != nil {
		return ""
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return ""
	}
	return t.Format("2006-01-02")
}
