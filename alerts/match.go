package alerts

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/pipeline"
)

// compiled is a validated rule with its lookups precomputed.
type compiled struct {
	Rule
	groups    map[string]bool // rule groups plus, with include_affiliates, their expansion; nil = any
	statuses  map[string]bool
	types     map[string]bool
	countries map[string]bool
	outlets   map[string]bool
	keywords  []string // lower case
}

// Match is one rule firing on one (incident or article, group, status) of a record.
type Match struct {
	Rule string
	// Key is the alert's idempotency key: AlertKey(Rule, IncidentKey, Group, Status).
	Key string
	// IncidentKey is the incident id when the claim links one, else the record id.
	IncidentKey string
	Group       string // "" for "no group has claimed"
	Status      string
	Claim       pipeline.Claim
	// Incident is the claim's incident or, when the claim links none, the
	// record's only incident if it has exactly one; else nil.
	Incident *pipeline.Incident
}

// AlertKey is the idempotency key of an alert: hex SHA-256 of
// rule|incident key|group|status. It is the Nats-Msg-Id on ALERTS and the
// X-Claimwatch-Idempotency-Key of webhooks.
func AlertKey(rule, incidentKey, group, status string) string {
	h := sha256.New()
	for i, s := range [4]string{rule, incidentKey, group, status} {
		if i > 0 {
			h.Write([]byte{'|'})
		}
		h.Write([]byte(s))
	}
	var sum [sha256.Size]byte
	var buf [2 * sha256.Size]byte
	hex.Encode(buf[:], h.Sum(sum[:0]))
	return string(buf[:])
}

// Match returns every (rule, incident key, group, status) of rec that
// satisfies a rule, in rule order then claim order. Several claims with the
// same tuple give one Match (the most confident claim).
func (rs *RuleSet) Match(rec pipeline.Record) []Match {
	if len(rec.Claims) == 0 || len(rs.rules) == 0 {
		return nil
	}
	incidents := make(map[string]*pipeline.Incident, len(rec.Incidents))
	for i := range rec.Incidents {
		incidents[rec.Incidents[i].ID] = &rec.Incidents[i]
	}
	var text string // lower-cased title and text, built on first use
	textReady := false
	outlet := strings.ToLower(strings.TrimSpace(rec.Article.Source))
	var out []Match
	for _, r := range rs.rules {
		if r.outlets != nil && !r.outlets[outlet] {
			continue
		}
		kw := 0 // 0 unknown, 1 yes, -1 no
		first := len(out)
		for _, c := range rec.Claims {
			var inc *pipeline.Incident
			if c.Incident != nil {
				inc = incidents[*c.Incident]
			} else if len(rec.Incidents) == 1 {
				// An unlinked statement in an article about one attack.
				inc = &rec.Incidents[0]
			}
			if !r.matchClaim(c, inc) {
				continue
			}
			if len(r.keywords) > 0 && kw == 0 {
				if !textReady {
					text = strings.ToLower(rec.Article.Title + "\n" + rec.Article.Text)
					textReady = true
				}
				kw = -1
				if anyWord(text, r.keywords) {
					kw = 1
				}
			}
			if kw < 0 {
				break
			}
			if j := findMatch(out[first:], rec.ID, c); j >= 0 {
				if c.Confidence > out[first+j].Claim.Confidence {
					out[first+j] = newMatch(r.Name, rec, c, inc)
				}
				continue
			}
			out = append(out, newMatch(r.Name, rec, c, inc))
		}
	}
	return out
}

func newMatch(rule string, rec pipeline.Record, c pipeline.Claim, inc *pipeline.Incident) Match {
	ik := rec.ID
	if c.Incident != nil && *c.Incident != "" {
		ik = *c.Incident
	}
	group := ""
	if c.GroupID != nil {
		group = *c.GroupID
	}
	return Match{Rule: rule, Key: AlertKey(rule, ik, group, c.Status), IncidentKey: ik, Group: group, Status: c.Status, Claim: c, Incident: inc}
}

// findMatch finds the match of the same rule with c's (incident key, group, status).
func findMatch(ms []Match, recID string, c pipeline.Claim) int {
	ik := recID
	if c.Incident != nil && *c.Incident != "" {
		ik = *c.Incident
	}
	group := ""
	if c.GroupID != nil {
		group = *c.GroupID
	}
	for i := range ms {
		if ms[i].IncidentKey == ik && ms[i].Group == group && ms[i].Status == c.Status {
			return i
		}
	}
	return -1
}

// matchClaim checks every criterion of the rule but outlets and keywords
// (which depend on the record only).
func (r *compiled) matchClaim(c pipeline.Claim, inc *pipeline.Incident) bool {
	if r.statuses != nil && !r.statuses[c.Status] {
		return false
	}
	if r.groups != nil && (c.GroupID == nil || !r.groups[*c.GroupID]) {
		return false
	}
	if c.Confidence < r.MinConfidence {
		return false
	}
	if r.types == nil && r.countries == nil && r.Near == nil && r.MinKilled == 0 {
		return true
	}
	// Incident criteria need the claim's incident.
	if inc == nil {
		return false
	}
	if r.types != nil && !r.types[inc.Type] {
		return false
	}
	if r.MinKilled > 0 && (inc.Killed == nil || *inc.Killed < r.MinKilled) {
		return false
	}
	if r.countries != nil && (inc.Location == nil || !r.countries[strings.ToUpper(inc.Location.Country)]) {
		return false
	}
	if r.Near != nil {
		if inc.Location == nil || (inc.Location.Lat == 0 && inc.Location.Lon == 0) {
			return false
		}
		if haversineKM(*r.Near.Lat, *r.Near.Lon, inc.Location.Lat, inc.Location.Lon) > r.Near.RadiusKM {
			return false
		}
	}
	return true
}

// anyWord reports whether one of the (lower-case) words occurs in the
// lower-case text as a whole word: not preceded or followed by a letter or
// digit.
func anyWord(text string, words []string) bool {
	for _, w := range words {
		for off := 0; off <= len(text)-len(w); {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			i += off
			end := i + len(w)
			if boundaryBefore(text, i) && boundaryAfter(text, end) {
				return true
			}
			_, size := utf8.DecodeRuneInString(text[i:])
			off = i + size
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(r)
}

func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

// haversineKM is the great-circle distance in kilometres.
func haversineKM(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKM = 6371.0088
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKM * math.Asin(math.Min(1, math.Sqrt(a)))
}
