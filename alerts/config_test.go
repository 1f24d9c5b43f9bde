package alerts

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwatch/claimwatch/pipeline"
)

func TestNewRunnersWiring(t *testing.T) {
	ctx := context.Background()
	c := startNATS(t)
	recv, srv := newReceiver(t, "k", 0)
	rs := mustRules(t, fmt.Sprintf(`rules: [{name: all, outputs: {webhooks: [{url: %q, secret: k}]}}]`, srv.URL))
	cfg := DefaultConfig()
	cfg.State.Memory = true
	cfg.Runner.FetchWait, cfg.DeliverRunner.FetchWait = 100*time.Millisecond, 100*time.Millisecond
	reg := prometheus.NewRegistry()
	rn, err := NewRunners(ctx, c.JS, rs, cfg, nil, pipeline.NewMetrics(reg), NewMetrics(reg))
	if err != nil {
		t.Fatal(err)
	}
	publishRecord(t, c.JS, record(recOpts{id: "w1", group: ptr("taliban")}), "v1")
	runUntil(t, rn.Alerts, func() bool { return streamMsgs(t, c.JS, pipeline.StreamAlerts) == 1 })
	runUntil(t, rn.Deliver, func() bool { k, _ := recv.count(); return k == 1 })
	mfs, _ := reg.Gather()
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	for _, n := range []string{"claimwatch_alert_latency_seconds", "claimwatch_alerts_total", "claimwatch_alert_deliveries_total", "claimwatch_stage_messages_total"} {
		if !names[n] {
			t.Errorf("metric %s missing", n)
		}
	}
}
