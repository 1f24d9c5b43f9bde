package export

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// tableEvents is the table of cross-article incidents.
const tableEvents = "events"

// EventSearcher is the cross-article incident index the events table is
// read from (indexer.IncidentIndex implements it).
type EventSearcher interface {
	Search(ctx context.Context, q incidents.Query) (incidents.Result, error)
}

// EventRow is one row per cross-article incident (one attack, however many
// articles reported it), GTD-comparable. Its facts are those the incidents
// stage derived from all the reports merged into it.
type EventRow struct {
	EventID       string   `json:"event_id" parquet:"event_id" desc:"id of the cross-article incident (inc- + 16 hex digits, stable); key of the table"`
	Title         string   `json:"title" parquet:"title" desc:"headline of the earliest report"`
	IYear         *int64   `json:"iyear" parquet:"iyear,optional" desc:"GTD iyear: year of the attack (earliest day-precise date any report gives, else the most precise); null when no report dates it"`
	IMonth        int64    `json:"imonth" parquet:"imonth" desc:"GTD imonth: month 1-12, 0 when unknown"`
	IDay          int64    `json:"iday" parquet:"iday" desc:"GTD iday: day 1-31, 0 when unknown"`
	Date          string   `json:"date" parquet:"date" desc:"attack date: YYYY-MM-DD, YYYY-MM or YYYY; empty when no report dates it"`
	DateFrom      string   `json:"date_from" parquet:"date_from" desc:"earliest event date (or publication day) of a report, YYYY-MM-DD"`
	DateTo        string   `json:"date_to" parquet:"date_to" desc:"latest event date (or publication day) of a report, YYYY-MM-DD"`
	Country       string   `json:"country" parquet:"country" desc:"ISO 3166-1 alpha-2 code of the attack country"`
	CountryTxt    string   `json:"country_txt" parquet:"country_txt" desc:"GTD country_txt: English country name (GeoNames)"`
	City          string   `json:"city" parquet:"city" desc:"GTD city: the place most reports give (city, district or region); empty when only the country is known"`
	Latitude      *float64 `json:"latitude" parquet:"latitude,optional" desc:"GTD latitude (WGS84) of the place; null when unknown"`
	Longitude     *float64 `json:"longitude" parquet:"longitude,optional" desc:"GTD longitude (WGS84) of the place; null when unknown"`
	AttackType    string   `json:"attacktype" parquet:"attacktype" enum:"attacktype" desc:"attack type the reports agree on, snake_case as in the extraction contract"`
	AttackTypeTxt string   `json:"attacktype1_txt" parquet:"attacktype1_txt" enum:"attacktype_txt" desc:"GTD attacktype1_txt"`
	TargType1Txt  string   `json:"targtype1_txt" parquet:"targtype1_txt" enum:"targtype_txt" desc:"GTD targtype1_txt: the first target type any report gives; Unknown when none"`
	TargType2Txt  string   `json:"targtype2_txt" parquet:"targtype2_txt" enum:"targtype_txt" desc:"GTD targtype2_txt: the second target type; empty when none"`
	GName         string   `json:"gname" parquet:"gname" desc:"GTD gname: the first group to claim the attack (and not retract), else the most firmly blamed group, by its GTD name when the gazetteer has one; Unknown when none"`
	GName2        string   `json:"gname2" parquet:"gname2" desc:"GTD gname2: a second claimant (competing claim), else the next blamed group; empty when none"`
	GUncertain1   *int64   `json:"guncertain1" parquet:"guncertain1,optional" values:"1|0" desc:"GTD guncertain1: 1 when gname is only suspected or possibly responsible, 0 when it claimed or is firmly blamed; null when gname is Unknown"`
	GUncertain2   *int64   `json:"guncertain2" parquet:"guncertain2,optional" values:"1|0" desc:"GTD guncertain2: as guncertain1 for gname2"`
	Claimed       int64    `json:"claimed" parquet:"claimed" values:"1|0|-9" desc:"GTD claimed: 1 a group claimed it (latest statement); 0 a report says nobody claimed it, or the claim was retracted; -9 unknown"`
	ClaimModeTxt  string   `json:"claimmode_txt" parquet:"claimmode_txt" enum:"claimmode_txt" desc:"GTD claimmode_txt: Unknown when claimed (the incident index keeps no claim channel; see claims.channel per article); empty when not claimed"`
	CompClaim     *int64   `json:"compclaim" parquet:"compclaim,optional" values:"1|0" desc:"GTD compclaim: 1 when two or more groups claimed it, 0 when one did; null when not claimed"`
	NKill         *int64   `json:"nkill" parquet:"nkill,optional" desc:"GTD nkill: number killed in the latest report that gives one (tolls are revised upwards); null when none does"`
	NWound        *int64   `json:"nwound" parquet:"nwound,optional" desc:"GTD nwound: number wounded, likewise; null when none gives one"`
	Suicide       int64    `json:"suicide" parquet:"suicide" values:"1|0" desc:"GTD suicide: 1 when a report calls it a suicide attack, else 0"`
	GroupStatus   []string `json:"group_status" parquet:"group_status,list" desc:"latest statement per group as group_id:status:certainty (group_id empty for \"no group has claimed\"), in order of first mention"`
	GroupIDs      []string `json:"group_ids" parquet:"group_ids,list" desc:"every group that claimed, denied or was blamed (gazetteer ids)"`
	NSources      int64    `json:"n_sources" parquet:"n_sources" desc:"number of reports (one per article and attack) merged into the incident"`
	NOutlets      int64    `json:"n_outlets" parquet:"n_outlets" desc:"number of distinct outlets among them"`
	Outlets       []string `json:"outlets" parquet:"outlets,list" desc:"distinct outlets, in order of first report"`
	RecordIDs     []string `json:"record_ids" parquet:"record_ids,list" desc:"ids of the records (articles.id) of the reports, in timeline order"`
	URLs          []string `json:"urls" parquet:"urls,list" desc:"URLs of the reports, in timeline order"`
	FirstSeen     string   `json:"first_seen" parquet:"first_seen" desc:"earliest time a report was fetched (or published when the fetch time is unknown), RFC 3339 UTC"`
	LastSeen      string   `json:"last_seen" parquet:"last_seen" desc:"latest such time, RFC 3339 UTC"`
	FirstClaimAt  string   `json:"first_claim_at" parquet:"first_claim_at" desc:"time of the report carrying the first claim, RFC 3339 UTC; empty when never claimed"`
	Timeline      []string `json:"timeline" parquet:"timeline,list" desc:"claim timeline, one entry per change: time kind group_id (status, outlet); kinds: first_claim, competing_claim, denial, retraction, reclaim, attribution, unclaimed"`
}

// eventRow builds the row of inc.
func (c *converter) eventRow(inc *incidents.Incident) EventRow {
	row := EventRow{
		EventID:       inc.ID,
		Title:         inc.Title,
		Date:          inc.Date,
		DateFrom:      inc.DateFrom,
		DateTo:        inc.DateTo,
		AttackType:    inc.Type,
		AttackTypeTxt: attackTypeTxt(inc.Type),
		TargType1Txt:  unknownTxt,
		Claimed:       claimedUnknown,
		NKill:         intPtr(inc.Killed),
		NWound:        intPtr(inc.Injured),
		GroupIDs:      slices.Clone(inc.Groups),
		NSources:      int64(len(inc.Sources)),
		NOutlets:      int64(len(inc.Outlets)),
		Outlets:       slices.Clone(inc.Outlets),
		FirstSeen:     timeString(inc.FirstSeen),
		LastSeen:      timeString(inc.LastSeen),
	}
	row.IYear, row.IMonth, row.IDay = gtdDate(inc.Date)
	if inc.Suicide {
		row.Suicide = 1
	}
	row.Country, row.CountryTxt, row.City, row.Latitude, row.Longitude = c.place(inc.Location, inc.Country)
	var targets []string
	for _, s := range inc.Sources {
		row.RecordIDs = append(row.RecordIDs, s.RecordID)
		row.URLs = append(row.URLs, s.URL)
		for _, t := range s.Targets {
			if t = strings.TrimSpace(t); t != "" && !slices.Contains(targets, t) {
				targets = append(targets, t)
			}
		}
	}
	if len(targets) > 0 {
		row.TargType1Txt = targetTypeTxt(targets[0])
	}
	if len(targets) > 1 {
		row.TargType2Txt = targetTypeTxt(targets[1])
	}

	retracted := false
	for _, e := range inc.Timeline {
		line := timeString(e.At) + " " + e.Kind + " " + cmp.Or(e.GroupID, "-") + " (" + e.Status
		if e.Outlet != "" {
			line += ", " + e.Outlet
		}
		row.Timeline = append(row.Timeline, line+")")
		switch e.Kind {
		case incidents.EventFirstClaim:
			row.FirstClaimAt = timeString(e.At)
		case incidents.EventRetraction:
			retracted = true
		}
	}
	// Perpetrators: the claimants first (in order of their claim), then
	// the blamed groups by certainty, from the latest statement per group.
	var perps []perpetrator
	unclaimed := false
	for _, st := range inc.Status {
		row.GroupStatus = append(row.GroupStatus, st.GroupID+":"+st.Status+":"+st.Certainty)
		if st.Status == pipeline.StatusUnclaimed && st.GroupID == "" {
			unclaimed = true
		}
		cl := pipeline.Claim{Status: st.Status, Certainty: st.Certainty}
		if rank := perpetratorRank(&cl); rank >= 0 && st.GroupID != "" {
			perps = append(perps, perpetrator{id: st.GroupID, rank: rank})
		}
	}
	claimOrder := func(id string) int {
		return slices.IndexFunc(inc.Timeline, func(e incidents.ClaimEvent) bool {
			return e.GroupID == id && (e.Kind == incidents.EventFirstClaim || e.Kind == incidents.EventCompetingClaim || e.Kind == incidents.EventReclaim)
		})
	}
	slices.SortStableFunc(perps, func(a, b perpetrator) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if a.rank == 0 {
			return claimOrder(a.id) - claimOrder(b.id)
		}
		return 0
	})
	switch {
	case inc.Claimed:
		row.Claimed = claimedYes
		row.ClaimModeTxt = claimModeUnknown
		comp := int64(0)
		if inc.CompClaim {
			comp = 1
		}
		row.CompClaim = &comp
	case unclaimed || retracted:
		row.Claimed = claimedNo
	}
	row.GName = unknownTxt
	for i, p := range perps[:min(2, len(perps))] {
		uncertain := int64(0)
		if p.rank >= 2 {
			uncertain = 1
		}
		if i == 0 {
			row.GName, row.GUncertain1 = c.gtdName(p.id, nil), &uncertain
		} else {
			row.GName2, row.GUncertain2 = c.gtdName(p.id, nil), &uncertain
		}
	}
	return row
}

// eventsPage is the number of incidents read per search.
const eventsPage = indexer.MaxSize

// writeEvents writes the events table: every incident of src matching the
// export query (groups, statuses, types, countries and free text as for
// records; since/until bound the attack dates), most recent first. The
// table is written whole at the end of an export (a resumed export
// rewrites it), page by page; it returns the number of rows.
func (e *exporter) writeEvents(ctx context.Context, src EventSearcher, q indexer.Query) (int64, error) {
	path := filepath.Join(e.opt.OutDir, e.dataPath(tableEvents))
	var w tableWriter[EventRow]
	var err error
	if e.opt.Format == Parquet {
		if err := os.RemoveAll(path); err != nil {
			return 0, fmt.Errorf("export: %w", err)
		}
		w, err = newParquetWriter[EventRow](path, 1)
	} else {
		w, err = openFile[EventRow](path, e.opt.Format, -1)
	}
	if err != nil {
		return 0, err
	}
	iq := incidents.Query{Text: q.Text, Groups: q.Groups, Statuses: q.Statuses, Types: q.Types,
		Countries: q.Countries, Since: q.Since, Until: q.Until, Size: eventsPage}
	seen := map[string]bool{} // ids already written: pages may shift if the index changes
	var n int64
	buf := make([]EventRow, 0, eventsPage)
	for from := 0; ; from += eventsPage {
		iq.From = from
		res, err := src.Search(ctx, iq)
		if err != nil {
			return n, errors.Join(fmt.Errorf("export: events: %w", err), w.close())
		}
		buf = buf[:0]
		for i := range res.Incidents {
			if inc := &res.Incidents[i]; !seen[inc.ID] {
				seen[inc.ID] = true
				buf = append(buf, e.conv.eventRow(inc))
			}
		}
		if err := w.write(buf); err != nil {
			return n, errors.Join(err, w.close())
		}
		if _, err := w.checkpoint(); err != nil {
			return n, errors.Join(err, w.close())
		}
		n += int64(len(buf))
		if len(res.Incidents) < eventsPage || from+eventsPage >= res.Total {
			break
		}
	}
	return n, w.close()
}
