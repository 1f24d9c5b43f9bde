package crawler

import (
	"net/url"
	"strings"
	"unicode"
)

// listingSegments are path segments of section, tag, author, pagination and
// service pages, never of one article.
var listingSegments = map[string]bool{
	"tag": true, "tags": true, "topic": true, "topics": true, "author": true, "authors": true, "category": true,
	"categories": true, "section": true, "page": true, "search": true, "login": true, "signin": true, "register": true,
	"subscribe": true, "about": true, "contact": true, "privacy": true, "terms": true, "newsletter": true,
	"newsletters": true, "feed": true, "rss": true, "video": true, "videos": true, "gallery": true, "podcasts": true,
}

// looksLikeArticleURL reports whether a link has the shape of an article
// address: a date in the path, a numeric story id of 5+ digits or a slug
// of 3+ words, and no listing segment (tag, author, page, ...) or
// pagination parameter. Section pages queue such links ahead of the others
// (RankArticle), so a page budget goes to stories before navigation.
func looksLikeArticleURL(u *url.URL) bool {
	q := u.Query()
	if q.Has("page") || q.Has("p") || q.Has("s") || q.Has("q") {
		return false
	}
	segs := strings.FieldsFunc(strings.ToLower(u.Path), func(r rune) bool { return r == '/' })
	if len(segs) == 0 {
		return false
	}
	for _, s := range segs {
		if listingSegments[s] {
			return false
		}
	}
	if DateFromURL(u.String()) != "" {
		return true
	}
	last := segs[len(segs)-1]
	if i := strings.LastIndexByte(last, '.'); i > 0 {
		last = last[:i] // .html, .htm, .php, ...
	}
	digits, maxDigits, words, letters := 0, 0, 0, 0
	inWord := false
	for _, r := range last {
		switch {
		case unicode.IsDigit(r):
			digits++
			maxDigits = max(maxDigits, digits)
		default:
			digits = 0
		}
		if unicode.IsLetter(r) {
			letters++
			if !inWord {
				words++
			}
			inWord = true
		} else {
			inWord = false
		}
	}
	return maxDigits >= 5 || words >= 3 && letters >= 12
}
