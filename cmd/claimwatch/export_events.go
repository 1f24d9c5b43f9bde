package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/claimwatch/claimwatch/export"
)

// exportEvents opens the cross-article incident index for the events table
// of `claimwatch export`: the bleve index at <data>/incidents when it
// exists. With the incidents stage disabled, no index, or the
// Elasticsearch backend (not wired yet: opening its incident index would
// create it, and there is no existence check), the export has no events
// table. The returned func closes the index.
func (a *app) exportEvents(ctx context.Context) (export.EventSearcher, func()) {
	noop := func() {}
	if !a.cfg.Incidents.Enabled {
		return nil, noop
	}
	if b := a.cfg.Index.Backend; b != "bleve" && b != "" {
		a.log.Info("events table not exported from the elasticsearch backend yet", "backend", b)
		return nil, noop
	}
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
}
