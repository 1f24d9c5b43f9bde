//go:build unix

package crawler

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time the test process has used,
// so benchmarks can report throughput per CPU-second on a shared machine
// where wall time includes waiting for a core.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
