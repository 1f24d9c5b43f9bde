package evalscore

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// gazetteer resolves gold names to group ids as score.py's Gazetteer does.
type gazetteer struct {
	idsFor map[string]map[string]bool
}

// loadGazetteer reads the JSON list of `claimwatch groups list --json`.
func loadGazetteer(r io.Reader) (*gazetteer, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var entries []map[string]any
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrGroups, err)
	}
	g := &gazetteer{idsFor: make(map[string]map[string]bool)}
	for n, e := range entries {
		raw, ok := e["id"]
		if !ok {
			return nil, fmt.Errorf("%w: entry %d: no id", ErrGroups, n+1)
		}
		id, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("%w: entry %d: id is not a string", ErrGroups, n+1)
		}
		names := []any{e["name"]}
		for _, k := range []string{"aliases", "gtd_names"} {
			switch l := e[k].(type) {
			case nil:
			case []any:
				names = append(names, l...)
			default:
				return nil, fmt.Errorf("%w: %s: %s is not a list", ErrGroups, id, k)
			}
		}
		for _, nm := range names {
			if !truthy(nm) {
				continue
			}
			s, ok := nm.(string)
			if !ok {
				return nil, fmt.Errorf("%w: %s: a name is not a string", ErrGroups, id)
			}
			k := foldName(s)
			if g.idsFor[k] == nil {
				g.idsFor[k] = make(map[string]bool)
			}
			g.idsFor[k][id] = true
		}
	}
	return g, nil
}

// resolve gives the ids a name folds to (shared; do not modify).
func (g *gazetteer) resolve(name string) map[string]bool { return g.idsFor[foldName(name)] }

// has is Python's `v in resolve(name)` for a JSON value v.
func (g *gazetteer) has(name string, v any) bool {
	s, ok := v.(string)
	return ok && g.idsFor[foldName(name)][s]
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
