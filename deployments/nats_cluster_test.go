package deployments

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

	"github.com/claimwatch/claimwatch/pipeline"
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

// startConfiguredCluster starts one nats-server per name from the
// configuration file conf, exactly as parsed, with only the addresses moved
// to loopback (the routes keep their number, now pointing at the test's
// ports), the store in a temporary directory and no pid file or monitoring
// port. It returns the client URLs.
func startConfiguredCluster(t *testing.T, conf, nameVar string, names []string) []string {
	t.Helper()
	clientPorts := make([]int, len(names))
	routePorts := make([]int, len(names))
	var routes []string
	for i := range names {
		clientPorts[i], routePorts[i] = freePort(t), freePort(t)
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", routePorts[i]))
	}
	var urls []string
	for i, name := range names {
		opts := loadNATS(t, conf, map[string]string{nameVar: name, "NATS_USER": "cw", "NATS_PASSWORD": "secret"})
		if len(opts.Routes) != len(names) {
			t.Fatalf("%s: %d routes for %d servers", conf, len(opts.Routes), len(names))
		}
		opts.Host, opts.Port = "127.0.0.1", clientPorts[i]
		opts.Cluster.Host, opts.Cluster.Port = "127.0.0.1", routePorts[i]
		opts.Routes = server.RoutesFromStr(strings.Join(routes, ","))
		opts.HTTPPort = 0
		opts.PidFile = ""
		opts.StoreDir = t.TempDir()
		opts.NoSigs, opts.NoLog = true, true
		s, err := server.NewServer(opts)
		if err != nil {
			t.Fatalf("%s as %s: %v", conf, name, err)
		}
		go s.Start()
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
		if !s.ReadyForConnections(20 * time.Second) {
			t.Fatalf("%s: not ready", name)
		}
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", clientPorts[i]))
	}
	return urls
}

// TestNATSConfigsFormAJetStreamCluster starts the three-node clusters of
// nats/cluster.conf (compose) and nats/kubernetes.conf from the files
// themselves and creates claimwatch's streams on them with the stream
// settings the deployment uses (replicas 3, limits of the Kubernetes
// ConfigMap), then publishes with a Nats-Msg-Id and checks deduplication.
func TestNATSConfigsFormAJetStreamCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three nats-servers")
	}
	cw := findDoc(t, k8sDocs(t), "ConfigMap", "claimwatch-config")
	var cfg struct {
		NATS struct {
			Streams pipeline.StreamsConfig `yaml:"streams"`
		} `yaml:"nats"`
	}
	decodeYAML(t, "claimwatch config.yaml", str(cw, "data", "config.yaml"), &cfg)
	k8sStreams := cfg.NATS.Streams
	composeStreams := pipeline.DefaultStreamsConfig()
	composeStreams.Replicas = 3 // CLAIMWATCH_NATS_STREAMS_REPLICAS in compose.yaml

	for _, tc := range []struct {
		conf, nameVar string
		names         []string
		streams       pipeline.StreamsConfig
	}{
		{"nats/cluster.conf", "SERVER_NAME", []string{"nats-1", "nats-2", "nats-3"}, composeStreams},
		{"nats/kubernetes.conf", "POD_NAME", []string{"nats-0", "nats-1", "nats-2"}, k8sStreams},
	} {
		t.Run(tc.conf, func(t *testing.T) {
			if tc.streams.Replicas != 3 {
				t.Fatalf("stream replicas %d, want 3", tc.streams.Replicas)
			}
			// Every stream may grow to max_bytes: together they must fit the
			// file store each server offers (each holds one replica of each).
			opts := loadNATS(t, tc.conf, map[string]string{tc.nameVar: tc.names[0], "NATS_USER": "cw", "NATS_PASSWORD": "secret"})
			total := tc.streams.MaxBytes * int64(len(tc.streams.StreamConfigs()))
			if tc.streams.MaxBytes <= 0 || total > opts.JetStreamMaxStore {
				t.Errorf("streams may need %d bytes (max_bytes %d x %d streams), the server's max_file_store is %d",
					total, tc.streams.MaxBytes, len(tc.streams.StreamConfigs()), opts.JetStreamMaxStore)
			}
			urls := startConfiguredCluster(t, tc.conf, tc.nameVar, tc.names)
			if _, err := nats.Connect(strings.Join(urls, ","), nats.UserInfo("cw", "wrong")); err == nil {
				t.Error("the cluster accepted a wrong password")
			}
			nc, err := nats.Connect(strings.Join(urls, ","), nats.UserInfo("cw", "secret"))
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			js, err := jetstream.New(nc)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			// The meta leader is elected a few seconds after the routes connect.
			var last string
			for {
				// Short attempts: a request sent before the election is not answered.
				actx, acancel := context.WithTimeout(ctx, 3*time.Second)
				err = pipeline.EnsureStreams(actx, js, tc.streams)
				acancel()
				if err == nil {
					break
				}
				if err.Error() != last {
					last = err.Error()
					t.Logf("creating streams: %v", err)
				}
				if ctx.Err() != nil || !transientClusterErr(err) {
					t.Fatalf("claimwatch streams on %s: %v", tc.conf, err)
				}
				time.Sleep(250 * time.Millisecond)
			}
			for _, sc := range tc.streams.StreamConfigs() {
				st, err := js.Stream(ctx, sc.Name)
				if err != nil {
					t.Fatal(err)
				}
				info, err := st.Info(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if info.Config.Replicas != 3 || info.Cluster == nil || len(info.Cluster.Replicas) != 2 {
					t.Errorf("%s: replicas %d, cluster %+v", sc.Name, info.Config.Replicas, info.Cluster)
				}
			}
			// A large article passes max_payload; the same Nats-Msg-Id twice is stored once.
			body := []byte(strings.Repeat("x", 2<<20))
			for range 2 {
				if _, err := js.Publish(ctx, pipeline.ArticleSubject("example.com"), body, jetstream.WithMsgID("a1.h1")); err != nil {
					t.Fatalf("publish: %v", err)
				}
			}
			st, _ := js.Stream(ctx, pipeline.StreamArticles)
			info, err := st.Info(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if info.State.Msgs != 1 {
				t.Errorf("ARTICLES holds %d messages after a duplicate publish, want 1", info.State.Msgs)
			}
		})
	}
}

// transientClusterErr reports errors of a cluster still electing its leader.
func transientClusterErr(err error) bool {
	s := err.Error()
	for _, m := range []string{"no suitable peers", "JetStream system temporarily unavailable", "timeout", "deadline exceeded", "no responders", "not available"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
