package indexer

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
)

// IncidentIndex stores cross-article incidents (incidents.Incident) beside
// the article records: the clustering state of the incidents stage and
// what `claimwatch incidents` searches. BleveIncidents (a second bleve
// index under the data directory) and the Elasticsearch <prefix>-incidents
// index implement it. Implementations are safe for concurrent use.
type IncidentIndex interface {
	incidents.Store
	incidents.Searcher
	// Count returns the number of stored incidents.
	Count(ctx context.Context) (int, error)
	// Close releases the index; later calls return ErrClosed.
	Close() error
}

// IncidentScanner streams every incident matching a query in Search's
// order (latest DateTo first, undated last, then ascending id), one page
// of batch incidents in memory at a time, however many match: what a full
// export of the events table needs where Search's from/size paging is
// capped (Elasticsearch refuses from+size beyond 10,000). q.From and
// q.Size are ignored; batch <= 0 means DefaultScanBatch. A scan sees the
// index as of its start. fn is called once per incident; an error from fn
// (or ctx) stops the scan and is returned. The Elasticsearch incident
// index implements it (point in time + search_after).
type IncidentScanner interface {
	ScanIncidents(ctx context.Context, q incidents.Query, batch int, fn func(incidents.Incident) error) error
}

// Field names of the indexed incident document (bleve and Elasticsearch).
const (
	incFieldID       = "id"
	incFieldTitle    = "title"
	incFieldType     = "type"
	incFieldCountry  = "country"
	incFieldGroups   = "groups"
	incFieldStatus   = "status"
	incFieldRecords  = "records"
	incFieldOutlets  = "outlets"
	incFieldDateFrom = "date_from"
	incFieldDateTo   = "date_to"
	incFieldLocation = "location"
	incFieldIncident = "incident"
)

// NoCountry is the country term of an incident without a country, so that
// candidate queries can ask for "this country or unknown".
const NoCountry = "-"

// IncidentDoc is the flattened, indexable form of an incident, shared by
// both backends. Incident holds the incident JSON (stored, not indexed).
type IncidentDoc struct {
	ID       string     `json:"id"`
	Title    string     `json:"title,omitempty"` // every source's title, one per line
	Type     *string    `json:"type,omitempty"`
	Country  string     `json:"country"` // NoCountry when unknown
	Groups   []string   `json:"groups,omitempty"`
	Status   []string   `json:"status,omitempty"` // latest status of each group
	Records  []string   `json:"records,omitempty"`
	Outlets  []string   `json:"outlets,omitempty"`
	DateFrom *time.Time `json:"date_from,omitempty"`
	DateTo   *time.Time `json:"date_to,omitempty"`
	Location *string    `json:"location,omitempty"` // "lat,lon"
	Killed   *int       `json:"killed,omitempty"`
	Injured  *int       `json:"injured,omitempty"`
	Sources  int        `json:"n_sources"`
	// FirstSeen and Timeline are for Elasticsearch (nested claim events,
	// e.g. for Kibana); the bleve mapping leaves them out.
	FirstSeen *time.Time             `json:"first_seen,omitempty"`
	Timeline  []incidents.ClaimEvent `json:"timeline,omitempty"`
	Incident  string                 `json:"incident"`
}

// NewIncidentDoc flattens inc; raw is its JSON encoding.
func NewIncidentDoc(inc *incidents.Incident, raw []byte) *IncidentDoc {
	d := &IncidentDoc{ID: inc.ID, Country: inc.Country, Groups: inc.Groups, Outlets: inc.Outlets,
		Killed: inc.Killed, Injured: inc.Injured, Sources: len(inc.Sources), Timeline: inc.Timeline, Incident: string(raw)}
	if !inc.FirstSeen.IsZero() {
		t := inc.FirstSeen.UTC()
		d.FirstSeen = &t
	}
	if d.Country == "" {
		d.Country = NoCountry
	}
	if inc.Type != "" {
		d.Type = &inc.Type
	}
	var titles []string
	seen := map[string]bool{}
	for _, s := range inc.Sources {
		if s.Title != "" && !seen[s.Title] {
			seen[s.Title] = true
			titles = append(titles, s.Title)
		}
		if !seen["r:"+s.RecordID] {
			seen["r:"+s.RecordID] = true
			d.Records = append(d.Records, s.RecordID)
		}
	}
	d.Title = strings.Join(titles, "\n")
	for _, st := range inc.Status {
		d.Status = append(d.Status, st.Status)
	}
	if t, ok := ParsePublished(inc.DateFrom); ok {
		d.DateFrom = &t
	}
	if t, ok := ParsePublished(inc.DateTo); ok {
		d.DateTo = &t
	}
	if l := inc.Location; l != nil && ValidPoint(l.Lat, l.Lon) {
		p := strconv.FormatFloat(l.Lat, 'f', -1, 64) + "," + strconv.FormatFloat(l.Lon, 'f', -1, 64)
		d.Location = &p
	}
	return d
}
