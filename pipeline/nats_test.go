package pipeline

import (
	"context"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestExternalServerSamePath starts an embedded server that listens on a
// random loopback port, then connects to it as an external server by URL:
// the streams exist and a message published by one client is read by the other.
func TestExternalServerSamePath(t *testing.T) {
	cfg := DefaultNATSConfig()
	cfg.StoreDir = t.TempDir()
	cfg.Listen = "127.0.0.1:0"
	srv, err := Connect(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := srv.Server.ClientURL()

	ext := DefaultNATSConfig()
	ext.URL = url
	c, err := Connect(context.Background(), ext, nil)
	if err != nil {
		t.Fatalf("connect external %s: %v", url, err)
	}
	defer c.Close()
	if c.Server != nil {
		t.Fatal("external connection started its own server")
	}
	if err := c.Ready(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.JS.PublishMsg(context.Background(), &nats.Msg{Subject: ArticleSubject("a.example"), Data: []byte("x")}, jetstream.WithMsgID("x")); err != nil {
		t.Fatal(err)
	}
	s, err := srv.JS.Stream(context.Background(), StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.GetLastMsgForSubject(context.Background(), ArticleSubject("a.example"))
	if err != nil || string(m.Data) != "x" {
		t.Fatalf("message not seen by the server's client: %v", err)
	}
	for _, sc := range DefaultStreamsConfig().StreamConfigs() {
		info, err := c.JS.Stream(context.Background(), sc.Name)
		if err != nil {
			t.Fatalf("stream %s: %v", sc.Name, err)
		}
		got := info.CachedInfo().Config
		if got.Storage != jetstream.FileStorage || got.Duplicates != sc.Duplicates || got.MaxBytes != sc.MaxBytes {
			t.Errorf("stream %s config = %+v", sc.Name, got)
		}
	}
}

func TestConnectErrors(t *testing.T) {
	cfg := DefaultNATSConfig()
	if _, err := Connect(context.Background(), cfg, nil); err == nil {
		t.Error("embedded without store_dir: want error")
	}
	cfg.URL = "nats://127.0.0.1:1"
	if _, err := Connect(context.Background(), cfg, nil); err == nil {
		t.Error("unreachable external server: want error")
	}
}
