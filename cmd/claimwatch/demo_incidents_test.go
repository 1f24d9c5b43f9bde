package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/export"
	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
)

// checkDemoIncidents checks the incident index a `run --demo --once` left
// in dataDir against the demo manifest: every attack the site re-reports
// (a first report and the articles whose Expect.Follows names it) is one
// incident holding all those articles as sources, with the claim timeline
// and the revised death toll the articles give, and no unrelated attack of
// the same country and days (a distractor) is merged into it. Then
// `claimwatch export` of dataDir must carry the same incidents in its events
// table (checkDemoEvents).
func checkDemoIncidents(t *testing.T, dataDir string) {
	t.Helper()
	x, err := indexer.OpenBleveIncidents(filepath.Join(dataDir, "incidents"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var all []incidents.Incident
	for from := 0; ; from += indexer.MaxSize {
		res, err := x.Search(context.Background(), incidents.Query{Size: indexer.MaxSize, From: from})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Incidents...)
		if len(res.Incidents) < indexer.MaxSize {
			break
		}
	}
	if err := x.Close(); err != nil { // export opens it again
		t.Fatal(err)
	}
	arts := demosite.Articles()
	groups := map[string][]demosite.Article{}
	byPath := map[string]demosite.Article{}
	for _, a := range arts {
		byPath[a.Path] = a
	}
	for _, a := range arts {
		if f := a.Expect.Follows; f != "" {
			if len(groups[f]) == 0 {
				groups[f] = []demosite.Article{byPath[f]}
			}
			groups[f] = append(groups[f], a)
		}
	}
	if len(groups) == 0 {
		t.Fatal("the demo manifest re-reports no attack")
	}
	for first, g := range groups {
		var held []incidents.Incident // incidents with a source from every article of g
		for _, inc := range all {
			if slices.IndexFunc(g, func(a demosite.Article) bool { return !hasSource(inc, a.Path) }) < 0 {
				held = append(held, inc)
			}
		}
		if len(held) == 0 {
			t.Errorf("%s and its %d follow-ups are in no common incident", first, len(g)-1)
			continue
		}
		kinds := map[string]bool{}
		unclaimedFirst, compclaim := false, false
		var tolls []int
		for _, inc := range held {
			for i, e := range inc.Timeline {
				kinds[e.Kind] = true
				if e.Kind == incidents.EventUnclaimed && slices.ContainsFunc(inc.Timeline[i+1:], func(e incidents.ClaimEvent) bool { return e.Kind == incidents.EventFirstClaim }) {
					unclaimedFirst = true
				}
			}
			compclaim = compclaim || inc.CompClaim
			if inc.Killed != nil {
				tolls = append(tolls, *inc.Killed)
			}
		}
		if len(kinds) == 0 {
			t.Errorf("%s: the incidents holding all its reports have no claim timeline", first)
		}
		want := wantFromManifest(g)
		if want.claim && !kinds[incidents.EventFirstClaim] {
			t.Errorf("%s: a follow-up or first report states a claim, the timeline has no first_claim: %v", first, kinds)
		}
		if want.compclaim && !compclaim {
			t.Errorf("%s: two groups claim it, no incident is a competing claim", first)
		}
		if want.denial && !kinds[incidents.EventDenial] && !kinds[incidents.EventRetraction] {
			t.Errorf("%s: a follow-up states a denial, the timeline has none: %v", first, kinds)
		}
		if want.laterClaim && !unclaimedFirst {
			t.Errorf("%s: first unclaimed then claimed, the timeline does not show it: %v", first, kinds)
		}
		if want.killed >= 0 && !slices.Contains(tolls, want.killed) {
			t.Errorf("%s: incident tolls %v, want one with the revised %d", first, tolls, want.killed)
		}
		firstPub, _ := time.Parse(time.RFC3339, g[0].Published)
		for _, o := range arts {
			if o.Expect.Follows != "" || o.Path == first || !o.Expect.Attack || o.Expect.Country != g[0].Expect.Country {
				continue
			}
			pub, _ := time.Parse(time.RFC3339, o.Published)
			if d := pub.Sub(firstPub); d < -3*24*time.Hour || d > 3*24*time.Hour {
				continue
			}
			for _, inc := range held {
				if hasSource(inc, o.Path) {
					t.Errorf("%s: unrelated attack %s merged into incident %s", first, o.Path, inc.ID)
				}
			}
		}
	}
	checkDemoEvents(t, dataDir, groups, len(all))
}

// checkDemoEvents runs `claimwatch export --format jsonl` on dataDir and
// checks its events table: one row per incident of the index, and each
// re-reported attack (groups: first report's path -> its articles) in one
// row with all its articles as sources and a claim timeline.
func checkDemoEvents(t *testing.T, dataDir string, groups map[string][]demosite.Article, nIncidents int) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export")
	r := runCLI(t, time.Minute, "export", "--data", dataDir, "--admin", "off", "--out", out, "--format", "jsonl", "--log-level", "warn")
	if r.err != nil {
		t.Fatalf("export: %v\n%s", r.err, r.all())
	}
	b, err := os.ReadFile(filepath.Join(out, "events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []export.EventRow
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var row export.EventRow
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("events.jsonl: %v", err)
		}
		rows = append(rows, row)
	}
	if len(rows) != nIncidents {
		t.Errorf("events table has %d rows, the incident index %d incidents", len(rows), nIncidents)
	}
	for first, g := range groups {
		ok := slices.ContainsFunc(rows, func(row export.EventRow) bool {
			return row.NSources > 1 && len(row.Timeline) > 0 && !slices.ContainsFunc(g, func(a demosite.Article) bool {
				return !slices.ContainsFunc(row.URLs, func(u string) bool { return strings.HasSuffix(u, a.Path) })
			})
		})
		if !ok {
			t.Errorf("events table: no row holds %s and its follow-ups with a claim timeline", first)
		}
	}
}

// demoExpect is what the manifest of a re-reported attack's articles says
// its incident must show.
type demoExpect struct {
	claim, compclaim, denial, laterClaim bool
	killed                               int // highest toll given, -1 when none
}

func wantFromManifest(g []demosite.Article) demoExpect {
	w := demoExpect{killed: -1}
	claimed := map[string]bool{}
	unclaimed := false
	for i, a := range g {
		for _, c := range a.Expect.Claims {
			switch c.Status {
			case demosite.StatusClaimed:
				claimed[c.Group] = true
				w.laterClaim = w.laterClaim || unclaimed && i > 0
			case demosite.StatusDenied:
				w.denial = w.denial || i > 0
			case demosite.StatusUnclaimed:
				unclaimed = unclaimed || i == 0 && c.Group == ""
			}
		}
		if a.Expect.Killed != nil {
			w.killed = max(w.killed, *a.Expect.Killed)
		}
	}
	w.claim = len(claimed) > 0
	w.compclaim = len(claimed) >= 2
	return w
}

func hasSource(inc incidents.Incident, path string) bool {
	return slices.ContainsFunc(inc.Sources, func(s incidents.Report) bool { return strings.HasSuffix(s.URL, path) })
}

// TestRunDemoOnceWithoutIncidents: with incidents.enabled false, `run`
// neither runs the incidents stage nor creates its index, and its summary
// has no incident line.
func TestRunDemoOnceWithoutIncidents(t *testing.T) {
	cfg := testConfig(t)
	cfg.Incidents.Enabled = false
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := runAll(ctx, cfg, runOpts{demo: true, once: true, timeout: 90 * time.Second}, &out, io.Discard); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "records indexed") || strings.Contains(out.String(), "cross-article incidents") {
		t.Errorf("summary with the incidents stage disabled:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "incidents")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("incident index created although the stage is disabled: %v", err)
	}
}
