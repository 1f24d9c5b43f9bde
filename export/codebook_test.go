package export

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/codebook.md from the row types")

// docPath is the repository's copy of the codebook.
const docPath = "../docs/codebook.md"

// TestCodebookDoc keeps docs/codebook.md equal to the generated codebook;
// `go test ./export -run TestCodebookDoc -update` regenerates it.
func TestCodebookDoc(t *testing.T) {
	want := NewCodebook().Markdown()
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatalf("%v (run: go test ./export -run TestCodebookDoc -update)", err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date: go test ./export -run TestCodebookDoc -update", docPath)
	}
}

// TestColumnTags checks that every column is named, described, and named
// the same in JSON and Parquet, and that the codebook lists every column.
func TestColumnTags(t *testing.T) {
	cb := NewCodebook()
	for i, td := range tableDescriptions {
		seen := map[string]bool{}
		for j := range td.row.NumField() {
			f := td.row.Field(j)
			js, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			pq, _, _ := strings.Cut(f.Tag.Get("parquet"), ",")
			if js == "" || js != pq {
				t.Errorf("%s.%s: json name %q, parquet name %q", td.name, f.Name, js, pq)
			}
			if seen[js] {
				t.Errorf("%s: column %s twice", td.name, js)
			}
			seen[js] = true
			if len(f.Tag.Get("desc")) < 10 {
				t.Errorf("%s.%s: no description", td.name, js)
			}
			opt := strings.Contains(f.Tag.Get("parquet"), "optional")
			if ptr := f.Type.Kind() == reflect.Pointer; ptr != opt {
				t.Errorf("%s.%s: pointer %v but parquet optional %v", td.name, js, ptr, opt)
			}
		}
		if len(cb.Tables[i].Fields) != td.row.NumField() {
			t.Errorf("codebook %s: %d fields, want %d", td.name, len(cb.Tables[i].Fields), td.row.NumField())
		}
	}
}

// TestExportCodebookFiles checks the codebook files of an export.
func TestExportCodebookFiles(t *testing.T) {
	dir := t.TempDir()
	run(t, &genScanner{n: 2}, testOptions(dir, JSONL))
	var cb Codebook
	b, err := os.ReadFile(filepath.Join(dir, codebookJSON))
	if err != nil || json.Unmarshal(b, &cb) != nil {
		t.Fatalf("codebook.json: %v", err)
	}
	if !reflect.DeepEqual(cb, NewCodebook()) {
		t.Errorf("codebook.json differs from NewCodebook")
	}
	md, _ := os.ReadFile(filepath.Join(dir, codebookMD))
	for _, s := range []string{"## incidents", "`attacktype1_txt`", "Hostage Taking (Barricade Incident)", "Religious Figures/Institutions", "`claimmode_txt`"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("codebook.md lacks %q", s)
		}
	}
}
