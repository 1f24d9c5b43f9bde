package evalscore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// loadJSONL reads JSON Lines like score.py: universal newlines, blank lines
// skipped, every other line one JSON object.
func loadJSONL(r io.Reader, what string) ([]map[string]any, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, what, err)
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	var out []map[string]any
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimFunc(line, pySpace)
		if line == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%w: %s:%d: not JSON: %v", ErrInput, what, n+1, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("%w: %s:%d: not JSON: extra data", ErrInput, what, n+1)
		}
		o, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: %s:%d: not a JSON object", ErrInput, what, n+1)
		}
		out = append(out, o)
	}
	return out, nil
}

// getDefault is Python's d.get(k, def).
func getDefault(o map[string]any, k string, def any) any {
	if v, ok := o[k]; ok {
		return v
	}
	return def
}

// str requires o[k] to be a string (score.py would crash otherwise).
func str(o map[string]any, k, where string) (string, error) {
	v, ok := o[k]
	if !ok {
		return "", fmt.Errorf("%w: %s: no %q", ErrInput, where, k)
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%w: %s: %q is not a string", ErrInput, where, k)
	}
	return s, nil
}

// list requires o.get(k, []) to be a list of objects.
func list(o map[string]any, k, where string) ([]map[string]any, error) {
	v, ok := o[k]
	if !ok {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%w: %s: %q is not a list", ErrInput, where, k)
	}
	out := make([]map[string]any, len(l))
	for i, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: %s: %s[%d] is not an object", ErrInput, where, k, i)
		}
		out[i] = m
	}
	return out, nil
}

// evidenceText is (o.get("evidence") or {}).get("text", ""); a null or
// non-string text counts as "" (score.py would crash on it).
func evidenceText(o map[string]any) string {
	ev, _ := o["evidence"].(map[string]any)
	s, _ := ev["text"].(string)
	return s
}
