package pipeline

import (
	"context"

	"github.com/nats-io/nats.go"
)

// Message is one input message handed to a stage.
type Message struct {
	Subject    string
	Data       []byte
	Header     nats.Header
	Deliveries uint64 // 1 on first delivery
	StreamSeq  uint64
}

// Output is a message a stage wants published; the runner publishes it with
// MsgID as Nats-Msg-Id and waits for JetStream's acknowledgement before it
// acks the input.
type Output struct {
	Subject string
	Data    []byte
	MsgID   string
	Header  nats.Header
}

// Result is a stage's verdict on one input message. A nil Err means success:
// the Outputs are published, then the input is acked. An error marked with
// Permanent dead-letters the input; any other error is retried with backoff.
type Result struct {
	Outputs []Output
	Err     error
}

// Stage processes batches of messages. Process must return exactly one
// Result per input, in order. It must not ack: the Runner does.
type Stage interface {
	Name() string
	Process(ctx context.Context, batch []Message) []Result
}

// StageFunc adapts a per-message function to a Stage.
type StageFunc struct {
	StageName string
	Fn        func(ctx context.Context, m Message) ([]Output, error)
}

// Name implements Stage.
func (s StageFunc) Name() string { return s.StageName }

// Process implements Stage.
func (s StageFunc) Process(ctx context.Context, batch []Message) []Result {
	out := make([]Result, len(batch))
	for i, m := range batch {
		outs, err := s.Fn(ctx, m)
		out[i] = Result{Outputs: outs, Err: err}
	}
	return out
}
