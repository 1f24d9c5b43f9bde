package deployments

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"
)

// TestImportScript runs kibana/import.sh against a fake Kibana that is
// unavailable at first, then answers the import with 503 once.
func TestImportScript(t *testing.T) {
	for _, bin := range []string{"sh", "curl"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s not installed", bin)
		}
	}
	want, err := os.ReadFile("kibana/claimwatch.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	var statusCalls, importCalls atomic.Int32
	var got []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/status":
			if statusCalls.Add(1) < 3 {
				_, _ = io.WriteString(w, `{"status":{"overall":{"level":"unavailable"}}}`)
				return
			}
			_, _ = io.WriteString(w, `{"status":{"overall":{"level":"available"}}}`)
		case "/api/saved_objects/_import":
			if importCalls.Add(1) == 1 {
				http.Error(w, "migrations running", http.StatusServiceUnavailable)
				return
			}
			if r.Header.Get("kbn-xsrf") == "" || r.URL.Query().Get("overwrite") != "true" {
				http.Error(w, `{"error":"kbn-xsrf and overwrite required"}`, http.StatusBadRequest)
				return
			}
			f, _, err := r.FormFile("file")
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			got, _ = io.ReadAll(f)
			_, _ = io.WriteString(w, `{"success":true,"successCount":9}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	run := func(url string) (string, error) {
		cmd := exec.Command("sh", "kibana/import.sh")
		cmd.Env = append(os.Environ(), "KIBANA_URL="+url, "DELAY=0", "RETRIES=5")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run(srv.URL)
	if err != nil {
		t.Fatalf("import.sh failed: %v\n%s", err, out)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("uploaded %d bytes, want the %d bytes of claimwatch.ndjson", len(got), len(want))
	}
	if importCalls.Load() != 2 || statusCalls.Load() < 3 {
		t.Errorf("status calls %d, import calls %d: expected waiting and one retry", statusCalls.Load(), importCalls.Load())
	}

	// A Kibana that never becomes available makes the script fail.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"status":{"overall":{"level":"unavailable"}}}`)
	}))
	defer down.Close()
	if out, err := run(down.URL); err == nil {
		t.Errorf("import.sh succeeded against an unavailable Kibana:\n%s", out)
	}
}
