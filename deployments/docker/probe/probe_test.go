package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRun(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			_, _ = w.Write([]byte("ok\n"))
		case "/readyz":
			http.Error(w, "not ready: nats not connected", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	tests := []struct {
		name string
		args []string
		want int
	}{
		{"healthy", []string{srv.URL + "/healthz"}, 0},
		{"503 is unhealthy", []string{srv.URL + "/readyz"}, 1},
		{"404 is unhealthy", []string{srv.URL + "/nope"}, 1},
		{"connection refused", []string{closedURL + "/healthz"}, 1},
		{"bad url", []string{"://"}, 1},
		{"too many arguments", []string{"a", "b"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := run(tt.args, io.Discard); got != tt.want {
				t.Errorf("run(%q) = %d, want %d", tt.args, got, tt.want)
			}
		})
	}
}
