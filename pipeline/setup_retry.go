package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// SetupBudget is how long a JetStream setup call (creating or updating a
// stream, consumer or key-value bucket) is retried while the cluster cannot
// answer it: on a loaded cluster, or while a node is down, an R3 asset's
// create may take longer than one request timeout, and several processes
// starting together all create the same consumers. A stage process that
// gave up at the first timeout would exit and leave its work to the others.
const SetupBudget = 2 * time.Minute

// setupAttemptTimeout bounds one attempt when the caller's context has no
// earlier deadline.
const setupAttemptTimeout = 10 * time.Second

// RetrySetup runs fn until it succeeds, fails in a way that cannot pass,
// ctx ends or SetupBudget is spent; each attempt gets its own deadline.
// Transient failures are logged as warnings with the attempt number.
func RetrySetup(ctx context.Context, log *slog.Logger, what string, fn func(context.Context) error) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	deadline := time.Now().Add(SetupBudget)
	delay := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, setupAttemptTimeout)
		err := fn(actx)
		cancel()
		if err == nil || ctx.Err() != nil || !TransientJetStreamError(err) || time.Now().Add(delay).After(deadline) {
			return err
		}
		log.Warn("jetstream setup not answered; retrying", "what", what, "attempt", attempt, "retry_in", delay, "err", err)
		if sleep(ctx, delay); ctx.Err() != nil {
			return err
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// TransientJetStreamError reports whether a JetStream API error may pass by
// itself: no answer in time, no responder yet (JetStream starting, a meta
// leader being elected), or a 503 "temporarily unavailable" from the server.
// Configuration errors (a stream name in use with other subjects, an
// invalid consumer) are not transient.
func TransientJetStreamError(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, nats.ErrNoResponders) ||
		errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, nats.ErrConnectionReconnecting) || errors.Is(err, nats.ErrDisconnected) {
		return true
	}
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && (apiErr.Code == 503 || apiErr.Code == 408)
}
