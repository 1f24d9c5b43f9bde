package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

var _ indexer.Scanner = (*Index)(nil)

// scanKeepAlive is how long a scan's point in time stays open between two
// pages; every page request renews it.
const scanKeepAlive = "5m"

// errPITGone reports that a point in time expired or vanished (node
// restart) between two pages.
var errPITGone = errors.New("elastic: point in time expired")

// Scan implements indexer.Scanner with a point in time (PIT) and
// search_after on the id keyword (unique per record, the _id), so that a
// scan of any size holds one page of batch records in memory and costs
// one cheap search per page (no deep from/size paging, no scroll
// contexts). Records come in ascending id order, strictly after `after`;
// the returned id resumes a stopped scan. A scan reads the index as of
// its point in time: records added or changed after Scan started are not
// seen by this call (a resumed scan opens a new point in time and sees
// them when their id is still ahead). If the point in time expires
// between pages (fn took longer than 5 minutes, or the node restarted),
// Scan opens a new one and continues after the last id, so nothing is
// skipped or repeated. The point in time is closed when Scan returns.
func (x *Index) Scan(ctx context.Context, q indexer.Query, after string, batch int, fn func(pipeline.Record) error) (string, error) {
	x.mu.RLock()
	closed := x.closed
	x.mu.RUnlock()
	if closed {
		return after, indexer.ErrClosed
	}
	if batch <= 0 {
		batch = indexer.DefaultScanBatch
	}
	batch = min(batch, indexer.MaxScanBatch)
	query, _ := queryClause(q)
	last := after
	pit, err := x.openPIT(ctx)
	if err != nil {
		return last, err
	}
	defer func() { x.closePIT(pit) }()
	reopened := false
	for {
		if err := ctx.Err(); err != nil {
			return last, err
		}
		recs, next, err := x.scanPage(ctx, pit, query, last, batch)
		if errors.Is(err, errPITGone) && !reopened {
			x.log.Warn("elasticsearch scan: point in time expired; opening a new one", "after", last)
			x.closePIT(pit)
			if pit, err = x.openPIT(ctx); err != nil {
				return last, err
			}
			reopened = true
			continue
		}
		if err != nil {
			return last, err
		}
		reopened = false
		pit = next
		for i := range recs {
			if err := ctx.Err(); err != nil {
				return last, err
			}
			if err := fn(recs[i]); err != nil {
				return last, err
			}
			last = recs[i].ID
		}
		if len(recs) < batch {
			return last, nil
		}
	}
}

// openPIT opens a point in time on the alias.
func (x *Index) openPIT(ctx context.Context) (string, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return "", indexer.ErrClosed
	}
	res, err := x.es.OpenPointInTime([]string{x.alias}, scanKeepAlive, x.es.OpenPointInTime.WithContext(ctx))
	if err := check("scan: open point in time", res, err); err != nil {
		return "", err
	}
	defer closeBody(res)
	var body struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || body.ID == "" {
		return "", fmt.Errorf("elastic: scan: open point in time: bad answer (%v)", err)
	}
	return body.ID, nil
}

// closePIT releases a point in time; failures only cost the cluster the
// context until its keep-alive ends, so they are logged, not returned.
func (x *Index) closePIT(pit string) {
	if pit == "" {
		return
	}
	body, _ := json.Marshal(map[string]string{"id": pit})
	res, err := x.es.ClosePointInTime(x.es.ClosePointInTime.WithBody(bytes.NewReader(body)))
	if err := check("scan: close point in time", res, err); err != nil {
		x.log.Debug("elasticsearch scan: close point in time", "err", err)
		return
	}
	closeBody(res)
}

// scanPage returns up to size records matching query with ids after
// `after`, in ascending id order, and the point-in-time id to use next.
func (x *Index) scanPage(ctx context.Context, pit string, query map[string]any, after string, size int) ([]pipeline.Record, string, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, pit, indexer.ErrClosed
	}
	req := map[string]any{
		"size":             size,
		"query":            query,
		"pit":              map[string]any{"id": pit, "keep_alive": scanKeepAlive},
		"sort":             []any{map[string]any{fieldID: "asc"}},
		"track_total_hits": false,
		"_source":          sourceFields,
	}
	if after != "" {
		req["search_after"] = []string{after}
	}
	raw, _ := json.Marshal(req)
	res, err := x.es.Search(x.es.Search.WithBody(bytes.NewReader(raw)), x.es.Search.WithContext(ctx))
	if err != nil {
		return nil, pit, fmt.Errorf("elastic: scan: %w", err)
	}
	if res.StatusCode == http.StatusNotFound {
		err := check("scan", res, nil)
		if strings.Contains(err.Error(), "search_context_missing_exception") {
			return nil, pit, fmt.Errorf("%w: %v", errPITGone, err)
		}
		return nil, pit, err
	}
	if err := check("scan", res, nil); err != nil {
		return nil, pit, err
	}
	defer closeBody(res)
	var body struct {
		PITID string `json:"pit_id"`
		Hits  struct {
			Hits []struct {
				ID     string       `json:"_id"`
				Source storedSource `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return nil, pit, fmt.Errorf("elastic: scan: decode: %w", err)
	}
	recs := make([]pipeline.Record, 0, len(body.Hits.Hits))
	for _, h := range body.Hits.Hits {
		r, ok := h.Source.record()
		if !ok {
			return nil, pit, fmt.Errorf("elastic: scan: document %q has no stored record", h.ID)
		}
		recs = append(recs, r)
	}
	if body.PITID != "" {
		pit = body.PITID
	}
	return recs, pit, nil
}
