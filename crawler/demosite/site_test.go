package demosite_test

import (
	"bytes"
	"io/fs"
	"sort"
	"testing"

	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/crawler/demosite/internal/sitegen"
)

// TestSiteIsUpToDate regenerates the site from content/ in memory and
// compares it with the embedded site/: run `go generate` after editing.
func TestSiteIsUpToDate(t *testing.T) {
	srcs, err := sitegen.LoadSources("content")
	if err != nil {
		t.Fatal(err)
	}
	want, err := sitegen.Render(srcs, sitegen.Config{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	err = fs.WalkDir(demosite.SiteFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(demosite.SiteFS(), p)
		got[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	stale := 0
	for _, n := range names {
		if !bytes.Equal(got[n], want[n]) {
			stale++
			t.Errorf("site/%s is stale or extra (embedded %d bytes, generated %d): run go generate ./crawler/demosite", n, len(got[n]), len(want[n]))
		}
		if stale > 5 {
			t.Fatal("too many stale files")
		}
	}
}
