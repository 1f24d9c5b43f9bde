package main

import (
	"context"
	"sync"

	"github.com/claimwatch/claimwatch/pipeline"
)

// startRunners runs each runner in its own goroutine until ctx ends. wait
// returns when all have returned; errs receives the error of each runner
// that failed (buffered, so a runner never blocks on it).
func startRunners(ctx context.Context, runners []*pipeline.Runner) (wait func(), errs <-chan error) {
	var wg sync.WaitGroup
	ch := make(chan error, len(runners))
	for _, r := range runners {
		wg.Add(1)
		go func(r *pipeline.Runner) {
			defer wg.Done()
			if err := r.Run(ctx); err != nil {
				ch <- err
			}
		}(r)
	}
	return wg.Wait, ch
}
