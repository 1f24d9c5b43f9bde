package export

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// peakHeap samples the heap in use every interval until stop is called,
// which returns the highest value seen.
func peakHeap(interval time.Duration) (stop func() uint64) {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapInuse)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// TestExportMemoryBound exports 100,000 records in each format and
// asserts that the heap in use never exceeds a fixed bound, whatever the
// number of records. The records come from a generator (genScanner), not
// a bleve index: indexing 100,000 records takes minutes on two cores, and
// the bound under test is the exporter's. The embedded GeoNames gazetteer
// (country names) is loaded as in production and counted.
func TestExportMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 records")
	}
	const (
		n     = 100_000
		bound = 200 << 20
	)
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			runtime.GC()
			stop := peakHeap(20 * time.Millisecond)
			start := time.Now()
			opt := Options{Format: f, OutDir: t.TempDir()}
			m, err := Run(context.Background(), &genScanner{n: n}, nil, opt, nil)
			peak := stop()
			if err != nil {
				t.Fatal(err)
			}
			if m.Records != n {
				t.Fatalf("%d records, want %d", m.Records, n)
			}
			el := time.Since(start)
			t.Logf("%s: %d records, rows %v, %.0f records/s, peak heap in use %.1f MB", f, n, m.Rows, float64(n)/el.Seconds(), float64(peak)/(1<<20))
			if peak > bound {
				t.Errorf("peak heap in use %.1f MB, bound %d MB", float64(peak)/(1<<20), bound>>20)
			}
		})
	}
}
