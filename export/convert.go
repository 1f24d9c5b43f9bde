package export

import (
	"github.com/claimwatch/claimwatch/indexer"

	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

// converter turns records into table rows.
type converter struct {
	gaz       *extractor.Gazetteer // may be nil
	countries CountryNamer         // may be nil
}

// rows holds the rows of one record; its slices are reused across records.
type rows struct {
	article   ArticleRow
	claims    []ClaimRow
	incidents []IncidentRow
}

// convert fills out with the rows of r.
func (c *converter) convert(r *pipeline.Record, out *rows) {
	url := cmp.Or(r.Article.CanonicalURL, r.Article.URL)
	names := make(map[string]string, len(r.Groups)) // id -> name in the record
	a := ArticleRow{
		ID:           r.ID,
		URL:          r.Article.URL,
		CanonicalURL: r.Article.CanonicalURL,
		Source:       r.Article.Source,
		Title:        r.Article.Title,
		Published:    r.Article.Published,
		Lang:         cmp.Or(r.Lang, r.Article.Lang),
		FetchedAt:    timeString(r.Article.FetchedAt),
		ExtractedAt:  timeString(r.ExtractedAt),
		NIncidents:   int64(len(r.Incidents)),
		NClaims:      int64(len(r.Claims)),
	}
	for _, g := range r.Groups {
		if g.ID == "" || slices.Contains(a.GroupIDs, g.ID) {
			continue
		}
		names[g.ID] = g.Name
		a.GroupIDs = append(a.GroupIDs, g.ID)
		if g.Kind == pipeline.KindMilitant {
			a.MilitantIDs = append(a.MilitantIDs, g.ID)
		}
	}
	a.NGroups = int64(len(a.GroupIDs))
	out.article = a

	out.claims = out.claims[:0]
	for i, cl := range r.Claims {
		gid := deref(cl.GroupID)
		out.claims = append(out.claims, ClaimRow{
			RecordID:      r.ID,
			ClaimIndex:    int64(i),
			GroupID:       gid,
			GroupName:     c.groupName(gid, names),
			GTDName:       c.gtdName(gid, names),
			Status:        cl.Status,
			Certainty:     cl.Certainty,
			IncidentID:    deref(cl.Incident),
			ClaimSource:   deref(cl.Source),
			Channel:       deref(cl.Channel),
			Confidence:    cl.Confidence,
			Evidence:      cl.Evidence.Text,
			EvidenceStart: int64(cl.Evidence.Start),
			EvidenceEnd:   int64(cl.Evidence.End),
			Published:     r.Article.Published,
			URL:           url,
		})
	}

	out.incidents = out.incidents[:0]
	for i := range r.Incidents {
		out.incidents = append(out.incidents, c.incident(r, &r.Incidents[i], names, url))
	}
}

// perpetrator is a group blamed for an incident, with the statement that
// blames it most firmly.
type perpetrator struct {
	id    string
	rank  int // perpetratorRank of the statement
	claim *pipeline.Claim
}

// perpetratorRank orders statements: a claim first, then attributions by
// certainty. Denials and non-claims make no perpetrator (-1).
func perpetratorRank(c *pipeline.Claim) int {
	switch c.Status {
	case pipeline.StatusClaimed:
		return 0
	case pipeline.StatusAttributed:
		switch c.Certainty {
		case pipeline.CertaintySuspected:
			return 2
		case pipeline.CertaintyPossible:
			return 3
		}
		return 1
	}
	return -1
}

// incident builds the GTD-comparable row of inc. Only the claims that name
// inc (Claim.Incident) are about it; general statements are not.
func (c *converter) incident(r *pipeline.Record, inc *pipeline.Incident, names map[string]string, url string) IncidentRow {
	row := IncidentRow{
		RecordID:      r.ID,
		IncidentID:    inc.ID,
		Date:          inc.Date,
		DatePrecision: inc.DatePrecision,
		AttackType:    inc.Type,
		AttackTypeTxt: attackTypeTxt(inc.Type),
		TargType1Txt:  unknownTxt,
		Claimed:       claimedUnknown,
		NKill:         intPtr(inc.Killed),
		NWound:        intPtr(inc.Injured),
		Evidence:      inc.Evidence.Text,
		Published:     r.Article.Published,
		URL:           url,
	}
	row.IYear, row.IMonth, row.IDay = gtdDate(inc.Date)
	if inc.Suicide {
		row.Suicide = 1
	}
	if loc := inc.Location; loc != nil {
		row.Country, row.CountryTxt, row.City, row.Latitude, row.Longitude = c.place(loc, "")
	}
	for _, t := range inc.Targets {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(row.Targets, t) {
			row.Targets = append(row.Targets, t)
		}
	}
	if len(row.Targets) > 0 {
		row.TargType1Txt = targetTypeTxt(row.Targets[0])
	}
	if len(row.Targets) > 1 {
		row.TargType2Txt = targetTypeTxt(row.Targets[1])
	}

	var perps []perpetrator
	var claimers []string
	var firstClaim *pipeline.Claim
	for i := range r.Claims {
		cl := &r.Claims[i]
		if deref(cl.Incident) != inc.ID || inc.ID == "" {
			continue
		}
		gid := deref(cl.GroupID)
		row.GroupStatus = append(row.GroupStatus, gid+":"+cl.Status+":"+cl.Certainty)
		if s := strings.TrimSpace(deref(cl.Source)); s != "" && !slices.Contains(row.Sources, s) {
			row.Sources = append(row.Sources, s)
		}
		switch cl.Status {
		case pipeline.StatusClaimed:
			row.Claimed = claimedYes
			if firstClaim == nil {
				firstClaim = cl
			}
			if gid != "" && !slices.Contains(claimers, gid) {
				claimers = append(claimers, gid)
			}
		case pipeline.StatusUnclaimed:
			if row.Claimed != claimedYes {
				row.Claimed = claimedNo
			}
		}
		rank := perpetratorRank(cl)
		if gid == "" || rank < 0 {
			continue
		}
		if j := slices.IndexFunc(perps, func(p perpetrator) bool { return p.id == gid }); j >= 0 {
			if rank < perps[j].rank {
				perps[j].rank, perps[j].claim = rank, cl
			}
			continue
		}
		perps = append(perps, perpetrator{id: gid, rank: rank, claim: cl})
	}
	if row.Claimed == claimedYes {
		row.ClaimModeTxt = claimModeTxt(firstClaim.Channel)
		comp := int64(0)
		if len(claimers) > 1 {
			comp = 1
		}
		row.CompClaim = &comp
	}
	slices.SortStableFunc(perps, func(a, b perpetrator) int { return a.rank - b.rank })
	row.GName = unknownTxt
	for i, p := range perps {
		row.GroupIDs = append(row.GroupIDs, p.id)
		uncertain := int64(0)
		if p.rank >= 2 {
			uncertain = 1
		}
		switch i {
		case 0:
			row.GName, row.GUncertain1 = c.gtdName(p.id, names), &uncertain
			row.Certainty, row.ClaimEvidence = p.claim.Certainty, p.claim.Evidence.Text
		case 1:
			row.GName2, row.GUncertain2 = c.gtdName(p.id, names), &uncertain
		}
	}
	return row
}

// groupName is the canonical name of a group: the gazetteer's, else the
// name in the record, else the id.
// place gives the GTD place columns of loc: country code (loc's, else
// fallback), country name, city (unless loc names the country itself) and
// coordinates when valid. loc may be nil.
func (c *converter) place(loc *pipeline.Location, fallback string) (country, countryTxt, city string, lat, lon *float64) {
	country = strings.ToUpper(fallback)
	if loc != nil {
		country = cmp.Or(strings.ToUpper(loc.Country), country)
	}
	if c.countries != nil && country != "" {
		countryTxt, _ = c.countries.CountryName(country)
	}
	if loc == nil {
		return country, countryTxt, "", nil, nil
	}
	if !strings.EqualFold(loc.Name, countryTxt) && !strings.EqualFold(loc.Name, country) {
		city = loc.Name
	}
	if validPoint(loc.Lat, loc.Lon) {
		la, lo := loc.Lat, loc.Lon
		lat, lon = &la, &lo
	}
	return country, countryTxt, city, lat, lon
}

func (c *converter) groupName(id string, names map[string]string) string {
	if id == "" {
		return ""
	}
	if c.gaz != nil {
		if e, ok := c.gaz.Get(id); ok && e.Name != "" {
			return e.Name
		}
	}
	return cmp.Or(names[id], id)
}

// gtdName is the group's first GTD name when the gazetteer has one, else
// its canonical name.
func (c *converter) gtdName(id string, names map[string]string) string {
	if id == "" {
		return ""
	}
	if c.gaz != nil {
		if e, ok := c.gaz.Get(id); ok && len(e.GTDNames) > 0 && e.GTDNames[0] != "" {
			return e.GTDNames[0]
		}
	}
	return c.groupName(id, names)
}

// gtdDate splits a YYYY[-MM[-DD]] date into GTD iyear, imonth, iday
// (0 = unknown month or day; a nil year when there is no date).
func gtdDate(s string) (*int64, int64, int64) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) == 0 || len(parts[0]) != 4 {
		return nil, 0, 0
	}
	y, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || y <= 0 {
		return nil, 0, 0
	}
	var m, d int64
	if len(parts) > 1 {
		if v, err := strconv.ParseInt(parts[1], 10, 64); err == nil && v >= 1 && v <= 12 {
			m = v
		}
	}
	if len(parts) > 2 && m > 0 {
		if v, err := strconv.ParseInt(parts[2], 10, 64); err == nil && v >= 1 && v <= 31 {
			d = v
		}
	}
	return &y, m, d
}

// validPoint rejects out-of-range coordinates and (0,0), the extractors'
// "unresolved".
func validPoint(lat, lon float64) bool {
	if lat != lat || lon != lon || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return false
	}
	return lat != 0 || lon != 0
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func intPtr(n *int) *int64 {
	if n == nil {
		return nil
	}
	v := int64(*n)
	return &v
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// parsePublished reads Article.Published exactly as the indexer does.
func parsePublished(s string) (time.Time, bool) { return indexer.ParsePublished(s) }
