package crawler

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"
)

// simURL is the i-th URL of source s in the frontier simulation: a news
// article address of typical length (80-110 bytes).
func simURL(buf []byte, s, i int) []byte {
	buf = buf[:0]
	buf = append(buf, "https://www.source-"...)
	buf = strconv.AppendInt(buf, int64(s), 10)
	buf = append(buf, ".example/world/2024/"...)
	buf = strconv.AppendInt(buf, int64(1+i%12), 10)
	buf = append(buf, '/')
	buf = strconv.AppendInt(buf, int64(1+i%28), 10)
	buf = append(buf, "/officials-say-attack-on-convoy-killed-"...)
	buf = strconv.AppendInt(buf, int64(i), 10)
	buf = append(buf, ".html?ref=rss"...)
	return buf
}

func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// frontierSim fills one Queue per source with perSource URLs, then pops
// them all, and returns the live heap the full frontier took and the push
// and pop rates.
func frontierSim(sources, perSource int) (heap uint64, pushPerSec, popPerSec float64, err error) {
	base := heapAfterGC()
	f := NewFrontier()
	queues := make([]*Queue, sources)
	for s := range queues {
		queues[s] = f.NewQueue(0)
	}
	var buf []byte
	start := time.Now()
	day := time.Date(2024, 5, 8, 0, 0, 0, 0, time.UTC)
	for i := 0; i < perSource; i++ {
		for s, q := range queues {
			buf = simURL(buf, s, i)
			if !q.Push(string(buf), 2, i%3, day.Add(time.Duration(i)*time.Minute)) {
				return 0, 0, 0, fmt.Errorf("push %s refused", buf)
			}
		}
	}
	pushDur := time.Since(start)
	if f.Len() != sources*perSource {
		return 0, 0, 0, fmt.Errorf("Len %d, want %d", f.Len(), sources*perSource)
	}
	heap = heapAfterGC() - base
	start = time.Now()
	n := 0
	for _, q := range queues {
		for {
			if _, ok := q.Pop(); !ok {
				break
			}
			n++
		}
	}
	popDur := time.Since(start)
	if n != sources*perSource || f.Len() != 0 {
		return 0, 0, 0, fmt.Errorf("popped %d, Len %d", n, f.Len())
	}
	runtime.KeepAlive(queues)
	return heap, float64(n) / pushDur.Seconds(), float64(n) / popDur.Seconds(), nil
}

// TestFrontierSimulation holds 1,000,000 URLs over 10,000 sources in the
// frontier and checks the heap stays within 1 GB (issue #4, point 10).
// CLAIMWATCH_BENCH_FRONTIER=1 go test -run FrontierSimulation -v ./crawler/
func TestFrontierSimulation(t *testing.T) {
	if os.Getenv("CLAIMWATCH_BENCH_FRONTIER") != "1" {
		t.Skip("set CLAIMWATCH_BENCH_FRONTIER=1")
	}
	heap, push, pop, err := frontierSim(10000, 100)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("1,000,000 URLs / 10,000 sources: live heap %.1f MiB (%.0f B/URL); push %.0f URLs/s, pop %.0f URLs/s", float64(heap)/(1<<20), float64(heap)/1e6, push, pop)
	if heap > 1<<30 {
		t.Errorf("frontier heap %d B over 1 GB", heap)
	}
}

// BenchmarkFrontierPushPop measures one push plus one pop on a queue
// holding 100,000 URLs.
func BenchmarkFrontierPushPop(b *testing.B) {
	q := NewFrontier().NewQueue(0)
	var buf []byte
	for i := 0; i < 100000; i++ {
		buf = simURL(buf, i%100, i)
		q.Push(string(buf), 2, i%3, time.Unix(int64(i), 0))
	}
	urls := make([]string, 4096)
	for i := range urls {
		urls[i] = string(simURL(nil, i%100, 1_000_000+i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%len(urls) == 0 && i > 0 {
			for j := range urls { // fresh URLs: the seen set refuses repeats
				urls[j] = string(simURL(nil, j%100, 2_000_000+i+j))
			}
		}
		q.Push(urls[i%len(urls)], 2, i%3, time.Unix(int64(i), 0))
		if _, ok := q.Pop(); !ok {
			b.Fatal("empty")
		}
	}
}

// TestCollyAsyncPendingCost measures what one queued URL cost before the
// frontier: colly's Async mode starts a goroutine per Visit that waits for
// its host's LimitRule slot. It reports bytes per pending request
// (heap + goroutine stacks). CLAIMWATCH_BENCH_FRONTIER=1.
func TestCollyAsyncPendingCost(t *testing.T) {
	if os.Getenv("CLAIMWATCH_BENCH_FRONTIER") != "1" {
		t.Skip("set CLAIMWATCH_BENCH_FRONTIER=1")
	}
	const n = 20000
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	col := colly.NewCollector(colly.Async(true), colly.IgnoreRobotsTxt(), colly.StdlibContext(ctx))
	col.WithTransport(blockingTransport{ctx})
	if err := col.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: 1}); err != nil {
		t.Fatal(err)
	}
	mem := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc + m.StackInuse
	}
	base := mem()
	var buf []byte
	for i := 0; i < n; i++ {
		buf = simURL(buf, i%100, i)
		if err := col.Visit(string(buf)); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(500 * time.Millisecond) // let the goroutines reach the limit
	per := float64(mem()-base) / n
	t.Logf("colly Async: %.0f B per pending URL (heap + stacks); 1,000,000 URLs = %.2f GiB", per, per*1e6/(1<<30))
	cancel()
	col.Wait()
}

// blockingTransport holds every request until ctx ends.
type blockingTransport struct{ ctx context.Context }

func (b blockingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	<-b.ctx.Done()
	return nil, b.ctx.Err()
}
