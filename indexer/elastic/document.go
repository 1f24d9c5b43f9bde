package elastic

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Field names. The flat keyword fields, title, text, published, month and
// location carry the same names and values as the bleve backend's document
// (indexer/document.go), so queries translate field for field.
const (
	fieldID          = "id"
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

// document is the indexed form of a Record. The first block mirrors the
// bleve document; the second adds structure that only Elasticsearch
// indexes (nested objects for per-mention, per-claim and per-incident
// queries in Kibana); Record is the full record except its article text,
// stored, not indexed: the text is stored once, in Text, and put back by
// storedSource.record.
type document struct {
	ID          string     `json:"id"`
	Title       string     `json:"title,omitempty"`
	Text        string     `json:"text,omitempty"`
	Source      string     `json:"source,omitempty"`
	Lang        string     `json:"lang,omitempty"`
	Host        string     `json:"host,omitempty"`
	Groups      []string   `json:"groups,omitempty"`
	ClaimStatus []string   `json:"claim_status,omitempty"`
	ClaimPair   []string   `json:"claim_pair,omitempty"`
	Type        []string   `json:"incident_type,omitempty"`
	Country     []string   `json:"country,omitempty"`
	Published   *time.Time `json:"published,omitempty"`
	Month       string     `json:"month,omitempty"`
	Location    []geoPoint `json:"location,omitempty"`

	URL           string          `json:"url,omitempty"`
	Authors       []string        `json:"authors,omitempty"`
	FetchedAt     *time.Time      `json:"fetched_at,omitempty"`
	ExtractedAt   *time.Time      `json:"extracted_at,omitempty"`
	SchemaVersion int             `json:"schema_version"`
	Killed        int             `json:"killed"`  // sum over incidents
	Injured       int             `json:"injured"` // sum over incidents
	Mentions      []mentionDoc    `json:"mentions,omitempty"`
	Claims        []claimDoc      `json:"claims,omitempty"`
	Incidents     []incidentDoc   `json:"incidents,omitempty"`
	Record        json.RawMessage `json:"record,omitempty"`
}

type geoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// mentionDoc is a group named in the text (nested "mentions").
type mentionDoc struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Mentions int    `json:"mentions"`
}

// claimDoc is one claim (nested "claims"); GroupID is "" for "no group
// has claimed".
type claimDoc struct {
	GroupID    string  `json:"group_id,omitempty"`
	GroupName  string  `json:"group_name,omitempty"`
	GroupKind  string  `json:"group_kind,omitempty"`
	Status     string  `json:"status,omitempty"`
	Certainty  string  `json:"certainty,omitempty"`
	Incident   string  `json:"incident,omitempty"`
	Source     string  `json:"source,omitempty"`
	Channel    string  `json:"channel,omitempty"`
	Confidence float64 `json:"confidence"`
	Evidence   string  `json:"evidence,omitempty"`
}

// incidentDoc is one attack (nested "incidents").
type incidentDoc struct {
	ID            string     `json:"id,omitempty"`
	Type          string     `json:"type,omitempty"`
	Date          *time.Time `json:"date,omitempty"`
	DatePrecision string     `json:"date_precision,omitempty"`
	Place         string     `json:"place,omitempty"`
	Country       string     `json:"country,omitempty"`
	Location      *geoPoint  `json:"location,omitempty"`
	Killed        *int       `json:"killed,omitempty"`
	Injured       *int       `json:"injured,omitempty"`
	Suicide       bool       `json:"suicide"`
	Targets       []string   `json:"targets,omitempty"`
}

// newDocument flattens r exactly as the bleve backend does for the shared
// fields (ids lower-cased, countries upper-cased, blanks dropped, terms
// deduplicated, (0,0) and out-of-range points dropped, published parsed to
// UTC). Every value that Elasticsearch would have to parse (dates,
// points) is checked here, so that a record never fails on a mapping
// error it could have avoided. It fails only for a record without id or
// one that cannot be encoded: indexer.ErrInvalidRecord, permanent.
func newDocument(r *pipeline.Record) (*document, error) {
	if strings.TrimSpace(r.ID) == "" {
		return nil, fmt.Errorf("%w: empty id", indexer.ErrInvalidRecord)
	}
	stored := *r
	stored.Article.Text = "" // stored once, in the text field
	raw, err := json.Marshal(&stored)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", indexer.ErrInvalidRecord, err)
	}
	a := &r.Article
	d := &document{
		ID:            r.ID,
		Title:         a.Title,
		Text:          a.Text,
		Source:        strings.TrimSpace(a.Source),
		Lang:          strings.TrimSpace(strings.ToLower(firstNonEmpty(r.Lang, a.Lang))),
		Host:          hostOf(firstNonEmpty(a.CanonicalURL, a.URL)),
		URL:           firstNonEmpty(a.CanonicalURL, a.URL),
		Authors:       a.Authors,
		SchemaVersion: r.SchemaVersion,
		Record:        raw,
	}
	if !a.FetchedAt.IsZero() {
		t := a.FetchedAt.UTC()
		d.FetchedAt = &t
	}
	if !r.ExtractedAt.IsZero() {
		t := r.ExtractedAt.UTC()
		d.ExtractedAt = &t
	}
	groupOf := map[string]pipeline.GroupMention{}
	for _, g := range r.Groups {
		id := strings.ToLower(g.ID)
		d.Groups = addTerm(d.Groups, id)
		if id = strings.TrimSpace(id); id != "" {
			groupOf[id] = g
			d.Mentions = append(d.Mentions, mentionDoc{ID: id, Name: g.Name, Kind: g.Kind, Mentions: len(g.Mentions)})
		}
	}
	for _, c := range r.Claims {
		status := strings.ToLower(c.Status)
		d.ClaimStatus = addTerm(d.ClaimStatus, status)
		cd := claimDoc{Status: strings.TrimSpace(status), Certainty: c.Certainty, Confidence: finite(c.Confidence),
			Incident: deref(c.Incident), Source: deref(c.Source), Channel: deref(c.Channel), Evidence: c.Evidence.Text}
		if c.GroupID != nil && *c.GroupID != "" {
			gid := strings.ToLower(*c.GroupID)
			cd.GroupID = strings.TrimSpace(gid)
			if g, ok := groupOf[cd.GroupID]; ok {
				cd.GroupName, cd.GroupKind = g.Name, g.Kind
			}
			if status != "" {
				d.Groups = addTerm(d.Groups, gid)
				d.ClaimPair = addTerm(d.ClaimPair, gid+":"+status)
			}
		}
		d.Claims = append(d.Claims, cd)
	}
	for _, inc := range r.Incidents {
		d.Type = addTerm(d.Type, strings.ToLower(inc.Type))
		id := incidentDoc{ID: inc.ID, Type: strings.TrimSpace(strings.ToLower(inc.Type)), DatePrecision: inc.DatePrecision,
			Killed: nonNegative(inc.Killed), Injured: nonNegative(inc.Injured), Suicide: inc.Suicide, Targets: inc.Targets}
		if t, ok := parseTime(inc.Date); ok {
			id.Date = &t
		}
		if loc := inc.Location; loc != nil {
			d.Country = addTerm(d.Country, strings.ToUpper(loc.Country))
			id.Place, id.Country = loc.Name, strings.TrimSpace(strings.ToUpper(loc.Country))
			if validPoint(loc.Lat, loc.Lon) {
				p := geoPoint{Lat: loc.Lat, Lon: loc.Lon}
				id.Location = &p
				if !slices.Contains(d.Location, p) {
					d.Location = append(d.Location, p)
				}
			}
		}
		if id.Killed != nil {
			d.Killed += *id.Killed
		}
		if id.Injured != nil {
			d.Injured += *id.Injured
		}
		d.Incidents = append(d.Incidents, id)
	}
	if t, ok := parseTime(a.Published); ok {
		d.Published = &t
		d.Month = t.Format("2006-01")
	}
	return d, nil
}

// encode returns the JSON of d. It equals json.Marshal(d) but splices
// the record in as it is, instead of letting encoding/json validate and
// re-compact the already compact JSON of the whole record (the largest
// part of the document) a second time.
func (d *document) encode() ([]byte, error) {
	rec := d.Record
	d.Record = nil
	b, err := json.Marshal(d)
	d.Record = rec
	if err != nil || len(rec) == 0 {
		return b, err
	}
	out := make([]byte, 0, len(b)+len(rec)+len(`,"record":`))
	out = append(out, b[:len(b)-1]...) // without the closing brace; never "{}" (id is set)
	out = append(out, `,"record":`...)
	out = append(out, rec...)
	return append(out, '}'), nil
}

// storedSource is the part of _source that holds the record: the record
// without its article text, and the text.
type storedSource struct {
	Record *pipeline.Record `json:"record"`
	Text   string           `json:"text"`
}

// sourceFields are the _source fields storedSource reads.
var sourceFields = []string{fieldRecord, fieldText}

// record reassembles the record exactly as it was put; false when the
// document has no stored record.
func (s *storedSource) record() (pipeline.Record, bool) {
	if s.Record == nil {
		return pipeline.Record{}, false
	}
	r := *s.Record
	if r.Article.Text == "" {
		r.Article.Text = s.Text
	}
	return r, true
}

// parseTime reads a date exactly as the bleve backend does.
func parseTime(s string) (time.Time, bool) { return indexer.ParsePublished(s) }

// validPoint rejects out-of-range coordinates and (0,0) ("unresolved").
func validPoint(lat, lon float64) bool { return indexer.ValidPoint(lat, lon) }

func addTerm(list []string, term string) []string {
	if term = strings.TrimSpace(term); term == "" || slices.Contains(list, term) {
		return list
	}
	return append(list, term)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nonNegative(n *int) *int {
	if n == nil || *n < 0 {
		return nil
	}
	return n
}

func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// hostOf returns the lower-cased host of a URL without "www.", or "".
func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
}
