package incidents

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sort"
	"time"
)

// Config holds the clustering thresholds and weights. Zero fields take the
// defaults of DefaultConfig.
type Config struct {
	// RadiusKm: two located reports farther apart get no credit for the
	// place (and no veto: the place may be a dateline). Reports in
	// different countries are different attacks.
	RadiusKm float64 `yaml:"radius_km"`
	// NearKm: within this distance places score as the same place.
	NearKm float64 `yaml:"near_km"`
	// MaxDayGap: two reports whose event days are more days apart are
	// different attacks (a report without a day-precise date spans the
	// days before its publication, see UndatedDays).
	MaxDayGap int `yaml:"max_day_gap"`
	// UndatedDays: a report without an event date is taken to be about an
	// attack on its publication day or up to this many days before.
	UndatedDays int `yaml:"undated_days"`
	// Threshold: a report joins the best incident scoring at least this
	// much, in [0,1].
	Threshold float64 `yaml:"threshold"`
	// Weights of the evidence (normalised to their sum).
	Weights Weights `yaml:"weights"`
	// MaxCandidates bounds the incidents a report is compared with (the
	// store returns them in id order, so beyond it a match can be missed:
	// keep it above the number of attacks one country sees in a week and a
	// half).
	MaxCandidates int `yaml:"max_candidates"`
}

// Weights of each kind of evidence in the score.
type Weights struct {
	Place      float64 `yaml:"place"`
	Date       float64 `yaml:"date"`
	Type       float64 `yaml:"type"`
	Groups     float64 `yaml:"groups"`
	Casualties float64 `yaml:"casualties"`
	Text       float64 `yaml:"text"`
}

// DefaultConfig returns the defaults, chosen on incidents/testdata (see
// the multi-outlet test and docs in the package).
func DefaultConfig() Config {
	return Config{
		RadiusKm:      60,
		NearKm:        5,
		MaxDayGap:     2,
		UndatedDays:   3,
		Threshold:     0.6,
		MaxCandidates: 1000,
		Weights: Weights{
			Place: 0.15, Date: 0.2, Type: 0.05, Groups: 0.1, Casualties: 0.15, Text: 0.35,
		},
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.RadiusKm <= 0 {
		c.RadiusKm = d.RadiusKm
	}
	if c.NearKm <= 0 {
		c.NearKm = d.NearKm
	}
	if c.MaxDayGap <= 0 {
		c.MaxDayGap = d.MaxDayGap
	}
	if c.UndatedDays <= 0 {
		c.UndatedDays = d.UndatedDays
	}
	if c.Threshold <= 0 {
		c.Threshold = d.Threshold
	}
	if c.MaxCandidates <= 0 {
		c.MaxCandidates = d.MaxCandidates
	}
	if c.Weights == (Weights{}) {
		c.Weights = d.Weights
	}
	return c
}

// Engine scores reports against each other and against incidents. It is
// pure: the same inputs give the same answers.
type Engine struct {
	cfg Config
}

// NewEngine returns an engine with cfg (zero fields defaulted).
func NewEngine(cfg Config) *Engine { return &Engine{cfg: cfg.withDefaults()} }

// Config returns the engine's configuration with defaults applied.
func (e *Engine) Config() Config { return e.cfg }

// Score is the evidence that two reports tell the same attack: each part
// in [0,1] (0.5 when a side does not say), Total their weighted mean, and
// Veto the reason they cannot be the same attack ("" when they can).
type Score struct {
	Place, Date, Type, Groups, Casualties, Text float64
	Total                                       float64
	Veto                                        string
}

// Veto reasons.
const (
	VetoCountry    = "country"
	VetoDate       = "date"
	VetoSameRecord = "same_record"
)

// Pair scores two reports.
func (e *Engine) Pair(a, b *Report) Score {
	var s Score
	if a.RecordID == b.RecordID && a.Key != b.Key {
		s.Veto = VetoSameRecord // the extractor already told them apart
		return s
	}
	// place
	ca, cb := country(a), country(b)
	switch {
	case ca != "" && cb != "" && ca != cb:
		s.Veto = VetoCountry
		return s
	case located(a) && located(b):
		// Farther than RadiusKm scores 0 but does not veto: the place a
		// report gives is often its dateline (the reporting city).
		d := Haversine(a.Location.Lat, a.Location.Lon, b.Location.Lat, b.Location.Lon)
		switch {
		case d <= e.cfg.NearKm:
			s.Place = 1
		case d <= e.cfg.RadiusKm:
			s.Place = 1 - 0.7*(d-e.cfg.NearKm)/(e.cfg.RadiusKm-e.cfg.NearKm)
		}
	case ca != "" && ca == cb:
		s.Place = 0.6
	default:
		s.Place = 0.4
	}
	// date
	alo, ahi, aday := e.span(a)
	blo, bhi, bday := e.span(b)
	gap := dayGap(alo, ahi, blo, bhi)
	switch {
	case gap > e.cfg.MaxDayGap:
		s.Veto = VetoDate
		return s
	case !aday.IsZero() && aday.Equal(bday):
		s.Date = 1
	case gap == 0:
		s.Date = 0.5
	default:
		s.Date = 0.3 * (1 - float64(gap-1)/float64(e.cfg.MaxDayGap))
	}
	s.Type = typeScore(a.Type, b.Type)
	s.Groups = groupScore(a, b)
	s.Casualties = casualtyScore(a, b)
	if a.Time.After(b.Time) || a.Time.Equal(b.Time) && a.Key > b.Key {
		s.Casualties = casualtyScore(b, a)
	}
	s.Text = textScore(a.Words, b.Words)
	w := e.cfg.Weights
	sum := w.Place + w.Date + w.Type + w.Groups + w.Casualties + w.Text
	if sum <= 0 {
		return s
	}
	s.Total = (w.Place*s.Place + w.Date*s.Date + w.Type*s.Type + w.Groups*s.Groups +
		w.Casualties*s.Casualties + w.Text*s.Text) / sum
	return s
}

// Match scores a report against an incident: the best score against any of
// its sources (single linkage), 0 when a source of the same record is in
// it already (one record's attacks were told apart by the extractor).
func (e *Engine) Match(r *Report, inc *Incident) float64 {
	best := 0.0
	for i := range inc.Sources {
		src := &inc.Sources[i]
		if src.RecordID == r.RecordID {
			if src.Key == r.Key {
				continue
			}
			return 0
		}
		if s := e.Pair(r, src); s.Veto == "" && s.Total > best {
			best = s.Total
		}
	}
	return best
}

// Best returns the index of the candidate r joins, or -1: the highest
// Match at or above the threshold, ties going to the smaller incident id.
func (e *Engine) Best(r *Report, cands []Incident) (int, float64) {
	bi, bs := -1, 0.0
	for i := range cands {
		s := e.Match(r, &cands[i])
		if s < e.cfg.Threshold {
			continue
		}
		if bi < 0 || s > bs || s == bs && cands[i].ID < cands[bi].ID {
			bi, bs = i, s
		}
	}
	return bi, bs
}

// Candidates is the blocking query for a report: its country (if known)
// and the days it may be about, widened by MaxDayGap.
func (e *Engine) Candidates(r *Report) CandidateQuery {
	lo, hi, _ := e.span(r)
	gap := time.Duration(e.cfg.MaxDayGap) * 24 * time.Hour
	return CandidateQuery{Country: country(r), Since: lo.Add(-gap), Until: hi.Add(gap), Limit: e.cfg.MaxCandidates}
}

// span returns the first and last day (UTC midnight) the report's attack
// may have happened on, and the day the report gives (zero when it gives
// none to the day). A report that dates the attack to its own publication
// day may be using the dateline for a date it does not give ("on Friday"
// lost): its span reaches UndatedDays back, as for an undated report, and
// its day is kept for exact matches.
func (e *Engine) span(r *Report) (lo, hi, day time.Time) {
	pub := midnight(r.Time)
	if t, ok := parseDate(r.Date); ok {
		switch {
		case len(r.Date) == len("2006"):
			return t, t.AddDate(1, 0, -1), time.Time{}
		case len(r.Date) == len("2006-01") || r.DatePrecision == "month":
			return t, t.AddDate(0, 1, -1), time.Time{}
		}
		d := midnight(t)
		if !r.Time.IsZero() && d.Equal(pub) {
			return d.AddDate(0, 0, -e.cfg.UndatedDays), d, d
		}
		return d, d, d
	}
	return pub.AddDate(0, 0, -e.cfg.UndatedDays), pub, time.Time{}
}

// spanOf is span for the package's own use (Rebuild) with the defaults.
func spanOf(cfg Config, r *Report) (lo, hi time.Time) {
	lo, hi, _ = (&Engine{cfg: cfg.withDefaults()}).span(r)
	return lo, hi
}

func midnight(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// dayGap is the number of days between two day intervals, 0 when they
// overlap.
func dayGap(alo, ahi, blo, bhi time.Time) int {
	switch {
	case ahi.Before(blo):
		return int(math.Round(blo.Sub(ahi).Hours() / 24))
	case bhi.Before(alo):
		return int(math.Round(alo.Sub(bhi).Hours() / 24))
	}
	return 0
}

func country(r *Report) string {
	if r.Location != nil {
		return r.Location.Country
	}
	return ""
}

func located(r *Report) bool {
	l := r.Location
	return l != nil && (l.Lat != 0 || l.Lon != 0) && l.Lat >= -90 && l.Lat <= 90 && l.Lon >= -180 && l.Lon <= 180
}

// Haversine is the great-circle distance in km.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// compatibleTypes are attack types one report may give where another gives
// the other (a complex attack, a kidnapping that becomes a siege).
var compatibleTypes = map[[2]string]bool{
	{"armed_assault", "assassination"}:     true,
	{"armed_assault", "hostage_barricade"}: true,
	{"armed_assault", "bombing"}:           true,
	{"hostage_barricade", "kidnapping"}:    true,
	{"bombing", "facility_attack"}:         true,
	{"armed_assault", "facility_attack"}:   true,
	{"armed_assault", "kidnapping"}:        true,
	{"assassination", "bombing"}:           true,
}

func typeScore(a, b string) float64 {
	switch {
	case a == "" || b == "" || a == "unknown" || b == "unknown":
		return 0.5
	case a == b:
		return 1
	case compatibleTypes[[2]string{a, b}] || compatibleTypes[[2]string{b, a}]:
		return 0.4
	}
	return 0
}

// groupScore: Jaccard of the groups the reports' statements name; 0.5 when
// either names none. Disjoint groups score 0.25 (blame by officials and a
// later claim by another group are common), 0.1 when each report has a
// different group claiming.
func groupScore(a, b *Report) float64 {
	ga, gb := claimGroups(a), claimGroups(b)
	if len(ga) == 0 || len(gb) == 0 {
		return 0.5
	}
	inter := 0
	for g := range ga {
		if _, ok := gb[g]; ok {
			inter++
		}
	}
	if inter > 0 {
		return float64(inter) / float64(len(ga)+len(gb)-inter)
	}
	if claims(ga) && claims(gb) {
		return 0.1
	}
	return 0.25
}

func claims(gs map[string]bool) bool {
	for _, c := range gs {
		if c {
			return true
		}
	}
	return false
}

// claimGroups maps each group a report's statements name to whether it
// claimed.
func claimGroups(r *Report) map[string]bool {
	m := map[string]bool{}
	for _, c := range r.Claims {
		if c.GroupID != "" {
			m[c.GroupID] = m[c.GroupID] || c.Status == "claimed"
		}
	}
	return m
}

// casualtyScore compares the death tolls (and the injured) of an earlier
// report a and a later report b. Tolls are revised upwards as reports come
// in, so a later higher figure is plausible (at least 0.6, more the closer
// it is), while a later figure well below the earlier one is a conflict
// (the square of the ratio). Counts are smoothed by 2. 0.5 when neither
// pair of figures is given.
func casualtyScore(a, b *Report) float64 {
	var parts []float64
	for _, p := range [][2]*int{{a.Killed, b.Killed}, {a.Injured, b.Injured}} {
		if p[0] == nil || p[1] == nil {
			continue
		}
		e, l := float64(*p[0])+2, float64(*p[1])+2
		if l >= e {
			parts = append(parts, 0.6+0.4*e/l)
		} else {
			parts = append(parts, (l/e)*(l/e))
		}
	}
	if len(parts) == 0 {
		return 0.5
	}
	s := 0.0
	for _, p := range parts {
		s += p
	}
	return s / float64(len(parts))
}

// textScore grows with the number of distinct content words two reports
// share: 1 - 0.5^shared (one shared word 0.5, two 0.75, three 0.875).
// Wire reports of one attack are short and worded differently, so a ratio
// to their length says less than the count of rare shared words (names of
// buildings, districts, victims); place, group and attack-type words are
// not content words (Report.Words).
func textScore(a, b []string) float64 {
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 1 - math.Pow(0.5, float64(inter))
}

// IncidentID is the id of an incident created by the report with key:
// "inc-" + the first 16 hex digits of its SHA-256.
func IncidentID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "inc-" + hex.EncodeToString(sum[:8])
}

// sortReports orders reports by time, then key: the timeline order.
func sortReports(rs []Report) {
	sort.SliceStable(rs, func(i, j int) bool {
		if !rs[i].Time.Equal(rs[j].Time) {
			return rs[i].Time.Before(rs[j].Time)
		}
		return rs[i].Key < rs[j].Key
	})
}
