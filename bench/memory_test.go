package bench

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

func TestParseVmHWM(t *testing.T) {
	tests := []struct {
		name, in string
		want     uint64
		err      error
	}{
		{"linux", "Name:\tx\nVmPeak:\t  900 kB\nVmHWM:\t   2048 kB\nVmRSS:\t 1000 kB\n", 2048 * 1024, nil},
		{"missing", "Name:\tx\n", 0, ErrNoProcStatus},
		{"bad unit", "VmHWM:\t 3 MB\n", 0, ErrNoProcStatus},
		{"bad number", "VmHWM:\t x kB\n", 0, ErrNoProcStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseVmHWM(strings.NewReader(tt.in))
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("got %d, %v; want %d, %v", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestPeakRSSAndHeap(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is Linux only")
	}
	rss, err := PeakRSS()
	if err != nil || rss == 0 {
		t.Fatalf("PeakRSS = %d, %v", rss, err)
	}
	var m MemorySampler
	keep := make([]byte, 8<<20)
	m.Sample()
	if m.PeakHeap() < uint64(len(keep)) {
		t.Errorf("peak heap %d below a live 8 MiB slice", m.PeakHeap())
	}
	runtime.KeepAlive(keep)
}
