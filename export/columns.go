package export

import (
	"reflect"
	"strconv"
	"strings"
)

// column is one column of a table, read from the struct tags of its row type.
type column struct {
	Name   string
	Index  int          // field index in the row struct
	Kind   columnKind   // storage type
	Type   reflect.Type // Go type of the field
	Desc   string
	Values []string // allowed values; nil = any
}

// columnKind is the storage type of a column.
type columnKind int

const (
	kindString columnKind = iota
	kindInt
	kindFloat
	kindNullInt
	kindNullFloat
	kindList
)

// typeName is the codebook name of a kind.
func (k columnKind) typeName() string {
	switch k {
	case kindInt:
		return "integer (int64)"
	case kindFloat:
		return "number (float64)"
	case kindNullInt:
		return "integer (int64), nullable"
	case kindNullFloat:
		return "number (float64), nullable"
	case kindList:
		return "list of strings (CSV: joined with ';')"
	}
	return "string"
}

// numeric reports whether the kind is a number (never neutralised in CSV).
func (k columnKind) numeric() bool { return k != kindString && k != kindList }

// columnsOf reads the columns of the row struct type t. It panics on a
// field of an unsupported type: the row types are fixed at compile time
// and a test covers all of them.
func columnsOf(t reflect.Type) []column {
	en := enums()
	cols := make([]column, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		c := column{Name: name, Index: i, Type: f.Type, Desc: f.Tag.Get("desc")}
		switch f.Type {
		case reflect.TypeFor[string]():
			c.Kind = kindString
		case reflect.TypeFor[int64]():
			c.Kind = kindInt
		case reflect.TypeFor[float64]():
			c.Kind = kindFloat
		case reflect.TypeFor[*int64]():
			c.Kind = kindNullInt
		case reflect.TypeFor[*float64]():
			c.Kind = kindNullFloat
		case reflect.TypeFor[[]string]():
			c.Kind = kindList
		default:
			panic("export: column " + name + ": unsupported type " + f.Type.String())
		}
		if v := f.Tag.Get("values"); v != "" {
			c.Values = strings.Split(v, "|")
		}
		if e := f.Tag.Get("enum"); e != "" {
			vals, ok := en[e]
			if !ok {
				panic("export: column " + name + ": unknown enum " + e)
			}
			c.Values = vals
		}
		cols = append(cols, c)
	}
	return cols
}

// listSep joins list cells in CSV.
const listSep = ";"

// cell renders column c of the row v as a CSV cell: numbers as they are,
// nulls as "", lists joined with listSep, text neutralised.
func (c *column) cell(v reflect.Value) string {
	f := v.Field(c.Index)
	switch c.Kind {
	case kindInt:
		return strconv.FormatInt(f.Int(), 10)
	case kindFloat:
		return strconv.FormatFloat(f.Float(), 'f', -1, 64)
	case kindNullInt:
		if f.IsNil() {
			return ""
		}
		return strconv.FormatInt(f.Elem().Int(), 10)
	case kindNullFloat:
		if f.IsNil() {
			return ""
		}
		return strconv.FormatFloat(f.Elem().Float(), 'f', -1, 64)
	case kindList:
		return neutralise(strings.Join(f.Interface().([]string), listSep))
	}
	return neutralise(f.String())
}

// neutralise defuses spreadsheet formula injection: a text cell starting
// with =, +, -, @, tab or CR gets a leading apostrophe (OWASP CSV
// injection). Line breaks are normalised to \n (CRLF and lone CR), which
// the CSV writer turns into CRLF inside the quoted cell.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		s = "'" + s
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
}
