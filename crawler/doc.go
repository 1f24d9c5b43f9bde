// Package crawler discovers and fetches news articles with colly and
// publishes them to JetStream.
//
// One pass over a Source starts from its feeds (RSS/Atom, parsed with
// gofeed), its sitemaps (sitemap indexes and news sitemaps) and its home and
// section pages; it follows links inside the allowed domains up to MaxDepth,
// and for every page that looks like an article (JSON-LD NewsArticle,
// og:type=article or an <article> element) extracts the main text and
// metadata (Parse) and hands a pipeline.Article to a Publisher. The
// JetStream publisher uses the hash of the canonical URL plus the content
// hash as Nats-Msg-Id, so a re-crawl of an unchanged page is dropped by the
// stream's duplicate window while a revised page replaces the earlier record
// (same record id).
//
// Hostile input (netguard.go): every connection is checked after DNS
// resolution, redirects included, and refused for loopback, private,
// link-local, multicast and other special-purpose addresses unless
// Config.AllowPrivate or Config.AllowHosts allow it (a literal private IP in
// a source's own URLs is allowed for that source). Only http and https,
// at most MaxRedirects redirects, URLs up to MaxURLLength; bodies over
// MaxBodyBytes (by Content-Length, by counting, and after gzip
// decompression) fail with ErrTooLarge; binary content types are not read.
//
// Politeness (politeness.go): robots.txt rules (colly) and Crawl-delay (one
// LimitRule per host), 429/503 retried after Retry-After up to
// RetryAttempts, and a per-host circuit breaker that leaves a failing host
// alone for BreakerCooldown; it lives in the Crawler and spans passes.
//
// Once only (seen.go, seen_kv.go, simhash.go): with WithSeenStore a
// re-crawl sends If-None-Match / If-Modified-Since, counts 304 and
// unchanged content hashes as Unchanged without republishing, and skips
// sitemap entries whose lastmod is not newer than the stored fetch. With
// WithNearDup an article whose SimHash is within NearDupDistance bits of an
// earlier article (the same wire story on another site) is published with
// the NATS header Claimwatch-Duplicate-Of: <first article id>. KVSeen keeps
// both in a JetStream key-value bucket (TTL) shared by all crawler
// processes; MemorySeen is the in-process version.
//
// Main text (text.go): readability (codeberg.org/readeck/go-readability)
// picks the article block, our boilerplate rules clean it, and the
// rule-based extractor is the fallback; quality_test.go measures both
// against known paragraphs. Pages without a lang attribute get a detected
// language (lang.go); pages without date metadata get the date from the URL
// or the byline (dates.go).
//
// Frontier (queue.go, work.go, frontier.go): every pass queues the URLs it
// discovers in its source's Queue of the Crawler's Frontier (hosts
// interned, URL bytes in an arena, ~150 bytes per URL) and a few workers
// take them in priority order (start URLs and sitemaps of an index, then
// feed and sitemap items dated within FreshWindow, newest first, then the
// rest in discovery order) and fetch them with a synchronous collector;
// MaxPages is taken from the budget in that order. Run re-crawls each
// source on its interval with jitter, stretched while a source has nothing
// new; with Config.Pending and MaxPending the crawler stops taking new
// requests while the extract consumer's backlog is above the bound.
//
// Per-source CSS selectors (selectors.go, Source.Selectors) override the
// generic rules where they match: links to follow, pagination, main-text
// container, elements to exclude, title, date, authors.
//
// The same Parse function (ParseWith with a source's selectors) backs
// `claimwatch parse` (--sources applies the selectors by host).
package crawler
