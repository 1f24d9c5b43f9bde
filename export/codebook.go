package export

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
)

// CodebookVersion is bumped when a column is renamed, removed or recoded.
const CodebookVersion = 1

// Codebook documents the tables of an export.
type Codebook struct {
	Version int             `json:"version"`
	Tables  []CodebookTable `json:"tables"`
}

// CodebookTable is one table.
type CodebookTable struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Fields      []CodebookField `json:"fields"`
}

// CodebookField is one column.
type CodebookField struct {
	Name    string   `json:"field"`
	Type    string   `json:"type"`
	Meaning string   `json:"meaning"`
	Values  []string `json:"allowed_values,omitempty"`
}

// tableDescriptions, in table order.
var tableDescriptions = []struct {
	name, desc string
	row        reflect.Type
}{
	{tableArticles, "one row per record (article)", reflect.TypeFor[ArticleRow]()},
	{tableClaims, "one row per responsibility statement (claim) of a record", reflect.TypeFor[ClaimRow]()},
	{tableIncidents, "one row per attack described in a record, with Global Terrorism Database (GTD) compatible columns", reflect.TypeFor[IncidentRow]()},
	{tableEvents, "one row per cross-article incident (one attack, however many articles reported it, merged by the incidents stage), with GTD-compatible columns, its sources and claim timeline; written when the export reads the incident index", reflect.TypeFor[EventRow]()},
}

// NewCodebook builds the codebook from the struct tags of the row types.
func NewCodebook() Codebook {
	cb := Codebook{Version: CodebookVersion}
	for _, t := range tableDescriptions {
		ct := CodebookTable{Name: t.name, Description: t.desc}
		for _, c := range columnsOf(t.row) {
			ct.Fields = append(ct.Fields, CodebookField{Name: c.Name, Type: c.Kind.typeName(), Meaning: c.Desc, Values: c.Values})
		}
		cb.Tables = append(cb.Tables, ct)
	}
	return cb
}

// Markdown renders the codebook as Markdown.
func (cb Codebook) Markdown() string {
	var b strings.Builder
	b.WriteString("# claimwatch export codebook\n\n")
	b.WriteString("<!-- Generated from the row types of package export (export/rows.go); do not edit.\n")
	b.WriteString("     Regenerate: go test ./export -run TestCodebookDoc -update -->\n\n")
	fmt.Fprintf(&b, "Codebook version %d. Every export writes this codebook as codebook.md and codebook.json.\n\n", cb.Version)
	b.WriteString("Files: CSV (RFC 4180, UTF-8 without BOM, CRLF; text cells starting with `=`, `+`, `-`, `@`, tab or CR are prefixed with `'` against formula injection; empty cell = null; lists joined with `;`), JSON Lines (null for null, arrays for lists) or Parquet (typed, optional and LIST columns; one part file per chunk of records).\n")
	b.WriteString("Records are exported in ascending id order. GTD: Global Terrorism Database codebook names and codes.\n")
	for _, t := range cb.Tables {
		fmt.Fprintf(&b, "\n## %s\n\n%s.\n\n| field | type | meaning | allowed values |\n|---|---|---|---|\n", t.Name, upperFirst(t.Description))
		for _, f := range t.Fields {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", f.Name, f.Type, mdCell(f.Meaning), mdCell(strings.Join(f.Values, ", ")))
		}
	}
	return b.String()
}

// writeCodebook writes codebook.json and codebook.md into dir.
func writeCodebook(dir string) error {
	cb := NewCodebook()
	b, err := json.MarshalIndent(cb, "", "  ")
	if err != nil {
		return fmt.Errorf("export: codebook: %w", err)
	}
	if err := writeFileAtomic(dir, codebookJSON, append(b, '\n')); err != nil {
		return err
	}
	return writeFileAtomic(dir, codebookMD, []byte(cb.Markdown()))
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// readJSON decodes the JSON file at path into v.
func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("export: %s: %w", path, err)
	}
	return nil
}
