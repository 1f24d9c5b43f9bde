package main

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

func TestAdminEndpoints(t *testing.T) {
	idx, err := indexer.OpenBleve(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	reg := prometheus.NewRegistry()
	m := pipeline.NewMetrics(reg)
	m.Messages.WithLabelValues("extract", "ack").Add(3)
	notReady := errors.New("nats not connected")
	ready := notReady
	a, err := newAdminServer("127.0.0.1:0", "", reg, func() error { return ready }, idx, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(t.Context())
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + a.Addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "nats not connected") {
		t.Errorf("/readyz while not ready = %d %q", code, body)
	}
	ready = nil
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("/readyz when ready = %d", code)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body, `claimwatch_stage_messages_total{outcome="ack",stage="extract"} 3`) {
		t.Errorf("/metrics = %d, body lacks the stage counter", code)
	}
	code, body := get("/api/search?q=status:claimed")
	if code != 200 {
		t.Fatalf("/api/search = %d %s", code, body)
	}
	var res indexer.Result
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatalf("/api/search body: %v", err)
	}
	if code, _ := get("/api/search?q=bogus:key"); code != 400 {
		t.Errorf("/api/search with a bad query = %d, want 400", code)
	}
}

func TestAdminToken(t *testing.T) {
	reg := prometheus.NewRegistry()
	a, err := newAdminServer("127.0.0.1:0", "s3cret", reg, func() error { return nil }, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(t.Context())
	do := func(path, auth string) int {
		req, _ := http.NewRequest("GET", "http://"+a.Addr()+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		path, auth string
		want       int
	}{
		{"/metrics", "", 401},
		{"/metrics", "Bearer wrong", 401},
		{"/metrics", "Bearer s3cret", 200},
		{"/api/search?q=x", "", 401},
		{"/healthz", "", 200},
		{"/readyz", "", 200},
	}
	for _, tt := range tests {
		if got := do(tt.path, tt.auth); got != tt.want {
			t.Errorf("GET %s (auth %q) = %d, want %d", tt.path, tt.auth, got, tt.want)
		}
	}
}
