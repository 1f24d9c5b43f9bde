package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// receiver is a webhook endpoint that fails the first failFirst attempts
// of every alert with 503, then verifies the signature and records it.
type receiver struct {
	t         *testing.T
	secret    []byte
	failFirst int
	// gateAfter > 0: once that many alerts are delivered, refuse new ones
	// (503, not counted as attempts) until open, so that a deliverer stopped
	// then is provably stopped midway.
	gateAfter int
	open      bool

	mu        sync.Mutex
	attempts  map[string]int      // key -> requests
	delivered map[string][][]byte // key -> bodies accepted
	bad       []string
}

func newReceiver(t *testing.T, secret string, failFirst int) (*receiver, *httptest.Server) {
	r := &receiver{t: t, secret: []byte(secret), failFirst: failFirst, attempts: map[string]int{}, delivered: map[string][][]byte{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	key := req.Header.Get(HeaderIdempotencyKey)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gateAfter > 0 && !r.open && len(r.delivered) >= r.gateAfter && r.delivered[key] == nil {
		http.Error(w, "gated", http.StatusServiceUnavailable)
		return
	}
	r.attempts[key]++
	if r.attempts[key] <= r.failFirst {
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	if err := VerifySignature(r.secret, req.Header, body, 5*time.Minute, time.Now()); err != nil {
		r.bad = append(r.bad, "signature: "+err.Error())
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var a Alert
	if err := json.Unmarshal(body, &a); err != nil || a.Key != key {
		r.bad = append(r.bad, fmt.Sprintf("body key %q vs header %q (%v)", a.Key, key, err))
	}
	r.delivered[key] = append(r.delivered[key], body)
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) count() (keys, deliveries int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.delivered {
		deliveries += len(b)
	}
	return len(r.delivered), deliveries
}

func testRunnerCfg(stream, durable string) pipeline.RunnerConfig {
	c := pipeline.DefaultRunnerConfig()
	c.Stream, c.Durable = stream, durable
	c.BatchSize, c.Workers = 4, 2
	c.FetchWait = 100 * time.Millisecond
	c.BackoffBase, c.BackoffMax = 20*time.Millisecond, 200*time.Millisecond
	c.MaxDeliver = 10
	c.AckWait = 5 * time.Second
	return c
}

// runUntil runs r until cond holds (or fails the test after 30s), then
// stops it gracefully.
func runUntil(t *testing.T, r *pipeline.Runner, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatal("condition not reached before deadline")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func streamMsgs(t *testing.T, js jetstream.JetStream, stream string) uint64 {
	t.Helper()
	s, err := js.Stream(context.Background(), stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

func publishRecord(t *testing.T, js jetstream.JetStream, rec pipeline.Record, version string) {
	t.Helper()
	data, _ := json.Marshal(rec)
	if _, err := js.PublishMsg(context.Background(), &nats.Msg{Subject: pipeline.RecordSubject("en"), Data: data}, jetstream.WithMsgID(rec.ID+"."+version)); err != nil {
		t.Fatal(err)
	}
}

func TestAlertsEndToEndWebhooksAtLeastOnce(t *testing.T) {
	ctx := context.Background()
	c := startNATS(t)
	recv, srv := newReceiver(t, "s3cret", 2)
	rs := mustRules(t, fmt.Sprintf(`
rules:
  - name: is
    groups: [islamic-state]
    include_affiliates: true
    outputs: {webhooks: [{url: %q, secret: s3cret}]}
  - name: denials
    statuses: [denied]
    outputs: {webhooks: [{url: %q, secret: s3cret}]}
  - name: nats-only
    statuses: [attributed]
`, srv.URL, srv.URL))

	// 16 records, various groups and statuses.
	groups := []string{"islamic-state", "is-khorasan", "taliban", "iswap", "al-shabaab", "is-barqa", "boko-haram", "al-qaida"}
	statuses := []string{"claimed", "denied", "attributed", "claimed"}
	var recs []pipeline.Record
	want := map[string]bool{} // keys expected at the webhook
	nats := 0
	for i := 0; i < 16; i++ {
		rec := record(recOpts{id: fmt.Sprintf("r%02d", i), group: ptr(groups[i%len(groups)]), status: statuses[i%len(statuses)], linked: i%3 != 0})
		recs = append(recs, rec)
		for _, m := range rs.Match(rec) {
			nats++
			if m.Rule != "nats-only" {
				want[m.Key] = true
			}
		}
		publishRecord(t, c.JS, rec, "v1")
	}
	if len(want) < 6 || nats <= len(want) {
		t.Fatalf("test data too thin: %d webhook alerts, %d alerts", len(want), nats)
	}

	kv, err := NewKVState(ctx, c.JS, KVStateConfig{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	metricsA := NewMetrics(nil)
	alertsRunner, err := pipeline.NewRunner(ctx, c.JS, NewStage(rs, kv, StageConfig{}, nil, metricsA), testRunnerCfg(pipeline.StreamRecords, "alerts"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	runUntil(t, alertsRunner, func() bool {
		n, _ := alertsRunner.Pending(ctx)
		return n == 0 && streamMsgs(t, c.JS, pipeline.StreamAlerts) == uint64(nats)
	})
	// Replaying every record (a recreated consumer) publishes nothing new:
	// same Nats-Msg-Id within the duplicate window.
	for _, rec := range recs[:4] {
		publishRecord(t, c.JS, rec, "replay")
	}
	runUntil(t, alertsRunner, func() bool { n, _ := alertsRunner.Pending(ctx); return n == 0 })
	if got := streamMsgs(t, c.JS, pipeline.StreamAlerts); got != uint64(nats) {
		t.Fatalf("alerts after replay = %d, want %d", got, nats)
	}

	dcfg := DefaultDelivererConfig()
	dcfg.RatePerEndpoint, dcfg.Burst = 1000, 100
	reg := NewMetrics(nil)
	newDeliverRunner := func() *pipeline.Runner {
		r, err := pipeline.NewRunner(ctx, c.JS, NewDeliverer(rs, dcfg, nil, nil, reg), testRunnerCfg(pipeline.StreamAlerts, "deliver"), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// First deliverer: stopped midway.
	recv.mu.Lock()
	recv.gateAfter = len(want) / 2
	recv.mu.Unlock()
	runUntil(t, newDeliverRunner(), func() bool { k, _ := recv.count(); return k >= len(want)/2 })
	if k, _ := recv.count(); k >= len(want) {
		t.Fatalf("everything was delivered before the stop (%d keys)", k)
	}
	// A new process takes over the durable consumer.
	recv.mu.Lock()
	recv.open = true
	recv.mu.Unlock()
	r2 := newDeliverRunner()
	runUntil(t, r2, func() bool {
		k, _ := recv.count()
		n, _ := r2.Pending(ctx)
		return k == len(want) && n == 0
	})

	recv.mu.Lock()
	defer recv.mu.Unlock()
	if len(recv.bad) > 0 {
		t.Fatalf("receiver problems: %v", recv.bad)
	}
	for key := range want {
		bodies := recv.delivered[key]
		if len(bodies) == 0 {
			t.Errorf("alert %s never delivered", key[:12])
			continue
		}
		if recv.attempts[key] < 3 {
			t.Errorf("alert %s delivered after %d attempts; the receiver fails the first 2", key[:12], recv.attempts[key])
		}
		for _, b := range bodies[1:] {
			var a0, a1 Alert
			_ = json.Unmarshal(bodies[0], &a0)
			_ = json.Unmarshal(b, &a1)
			if a0.Key != a1.Key || a0.AlertedAt != a1.AlertedAt || a0.Status != a1.Status {
				t.Errorf("duplicate delivery of %s differs: %s vs %s", key[:12], bodies[0], b)
			}
		}
	}
	for key := range recv.delivered {
		if !want[key] {
			t.Errorf("unexpected alert %s delivered", key)
		}
	}
	if n := streamMsgs(t, c.JS, pipeline.StreamDeadLetter); n != 0 {
		t.Fatalf("dead letters = %d", n)
	}
	if got := testutilCount(reg.Latency); got < uint64(len(want)) {
		t.Fatalf("latency observations = %d, want >= %d", got, len(want))
	}
}

func TestAlertsUpdateDeliveredOnStatusChange(t *testing.T) {
	ctx := context.Background()
	c := startNATS(t)
	recv, srv := newReceiver(t, "k", 0)
	rs := mustRules(t, fmt.Sprintf(`rules: [{name: is, groups: [islamic-state], include_affiliates: true, outputs: {webhooks: [{url: %q, secret: k}]}}]`, srv.URL))
	kv, err := NewKVState(ctx, c.JS, KVStateConfig{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	ar, err := pipeline.NewRunner(ctx, c.JS, NewStage(rs, kv, StageConfig{}, nil, nil), testRunnerCfg(pipeline.StreamRecords, "alerts"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dr, err := pipeline.NewRunner(ctx, c.JS, NewDeliverer(rs, DelivererConfig{}, nil, nil, nil), testRunnerCfg(pipeline.StreamAlerts, "deliver"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	v1 := record(recOpts{id: "a1", group: ptr("is-khorasan"), status: "denied", linked: true})
	publishRecord(t, c.JS, v1, "v1")
	runUntil(t, ar, func() bool { return streamMsgs(t, c.JS, pipeline.StreamAlerts) == 1 })
	v2 := v1
	v2.Claims = []pipeline.Claim{v1.Claims[0]}
	v2.Claims[0].Status = pipeline.StatusClaimed
	publishRecord(t, c.JS, v2, "v2")
	runUntil(t, ar, func() bool { return streamMsgs(t, c.JS, pipeline.StreamAlerts) == 2 })
	runUntil(t, dr, func() bool { k, _ := recv.count(); return k == 2 })

	recv.mu.Lock()
	defer recv.mu.Unlock()
	var first, update Alert
	for _, bodies := range recv.delivered {
		var a Alert
		_ = json.Unmarshal(bodies[0], &a)
		if a.Update {
			update = a
		} else {
			first = a
		}
	}
	if first.Status != "denied" || update.Status != "claimed" || update.PreviousStatus != "denied" || update.IncidentKey != first.IncidentKey {
		t.Fatalf("first %+v\nupdate %+v", first, update)
	}
}

func TestWebhookSlackFormatAndPermanentErrors(t *testing.T) {
	var got map[string]string
	var gotSig string
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&got)
		gotSig = r.Header.Get(HeaderSignature)
	}))
	defer slack.Close()
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		http.Error(w, "gone", http.StatusGone)
	}))
	defer gone.Close()
	rs := mustRules(t, fmt.Sprintf(`rules: [{name: s, outputs: {webhooks: [{url: %q, format: slack}]}}, {name: g, outputs: {webhooks: [{url: %q, secret: x}]}}, {name: m, outputs: {webhooks: [{url: %q, secret: x}]}}]`, slack.URL, gone.URL, gone.URL+"/moved"))
	d := NewDeliverer(rs, DelivererConfig{}, nil, nil, nil)
	a := Alert{Key: "k1", Rule: "s", Group: "taliban", Status: "claimed", Title: "T"}
	if err := d.Deliver(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if got["text"] == "" || len(got) != 1 || gotSig != "" {
		t.Fatalf("slack payload %v, signature %q", got, gotSig)
	}
	a.Rule = "g"
	if err := d.Deliver(context.Background(), a); !pipeline.IsPermanent(err) {
		t.Fatalf("HTTP 410: %v, want permanent", err)
	}
	a.Rule = "m"
	if err := d.Deliver(context.Background(), a); !pipeline.IsPermanent(err) || !strings.Contains(err.Error(), "HTTP 302") {
		t.Fatalf("redirect: %v, want permanent HTTP 302", err)
	}
	a.Rule = "removed"
	if err := d.Deliver(context.Background(), a); err != nil {
		t.Fatalf("alert of a removed rule: %v", err)
	}
}

func TestDelivererRateLimitPerEndpoint(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	rs := mustRules(t, fmt.Sprintf(`rules: [{name: r, outputs: {webhooks: [{url: %q, secret: x}]}}]`, srv.URL))
	d := NewDeliverer(rs, DelivererConfig{RatePerEndpoint: 20, Burst: 1, Concurrency: 4}, nil, nil, nil)
	var batch []pipeline.Message
	for i := 0; i < 6; i++ {
		b, _ := json.Marshal(Alert{Key: fmt.Sprintf("k%d", i), Rule: "r"})
		batch = append(batch, pipeline.Message{Data: b})
	}
	start := time.Now()
	for i, res := range d.Process(context.Background(), batch) {
		if res.Err != nil {
			t.Fatalf("alert %d: %v", i, res.Err)
		}
	}
	// 6 requests at 20/s with burst 1: at least 5 intervals of 50 ms.
	if el := time.Since(start); el < 240*time.Millisecond {
		t.Fatalf("6 requests took %v; the rate limit was not applied", el)
	}
	if len(times) != 6 {
		t.Fatalf("requests = %d", len(times))
	}
}

// After a partial failure, the retry does not resend to the endpoints that
// already have the alert (within one process).
func TestDelivererRetrySkipsEndpointsAlreadyServed(t *testing.T) {
	okRecv, okSrv := newReceiver(t, "x", 0)
	flaky, flakySrv := newReceiver(t, "x", 1)
	rs := mustRules(t, fmt.Sprintf(`rules: [{name: r, outputs: {webhooks: [{url: %q, secret: x}, {url: %q, secret: x}]}}]`, okSrv.URL, flakySrv.URL))
	d := NewDeliverer(rs, DelivererConfig{}, nil, nil, nil)
	a := Alert{Key: "k1", Rule: "r", Status: "claimed"}
	err := d.Deliver(context.Background(), a)
	if err == nil || pipeline.IsPermanent(err) {
		t.Fatalf("first attempt: %v, want transient", err)
	}
	if err := d.Deliver(context.Background(), a); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if _, n := okRecv.count(); n != 1 {
		t.Fatalf("healthy endpoint got %d deliveries, want 1", n)
	}
	if _, n := flaky.count(); n != 1 {
		t.Fatalf("flaky endpoint got %d deliveries, want 1", n)
	}
}
