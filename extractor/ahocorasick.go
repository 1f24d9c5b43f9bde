package extractor

// acAutomaton is a compact Aho-Corasick automaton over bytes. Transitions of
// the root are dense; the others live in one map keyed by state and byte.
type acAutomaton struct {
	root [256]int32
	next map[uint64]int32 // goto edges while building; nil afterwards
	fail []int32
	// class maps a byte to its column in delta: 0 for bytes that occur in
	// no pattern, else 1..nclass-1. delta is the complete transition
	// function (goto plus failure links folded in), one row of nclass
	// columns per state, so matching is one table load per byte.
	class  [256]uint16
	nclass int
	delta  []int32
	out    [][]int32 // pattern ids ending at a state (own outputs only)
	dict   []int32   // nearest state on the fail chain with outputs, -1 if none
	depth  []int32
	npat   int
}

// acMatch is one occurrence of pattern Pattern at folded bytes [Start,End).
type acMatch struct {
	Start, End int
	Pattern    int
}

func newAutomaton(patterns []string) *acAutomaton {
	a := &acAutomaton{next: make(map[uint64]int32), npat: len(patterns)}
	for i := range a.root {
		a.root[i] = -1
	}
	a.fail = []int32{0}
	a.out = [][]int32{nil}
	a.depth = []int32{0}
	newState := func(d int32) int32 {
		a.fail = append(a.fail, 0)
		a.out = append(a.out, nil)
		a.depth = append(a.depth, d)
		return int32(len(a.fail) - 1)
	}
	for id, p := range patterns {
		if p == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := p[i]
			t := a.edge(s, c)
			if t < 0 {
				t = newState(int32(i + 1))
				if s == 0 {
					a.root[c] = t
				} else {
					a.next[uint64(s)<<8|uint64(c)] = t
				}
			}
			s = t
		}
		a.out[s] = append(a.out[s], int32(id))
	}
	// BFS for failure links
	a.dict = make([]int32, len(a.fail))
	for i := range a.dict {
		a.dict[i] = -1
	}
	children := make([][]struct {
		c byte
		t int32
	}, len(a.fail))
	for c, t := range a.root {
		if t > 0 {
			children[0] = append(children[0], struct {
				c byte
				t int32
			}{byte(c), t})
		}
	}
	for k, t := range a.next {
		s := int32(k >> 8)
		children[s] = append(children[s], struct {
			c byte
			t int32
		}{byte(k), t})
	}
	for c := range a.root {
		if a.root[c] < 0 {
			a.root[c] = 0
		}
	}
	queue := []int32{}
	for _, ch := range children[0] {
		a.fail[ch.t] = 0
		queue = append(queue, ch.t)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, ch := range children[s] {
			f := a.fail[s]
			for {
				if t := a.edge(f, ch.c); t >= 0 {
					a.fail[ch.t] = t
					break
				}
				f = a.fail[f]
			}
			ft := a.fail[ch.t]
			if len(a.out[ft]) > 0 {
				a.dict[ch.t] = ft
			} else {
				a.dict[ch.t] = a.dict[ft]
			}
			queue = append(queue, ch.t)
		}
	}
	a.buildDelta(patterns, children)
	return a
}

// buildDelta compiles the goto and failure functions into the dense table
// delta over byte classes. States are filled in breadth-first order so a
// state's failure row is complete before the state's own.
func (a *acAutomaton) buildDelta(patterns []string, children [][]struct {
	c byte
	t int32
}) {
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			if a.class[p[i]] == 0 {
				a.nclass++
				a.class[p[i]] = uint16(a.nclass)
			}
		}
	}
	a.nclass++ // column 0
	nc := a.nclass
	a.delta = make([]int32, len(a.fail)*nc)
	for c := 0; c < 256; c++ {
		if k := int(a.class[c]); k > 0 {
			a.delta[k] = a.root[c]
		}
	}
	queue := []int32{}
	for _, ch := range children[0] {
		queue = append(queue, ch.t)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		row := a.delta[int(s)*nc : int(s+1)*nc]
		copy(row, a.delta[int(a.fail[s])*nc:int(a.fail[s]+1)*nc])
		for _, ch := range children[s] {
			row[a.class[ch.c]] = ch.t
			queue = append(queue, ch.t)
		}
	}
	a.next = nil
}

// edge is the goto function: -1 when there is no edge (the root never fails).
func (a *acAutomaton) edge(s int32, c byte) int32 {
	if s == 0 {
		return a.root[c]
	}
	if t, ok := a.next[uint64(s)<<8|uint64(c)]; ok {
		return t
	}
	return -1
}

// findAll reports every occurrence of every pattern in text.
func (a *acAutomaton) findAll(text string, emit func(acMatch)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = a.delta[int(s)*a.nclass+int(a.class[text[i]])]
		for o := s; o > 0; o = a.dict[o] {
			for _, id := range a.out[o] {
				emit(acMatch{Start: i + 1 - int(a.depth[o]), End: i + 1, Pattern: int(id)})
			}
			if a.dict[o] < 0 {
				break
			}
		}
	}
}
