package indexer

import "testing"

// RunConformance runs the backend conformance suite against another Index
// implementation (used by the Elasticsearch backend's tests).
func RunConformance(t *testing.T, open func(testing.TB) Index) { runConformance(t, open) }
