package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Helpers for the tests that run claimwatch as separate processes against
// NATS servers that are processes too (scale-out, kill -9).

// scaleoutBinaries builds the claimwatch binary of this module and the
// nats-server of go.mod's version into a temporary directory, in parallel.
func scaleoutBinaries(t *testing.T) (claimwatch, natsServer string) {
	t.Helper()
	dir := t.TempDir()
	claimwatch, natsServer = filepath.Join(dir, "claimwatch"), filepath.Join(dir, "nats-server")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, args := range [][]string{
		// No symbol table or DWARF: the link is the slow part.
		{"build", "-ldflags=-s -w", "-o", claimwatch, "."},
		{"build", "-ldflags=-s -w", "-o", natsServer, "github.com/nats-io/nats-server/v2"},
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := exec.Command("go", args...).CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return claimwatch, natsServer
}

// proc is a child process whose output goes to a log file kept for failures.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

func startProc(t *testing.T, name, logDir string, env []string, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, log: filepath.Join(logDir, name+".log"), done: make(chan struct{})}
	f, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	p.cmd.Stdin = nil // /dev/null: claimwatch extract then runs as a stage
	if err := p.cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		f.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			b, _ := os.ReadFile(p.log)
			if len(b) > 4000 {
				b = b[len(b)-4000:]
			}
			t.Logf("--- %s log (tail) ---\n%s", name, b)
		}
	})
	return p
}

// kill sends SIGKILL (kill -9) and waits for the process to be gone.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// stop sends SIGTERM and waits up to d for a clean exit.
func (p *proc) stop(t *testing.T, d time.Duration) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("%s exited with %v after SIGTERM", p.name, p.err)
		}
	case <-time.After(d):
		p.kill()
		t.Errorf("%s did not stop within %s of SIGTERM", p.name, d)
	}
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func scaleoutFreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// natsClusterProcs starts n nats-server processes with JetStream, clustered
// on loopback when n > 1, and returns them with their client URLs.
func natsClusterProcs(t *testing.T, bin, logDir string, n int) ([]*proc, []string) {
	t.Helper()
	clientPorts, routePorts := make([]int, n), make([]int, n)
	for i := range n {
		clientPorts[i], routePorts[i] = scaleoutFreePort(t), scaleoutFreePort(t)
	}
	var procs []*proc
	var urls []string
	for i := range n {
		var routes []string
		for j := range n {
			if j != i {
				routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", routePorts[j]))
			}
		}
		name := fmt.Sprintf("nats-%d", i+1)
		args := []string{"-n", name, "-a", "127.0.0.1", "-p", fmt.Sprint(clientPorts[i]), "-js", "-sd", filepath.Join(t.TempDir(), name)}
		if n > 1 {
			args = append(args, "--cluster_name", "claimwatch-scaleout",
				"--cluster", fmt.Sprintf("nats://127.0.0.1:%d", routePorts[i]),
				"--routes", strings.Join(routes, ","))
		}
		procs = append(procs, startProc(t, name, logDir, nil, bin, args...))
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", clientPorts[i]))
	}
	for i, u := range urls {
		addr := strings.TrimPrefix(u, "nats://")
		deadline := time.Now().Add(20 * time.Second)
		for {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				c.Close()
				break
			}
			if procs[i].exited() || time.Now().After(deadline) {
				t.Fatalf("%s did not start listening on %s: %v", procs[i].name, addr, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return procs, urls
}

// connectRetry connects (creating the streams) until the JetStream meta
// leader of a new cluster is elected.
func connectRetry(t *testing.T, cfg pipeline.NATSConfig, within time.Duration) *pipeline.Conn {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		c, err := pipeline.Connect(context.Background(), cfg, nil)
		if err == nil {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("connect to %s: %v", pipeline.RedactURLs(cfg.URL), err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// scaleoutArticles returns n articles with unique canonical URLs whose
// bodies are the demo site's pages, parsed as the crawler parses them.
func scaleoutArticles(t *testing.T, n int) []pipeline.Article {
	t.Helper()
	site := httptest.NewServer(demosite.Handler())
	defer site.Close()
	var pages []crawler.Page
	for _, art := range demosite.Articles() {
		resp, err := http.Get(site.URL + art.Path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		p, err := crawler.Parse(site.URL+art.Path, body, resp.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	out := make([]pipeline.Article, n)
	for i := range out {
		p := pages[i%len(pages)]
		canon := fmt.Sprintf("https://wire%d.example.org/copy-%d%s", i%7, i, strings.TrimPrefix(p.CanonicalURL, site.URL))
		out[i] = pipeline.Article{
			SchemaVersion: pipeline.SchemaVersion,
			ID:            pipeline.ArticleID(canon),
			URL:           canon,
			CanonicalURL:  canon,
			Source:        "scaleout",
			Title:         p.Title,
			Text:          p.Text,
			Authors:       p.Authors,
			Published:     p.Published,
			Lang:          p.Lang,
			FetchedAt:     time.Now().UTC(),
			ContentHash:   pipeline.ContentHash(p.Text),
		}
	}
	return out
}

// apiTimeout bounds one JetStream API call of the tests: a request sent
// while a stream or consumer has no leader may get no answer at all, and a
// call without its own deadline would then wait for the test's.
const apiTimeout = 2 * time.Second

// streamMsgs returns the number of messages in a stream.
func streamMsgs(ctx context.Context, js jetstream.JetStream, name string) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	s, err := js.Stream(ctx, name)
	if err != nil {
		return 0, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.State.Msgs, nil
}

// consumerBacklog returns pending plus unacknowledged messages of a durable.
func consumerBacklog(ctx context.Context, js jetstream.JetStream, stream, durable string) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	c, err := js.Consumer(ctx, stream, durable)
	if err != nil {
		return 0, err
	}
	info, err := c.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.NumPending + uint64(info.NumAckPending), nil
}

// consumerState describes a consumer for failure messages: what is pending,
// waiting pulls, redeliveries and the leader.
func consumerState(ctx context.Context, js jetstream.JetStream, stream, durable string) string {
	ctx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	c, err := js.Consumer(ctx, stream, durable)
	if err != nil {
		return err.Error()
	}
	info, err := c.Info(ctx)
	if err != nil {
		return err.Error()
	}
	leader := ""
	if info.Cluster != nil {
		leader = info.Cluster.Leader
	}
	return fmt.Sprintf("%s/%s pending=%d ack_pending=%d waiting=%d redelivered=%d leader=%q",
		stream, durable, info.NumPending, info.NumAckPending, info.NumWaiting, info.NumRedelivered, leader)
}

// stageEnv is the environment every claimwatch stage process gets.
func stageEnv(replicas int, ackWait time.Duration) []string {
	return []string{
		fmt.Sprintf("CLAIMWATCH_NATS_STREAMS_REPLICAS=%d", replicas),
		"CLAIMWATCH_NATS_STREAMS_MAX_BYTES=67108864",
		"CLAIMWATCH_LOG_FORMAT=json",
		"CLAIMWATCH_ADMIN_ADDR=",
		"CLAIMWATCH_EXTRACT_RUNNER_ACK_WAIT=" + ackWait.String(),
		"CLAIMWATCH_EXTRACT_RUNNER_FETCH_WAIT=100ms",
		"CLAIMWATCH_EXTRACT_RUNNER_BATCH_SIZE=16",
		"CLAIMWATCH_INDEX_RUNNER_ACK_WAIT=" + ackWait.String(),
		"CLAIMWATCH_INDEX_RUNNER_FETCH_WAIT=100ms",
	}
}

// scaleoutLogDir is where the processes' logs go: a temporary directory,
// or a fresh one under CLAIMWATCH_SCALEOUT_LOGS, kept for a post-mortem.
func scaleoutLogDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("CLAIMWATCH_SCALEOUT_LOGS")
	if root == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(root, t.Name()+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("process logs kept in %s", dir)
	return dir
}

// tail returns the last n bytes of a file, for failure messages.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(bytes.TrimSpace(b))
}
