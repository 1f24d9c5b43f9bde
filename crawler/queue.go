package crawler

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Frontier holds the URLs every running pass has discovered but not yet
// fetched, compactly: a URL is stored as an interned scheme://host index
// plus its path and query bytes in a per-source arena, with a 24-byte
// heap entry and an 8-byte seen hash. A million URLs over ten thousand
// sources take a few hundred MB (BenchmarkFrontier), where one
// goroutine per queued request (colly's Async mode) would take gigabytes.
//
// A Frontier is shared by all passes of a Crawler; each pass takes a
// Queue for its source and closes it when done. All methods are safe for
// concurrent use.
type Frontier struct {
	mu     sync.RWMutex
	ids    map[string]uint32 // "https://host:port" -> index
	hosts  []string
	queued atomic.Int64
	seed   maphash.Seed
}

// NewFrontier returns an empty Frontier.
func NewFrontier() *Frontier {
	return &Frontier{ids: map[string]uint32{}, seed: maphash.MakeSeed()}
}

// Len is the number of URLs queued in all open queues.
func (f *Frontier) Len() int { return int(f.queued.Load()) }

// Hosts is the number of distinct scheme://host origins interned.
func (f *Frontier) Hosts() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.hosts)
}

func (f *Frontier) intern(origin string) uint32 {
	f.mu.RLock()
	id, ok := f.ids[origin]
	f.mu.RUnlock()
	if ok {
		return id
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if id, ok := f.ids[origin]; ok {
		return id
	}
	origin = strings.Clone(origin) // do not pin the page the URL came from
	id = uint32(len(f.hosts))
	f.hosts = append(f.hosts, origin)
	f.ids[origin] = id
	return id
}

func (f *Frontier) origin(id uint32) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.hosts[id]
}

// splitOrigin splits an absolute URL into "scheme://host[:port]" and the
// rest (path, query, fragment).
func splitOrigin(u string) (origin, rest string, ok bool) {
	i := strings.Index(u, "://")
	if i <= 0 {
		return "", "", false
	}
	j := strings.IndexAny(u[i+3:], "/?#")
	if j < 0 {
		return u, "", true
	}
	return u[:i+3+j], u[i+3+j:], true
}

// Priority ranks of queued URLs: lower is fetched first.
const (
	RankStart   = 0 // start URLs (feeds, sitemaps, sections, home) and sitemaps of an index
	RankFresh   = 1 // dated within the fresh window: newest first
	RankArticle = 2 // undated links shaped like article addresses (looksLikeArticleURL)
	RankOther   = 3 // everything else, in discovery order
)

// QueueItem is one URL handed out by Queue.Pop.
type QueueItem struct {
	URL   string
	Depth int
}

// qEntry is one queued URL. date is Unix seconds, used within RankFresh.
type qEntry struct {
	off   uint32 // rest of the URL: arena[off : off+n]
	n     uint32
	host  uint32
	seq   uint32
	date  uint32
	rank  uint8
	depth uint8
}

func (a qEntry) before(b qEntry) bool {
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	if a.rank == RankFresh && a.date != b.date {
		return a.date > b.date
	}
	return a.seq < b.seq
}

// Queue is one source's share of the Frontier for one pass: a priority
// queue with a seen set, so a URL is queued at most once per pass.
type Queue struct {
	f        *Frontier
	mu       sync.Mutex
	heap     []qEntry
	arena    []byte
	dead     int // arena bytes of popped entries
	seq      uint32
	seen     map[uint64]struct{}
	maxDepth int
	closed   bool
}

// NewQueue returns an empty queue for one pass. URLs deeper than maxDepth
// (start URLs are depth 1) are refused; 0 means no limit.
func (f *Frontier) NewQueue(maxDepth int) *Queue {
	return &Queue{f: f, seen: map[uint64]struct{}{}, maxDepth: maxDepth}
}

// Push queues an absolute URL with its depth, rank and date (zero when
// unknown). It reports false when the URL was already queued in this pass,
// is too deep or too long, or the queue is closed.
func (q *Queue) Push(u string, depth, rank int, date time.Time) bool {
	if q.maxDepth > 0 && depth > q.maxDepth || depth > 255 || len(u) > 1<<20 {
		return false
	}
	origin, rest, ok := splitOrigin(u)
	if !ok {
		return false
	}
	h := maphash.String(q.f.seed, u)
	host := q.f.intern(origin)
	var d uint32
	if !date.IsZero() {
		d = uint32(min(max(date.Unix(), 0), 1<<32-1))
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	if _, dup := q.seen[h]; dup {
		return false
	}
	q.seen[h] = struct{}{}
	e := qEntry{off: uint32(len(q.arena)), n: uint32(len(rest)), host: host, seq: q.seq, date: d, rank: uint8(rank), depth: uint8(depth)}
	q.seq++
	q.arena = append(q.arena, rest...)
	q.heap = append(q.heap, e)
	q.up(len(q.heap) - 1)
	q.f.queued.Add(1)
	return true
}

// Pop returns the next URL to fetch; false when the queue is empty.
func (q *Queue) Pop() (QueueItem, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.heap) == 0 {
		return QueueItem{}, false
	}
	e := q.heap[0]
	last := len(q.heap) - 1
	q.heap[0] = q.heap[last]
	q.heap = q.heap[:last]
	if last > 0 {
		q.down(0)
	}
	u := q.f.origin(e.host) + string(q.arena[e.off:e.off+e.n])
	q.dead += int(e.n)
	q.compact()
	q.f.queued.Add(-1)
	return QueueItem{URL: u, Depth: int(e.depth)}, true
}

// Len is the number of queued URLs.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.heap)
}

// Close drops what is still queued and releases the memory.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.f.queued.Add(-int64(len(q.heap)))
	q.heap, q.arena, q.seen, q.closed = nil, nil, nil, true
}

// compact reclaims the arena: reset when the queue is empty, rewritten when
// more than half of it belongs to popped entries.
func (q *Queue) compact() {
	switch {
	case len(q.heap) == 0:
		q.arena, q.dead = q.arena[:0], 0
	case q.dead > 64<<10 && q.dead*2 > len(q.arena):
		arena := make([]byte, 0, len(q.arena)-q.dead)
		for i := range q.heap {
			e := &q.heap[i]
			off := uint32(len(arena))
			arena = append(arena, q.arena[e.off:e.off+e.n]...)
			e.off = off
		}
		q.arena, q.dead = arena, 0
	}
}

func (q *Queue) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.heap[i].before(q.heap[p]) {
			return
		}
		q.heap[i], q.heap[p] = q.heap[p], q.heap[i]
		i = p
	}
}

func (q *Queue) down(i int) {
	n := len(q.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && q.heap[r].before(q.heap[l]) {
			m = r
		}
		if !q.heap[m].before(q.heap[i]) {
			return
		}
		q.heap[i], q.heap[m] = q.heap[m], q.heap[i]
		i = m
	}
}
