package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestIncidentsStageAndCommand wires the incidents stage as `run` does
// (embedded JetStream, bleve incident index under the data directory),
// feeds it the multi-outlet test records on RECORDS, then asks
// `claimwatch incidents --json` for al-Shabaab's incidents: the Mogadishu
// hotel bombing must come back as one incident told by four outlets.
func TestIncidentsStageAndCommand(t *testing.T) {
	cfg := testConfig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	a, err := newApp(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.connectNATS(ctx); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../incidents/testdata/multioutlet.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		var r pipeline.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		m := nats.NewMsg(pipeline.RecordSubject("en"))
		m.Data = append([]byte(nil), sc.Bytes()...)
		m.Header.Set(nats.MsgIdHdr, r.ID)
		if _, err := a.nats.JS.PublishMsg(ctx, m); err != nil {
			t.Fatal(err)
		}
		n++
	}
	f.Close()
	r, x, err := a.incidentsRunner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- r.Run(rctx) }()
	if err := waitDrained(ctx, []*pipeline.Runner{r}); err != nil {
		t.Fatalf("incidents stage did not drain %d records: %v", n, err)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	a.close()

	root := newRootCmd()
	var out strings.Builder
	root.SetOut(&out)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"incidents", "--data", cfg.DataDir, "--admin", "off", "--json", "group:al-shabaab", "country:SO", "hotel"})
	if err := root.ExecuteContext(ctx); err != nil {
		t.Fatal(err)
	}
	var res incidents.Result
	if err := json.Unmarshal([]byte(out.String()), &res); err != nil {
		t.Fatalf("output is not a JSON result: %v\n%s", err, out.String())
	}
	if res.Total != 1 || len(res.Incidents) != 1 {
		t.Fatalf("want the one hotel bombing, got %d: %s", res.Total, out.String())
	}
	inc := res.Incidents[0]
	if len(inc.Sources) != 4 || len(inc.Outlets) != 4 || !inc.Claimed || len(inc.Timeline) == 0 ||
		inc.Timeline[0].Kind != incidents.EventFirstClaim || inc.Timeline[0].GroupID != "al-shabaab" {
		t.Errorf("hotel bombing incident: %d sources, outlets %v, claimed %v, timeline %+v", len(inc.Sources), inc.Outlets, inc.Claimed, inc.Timeline)
	}

	// text output
	root = newRootCmd()
	out.Reset()
	root.SetOut(&out)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"incidents", "--data", cfg.DataDir, "--admin", "off", "country:SO"})
	if err := root.ExecuteContext(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), inc.ID) || !strings.Contains(out.String(), "first_claim") {
		t.Errorf("text output lacks the incident or its timeline:\n%s", out.String())
	}
}
