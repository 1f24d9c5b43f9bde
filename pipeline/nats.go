package pipeline

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NATSConfig says where NATS is. With an empty URL an embedded server with
// JetStream is started under StoreDir.
//
// Authentication is one of Creds, NKeySeed, Token or User/Password (more
// than one is ErrBadConfig). With the embedded server, Token or
// User/Password are also what the server requires of every client, so the
// processes that connect through Listen must present them too.
type NATSConfig struct {
	URL      string `yaml:"url"`       // nats://host:4222 or tls://host:4222, comma-separated for a cluster; empty = embedded
	Creds    string `yaml:"creds"`     // path to a .creds file (JWT + nkey seed)
	NKeySeed string `yaml:"nkey_seed"` // path to an nkey user seed file (SU...)
	User     string `yaml:"user"`      //
	Password string `yaml:"password"`  //
	Token    string `yaml:"token"`     //
	Name     string `yaml:"name"`      // client connection name
	// PublishTimeout bounds the wait for JetStream's acknowledgement of an
	// asynchronous publish: an acknowledgement lost in a leader change then
	// fails the publish, which is retried, instead of waiting forever.
	PublishTimeout time.Duration `yaml:"publish_timeout"`
	TLS            NATSClientTLS `yaml:"tls"` // client TLS towards an external server

	// Embedded server only.
	StoreDir   string        `yaml:"store_dir"`   // default <data>/nats
	Listen     string        `yaml:"listen"`      // "" = no TCP listener (in-process only); "127.0.0.1:4222" to let other processes in (port 0 = random)
	ServerTLS  NATSServerTLS `yaml:"server_tls"`  // TLS (and optionally client certificates) on the Listen port
	LazySync   bool          `yaml:"lazy_sync"`   // false (default): fsync every write; true: fsync every SyncEvery
	SyncEvery  time.Duration `yaml:"sync_every"`  // with LazySync
	MaxStore   int64         `yaml:"max_store"`   // bytes of file storage; 0 = server default
	ReadyAfter time.Duration `yaml:"ready_after"` // how long to wait for the embedded server

	Streams StreamsConfig `yaml:"streams"`
}

// NATSClientTLS is the client side of TLS. Any field set turns TLS on; a
// tls:// URL does too (then the system roots verify the server).
type NATSClientTLS struct {
	CAFile             string `yaml:"ca_file"`              // PEM roots that verify the server; empty = system roots
	CertFile           string `yaml:"cert_file"`            // client certificate (mutual TLS), with KeyFile
	KeyFile            string `yaml:"key_file"`             //
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify"` // never in production: accepts any server certificate
}

func (t NATSClientTLS) enabled() bool {
	return t.CAFile != "" || t.CertFile != "" || t.KeyFile != "" || t.InsecureSkipVerify
}

// NATSServerTLS is TLS on the embedded server's listener.
type NATSServerTLS struct {
	CertFile     string `yaml:"cert_file"`      // server certificate (PEM); empty = no TLS
	KeyFile      string `yaml:"key_file"`       //
	ClientCAFile string `yaml:"client_ca_file"` // when set, every TCP client must present a certificate signed by it
}

// DefaultNATSConfig returns an embedded, durable configuration.
func DefaultNATSConfig() NATSConfig {
	return NATSConfig{Name: "claimwatch", PublishTimeout: 10 * time.Second, SyncEvery: 2 * time.Minute, ReadyAfter: 20 * time.Second, Streams: DefaultStreamsConfig()}
}

// Conn is a NATS connection with JetStream and, when embedded, its server.
type Conn struct {
	NC     *nats.Conn
	JS     jetstream.JetStream
	Server *server.Server // nil when external
	log    *slog.Logger
}

// Connect starts the embedded server when cfg.URL is empty, connects, and
// creates or updates every stream. The code after connect is the same for
// embedded and external servers.
func Connect(ctx context.Context, cfg NATSConfig, log *slog.Logger) (*Conn, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Conn{log: log}
	authOpts, err := clientAuthOptions(cfg)
	if err != nil {
		return nil, err
	}
	var opts []nats.Option
	url := cfg.URL
	if url == "" {
		srv, err := startEmbedded(cfg, log)
		if err != nil {
			return nil, err
		}
		c.Server = srv
		// The in-process connection needs no TLS even when the listener has
		// it: the server offers, but does not require, TLS in-process.
		url = "nats://" + strings.TrimPrefix(strings.TrimPrefix(srv.ClientURL(), "tls://"), "nats://")
		opts = append(opts, nats.InProcessServer(srv))
	} else {
		opts = append(opts, clientTLSOptions(cfg.TLS)...)
	}
	name := cfg.Name
	if name == "" {
		name = "claimwatch"
	}
	opts = append(opts,
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", RedactURLs(nc.ConnectedUrl())) }),
	)
	opts = append(opts, authOpts...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		c.shutdownServer()
		hint := ""
		if c.Server == nil && strings.Contains(strings.ToLower(err.Error()), "tls") {
			hint = " (TLS: nats.tls.ca_file must verify the server; a server that requires client certificates needs nats.tls.cert_file and key_file signed by a CA it trusts)"
		}
		return nil, fmt.Errorf("connect to nats %q%s: %w", RedactURLs(url), hint, err)
	}
	c.NC = nc
	var jsOpts []jetstream.JetStreamOpt
	if cfg.PublishTimeout > 0 {
		jsOpts = append(jsOpts, jetstream.WithPublishAsyncTimeout(cfg.PublishTimeout))
	}
	js, err := jetstream.New(nc, jsOpts...)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	c.JS = js
	if err := ensureStreams(ctx, js, cfg.Streams, log); err != nil {
		c.Close()
		return nil, err
	}
	log.Info("nats ready", "url", RedactURLs(url), "embedded", c.Server != nil, "tls", c.Server == nil && (nc.TLSRequired() || cfg.TLS.enabled()))
	return c, nil
}

// EnsureStreams creates or updates every stream idempotently.
// A call the cluster cannot answer yet is retried (RetrySetup).
func EnsureStreams(ctx context.Context, js jetstream.JetStream, cfg StreamsConfig) error {
	return ensureStreams(ctx, js, cfg, nil)
}

func ensureStreams(ctx context.Context, js jetstream.JetStream, cfg StreamsConfig, log *slog.Logger) error {
	for _, sc := range cfg.StreamConfigs() {
		err := RetrySetup(ctx, log, "stream "+sc.Name, func(ctx context.Context) error {
			_, err := js.CreateOrUpdateStream(ctx, sc)
			return err
		})
		if err != nil {
			return fmt.Errorf("stream %s: %w", sc.Name, err)
		}
	}
	return nil
}

func startEmbedded(cfg NATSConfig, log *slog.Logger) (*server.Server, error) {
	dir := cfg.StoreDir
	if dir == "" {
		return nil, fmt.Errorf("%w: nats.store_dir is required for the embedded server", ErrBadConfig)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("nats store dir: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	opts := &server.Options{
		ServerName:         "claimwatch-embedded",
		JetStream:          true,
		StoreDir:           abs,
		NoSigs:             true,
		NoLog:              true,
		DontListen:         true,
		JetStreamMaxStore:  cfg.MaxStore,
		SyncAlways:         !cfg.LazySync,
		MaxPayload:         8 << 20,
		JetStreamMaxMemory: 256 << 20,
	}
	if cfg.LazySync && cfg.SyncEvery > 0 {
		opts.SyncInterval = cfg.SyncEvery
	}
	if cfg.Listen != "" {
		host, port, err := splitHostPort(cfg.Listen)
		if err != nil {
			return nil, err
		}
		if port == 0 {
			port = server.RANDOM_PORT
		}
		opts.DontListen = false
		opts.Host, opts.Port = host, port
	}
	if err := serverSecurity(cfg, opts); err != nil {
		return nil, err
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	go srv.Start()
	wait := cfg.ReadyAfter
	if wait <= 0 {
		wait = 20 * time.Second
	}
	if !srv.ReadyForConnections(wait) {
		srv.Shutdown()
		return nil, ErrNATSNotReady
	}
	log.Info("embedded nats started", "store_dir", abs, "sync_always", opts.SyncAlways, "listen", cfg.Listen,
		"tls", opts.TLSConfig != nil, "client_certs", opts.TLSVerify, "auth", opts.Username != "" || opts.Authorization != "")
	return srv, nil
}

// Close drains the connection and stops the embedded server, if any.
func (c *Conn) Close() {
	if c.NC != nil {
		_ = c.NC.Drain()
		deadline := time.Now().Add(5 * time.Second)
		for !c.NC.IsClosed() && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		c.NC.Close()
	}
	c.shutdownServer()
}

func (c *Conn) shutdownServer() {
	if c.Server != nil {
		c.Server.Shutdown()
		c.Server.WaitForShutdown()
	}
}

// Ready reports whether the connection is usable.
func (c *Conn) Ready() error {
	if c == nil || c.NC == nil || !c.NC.IsConnected() {
		return fmt.Errorf("nats not connected")
	}
	return nil
}

// clientAuthOptions returns the one authentication option cfg names.
func clientAuthOptions(cfg NATSConfig) ([]nats.Option, error) {
	var methods []string
	for _, m := range []struct {
		name string
		set  bool
	}{{"creds", cfg.Creds != ""}, {"nkey_seed", cfg.NKeySeed != ""}, {"token", cfg.Token != ""}, {"user", cfg.User != ""}} {
		if m.set {
			methods = append(methods, m.name)
		}
	}
	if len(methods) > 1 {
		return nil, fmt.Errorf("%w: nats: more than one authentication method (%s); set one", ErrBadConfig, strings.Join(methods, ", "))
	}
	if cfg.Password != "" && cfg.User == "" {
		return nil, fmt.Errorf("%w: nats.password without nats.user", ErrBadConfig)
	}
	switch {
	case cfg.Creds != "":
		return []nats.Option{nats.UserCredentials(cfg.Creds)}, nil
	case cfg.NKeySeed != "":
		o, err := nats.NkeyOptionFromSeed(cfg.NKeySeed)
		if err != nil {
			return nil, fmt.Errorf("%w: nats.nkey_seed %s: %w", ErrBadConfig, cfg.NKeySeed, err)
		}
		return []nats.Option{o}, nil
	case cfg.Token != "":
		return []nats.Option{nats.Token(cfg.Token)}, nil
	case cfg.User != "":
		return []nats.Option{nats.UserInfo(cfg.User, cfg.Password)}, nil
	}
	return nil, nil
}

// clientTLSOptions turns TLS on when any field is set: CA roots, client
// certificate, and (only when asked) no verification of the server.
func clientTLSOptions(t NATSClientTLS) []nats.Option {
	if !t.enabled() {
		return nil
	}
	// #nosec G402 -- InsecureSkipVerify is an explicit, documented opt-in (off by default).
	opts := []nats.Option{nats.Secure(&tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: t.InsecureSkipVerify})}
	if t.CAFile != "" {
		opts = append(opts, nats.RootCAs(t.CAFile))
	}
	if t.CertFile != "" || t.KeyFile != "" {
		opts = append(opts, nats.ClientCert(t.CertFile, t.KeyFile))
	}
	return opts
}

// serverSecurity sets the embedded server's TLS and authentication from cfg.
func serverSecurity(cfg NATSConfig, opts *server.Options) error {
	st := cfg.ServerTLS
	if st.CertFile != "" || st.KeyFile != "" || st.ClientCAFile != "" {
		if st.CertFile == "" || st.KeyFile == "" {
			return fmt.Errorf("%w: nats.server_tls needs cert_file and key_file", ErrBadConfig)
		}
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: st.CertFile, KeyFile: st.KeyFile, CaFile: st.ClientCAFile, Verify: st.ClientCAFile != ""})
		if err != nil {
			return fmt.Errorf("%w: nats.server_tls: %w", ErrBadConfig, err)
		}
		opts.TLSConfig, opts.TLS, opts.TLSVerify, opts.TLSTimeout = tc, true, st.ClientCAFile != "", 5
	}
	switch {
	case cfg.Token != "" && cfg.User != "":
		return fmt.Errorf("%w: the embedded nats server takes a token or a user, not both", ErrBadConfig)
	case cfg.Token != "":
		opts.Authorization = cfg.Token
	case cfg.User != "":
		opts.Username, opts.Password = cfg.User, cfg.Password
	}
	return nil
}

// RedactURLs hides the user information of every URL in a comma-separated
// list: the password of user:password@, and the whole of a lone user name,
// which in a NATS URL is a token. Unparsable parts are replaced entirely.
func RedactURLs(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if !strings.Contains(p, "@") {
			parts[i] = p
			continue
		}
		u, err := url.Parse(p)
		if err != nil {
			parts[i] = "[unparsable url redacted]"
			continue
		}
		if u.User != nil {
			if _, hasPw := u.User.Password(); hasPw {
				u.User = url.UserPassword(u.User.Username(), "REDACTED")
			} else {
				u.User = url.User("REDACTED")
			}
		}
		parts[i] = u.String()
	}
	return strings.Join(parts, ",")
}
