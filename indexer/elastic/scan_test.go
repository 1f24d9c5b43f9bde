package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/claimwatch/claimwatch/indexer"
)

// A page request on a point in time that no longer exists is recognised
// (Scan then opens a new one and continues after its last id).
func TestScanPageExpiredPIT(t *testing.T) {
	ctx := context.Background()
	x := openTest(t)
	recs, _ := corpus()
	if err := x.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	pit, err := x.openPIT(ctx)
	if err != nil {
		t.Fatal(err)
	}
	query, _ := queryClause(indexer.Query{})
	got, _, err := x.scanPage(ctx, pit, query, "", 3)
	if err != nil || len(got) != 3 {
		t.Fatalf("scanPage on an open point in time: %d records, %v", len(got), err)
	}
	x.closePIT(pit)
	if _, _, err := x.scanPage(ctx, pit, query, got[2].ID, 3); !errors.Is(err, errPITGone) {
		t.Fatalf("scanPage on a closed point in time: %v, want errPITGone", err)
	}
}

// The refresh interval and translog durability are set on a new index and
// applied to an existing one when Open is called with other values.
func TestDynamicSettings(t *testing.T) {
	ctx := context.Background()
	x := openTest(t) // defaults: refresh 1s, translog request
	settings := func() (refresh, durability string) {
		t.Helper()
		res, err := x.es.Indices.GetSettings(x.es.Indices.GetSettings.WithIndex(x.alias), x.es.Indices.GetSettings.WithContext(ctx))
		if err := check("get settings", res, err); err != nil {
			t.Fatal(err)
		}
		defer closeBody(res)
		var m map[string]struct {
			Settings struct {
				Index struct {
					RefreshInterval string `json:"refresh_interval"`
					Translog        struct {
						Durability string `json:"durability"`
					} `json:"translog"`
				} `json:"index"`
			} `json:"settings"`
		}
		if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		for _, s := range m {
			return s.Settings.Index.RefreshInterval, s.Settings.Index.Translog.Durability
		}
		t.Fatal("no index")
		return "", ""
	}
	if r, _ := settings(); r != DefaultRefreshInterval {
		t.Errorf("new index: refresh_interval %q, want %q", r, DefaultRefreshInterval)
	}
	cfg := x.cfg
	cfg.RefreshInterval, cfg.TranslogDurability = "2s", "async"
	y, err := Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if r, d := settings(); r != "2s" || d != "async" {
		t.Errorf("reopened: refresh_interval %q, durability %q; want 2s, async", r, d)
	}
	for _, bad := range []Config{{URLs: cfg.URLs, RefreshInterval: "-1"}, {URLs: cfg.URLs, TranslogDurability: "never"}} {
		if _, err := bad.withDefaults(); !errors.Is(err, ErrSetup) {
			t.Errorf("%+v: %v, want ErrSetup", bad, err)
		}
	}
}
