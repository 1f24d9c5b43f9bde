package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrNoProcStatus is returned by PeakRSS where /proc/self/status is missing
// or has no VmHWM line (not Linux).
var ErrNoProcStatus = errors.New("bench: no VmHWM in /proc/self/status")

// PeakRSS returns the process's peak resident set size (VmHWM) in bytes.
// It covers everything in the process: the pipeline, the embedded NATS
// server, the loopback site and the measurement itself.
func PeakRSS() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNoProcStatus, err)
	}
	defer f.Close()
	return parseVmHWM(f)
}

func parseVmHWM(f interface{ Read([]byte) (int, error) }) (uint64, error) {
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "VmHWM:") {
			continue
		}
		fields := strings.Fields(strings.TrimPrefix(line, "VmHWM:"))
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("%w: %q", ErrNoProcStatus, line)
		}
		kb, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q", ErrNoProcStatus, line)
		}
		return kb * 1024, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, ErrNoProcStatus
}

// heapMetric is the runtime/metrics name of the bytes of live and not yet
// swept heap objects (HeapAlloc).
const heapMetric = "/memory/classes/heap/objects:bytes"

// HeapBytes returns the bytes of heap objects now (runtime HeapAlloc).
func HeapBytes() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// MemorySampler samples the Go heap periodically and keeps the peak.
type MemorySampler struct {
	mu   sync.Mutex
	peak uint64
}

// Run samples every interval until ctx ends.
func (m *MemorySampler) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		m.Sample()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sample takes one sample now.
func (m *MemorySampler) Sample() {
	h := HeapBytes()
	m.mu.Lock()
	m.peak = max(m.peak, h)
	m.mu.Unlock()
}

// PeakHeap returns the largest heap sample.
func (m *MemorySampler) PeakHeap() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.peak
}
