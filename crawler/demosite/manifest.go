package demosite

import (
	"encoding/json"
	"fmt"
	"io/fs"
)

// Placeholder is the base URL written into the generated pages, feeds and
// sitemaps. Handler rewrites it to the address the site is served on.
const Placeholder = "https://demowire.invalid"

// Claim statuses used in ExpectedClaim.Status; they are the statuses of the
// extraction contract.
const (
	StatusClaimed    = "claimed"
	StatusDenied     = "denied"
	StatusAttributed = "attributed"
	StatusUnclaimed  = "unclaimed"
)

// Discovery paths an article can be listed on (Article.Via).
const (
	ViaFeed    = "feed"
	ViaSitemap = "sitemap"
	ViaSection = "section"
)

// Article is one article page of the demo site, as listed in the manifest.
type Article struct {
	Path      string      `json:"path"`      // URL path, e.g. /world/2024/05/08/kabul-school-bombing.html
	Title     string      `json:"title"`     // headline, as in <h1>
	Section   string      `json:"section"`   // section slug: world, africa, asia, middle-east, sports, politics
	Published string      `json:"published"` // RFC 3339
	Author    string      `json:"author,omitempty"`
	Charset   string      `json:"charset,omitempty"` // page encoding; empty means utf-8
	Via       []string    `json:"via"`               // where the article is listed: feed, sitemap, section
	Expect    Expectation `json:"expect"`
}

// Expectation documents what the article says, for tests and for people.
type Expectation struct {
	Attack    bool            `json:"attack"`               // the article reports an attack
	Groups    []string        `json:"groups,omitempty"`     // militant groups named, as written
	Claims    []ExpectedClaim `json:"claims,omitempty"`     // what the text says about responsibility
	NotGroups []string        `json:"not_groups,omitempty"` // names that are not militant groups: state bodies, armies, police, parties
	Type      string          `json:"type,omitempty"`       // GTD attack type, snake_case, of the main attack
	Country   string          `json:"country,omitempty"`    // ISO 3166-1 alpha-2 of the main attack
	Killed    *int            `json:"killed,omitempty"`     // killed in the main attack, when the text gives it
	// Follows is the path of an earlier article that reported the same
	// attack, when this one re-reports it (a revised toll, a later claim,
	// a denial): the articles one cross-article incident should hold.
	Follows string `json:"follows,omitempty"`
}

// ExpectedClaim is one statement about responsibility in the article.
type ExpectedClaim struct {
	Group  string `json:"group"`  // as written; "" for "no group has claimed responsibility"
	Status string `json:"status"` // claimed, denied, attributed or unclaimed
}

// Manifest is the file site/manifest.json.
type Manifest struct {
	Site     string    `json:"site"`
	Base     string    `json:"base"`
	Articles []Article `json:"articles"`
}

// Articles returns the manifest: every article page of the site, newest
// first. It panics only if the embedded manifest is corrupt, which the
// package tests rule out.
func Articles() []Article {
	m, err := loadManifest(siteFS())
	if err != nil {
		panic(err)
	}
	return m.Articles
}

// ParseManifest decodes a manifest and checks that it is consistent.
func ParseManifest(data []byte) (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return Manifest{}, fmt.Errorf("%w: %v", ErrBadManifest, err)
	}
	if len(m.Articles) == 0 {
		return Manifest{}, fmt.Errorf("%w: no articles", ErrBadManifest)
	}
	for _, a := range m.Articles {
		if a.Path == "" || a.Title == "" || a.Published == "" {
			return Manifest{}, fmt.Errorf("%w: article %q lacks path, title or date", ErrBadManifest, a.Path)
		}
	}
	return m, nil
}

func loadManifest(fsys fs.FS) (Manifest, error) {
	data, err := fs.ReadFile(fsys, "manifest.json")
	if err != nil {
		return Manifest{}, fmt.Errorf("%w: %v", ErrBadManifest, err)
	}
	return ParseManifest(data)
}
