package incidents

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"testing"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Minimum clustering quality on testdata/multioutlet (pairwise, by record).
const (
	minPrecision = 0.9
	minRecall    = 0.85
)

// clusterRecords runs records through a Clusterer over a MemStore in
// batches of batch records and returns, per record id, the incident its
// first report is in ("" for a record that describes no attack).
func clusterRecords(t testing.TB, eng *Engine, recs []pipeline.Record, batch int) (map[string]string, *MemStore) {
	t.Helper()
	ctx := context.Background()
	store := NewMemStore()
	cl := NewClusterer(eng, store)
	got := map[string]string{}
	for i := 0; i < len(recs); i += batch {
		b := cl.NewBatch()
		for _, r := range recs[i:min(i+batch, len(recs))] {
			ids, err := b.Apply(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			got[r.ID] = ""
			if len(ids) > 0 {
				got[r.ID] = ids[0]
			}
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// The ids returned at Apply time must still hold at the end (no
	// incident is merged away later).
	for _, inc := range store.All() {
		for _, s := range inc.Sources {
			if got[s.RecordID] != inc.ID && Reports(recByID(recs, s.RecordID))[0].Key == s.Key {
				t.Errorf("record %s: reported in %s, stored in %s", s.RecordID, got[s.RecordID], inc.ID)
			}
		}
	}
	return got, store
}

func recByID(recs []pipeline.Record, id string) pipeline.Record {
	for _, r := range recs {
		if r.ID == id {
			return r
		}
	}
	return pipeline.Record{}
}

// scores are pairwise and B-cubed precision and recall of a clustering
// against gold labels; a record without a predicted cluster is a
// singleton.
type scores struct {
	PairP, PairR, BcubedP, BcubedR  float64
	GoldPairs, PredPairs, TruePairs int
}

func score(gold, pred map[string]string) scores {
	ids := make([]string, 0, len(gold))
	for id := range gold {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	p := func(id string) string {
		if c := pred[id]; c != "" {
			return c
		}
		return "singleton:" + id
	}
	var s scores
	var bp, br float64
	for _, a := range ids {
		sameGold, samePred, both := 0, 0, 0
		for _, b := range ids {
			g, q := gold[a] == gold[b], p(a) == p(b)
			if g {
				sameGold++
			}
			if q {
				samePred++
			}
			if g && q {
				both++
			}
			if a < b {
				if g {
					s.GoldPairs++
				}
				if q {
					s.PredPairs++
				}
				if g && q {
					s.TruePairs++
				}
			}
		}
		bp += float64(both) / float64(samePred)
		br += float64(both) / float64(sameGold)
	}
	n := float64(len(ids))
	s.BcubedP, s.BcubedR = bp/n, br/n
	s.PairP, s.PairR = 1, 1
	if s.PredPairs > 0 {
		s.PairP = float64(s.TruePairs) / float64(s.PredPairs)
	}
	if s.GoldPairs > 0 {
		s.PairR = float64(s.TruePairs) / float64(s.GoldPairs)
	}
	return s
}

func (s scores) String() string {
	return fmt.Sprintf("pairwise P %.3f R %.3f (%d/%d predicted pairs true, %d gold pairs); B-cubed P %.3f R %.3f",
		s.PairP, s.PairR, s.TruePairs, s.PredPairs, s.GoldPairs, s.BcubedP, s.BcubedR)
}

// TestMultiOutletClustering measures clustering on the multi-outlet test
// set, records in publication order (as a crawler meets them) and in two
// shuffled orders, and fails below minPrecision / minRecall.
func TestMultiOutletClustering(t *testing.T) { testClustering(t, "multioutlet", 60) }

// TestHoldoutClustering measures clustering on a set written after the
// weights and threshold were chosen (testdata/holdout.txt), with the same
// bounds.
func TestHoldoutClustering(t *testing.T) { testClustering(t, "holdout", 15) }

func testClustering(t *testing.T, name string, minRecords int) {
	set := readTestSet(t, name)
	recs := readTestRecords(t, name)
	if len(recs) != len(set) || len(recs) < minRecords {
		t.Fatalf("%d records for %d reports; regenerate testdata (want >= %d)", len(recs), len(set), minRecords)
	}
	gold := map[string]string{}
	for _, r := range set {
		gold[r.ID] = r.Gold
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Article.Published < recs[j].Article.Published })
	eng := NewEngine(Config{})
	orders := []struct {
		name  string
		seed  uint64
		batch int
	}{
		{"publication order, batches of 1", 0, 1},
		{"publication order, batches of 16", 0, 16},
		{"shuffled (seed 1), batches of 8", 1, 8},
		{"shuffled (seed 2), batches of 8", 2, 8},
	}
	for _, o := range orders {
		rs := append([]pipeline.Record(nil), recs...)
		if o.seed != 0 {
			rng := rand.New(rand.NewPCG(o.seed, o.seed))
			rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
		}
		pred, store := clusterRecords(t, eng, rs, o.batch)
		s := score(gold, pred)
		t.Logf("%s, %s: %d records, %d gold clusters, %d incidents: %s", name, o.name, len(rs), countDistinct(gold), len(store.All()), s)
		if s.PairP < minPrecision || s.PairR < minRecall {
			t.Errorf("%s, %s: pairwise precision %.3f (min %.2f), recall %.3f (min %.2f)", name, o.name, s.PairP, minPrecision, s.PairR, minRecall)
		}
		if os.Getenv("CLAIMWATCH_INCIDENTS_DEBUG") == "1" {
			dumpErrors(t, eng, rs, gold, pred)
		}
	}
}

func countDistinct(m map[string]string) int {
	seen := map[string]bool{}
	for _, v := range m {
		seen[v] = true
	}
	return len(seen)
}

// dumpErrors logs every wrongly merged or split pair with its score.
func dumpErrors(t *testing.T, eng *Engine, recs []pipeline.Record, gold, pred map[string]string) {
	first := map[string]*Report{}
	for _, r := range recs {
		if rs := Reports(r); len(rs) > 0 {
			first[r.ID] = &rs[0]
		}
	}
	for _, a := range recs {
		for _, b := range recs {
			if a.ID >= b.ID {
				continue
			}
			g := gold[a.ID] == gold[b.ID]
			q := pred[a.ID] != "" && pred[a.ID] == pred[b.ID]
			if g == q {
				continue
			}
			ra, rb := first[a.ID], first[b.ID]
			if ra == nil || rb == nil {
				t.Logf("split %s %s: no report", a.ID, b.ID)
				continue
			}
			t.Logf("gold same=%v pred same=%v %s %s: %+v", g, q, a.ID, b.ID, eng.Pair(ra, rb))
		}
	}
}

// TestThresholdSweep logs precision and recall of both test sets for a
// range of thresholds (CLAIMWATCH_BENCH_INCIDENTS=1): how close the
// default sits to the edges.
func TestThresholdSweep(t *testing.T) {
	if os.Getenv("CLAIMWATCH_BENCH_INCIDENTS") != "1" {
		t.Skip("set CLAIMWATCH_BENCH_INCIDENTS=1 to sweep the threshold")
	}
	for _, name := range []string{"multioutlet", "holdout"} {
		gold := map[string]string{}
		for _, r := range readTestSet(t, name) {
			gold[r.ID] = r.Gold
		}
		recs := readTestRecords(t, name)
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].Article.Published < recs[j].Article.Published })
		for _, th := range []float64{0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75} {
			pred, _ := clusterRecords(t, NewEngine(Config{Threshold: th}), recs, 1)
			t.Logf("%s threshold %.2f: %s", name, th, score(gold, pred))
		}
	}
}
