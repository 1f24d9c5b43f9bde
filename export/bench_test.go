package export

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkExport exports 10,000 generated records per iteration in each
// format (default batch, fsync at every checkpoint) and reports records/s.
func BenchmarkExport(b *testing.B) {
	const n = 10_000
	for _, f := range Formats() {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			dir := b.TempDir()
			for i := 0; i < b.N; i++ {
				opt := Options{Format: f, OutDir: filepath.Join(dir, fmt.Sprint(i)), Countries: testNamer}
				if _, err := Run(context.Background(), &genScanner{n: n}, nil, opt, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
