package main

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestHealthcheckTarget(t *testing.T) {
	tests := []struct {
		name string
		cfg  healthcheckConfig
		want string
	}{
		{"default", healthcheckConfig{}, DefaultHealthURL},
		{"addr", healthcheckConfig{Addr: "10.0.0.5:9000"}, "http://10.0.0.5:9000/healthz"},
		{"addr with scheme", healthcheckConfig{Addr: "http://10.0.0.5:9000"}, "http://10.0.0.5:9000/healthz"},
		{"url wins over addr", healthcheckConfig{URL: "http://h:1/readyz", Addr: "x:2"}, "http://h:1/readyz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cfg.target(); got != tt.want {
				t.Errorf("target() = %q, want %q", got, tt.want)
			}
		})
	}
}

// runHealthcheck runs `claimwatch healthcheck args...` through the root
// command and returns its error and stderr.
func runHealthcheck(t *testing.T, args ...string) error {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"healthcheck"}, args...))
	return root.ExecuteContext(t.Context())
}

func TestHealthcheckCommand(t *testing.T) {
	// The real admin server, with a token (which /healthz does not need)
	// and a failing readiness check.
	a, err := newAdminServer("127.0.0.1:0", "secret", prometheus.NewRegistry(),
		func() error { return errors.New("nats not connected") }, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(t.Context())
	base := "http://" + a.Addr()

	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedAddr := strings.TrimPrefix(closed.URL, "http://")
	closed.Close()

	tests := []struct {
		name    string
		args    []string
		healthy bool
	}{
		{"admin /healthz by URL", []string{base + "/healthz"}, true},
		{"admin /healthz by --addr", []string{"--addr", a.Addr()}, true},
		{"admin /readyz not ready (503)", []string{base + "/readyz"}, false},
		{"admin /metrics without token (401)", []string{base + "/metrics"}, false},
		{"404", []string{base + "/nope"}, false},
		{"nothing listens", []string{"--addr", closedAddr}, false},
		{"timeout", []string{"--timeout", "200ms", slow.URL}, false},
		{"bad url", []string{"://"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := runHealthcheck(t, tt.args...)
			if tt.healthy && err != nil {
				t.Fatalf("healthcheck %q: %v, want healthy", tt.args, err)
			}
			if !tt.healthy && !errors.Is(err, ErrUnhealthy) {
				t.Fatalf("healthcheck %q: %v, want ErrUnhealthy", tt.args, err)
			}
		})
	}
	if err := runHealthcheck(t, "a", "b"); err == nil || errors.Is(err, ErrUnhealthy) {
		t.Errorf("two arguments: %v, want a usage error", err)
	}
}
