package incidents

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

// Store holds incidents: the clustering state. The incident indexes
// (indexer.BleveIncidents, the Elasticsearch incidents index) implement
// it; MemStore is an in-memory one for tests and one-off runs.
type Store interface {
	// Candidates returns incidents matching q (see CandidateQuery), at
	// most q.Limit (0: no limit), in id order.
	Candidates(ctx context.Context, q CandidateQuery) ([]Incident, error)
	// ByRecord returns the incidents with a source of the record.
	ByRecord(ctx context.Context, recordID string) ([]Incident, error)
	// Put stores incidents by id, overwriting; an incident without
	// sources is deleted. It returns once a later Candidates or ByRecord
	// sees them.
	Put(ctx context.Context, incs []Incident) error
	// Get returns the incident stored under id.
	Get(ctx context.Context, id string) (Incident, bool, error)
}

// Searcher reads incidents for people: the incidents command and exports.
type Searcher interface {
	Get(ctx context.Context, id string) (Incident, bool, error)
	Search(ctx context.Context, q Query) (Result, error)
}

// MatchesCandidate reports whether inc answers q (the semantics every
// Store implements).
func MatchesCandidate(inc *Incident, q CandidateQuery) bool {
	if q.Country != "" && inc.Country != "" && inc.Country != q.Country {
		return false
	}
	from, ok1 := parseDate(inc.DateFrom)
	to, ok2 := parseDate(inc.DateTo)
	if !ok1 || !ok2 {
		return true
	}
	if !q.Since.IsZero() && to.Before(midnight(q.Since)) {
		return false
	}
	if !q.Until.IsZero() && from.After(q.Until) {
		return false
	}
	return true
}

// Matches reports whether inc answers the search query q, Text aside
// (backends match text with their analysers).
func Matches(inc *Incident, q Query) bool {
	if len(q.Groups) > 0 && !anyIn(inc.Groups, q.Groups) {
		return false
	}
	if len(q.Statuses) > 0 {
		var st []string
		for _, s := range inc.Status {
			st = append(st, s.Status)
		}
		if !anyIn(st, q.Statuses) {
			return false
		}
	}
	if len(q.Types) > 0 && !anyIn([]string{inc.Type}, q.Types) {
		return false
	}
	if len(q.Countries) > 0 && !anyIn([]string{inc.Country}, q.Countries) {
		return false
	}
	return MatchesCandidate(inc, CandidateQuery{Since: q.Since, Until: q.Until})
}

func anyIn(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if strings.EqualFold(h, w) {
				return true
			}
		}
	}
	return false
}

// SortResult orders incidents most recent first: DateTo descending, then id.
func SortResult(incs []Incident) {
	sort.SliceStable(incs, func(i, j int) bool {
		if incs[i].DateTo != incs[j].DateTo {
			return incs[i].DateTo > incs[j].DateTo
		}
		return incs[i].ID < incs[j].ID
	})
}

// MemStore is an in-memory Store and Searcher, for tests and one-off
// runs. Incidents are copied in and out (through JSON, as a real store
// would), so callers cannot alias them.
type MemStore struct {
	mu   sync.Mutex
	incs map[string]memEntry
}

type memEntry struct {
	inc Incident // decoded, for filtering; never handed out
	raw []byte
}

var (
	_ Store    = (*MemStore)(nil)
	_ Searcher = (*MemStore)(nil)
)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{incs: map[string]memEntry{}} }

// each calls f with every incident in id order until f returns false; f
// must not keep or change its argument.
func (m *MemStore) each(f func(e *memEntry) bool) {
	ids := make([]string, 0, len(m.incs))
	for id := range m.incs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := m.incs[id]
		if !f(&e) {
			return
		}
	}
}

func (e *memEntry) copy() Incident {
	var inc Incident
	_ = json.Unmarshal(e.raw, &inc)
	return inc
}

func (m *MemStore) all() []Incident {
	var out []Incident
	m.each(func(e *memEntry) bool {
		out = append(out, e.copy())
		return true
	})
	return out
}

// All returns every incident in id order.
func (m *MemStore) All() []Incident {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.all()
}

// Candidates implements Store.
func (m *MemStore) Candidates(ctx context.Context, q CandidateQuery) ([]Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Incident
	m.each(func(e *memEntry) bool {
		if MatchesCandidate(&e.inc, q) {
			out = append(out, e.copy())
		}
		return q.Limit <= 0 || len(out) < q.Limit
	})
	return out, ctx.Err()
}

// ByRecord implements Store.
func (m *MemStore) ByRecord(ctx context.Context, recordID string) ([]Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Incident
	m.each(func(e *memEntry) bool {
		for _, s := range e.inc.Sources {
			if s.RecordID == recordID {
				out = append(out, e.copy())
				break
			}
		}
		return true
	})
	return out, ctx.Err()
}

// Put implements Store.
func (m *MemStore) Put(ctx context.Context, incs []Incident) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, inc := range incs {
		if len(inc.Sources) == 0 {
			delete(m.incs, inc.ID)
			continue
		}
		b, err := json.Marshal(inc)
		if err != nil {
			return err
		}
		var c Incident
		if err := json.Unmarshal(b, &c); err != nil {
			return err
		}
		m.incs[inc.ID] = memEntry{inc: c, raw: b}
	}
	return nil
}

// Get implements Searcher.
func (m *MemStore) Get(ctx context.Context, id string) (Incident, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.incs[id]
	if !ok {
		return Incident{}, false, ctx.Err()
	}
	return e.copy(), true, ctx.Err()
}

// Search implements Searcher (Text matches title words, case-insensitive).
func (m *MemStore) Search(ctx context.Context, q Query) (Result, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var hits []Incident
	m.each(func(e *memEntry) bool {
		if Matches(&e.inc, q) && textIn(&e.inc, q.Text) {
			hits = append(hits, e.copy())
		}
		return true
	})
	SortResult(hits)
	return Page(hits, q), ctx.Err()
}

func textIn(inc *Incident, text string) bool {
	var b strings.Builder
	for _, s := range inc.Sources {
		b.WriteString(strings.ToLower(s.Title))
		b.WriteByte(' ')
	}
	all := b.String()
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if !strings.Contains(all, strings.Trim(w, `"`)) {
			return false
		}
	}
	return true
}

// Page cuts one page of q out of sorted hits.
func Page(hits []Incident, q Query) Result {
	size := q.Size
	if size <= 0 {
		size = 10
	}
	size = min(size, 1000)
	from := min(max(q.From, 0), len(hits))
	to := min(from+size, len(hits))
	return Result{Total: len(hits), Incidents: append([]Incident{}, hits[from:to]...)}
}
