package incidents

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// testReport is one report of testdata/multioutlet.txt.
type testReport struct {
	Gold, ID, Outlet, URL string
	Published             time.Time
	Title, Text           string
}

// readTestSet parses testdata/<name>.txt (format in multioutlet.txt).
func readTestSet(t testing.TB, name string) []testReport {
	t.Helper()
	f, err := os.Open("testdata/" + name + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []testReport
	var cur *testReport
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
		for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
			body = body[:len(body)-1]
		}
		if len(body) < 2 {
			t.Fatalf("report %s: want a title line and a body", cur.ID)
		}
		cur.Title = strings.TrimSpace(body[0])
		cur.Text = strings.TrimSpace(strings.Join(body[1:], "\n"))
		out = append(out, *cur)
		cur, body = nil, nil
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== "):
			flush()
			cur = &testReport{}
			rest := strings.TrimPrefix(line, "=== ")
			// outlet names contain spaces: split on " key=" boundaries
			for _, key := range []string{"url=", "published=", "outlet=", "id=", "gold="} {
				i := strings.LastIndex(rest, key)
				if i < 0 {
					t.Fatalf("header %q: no %s", line, key)
				}
				v := strings.TrimSpace(rest[i+len(key):])
				rest = strings.TrimSpace(rest[:i])
				switch key {
				case "url=":
					cur.URL = v
				case "published=":
					p, err := time.Parse(time.RFC3339, v)
					if err != nil {
						t.Fatalf("header %q: %v", line, err)
					}
					cur.Published = p
				case "outlet=":
					cur.Outlet = v
				case "id=":
					cur.ID = v
				case "gold=":
					cur.Gold = v
				}
			}
		case cur == nil:
			// file header comments
		case strings.TrimSpace(line) == "" && len(body) == 0:
		default:
			body = append(body, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	flush()
	return out
}

// readTestRecords reads testdata/<name>.jsonl.
func readTestRecords(t testing.TB, name string) []pipeline.Record {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out []pipeline.Record
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r pipeline.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}
