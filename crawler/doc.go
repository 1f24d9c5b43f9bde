// Package crawler discovers and fetches news articles with colly and
// publishes them to JetStream.
//
// One pass over a Source starts from its feeds (RSS/Atom, parsed with
// gofeed), its sitemaps (sitemap indexes and news sitemaps) and its home and
// section pages; it follows links inside the allowed domains up to MaxDepth,
// honours robots.txt and a per-host LimitRule, and for every page that looks
// like an article (JSON-LD NewsArticle, og:type=article or an <article>
// element) extracts the main text and metadata (Parse) and hands a
// pipeline.Article to a Publisher. The JetStream publisher uses the hash of
// the canonical URL plus the content hash as Nats-Msg-Id, so a re-crawl of an
// unchanged page is dropped by the stream's duplicate window while a revised
// page replaces the earlier record (same record id).
//
// The same Parse function backs `claimwatch parse`.
package crawler
