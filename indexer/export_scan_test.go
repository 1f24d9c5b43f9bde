package indexer

import "testing"

// RunScanConformance runs the Scanner conformance suite against another
// backend (used by the Elasticsearch backend's tests); open returns an
// empty index that implements Scanner.
func RunScanConformance(t *testing.T, open func(testing.TB) Index) { runScanConformance(t, open) }

// TestBleveScanConformance runs the Scanner suite against bleve.
func TestBleveScanConformance(t *testing.T) {
	runScanConformance(t, func(tb testing.TB) Index { return openTest(tb) })
}
