package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// RunnerConfig sets how a stage consumes its stream.
type RunnerConfig struct {
	Stream        string        `yaml:"-"`
	Durable       string        `yaml:"-"` // durable consumer name; default the stage name
	FilterSubject string        `yaml:"-"`
	BatchSize     int           `yaml:"batch_size"`      // messages per fetch
	Workers       int           `yaml:"workers"`         // concurrent fetch+process loops
	MaxDeliver    int           `yaml:"max_deliver"`     // deliveries before dead-lettering
	AckWait       time.Duration `yaml:"ack_wait"`        // redelivery after this without ack
	FetchWait     time.Duration `yaml:"fetch_wait"`      // longest wait for a batch
	MaxAckPending int           `yaml:"max_ack_pending"` // consumer flow control
	BackoffBase   time.Duration `yaml:"backoff_base"`    // first NakWithDelay
	BackoffMax    time.Duration `yaml:"backoff_max"`     // cap
	DrainTimeout  time.Duration `yaml:"drain_timeout"`   // time to finish in-flight work on shutdown
	PublishRetry  time.Duration `yaml:"publish_retry"`   // how long a batch is held while its outputs cannot be published (stream leader election, lost connection)
}

// DefaultRunnerConfig returns sane defaults.
func DefaultRunnerConfig() RunnerConfig {
	return RunnerConfig{
		BatchSize:     64,
		Workers:       2,
		MaxDeliver:    8,
		AckWait:       60 * time.Second,
		FetchWait:     500 * time.Millisecond,
		MaxAckPending: 1024,
		BackoffBase:   time.Second,
		BackoffMax:    2 * time.Minute,
		DrainTimeout:  20 * time.Second,
		PublishRetry:  30 * time.Second,
	}
}

func (c RunnerConfig) withDefaults() RunnerConfig {
	d := DefaultRunnerConfig()
	if c.BatchSize <= 0 {
		c.BatchSize = d.BatchSize
	}
	if c.Workers <= 0 {
		c.Workers = d.Workers
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = d.MaxDeliver
	}
	if c.AckWait <= 0 {
		c.AckWait = d.AckWait
	}
	if c.FetchWait <= 0 {
		c.FetchWait = d.FetchWait
	}
	if c.MaxAckPending <= 0 {
		c.MaxAckPending = d.MaxAckPending
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = d.BackoffBase
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = d.BackoffMax
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = d.DrainTimeout
	}
	if c.PublishRetry <= 0 {
		c.PublishRetry = d.PublishRetry
	}
	return c
}

// Runner drives one Stage from a durable pull consumer.
type Runner struct {
	js      jetstream.JetStream
	stage   Stage
	cfg     RunnerConfig
	log     *slog.Logger
	metrics *Metrics
	cons    jetstream.Consumer
}

// NewRunner creates or updates the stage's durable consumer, retrying while
// the cluster cannot answer (RetrySetup).
func NewRunner(ctx context.Context, js jetstream.JetStream, stage Stage, cfg RunnerConfig, log *slog.Logger, m *Metrics) (*Runner, error) {
	cfg = cfg.withDefaults()
	if cfg.Stream == "" {
		return nil, fmt.Errorf("%w: runner for %s has no stream", ErrBadConfig, stage.Name())
	}
	if cfg.Durable == "" {
		cfg.Durable = stage.Name()
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = NewMetrics(nil)
	}
	cc := jetstream.ConsumerConfig{
		Durable:       cfg.Durable,
		Description:   "claimwatch stage " + stage.Name(),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       cfg.AckWait,
		MaxDeliver:    cfg.MaxDeliver,
		MaxAckPending: cfg.MaxAckPending,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		FilterSubject: cfg.FilterSubject,
	}
	var cons jetstream.Consumer
	err := RetrySetup(ctx, log, "consumer "+cfg.Durable+" on "+cfg.Stream, func(ctx context.Context) error {
		var err error
		cons, err = js.CreateOrUpdateConsumer(ctx, cfg.Stream, cc)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("consumer %s on %s: %w", cfg.Durable, cfg.Stream, err)
	}
	return &Runner{js: js, stage: stage, cfg: cfg, log: log.With("stage", stage.Name()), metrics: m, cons: cons}, nil
}

// Run fetches and processes until ctx is cancelled, then stops fetching,
// finishes the batches in flight (publish, ack) within DrainTimeout and
// returns nil.
func (r *Runner) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make(chan error, r.cfg.Workers)
	for i := 0; i < r.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.loop(ctx); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func (r *Runner) loop(ctx context.Context) error {
	for ctx.Err() == nil {
		if err := r.consume(ctx); err != nil && ctx.Err() == nil {
			r.log.Warn("consume failed; resubscribing", "err", err)
			sleep(ctx, time.Second)
		} else if ctx.Err() == nil {
			sleep(ctx, 100*time.Millisecond) // the library closed the iterator: resubscribe
		}
	}
	return nil
}

// consume runs one continuous pull (Messages) until it fails, is closed by
// the library, or ctx ends. A continuous pull keeps a pull request open with
// heartbeats: no message is delivered into an expired request and left
// waiting for AckWait, and a lone message is handled at once. On shutdown
// the iterator is drained: what is already buffered is still handled.
func (r *Runner) consume(ctx context.Context) error {
	it, err := r.cons.Messages(jetstream.PullMaxMessages(r.cfg.BatchSize))
	if err != nil {
		return fmt.Errorf("consume %s: %w", r.cfg.Durable, err)
	}
	defer it.Stop()
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
			it.Drain()
		case <-stopped:
		}
	}()
	idleSince := time.Now()
	starved := 0 // consecutive idle checks that found messages pending
	for {
		msgs, err := r.next(it)
		if len(msgs) == 0 && err == nil && ctx.Err() == nil && time.Since(idleSince) > stallCheck {
			// Watchdog: idle while the consumer has messages waiting means the
			// pull request was lost (e.g. a cluster node or leader went away).
			// Unacknowledged messages count too: after a consumer leader is
			// killed, nak'ed or lost-ack messages are redelivered only into a
			// waiting pull, and NumPending may be 0.
			idleSince = time.Now()
			// Own deadline: an API request sent while the consumer has no
			// leader gets no answer and would wait for ctx's deadline.
			ictx, icancel := context.WithTimeout(ctx, stallCheck)
			info, ierr := r.cons.Info(ictx)
			icancel()
			waiting := ierr == nil && (info.NumPending > 0 || info.NumAckPending > 0)
			if waiting && info.NumWaiting == 0 {
				return errStalled
			}
			// Pull requests may be registered and still never be served: a
			// dead process's or one routed through a lost node linger until
			// they expire. Messages pending through several checks while
			// this worker gets none: pull afresh.
			if waiting && info.NumPending > 0 {
				starved++
			} else {
				starved = 0
			}
			if starved >= starvedChecks {
				return errStalled
			}
		}
		if len(msgs) > 0 {
			starved = 0
			idleSince = time.Now()
			// Work already received is finished even when shutdown starts.
			pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cfg.DrainTimeout+r.cfg.AckWait/2)
			r.handle(pctx, ctx.Done(), it.Stop, msgs)
			cancel()
		}
		if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// stallCheck is how long a worker may see nothing before it checks that its
// pull request is still alive.
const stallCheck = 5 * time.Second

// starvedChecks is how many stall checks in a row may find messages pending
// while pulls are registered but this worker receives nothing.
const starvedChecks = 3

var errStalled = errors.New("pull stalled with messages pending; resubscribing")

// next waits up to FetchWait for one message, then takes what else is
// already buffered, up to BatchSize.
func (r *Runner) next(it jetstream.MessagesContext) ([]jetstream.Msg, error) {
	m, err := it.Next(jetstream.NextMaxWait(r.cfg.FetchWait))
	if err != nil {
		if errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
			return nil, nil
		}
		return nil, err
	}
	msgs := []jetstream.Msg{m}
	for len(msgs) < r.cfg.BatchSize {
		m, err := it.Next(jetstream.NextMaxWait(time.Millisecond))
		if err != nil {
			if errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
				return msgs, nil
			}
			return msgs, err
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// handle processes one batch, publishes its outputs and settles every
// message. ctx bounds the whole batch; stop closes when shutdown begins;
// pause stops the pull this batch came from (see publishOutputs).
func (r *Runner) handle(ctx context.Context, stop <-chan struct{}, pause func(), msgs []jetstream.Msg) {
	name := r.stage.Name()
	in := make([]Message, len(msgs))
	for i, m := range msgs {
		in[i] = Message{Subject: m.Subject(), Data: m.Data(), Header: m.Headers(), Deliveries: 1}
		if md, err := m.Metadata(); err == nil {
			in[i].Deliveries = md.NumDelivered
			in[i].StreamSeq = md.Sequence.Stream
		}
	}
	r.metrics.InFlight.WithLabelValues(name).Add(float64(len(msgs)))
	defer r.metrics.InFlight.WithLabelValues(name).Sub(float64(len(msgs)))
	start := time.Now()
	results := r.stage.Process(ctx, in)
	if len(results) != len(msgs) {
		err := fmt.Errorf("stage %s returned %d results for %d messages", name, len(results), len(msgs))
		r.log.Error("stage contract violated", "err", err)
		results = make([]Result, len(msgs))
		for i := range results {
			results[i].Err = err
		}
	}
	r.publishOutputs(ctx, stop, pause, msgs, results)
	r.metrics.Duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	for i, m := range msgs {
		r.settle(ctx, m, in[i], results[i].Err)
	}
}

// publishOutputs publishes every output and waits for its acknowledgement.
// Outputs whose publish fails for a reason that passes (the output stream is
// electing a leader, the connection is being re-established, an
// acknowledgement was lost) are published again with the same Nats-Msg-Id,
// after a short pause, while the batch is held: its inputs are kept from
// redelivery with InProgress. Holding, rather than nak'ing, keeps an outage
// of the next stream from using up the inputs' deliveries (MaxDeliver) and
// from pushing them into ever longer backoffs: the batch goes on the moment
// the stream is back. After PublishRetry, on shutdown, or on an error that
// cannot pass, the input's result becomes that error, so the input is
// redelivered with backoff (or dead-lettered when permanent).
//
// A hold first calls pause, which stops the worker's pull: messages already
// pulled but not in this batch would otherwise sit in the pull's buffer,
// be redelivered every AckWait and use up their deliveries; stopped, they
// are redelivered once, when a worker pulls again.
func (r *Runner) publishOutputs(ctx context.Context, stop <-chan struct{}, pause func(), msgs []jetstream.Msg, results []Result) {
	var todo []outputRef
	for i := range results {
		if results[i].Err != nil {
			continue
		}
		for j := range results[i].Outputs {
			todo = append(todo, outputRef{input: i, out: j})
		}
	}
	deadline := time.Now().Add(r.cfg.PublishRetry)
	delay := publishRetryFirst
	for round := 1; len(todo) > 0; round++ {
		failed := r.publishRound(ctx, todo, results)
		if len(failed) == 0 {
			return
		}
		retry := failed[:0]
		for _, f := range failed {
			if IsPermanent(f.err) {
				results[f.input].Err = f.err
			} else {
				retry = append(retry, f)
			}
		}
		if len(retry) == 0 {
			return
		}
		held := time.Now().Before(deadline) && ctx.Err() == nil && !closed(stop)
		if held {
			if round == 1 {
				r.log.Info("outputs not acknowledged; holding the batch and publishing again",
					"outputs", len(retry), "batch", len(msgs), "err", retry[0].err)
				if pause != nil {
					pause()
				}
			}
			for _, m := range msgs {
				_ = m.InProgress() // a lost one only means an early redelivery, deduplicated downstream
			}
			r.metrics.Messages.WithLabelValues(r.stage.Name(), "publish_retry").Add(float64(len(retry)))
			held = sleepOrStop(ctx, stop, delay)
			// InProgress again well within AckWait.
			delay = min(2*delay, publishRetryMax, max(r.cfg.AckWait/3, time.Millisecond))
		}
		if !held {
			for _, f := range retry {
				if results[f.input].Err == nil {
					results[f.input].Err = f.err
				}
			}
			return
		}
		todo = todo[:0]
		for _, f := range retry {
			todo = append(todo, f.outputRef)
		}
	}
}

// publishRetryFirst and publishRetryMax bound the pause between publish
// rounds of a held batch.
const (
	publishRetryFirst = 200 * time.Millisecond
	publishRetryMax   = 2 * time.Second
)

// outputRef names one output of one input of a batch.
type outputRef struct{ input, out int }

// failedOutput is an output whose publish failed, with the reason.
type failedOutput struct {
	outputRef
	err error
}

// publishRound publishes the outputs asynchronously and waits for every
// acknowledgement (each bounded by the JetStream context's async publish
// timeout, and by ctx); it returns the ones that failed.
func (r *Runner) publishRound(ctx context.Context, todo []outputRef, results []Result) []failedOutput {
	type pending struct {
		ref outputRef
		fut jetstream.PubAckFuture
	}
	var futs []pending
	var failed []failedOutput
	for _, ref := range todo {
		o := results[ref.input].Outputs[ref.out]
		msg := &nats.Msg{Subject: o.Subject, Data: o.Data, Header: o.Header}
		var opts []jetstream.PublishOpt
		if o.MsgID != "" {
			opts = append(opts, jetstream.WithMsgID(o.MsgID))
		}
		f, err := r.js.PublishMsgAsync(msg, opts...)
		if err != nil {
			if errors.Is(err, nats.ErrMaxPayload) {
				err = Permanent(err)
			}
			failed = append(failed, failedOutput{ref, fmt.Errorf("publish %s: %w", o.Subject, err)})
			continue
		}
		futs = append(futs, pending{ref, f})
	}
	for _, p := range futs {
		select {
		case <-p.fut.Ok():
			r.metrics.Published.WithLabelValues(r.stage.Name()).Inc()
		case err := <-p.fut.Err():
			failed = append(failed, failedOutput{p.ref, fmt.Errorf("publish: %w", err)})
		case <-ctx.Done():
			failed = append(failed, failedOutput{p.ref, fmt.Errorf("publish: %w", ctx.Err())})
		}
	}
	return failed
}

// closed reports whether ch is closed.
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// sleepOrStop waits d; false if ctx ended or stop closed first.
func sleepOrStop(ctx context.Context, stop <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-stop:
		return false
	}
}

func (r *Runner) settle(ctx context.Context, m jetstream.Msg, in Message, err error) {
	name := r.stage.Name()
	switch {
	case err == nil:
		if aerr := m.Ack(); aerr != nil {
			r.log.Warn("ack failed; message will be redelivered", "err", aerr, "seq", in.StreamSeq)
		}
		r.metrics.Messages.WithLabelValues(name, "ack").Inc()
	case IsPermanent(err) || in.Deliveries >= uint64(r.cfg.MaxDeliver):
		reason := err.Error()
		if !IsPermanent(err) {
			reason = fmt.Sprintf("max deliveries (%d) exhausted: %s", r.cfg.MaxDeliver, reason)
		}
		if derr := r.deadLetter(ctx, in, reason); derr != nil {
			r.log.Error("dead-letter publish failed; retrying later", "err", derr, "seq", in.StreamSeq)
			_ = m.NakWithDelay(r.backoff(in.Deliveries))
			r.metrics.Messages.WithLabelValues(name, "nak").Inc()
			return
		}
		_ = m.TermWithReason(truncate(reason, 200))
		r.metrics.Messages.WithLabelValues(name, "term").Inc()
		r.log.Warn("message dead-lettered", "seq", in.StreamSeq, "subject", in.Subject, "deliveries", in.Deliveries, "reason", reason)
	default:
		d := r.backoff(in.Deliveries)
		_ = m.NakWithDelay(d)
		r.metrics.Messages.WithLabelValues(name, "nak").Inc()
		r.log.Info("transient failure; retrying", "seq", in.StreamSeq, "deliveries", in.Deliveries, "delay", d, "err", err)
	}
}

// deadLetter publishes the input to deadletter.<stage> with the reason.
func (r *Runner) deadLetter(ctx context.Context, in Message, reason string) error {
	h := nats.Header{}
	for k, v := range in.Header {
		if k == nats.MsgIdHdr {
			continue
		}
		h[k] = v
	}
	h.Set(HeaderStage, r.stage.Name())
	h.Set(HeaderError, truncate(reason, 4000))
	h.Set(HeaderDeliveries, strconv.FormatUint(in.Deliveries, 10))
	h.Set(HeaderSubject, in.Subject)
	h.Set(HeaderStreamSeq, strconv.FormatUint(in.StreamSeq, 10))
	msg := &nats.Msg{Subject: DeadLetterSubject(r.stage.Name()), Data: in.Data, Header: h}
	id := fmt.Sprintf("dl:%s:%s:%d", r.stage.Name(), r.cfg.Stream, in.StreamSeq)
	_, err := r.js.PublishMsg(ctx, msg, jetstream.WithMsgID(id))
	return err
}

// backoff returns base*2^(n-1), capped, with ±20% jitter.
func (r *Runner) backoff(deliveries uint64) time.Duration {
	return Backoff(r.cfg.BackoffBase, r.cfg.BackoffMax, deliveries)
}

// Backoff returns base*2^(n-1) capped at max, with ±20% jitter.
func Backoff(base, max time.Duration, n uint64) time.Duration {
	if n < 1 {
		n = 1
	}
	d := base
	for i := uint64(1); i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	jitter := time.Duration(float64(d) * 0.2 * (2*rand.Float64() - 1))
	return d + jitter
}

// Pending returns messages not yet delivered plus delivered but not acked.
func (r *Runner) Pending(ctx context.Context) (uint64, error) {
	info, err := r.cons.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.NumPending + uint64(info.NumAckPending), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
