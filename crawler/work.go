package crawler

import (
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// A pass fetches with a fixed set of workers that take URLs from its
// Queue (priority order) and fetch them with the synchronous collector,
// one at a time each; colly's LimitRules still pace each host. Links and
// feed or sitemap items found while fetching go back into the Queue. The
// pass ends when the Queue is empty and no worker is fetching.

// Keys in colly's per-request Context.
const (
	ctxDepth   = "claimwatch.depth"   // int: 1 for start URLs
	ctxFetched = "claimwatch.fetched" // int: times OnRequest ran; errors after it went to OnError
)

// fetches is how many times OnRequest ran for requests sharing ctx (the
// request and its retries).
func fetches(ctx *colly.Context) int {
	if ctx == nil {
		return 0
	}
	n, _ := ctx.GetAny(ctxFetched).(int)
	return n
}

// workerCount is the number of concurrent fetches of one pass: the per-host
// parallelism times the number of start hosts, within 1..32.
func workerCount(parallelism, hosts int) int {
	if parallelism <= 0 {
		parallelism = 2
	}
	return min(max(parallelism*max(hosts, 1), 1), 32)
}

// requestDepth is the frontier depth of r (1 for start URLs).
func requestDepth(r *colly.Request) int {
	if r == nil || r.Ctx == nil {
		return 1
	}
	if d, ok := r.Ctx.GetAny(ctxDepth).(int); ok {
		return d
	}
	return 1
}

// push queues u and wakes a waiting worker.
func (p *pass) push(u string, depth, rank int, date time.Time) {
	if !p.q.Push(u, depth, rank, date) {
		return
	}
	p.qmu.Lock()
	p.cond.Signal()
	p.qmu.Unlock()
}

// run starts n workers and waits until the pass is done.
func (p *pass) run(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				it, ok := p.next()
				if !ok {
					return
				}
				sent := p.fetch(it)
				p.qmu.Lock()
				p.active--
				if !sent {
					p.used-- // refused before sending: give the budget back
				}
				p.qmu.Unlock()
				p.cond.Broadcast()
			}
		}()
	}
	wg.Wait()
}

// next blocks until a URL is queued and the request budget allows it
// (true) or the pass is over: nothing to take and no fetch running that
// could add URLs or give budget back, or ctx done (false). Taking the
// budget here, in priority order, keeps a budget-limited pass to the
// highest-priority URLs even with several workers.
func (p *pass) next() (QueueItem, bool) {
	p.qmu.Lock()
	defer p.qmu.Unlock()
	for {
		if p.ctx.Err() != nil {
			return QueueItem{}, false
		}
		if p.budget == 0 || p.used < p.budget {
			if it, ok := p.q.Pop(); ok {
				p.active++
				p.used++
				return it, true
			}
		}
		if p.active == 0 {
			p.cond.Broadcast()
			return QueueItem{}, false
		}
		p.cond.Wait()
	}
}

// fetch requests one URL and reports whether a request was sent.
// Refusals before the request is sent (robots.txt, domain filter, already
// visited, SSRF guard on the robots.txt fetch) are counted here; errors of
// the fetch itself went through onError.
func (p *pass) fetch(it QueueItem) bool {
	ctx := colly.NewContext()
	ctx.Put(ctxDepth, it.Depth)
	err := p.col.Request("GET", it.URL, nil, ctx, nil)
	if fetches(ctx) > 0 {
		return true
	}
	if err == nil || benignVisitErr(err) {
		return false
	}
	switch {
	case isGuardErr(err):
		p.fail(guardReason(err), err, it.URL)
	case it.Depth == 1:
		p.fail("start", err, it.URL)
	default:
		p.c.log.Debug("visit refused", "url", it.URL, "err", err)
	}
	return false
}
