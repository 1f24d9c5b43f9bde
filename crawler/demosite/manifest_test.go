package demosite_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler/demosite"
)

func TestParseManifestRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"not json", "{"},
		{"no articles", `{"site":"x","articles":[]}`},
		{"missing title", `{"articles":[{"path":"/a/2024/01/01/x.html","published":"2024-01-01T00:00:00Z"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := demosite.ParseManifest([]byte(tt.data)); !errors.Is(err, demosite.ErrBadManifest) {
				t.Fatalf("err = %v, want ErrBadManifest", err)
			}
		})
	}
}

var articlePathRE = regexp.MustCompile(`^/(world|africa|asia|middle-east|sports|politics)/(\d{4})/(\d{2})/(\d{2})/[a-z0-9-]+\.html$`)

func TestManifestIsConsistent(t *testing.T) {
	arts := demosite.Articles()
	if len(arts) < 45 {
		t.Fatalf("%d articles, want at least 45", len(arts))
	}
	statuses := []string{demosite.StatusClaimed, demosite.StatusDenied, demosite.StatusAttributed, demosite.StatusUnclaimed}
	seenPath := map[string]bool{}
	seenStatus := map[string]int{}
	var nonAttack, cp1252, multiClaim, claimAndDeny, notGroups int
	viaOnly := map[string]int{}
	for _, a := range arts {
		if seenPath[a.Path] {
			t.Errorf("path %s listed twice", a.Path)
		}
		seenPath[a.Path] = true
		m := articlePathRE.FindStringSubmatch(a.Path)
		if m == nil || m[1] != a.Section {
			t.Errorf("%s: path does not match /section/YYYY/MM/DD/slug.html with section %q", a.Path, a.Section)
			continue
		}
		pub, err := time.Parse(time.RFC3339, a.Published)
		if err != nil {
			t.Errorf("%s: published %q: %v", a.Path, a.Published, err)
			continue
		}
		if y := pub.Year(); y < 2023 || y > 2026 {
			t.Errorf("%s: published in %d, want 2023-2026", a.Path, y)
		}
		if got := pub.UTC().Format("2006/01/02"); got != m[2]+"/"+m[3]+"/"+m[4] {
			t.Errorf("%s: published %s does not match the path date", a.Path, got)
		}
		if strings.TrimSpace(a.Title) == "" || a.Author == "" {
			t.Errorf("%s: empty title or author", a.Path)
		}
		if len(a.Via) == 0 {
			t.Errorf("%s: no discovery path", a.Path)
		}
		if len(a.Via) == 1 {
			viaOnly[a.Via[0]]++
		}
		if a.Charset == "windows-1252" {
			cp1252++
		}
		e := a.Expect
		if !e.Attack {
			nonAttack++
			if len(e.Claims) > 0 {
				t.Errorf("%s: non-attack article with claims %v", a.Path, e.Claims)
			}
		}
		if len(e.NotGroups) > 0 {
			notGroups++
		}
		for _, g := range e.NotGroups {
			if slices.Contains(e.Groups, g) {
				t.Errorf("%s: %q is both a group and a non-group", a.Path, g)
			}
		}
		claimed := map[string]bool{}
		for _, c := range e.Claims {
			if !slices.Contains(statuses, c.Status) {
				t.Errorf("%s: claim status %q", a.Path, c.Status)
			}
			if c.Group == "" && c.Status != demosite.StatusUnclaimed {
				t.Errorf("%s: claim without group has status %q, want unclaimed", a.Path, c.Status)
			}
			if c.Group != "" && !slices.Contains(e.Groups, c.Group) {
				t.Errorf("%s: claim names %q, which is not in Groups %v", a.Path, c.Group, e.Groups)
			}
			seenStatus[c.Status]++
			if c.Status == demosite.StatusClaimed {
				claimed[c.Group] = true
			}
		}
		if len(claimed) >= 2 {
			multiClaim++
		}
		for _, c := range e.Claims {
			if c.Status == demosite.StatusDenied && claimed[c.Group] {
				claimAndDeny++
			}
		}
	}
	if nonAttack < 10 {
		t.Errorf("%d non-attack articles, want at least 10", nonAttack)
	}
	for _, st := range statuses {
		if seenStatus[st] == 0 {
			t.Errorf("no article has a %s claim", st)
		}
	}
	if cp1252 == 0 {
		t.Error("no windows-1252 article")
	}
	if multiClaim == 0 {
		t.Error("no article where two groups claim the same attack")
	}
	if claimAndDeny == 0 {
		t.Error("no article where a group's claim is followed by a denial")
	}
	if notGroups == 0 {
		t.Error("no article names a state body")
	}
	for _, v := range []string{demosite.ViaFeed, demosite.ViaSitemap, demosite.ViaSection} {
		if viaOnly[v] == 0 {
			t.Errorf("no article is listed only in the %s", v)
		}
	}
}

// TestExpectationsMatchText checks the manifest against the words of each
// article: every group and non-group is written in the text (ignoring case),
// and each claim status has wording that can carry it.
func TestExpectationsMatchText(t *testing.T) {
	srv := newServer(t)
	cue := map[string]*regexp.Regexp{
		demosite.StatusClaimed:    regexp.MustCompile(`(?i)claim|said (it|they) carried out|responsib|said (?:\w+ ){0,4}(?:its|their) (?:fighters|"soldiers")|(?:was|is|were) holding`),
		demosite.StatusDenied:     regexp.MustCompile(`(?i)denie|no connection|nothing to do with`),
		demosite.StatusAttributed: regexp.MustCompile(`(?i)blame|suspect|line of inquiry|work of|hallmark|accus|attackers were members|fingerprints|probably|pointed to|suggested`),
		demosite.StatusUnclaimed:  regexp.MustCompile(`(?i)has not claimed|no group has claimed|have not claimed`),
	}
	for _, a := range demosite.Articles() {
		p := get(t, srv, a.Path)
		d := parseDoc(t, utf8Body(t, p))
		text := a.Title + "\n" + strings.Join(d.storyText, "\n")
		for _, g := range append(slices.Clone(a.Expect.Groups), a.Expect.NotGroups...) {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(g)) {
				t.Errorf("%s: %q is not written in the article", a.Path, g)
			}
		}
		for _, c := range a.Expect.Claims {
			if !cue[c.Status].MatchString(text) {
				t.Errorf("%s: no wording for a %s claim", a.Path, c.Status)
			}
		}
		if !a.Expect.Attack && regexp.MustCompile(`(?i)claimed responsibility|said it carried out`).MatchString(text) {
			t.Errorf("%s: non-attack article has claim-of-responsibility wording", a.Path)
		}
	}
}
