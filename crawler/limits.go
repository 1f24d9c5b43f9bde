package crawler

import "fmt"

// MaxParseBytes bounds the input of Parse, FeedItems and ParseSitemap.
// The crawler's fetch limit (max_body_bytes, default 5 MB) normally stops
// bigger bodies first; this bound also protects the other callers (the
// `claimwatch parse` JSONL path) and a raised max_body_bytes: a 50 MB page
// took 19 s and 2.5 GB of heap to parse, a 50 MB feed over a minute
// (faults/hostile).
const MaxParseBytes = 8 << 20

// checkParseSize returns ErrTooLarge for inputs over MaxParseBytes.
func checkParseSize(what string, n int) error {
	if n > MaxParseBytes {
		return fmt.Errorf("%w: %s of %d bytes > %d", ErrTooLarge, what, n, MaxParseBytes)
	}
	return nil
}
