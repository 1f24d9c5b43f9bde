package demosite

import (
	"embed"
	"io/fs"
)

// siteFiles holds the generated site; go:embed needs a package-level
// variable, and it is read-only.
//
//go:embed site
var siteFiles embed.FS

// siteFS returns the generated site: manifest.json and public/.
func siteFS() fs.FS {
	sub, err := fs.Sub(siteFiles, "site")
	if err != nil { // cannot happen: "site" is a valid path
		panic(err)
	}
	return sub
}

// SiteFS returns the generated site as embedded: manifest.json at the top
// and the served files under public/. Tests compare it with a fresh
// generation to catch a stale site/.
func SiteFS() fs.FS { return siteFS() }
