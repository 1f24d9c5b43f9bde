package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
)

// testIncidents builds n one-report incidents on consecutive days.
func testIncidents(n int) []incidents.Incident {
	out := make([]incidents.Incident, n)
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		d := day.AddDate(0, 0, i)
		r := incidents.Report{Key: fmt.Sprintf("r%d#1", i), RecordID: fmt.Sprintf("r%d", i), Title: fmt.Sprintf("Blast number %d", i),
			Outlet: "wire", Type: "bombing", Date: d.Format("2006-01-02"), DatePrecision: "day", Time: d.Add(10 * time.Hour)}
		out[i] = incidents.Incident{ID: incidents.IncidentID(r.Key), Sources: []incidents.Report{r}}
		incidents.Rebuild(&out[i])
	}
	return out
}

// openTestIncidents opens (creates) the incident index of a fresh prefix,
// deleted at cleanup.
func openTestIncidents(t *testing.T) *Incidents {
	t.Helper()
	in, err := OpenIncidents(context.Background(), Config{URLs: []string{esURL(t)}, IndexPrefix: testPrefix()}, nil)
	if err != nil {
		t.Fatalf("OpenIncidents: %v", err)
	}
	t.Cleanup(func() {
		_ = in.DeleteIncidentIndex(context.Background())
		_ = in.Close()
	})
	return in
}

// aliasExists reports whether the incident alias of in exists.
func aliasExists(t *testing.T, in *Incidents) bool {
	t.Helper()
	res, err := in.es.Indices.ExistsAlias([]string{in.alias})
	if err != nil {
		t.Fatal(err)
	}
	closeBody(res)
	return res.StatusCode == http.StatusOK
}

// OpenIncidentsReadOnly finds an existing incident index, reads it, never
// writes it, and creates nothing where there is none.
func TestOpenIncidentsReadOnly(t *testing.T) {
	ctx := context.Background()
	url := esURL(t)
	t.Run("missing", func(t *testing.T) {
		cfg := Config{URLs: []string{url}, IndexPrefix: testPrefix()}
		if _, err := OpenIncidentsReadOnly(ctx, cfg, nil); !errors.Is(err, ErrNoIncidentIndex) {
			t.Fatalf("OpenIncidentsReadOnly without an index: %v, want ErrNoIncidentIndex", err)
		}
		x, err := newIndex(cfg, nil) // a client, to look
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if aliasExists(t, &Incidents{es: x.es, alias: IncidentsAlias(cfg.IndexPrefix)}) {
			t.Error("OpenIncidentsReadOnly created the incident index")
		}
	})
	t.Run("existing", func(t *testing.T) {
		w := openTestIncidents(t)
		incs := testIncidents(5)
		if err := w.Put(ctx, incs); err != nil {
			t.Fatal(err)
		}
		r, err := OpenIncidentsReadOnly(ctx, w.cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if n, err := r.Count(ctx); err != nil || n != len(incs) {
			t.Errorf("count %d %v, want %d", n, err, len(incs))
		}
		var got []string
		if err := r.ScanIncidents(ctx, incidents.Query{}, 2, func(inc incidents.Incident) error {
			got = append(got, inc.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := len(incs) - 1; i >= 0; i-- { // newest first
			want = append(want, incs[i].ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("scan: %v, want %v", got, want)
		}
		if err := r.Put(ctx, testIncidents(6)[5:]); !errors.Is(err, ErrReadOnly) {
			t.Errorf("Put on a read-only index: %v, want ErrReadOnly", err)
		}
		if n, _ := w.Count(ctx); n != len(incs) {
			t.Errorf("count after a refused Put: %d, want %d", n, len(incs))
		}
	})
	t.Run("other version", func(t *testing.T) {
		prefix := testPrefix()
		x, err := newIndex(Config{URLs: []string{url}, IndexPrefix: prefix}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		old := IncidentsAlias(prefix) + "-v0"
		body := `{"aliases":{"` + IncidentsAlias(prefix) + `":{}}}`
		res, err := x.es.Indices.Create(old, x.es.Indices.Create.WithBody(strings.NewReader(body)))
		if err := check("create", res, err); err != nil {
			t.Fatal(err)
		}
		closeBody(res)
		t.Cleanup(func() {
			if res, err := x.es.Indices.Delete([]string{old}); err == nil {
				closeBody(res)
			}
		})
		if _, err := OpenIncidentsReadOnly(ctx, Config{URLs: []string{url}, IndexPrefix: prefix}, nil); !errors.Is(err, indexer.ErrMappingVersion) {
			t.Errorf("alias on another version: %v, want ErrMappingVersion", err)
		}
	})
}

// A scan whose point in time vanishes between two pages opens a new one
// and goes on after the last incident delivered: nothing skipped, nothing
// repeated.
func TestScanIncidentsExpiredPIT(t *testing.T) {
	ctx := context.Background()
	in := openTestIncidents(t)
	incs := testIncidents(7)
	if err := in.Put(ctx, incs); err != nil {
		t.Fatal(err)
	}
	query := searchQuery(incidents.Query{})
	var (
		got    []string
		after  []json.RawMessage
		closed int
		opened int
	)
	open := func(ctx context.Context) (string, error) { opened++; return in.openPIT(ctx) }
	err := pitScan(ctx, in.log, open, func(pit string) { closePointInTime(in.es, in.log, pit) },
		func(ctx context.Context, pit string) (string, bool, error) {
			if len(got) == 4 && closed == 0 { // vanish after two pages
				closePointInTime(in.es, in.log, pit)
				closed++
			}
			hits, next, err := in.scanPage(ctx, pit, query, after, 2)
			if err != nil {
				return next, false, err
			}
			for _, h := range hits {
				got = append(got, h.inc.ID)
				after = h.sort
			}
			return next, len(hits) < 2, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := len(incs) - 1; i >= 0; i-- {
		want = append(want, incs[i].ID)
	}
	if !slices.Equal(got, want) || opened != 2 {
		t.Errorf("scan across a lost point in time: %v (%d points in time), want %v (2)", got, opened, want)
	}
	// The page request on the closed point in time is recognised as such.
	pit, err := in.openPIT(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closePointInTime(in.es, in.log, pit)
	if _, _, err := in.scanPage(ctx, pit, query, nil, 2); !errors.Is(err, errPITGone) {
		t.Errorf("scanPage on a closed point in time: %v, want errPITGone", err)
	}
}
