package evalscore

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// WriteJSON writes the report as score.py --json does:
// json.dumps(results, indent=1, ensure_ascii=False) and a newline.
func (r Report) WriteJSON(w io.Writer) error {
	docs := make([]any, len(r.Docs))
	for n, d := range r.Docs {
		detail := make([]any, len(d.Incidents.Detail))
		for j, x := range d.Incidents.Detail {
			detail[j] = []kv{{"key", x.key}, {"found", x.Found}, {"type_ok", x.TypeOK}, {"place_ok", x.PlaceOK}, {"killed_ok", x.KilledOK}}
		}
		g, c, i := d.Groups, d.Claims, d.Incidents
		docs[n] = []kv{
			{"id", d.id},
			{"groups", []kv{{"recall", g.Recall}, {"precision", g.Precision}, {"missed", g.Missed}, {"false_positives", g.FalsePositives}}},
			{"claims", []kv{{"precision", c.Precision}, {"recall", c.Recall}, {"f1", c.F1}, {"tp", c.TP}, {"fp", c.FP}, {"fn", c.FN},
				{"polarity_errors", c.PolarityErrors}, {"missed", c.Missed}, {"false_positives", c.FalsePositives}}},
			{"incidents", []kv{{"found", i.Found}, {"type_ok", i.TypeOK}, {"place_ok", i.PlaceOK}, {"killed_ok", i.KilledOK}, {"detail", detail}}},
		}
	}
	bw := bufio.NewWriter(w)
	writePyJSON(bw, docs, 0)
	bw.WriteByte('\n')
	return bw.Flush()
}

// writePyJSON encodes v like Python's json.dumps(indent=1, ensure_ascii=False).
func writePyJSON(w *bufio.Writer, v any, level int) {
	ind := func(l int) { w.WriteByte('\n'); w.WriteString(strings.Repeat(" ", l)) }
	switch x := v.(type) {
	case nil:
		w.WriteString("null")
	case bool:
		w.WriteString(strconv.FormatBool(x))
	case int:
		w.WriteString(strconv.Itoa(x))
	case float64:
		w.WriteString(pyJSONFloat(x))
	case json.Number:
		if isFloatText(x) {
			f, _ := strconv.ParseFloat(string(x), 64)
			w.WriteString(pyJSONFloat(f))
		} else if i, ok := new(big.Int).SetString(string(x), 10); ok {
			w.WriteString(i.String())
		} else {
			w.WriteString(string(x))
		}
	case string:
		writePyJSONString(w, x)
	case []string:
		l := make([]any, len(x))
		for i, s := range x {
			l[i] = s
		}
		writePyJSON(w, l, level)
	case []any:
		if len(x) == 0 {
			w.WriteString("[]")
			return
		}
		w.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				w.WriteByte(',')
			}
			ind(level + 1)
			writePyJSON(w, e, level+1)
		}
		ind(level)
		w.WriteByte(']')
	case map[string]any:
		o := make([]kv, 0, len(x))
		for _, k := range sortedKeys(x) {
			o = append(o, kv{k, x[k]})
		}
		writePyJSON(w, o, level)
	case []kv:
		if len(x) == 0 {
			w.WriteString("{}")
			return
		}
		w.WriteByte('{')
		for i, e := range x {
			if i > 0 {
				w.WriteByte(',')
			}
			ind(level + 1)
			writePyJSONString(w, e.k)
			w.WriteString(": ")
			writePyJSON(w, e.v, level+1)
		}
		ind(level)
		w.WriteByte('}')
	default:
		fmt.Fprint(w, x)
	}
}

func pyJSONFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return pyFloat(f)
}

// writePyJSONString escapes like json.dumps with ensure_ascii=False.
func writePyJSONString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.WriteString(`\"`)
		case '\\':
			w.WriteString(`\\`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		case '\b':
			w.WriteString(`\b`)
		case '\f':
			w.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(w, `\u%04x`, r)
			} else {
				w.WriteRune(r)
			}
		}
	}
	w.WriteByte('"')
}
