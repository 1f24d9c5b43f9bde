package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/gazetteer.tsv.gz
var embedded []byte

// loadOnce parses the embedded data at most once per process: the result is
// immutable and shared by every caller of Load.
var loadOnce = sync.OnceValues(func() (*Gazetteer, error) {
	return parse(embedded)
})

// Load returns the gazetteer built from the embedded data. The data is parsed
// once per process; later calls return the same *Gazetteer.
func Load() (*Gazetteer, error) {
	return loadOnce()
}

// parse builds a Gazetteer from gzipped TSV (format: see gen/gen.py).
func parse(gz []byte) (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadData, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadData, err)
	}
	return parseTSV(string(raw))
}

// parseTSV builds a Gazetteer from the uncompressed TSV text.
func parseTSV(data string) (*Gazetteer, error) {
	g := &Gazetteer{
		index:     make(map[string]span, 1<<17),
		countries: make(map[string]int32, 256),
	}
	b := builder{tz: &tokenizer{}}
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || text[0] == '#' {
			continue
		}
		if err := g.addLine(&b, text); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrBadData, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadData, err)
	}
	if len(g.places) == 0 || len(g.countries) == 0 {
		return nil, fmt.Errorf("%w: no places", ErrBadData)
	}
	g.finish(&b)
	return g, nil
}

// addLine parses one place and indexes its names.
func (g *Gazetteer) addLine(b *builder, text string) error {
	f := strings.Split(text, "\t")
	if len(f) != 7 {
		return fmt.Errorf("want 7 fields, got %d", len(f))
	}
	var p Place
	switch f[0] {
	case "C":
		p.Kind = KindCountry
	case "A":
		p.Kind = KindAdmin1
	case "P":
		p.Kind = KindCity
	default:
		return fmt.Errorf("unknown kind %q", f[0])
	}
	if len(f[1]) != 2 {
		return fmt.Errorf("bad country code %q", f[1])
	}
	p.Country = f[1]
	var err error
	if p.Lat, err = strconv.ParseFloat(f[2], 64); err != nil || p.Lat < -90 || p.Lat > 90 {
		return fmt.Errorf("bad latitude %q", f[2])
	}
	if p.Lon, err = strconv.ParseFloat(f[3], 64); err != nil || p.Lon < -180 || p.Lon > 180 {
		return fmt.Errorf("bad longitude %q", f[3])
	}
	if p.Population, err = strconv.Atoi(f[4]); err != nil || p.Population < 0 {
		return fmt.Errorf("bad population %q", f[4])
	}
	name, _, _ := nameFlags(f[5])
	if name == "" {
		return fmt.Errorf("empty name")
	}
	p.Name = name
	idx := int32(len(g.places))
	g.places = append(g.places, p)
	if p.Kind == KindCountry {
		g.countries[p.Country] = idx
	}
	g.addName(b, f[5], ref{place: idx})
	if f[6] != "" {
		for a := range strings.SplitSeq(f[6], "|") {
			g.addName(b, a, ref{place: idx, alt: true})
		}
	}
	return nil
}

// nameFlags strips the data flags of a name: "~" not findable in text, "="
// findable only in capitals.
func nameFlags(s string) (name string, find, exact bool) {
	switch {
	case strings.HasPrefix(s, "~"):
		return s[1:], false, false
	case strings.HasPrefix(s, "="):
		return s[1:], true, true
	}
	return s, true, false
}

// builder collects the names of all places before they are grouped by key.
type builder struct {
	tz     *tokenizer
	key    []byte
	groups []int32 // group of each entry of refs
	refs   []ref   // in data order
	counts []int32 // refs per group
}

func (g *Gazetteer) addName(b *builder, raw string, r ref) {
	name, find, exact := nameFlags(raw)
	b.tz.run(name)
	if len(b.tz.toks) == 0 {
		return
	}
	b.key = b.key[:0]
	for i, t := range b.tz.toks {
		if i > 0 {
			b.key = append(b.key, ' ')
		}
		b.key = append(b.key, b.tz.buf[t.fs:t.fe]...)
	}
	r.find = find && len(b.tz.toks) <= MaxNameTokens
	r.exact = exact
	for i, t := range b.tz.toks {
		if !t.upper && i < 8 {
			r.lower |= 1 << i
		}
	}
	sp, ok := g.index[string(b.key)]
	if !ok {
		sp.off = int32(len(b.counts)) // group id until finish
		g.index[string(b.key)] = sp
		b.counts = append(b.counts, 0)
	}
	b.counts[sp.off]++
	b.groups = append(b.groups, sp.off)
	b.refs = append(b.refs, r)
}

// finish lays the refs out by key, ranks each key's places best first and
// keeps one name per place.
func (g *Gazetteer) finish(b *builder) {
	start := make([]int32, len(b.counts)+1)
	for i, c := range b.counts {
		start[i+1] = start[i] + c
	}
	g.refs = make([]ref, len(b.refs))
	fill := slices.Clone(start[:len(b.counts)])
	for i, r := range b.refs {
		gid := b.groups[i]
		g.refs[fill[gid]] = r
		fill[gid]++
	}
	cmp := func(a, b ref) int {
		switch {
		case g.better(a, b):
			return -1
		case g.better(b, a):
			return 1
		}
		return 0
	}
	for key, sp := range g.index {
		gid := sp.off
		refs := g.refs[start[gid]:start[gid+1]]
		if len(refs) > 1 {
			slices.SortStableFunc(refs, cmp)
			out := refs[:0]
			for _, r := range refs {
				if !slices.ContainsFunc(out, func(o ref) bool { return o.place == r.place }) {
					out = append(out, r)
				}
			}
			refs = out
			for _, r := range g.refs[start[gid]:start[gid+1]] {
				refs[0].lower |= r.lower // any spelling's lower-case words
			}
		}
		g.index[key] = span{off: start[gid], n: int32(len(refs))}
		if refs[0].find {
			if n := strings.Count(key, " ") + 1; n > g.maxTokens {
				g.maxTokens = n
			}
		}
	}
}
