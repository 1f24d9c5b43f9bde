package export

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// eventsFixture indexes the multi-outlet test records (real extractor
// output, incidents/testdata) into a real bleve record index and clusters
// them into a real bleve incident index, as the pipeline's stages do.
func eventsFixture(t *testing.T) (*indexer.Bleve, *indexer.BleveIncidents) {
	t.Helper()
	f, err := os.Open("../incidents/testdata/multioutlet.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []pipeline.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r pipeline.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	idx, err := indexer.OpenBleve(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	if err := idx.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	x, err := indexer.OpenBleveIncidents(filepath.Join(t.TempDir(), "incidents"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	b := incidents.NewClusterer(incidents.NewEngine(incidents.Config{}), x).NewBatch()
	for _, r := range recs {
		if _, err := b.Apply(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return idx, x
}

// TestEventsFromBleveIncidents exports the records with the incident
// index as Parquet and CSV and checks the events table against the
// incidents read back from the index: one row per incident, its sources,
// tolls, GTD date and claim coding, and the timeline.
func TestEventsFromBleveIncidents(t *testing.T) {
	idx, x := eventsFixture(t)
	ctx := context.Background()
	nInc, err := x.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := testOptions(dir, Parquet)
	opt.Events = x
	m, err := Run(ctx, idx, nil, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := readParquet[EventRow](t, filepath.Join(dir, tableEvents))
	if len(rows) != nInc || m.Rows[tableEvents] != int64(nInc) || nInc < 20 {
		t.Fatalf("%d event rows, manifest %d, index %d incidents", len(rows), m.Rows[tableEvents], nInc)
	}
	if !slices.ContainsFunc(m.Files, func(f ManifestFile) bool { return strings.HasPrefix(f.Path, tableEvents+"/") }) {
		t.Errorf("manifest files %v lack the events table", m.Files)
	}
	var multi, claimed, comp, unclaimed int
	seen := map[string]bool{}
	for _, row := range rows {
		if seen[row.EventID] {
			t.Fatalf("event %s twice", row.EventID)
		}
		seen[row.EventID] = true
		inc, ok, err := x.Get(ctx, row.EventID)
		if err != nil || !ok {
			t.Fatalf("event %s not in the index: %v", row.EventID, err)
		}
		if row.NSources != int64(len(inc.Sources)) || len(row.RecordIDs) != len(inc.Sources) || row.NOutlets != int64(len(inc.Outlets)) {
			t.Errorf("%s: %d sources, %d record ids, %d outlets; incident has %d sources, %d outlets", row.EventID, row.NSources, len(row.RecordIDs), row.NOutlets, len(inc.Sources), len(inc.Outlets))
		}
		for i, s := range inc.Sources {
			if i < len(row.RecordIDs) && row.RecordIDs[i] != s.RecordID {
				t.Errorf("%s: record_ids %v not in timeline order", row.EventID, row.RecordIDs)
				break
			}
		}
		if (row.NKill == nil) != (inc.Killed == nil) || inc.Killed != nil && *row.NKill != int64(*inc.Killed) {
			t.Errorf("%s: nkill %v, incident killed %v", row.EventID, row.NKill, inc.Killed)
		}
		y, mo, d := gtdDate(inc.Date)
		if (row.IYear == nil) != (y == nil) || y != nil && *row.IYear != *y || row.IMonth != mo || row.IDay != d {
			t.Errorf("%s: iyear/imonth/iday %v/%d/%d for date %q", row.EventID, row.IYear, row.IMonth, row.IDay, inc.Date)
		}
		if row.FirstSeen != timeString(inc.FirstSeen) || len(row.Timeline) != len(inc.Timeline) {
			t.Errorf("%s: first_seen %s (want %s), %d timeline entries (want %d)", row.EventID, row.FirstSeen, timeString(inc.FirstSeen), len(row.Timeline), len(inc.Timeline))
		}
		if len(inc.Sources) > 1 {
			multi++
		}
		switch {
		case inc.Claimed:
			claimed++
			first := inc.Timeline[slices.IndexFunc(inc.Timeline, func(e incidents.ClaimEvent) bool { return e.Kind == incidents.EventFirstClaim })]
			if row.Claimed != claimedYes || row.CompClaim == nil || row.ClaimModeTxt == "" || row.FirstClaimAt != timeString(first.At) {
				t.Errorf("%s: claimed incident coded claimed %d, compclaim %v, claimmode %q, first_claim_at %q", row.EventID, row.Claimed, row.CompClaim, row.ClaimModeTxt, row.FirstClaimAt)
			}
			if latest := statusOf(inc, first.GroupID); latest == pipeline.StatusClaimed && row.GName != first.GroupID {
				t.Errorf("%s: gname %q, want the first claimant %q (no gazetteer: ids)", row.EventID, row.GName, first.GroupID)
			}
			if inc.CompClaim {
				comp++
				if *row.CompClaim != 1 || row.GName2 == "" {
					t.Errorf("%s: competing claim coded compclaim %d, gname2 %q", row.EventID, *row.CompClaim, row.GName2)
				}
			}
		case row.Claimed == claimedNo:
			unclaimed++
			if row.CompClaim != nil || row.ClaimModeTxt != "" {
				t.Errorf("%s: unclaimed incident with compclaim %v, claimmode %q", row.EventID, row.CompClaim, row.ClaimModeTxt)
			}
		}
	}
	if multi == 0 || claimed == 0 || comp == 0 || unclaimed == 0 {
		t.Errorf("fixture covers too little: %d multi-source, %d claimed, %d competing, %d unclaimed events", multi, claimed, comp, unclaimed)
	}

	// CSV of the same, filtered by country: only that country's incidents.
	cdir := t.TempDir()
	copt := testOptions(cdir, CSV)
	copt.Events, copt.Query = x, "country:SO"
	cm, err := Run(ctx, idx, nil, copt, nil)
	if err != nil {
		t.Fatal(err)
	}
	csvRows := readCSV(t, filepath.Join(cdir, "events.csv"))
	cols := columnsOf(reflect.TypeFor[EventRow]())
	if len(csvRows) < 2 || int64(len(csvRows)-1) != cm.Rows[tableEvents] || len(csvRows[0]) != len(cols) {
		t.Fatalf("events.csv: %d lines, manifest %d rows, header %v", len(csvRows), cm.Rows[tableEvents], csvRows[0])
	}
	ci := slices.Index(csvRows[0], "country")
	ni := slices.Index(csvRows[0], "n_sources")
	want := 0
	for _, row := range rows {
		if row.Country == "SO" {
			want++
		}
	}
	if len(csvRows)-1 != want {
		t.Errorf("country:SO export has %d events, the index %d", len(csvRows)-1, want)
	}
	for _, r := range csvRows[1:] {
		if r[ci] != "SO" {
			t.Errorf("country:SO export holds an event in %q", r[ci])
		}
		if n, err := strconv.Atoi(r[ni]); err != nil || n < 1 {
			t.Errorf("n_sources %q", r[ni])
		}
	}
}

// TestNoEventsWithoutIncidentIndex: without Options.Events there is no
// events table (and no events row count).
func TestNoEventsWithoutIncidentIndex(t *testing.T) {
	dir := t.TempDir()
	m, err := Run(context.Background(), &genScanner{n: 5}, nil, testOptions(dir, JSONL), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Rows[tableEvents]; ok {
		t.Errorf("rows %v count events", m.Rows)
	}
	if _, err := os.Stat(filepath.Join(dir, "events.jsonl")); !os.IsNotExist(err) {
		t.Errorf("events.jsonl written without an incident index: %v", err)
	}
}

func statusOf(inc incidents.Incident, group string) string {
	for _, s := range inc.Status {
		if s.GroupID == group {
			return s.Status
		}
	}
	return ""
}
