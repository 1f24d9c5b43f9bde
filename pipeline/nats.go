package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NATSConfig says where NATS is. With an empty URL an embedded server with
// JetStream is started under StoreDir.
type NATSConfig struct {
	URL      string `yaml:"url"`      // nats://host:4222, comma-separated for a cluster; empty = embedded
	Creds    string `yaml:"creds"`    // path to a .creds file
	User     string `yaml:"user"`     //
	Password string `yaml:"password"` //
	Token    string `yaml:"token"`    //
	Name     string `yaml:"name"`     // client connection name

	// Embedded server only.
	StoreDir   string        `yaml:"store_dir"`   // default <data>/nats
	Listen     string        `yaml:"listen"`      // "" = no TCP listener (in-process only); "127.0.0.1:4222" to let other processes in (port 0 = random)
	LazySync   bool          `yaml:"lazy_sync"`   // false (default): fsync every write; true: fsync every SyncEvery
	SyncEvery  time.Duration `yaml:"sync_every"`  // with LazySync
	MaxStore   int64         `yaml:"max_store"`   // bytes of file storage; 0 = server default
	ReadyAfter time.Duration `yaml:"ready_after"` // how long to wait for the embedded server

	Streams StreamsConfig `yaml:"streams"`
}

// DefaultNATSConfig returns an embedded, durable configuration.
func DefaultNATSConfig() NATSConfig {
	return NATSConfig{Name: "claimwatch", SyncEvery: 2 * time.Minute, ReadyAfter: 20 * time.Second, Streams: DefaultStreamsConfig()}
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
	var opts []nats.Option
	url := cfg.URL
	if url == "" {
		srv, err := startEmbedded(cfg, log)
		if err != nil {
			return nil, err
		}
		c.Server = srv
		url = srv.ClientURL()
		opts = append(opts, nats.InProcessServer(srv))
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
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrl()) }),
	)
	switch {
	case cfg.Creds != "":
		opts = append(opts, nats.UserCredentials(cfg.Creds))
	case cfg.Token != "":
		opts = append(opts, nats.Token(cfg.Token))
	case cfg.User != "":
		opts = append(opts, nats.UserInfo(cfg.User, cfg.Password))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		c.shutdownServer()
		return nil, fmt.Errorf("connect to nats %q: %w", url, err)
	}
	c.NC = nc
	js, err := jetstream.New(nc)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	c.JS = js
	if err := EnsureStreams(ctx, js, cfg.Streams); err != nil {
		c.Close()
		return nil, err
	}
	log.Info("nats ready", "url", url, "embedded", c.Server != nil)
	return c, nil
}

// EnsureStreams creates or updates every stream idempotently.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, cfg StreamsConfig) error {
	for _, sc := range cfg.StreamConfigs() {
		if _, err := js.CreateOrUpdateStream(ctx, sc); err != nil {
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
	log.Info("embedded nats started", "store_dir", abs, "sync_always", opts.SyncAlways, "listen", cfg.Listen)
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
