package incidents

import (
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/claimwatch/claimwatch/pipeline"
)

// maxWords bounds Report.Words.
const maxWords = 80

// Reports splits a record into the attacks it describes: one Report per
// extracted incident, with the claims about it (claims that name no
// incident go to the record's first incident), or, for a record without an
// extracted incident that still states claims about an attack, one Report
// for the record. A record that does neither describes no attack: nil.
func Reports(rec pipeline.Record) []Report {
	if rec.ID == "" {
		return nil
	}
	base := Report{
		RecordID:  rec.ID,
		URL:       rec.Article.CanonicalURL,
		Outlet:    outlet(rec.Article),
		Title:     rec.Article.Title,
		Published: rec.Article.Published,
		FetchedAt: rec.Article.FetchedAt.UTC(),
	}
	if base.URL == "" {
		base.URL = rec.Article.URL
	}
	base.Time = base.FetchedAt
	if t, ok := parseDate(rec.Article.Published); ok {
		base.Time = t
	}
	names := groupNames(rec)
	for _, in := range rec.Incidents { // the place is scored on its own
		if in.Location != nil {
			for _, w := range tokenize(in.Location.Name) {
				names[w] = true
			}
		}
	}
	for _, w := range tokenize(base.Outlet) { // datelines name the outlet
		names[w] = true
	}
	if len(rec.Incidents) == 0 {
		claims := reportClaims(rec.Claims, func(*string) bool { return true })
		if len(claims) == 0 {
			return nil
		}
		r := base
		r.Key = rec.ID + "#"
		r.Claims = claims
		r.Words = words(rec.Article.Title, claimsText(rec.Claims), names)
		return []Report{r}
	}
	out := make([]Report, 0, len(rec.Incidents))
	for i, in := range rec.Incidents {
		first := i == 0
		if !first && in.Location == nil && in.Date == "" {
			// A fragment (no place, no date) is taken as another mention
			// of the record's first attack: it adds claims and figures.
			foldInto(&out[0], in, rec.Claims)
			continue
		}
		id := in.ID
		r := base
		r.Key = id
		if !strings.HasPrefix(id, rec.ID+"#") {
			r.Key = rec.ID + "#" + id
		}
		r.IncidentID = id
		r.Type = in.Type
		r.Date, r.DatePrecision = in.Date, in.DatePrecision
		if in.Location != nil {
			l := *in.Location
			r.Location = &l
		}
		r.Killed, r.Injured = copyInt(in.Killed), copyInt(in.Injured)
		r.Suicide = in.Suicide
		r.Targets = append([]string(nil), in.Targets...)
		r.Claims = reportClaims(rec.Claims, func(inc *string) bool {
			if inc == nil {
				return first
			}
			return *inc == id
		})
		var ev []string
		ev = append(ev, in.Evidence.Text)
		for _, c := range rec.Claims {
			if c.Incident != nil && *c.Incident == id || c.Incident == nil && first {
				ev = append(ev, c.Evidence.Text)
			}
		}
		text := strings.Join(ev, " ")
		if first {
			text += " " + lead(rec.Article.Text)
		}
		r.Words = words(rec.Article.Title, text, names)
		out = append(out, r)
	}
	return out
}

// foldInto adds a fragment incident's claims, and the figures and type the
// first report lacks, to the first report.
func foldInto(r *Report, in pipeline.Incident, cs []pipeline.Claim) {
	r.Claims = append(r.Claims, reportClaims(cs, func(inc *string) bool { return inc != nil && *inc == in.ID })...)
	if r.Killed == nil {
		r.Killed = copyInt(in.Killed)
	}
	if r.Injured == nil {
		r.Injured = copyInt(in.Injured)
	}
	if r.Type == "" || r.Type == "unknown" {
		r.Type = in.Type
	}
	r.Suicide = r.Suicide || in.Suicide
}

// outlet is the configured source name, else the host of the URL.
func outlet(a pipeline.Article) string {
	if a.Source != "" {
		return a.Source
	}
	for _, s := range []string{a.CanonicalURL, a.URL} {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
	return ""
}

func reportClaims(cs []pipeline.Claim, keep func(*string) bool) []ReportClaim {
	var out []ReportClaim
	for _, c := range cs {
		if !keep(c.Incident) {
			continue
		}
		rc := ReportClaim{Status: c.Status, Certainty: c.Certainty, Evidence: c.Evidence.Text}
		if c.GroupID != nil {
			rc.GroupID = *c.GroupID
		}
		out = append(out, rc)
	}
	return out
}

func claimsText(cs []pipeline.Claim) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Evidence.Text)
		b.WriteByte(' ')
	}
	return b.String()
}

// groupNames are the words of group names, left out of Words: group overlap
// is scored on its own, and a shared name says nothing about the attack.
func groupNames(rec pipeline.Record) map[string]bool {
	out := map[string]bool{}
	for _, g := range rec.Groups {
		for _, m := range append([]pipeline.Span{{Text: g.Name}}, g.Mentions...) {
			for _, w := range tokenize(m.Text) {
				out[w] = true
			}
		}
	}
	return out
}

// lead is the first sentences of a text (its first 400 bytes, cut at a
// word boundary): wire reports put who, what and where there.
func lead(s string) string {
	const n = 400
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
	}
	return s[:cut]
}

// words returns the distinct content words of the texts, without stop
// words, numbers and the words of skip, sorted, at most maxWords (the
// title's words first).
func words(title, text string, skip map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range []string{title, text} {
		for _, w := range tokenize(s) {
			if len(out) >= maxWords {
				break
			}
			if seen[w] || skip[w] || stopWords[w] || len(w) < 3 {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// tokenize lower-cases s, splits it into letter runs and stems each
// crudely (stem).
func tokenize(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range f {
		f[i] = stem(w)
	}
	return f
}

// stem strips a plural, possessive, -ing, -ed or -er ending from words of
// more than four letters, so that bomb, bombs, bombing, bombed and bomber
// meet.
func stem(w string) string {
	if len(w) <= 4 {
		return w
	}
	for _, suf := range []string{"ings", "ing", "ers", "ed", "er", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			if suf == "s" && strings.HasSuffix(w, "ss") {
				return w
			}
			w = w[:len(w)-len(suf)]
			// double consonant left by -ing/-ed: "kidnapping" -> "kidnap"
			if n := len(w); (suf == "ing" || suf == "ed" || suf == "er") && n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
				w = w[:n-1]
			}
			return w
		}
	}
	return w
}

// stopWords are function words, the vocabulary of every attack report
// (which says nothing about which attack it is) and the words of attack
// types (scored on their own).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for that this with from was were are has have had its his her their
		they them who whom which what when where while into onto over under after before about than then also
		but not nor any all some said says say told tell according official officials police spokesman spokesperson
		statement statements sunday monday tuesday wednesday thursday friday saturday yesterday today tonight
		morning evening night week month year day hour least more most many several people person killed kill killing
		wounded wounding injured injuring dead death toll rose rise risen attack attacked attacker responsibility
		claimed claim claiming group militant militants report reported reporting reuter agency news wire update
		updated local security force forces government ministry minister interior city town village province capital
		near outside inside other another one two three four five six seven eight nine ten dozen dozens number
		would could will can may might been being did does just only still even told later earlier since
		carried out through during amid against between both each such own same via per new latest
		january february march april june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec
		bomb bombing bomber blast explosion exploded explosive explosives detonated device suicide car
		gunmen gunman gunfire shooting shot opened fire ambush ambushed armed assault stormed raid
		kidnapped kidnapping abducted abduction hostage hostages militant insurgent jihadist fighter
		target targeted hit struck strike died die hurt victim civilian soldier army troop policeman policemen
		officer attackers blamed blame denied deny involvement immediately responsible behind condemned
		suspected suspect role carried`) {
		m[stem(w)] = true
	}
	return m
}()

// parseDate reads RFC 3339, "2006-01-02T15:04:05" (UTC), YYYY-MM-DD,
// YYYY-MM or YYYY, in UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
