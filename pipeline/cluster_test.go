package pipeline

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startCluster starts three nats-servers with JetStream clustered on
// loopback, as a production NATS cluster would run.
func startCluster(t *testing.T) []*server.Server {
	t.Helper()
	ports := []int{freePort(t), freePort(t), freePort(t)}
	var servers []*server.Server
	for i := range 3 {
		var routes []string
		for j, p := range ports {
			if j != i {
				routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", p))
			}
		}
		opts := &server.Options{
			ServerName: fmt.Sprintf("cw-%d", i),
			Host:       "127.0.0.1",
			Port:       server.RANDOM_PORT,
			JetStream:  true,
			StoreDir:   t.TempDir(),
			NoSigs:     true,
			NoLog:      true,
			Cluster:    server.ClusterOpts{Name: "claimwatch-test", Host: "127.0.0.1", Port: ports[i]},
			Routes:     server.RoutesFromStr(strings.Join(routes, ",")),
		}
		s, err := server.NewServer(opts)
		if err != nil {
			t.Fatal(err)
		}
		go s.Start()
		if !s.ReadyForConnections(20 * time.Second) {
			t.Fatal("cluster server not ready")
		}
		servers = append(servers, s)
		t.Cleanup(s.Shutdown)
	}
	return servers
}

// TestClusterReplicasSurviveNodeLoss connects through the external-URL path
// to a 3-node JetStream cluster, creates the streams with replicas 3, runs a
// stage, stops one node midway, and checks that every message still arrives
// exactly once.
func TestClusterReplicasSurviveNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster")
	}
	servers := startCluster(t)
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.ClientURL())
	}
	cfg := DefaultNATSConfig()
	cfg.URL = strings.Join(urls, ",")
	cfg.Streams.Replicas = 3
	cfg.Streams.MaxBytes = 64 << 20
	var c *Conn
	var err error
	deadline := time.Now().Add(30 * time.Second)
	for { // the JetStream meta leader is elected after the routes connect
		c, err = Connect(context.Background(), cfg, nil)
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("connect to cluster: %v", err)
	}
	defer c.Close()
	info, err := c.JS.Stream(context.Background(), StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	if r := info.CachedInfo().Config.Replicas; r != 3 {
		t.Fatalf("replicas = %d, want 3", r)
	}
	const n = 60
	for i := range n {
		if _, err := c.JS.PublishMsg(context.Background(), &nats.Msg{Subject: ArticleSubject("a.example"), Data: []byte(fmt.Sprint(i))}, jetstream.WithMsgID(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	stage := StageFunc{StageName: "copy", Fn: func(_ context.Context, m Message) ([]Output, error) {
		return []Output{{Subject: RecordSubject("en"), Data: m.Data, MsgID: string(m.Data)}}, nil
	}}
	rc := testRunnerConfig()
	rc.AckWait = 3 * time.Second
	rc.MaxDeliver = 20
	r, err := NewRunner(context.Background(), c.JS, stage, rc, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	// Stop a node that the client is not connected to.
	connected := c.NC.ConnectedUrl()
	for _, s := range servers {
		if s.ClientURL() != connected {
			s.Shutdown()
			break
		}
	}
	deadline = time.Now().Add(150 * time.Second)
	for {
		s, err := c.JS.Stream(context.Background(), StreamRecords)
		if err == nil {
			if si, err := s.Info(context.Background()); err == nil && si.State.Msgs == n {
				if p, err := r.Pending(context.Background()); err == nil && p == 0 {
					break
				}
			}
		}
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatal("records did not all arrive after losing a node")
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s, _ := c.JS.Stream(context.Background(), StreamRecords)
	si, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if si.State.Msgs != n {
		t.Fatalf("RECORDS = %d, want %d (exactly once by Nats-Msg-Id)", si.State.Msgs, n)
	}
}
