package extractor

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fuzzyIndex finds misspelt long names ("Lashar-e-Taiba" for
// Lashkar-e-Taiba): windows of the folded text with as many words as a name,
// the same first two letters, a capital initial in the original text, the
// same digits, and an edit distance of 1 (names of 10-15 letters) or 2
// (longer names). A window close to two different groups is dropped.
type fuzzyIndex struct {
	buckets map[fuzzyKey][]fuzzyPat
	counts  map[[2]byte][]int // word counts present per prefix
}

type fuzzyKey struct {
	words  int
	prefix [2]byte
}

type fuzzyPat struct {
	hist   [27]int16
	text   string
	digits string
	group  int
	alias  string
	maxd   int
}

func newFuzzyIndex(patterns []string, refs [][]aliasRef, minLen int) *fuzzyIndex {
	if minLen < 6 {
		minLen = 6
	}
	fi := &fuzzyIndex{buckets: map[fuzzyKey][]fuzzyPat{}, counts: map[[2]byte][]int{}}
	for pi, p := range patterns {
		if len(p) < minLen || len(refs[pi]) == 0 {
			continue
		}
		ref := refs[pi][0]
		if ref.caseSensitive || ref.ambiguous {
			continue
		}
		maxd := 1
		if len(p) > 15 {
			maxd = 2
		}
		words := strings.Count(p, " ") + 1
		k := fuzzyKey{words: words, prefix: [2]byte{p[0], p[1]}}
		fi.buckets[k] = append(fi.buckets[k], fuzzyPat{text: p, hist: letterHist(p), digits: digitsOf(p), group: ref.group, alias: ref.alias, maxd: maxd})
		have := false
		for _, c := range fi.counts[k.prefix] {
			have = have || c == words
		}
		if !have {
			fi.counts[k.prefix] = append(fi.counts[k.prefix], words)
		}
	}
	// by length, so that find scans only the names within two bytes of a
	// window's length
	for _, b := range fi.buckets {
		slices.SortStableFunc(b, func(x, y fuzzyPat) int { return len(x.text) - len(y.text) })
	}
	return fi
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// find returns fuzzy mentions that do not overlap the exact ones.
func (fi *fuzzyIndex) find(text string, nt normText, exact []mention) []mention {
	ns := nt.s
	// word starts and ends in the folded text
	var ws, we []int
	for i := 0; i < len(ns); i++ {
		if ns[i] != ' ' && (i == 0 || ns[i-1] == ' ') {
			ws = append(ws, i)
		}
		if ns[i] != ' ' && (i+1 == len(ns) || ns[i+1] == ' ') {
			we = append(we, i+1)
		}
	}
	overlapsExact := func(s, e int) bool {
		for _, m := range exact {
			if m.Start < e && s < m.End {
				return true
			}
		}
		return false
	}
	var out []mention
	buf := make([]int, 2*64)
	for wi, s := range ws {
		if we[wi]-s < 2 {
			continue
		}
		os := int(nt.start[s])
		r, _ := utf8.DecodeRuneInString(text[os:])
		if !unicode.IsUpper(r) {
			continue
		}
		prefix := [2]byte{ns[s], ns[s+1]}
		for _, words := range fi.counts[prefix] {
			if wi+words > len(ws) {
				continue
			}
			e := we[wi+words-1]
			window := ns[s:e]
			bucket := fi.buckets[fuzzyKey{words: words, prefix: prefix}]
			if len(bucket) == 0 {
				continue
			}
			lo := sort.Search(len(bucket), func(i int) bool { return len(bucket[i].text) >= len(window)-2 })
			if lo == len(bucket) || len(bucket[lo].text) > len(window)+2 {
				continue
			}
			wd := digitsOf(window)
			wh := letterHist(window)
			bestD, bestG, bestAlias, tie := 99, -1, "", false
			for _, p := range bucket[lo:] {
				if len(p.text) > len(window)+2 {
					break
				}
				if abs(len(window)-len(p.text)) > p.maxd || p.digits != wd {
					continue
				}
				// each edit changes the letter histogram by at most 2
				if histDistance(&wh, &p.hist) > 2*p.maxd {
					continue
				}
				d := boundedLevenshtein(window, p.text, p.maxd, buf)
				if d < 0 || d > p.maxd {
					continue
				}
				if strings.TrimSuffix(window, "s") == p.text || strings.TrimSuffix(window, "es") == p.text {
					continue // a plural of a long name is not a misspelling of it
				}
				switch {
				case d < bestD:
					bestD, bestG, bestAlias, tie = d, p.group, p.alias, false
				case d == bestD && p.group != bestG:
					tie = true
				}
			}
			if bestG < 0 || tie || bestD == 0 {
				continue
			}
			ostart, oend := nt.span(s, e)
			if overlapsExact(ostart, oend) {
				continue
			}
			out = append(out, mention{Start: ostart, End: oend, Group: bestG, Alias: bestAlias, Fuzzy: true})
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// letterHist counts a-z (others in one bin).
func letterHist(s string) [27]int16 {
	var h [27]int16
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			h[c-'a']++
		} else if c != ' ' {
			h[26]++
		}
	}
	return h
}

func histDistance(a, b *[27]int16) int {
	d := 0
	for i := range a {
		x := int(a[i]) - int(b[i])
		if x < 0 {
			x = -x
		}
		d += x
	}
	return d
}

// boundedLevenshtein is the edit distance of a and b, or -1 when it exceeds
// max. buf is scratch space, grown when too small.
func boundedLevenshtein(a, b string, max int, buf []int) int {
	if abs(len(a)-len(b)) > max {
		return -1
	}
	if len(buf) < 2*(len(b)+1) {
		buf = make([]int, 2*(len(b)+1))
	}
	prev := buf[:len(b)+1]
	cur := buf[len(b)+1 : 2*(len(b)+1)]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > max {
			return -1
		}
		prev, cur = cur, prev
	}
	if prev[len(b)] > max {
		return -1
	}
	return prev[len(b)]
}
