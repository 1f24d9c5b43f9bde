package bench

import (
	"reflect"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/crawler"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(50, 7), Generate(50, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different corpus")
	}
	if reflect.DeepEqual(a, Generate(50, 8)) {
		t.Fatal("different seeds, same corpus")
	}
}

// TestGenerateVariety checks that the corpus gives the pipeline distinct
// articles of every kind, and that SimHash near-duplicate detection (the
// crawler's, at its default distance) links few of them.
func TestGenerateVariety(t *testing.T) {
	const n = 2000
	arts := Generate(n, 1)
	paths, texts := map[string]bool{}, map[string]bool{}
	kinds := map[string]int{}
	hashes := make([]uint64, n)
	for i, a := range arts {
		if a.Index != i {
			t.Fatalf("article %d has index %d", i, a.Index)
		}
		if paths[a.Path] {
			t.Fatalf("duplicate path %s", a.Path)
		}
		paths[a.Path] = true
		if texts[a.Text()] {
			t.Fatalf("duplicate text of %s", a.Path)
		}
		texts[a.Text()] = true
		if !strings.HasPrefix(a.Paragraphs[0], a.Dateline+", ") {
			t.Errorf("%s: lead %q does not start with the dateline", a.Path, a.Paragraphs[0])
		}
		if !strings.HasPrefix(a.Path, "/"+a.Section+"/") {
			t.Errorf("%s: not under its section %s", a.Path, a.Section)
		}
		kinds[a.Status]++
		if (a.Status == "claimed" || a.Status == "denied" || a.Status == "attributed") && !strings.Contains(a.Text(), a.Group) {
			t.Errorf("%s: %s by %q, but the text does not name the group", a.Path, a.Status, a.Group)
		}
		hashes[i] = crawler.SimHash(a.Text())
	}
	for _, k := range []string{"claimed", "denied", "attributed", "unclaimed", ""} {
		if kinds[k] < n/50 {
			t.Errorf("only %d articles of kind %q in %d", kinds[k], k, n)
		}
	}
	near := 0
	for i := range hashes {
		for j := range i {
			if crawler.Hamming(hashes[i], hashes[j]) <= crawler.DefaultConfig().NearDupDistance {
				near++
				break
			}
		}
	}
	if near > n/100 {
		t.Errorf("%d of %d articles are SimHash near-duplicates of an earlier one (want at most 1%%)", near, n)
	}
	t.Logf("%d articles: %v by status, %d near-duplicates", n, kinds, near)
}
