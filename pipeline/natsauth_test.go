package pipeline

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// testPKI is a throwaway certificate authority with a loopback server
// certificate and a client certificate, written as PEM files.
type testPKI struct {
	CA, ServerCert, ServerKey, ClientCert, ClientKey string
}

type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T, name string) testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testCA{cert, key}
}

// issue writes a leaf certificate signed by ca and its key to dir; it
// returns the two paths.
func (ca testCA) issue(t *testing.T, dir, name string, usage x509.ExtKeyUsage) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath := filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	writePEM(t, certPath, "CERTIFICATE", der)
	writePEM(t, keyPath, "EC PRIVATE KEY", kb)
	return certPath, keyPath
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func newTestPKI(t *testing.T) testPKI {
	t.Helper()
	dir := t.TempDir()
	ca := newTestCA(t, "claimwatch test CA")
	p := testPKI{CA: filepath.Join(dir, "ca.pem")}
	writePEM(t, p.CA, "CERTIFICATE", ca.cert.Raw)
	p.ServerCert, p.ServerKey = ca.issue(t, dir, "server", x509.ExtKeyUsageServerAuth)
	p.ClientCert, p.ClientKey = ca.issue(t, dir, "client", x509.ExtKeyUsageClientAuth)
	return p
}

// TestNATSAuthTLS starts the embedded server on a loopback port with TLS,
// client certificates and a password (through Connect, as
// `claimwatch run` with nats.listen does), and connects to it by URL as
// another process would: only the right password, CA and client
// certificate get in, and each wrong one fails with an error that says why.
func TestNATSAuthTLS(t *testing.T) {
	pki := newTestPKI(t)
	rogueDir := t.TempDir()
	rogue := newTestCA(t, "rogue CA")
	rogueCert, rogueKey := rogue.issue(t, rogueDir, "rogue-client", x509.ExtKeyUsageClientAuth)
	rogueCA := filepath.Join(rogueDir, "rogue-ca.pem")
	writePEM(t, rogueCA, "CERTIFICATE", rogue.cert.Raw)

	srvCfg := DefaultNATSConfig()
	srvCfg.StoreDir = t.TempDir()
	srvCfg.Listen = "127.0.0.1:0"
	srvCfg.User, srvCfg.Password = "claimwatch", "pw-right-7f3a"
	srvCfg.ServerTLS = NATSServerTLS{CertFile: pki.ServerCert, KeyFile: pki.ServerKey, ClientCAFile: pki.CA}
	srv, err := Connect(context.Background(), srvCfg, nil)
	if err != nil {
		t.Fatalf("embedded server with TLS and auth: %v", err)
	}
	defer srv.Close()
	url := srv.Server.ClientURL()

	good := NATSClientTLS{CAFile: pki.CA, CertFile: pki.ClientCert, KeyFile: pki.ClientKey}
	for _, tc := range []struct {
		name     string
		user, pw string
		tls      NATSClientTLS
		wantErr  string // "" = connects
	}{
		{"right password CA and client cert", "claimwatch", "pw-right-7f3a", good, ""},
		{"wrong password", "claimwatch", "pw-wrong", good, "authorization violation"},
		{"no password", "", "", good, "authorization violation"},
		{"missing CA", "claimwatch", "pw-right-7f3a", NATSClientTLS{CertFile: pki.ClientCert, KeyFile: pki.ClientKey}, "certificate signed by unknown authority"},
		// With TLS 1.3 the server rejects a client certificate after the
		// client's handshake, so the library reports either the alert or
		// the closed connection: both carry the TLS hint.
		{"client cert from another CA", "claimwatch", "pw-right-7f3a", NATSClientTLS{CAFile: pki.CA, CertFile: rogueCert, KeyFile: rogueKey}, "cert_file and key_file signed by a ca it trusts"},
		{"no client cert", "claimwatch", "pw-right-7f3a", NATSClientTLS{CAFile: pki.CA}, "cert_file and key_file signed by a ca it trusts"},
		{"CA file of another authority", "claimwatch", "pw-right-7f3a", NATSClientTLS{CAFile: rogueCA, CertFile: pki.ClientCert, KeyFile: pki.ClientKey}, "certificate signed by unknown authority"},
		{"insecure skip verify without CA", "claimwatch", "pw-right-7f3a", NATSClientTLS{CertFile: pki.ClientCert, KeyFile: pki.ClientKey, InsecureSkipVerify: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultNATSConfig()
			cfg.URL = url
			cfg.User, cfg.Password = tc.user, tc.pw
			cfg.TLS = tc.tls
			c, err := Connect(context.Background(), cfg, nil)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				defer c.Close()
				if !c.NC.TLSRequired() {
					t.Error("connection is not TLS")
				}
				if _, err := c.JS.PublishMsg(context.Background(), &nats.Msg{Subject: ArticleSubject("tls.example"), Data: []byte("x")}, jetstream.WithMsgID(tc.name)); err != nil {
					t.Fatalf("publish over TLS: %v", err)
				}
				return
			}
			if err == nil {
				c.Close()
				t.Fatalf("connected; want an error containing %q", tc.wantErr)
			}
			t.Logf("error: %v", err)
			if !strings.Contains(strings.ToLower(err.Error()), tc.wantErr) {
				t.Fatalf("error %q does not say %q", err, tc.wantErr)
			}
			if tc.pw != "" && strings.Contains(err.Error(), tc.pw) {
				t.Fatalf("error shows the password: %v", err)
			}
		})
	}
}

// TestNATSTokenAndNKey checks the token (embedded server) and nkey seed
// file (a server configured with an nkey user) authentication paths.
func TestNATSTokenAndNKey(t *testing.T) {
	srvCfg := DefaultNATSConfig()
	srvCfg.StoreDir = t.TempDir()
	srvCfg.Listen = "127.0.0.1:0"
	srvCfg.Token = "tok-right-91c2"
	srv, err := Connect(context.Background(), srvCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, tc := range []struct {
		token string
		ok    bool
	}{{"tok-right-91c2", true}, {"tok-wrong", false}, {"", false}} {
		cfg := DefaultNATSConfig()
		cfg.URL, cfg.Token = srv.Server.ClientURL(), tc.token
		c, err := Connect(context.Background(), cfg, nil)
		if (err == nil) != tc.ok {
			t.Errorf("token %q: err = %v, want ok=%v", tc.token, err, tc.ok)
		}
		if err == nil {
			c.Close()
		}
	}

	dir := t.TempDir()
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := user.PublicKey()
	seed, _ := user.Seed()
	other, _ := nkeys.CreateUser()
	otherSeed, _ := other.Seed()
	seedFile, otherFile := filepath.Join(dir, "user.nk"), filepath.Join(dir, "other.nk")
	if err := os.WriteFile(seedFile, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(otherFile, otherSeed, 0o600); err != nil {
		t.Fatal(err)
	}
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true, Nkeys: []*server.NkeyUser{{Nkey: pub}}})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	defer ns.Shutdown()
	if !ns.ReadyForConnections(20 * time.Second) {
		t.Fatal("nkey server not ready")
	}
	for _, tc := range []struct {
		seed string
		ok   bool
	}{{seedFile, true}, {otherFile, false}} {
		cfg := DefaultNATSConfig()
		cfg.URL, cfg.NKeySeed = ns.ClientURL(), tc.seed
		c, err := Connect(context.Background(), cfg, nil)
		if (err == nil) != tc.ok {
			t.Errorf("nkey seed %s: err = %v, want ok=%v", filepath.Base(tc.seed), err, tc.ok)
		}
		if err == nil {
			c.Close()
		}
	}
}

func TestNATSSecurityConfigErrors(t *testing.T) {
	pki := newTestPKI(t)
	for _, tc := range []struct {
		name string
		mod  func(*NATSConfig)
	}{
		{"token and user", func(c *NATSConfig) { c.URL, c.Token, c.User = "nats://127.0.0.1:1", "t", "u" }},
		{"creds and nkey", func(c *NATSConfig) { c.URL, c.Creds, c.NKeySeed = "nats://127.0.0.1:1", "a.creds", "a.nk" }},
		{"password without user", func(c *NATSConfig) { c.URL, c.Password = "nats://127.0.0.1:1", "p" }},
		{"missing nkey seed file", func(c *NATSConfig) { c.URL, c.NKeySeed = "nats://127.0.0.1:1", "/nonexistent/seed.nk" }},
		{"server cert without key", func(c *NATSConfig) { c.ServerTLS.CertFile = pki.ServerCert }},
		{"server key that does not match", func(c *NATSConfig) {
			c.ServerTLS = NATSServerTLS{CertFile: pki.ServerCert, KeyFile: pki.ClientKey}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultNATSConfig()
			cfg.StoreDir = t.TempDir()
			tc.mod(&cfg)
			c, err := Connect(context.Background(), cfg, nil)
			if err == nil {
				c.Close()
				t.Fatal("want an error")
			}
			if !errors.Is(err, ErrBadConfig) {
				t.Fatalf("err = %v, want ErrBadConfig", err)
			}
		})
	}
}

func TestRedactURLs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://cw:hunter2@n1:4222,nats://cw:hunter2@n2:4222", "nats://cw:REDACTED@n1:4222,nats://cw:REDACTED@n2:4222"},
		{"tls://s3cr3ttoken@nats:4222", "tls://REDACTED@nats:4222"},
		{"https://elastic:pw@es:9200, http://es2:9200", "https://elastic:REDACTED@es:9200,http://es2:9200"},
		{"nats://a b:c@%zz", "[unparsable url redacted]"},
		{"", ""},
	} {
		if got := RedactURLs(tc.in); got != tc.want {
			t.Errorf("RedactURLs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
