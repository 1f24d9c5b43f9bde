package alerts

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Config is the `alerts:` section of the claimwatch configuration.
type Config struct {
	RulesFile string          `yaml:"rules_file"` // the rules (configs/alerts.yaml); empty disables alerts
	Reload    time.Duration   `yaml:"reload"`     // how often the rules file is checked for changes; default 5s
	Stage     StageConfig     `yaml:"stage"`
	State     KVStateConfig   `yaml:"state"`
	Deliver   DelivererConfig `yaml:"deliver"`
	// Runner drives the alerts stage (RECORDS, durable "alerts");
	// DeliverRunner the deliverer (ALERTS, durable "deliver"): its
	// max_deliver is the number of delivery attempts before a dead letter,
	// backoff_base/backoff_max the retry schedule.
	Runner        pipeline.RunnerConfig `yaml:"runner"`
	DeliverRunner pipeline.RunnerConfig `yaml:"deliver_runner"`
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	r := pipeline.DefaultRunnerConfig()
	r.BatchSize = 64
	d := pipeline.DefaultRunnerConfig()
	d.BatchSize = 16 // rate limits make delivery slow: keep batches within AckWait
	d.MaxDeliver = 10
	d.BackoffBase = 5 * time.Second
	d.BackoffMax = 10 * time.Minute
	return Config{
		Reload:        5 * time.Second,
		Stage:         DefaultStageConfig(),
		State:         DefaultKVStateConfig(),
		Deliver:       DefaultDelivererConfig(),
		Runner:        r,
		DeliverRunner: d,
	}
}

// Runners are the two alert stages ready to Run.
type Runners struct {
	Alerts    *pipeline.Runner // RECORDS -> ALERTS, durable "alerts"
	Deliver   *pipeline.Runner // ALERTS -> webhooks, e-mail; durable "deliver"
	Stage     *Stage
	Deliverer *Deliverer
}

// NewRunners builds the alerts stage (state in the JetStream KV bucket) and
// the deliverer over src, each with its durable consumer.
func NewRunners(ctx context.Context, js jetstream.JetStream, src RuleSource, cfg Config, log *slog.Logger, pm *pipeline.Metrics, am *Metrics) (*Runners, error) {
	if am == nil {
		am = NewMetrics(nil)
	}
	state, err := NewKVState(ctx, js, cfg.State)
	if err != nil {
		return nil, err
	}
	st := NewStage(src, state, cfg.Stage, log, am)
	rc := cfg.Runner
	rc.Stream, rc.Durable = pipeline.StreamRecords, "alerts"
	ar, err := pipeline.NewRunner(ctx, js, st, rc, log, pm)
	if err != nil {
		return nil, fmt.Errorf("alerts stage: %w", err)
	}
	dl := NewDeliverer(src, cfg.Deliver, nil, log, am)
	dc := cfg.DeliverRunner
	dc.Stream, dc.Durable = pipeline.StreamAlerts, "deliver"
	dr, err := pipeline.NewRunner(ctx, js, dl, dc, log, pm)
	if err != nil {
		return nil, fmt.Errorf("deliver stage: %w", err)
	}
	return &Runners{Alerts: ar, Deliver: dr, Stage: st, Deliverer: dl}, nil
}
