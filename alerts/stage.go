package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// StageConfig configures the alerts stage.
type StageConfig struct {
	// ReplayWindow: an alert already emitted is emitted again, identical,
	// when its record comes back within this time (the publish may have
	// failed; JetStream's duplicate window drops it otherwise), and never
	// after. Keep it at most the ALERTS duplicate window. Default 24h.
	ReplayWindow time.Duration `yaml:"replay_window"`
	// StateRetries bounds optimistic-concurrency retries on the state store.
	StateRetries int `yaml:"state_retries"`
}

// DefaultStageConfig returns the defaults.
func DefaultStageConfig() StageConfig {
	return StageConfig{ReplayWindow: 24 * time.Hour, StateRetries: 8}
}

// Stage is the alerts pipeline stage: it consumes RECORDS (durable
// "alerts"), matches each record against the current rules and outputs one
// Alert per new (rule, incident key, group, status) to
// claimwatch.alerts.<rule> with Nats-Msg-Id = the alert key.
type Stage struct {
	src     RuleSource
	state   StateStore
	cfg     StageConfig
	log     *slog.Logger
	metrics *Metrics
	now     func() time.Time
}

// NewStage builds the stage. state is a *KVState in production and a
// *MemState in tests.
func NewStage(src RuleSource, state StateStore, cfg StageConfig, log *slog.Logger, m *Metrics) *Stage {
	d := DefaultStageConfig()
	if cfg.ReplayWindow <= 0 {
		cfg.ReplayWindow = d.ReplayWindow
	}
	if cfg.StateRetries <= 0 {
		cfg.StateRetries = d.StateRetries
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = NewMetrics(nil)
	}
	return &Stage{src: src, state: state, cfg: cfg, log: log, metrics: m, now: time.Now}
}

// Name implements pipeline.Stage.
func (s *Stage) Name() string { return "alerts" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, batch []pipeline.Message) []pipeline.Result {
	out := make([]pipeline.Result, len(batch))
	for i, m := range batch {
		var rec pipeline.Record
		if err := json.Unmarshal(m.Data, &rec); err != nil {
			out[i].Err = pipeline.Permanent(fmt.Errorf("decode record: %w", err))
			continue
		}
		if rec.ID == "" {
			out[i].Err = pipeline.Permanent(errors.New("record without id"))
			continue
		}
		alerts, err := s.Alerts(ctx, rec)
		if err != nil {
			out[i].Err = err
			continue
		}
		for _, a := range alerts {
			data, err := json.Marshal(a)
			if err != nil {
				out[i] = pipeline.Result{Err: pipeline.Permanent(fmt.Errorf("encode alert: %w", err))}
				break
			}
			out[i].Outputs = append(out[i].Outputs, pipeline.Output{Subject: pipeline.AlertSubject(a.Rule), Data: data, MsgID: a.Key})
			if !a.FetchedAt.IsZero() {
				s.metrics.Latency.WithLabelValues("nats").Observe(s.now().Sub(a.FetchedAt).Seconds())
			}
		}
	}
	return out
}

// Alerts matches rec and returns the alerts to publish, updating the state
// of each (rule, incident key) it touches.
func (s *Stage) Alerts(ctx context.Context, rec pipeline.Record) ([]Alert, error) {
	matches := s.src.Rules().Match(rec)
	if len(matches) == 0 {
		return nil, nil
	}
	// Group by (rule, incident key), keeping order.
	type bucket struct {
		key string
		ms  []Match
	}
	var buckets []*bucket
	idx := map[string]*bucket{}
	for _, m := range matches {
		k := StateKey(m.Rule, m.IncidentKey)
		b := idx[k]
		if b == nil {
			b = &bucket{key: k}
			idx[k] = b
			buckets = append(buckets, b)
		}
		b.ms = append(b.ms, m)
	}
	var out []Alert
	for _, b := range buckets {
		as, err := s.resolve(ctx, b.key, b.ms, rec)
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	return out, nil
}

// resolve decides, against the stored state, which matches of one (rule,
// incident key) become alerts, and stores the new state (compare and swap).
func (s *Stage) resolve(ctx context.Context, key string, ms []Match, rec pipeline.Record) ([]Alert, error) {
	for attempt := 0; ; attempt++ {
		st, rev, err := s.state.Get(ctx, key)
		if err != nil {
			return nil, fmt.Errorf("alert state %s: %w", key, err)
		}
		now := s.now().UTC()
		alerts, kinds, changed := decide(&st, ms, rec, now, s.cfg.ReplayWindow)
		if changed {
			err = s.state.Put(ctx, key, st, rev)
			if errors.Is(err, ErrStateConflict) && attempt < s.cfg.StateRetries {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("alert state %s: %w", key, err)
			}
		}
		for i, a := range alerts {
			s.metrics.Alerts.WithLabelValues(a.Rule, kinds[i]).Inc()
		}
		return alerts, nil
	}
}

// decide applies the matches of one record to the state of their (rule,
// incident key). A (group, status) never alerted becomes an alert; it is an
// update when the state held an alert before this record, with the status
// it replaces (the group's own, else the latest of any group). A (group,
// status) already alerted is emitted again unchanged within window and
// dropped after it.
func decide(st *IncidentState, ms []Match, rec pipeline.Record, now time.Time, window time.Duration) (alerts []Alert, kinds []string, changed bool) {
	existed := len(st.Groups) > 0
	var lastBefore *StatusRef
	if st.Last != nil {
		l := *st.Last
		lastBefore = &l
	}
	if st.Groups == nil {
		st.Groups = map[string]*GroupState{}
	}
	for _, m := range ms {
		g := st.Groups[m.Group]
		if g == nil {
			g = &GroupState{Alerted: map[string]Sent{}}
			st.Groups[m.Group] = g
		}
		if sent, ok := g.Alerted[m.Status]; ok {
			if g.Current != m.Status {
				g.Current = m.Status
				changed = true
			}
			if now.Sub(sent.At) > window {
				continue
			}
			a := NewAlert(m, rec)
			a.Update, a.PreviousStatus, a.PreviousGroup, a.AlertedAt = sent.Update, sent.PreviousStatus, sent.PreviousGroup, sent.At
			alerts, kinds = append(alerts, a), append(kinds, "replay")
			continue
		}
		a := NewAlert(m, rec)
		a.AlertedAt = now
		if existed {
			a.Update = true
			switch {
			case g.Current != "":
				a.PreviousStatus, a.PreviousGroup = g.Current, m.Group
			case lastBefore != nil:
				a.PreviousStatus, a.PreviousGroup = lastBefore.Status, lastBefore.Group
			}
		}
		g.Alerted[m.Status] = Sent{Key: a.Key, At: now, Update: a.Update, PreviousStatus: a.PreviousStatus, PreviousGroup: a.PreviousGroup}
		g.Current = m.Status
		st.Last = &StatusRef{Group: m.Group, Status: m.Status}
		changed = true
		kind := "first"
		if a.Update {
			kind = "update"
		}
		alerts, kinds = append(alerts, a), append(kinds, kind)
	}
	return alerts, kinds, changed
}
