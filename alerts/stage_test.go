package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

func stageFor(t *testing.T, rules string, st StateStore) *Stage {
	t.Helper()
	s := NewStage(mustRules(t, rules), st, StageConfig{ReplayWindow: time.Hour}, nil, nil)
	return s
}

func alertsOf(t *testing.T, s *Stage, rec pipeline.Record) []Alert {
	t.Helper()
	data, _ := json.Marshal(rec)
	res := s.Process(context.Background(), []pipeline.Message{{Subject: "records.en", Data: data}})
	if len(res) != 1 || res[0].Err != nil {
		t.Fatalf("process: %+v", res)
	}
	var out []Alert
	for _, o := range res[0].Outputs {
		var a Alert
		if err := json.Unmarshal(o.Data, &a); err != nil {
			t.Fatal(err)
		}
		if o.MsgID != a.Key || o.Subject != pipeline.AlertSubject(a.Rule) {
			t.Fatalf("output %s msgid %s for alert %s/%s", o.Subject, o.MsgID, a.Rule, a.Key)
		}
		out = append(out, a)
	}
	return out
}

func TestStageFirstReportThenUpdates(t *testing.T) {
	st := NewMemState()
	s := stageFor(t, `rules: [{name: is, groups: [islamic-state], include_affiliates: true}]`, st)
	clock := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }

	// 1. A denial: first report.
	v1 := record(recOpts{id: "r1", group: ptr("is-khorasan"), status: "denied", linked: true, country: "AF", place: "Kabul"})
	as := alertsOf(t, s, v1)
	if len(as) != 1 || as[0].Update || as[0].Status != "denied" || as[0].Incident == nil || as[0].Incident.Place != "Kabul" {
		t.Fatalf("first = %+v", as)
	}
	first := as[0]

	// 2. The same record redelivered shortly after: the same alert again,
	// byte for byte the same content (JetStream drops it by Nats-Msg-Id).
	clock = clock.Add(time.Minute)
	as = alertsOf(t, s, v1)
	if len(as) != 1 || !reflect.DeepEqual(as[0], first) {
		t.Fatalf("replay = %+v, want %+v", as, first)
	}
	// ... and not at all after the replay window.
	clock = clock.Add(2 * time.Hour)
	if as = alertsOf(t, s, v1); len(as) != 0 {
		t.Fatalf("replay after window = %+v", as)
	}

	// 3. The article is revised: the group now claims it. Update.
	v2 := v1
	v2.Claims = []pipeline.Claim{v1.Claims[0]}
	v2.Claims[0].Status = pipeline.StatusClaimed
	as = alertsOf(t, s, v2)
	if len(as) != 1 || !as[0].Update || as[0].PreviousStatus != "denied" || as[0].PreviousGroup != "is-khorasan" || as[0].Status != "claimed" {
		t.Fatalf("update = %+v", as)
	}
	if as[0].Key == first.Key {
		t.Fatal("update reused the first key")
	}
	update := as[0]

	// 4. A second group claims the same incident: update, previous is the
	// latest status of any group.
	v3 := v2
	c := v2.Claims[0]
	c.GroupID = ptr("iswap")
	v3.Claims = append([]pipeline.Claim{}, v2.Claims[0], c)
	as = alertsOf(t, s, v3)
	// The is-khorasan claim is replayed unchanged (within the window).
	if len(as) != 2 || !reflect.DeepEqual(as[0], update) {
		t.Fatalf("second group = %+v", as)
	}
	if a := as[1]; a.Group != "iswap" || !a.Update || a.PreviousStatus != "claimed" || a.PreviousGroup != "is-khorasan" {
		t.Fatalf("second group = %+v", a)
	}

	// A different incident is independent.
	other := record(recOpts{id: "r2", group: ptr("islamic-state"), linked: true})
	as = alertsOf(t, s, other)
	if len(as) != 1 || as[0].Update {
		t.Fatalf("other incident = %+v", as)
	}
}

func TestStageSameRecordTwoGroupsAreFirstReports(t *testing.T) {
	s := stageFor(t, `rules: [{name: any}]`, NewMemState())
	rec := record(recOpts{id: "r1", group: ptr("taliban"), status: "denied", linked: true})
	c := rec.Claims[0]
	c.GroupID, c.Status = ptr("is-khorasan"), pipeline.StatusClaimed
	rec.Claims = append(rec.Claims, c)
	as := alertsOf(t, s, rec)
	if len(as) != 2 || as[0].Update || as[1].Update {
		t.Fatalf("alerts = %+v", as)
	}
}

// conflictOnce makes the first Put fail as if another worker had written.
type conflictOnce struct {
	*MemState
	done bool
}

func (c *conflictOnce) Put(ctx context.Context, key string, st IncidentState, rev uint64) error {
	if !c.done {
		c.done = true
		// Another worker reports a denial meanwhile.
		other := IncidentState{Last: &StatusRef{"taliban", "denied"}, Groups: map[string]*GroupState{
			"taliban": {Current: "denied", Alerted: map[string]Sent{"denied": {Key: "k0", At: time.Now()}}}}}
		if err := c.MemState.Put(ctx, key, other, rev); err != nil {
			return err
		}
	}
	return c.MemState.Put(ctx, key, st, rev)
}

func TestStageRetriesStateConflicts(t *testing.T) {
	st := &conflictOnce{MemState: NewMemState()}
	s := stageFor(t, `rules: [{name: any}]`, st)
	as := alertsOf(t, s, record(recOpts{id: "r1", group: ptr("taliban"), linked: true}))
	if len(as) != 1 || !as[0].Update || as[0].PreviousStatus != "denied" {
		t.Fatalf("after conflict = %+v (the retry must see the other worker's state)", as)
	}
}

func TestStageBadRecordIsPermanent(t *testing.T) {
	s := stageFor(t, `rules: [{name: any}]`, NewMemState())
	res := s.Process(context.Background(), []pipeline.Message{{Data: []byte("{")}, {Data: []byte(`{"id":""}`)}})
	for i, r := range res {
		if !pipeline.IsPermanent(r.Err) {
			t.Errorf("result %d: %v, want permanent", i, r.Err)
		}
	}
}

func TestMemStateCAS(t *testing.T) {
	ctx := context.Background()
	m := NewMemState()
	if err := m.Put(ctx, "k", IncidentState{}, 0); err != nil {
		t.Fatal(err)
	}
	if err := m.Put(ctx, "k", IncidentState{}, 0); !errors.Is(err, ErrStateConflict) {
		t.Fatalf("second create: %v", err)
	}
	_, rev, _ := m.Get(ctx, "k")
	if err := m.Put(ctx, "k", IncidentState{}, rev); err != nil {
		t.Fatal(err)
	}
	if err := m.Put(ctx, "k", IncidentState{}, rev); !errors.Is(err, ErrStateConflict) {
		t.Fatalf("stale update: %v", err)
	}
}

// The KV state survives a restart of the (embedded) server.
func TestKVStateDurable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := pipeline.DefaultNATSConfig()
	cfg.StoreDir = dir
	c, err := pipeline.Connect(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := NewKVState(ctx, c.JS, KVStateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	s := NewStage(mustRules(t, `rules: [{name: any}]`), kv, StageConfig{}, nil, nil)
	v1 := record(recOpts{id: "r1", group: ptr("taliban"), status: "denied", linked: true})
	if as := alertsOf(t, s, v1); len(as) != 1 || as[0].Update {
		t.Fatalf("first = %+v", as)
	}
	// CAS on the KV store.
	key := StateKey("any", "r1#1")
	_, rev, err := kv.Get(ctx, key)
	if err != nil || rev == 0 {
		t.Fatalf("get: rev %d err %v", rev, err)
	}
	if err := kv.Put(ctx, key, IncidentState{}, rev+7); !errors.Is(err, ErrStateConflict) {
		t.Fatalf("stale update: %v", err)
	}
	if err := kv.Put(ctx, key, IncidentState{}, 0); !errors.Is(err, ErrStateConflict) {
		t.Fatalf("create existing: %v", err)
	}
	c.Close()

	c2, err := pipeline.Connect(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	kv2, err := NewKVState(ctx, c2.JS, KVStateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	s2 := NewStage(mustRules(t, `rules: [{name: any}]`), kv2, StageConfig{}, nil, nil)
	v2 := v1
	v2.Claims = []pipeline.Claim{v1.Claims[0]}
	v2.Claims[0].Status = pipeline.StatusClaimed
	as := alertsOf(t, s2, v2)
	if len(as) != 1 || !as[0].Update || as[0].PreviousStatus != "denied" {
		t.Fatalf("after restart = %+v", as)
	}
}
