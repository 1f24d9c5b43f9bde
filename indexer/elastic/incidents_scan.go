package elastic

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
)

// ScanIncidents implements indexer.IncidentScanner with a point in time on
// the incident alias and search_after on Search's sort (date_to desc with
// undated incidents last, then the unique id), so that any number of
// incidents is read in pages of batch without from/size paging (capped at
// index.max_result_window, 10,000 by default). The sort values of the last
// incident delivered are passed back verbatim (a missing date_to sorts as
// the number Long.MIN_VALUE, which Elasticsearch only accepts back as a
// number). If the point in time expires between pages, a new one is
// opened and the scan continues after the last incident delivered (see
// pitScan); the point in time is closed when ScanIncidents returns.
func (in *Incidents) ScanIncidents(ctx context.Context, q incidents.Query, batch int, fn func(incidents.Incident) error) error {
	done, err := in.op(ctx)
	if err != nil {
		return err
	}
	done()
	if batch <= 0 {
		batch = indexer.DefaultScanBatch
	}
	batch = min(batch, indexer.MaxScanBatch)
	query := searchQuery(q)
	var after []json.RawMessage
	return pitScan(ctx, in.log, in.openPIT, func(pit string) { closePointInTime(in.es, in.log, pit) },
		func(ctx context.Context, pit string) (string, bool, error) {
			hits, next, err := in.scanPage(ctx, pit, query, after, batch)
			if err != nil {
				return next, false, err
			}
			for i := range hits {
				if err := ctx.Err(); err != nil {
					return next, false, err
				}
				if err := fn(hits[i].inc); err != nil {
					return next, false, err
				}
				after = hits[i].sort
			}
			return next, len(hits) < batch, nil
		})
}

// openPIT opens a point in time on the incident alias.
func (in *Incidents) openPIT(ctx context.Context) (string, error) {
	done, err := in.op(ctx)
	if err != nil {
		return "", err
	}
	defer done()
	return openPointInTime(ctx, in.es, in.alias)
}

// scannedIncident is one hit of a scan page: the incident and its sort
// values (date_to, id), the search_after of the next page.
type scannedIncident struct {
	inc  incidents.Incident
	sort []json.RawMessage
}

// scanPage returns up to size incidents matching query after the sort
// values `after` (nil: from the start), in Search's order, and the
// point-in-time id to use next.
func (in *Incidents) scanPage(ctx context.Context, pit string, query map[string]any, after []json.RawMessage, size int) ([]scannedIncident, string, error) {
	done, err := in.op(ctx)
	if err != nil {
		return nil, pit, err
	}
	defer done()
	req := map[string]any{
		"size":             size,
		"query":            query,
		"pit":              map[string]any{"id": pit, "keep_alive": scanKeepAlive},
		"sort":             searchSort(),
		"track_total_hits": false,
		"_source":          []string{"incident"},
	}
	if after != nil {
		req["search_after"] = after
	}
	var body struct {
		PITID string `json:"pit_id"`
		Hits  struct {
			Hits []struct {
				ID     string `json:"_id"`
				Source struct {
					Incident *incidents.Incident `json:"incident"`
				} `json:"_source"`
				Sort []json.RawMessage `json:"sort"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := pitSearch(ctx, in.es, "scan incidents", req, &body); err != nil {
		return nil, pit, err
	}
	out := make([]scannedIncident, 0, len(body.Hits.Hits))
	for _, h := range body.Hits.Hits {
		if h.Source.Incident == nil {
			return nil, pit, fmt.Errorf("elastic: scan incidents: document %q has no stored incident", h.ID)
		}
		// The sort values of searchSort; a point in time appends an
		// implicit _shard_doc tiebreaker, which the unique id makes
		// useless and which would not survive a new point in time.
		if len(h.Sort) < 2 {
			return nil, pit, fmt.Errorf("elastic: scan incidents: document %q has %d sort values, want 2", h.ID, len(h.Sort))
		}
		out = append(out, scannedIncident{inc: *h.Source.Incident, sort: h.Sort[:2]})
	}
	if body.PITID != "" {
		pit = body.PITID
	}
	return out, pit, nil
}
