package crawler

import (
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"
)

// SimHash returns the 64-bit SimHash (Charikar) of text over word
// 3-shingles: lower-cased words, punctuation dropped. Two copies of a wire
// story with different bylines, datelines or a changed sentence differ in a
// few bits; unrelated texts differ in about 32. Texts shorter than three
// words hash their words.
func SimHash(text string) uint64 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	if len(words) == 0 {
		return 0
	}
	var v [64]int
	add := func(s string) {
		h := fnv.New64a()
		h.Write([]byte(s))
		x := h.Sum64()
		// FNV-1a mixes the last bytes poorly into the high bits: finalise.
		x ^= x >> 33
		x *= 0xff51afd7ed558ccd
		x ^= x >> 33
		x *= 0xc4ceb9fe1a85ec53
		x ^= x >> 33
		for i := range 64 {
			if x&(1<<i) != 0 {
				v[i]++
			} else {
				v[i]--
			}
		}
	}
	const k = 3
	if len(words) < k {
		for _, w := range words {
			add(w)
		}
	} else {
		for i := 0; i+k <= len(words); i++ {
			add(words[i] + " " + words[i+1] + " " + words[i+2])
		}
	}
	var out uint64
	for i := range 64 {
		if v[i] > 0 {
			out |= 1 << i
		}
	}
	return out
}

// Hamming returns the number of differing bits.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// simBandCount is the number of 8-bit bands a SimHash is indexed under. Two
// hashes within Hamming distance 7 share at least one band exactly
// (pigeonhole), so an index keyed by band finds every candidate for
// NearDupDistance <= MaxNearDupDistance.
const simBandCount = 8

// MaxNearDupDistance is the largest NearDupDistance the band index serves.
const MaxNearDupDistance = simBandCount - 1

// maxBandRefs caps the refs kept per band bucket (the most recent win).
const maxBandRefs = 256

func simBands(h uint64) [simBandCount]uint8 {
	var b [simBandCount]uint8
	for i := range b {
		b[i] = uint8(h >> (8 * i))
	}
	return b
}
