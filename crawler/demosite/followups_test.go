package demosite_test

import (
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler/demosite"
)

// TestFollowUpsReportTheSameAttack checks the follow-up articles (those
// with Expect.Follows): each follows an earlier first report of an attack
// of the same country and type, within a few days, with a death toll that
// is the same or revised upwards; and the site as a whole re-reports at
// least three attacks, with a later claim after "no group has claimed", a
// competing claim, a denial, and an unrelated attack in the same country
// and days (a distractor the incident clustering must keep apart).
func TestFollowUpsReportTheSameAttack(t *testing.T) {
	arts := demosite.Articles()
	byPath := map[string]demosite.Article{}
	for _, a := range arts {
		byPath[a.Path] = a
	}
	pub := func(a demosite.Article) time.Time {
		p, err := time.Parse(time.RFC3339, a.Published)
		if err != nil {
			t.Fatalf("%s: %v", a.Path, err)
		}
		return p
	}
	groups := map[string][]demosite.Article{} // first report's path -> first report and follow-ups
	for _, a := range arts {
		f := a.Expect.Follows
		if f == "" {
			continue
		}
		first, ok := byPath[f]
		switch {
		case !ok:
			t.Errorf("%s follows %s, which is not an article", a.Path, f)
			continue
		case first.Expect.Follows != "":
			t.Errorf("%s follows %s, itself a follow-up: name the first report", a.Path, f)
		case !first.Expect.Attack || !a.Expect.Attack:
			t.Errorf("%s follows %s: both must report an attack", a.Path, f)
		case first.Expect.Country != a.Expect.Country || first.Expect.Type != a.Expect.Type:
			t.Errorf("%s (%s %s) follows %s (%s %s): country and type differ", a.Path, a.Expect.Country, a.Expect.Type, f, first.Expect.Country, first.Expect.Type)
		}
		if d := pub(a).Sub(pub(first)); d <= 0 || d > 4*24*time.Hour {
			t.Errorf("%s is published %v after %s, want within 4 days after", a.Path, d, f)
		}
		if k, k0 := a.Expect.Killed, first.Expect.Killed; k != nil && k0 != nil && *k < *k0 {
			t.Errorf("%s: toll %d below the first report's %d", a.Path, *k, *k0)
		}
		if len(groups[f]) == 0 {
			groups[f] = []demosite.Article{first}
		}
		groups[f] = append(groups[f], a)
	}
	if len(groups) < 3 {
		t.Errorf("%d attacks are re-reported, want at least 3", len(groups))
	}
	var laterClaim, competing, denial, revised, distractor bool
	for f, g := range groups {
		first := g[0]
		unclaimedFirst := hasStatus(first, "", demosite.StatusUnclaimed)
		claimed := map[string]bool{}
		for _, a := range g {
			for _, c := range a.Expect.Claims {
				switch c.Status {
				case demosite.StatusClaimed:
					claimed[c.Group] = true
					laterClaim = laterClaim || unclaimedFirst && a.Path != f
				case demosite.StatusDenied:
					denial = denial || a.Path != f
				}
			}
			if a.Path != f && a.Expect.Killed != nil && first.Expect.Killed != nil && *a.Expect.Killed > *first.Expect.Killed {
				revised = true
			}
		}
		competing = competing || len(claimed) >= 2
		in := map[string]bool{}
		for _, a := range g {
			in[a.Path] = true
		}
		for _, o := range arts {
			if !in[o.Path] && o.Expect.Attack && o.Expect.Country == first.Expect.Country {
				if d := pub(o).Sub(pub(first)); d >= 0 && d <= 3*24*time.Hour {
					distractor = true
				}
			}
		}
	}
	for name, ok := range map[string]bool{
		"a claim after a first report that no group had claimed": laterClaim,
		"two groups claiming one re-reported attack":             competing,
		"a denial in a follow-up":                                denial,
		"a death toll revised upwards":                           revised,
		"an unrelated attack in the same country and days":       distractor,
	} {
		if !ok {
			t.Errorf("no re-reported attack has %s", name)
		}
	}
}

func hasStatus(a demosite.Article, group, status string) bool {
	for _, c := range a.Expect.Claims {
		if c.Group == group && c.Status == status {
			return true
		}
	}
	return false
}
