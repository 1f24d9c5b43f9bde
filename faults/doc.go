// Package faults is the fault-injection and hostile-input suite of
// claimwatch (issue #10, points 1 and 2).
//
// The tests in this package run the real pipeline on loopback only: a
// generated news site (NewsSite) served by httptest, the embedded
// nats-server with a TCP listener, the claimwatch binary built by the test
// and run as separate crawl / extract / index processes, the real bleve
// index, and a real Elasticsearch behind a loopback proxy when ES_URL is
// set. Each scenario injects one fault (kill -9 of a stage, NATS restart,
// Elasticsearch answering 429/503 or down, JetStream storage exhausted, a
// site that holds connections open) and then checks with Account that
// every article is accounted for: indexed, or in the DEADLETTER stream with
// its reason; none twice.
//
// Every scenario finishes in well under a minute by default; the long
// versions (a full minute of Elasticsearch trouble, more articles) run with
// CLAIMWATCH_FAULTS_LONG=1.
//
// Subpackage hostile generates the hostile-input corpus (invalid UTF-8, NUL
// bytes, 50 MB pages, deep nesting, entity expansion, decompression bombs,
// redirect chains, hostile URLs, ...) and its tests run every input through
// crawl, parse and extract.
package faults
