package alerts

import (
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Alert is what a rule firing publishes on claimwatch.alerts.<rule> and what
// webhooks receive (format json).
type Alert struct {
	Key            string         `json:"key"` // idempotency key, = Nats-Msg-Id
	Rule           string         `json:"rule"`
	Update         bool           `json:"update"`                    // a change after a first report for this (rule, incident key)
	PreviousStatus string         `json:"previous_status,omitempty"` // with Update: the status reported before
	PreviousGroup  string         `json:"previous_group,omitempty"`  // with Update: whose status that was
	RecordID       string         `json:"record_id"`
	IncidentKey    string         `json:"incident_key"`
	Title          string         `json:"title"`
	URL            string         `json:"url"`
	Outlet         string         `json:"outlet,omitempty"`
	Published      string         `json:"published,omitempty"`
	Group          string         `json:"group"` // "" when no group has claimed
	GroupName      string         `json:"group_name,omitempty"`
	Status         string         `json:"status"`
	Certainty      string         `json:"certainty,omitempty"`
	Confidence     float64        `json:"confidence"`
	Incident       *AlertIncident `json:"incident,omitempty"`
	Evidence       string         `json:"evidence"`
	FetchedAt      time.Time      `json:"fetched_at"`
	AlertedAt      time.Time      `json:"alerted_at"`
}

// AlertIncident is the attack an alert is about.
type AlertIncident struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Place   string   `json:"place,omitempty"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
	Date    string   `json:"date,omitempty"`
	Killed  *int     `json:"killed"`
	Injured *int     `json:"injured"`
}

// NewAlert builds the alert for a match of rec; the caller sets Update,
// PreviousStatus, PreviousGroup and AlertedAt.
func NewAlert(m Match, rec pipeline.Record) Alert {
	a := Alert{
		Key:         m.Key,
		Rule:        m.Rule,
		RecordID:    rec.ID,
		IncidentKey: m.IncidentKey,
		Title:       rec.Article.Title,
		URL:         rec.Article.CanonicalURL,
		Outlet:      rec.Article.Source,
		Published:   rec.Article.Published,
		Group:       m.Group,
		Status:      m.Status,
		Certainty:   m.Claim.Certainty,
		Confidence:  m.Claim.Confidence,
		Evidence:    m.Claim.Evidence.Text,
		FetchedAt:   rec.Article.FetchedAt,
	}
	if a.URL == "" {
		a.URL = rec.Article.URL
	}
	for _, g := range rec.Groups {
		if g.ID == m.Group {
			a.GroupName = g.Name
			break
		}
	}
	if inc := m.Incident; inc != nil {
		ai := &AlertIncident{ID: inc.ID, Type: inc.Type, Date: inc.Date, Killed: inc.Killed, Injured: inc.Injured}
		if l := inc.Location; l != nil {
			lat, lon := l.Lat, l.Lon
			ai.Place, ai.Country, ai.Lat, ai.Lon = l.Name, l.Country, &lat, &lon
		}
		a.Incident = ai
	}
	return a
}
