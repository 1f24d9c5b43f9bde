package incidents

import (
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Rebuild derives every field of inc from its Sources: it orders and
// de-duplicates the sources (the last copy of a key wins) and recomputes
// title, type, dates, place, casualties, groups, statuses and the claim
// timeline. The result depends only on the set of sources.
func Rebuild(inc *Incident) { rebuild(DefaultConfig(), inc) }

func rebuild(cfg Config, inc *Incident) {
	// de-duplicate by key, keeping the last copy
	last := map[string]int{}
	for i, s := range inc.Sources {
		last[s.Key] = i
	}
	srcs := make([]Report, 0, len(last))
	for i, s := range inc.Sources {
		if last[s.Key] == i {
			srcs = append(srcs, s)
		}
	}
	sortReports(srcs)
	id := inc.ID
	*inc = Incident{ID: id, Sources: srcs}
	if len(srcs) == 0 {
		return
	}
	inc.Title = srcs[0].Title
	inc.Type = vote(srcs, func(r *Report) string {
		if r.Type == "unknown" {
			return ""
		}
		return r.Type
	})
	if inc.Type == "" {
		inc.Type = vote(srcs, func(r *Report) string { return r.Type })
	}
	var from, to time.Time
	for i := range srcs {
		r := &srcs[i]
		lo, hi := spanOf(cfg, r)
		if from.IsZero() || lo.Before(from) {
			from = lo
		}
		if hi.After(to) {
			to = hi
		}
		if r.Date != "" && (inc.Date == "" || better(r, inc.Date)) {
			inc.Date = r.Date
		}
		seen := r.FetchedAt
		if seen.IsZero() {
			seen = r.Time
		}
		if !seen.IsZero() && (inc.FirstSeen.IsZero() || seen.Before(inc.FirstSeen)) {
			inc.FirstSeen = seen
		}
		if seen.After(inc.LastSeen) {
			inc.LastSeen = seen
		}
		if r.Killed != nil {
			inc.Killed = copyInt(r.Killed)
		}
		if r.Injured != nil {
			inc.Injured = copyInt(r.Injured)
		}
		inc.Suicide = inc.Suicide || r.Suicide
		inc.Outlets = appendNew(inc.Outlets, r.Outlet)
	}
	inc.DateFrom, inc.DateTo = from.Format("2006-01-02"), to.Format("2006-01-02")
	place := vote(srcs, func(r *Report) string {
		if r.Location == nil {
			return ""
		}
		return r.Location.Name + "|" + r.Location.Country
	})
	for i := range srcs {
		if l := srcs[i].Location; l != nil && l.Name+"|"+l.Country == place {
			c := *l
			inc.Location = &c
			inc.Country = c.Country
			break
		}
	}
	timeline(inc)
}

// better reports whether r's date is more precise than cur, or as precise
// and earlier.
func better(r *Report, cur string) bool {
	if len(r.Date) != len(cur) {
		return len(r.Date) > len(cur)
	}
	return r.Date < cur
}

// vote returns the most frequent non-empty value, ties to the first seen.
func vote(rs []Report, f func(*Report) string) string {
	n := map[string]int{}
	best, bn := "", 0
	for i := range rs {
		v := f(&rs[i])
		if v == "" {
			continue
		}
		n[v]++
		if n[v] > bn {
			best, bn = v, n[v]
		}
	}
	return best
}

func appendNew(xs []string, v string) []string {
	if v == "" {
		return xs
	}
	for _, x := range xs {
		if x == v {
			return xs
		}
	}
	return append(xs, v)
}

// timeline walks the sources' claims in order and records each change of a
// group's status as a ClaimEvent; it fills Groups, Status, Claimed and
// CompClaim from the final statuses.
func timeline(inc *Incident) {
	cur := map[string]*GroupStatus{} // group id -> latest
	var order []string
	everClaimed := map[string]bool{}
	anyClaim := false
	for i := range inc.Sources {
		r := &inc.Sources[i]
		for _, c := range r.Claims {
			g := c.GroupID
			prev := cur[g]
			if prev != nil && prev.Status == c.Status && prev.Certainty == c.Certainty {
				continue
			}
			var kind string
			switch c.Status {
			case pipeline.StatusClaimed:
				switch {
				case prev != nil && everClaimed[g]:
					if prev.Status == pipeline.StatusClaimed {
						kind = "" // a certainty change only
					} else {
						kind = EventReclaim
					}
				case anyClaim:
					kind = EventCompetingClaim
				default:
					kind = EventFirstClaim
				}
				everClaimed[g] = true
				anyClaim = true
			case pipeline.StatusDenied:
				if everClaimed[g] {
					kind = EventRetraction
				} else {
					kind = EventDenial
				}
			case pipeline.StatusAttributed:
				kind = EventAttribution
			case pipeline.StatusUnclaimed:
				kind = EventUnclaimed
			}
			if prev == nil {
				prev = &GroupStatus{GroupID: g}
				cur[g] = prev
				order = append(order, g)
			}
			prev.Status, prev.Certainty = c.Status, c.Certainty
			if kind == "" {
				continue
			}
			inc.Timeline = append(inc.Timeline, ClaimEvent{
				At: r.Time, Kind: kind, GroupID: g, Status: c.Status, Certainty: c.Certainty,
				RecordID: r.RecordID, Outlet: r.Outlet, URL: r.URL, Evidence: c.Evidence,
			})
		}
	}
	claimed := 0
	for _, g := range order {
		st := cur[g]
		inc.Status = append(inc.Status, *st)
		if g != "" {
			inc.Groups = append(inc.Groups, g)
		}
		if g != "" && st.Status == pipeline.StatusClaimed {
			claimed++
		}
	}
	inc.Claimed = claimed > 0
	inc.CompClaim = claimed > 1
}
