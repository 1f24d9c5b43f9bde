package pipeline

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func TestTransientJetStreamError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{context.DeadlineExceeded, true},
		{fmt.Errorf("consumer: %w", context.DeadlineExceeded), true},
		{nats.ErrTimeout, true},
		{nats.ErrNoResponders, true},
		{&jetstream.APIError{Code: 503, Description: "JetStream system temporarily unavailable"}, true},
		{&jetstream.APIError{Code: 400, ErrorCode: jetstream.JSErrCodeStreamNameInUse, Description: "stream name already in use"}, false},
		{jetstream.ErrConsumerNotFound, false},
		{errors.New("invalid config"), false},
		{context.Canceled, false},
	} {
		if got := TransientJetStreamError(tc.err); got != tc.want {
			t.Errorf("TransientJetStreamError(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestRetrySetup(t *testing.T) {
	ctx := context.Background()
	calls := 0
	err := RetrySetup(ctx, nil, "flaky", func(context.Context) error {
		calls++
		if calls < 3 {
			return fmt.Errorf("create: %w", context.DeadlineExceeded)
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("transient failures: err %v after %d calls, want nil after 3", err, calls)
	}

	calls = 0
	bad := errors.New("stream name already in use")
	err = RetrySetup(ctx, nil, "bad", func(context.Context) error { calls++; return bad })
	if !errors.Is(err, bad) || calls != 1 {
		t.Errorf("permanent failure: err %v after %d calls, want it after 1", err, calls)
	}

	cctx, cancel := context.WithCancel(ctx)
	calls = 0
	err = RetrySetup(cctx, nil, "cancelled", func(context.Context) error {
		calls++
		cancel()
		return nats.ErrNoResponders
	})
	if err == nil || calls != 1 {
		t.Errorf("cancelled context: err %v after %d calls, want an error after 1", err, calls)
	}
}

// Against a real server, an answer that will not change by waiting ("stream
// not found") ends the retries at once.
func TestRetrySetupStopsOnServerAnswer(t *testing.T) {
	c := startNATS(t)
	calls := 0
	err := RetrySetup(context.Background(), nil, "consumer", func(ctx context.Context) error {
		calls++
		_, err := c.JS.CreateOrUpdateConsumer(ctx, "NO_SUCH_STREAM", jetstream.ConsumerConfig{Durable: "x"})
		return err
	})
	if err == nil || calls != 1 {
		t.Errorf("err %v after %d calls; want the server's answer after 1 call", err, calls)
	}
}
