// Package demosite is the bundled demo news site of claimwatch: a fictional
// wire service, "Demo Wire", with article pages, section indexes (one of
// them paginated), a home page, an RSS 2.0 feed, a sitemap index pointing at
// a news sitemap, and robots.txt.
//
// The binary serves it on loopback for `claimwatch run --demo`; end-to-end
// tests serve it with httptest. The crawler discovers the articles through
// the feed, the sitemaps and the section pages (some articles are reachable
// through one of those paths only), and the extractor is expected to find
// the claims of responsibility that each article's manifest entry lists.
//
// All pages are generated from the article sources in content/ by the
// generator in gen/ (see generate.go) and embedded from site/. The manifest
// (site/manifest.json, read by Articles) is an honest reading of each
// article's text: which militant groups it names, which claims, denials,
// attributions and non-claims it reports, and which names are state bodies
// that must not be taken for militant groups.
//
// The pages carry the placeholder base URL Placeholder in canonical links,
// Open Graph tags, the feed, the sitemaps and robots.txt; Handler replaces it
// with the scheme and host of each request, so the site is self-consistent
// whatever address it is served on.
//
// Demo Wire is fictional and so are its stories: the places and groups are
// real, the events are invented for testing.
package demosite
