// Package hostile generates a corpus of hostile inputs for claimwatch's
// parsers of outside input: HTML pages, feeds, sitemaps, URLs and HTTP
// responses (compression, redirects). Every input is generated at run time
// from a seed (nothing large is committed): invalid UTF-8, NUL bytes,
// 50 MB pages, HTML nested 100,000 levels deep, huge attributes, malformed
// and truncated feeds and sitemaps, XML entity expansion ("billion
// laughs"), decompression bombs (gzip, deflate, brotli), redirect chains
// and loops, URLs with credentials, IDN homographs, non-HTTP schemes and
// other hostile URLs.
//
// Corpus returns the cases; Handler serves them on loopback for a crawler.
// The tests of this package run each case through the crawler (fetch),
// the `claimwatch parse` code path and the extractor, each under a
// deadline, and count the outcomes.
package hostile
