package elastic

import (
	"context"
	"encoding/pem"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTLSWithCAFile reaches the real Elasticsearch through a TLS endpoint
// (a loopback TLS-terminating proxy with its own certificate authority, as
// a cluster with security on presents): with ca_file the backend connects
// and stores a record; without it the connection is refused with a
// certificate error; a bad ca_file is a setup error.
func TestTLSWithCAFile(t *testing.T) {
	target, err := url.Parse(esURL(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	defer proxy.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: proxy.Certificate().Raw})
	if err := os.WriteFile(ca, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	prefix := testPrefix()
	cfg := Config{URLs: []string{proxy.URL}, IndexPrefix: prefix, Refresh: "true", MaxRetries: 1}

	if _, err := Open(ctx, cfg, nil); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without ca_file: err = %v, want a certificate error", err)
	}
	bad := cfg
	bad.CAFile = filepath.Join(t.TempDir(), "missing.pem")
	if _, err := Open(ctx, bad, nil); err == nil {
		t.Fatal("a missing ca_file must fail")
	}

	cfg.CAFile = ca
	x, err := Open(ctx, cfg, nil)
	if err != nil {
		t.Fatalf("with ca_file: %v", err)
	}
	defer func() { _ = x.Close(); cleanupPrefix(t, x, prefix) }()
	recs, _ := corpus()
	if err := x.Put(ctx, recs[:1]); err != nil {
		t.Fatal(err)
	}
	got, ok, err := x.Get(ctx, recs[0].ID)
	if err != nil || !ok || got.ID != recs[0].ID {
		t.Fatalf("Get over TLS = %v %v %v", got.ID, ok, err)
	}
}
