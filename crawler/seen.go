package crawler

import (
	"context"
	"sync"
	"time"
)

// SeenEntry is what the crawler remembers about an article between passes.
type SeenEntry struct {
	URL          string    `json:"url,omitempty"`
	ContentHash  string    `json:"content_hash"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	SimHash      uint64    `json:"simhash,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
}

// SeenStore remembers articles across passes and processes so a re-crawl
// sends conditional GETs (If-None-Match / If-Modified-Since) and does not
// republish unchanged articles. Keys are article ids (pipeline.ArticleID).
type SeenStore interface {
	Get(ctx context.Context, id string) (SeenEntry, bool, error)
	Put(ctx context.Context, id string, e SeenEntry) error
}

// NearDupIndex links near-duplicate bodies (the same wire story on several
// sites) to the first copy seen.
type NearDupIndex interface {
	// FirstCopy looks for an earlier article (another id) whose SimHash is
	// within maxDist of h and returns its id; when there is none it records
	// h for id and returns "".
	FirstCopy(ctx context.Context, id string, h uint64, maxDist int) (string, error)
}

// MemorySeen is an in-memory SeenStore and NearDupIndex (tests, one-off
// runs). It forgets everything when the process exits.
type MemorySeen struct {
	mu    sync.Mutex
	items map[string]SeenEntry
	bands [simBandCount][256][]simRef
}

type simRef struct {
	id string
	h  uint64
}

// NewMemorySeen returns an empty MemorySeen.
func NewMemorySeen() *MemorySeen {
	return &MemorySeen{items: map[string]SeenEntry{}}
}

// Get implements SeenStore.
func (m *MemorySeen) Get(_ context.Context, id string) (SeenEntry, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.items[id]
	return e, ok, nil
}

// Put implements SeenStore.
func (m *MemorySeen) Put(_ context.Context, id string, e SeenEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[id] = e
	return nil
}

// FirstCopy implements NearDupIndex.
func (m *MemorySeen) FirstCopy(_ context.Context, id string, h uint64, maxDist int) (string, error) {
	maxDist = min(maxDist, MaxNearDupDistance)
	m.mu.Lock()
	defer m.mu.Unlock()
	if first := m.nearest(id, h, maxDist); first != "" {
		return first, nil
	}
	for i, b := range simBands(h) {
		m.bands[i][b] = addRef(m.bands[i][b], simRef{id: id, h: h})
	}
	return "", nil
}

// nearest returns an indexed article other than id within maxDist bits of
// h, or "". The caller holds m.mu.
func (m *MemorySeen) nearest(id string, h uint64, maxDist int) string {
	for i, b := range simBands(h) {
		for _, r := range m.bands[i][b] {
			if r.id != id && Hamming(r.h, h) <= maxDist {
				return r.id
			}
		}
	}
	return ""
}

// addRef appends r unless its id is there, keeping the newest maxBandRefs.
func addRef(rs []simRef, r simRef) []simRef {
	for _, x := range rs {
		if x.id == r.id && x.h == r.h {
			return rs
		}
	}
	rs = append(rs, r)
	if len(rs) > maxBandRefs {
		rs = append(rs[:0:0], rs[len(rs)-maxBandRefs:]...)
	}
	return rs
}
