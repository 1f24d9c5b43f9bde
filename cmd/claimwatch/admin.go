package main

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/claimwatch/claimwatch/indexer"
)

// adminServer serves /metrics, /healthz, /readyz and /api/search.
type adminServer struct {
	srv   *http.Server
	ln    net.Listener
	ready func() error
	index indexer.Index
	log   *slog.Logger
}

func newAdminServer(addr, token string, reg *prometheus.Registry, ready func() error, idx indexer.Index, log *slog.Logger) (*adminServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	a := &adminServer{ln: ln, ready: ready, index: idx, log: log}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", requireToken(token, promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if err := a.ready(); err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /api/search", requireToken(token, http.HandlerFunc(a.search)))
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := a.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin server", "err", err)
		}
	}()
	log.Info("admin server listening", "addr", ln.Addr().String())
	return a, nil
}

// search answers /api/search?q=QUERY&size=N&from=N with JSON.
func (a *adminServer) search(w http.ResponseWriter, r *http.Request) {
	if a.index == nil {
		http.Error(w, "no index in this process", http.StatusNotFound)
		return
	}
	q, err := indexer.ParseQuery(r.URL.Query().Get("q"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q.Facets = true
	if n, ok := intParam(r, "size"); ok {
		q.Size = min(n, 500)
	}
	if n, ok := intParam(r, "from"); ok {
		q.From = n
	}
	res, err := a.index.Search(r.Context(), q)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(res)
}

func (a *adminServer) Addr() string { return a.ln.Addr().String() }

func (a *adminServer) Close(ctx context.Context) error { return a.srv.Shutdown(ctx) }

// requireToken guards h with a bearer token when token is set; the
// comparison is constant-time.
func requireToken(token string, h http.Handler) http.Handler {
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="claimwatch"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
