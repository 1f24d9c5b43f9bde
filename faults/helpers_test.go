package faults

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// long reports whether the long versions of the scenarios were asked for.
func long() bool { return os.Getenv("CLAIMWATCH_FAULTS_LONG") == "1" }

// binary builds cmd/claimwatch once per test binary run.
type binaryBuild struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

var built binaryBuild // test-only: one build shared by every scenario

func claimwatchBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "claimwatch-faults-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "claimwatch")
		cmd := exec.Command("go", "build", "-o", built.path, "github.com/claimwatch/claimwatch/cmd/claimwatch")
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build cmd/claimwatch: %v\n%s", built.err, built.out)
	}
	return built.path
}

// natsServer is the embedded nats-server (pipeline.Connect) with a TCP
// listener on loopback; it can be stopped and started again on the same
// port and store directory.
type natsServer struct {
	t    *testing.T
	cfg  pipeline.NATSConfig
	conn *pipeline.Conn
	URL  string
}

func startNATS(t *testing.T, dir string, tweak func(*pipeline.NATSConfig)) *natsServer {
	t.Helper()
	cfg := pipeline.DefaultNATSConfig()
	cfg.StoreDir = filepath.Join(dir, "nats")
	cfg.Listen = "127.0.0.1:0"
	if tweak != nil {
		tweak(&cfg)
	}
	s := &natsServer{t: t, cfg: cfg}
	s.start()
	host, port := s.conn.Server.Addr().String(), ""
	if i := strings.LastIndex(host, ":"); i >= 0 {
		port = host[i+1:]
	}
	s.cfg.Listen = "127.0.0.1:" + port // a restart keeps the port
	s.URL = "nats://127.0.0.1:" + port
	t.Cleanup(s.stop)
	return s
}

func (s *natsServer) start() {
	s.t.Helper()
	c, err := pipeline.Connect(context.Background(), s.cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		s.t.Fatalf("embedded nats: %v", err)
	}
	s.conn = c
}

func (s *natsServer) stop() {
	if s.conn != nil {
		s.conn.Close()
		s.conn = nil
	}
}

func (s *natsServer) JS() jetstream.JetStream { return s.conn.JS }

// proc is one claimwatch child process.
type proc struct {
	t    *testing.T
	name string
	args []string
	env  []string
	log  string
	cmd  *exec.Cmd
	done chan error
	peak int64 // VmHWM in kB, sampled
	mu   sync.Mutex
}

func startProc(t *testing.T, dir, name string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, name: name, args: args, env: env, log: filepath.Join(dir, name+".log")}
	p.start()
	t.Cleanup(func() { p.kill9() })
	return p
}

func (p *proc) start() {
	p.t.Helper()
	f, err := os.OpenFile(p.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	fmt.Fprintf(f, "=== start %s %v\n", p.name, p.args)
	cmd := exec.Command(claimwatchBinary(p.t), p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		p.t.Fatalf("start %s: %v", p.name, err)
	}
	done := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		f.Close()
		done <- err
	}()
	go p.sample(cmd.Process.Pid, done)
	p.cmd, p.done = cmd, done
}

// sample records the process's peak RSS until it exits.
func (p *proc) sample(pid int, done chan error) {
	for {
		if kb := vmHWM(pid); kb > 0 {
			p.mu.Lock()
			p.peak = max(p.peak, kb)
			p.mu.Unlock()
		}
		select {
		case err := <-done:
			done <- err // put it back for wait
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// PeakMB is the highest resident set seen over every run of the process.
func (p *proc) PeakMB() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return float64(p.peak) / 1024
}

func vmHWM(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

func (p *proc) exited() bool {
	select {
	case err := <-p.done:
		p.done <- err
		return true
	default:
		return false
	}
}

// wait waits for the process to exit on its own.
func (p *proc) wait(d time.Duration) error {
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(d):
		return fmt.Errorf("%s still running after %v", p.name, d)
	}
}

// kill9 sends SIGKILL and waits for the exit.
func (p *proc) kill9() {
	if p.cmd == nil || p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
	p.done <- nil
}

// term sends SIGTERM (graceful drain) and waits up to d.
func (p *proc) term(d time.Duration) error {
	if p.exited() {
		return nil
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	return p.wait(d)
}

// restart starts the same command again.
func (p *proc) restart() { p.start() }

func (p *proc) logTail() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

// stageConfig writes the YAML configuration the child processes share.
func stageConfig(t *testing.T, dir, natsURL, sourcesFile string, extra string) string {
	t.Helper()
	y := fmt.Sprintf(`data_dir: %[1]s
log: {level: info}
admin: {addr: ""}
nats: {url: %[2]q}
crawler:
  delay: 0s
  parallelism: 2
  timeout: 5s
  allow_private: true
  respect_robots: false
  max_depth: 3
  max_pages: 100000
  max_pending: 0
  sources_file: %[3]q
extract:
  runner: {batch_size: 8, workers: 2, ack_wait: 3s, backoff_base: 100ms, backoff_max: 1s, fetch_wait: 100ms}
index:
  path: %[4]q
  runner: {batch_size: 20, workers: 1, ack_wait: 3s, backoff_base: 100ms, backoff_max: 1s, fetch_wait: 100ms}
%[5]s`, dir, natsURL, sourcesFile, filepath.Join(dir, "index"), extra)
	path := filepath.Join(dir, "claimwatch.yaml")
	if err := os.WriteFile(path, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// siteSources serves a NewsSite on loopback and writes a sources file for it.
func siteSources(t *testing.T, dir string, site NewsSite) (srvURL, sourcesFile string, want []string) {
	t.Helper()
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	sourcesFile = filepath.Join(dir, "sources.yaml")
	y := fmt.Sprintf("sources:\n  - name: faultwire\n    home: %s/\n    lang: en\n    max_depth: 3\n    max_pages: 100000\n", srv.URL)
	if err := os.WriteFile(sourcesFile, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	return srv.URL, sourcesFile, siteIDs(t, srv.URL, site.N, site)
}

func siteIDs(t *testing.T, base string, n int, site NewsSite) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		c, err := crawler.Canonicalize(base + site.Path(i))
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = pipeline.ArticleID(c)
	}
	return ids
}

// consumerState returns a consumer's pending (undelivered + unacked) count;
// ok is false while the consumer does not exist.
func consumerState(ctx context.Context, js jetstream.JetStream, stream, name string) (pending uint64, ok bool) {
	c, err := js.Consumer(ctx, stream, name)
	if err != nil {
		return 0, false
	}
	info, err := c.Info(ctx)
	if err != nil {
		return 0, false
	}
	return info.NumPending + uint64(info.NumAckPending), true
}

// ackPending is the number of messages a consumer has delivered and not
// yet acknowledged (a batch in flight); 0 when it does not exist.
func ackPending(ctx context.Context, js jetstream.JetStream, stream, name string) int {
	c, err := js.Consumer(ctx, stream, name)
	if err != nil {
		return 0
	}
	info, err := c.Info(ctx)
	if err != nil {
		return 0
	}
	return info.NumAckPending
}

func streamMsgs(ctx context.Context, js jetstream.JetStream, name string) uint64 {
	s, err := js.Stream(ctx, name)
	if err != nil {
		return 0
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0
	}
	return info.State.Msgs
}

// waitFor polls cond every 100 ms until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitDrained waits until the extract and index consumers exist and hold
// nothing pending, twice in a row.
func waitDrained(t *testing.T, js jetstream.JetStream, d time.Duration) {
	t.Helper()
	quiet := 0
	waitFor(t, d, "extract and index consumers drained", func() bool {
		ctx := context.Background()
		pe, ok1 := consumerState(ctx, js, pipeline.StreamArticles, "extract")
		pi, ok2 := consumerState(ctx, js, pipeline.StreamRecords, "index")
		if ok1 && ok2 && pe == 0 && pi == 0 && streamMsgs(ctx, js, pipeline.StreamRecords) > 0 {
			quiet++
		} else {
			quiet = 0
		}
		return quiet >= 3
	})
}

// accountBleve opens the bleve index (after the index process exited) and
// accounts for every article.
func accountBleve(t *testing.T, js jetstream.JetStream, indexDir string, want []string) Report {
	t.Helper()
	idx, err := indexer.OpenBleve(indexDir, nil)
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	defer idx.Close()
	ctx := context.Background()
	n, err := idx.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Account(ctx, js, want, func(ctx context.Context, id string) (bool, error) {
		_, ok, err := idx.Get(ctx, id)
		return ok, err
	}, n)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// heapMB is the live heap of this process after a GC.
func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}
