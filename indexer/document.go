package indexer

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Field names of the indexed document (bleve mapping and, later, the
// Elasticsearch index template use the same names).
const (
	fieldTitle       = "title"
	fieldText        = "text"
	fieldSource      = "source"
	fieldLang        = "lang"
	fieldHost        = "host"
	fieldGroups      = "groups"
	fieldClaimStatus = "claim_status"
	fieldClaimPair   = "claim_pair"
	fieldType        = "incident_type"
	fieldCountry     = "country"
	fieldPublished   = "published"
	fieldMonth       = "month"
	fieldLocation    = "location"
	fieldRecord      = "record"
)

// doc is the flattened, indexable form of a Record. Record holds the full
// record JSON (stored, not indexed) so that Get returns it exactly.
type doc struct {
	Title       string     `json:"title,omitempty"`
	Text        string     `json:"text,omitempty"`
	Source      *string    `json:"source,omitempty"` // keyword fields are nil, not "", when absent
	Lang        *string    `json:"lang,omitempty"`
	Host        *string    `json:"host,omitempty"`
	Groups      []string   `json:"groups,omitempty"`
	ClaimStatus []string   `json:"claim_status,omitempty"`
	ClaimPair   []string   `json:"claim_pair,omitempty"`
	Type        []string   `json:"incident_type,omitempty"`
	Country     []string   `json:"country,omitempty"`
	Published   *time.Time `json:"published,omitempty"`
	Month       *string    `json:"month,omitempty"`
	Location    []string   `json:"location,omitempty"` // "lat,lon"
	Record      string     `json:"record"`
}

// claimPair is the claim_pair term that ties a group to a claim status.
func claimPair(group, status string) string { return group + ":" + status }

// newDoc flattens r. It fails (permanently) only when r cannot be encoded.
func newDoc(r *pipeline.Record) (*doc, error) {
	if strings.TrimSpace(r.ID) == "" {
		return nil, fmt.Errorf("%w: empty id", ErrInvalidRecord)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidRecord, err)
	}
	d := &doc{
		Title:  r.Article.Title,
		Text:   r.Article.Text,
		Source: optional(r.Article.Source),
		Lang:   optional(strings.ToLower(firstNonEmpty(r.Lang, r.Article.Lang))),
		Host:   optional(hostOf(firstNonEmpty(r.Article.CanonicalURL, r.Article.URL))),
		Record: string(raw),
	}
	for _, g := range r.Groups {
		d.Groups = addTerm(d.Groups, strings.ToLower(g.ID))
	}
	for _, c := range r.Claims {
		status := strings.ToLower(c.Status)
		d.ClaimStatus = addTerm(d.ClaimStatus, status)
		if c.GroupID != nil && *c.GroupID != "" && status != "" {
			gid := strings.ToLower(*c.GroupID)
			d.Groups = addTerm(d.Groups, gid)
			d.ClaimPair = addTerm(d.ClaimPair, claimPair(gid, status))
		}
	}
	for _, inc := range r.Incidents {
		d.Type = addTerm(d.Type, strings.ToLower(inc.Type))
		if loc := inc.Location; loc != nil {
			d.Country = addTerm(d.Country, strings.ToUpper(loc.Country))
			if validPoint(loc.Lat, loc.Lon) {
				d.Location = addTerm(d.Location,
					strconv.FormatFloat(loc.Lat, 'f', -1, 64)+","+strconv.FormatFloat(loc.Lon, 'f', -1, 64))
			}
		}
	}
	if t, ok := parsePublished(r.Article.Published); ok {
		d.Published = &t
		d.Month = optional(t.Format("2006-01"))
	}
	return d, nil
}

// ParsePublished is how every backend (and the exports) read
// Article.Published: RFC 3339, a date and time without zone (UTC), a date,
// or a month.
func ParsePublished(s string) (time.Time, bool) { return parsePublished(s) }

// ValidPoint reports whether a location is usable as a geo point: in range
// and not (0,0).
func ValidPoint(lat, lon float64) bool { return validPoint(lat, lon) }

// parsePublished reads Article.Published (RFC 3339, a date, or a date and
// time without zone, taken as UTC) and returns it in UTC.
func parsePublished(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "2006-01"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// validPoint rejects out-of-range coordinates and (0,0), which extractors
// emit for "unresolved" far more often than for the Gulf of Guinea.
func validPoint(lat, lon float64) bool {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return false
	}
	return lat != 0 || lon != 0
}

func addTerm(list []string, term string) []string {
	term = strings.TrimSpace(term)
	if term == "" {
		return list
	}
	for _, t := range list {
		if t == term {
			return list
		}
	}
	return append(list, term)
}

// optional returns nil for an empty (or blank) string: bleve would index ""
// as a term of a keyword field.
func optional(s string) *string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return &s
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// hostOf returns the lower-cased host of a URL without "www.", or "".
func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
}
