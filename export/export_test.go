package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

func run(t testing.TB, src indexer.Scanner, opt Options) Manifest {
	t.Helper()
	m, err := Run(context.Background(), src, nil, opt, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return m
}

// readCSV reads a CSV table back with encoding/csv.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Errorf("%s starts with a BOM", path)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("read back %s: %v", path, err)
	}
	return rows
}

func TestCSVHostileText(t *testing.T) {
	dir := t.TempDir()
	const n = 60
	m := run(t, &genScanner{n: n}, testOptions(dir, CSV))
	arts := readCSV(t, filepath.Join(dir, "articles.csv"))
	if len(arts) != n+1 {
		t.Fatalf("articles.csv: %d lines, want header + %d", len(arts), n)
	}
	header := arts[0]
	cols := columnsOf(reflect.TypeFor[ArticleRow]())
	for i, c := range cols {
		if header[i] != c.Name {
			t.Fatalf("header %v, want column %d = %s", header, i, c.Name)
		}
	}
	ti := slices.Index(header, "title")
	for i, row := range arts[1:] {
		r := testRecord(i)
		if row[0] != r.ID {
			t.Fatalf("row %d: id %s, want %s (ascending id order)", i, row[0], r.ID)
		}
		// read back: the original text, line breaks as \n, formula prefixes
		// behind an apostrophe
		want := strings.ReplaceAll(strings.ReplaceAll(r.Article.Title, "\r\n", "\n"), "\r", "\n")
		if strings.ContainsAny(r.Article.Title[:1], "=+-@\t\r") {
			want = "'" + want
		}
		if row[ti] != want {
			t.Errorf("row %d title %q, want %q", i, row[ti], want)
		}
	}
	// No text cell of any table starts a formula; numbers are untouched.
	for table, typ := range map[string]reflect.Type{"articles": reflect.TypeFor[ArticleRow](), "claims": reflect.TypeFor[ClaimRow](), "incidents": reflect.TypeFor[IncidentRow]()} {
		rows := readCSV(t, filepath.Join(dir, table+".csv"))
		if int64(len(rows)-1) != m.Rows[table] {
			t.Errorf("%s: %d rows, manifest %d", table, len(rows)-1, m.Rows[table])
		}
		cols := columnsOf(typ)
		negatives := 0
		for _, row := range rows[1:] {
			if len(row) != len(cols) {
				t.Fatalf("%s: row of %d cells, want %d", table, len(row), len(cols))
			}
			for j, cell := range row {
				if cell == "" {
					continue
				}
				if cols[j].Kind.numeric() {
					if cell[0] == '\'' {
						t.Errorf("%s.%s: number %q neutralised", table, cols[j].Name, cell)
					}
					if cell[0] == '-' {
						negatives++
					}
					continue
				}
				if strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%s.%s: cell %q starts a formula", table, cols[j].Name, cell)
				}
			}
		}
		if table == "incidents" && negatives == 0 {
			t.Errorf("incidents: no negative number (latitude of Cape Town, claimed -9) kept as a number")
		}
	}
}

func TestNeutralise(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""}, {"plain", "plain"}, {"=1+2", "'=1+2"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@x", "'@x"},
		{"\tx", "'\tx"}, {"\rx", "'\nx"}, {"a=b", "a=b"}, {"a\r\nb\rc", "a\nb\nc"}, {"'=x", "'=x"},
	} {
		if got := neutralise(tt.in); got != tt.want {
			t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// readParquet reads every part of a Parquet table, in part order.
func readParquet[T any](t *testing.T, dir string) []T {
	t.Helper()
	parts, err := filepath.Glob(filepath.Join(dir, "part-*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(parts)
	var out []T
	for _, p := range parts {
		rows, err := parquet.ReadFile[T](p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		out = append(out, rows...)
	}
	return out
}

// readJSONL reads a JSONL table.
func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var r T
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	return out
}

// tables is the content of an export, read back.
type tables struct {
	arts []ArticleRow
	cls  []ClaimRow
	incs []IncidentRow
}

func readTables(t *testing.T, dir string, f Format) tables {
	t.Helper()
	if f == Parquet {
		return tables{readParquet[ArticleRow](t, filepath.Join(dir, "articles")), readParquet[ClaimRow](t, filepath.Join(dir, "claims")), readParquet[IncidentRow](t, filepath.Join(dir, "incidents"))}
	}
	return tables{readJSONL[ArticleRow](t, filepath.Join(dir, "articles.jsonl")), readJSONL[ClaimRow](t, filepath.Join(dir, "claims.jsonl")), readJSONL[IncidentRow](t, filepath.Join(dir, "incidents.jsonl"))}
}

// normLists makes nil and empty lists equal (Parquet reads back empty).
func normLists[T any](rows []T) {
	for i := range rows {
		v := reflect.ValueOf(&rows[i]).Elem()
		for j := range v.NumField() {
			if f := v.Field(j); f.Kind() == reflect.Slice && f.Len() == 0 {
				f.Set(reflect.Zero(f.Type()))
			}
		}
	}
}

// TestParquetFromBleve exports a real bleve index as Parquet (several parts
// and row groups) and checks every row against the records.
func TestParquetFromBleve(t *testing.T) {
	idx, err := indexer.OpenBleve(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = idx.Close() }()
	const n = 130
	byID := map[string]pipeline.Record{}
	var recs []pipeline.Record
	for i := range n {
		r := testRecord(i)
		recs = append(recs, r)
		byID[r.ID] = r
	}
	if err := idx.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	gaz, err := extractor.NewGazetteerFromEntries([]extractor.GroupEntry{
		{ID: "iskp", Name: "Islamic State Khorasan Province", Kind: "militant", GTDNames: []string{"Khorasan Chapter of the Islamic State"}},
		{ID: "taliban", Name: "Taliban", Kind: "militant"},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := testOptions(dir, Parquet)
	m, err := Run(context.Background(), idx, gaz, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "articles", "*.parquet"))
	if len(parts) != 3 {
		t.Errorf("%d article parts, want 3 (130 records, 50 per part)", len(parts))
	}
	got := readTables(t, dir, Parquet)
	if len(got.arts) != n || m.Records != n || m.Rows["articles"] != n {
		t.Fatalf("%d articles (manifest %d records), want %d", len(got.arts), m.Records, n)
	}
	var nClaims, nIncs int
	for i, a := range got.arts {
		r, ok := byID[a.ID]
		if !ok {
			t.Fatalf("unknown id %s", a.ID)
		}
		if i > 0 && a.ID <= got.arts[i-1].ID {
			t.Fatalf("ids not ascending at %d", i)
		}
		if a.Title != r.Article.Title || a.URL != r.Article.URL || a.Published != r.Article.Published ||
			a.NClaims != int64(len(r.Claims)) || a.NIncidents != int64(len(r.Incidents)) || int(a.NGroups) != len(a.GroupIDs) {
			t.Errorf("article %s: %+v does not match its record", a.ID, a)
		}
		nClaims += len(r.Claims)
		nIncs += len(r.Incidents)
	}
	if len(got.cls) != nClaims || len(got.incs) != nIncs {
		t.Fatalf("%d claims, %d incidents; want %d, %d", len(got.cls), len(got.incs), nClaims, nIncs)
	}
	for _, c := range got.cls {
		rc := byID[c.RecordID].Claims[c.ClaimIndex]
		if c.GroupID != deref(rc.GroupID) || c.Status != rc.Status || c.Evidence != rc.Evidence.Text ||
			c.Confidence != rc.Confidence || c.Channel != deref(rc.Channel) || c.IncidentID != deref(rc.Incident) {
			t.Errorf("claim %s/%d: %+v does not match %+v", c.RecordID, c.ClaimIndex, c, rc)
		}
		if c.GroupID == "iskp" && (c.GTDName != "Khorasan Chapter of the Islamic State" || c.GroupName != "Islamic State Khorasan Province") {
			t.Errorf("iskp claim names %q / %q, want the gazetteer's", c.GroupName, c.GTDName)
		}
		if c.GroupID == "ttp" && c.GTDName != "TTP" {
			t.Errorf("ttp (not in the gazetteer) gname %q, want the record's name TTP", c.GTDName)
		}
	}
	for _, inc := range got.incs {
		r := byID[inc.RecordID]
		k := slices.IndexFunc(r.Incidents, func(x pipeline.Incident) bool { return x.ID == inc.IncidentID })
		if k < 0 {
			t.Fatalf("incident %s not in its record", inc.IncidentID)
		}
		ri := r.Incidents[k]
		if !eqIntPtr(inc.NKill, ri.Killed) || !eqIntPtr(inc.NWound, ri.Injured) || inc.Country != ri.Location.Country ||
			inc.Latitude == nil || *inc.Latitude != ri.Location.Lat || inc.AttackType != ri.Type || inc.Evidence != ri.Evidence.Text {
			t.Errorf("incident %s: %+v does not match %+v", inc.IncidentID, inc, ri)
		}
		if inc.CountryTxt != testNamer[ri.Location.Country] {
			t.Errorf("incident %s: country_txt %q", inc.IncidentID, inc.CountryTxt)
		}
		if ri.Date == "" && inc.IYear != nil || ri.Date != "" && (inc.IYear == nil || strconv.FormatInt(*inc.IYear, 10) != ri.Date[:4]) {
			t.Errorf("incident %s: iyear %v for date %q", inc.IncidentID, inc.IYear, ri.Date)
		}
	}
	// JSONL of the same index gives the same rows.
	jdir := t.TempDir()
	if _, err := Run(context.Background(), idx, gaz, testOptions(jdir, JSONL), nil); err != nil {
		t.Fatal(err)
	}
	j := readTables(t, jdir, JSONL)
	for _, tb := range []*tables{&got, &j} {
		normLists(tb.arts)
		normLists(tb.cls)
		normLists(tb.incs)
	}
	if !reflect.DeepEqual(got, j) {
		t.Errorf("parquet and jsonl exports differ")
	}
}

func eqIntPtr(a *int64, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == int64(*b)
}

// TestResume interrupts an export midway (cancelled context), simulates a
// crash after the checkpoint (junk appended, a stray part), resumes it and
// compares with an uninterrupted export: same rows, no duplicates.
func TestResume(t *testing.T) {
	const n = 333
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			full := t.TempDir()
			run(t, &genScanner{n: n}, testOptions(full, f))

			dir := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			g := &genScanner{n: n, cancelAt: 170, cancel: cancel}
			if _, err := Run(ctx, g, nil, testOptions(dir, f), nil); !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted Run: %v, want context.Canceled", err)
			}
			cp, ok, err := readCheckpoint(dir)
			if !ok || err != nil || cp.Records != 170 {
				t.Fatalf("checkpoint %+v, %v, %v; want 170 records", cp, ok, err)
			}
			if _, err := Run(context.Background(), &genScanner{n: n}, nil, testOptions(dir, f), nil); !errors.Is(err, ErrExists) {
				t.Fatalf("Run without resume on a checkpoint: %v, want ErrExists", err)
			}
			// a crash after the checkpoint leaves rows it does not know of
			if f == Parquet {
				if err := os.WriteFile(filepath.Join(dir, "claims", partName(cp.Parts+1)), []byte("half a part"), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				fh, err := os.OpenFile(filepath.Join(dir, "articles."+string(f)), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = fh.WriteString(strings.Repeat("junk,\"half a row\n", 1<<16)) // longer than the rest of the export
				_ = fh.Close()
			}
			opt := testOptions(dir, f)
			opt.Resume = true
			m, err := Run(context.Background(), &genScanner{n: n}, nil, opt, nil)
			if err != nil {
				t.Fatalf("resumed Run: %v", err)
			}
			if m.Records != n || m.Resumes != 1 {
				t.Errorf("manifest: %d records, %d resumes; want %d, 1", m.Records, m.Resumes, n)
			}
			if f == Parquet {
				a, b := readTables(t, full, f), readTables(t, dir, f)
				if len(b.arts) != n || !reflect.DeepEqual(a, b) {
					t.Errorf("resumed parquet export differs: %d/%d/%d rows vs %d/%d/%d", len(b.arts), len(b.cls), len(b.incs), len(a.arts), len(a.cls), len(a.incs))
				}
			} else {
				for _, table := range []string{"articles", "claims", "incidents"} {
					name := table + "." + string(f)
					a, _ := os.ReadFile(filepath.Join(full, name))
					b, _ := os.ReadFile(filepath.Join(dir, name))
					if !bytes.Equal(a, b) {
						t.Errorf("%s: resumed export differs from the uninterrupted one (%d vs %d bytes)", name, len(b), len(a))
					}
				}
			}
			// resuming a finished export returns its manifest
			again, err := Run(context.Background(), &genScanner{n: n}, nil, opt, nil)
			if err != nil || again.Finished != m.Finished {
				t.Errorf("resume of a finished export: %v", err)
			}
			if _, err := Verify(dir); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

func TestManifest(t *testing.T) {
	dir := t.TempDir()
	m := run(t, &genScanner{n: 40}, testOptions(dir, CSV))
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Path)
		sum, size, err := hashFile(filepath.Join(dir, f.Path))
		if err != nil || sum != f.SHA256 || size != f.Bytes {
			t.Errorf("%s: sha256 %s %d bytes, manifest %s %d", f.Path, sum, size, f.SHA256, f.Bytes)
		}
	}
	want := []string{"articles.csv", "claims.csv", "codebook.json", "codebook.md", "incidents.csv"}
	if !slices.Equal(names, want) {
		t.Errorf("manifest files %v, want %v", names, want)
	}
	if _, err := os.Stat(filepath.Join(dir, checkpointFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("checkpoint left behind: %v", err)
	}
	if m.PublishedMin == nil || m.PublishedMin.Format("2006-01-02") != "2015-01-01" || m.PublishedMax.Format("2006-01-02") != "2015-02-09" {
		t.Errorf("published range %v - %v, want 2015-01-01 - 2015-02-09", m.PublishedMin, m.PublishedMax)
	}
	if m.SoftwareVersion != "test" || m.GazetteerVersion != "g1" || m.Query != "" || m.Format != CSV {
		t.Errorf("manifest %+v", m)
	}
	if _, err := Verify(dir); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	// one changed byte is caught
	p := filepath.Join(dir, "claims.csv")
	b, _ := os.ReadFile(p)
	b[len(b)/2] ^= 1
	_ = os.WriteFile(p, b, 0o644)
	if _, err := Verify(dir); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Verify after a change: %v, want ErrCorrupt", err)
	}
}

func TestRunOptionErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		opt  Options
		want error
	}{
		{"bad format", Options{Format: "xlsx", OutDir: dir}, ErrBadOptions},
		{"no dir", Options{Format: CSV}, ErrBadOptions},
		{"bad query", Options{Format: CSV, OutDir: dir, Query: "colour:red"}, indexer.ErrBadQuery},
		{"nothing to resume", Options{Format: CSV, OutDir: dir, Resume: true, Countries: testNamer}, ErrNoCheckpoint},
	} {
		if _, err := Run(context.Background(), &genScanner{}, nil, tt.opt, nil); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	run(t, &genScanner{n: 3}, testOptions(dir, CSV))
	if _, err := Run(context.Background(), &genScanner{n: 3}, nil, testOptions(dir, CSV), nil); !errors.Is(err, ErrExists) {
		t.Errorf("second export into the same dir: %v, want ErrExists", err)
	}
	opt := testOptions(dir, CSV)
	opt.Resume, opt.Query = true, "group:iskp"
	if _, err := Run(context.Background(), &genScanner{n: 3}, nil, opt, nil); !errors.Is(err, ErrCheckpointMismatch) {
		t.Errorf("resume with another query: %v, want ErrCheckpointMismatch", err)
	}
}
