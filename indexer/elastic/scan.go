package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/elastic/go-elasticsearch/v8"

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
	err := pitScan(ctx, x.log, x.openPIT, x.closePIT, func(ctx context.Context, pit string) (string, bool, error) {
		recs, next, err := x.scanPage(ctx, pit, query, last, batch)
		if err != nil {
			return next, false, err
		}
		for i := range recs {
			if err := ctx.Err(); err != nil {
				return next, false, err
			}
			if err := fn(recs[i]); err != nil {
				return next, false, err
			}
			last = recs[i].ID
		}
		return next, len(recs) < batch, nil
	})
	return last, err
}

// pitScan drives a point-in-time scan: it opens a point in time, calls
// page with it until page reports done or fails, and closes the point in
// time at the end. page reads (and hands on) one page after the last item
// it delivered and returns the point-in-time id to use next. When a page
// finds its point in time gone (errPITGone), pitScan opens a new one and
// calls page again (once in a row), which continues after the last item
// delivered, so nothing is skipped or repeated.
func pitScan(ctx context.Context, log *slog.Logger,
	open func(context.Context) (string, error), closePIT func(string),
	page func(ctx context.Context, pit string) (next string, done bool, err error)) error {
	pit, err := open(ctx)
	if err != nil {
		return err
	}
	defer func() { closePIT(pit) }()
	reopened := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		next, done, err := page(ctx, pit)
		if errors.Is(err, errPITGone) && !reopened {
			log.Warn("elasticsearch scan: point in time expired; opening a new one")
			closePIT(pit)
			if pit, err = open(ctx); err != nil {
				return err
			}
			reopened = true
			continue
		}
		if err != nil {
			return err
		}
		reopened = false
		pit = next
		if done {
			return nil
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
	return openPointInTime(ctx, x.es, x.alias)
}

// closePIT releases a point in time (see closePointInTime).
func (x *Index) closePIT(pit string) { closePointInTime(x.es, x.log, pit) }

// openPointInTime opens a point in time on index (an index or alias).
func openPointInTime(ctx context.Context, es *elasticsearch.Client, index string) (string, error) {
	res, err := es.OpenPointInTime([]string{index}, scanKeepAlive, es.OpenPointInTime.WithContext(ctx))
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

// closePointInTime releases a point in time; failures only cost the
// cluster the context until its keep-alive ends, so they are logged, not
// returned.
func closePointInTime(es *elasticsearch.Client, log *slog.Logger, pit string) {
	if pit == "" {
		return
	}
	body, _ := json.Marshal(map[string]string{"id": pit})
	res, err := es.ClosePointInTime(es.ClosePointInTime.WithBody(bytes.NewReader(body)))
	if err := check("scan: close point in time", res, err); err != nil {
		log.Debug("elasticsearch scan: close point in time", "err", err)
		return
	}
	closeBody(res)
}

// pitSearch sends one page request of a point-in-time scan (req carries
// "pit") and decodes the answer into out. A point in time that no longer
// exists is errPITGone.
func pitSearch(ctx context.Context, es *elasticsearch.Client, op string, req map[string]any, out any) error {
	raw, _ := json.Marshal(req)
	res, err := es.Search(es.Search.WithBody(bytes.NewReader(raw)), es.Search.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("elastic: %s: %w", op, err)
	}
	if res.StatusCode == http.StatusNotFound {
		err := check(op, res, nil)
		if strings.Contains(err.Error(), "search_context_missing_exception") {
			return fmt.Errorf("%w: %v", errPITGone, err)
		}
		return err
	}
	if err := check(op, res, nil); err != nil {
		return err
	}
	defer closeBody(res)
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("elastic: %s: decode: %w", op, err)
	}
	return nil
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
	var body struct {
		PITID string `json:"pit_id"`
		Hits  struct {
			Hits []struct {
				ID     string       `json:"_id"`
				Source storedSource `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := pitSearch(ctx, x.es, "scan", req, &body); err != nil {
		return nil, pit, err
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
