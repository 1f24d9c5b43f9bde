package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// IncidentState is what the alerts stage remembers per (rule, incident
// key): which statuses it alerted for which group, to tell a first report
// from an update and to re-emit an alert identically when a record is
// redelivered.
type IncidentState struct {
	Last   *StatusRef             `json:"last,omitempty"` // the latest alerted (group, status)
	Groups map[string]*GroupState `json:"groups,omitempty"`
}

// StatusRef names one group's status.
type StatusRef struct {
	Group  string `json:"group"`
	Status string `json:"status"`
}

// GroupState is one group's alert history for an incident key.
type GroupState struct {
	Current string          `json:"current"`
	Alerted map[string]Sent `json:"alerted"` // status -> the alert sent for it
}

// Sent is an alert already emitted: enough to emit it again unchanged.
type Sent struct {
	Key            string    `json:"key"`
	At             time.Time `json:"at"`
	Update         bool      `json:"update,omitempty"`
	PreviousStatus string    `json:"previous_status,omitempty"`
	PreviousGroup  string    `json:"previous_group,omitempty"`
}

// StateStore keeps IncidentState with optimistic concurrency.
type StateStore interface {
	// Get returns the state and its revision; revision 0 means absent.
	Get(ctx context.Context, key string) (IncidentState, uint64, error)
	// Put stores st if the current revision is rev (0: only if absent);
	// otherwise it returns an error wrapping ErrStateConflict.
	Put(ctx context.Context, key string, st IncidentState, rev uint64) error
}

// StateKey is the store key of (rule, incident key): "<rule>.<hash>" (the
// incident key hashed because ids hold characters keys may not).
func StateKey(rule, incidentKey string) string {
	sum := sha256.Sum256([]byte(incidentKey))
	return rule + "." + hex.EncodeToString(sum[:16])
}

// MemState is an in-memory StateStore (tests, `alerts test`).
type MemState struct {
	mu   sync.Mutex
	m    map[string][]byte
	revs map[string]uint64
	seq  uint64
}

// NewMemState returns an empty in-memory store.
func NewMemState() *MemState {
	return &MemState{m: map[string][]byte{}, revs: map[string]uint64{}}
}

// Get implements StateStore.
func (s *MemState) Get(_ context.Context, key string) (IncidentState, uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.m[key]
	if !ok {
		return IncidentState{}, 0, nil
	}
	var st IncidentState
	err := json.Unmarshal(b, &st) // a deep copy
	return st, s.revs[key], err
}

// Put implements StateStore.
func (s *MemState) Put(_ context.Context, key string, st IncidentState, rev uint64) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.revs[key] != rev {
		return fmt.Errorf("%w: %s at revision %d, not %d", ErrStateConflict, key, s.revs[key], rev)
	}
	s.seq++
	s.m[key], s.revs[key] = b, s.seq
	return nil
}

// KVStateConfig configures the JetStream key-value bucket of alert state.
type KVStateConfig struct {
	Bucket   string        `yaml:"bucket"`   // default claimwatch_alert_state
	TTL      time.Duration `yaml:"ttl"`      // state forgotten after this; default 30 days (the RECORDS max age)
	Replicas int           `yaml:"replicas"` // 1, or 3 on a cluster
	Memory   bool          `yaml:"memory"`   // memory storage (tests only)
}

// DefaultKVStateConfig returns durable defaults.
func DefaultKVStateConfig() KVStateConfig {
	return KVStateConfig{Bucket: "claimwatch_alert_state", TTL: 30 * 24 * time.Hour, Replicas: 1}
}

// KVState is a StateStore in a JetStream key-value bucket: durable across
// restarts and shared by every alerts process.
type KVState struct {
	kv jetstream.KeyValue
}

// NewKVState creates or updates the bucket.
func NewKVState(ctx context.Context, js jetstream.JetStream, cfg KVStateConfig) (*KVState, error) {
	d := DefaultKVStateConfig()
	if cfg.Bucket == "" {
		cfg.Bucket = d.Bucket
	}
	if cfg.TTL <= 0 {
		cfg.TTL = d.TTL
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	storage := jetstream.FileStorage
	if cfg.Memory {
		storage = jetstream.MemoryStorage
	}
	var kv jetstream.KeyValue
	err := pipeline.RetrySetup(ctx, nil, "bucket "+cfg.Bucket, func(ctx context.Context) error {
		var err error
		kv, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      cfg.Bucket,
			Description: "claimwatch alert state per (rule, incident key)",
			History:     1,
			TTL:         cfg.TTL,
			Storage:     storage,
			Replicas:    cfg.Replicas,
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("alert state bucket %s: %w", cfg.Bucket, err)
	}
	return &KVState{kv: kv}, nil
}

// Get implements StateStore.
func (s *KVState) Get(ctx context.Context, key string) (IncidentState, uint64, error) {
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return IncidentState{}, 0, nil
	}
	if err != nil {
		return IncidentState{}, 0, err
	}
	var st IncidentState
	if err := json.Unmarshal(e.Value(), &st); err != nil {
		return IncidentState{}, 0, fmt.Errorf("alert state %s: %w", key, err)
	}
	return st, e.Revision(), nil
}

// Put implements StateStore.
func (s *KVState) Put(ctx context.Context, key string, st IncidentState, rev uint64) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if rev == 0 {
		_, err = s.kv.Create(ctx, key, b)
		if errors.Is(err, jetstream.ErrKeyExists) {
			return fmt.Errorf("%w: %s: %v", ErrStateConflict, key, err)
		}
		return err
	}
	_, err = s.kv.Update(ctx, key, b, rev)
	if errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return fmt.Errorf("%w: %s: %v", ErrStateConflict, key, err)
	}
	return err
}
