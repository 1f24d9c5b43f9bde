// Package bench measures claimwatch end to end: `claimwatch bench` serves a
// generated corpus of N wire-style articles on a loopback news site (home
// page, section pages, an RSS feed, a sitemap index with paged sitemaps and
// robots.txt), lets the real crawler discover and fetch them, runs the real
// extract, index and alert stages on embedded NATS JetStream, and reports
// throughput per stage, fetch-to-searchable and fetch-to-alert latency
// percentiles, peak memory, and the accounting of every article served:
// indexed, dead-lettered with a reason, or lost; and index entries beyond
// one per article id (duplicates).
//
// The pieces are independent of the command that wires them:
//
//   - Generate builds the corpus (deterministic for a seed): attack reports
//     that claim, deny or attribute responsibility or say nobody claimed,
//     and unrelated stories, recombined from sentence templates with varied
//     groups, places, targets, names and figures so that the extractor does
//     real work and SimHash near-duplicate detection rarely links two;
//   - Site serves the corpus, optionally revealing it at a steady rate;
//   - Meter, Latencies and MemorySampler measure; TimedIndex records when
//     each record was stored; Tap observes NATS subjects;
//   - Account and Report turn the measurements into the result.
package bench
