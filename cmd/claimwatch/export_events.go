package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/claimwatch/claimwatch/export"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
)

// exportEvents opens the cross-article incident index for the events table
// of `claimwatch export`: the bleve index at <data>/incidents when it
// exists, or, with index.backend elasticsearch, the <prefix>-incidents
// index when it exists (opened read-only, so an export never creates it),
// read with one point-in-time scan (scanEvents) since from/size paging
// stops at 10,000. With the incidents stage disabled or no incident
// index, the export has no events table. The returned func closes the
// index.
func (a *app) exportEvents(ctx context.Context) (export.EventSearcher, func()) {
	noop := func() {}
	if !a.cfg.Incidents.Enabled {
		return nil, noop
	}
	switch a.cfg.Index.Backend {
	case "bleve", "":
		dir := filepath.Join(a.cfg.DataDir, "incidents")
		if _, err := os.Stat(dir); err != nil {
			a.log.Info("no incident index: the export has no events table", "dir", dir)
			return nil, noop
		}
		x, err := a.openIncidents(ctx)
		if err != nil {
			a.log.Warn("incident index unavailable: the export has no events table", "err", err)
			return nil, noop
		}
		return x, func() { _ = x.Close() }
	case "elasticsearch", "es":
		octx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		x, err := elastic.OpenIncidentsReadOnly(octx, a.cfg.Index.ES, a.log)
		if errors.Is(err, elastic.ErrNoIncidentIndex) {
			a.log.Info("no incident index: the export has no events table", "err", err)
			return nil, noop
		}
		if err != nil {
			a.log.Warn("incident index unavailable: the export has no events table", "err", err)
			return nil, noop
		}
		s := newScanEvents(x, indexer.MaxSize)
		return s, func() { s.close(); _ = x.Close() }
	default:
		a.log.Info("the export has no events table for this index backend", "backend", a.cfg.Index.Backend)
		return nil, noop
	}
}
