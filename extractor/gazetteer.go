package extractor

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/claimwatch/claimwatch/pipeline"
)

// GroupEntry is one group of the gazetteer (docs/gazetteer-schema.md).
type GroupEntry struct {
	ID         string   `yaml:"id" json:"id"`
	Name       string   `yaml:"name" json:"name"`
	Kind       string   `yaml:"kind" json:"kind"`
	Aliases    []string `yaml:"aliases" json:"aliases"`
	Ambiguous  []string `yaml:"ambiguous" json:"ambiguous"`
	Parents    []string `yaml:"parents" json:"parents"`
	Affiliates []string `yaml:"affiliates" json:"affiliates"`
	Countries  []string `yaml:"countries" json:"countries"`
	Active     []int    `yaml:"active" json:"active"`
	GTDNames   []string `yaml:"gtd_names" json:"gtd_names"`
}

// Gazetteer is a validated, immutable set of groups.
type Gazetteer struct {
	entries []GroupEntry
	byID    map[string]int
}

type gazetteerFile struct {
	Groups []GroupEntry `yaml:"groups"`
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// knownKinds are the kinds a gazetteer entry may have: militant and state
// (docs/gazetteer-schema.md) and the non-armed kinds the data also lists so
// that they are recognised and never taken for militants (organization:
// UN agencies, NGOs, research bodies; political: parties).
var knownKinds = map[string]bool{pipeline.KindMilitant: true, pipeline.KindState: true, "organization": true, "political": true, "criminal": true}

// LoadGazetteer reads groups.yaml and groups.d/*.yaml (sorted by name) from
// fsys, merges and validates them: ids unique and well formed, kinds known,
// parents and affiliates existing, no alias naming two groups. Every problem
// found is listed in the returned error, which wraps ErrGazetteer.
func LoadGazetteer(fsys fs.FS) (*Gazetteer, error) {
	var files []string
	if _, err := fs.Stat(fsys, "groups.yaml"); err == nil {
		files = append(files, "groups.yaml")
	}
	more, err := fs.Glob(fsys, "groups.d/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrGazetteer, err)
	}
	sort.Strings(more)
	files = append(files, more...)
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no groups.yaml or groups.d/*.yaml", ErrGazetteer)
	}
	var all []GroupEntry
	var problems []string
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrGazetteer, name, err)
		}
		var f gazetteerFile
		if err := yaml.Unmarshal(b, &f); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		for i := range f.Groups {
			f.Groups[i] = tidyEntry(f.Groups[i])
			if f.Groups[i].ID == "" {
				problems = append(problems, fmt.Sprintf("%s: entry %d has no id", name, i+1))
			}
		}
		all = append(all, f.Groups...)
	}
	g, errs := newGazetteer(all)
	problems = append(problems, errs...)
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w:\n  %s", ErrGazetteer, strings.Join(problems, "\n  "))
	}
	return g, nil
}

// NewGazetteerFromEntries validates entries and builds a gazetteer from them
// (for tests and for callers that assemble groups in code).
func NewGazetteerFromEntries(entries []GroupEntry) (*Gazetteer, error) {
	cp := make([]GroupEntry, len(entries))
	for i, e := range entries {
		cp[i] = tidyEntry(e)
	}
	g, problems := newGazetteer(cp)
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w:\n  %s", ErrGazetteer, strings.Join(problems, "\n  "))
	}
	return g, nil
}

func tidyEntry(e GroupEntry) GroupEntry {
	e.ID = strings.TrimSpace(e.ID)
	e.Name = strings.TrimSpace(e.Name)
	e.Kind = strings.TrimSpace(e.Kind)
	if e.Kind == "" {
		e.Kind = pipeline.KindMilitant
	}
	clean := func(in []string) []string {
		out := make([]string, 0, len(in))
		for _, s := range in {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	e.Aliases, e.Ambiguous, e.Parents = clean(e.Aliases), clean(e.Ambiguous), clean(e.Parents)
	e.Affiliates, e.Countries, e.GTDNames = clean(e.Affiliates), clean(e.Countries), clean(e.GTDNames)
	if e.Active == nil {
		e.Active = []int{}
	}
	return e
}

func newGazetteer(all []GroupEntry) (*Gazetteer, []string) {
	var problems []string
	g := &Gazetteer{byID: make(map[string]int, len(all))}
	sort.SliceStable(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	for _, e := range all {
		if e.ID == "" {
			continue
		}
		if !idPattern.MatchString(e.ID) {
			problems = append(problems, fmt.Sprintf("group %q: id must match [a-z0-9-]+", e.ID))
		}
		if _, dup := g.byID[e.ID]; dup {
			problems = append(problems, fmt.Sprintf("group %q: duplicate id", e.ID))
			continue
		}
		if e.Name == "" {
			problems = append(problems, fmt.Sprintf("group %q: no name", e.ID))
		}
		if !knownKinds[e.Kind] {
			problems = append(problems, fmt.Sprintf("group %q: unknown kind %q", e.ID, e.Kind))
		}
		g.byID[e.ID] = len(g.entries)
		g.entries = append(g.entries, e)
	}
	// references and ambiguous aliases
	for _, e := range g.entries {
		for _, p := range e.Parents {
			if _, ok := g.byID[p]; !ok {
				problems = append(problems, fmt.Sprintf("group %q: unknown parent %q", e.ID, p))
			}
		}
		for _, p := range e.Affiliates {
			if _, ok := g.byID[p]; !ok {
				problems = append(problems, fmt.Sprintf("group %q: unknown affiliate %q", e.ID, p))
			}
		}
		names := map[string]bool{foldKey(e.Name): true}
		for _, a := range e.Aliases {
			names[foldKey(a)] = true
		}
		for _, a := range e.Ambiguous {
			if !names[foldKey(a)] {
				problems = append(problems, fmt.Sprintf("group %q: ambiguous alias %q is not among its name and aliases", e.ID, a))
			}
		}
	}
	// alias collisions: one surface form (as the matcher sees it) naming two
	// groups, unless every group lists it as ambiguous: a shared name that
	// the article's places and year decide (disambiguate.go)
	owners := map[string][]string{}
	sharedOK := map[string]bool{}
	for _, e := range g.entries {
		seen := map[string]bool{}
		amb := map[string]bool{}
		for _, a := range e.Ambiguous {
			amb[matchKey(a)] = true
		}
		for _, s := range surfaceForms(e) {
			k := matchKey(s)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			if _, ok := sharedOK[k]; !ok {
				sharedOK[k] = true
			}
			sharedOK[k] = sharedOK[k] && amb[k]
			owners[k] = append(owners[k], e.ID)
		}
	}
	var coll []string
	for k, ids := range owners {
		if len(ids) > 1 && !sharedOK[k] {
			coll = append(coll, fmt.Sprintf("alias collision: %q names %s", k, strings.Join(ids, ", ")))
		}
	}
	sort.Strings(coll)
	problems = append(problems, coll...)
	return g, problems
}

// surfaceForms are the name and aliases of an entry: what the matcher looks for.
func surfaceForms(e GroupEntry) []string {
	out := make([]string, 0, 1+len(e.Aliases))
	out = append(out, e.Name)
	out = append(out, e.Aliases...)
	return out
}

// matchKey is the key under which the matcher stores a surface form:
// case-sensitive for acronyms and short mixed-case aliases, folded otherwise.
func matchKey(s string) string {
	n := normalizeString(s)
	if caseSensitiveAlias(s) {
		return "cs:" + strings.TrimSpace(s)
	}
	return n
}

// foldKey folds a name the way score.py does: lower case letters and digits only.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Entries returns all groups sorted by id.
func (g *Gazetteer) Entries() []GroupEntry {
	out := make([]GroupEntry, len(g.entries))
	copy(out, g.entries)
	return out
}

// Get returns the group with the given id.
func (g *Gazetteer) Get(id string) (GroupEntry, bool) {
	i, ok := g.byID[id]
	if !ok {
		return GroupEntry{}, false
	}
	return g.entries[i], true
}

// Len is the number of groups.
func (g *Gazetteer) Len() int { return len(g.entries) }

// IsAmbiguous reports whether alias is listed as ambiguous for the group.
func (e GroupEntry) IsAmbiguous(alias string) bool {
	for _, a := range e.Ambiguous {
		if a == alias || foldKey(a) == foldKey(alias) && !caseSensitiveAlias(a) {
			return true
		}
	}
	return false
}
