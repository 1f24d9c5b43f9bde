package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/alerts"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Secret values used by TestSecretsNeverLogged. Each is distinctive so that
// a substring search finds any copy in the output.
const (
	secretNATSPassword = "natspw-SECRET-q8v1"
	secretNATSToken    = "natstok-SECRET-z3m5"
	secretESPassword   = "espw-SECRET-r2k7"
	secretESAPIKey     = "eskey-SECRET-w9d4"
	secretAdminToken   = "admintok-SECRET-h6p0"
	secretWebhook      = "hook-SECRET-c1n8"
	secretSMTPPassword = "smtppw-SECRET-j5t3"
)

var allTestSecrets = []string{secretNATSPassword, secretNATSToken, secretESPassword, secretESAPIKey, secretAdminToken, secretWebhook, secretSMTPPassword}

// cliRun is the output of one in-process run of the claimwatch command.
type cliRun struct {
	stdout, stderr, stdlog bytes.Buffer
	err                    error
}

func (r *cliRun) all() string {
	s := r.stdout.String() + "\n" + r.stderr.String() + "\n" + r.stdlog.String()
	if r.err != nil {
		s += "\n" + r.err.Error()
	}
	return s
}

// runCLI runs the claimwatch root command in-process, as main does, with
// the environment already set by the caller (t.Setenv); it also captures the
// standard library's log package and slog's default logger.
func runCLI(t *testing.T, timeout time.Duration, args ...string) *cliRun {
	t.Helper()
	r := &cliRun{}
	prevLog, prevFlags := log.Writer(), log.Flags()
	prevSlog := slog.Default()
	log.SetOutput(&r.stdlog)
	t.Cleanup(func() {
		log.SetOutput(prevLog)
		log.SetFlags(prevFlags)
		slog.SetDefault(prevSlog)
	})
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	root := newRootCmd()
	root.SetOut(&r.stdout)
	root.SetErr(&r.stderr)
	root.SetArgs(args)
	r.err = root.ExecuteContext(ctx)
	log.SetOutput(prevLog)
	return r
}

func assertNoSecrets(t *testing.T, what, out string) {
	t.Helper()
	for _, s := range allTestSecrets {
		if strings.Contains(out, s) {
			i := strings.Index(out, s)
			lo, hi := max(0, i-200), min(len(out), i+len(s)+50)
			t.Errorf("%s shows secret %q: ...%s...", what, s, out[lo:hi])
		}
	}
}

// TestSecretsNeverLogged runs the real CLI code path (`claimwatch run
// --demo --once` in-process, at debug level, as JSON and as text) against a
// NATS server that requires credentials, with the NATS password or token,
// Elasticsearch password and API key, admin token, webhook secret and SMTP
// password all set through the configuration file or the environment, and
// checks that no secret appears in any log line, the summary, the error of
// a failed start, or --help. The webhook receiver checks the signature, so
// the secret is known to have been loaded and used.
func TestSecretsNeverLogged(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo pipeline three times")
	}
	// NATS servers that require a password or a token, on loopback ports.
	startNATS := func(mod func(*pipeline.NATSConfig)) string {
		cfg := pipeline.DefaultNATSConfig()
		cfg.StoreDir = t.TempDir()
		cfg.Listen = "127.0.0.1:0"
		mod(&cfg)
		c, err := pipeline.Connect(context.Background(), cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		return strings.TrimPrefix(c.Server.ClientURL(), "nats://")
	}
	pwAddr := startNATS(func(c *pipeline.NATSConfig) { c.User, c.Password = "cw", secretNATSPassword })
	tokAddr := startNATS(func(c *pipeline.NATSConfig) { c.Token = secretNATSToken })

	// A webhook receiver that counts correctly signed deliveries.
	var signed, unsigned atomic.Int64
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if alerts.VerifySignature([]byte(secretWebhook), r.Header, body, time.Hour, time.Now()) == nil {
			signed.Add(1)
		} else {
			unsigned.Add(1)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	dir := t.TempDir()
	rules := filepath.Join(dir, "alerts.yaml")
	writeFile(t, rules, fmt.Sprintf(`rules:
  - name: every-claim
    statuses: [claimed, denied, attributed, unclaimed]
    outputs:
      webhooks:
        - url: %s
          secret_env: CW_TEST_WEBHOOK_SECRET
`, hook.URL))
	// Secrets in the configuration file too (ES and SMTP are configured but
	// the bleve backend and no e-mail output leave them unused in the demo).
	conf := filepath.Join(dir, "claimwatch.yaml")
	writeFile(t, conf, fmt.Sprintf(`index:
  es:
    urls: ["https://elastic:%s@127.0.0.1:9"]
    username: elastic
    password: %s
    api_key: %s
alerts:
  rules_file: %s
  deliver:
    rate_per_endpoint: 1000
    burst: 100
    smtp:
      password: %s
`, secretESPassword, secretESPassword, secretESAPIKey, rules, secretSMTPPassword))

	t.Setenv("CW_TEST_WEBHOOK_SECRET", secretWebhook)
	t.Setenv("CLAIMWATCH_ADMIN_TOKEN", secretAdminToken)
	t.Setenv("CLAIMWATCH_INDEX_ES_API_KEY", secretESAPIKey)

	for _, tc := range []struct {
		name, format string
		env          map[string]string
		wantErr      bool
	}{
		{"password in the URL, json logs", "json", map[string]string{"CLAIMWATCH_NATS_URL": "nats://cw:" + secretNATSPassword + "@" + pwAddr}, false},
		{"token from the environment, text logs", "text", map[string]string{"CLAIMWATCH_NATS_URL": "nats://" + tokAddr, "CLAIMWATCH_NATS_TOKEN": secretNATSToken}, false},
		{"token in the URL, wrong server", "text", map[string]string{"CLAIMWATCH_NATS_URL": "nats://" + secretNATSToken + "@" + pwAddr}, true},
		{"elasticsearch unreachable with credentials", "json", map[string]string{
			"CLAIMWATCH_NATS_URL": "nats://" + tokAddr, "CLAIMWATCH_NATS_TOKEN": secretNATSToken,
			"CLAIMWATCH_INDEX_BACKEND": "elasticsearch", "CLAIMWATCH_INDEX_ES_MAX_RETRIES": "1"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			signed.Store(0)
			r := runCLI(t, 2*time.Minute, "run", "--demo", "--once", "--config", conf, "--data", t.TempDir(),
				"--log-level", "debug", "--log-format", tc.format, "--admin", "127.0.0.1:0")
			out := r.all()
			assertNoSecrets(t, "run output", out)
			if tc.wantErr {
				if r.err == nil {
					t.Fatal("want an error")
				}
				t.Logf("error (as main prints it): %v", r.err)
				return
			}
			if r.err != nil {
				t.Fatalf("run: %v\n%s", r.err, tail2(out, 3000))
			}
			// The checks above mean something only if the run logged and worked.
			for _, want := range []string{"nats ready", "claimwatch run summary", "records indexed"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q", want)
				}
			}
			if signed.Load() == 0 || unsigned.Load() != 0 {
				t.Errorf("webhook deliveries: %d signed with the secret, %d not", signed.Load(), unsigned.Load())
			}
		})
	}
	for _, args := range [][]string{{"--help"}, {"run", "--help"}, {"extract", "--help"}, {"index", "--help"}} {
		r := runCLI(t, 10*time.Second, args...)
		if r.err != nil {
			t.Fatal(r.err)
		}
		assertNoSecrets(t, strings.Join(args, " "), r.all())
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func tail2(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
