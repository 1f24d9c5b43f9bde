package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// TailOptions select what Tail prints.
type TailOptions struct {
	Rule  string        // one rule; empty = every rule
	Since time.Duration // also print alerts published this long ago; 0 = only new ones
	All   bool          // print every alert the stream holds first
	JSON  bool          // print the alert JSON instead of a summary line
}

// Tail prints one line per new alert on claimwatch.alerts.<rule> (every
// rule when rule is empty) until ctx is done, through an ordered ephemeral
// consumer (nothing is acknowledged or changed).
func Tail(ctx context.Context, js jetstream.JetStream, rule string, w io.Writer) error {
	return TailWith(ctx, js, TailOptions{Rule: rule}, w)
}

// TailWith is Tail with options.
func TailWith(ctx context.Context, js jetstream.JetStream, o TailOptions, w io.Writer) error {
	subject := pipeline.SubjectAlertsPrefix + ">"
	if o.Rule != "" {
		subject = pipeline.AlertSubject(o.Rule)
	}
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}, DeliverPolicy: jetstream.DeliverNewPolicy}
	switch {
	case o.All:
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	case o.Since > 0:
		t := time.Now().Add(-o.Since)
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &t
	}
	cons, err := js.OrderedConsumer(ctx, pipeline.StreamAlerts, cfg)
	if err != nil {
		return fmt.Errorf("tail %s: %w", subject, err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("tail %s: %w", subject, err)
	}
	go func() {
		<-ctx.Done()
		it.Stop()
	}()
	for {
		msg, err := it.Next()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return nil
			}
			return fmt.Errorf("tail %s: %w", subject, err)
		}
		if err := printAlert(w, msg.Data(), o.JSON); err != nil {
			it.Stop()
			return err
		}
	}
}

func printAlert(w io.Writer, data []byte, raw bool) error {
	if raw {
		_, err := fmt.Fprintf(w, "%s\n", data)
		return err
	}
	var a Alert
	if err := json.Unmarshal(data, &a); err != nil {
		_, err = fmt.Fprintf(w, "undecodable alert: %v\n", err)
		return err
	}
	_, err := fmt.Fprintf(w, "%s %s key=%s\n", a.AlertedAt.UTC().Format(time.RFC3339), Summary(a), shortKey(a.Key))
	return err
}

func shortKey(k string) string {
	if len(k) > 16 {
		return k[:16]
	}
	return k
}
