package incidents_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

func startNATS(t *testing.T) *pipeline.Conn {
	t.Helper()
	cfg := pipeline.DefaultNATSConfig()
	cfg.StoreDir = t.TempDir()
	c, err := pipeline.Connect(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func loadRecords(t *testing.T) []pipeline.Record {
	t.Helper()
	f, err := os.Open("testdata/multioutlet.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pipeline.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r pipeline.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Article.Published < out[j].Article.Published })
	return out
}

// publish puts records on RECORDS with msgID suffix (a new suffix is a
// replay the duplicate window does not catch).
func publish(t *testing.T, c *pipeline.Conn, recs []pipeline.Record, suffix string) {
	t.Helper()
	ctx := context.Background()
	for _, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.JS.PublishMsg(ctx, pipelineMsg(r, b, suffix)); err != nil {
			t.Fatal(err)
		}
	}
}

// runDrained runs a fresh incidents runner over store until its consumer
// has nothing pending, then stops it.
func runDrained(t *testing.T, c *pipeline.Conn, store incidents.Store) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rc := pipeline.DefaultRunnerConfig()
	rc.FetchWait = 50 * time.Millisecond
	r, err := incidents.NewRunner(ctx, c.JS, incidents.NewEngine(incidents.Config{}), store, rc, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	deadline := time.Now().Add(40 * time.Second)
	quiet := 0
	for quiet < 3 {
		if time.Now().After(deadline) {
			t.Fatal("incidents runner did not drain before the deadline")
		}
		time.Sleep(50 * time.Millisecond)
		if n, err := r.Pending(ctx); err == nil && n == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

// snapshot is every stored incident, by id, JSON round-tripped.
func snapshot(t *testing.T, s incidents.Searcher) map[string]incidents.Incident {
	t.Helper()
	res, err := s.Search(context.Background(), incidents.Query{Size: indexer.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]incidents.Incident{}
	for _, inc := range res.Incidents {
		b, _ := json.Marshal(inc)
		var c incidents.Incident
		_ = json.Unmarshal(b, &c)
		out[inc.ID] = c
	}
	return out
}

// TestStageRestartAndReplay runs the stage on a real embedded JetStream
// with the bleve incident index: half of the records, a restart (index
// closed and reopened, new runner on the same durable consumer), the other
// half, then every record again under new message ids (a replay). The
// stored incidents must equal the in-memory clustering of the records in
// the same order, and the replay must change nothing.
func TestStageRestartAndReplay(t *testing.T) {
	recs := loadRecords(t)
	c := startNATS(t)
	dir := t.TempDir()

	open := func() *indexer.BleveIncidents {
		x, err := indexer.OpenBleveIncidents(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	half := len(recs) / 2
	x := open()
	publish(t, c, recs[:half], "")
	runDrained(t, c, x)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	x = open() // restart: state comes from the index
	defer x.Close()
	publish(t, c, recs[half:], "")
	runDrained(t, c, x)
	got := snapshot(t, x)

	// the same records, same order, one batch per record, in memory
	mem := incidents.NewMemStore()
	cl := incidents.NewClusterer(incidents.NewEngine(incidents.Config{}), mem)
	for _, r := range recs {
		b := cl.NewBatch()
		if _, err := b.Apply(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if err := b.Commit(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	want := snapshot(t, mem)
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d incidents stored, %d expected", len(got), len(want))
	}
	multi := 0
	for id, w := range want {
		if len(w.Sources) > 1 {
			multi++
		}
		if g, ok := got[id]; !ok || !reflect.DeepEqual(g, w) {
			t.Errorf("incident %s differs from the in-memory clustering:\n got %+v\nwant %+v", id, g, w)
		}
	}
	if multi == 0 {
		t.Fatal("no cross-article incident formed")
	}
	t.Logf("%d records -> %d incidents (%d with several sources)", len(recs), len(got), multi)

	publish(t, c, recs, ".replay")
	runDrained(t, c, x)
	if again := snapshot(t, x); !reflect.DeepEqual(again, got) {
		t.Errorf("replay changed the incidents: %d before, %d after", len(got), len(again))
	}
}
