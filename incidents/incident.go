package incidents

import (
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Incident is one attack as told by every report merged into it. Only
// Sources is state; every other field is derived from them by Rebuild.
type Incident struct {
	// ID is "inc-" + 16 hex digits, derived from the key of the report that
	// created the incident (IncidentID); it never changes afterwards.
	ID    string `json:"id"`
	Title string `json:"title"` // title of the earliest report
	// Type is the most specific attack type the reports agree on.
	Type string `json:"type,omitempty"`
	// Date is the earliest event date given by a report at day precision
	// (else at the best precision available), YYYY-MM-DD, YYYY-MM or YYYY.
	Date     string             `json:"date,omitempty"`
	DateFrom string             `json:"date_from,omitempty"` // earliest event date (or publication day) of a report, YYYY-MM-DD
	DateTo   string             `json:"date_to,omitempty"`   // latest, YYYY-MM-DD
	Location *pipeline.Location `json:"location,omitempty"`  // the place most reports give
	Country  string             `json:"country,omitempty"`   // ISO 3166-1 alpha-2
	// Killed and Injured are the figures of the latest report that gives
	// one (tolls are revised upwards as reports come in).
	Killed  *int `json:"killed,omitempty"`
	Injured *int `json:"injured,omitempty"`
	Suicide bool `json:"suicide,omitempty"`
	// Groups are the ids of every group that claimed, denied or was blamed.
	Groups []string `json:"groups,omitempty"`
	// Status is the latest statement per group, in order of first mention.
	Status []GroupStatus `json:"status,omitempty"`
	// Claimed: some group claimed it (and did not retract); CompClaim: two
	// or more groups claimed it.
	Claimed   bool `json:"claimed"`
	CompClaim bool `json:"compclaim"`
	// FirstSeen is the earliest time a report was fetched (or published,
	// when the fetch time is unknown); LastSeen the latest.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Outlets   []string  `json:"outlets,omitempty"` // distinct outlets, in order of first report
	// Sources are the reports, in timeline order (Report.Time, then key).
	Sources []Report `json:"sources"`
	// Timeline lists the claim events in order.
	Timeline []ClaimEvent `json:"timeline,omitempty"`
}

// GroupStatus is the latest statement about one group (GroupID empty for
// "no group has claimed").
type GroupStatus struct {
	GroupID   string `json:"group_id"`
	Status    string `json:"status"`
	Certainty string `json:"certainty,omitempty"`
}

// Claim event kinds.
const (
	EventFirstClaim     = "first_claim"     // the first claim of the incident
	EventCompetingClaim = "competing_claim" // a claim by another group after one group claimed
	EventDenial         = "denial"          // a group denies, never having claimed
	EventRetraction     = "retraction"      // a group denies after it claimed
	EventReclaim        = "reclaim"         // a group claims again after it denied or retracted
	EventAttribution    = "attribution"     // someone else blames a group
	EventUnclaimed      = "unclaimed"       // a report says no group has claimed
)

// ClaimEvent is one change in who claims the incident: the first report of
// a (group, status), in timeline order. Repetitions by later reports are
// not events; they are in Sources.
type ClaimEvent struct {
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	GroupID   string    `json:"group_id,omitempty"`
	Status    string    `json:"status"`
	Certainty string    `json:"certainty,omitempty"`
	RecordID  string    `json:"record_id"`
	Outlet    string    `json:"outlet,omitempty"`
	URL       string    `json:"url,omitempty"`
	Evidence  string    `json:"evidence,omitempty"`
}

// Report is one attack described by one record: a record's incident (or,
// for a record that states claims without an extracted incident, the record
// itself) with the claims about it. It is the unit of clustering and what
// an Incident keeps of each source.
type Report struct {
	// Key is the record's incident id ("<record id>#<n>"), or "<record
	// id>#" for a record without incidents: unique per report, stable
	// across replays.
	Key        string    `json:"key"`
	RecordID   string    `json:"record_id"`
	IncidentID string    `json:"incident_id,omitempty"` // the record's incident id
	URL        string    `json:"url,omitempty"`
	Outlet     string    `json:"outlet,omitempty"`
	Title      string    `json:"title,omitempty"`
	Published  string    `json:"published,omitempty"`
	Time       time.Time `json:"time"`                 // published, else fetched
	FetchedAt  time.Time `json:"fetched_at,omitempty"` // when the crawler fetched it
	Type       string    `json:"type,omitempty"`
	// Date is the event date the report gives (YYYY-MM-DD, YYYY-MM, YYYY)
	// with DatePrecision day, month or year; empty when it gives none.
	Date          string             `json:"date,omitempty"`
	DatePrecision string             `json:"date_precision,omitempty"`
	Location      *pipeline.Location `json:"location,omitempty"`
	Killed        *int               `json:"killed,omitempty"`
	Injured       *int               `json:"injured,omitempty"`
	Suicide       bool               `json:"suicide,omitempty"`
	Targets       []string           `json:"targets,omitempty"`
	Claims        []ReportClaim      `json:"claims,omitempty"`
	// Words are the distinct content words of title and evidence (lower
	// case, sorted, at most maxWords): what text similarity compares.
	Words []string `json:"words,omitempty"`
}

// ReportClaim is a statement of a report about responsibility.
type ReportClaim struct {
	GroupID   string `json:"group_id,omitempty"` // empty: "no group has claimed"
	Status    string `json:"status"`
	Certainty string `json:"certainty,omitempty"`
	Evidence  string `json:"evidence,omitempty"`
}

// Query selects incidents for search. Lists OR their values and AND each
// other; zero values constrain nothing.
type Query struct {
	Text      string    // words of the title of any source (all required)
	Groups    []string  // any group of the incident
	Statuses  []string  // any latest status of a group
	Types     []string  // incident type
	Countries []string  // ISO 3166-1 alpha-2
	Since     time.Time // event date range (DateFrom..DateTo) ends at or after
	Until     time.Time // event date range starts at or before
	Size      int       // default 10, at most 1000
	From      int
}

// Result is one page of incidents, most recent first (DateTo, then id).
type Result struct {
	Total     int        `json:"total"`
	Incidents []Incident `json:"incidents"`
}

// CandidateQuery asks a Store for the incidents a report may belong to:
// those whose date range [DateFrom, DateTo] intersects [Since, Until] and
// whose country is Country, or unknown. An empty Country matches every
// country.
type CandidateQuery struct {
	Country string
	Since   time.Time
	Until   time.Time
	Limit   int
}
