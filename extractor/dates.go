package extractor

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date precisions of the contract.
const (
	PrecisionDay   = "day"
	PrecisionMonth = "month"
	PrecisionYear  = "year"
)

// anchorDate parses the published field (RFC 3339 or YYYY-MM-DD, or a
// longer timestamp starting with YYYY-MM-DD).
func anchorDate(published string) (time.Time, bool) {
	p := strings.TrimSpace(published)
	if p == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, p); err == nil {
		return t, true
	}
	if len(p) >= 10 {
		if t, err := time.Parse("2006-01-02", p[:10]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var monthNames = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdayNames = map[string]time.Weekday{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
}

// foundDate is a date with its precision.
type foundDate struct {
	Date, Precision string
	rank            int // 3 day, 2 month, 1 year
}

func dayDate(t time.Time) foundDate {
	return foundDate{t.Format("2006-01-02"), PrecisionDay, 3}
}

// findDate reads the most precise date expression in toks[a:b] (the first
// at equal precision). Relative expressions need the anchor.
func findDate(text string, toks []token, a, b int, anchor time.Time, hasAnchor bool) (foundDate, bool) {
	var best foundDate
	ok := false
	consider := func(d foundDate) {
		if !ok || d.rank > best.rank {
			best, ok = d, true
		}
	}
	year := func(i int) (int, bool) {
		if i < a || i >= b || len(toks[i].Low) != 4 {
			return 0, false
		}
		y, err := strconv.Atoi(toks[i].Low)
		if err != nil || y < 1900 || y > 2100 {
			return 0, false
		}
		return y, true
	}
	day := func(i int) (int, bool) {
		if i < a || i >= b {
			return 0, false
		}
		w := strings.TrimRight(toks[i].Low, "stndrh")
		if len(w) == 0 || len(w) > 2 {
			return 0, false
		}
		d, err := strconv.Atoi(w)
		if err != nil || d < 1 || d > 31 {
			return 0, false
		}
		return d, true
	}
	// inferYear places a month (and day) without a year in the anchor's
	// year, or the year before when that would be after the anchor.
	inferYear := func(m time.Month, d int) (int, bool) {
		if !hasAnchor {
			return 0, false
		}
		y := anchor.Year()
		if d == 0 {
			if m > anchor.Month() {
				y--
			}
			return y, true
		}
		if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(anchor.AddDate(0, 0, 1)) {
			y--
		}
		return y, true
	}
	for i := a; i < b; i++ {
		t := toks[i]
		w := strings.TrimSuffix(t.Low, "'s") // "Thursday's bombing"
		// ISO date 2021-08-26
		if y, ok := year(i); ok && i+4 < b && toks[i+1].Low == "-" && toks[i+3].Low == "-" {
			if mo, err := strconv.Atoi(toks[i+2].Low); err == nil && mo >= 1 && mo <= 12 {
				if d, ok := day(i + 4); ok {
					consider(dayDate(time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)))
					continue
				}
			}
		}
		// numeric 28/04/2024 or 04/28/2024: day and month told apart by a
		// number over 12, else by the anchor (the reading closest before it)
		if i+4 < b && toks[i+1].Low == "/" && toks[i+3].Low == "/" {
			if y, ok := year(i + 4); ok {
				if d, ok := numericDate(toks[i].Low, toks[i+2].Low, y, anchor, hasAnchor); ok {
					consider(dayDate(d))
					i += 4
					continue
				}
			}
		}
		if m, isMonth := monthNames[w]; isMonth && t.Kind == tokWord {
			orig := text[t.Start:t.End]
			if orig[0] < 'A' || orig[0] > 'Z' {
				continue // "may" the verb, "march" the verb
			}
			j := i + 1
			if j < b && toks[j].Low == "." {
				j++
			}
			// "August 26, 2021" / "August 26"
			if d, ok := day(j); ok {
				k := j + 1
				if k < b && toks[k].Low == "," {
					k++
				}
				if y, ok := year(k); ok {
					consider(dayDate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
					continue
				}
				if y, ok := inferYear(m, d); ok {
					consider(dayDate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
				}
				continue
			}
			// "26 August 2021" / "26 August"
			if d, ok := day(i - 1); ok {
				if y, ok := year(j); ok {
					consider(dayDate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
					continue
				}
				if y, ok := inferYear(m, d); ok {
					consider(dayDate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)))
				}
				continue
			}
			// "May 2021", "May last (year)", "in May"
			if y, ok := year(j); ok {
				consider(foundDate{fmt.Sprintf("%04d-%02d", y, m), PrecisionMonth, 2})
				continue
			}
			if j < b && toks[j].Low == "last" && hasAnchor {
				consider(foundDate{fmt.Sprintf("%04d-%02d", anchor.Year()-1, m), PrecisionMonth, 2})
				continue
			}
			prev := ""
			if i > a {
				prev = toks[i-1].Low
			}
			if m == time.May && !(prev == "in" || prev == "since" || prev == "early" || prev == "late" || prev == "mid" || prev == "last" || prev == "of" || prev == "during") {
				continue
			}
			if prev == "last" && hasAnchor {
				y := anchor.Year()
				if m >= anchor.Month() {
					y--
				}
				consider(foundDate{fmt.Sprintf("%04d-%02d", y, m), PrecisionMonth, 2})
				continue
			}
			if y, ok := inferYear(m, 0); ok {
				consider(foundDate{fmt.Sprintf("%04d-%02d", y, m), PrecisionMonth, 2})
			}
			continue
		}
		if wd, isDay := weekdayNames[w]; isDay && hasAnchor {
			back := (int(anchor.Weekday()) - int(wd) + 7) % 7
			if i > a && toks[i-1].Low == "last" && back == 0 {
				back = 7
			}
			consider(dayDate(anchor.AddDate(0, 0, -back)))
			continue
		}
		if hasAnchor {
			switch w {
			case "yesterday":
				consider(dayDate(anchor.AddDate(0, 0, -1)))
				continue
			case "today", "tonight":
				consider(dayDate(anchor))
				continue
			}
			if i+1 < b && (w == "last" || w == "this" || w == "earlier" || w == "previous") {
				switch toks[i+1].Low {
				case "year":
					y := anchor.Year()
					if w != "this" {
						y--
					}
					consider(foundDate{strconv.Itoa(y), PrecisionYear, 1})
				case "month":
					mt := time.Date(anchor.Year(), anchor.Month(), 1, 0, 0, 0, 0, time.UTC)
					if w != "this" {
						mt = mt.AddDate(0, -1, 0)
					}
					consider(foundDate{mt.Format("2006-01"), PrecisionMonth, 2})
				case "night":
					if w == "last" {
						consider(dayDate(anchor.AddDate(0, 0, -1)))
					}
				case "morning", "afternoon", "evening":
					if w == "this" {
						consider(dayDate(anchor))
					}
				}
			}
		}
		// "in 2021", "since 2018": a bare year after a preposition
		if y, ok := year(i); ok && i > a && toks[i-1].Kind == tokWord {
			switch toks[i-1].Low {
			case "in", "during", "of", "early", "late", "mid", "summer", "winter", "spring", "autumn", "fall":
				consider(foundDate{strconv.Itoa(y), PrecisionYear, 1})
			}
		}
	}
	return best, ok
}

// numericDate reads "p/q/y" as day/month or month/day: a number over 12 is
// the day; when both could be months, the reading on or before the anchor
// and closest to it wins (none without an anchor).
func numericDate(p, q string, y int, anchor time.Time, hasAnchor bool) (time.Time, bool) {
	a, err1 := strconv.Atoi(p)
	b, err2 := strconv.Atoi(q)
	if err1 != nil || err2 != nil || len(p) > 2 || len(q) > 2 || a < 1 || b < 1 || a > 31 || b > 31 {
		return time.Time{}, false
	}
	valid := func(d, m int) (time.Time, bool) {
		if m > 12 {
			return time.Time{}, false
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		return t, t.Day() == d
	}
	dm, okDM := valid(a, b) // 28/04
	md, okMD := valid(b, a) // 04/28
	switch {
	case okDM && !okMD:
		return dm, true
	case okMD && !okDM:
		return md, true
	case !okDM:
		return time.Time{}, false
	case a == b:
		return dm, true
	case !hasAnchor:
		return time.Time{}, false
	}
	limit := anchor.AddDate(0, 0, 1)
	switch dmOK, mdOK := !dm.After(limit), !md.After(limit); {
	case dmOK && !mdOK:
		return dm, true
	case mdOK && !dmOK:
		return md, true
	case dmOK && mdOK:
		if dm.After(md) {
			return dm, true
		}
		return md, true
	}
	return time.Time{}, false
}
