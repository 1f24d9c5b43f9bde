package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// DefaultSeenBucket is the JetStream key-value bucket of the seen store.
const DefaultSeenBucket = "CRAWL_SEEN"

// KVSeen is a SeenStore and NearDupIndex on a JetStream key-value bucket,
// shared by every crawler process. Keys:
//
//	a.<article id>           JSON SeenEntry (content hash, ETag, Last-Modified, SimHash)
//
// Keys expire after the bucket's TTL, so an article not seen for that long
// is fetched unconditionally again and a wire story is linked to its first
// copy only within the TTL.
//
// The near-duplicate index is in memory (the banded index of MemorySeen),
// kept up to date by a watch on the bucket: at start it replays every
// stored SeenEntry in write order, then it follows the puts of every
// crawler process. An article therefore costs one key-value write (its
// SeenEntry), not a read-modify-write per band, and a copy that is itself a
// near-duplicate of an earlier article is never indexed as a first copy.
// Two processes fetching the same story within the same moment may each
// take their copy for the first; the next copy links to whichever the
// watch delivered first.
type KVSeen struct {
	KV jetstream.KeyValue

	near    *MemorySeen
	maxDist atomic.Int32  // the crawler's NearDupDistance, for copies the watch sees
	ready   chan struct{} // closed when the watch has replayed the bucket
	stop    context.CancelFunc
	watchWG sync.WaitGroup
	loadErr error // set before ready is closed when the watch failed
}

// NewKVSeen creates (or updates) the bucket, starts the watch that feeds
// the near-duplicate index, and returns the store. ttl 0 keeps keys
// forever; replicas 0 means 1. The watch runs until ctx ends or Close.
func NewKVSeen(ctx context.Context, js jetstream.JetStream, bucket string, ttl time.Duration, replicas int) (*KVSeen, error) {
	if bucket == "" {
		bucket = DefaultSeenBucket
	}
	if replicas <= 0 {
		replicas = 1
	}
	var kv jetstream.KeyValue
	err := pipeline.RetrySetup(ctx, nil, "bucket "+bucket, func(ctx context.Context) error {
		var err error
		kv, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      bucket,
			Description: "claimwatch crawler: articles seen (content hash, validators, SimHash)",
			TTL:         ttl,
			History:     1,
			Replicas:    replicas,
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("seen store bucket %s: %w", bucket, err)
	}
	s := &KVSeen{KV: kv, near: NewMemorySeen(), ready: make(chan struct{})}
	s.maxDist.Store(MaxNearDupDistance)
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.stop = cancel
	w, err := kv.Watch(wctx, "a.>", jetstream.IgnoreDeletes())
	if err != nil {
		cancel()
		return nil, fmt.Errorf("seen store watch %s: %w", bucket, err)
	}
	s.watchWG.Add(1)
	go s.follow(wctx, w)
	go func() {
		select {
		case <-ctx.Done():
			cancel()
		case <-wctx.Done():
		}
	}()
	return s, nil
}

// follow feeds the SimHash of every stored SeenEntry into the in-memory
// index, in write order.
func (s *KVSeen) follow(ctx context.Context, w jetstream.KeyWatcher) {
	defer s.watchWG.Done()
	defer func() { _ = w.Stop() }()
	loaded := false
	for {
		select {
		case <-ctx.Done():
			if !loaded {
				s.loadErr = ctx.Err()
				close(s.ready)
			}
			return
		case e, ok := <-w.Updates():
			if !ok {
				if !loaded {
					s.loadErr = errors.New("seen store watch closed")
					close(s.ready)
				}
				return
			}
			if e == nil { // the replay of stored keys is complete
				if !loaded {
					loaded = true
					close(s.ready)
				}
				continue
			}
			var se SeenEntry
			if json.Unmarshal(e.Value(), &se) != nil || se.SimHash == 0 {
				continue
			}
			id := strings.TrimPrefix(e.Key(), "a.")
			// Indexes it unless it is itself a copy of an earlier article.
			_, _ = s.near.FirstCopy(ctx, id, se.SimHash, int(s.maxDist.Load()))
		}
	}
}

// Close stops the watch.
func (s *KVSeen) Close() {
	s.stop()
	s.watchWG.Wait()
}

// Get implements SeenStore.
func (s *KVSeen) Get(ctx context.Context, id string) (SeenEntry, bool, error) {
	e, err := s.KV.Get(ctx, "a."+id)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return SeenEntry{}, false, nil
	}
	if err != nil {
		return SeenEntry{}, false, fmt.Errorf("seen get %s: %w", id, err)
	}
	var se SeenEntry
	if err := json.Unmarshal(e.Value(), &se); err != nil {
		return SeenEntry{}, false, nil // a corrupt entry is treated as unseen
	}
	return se, true, nil
}

// Put implements SeenStore.
func (s *KVSeen) Put(ctx context.Context, id string, e SeenEntry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := s.KV.Put(ctx, "a."+id, b); err != nil {
		return fmt.Errorf("seen put %s: %w", id, err)
	}
	return nil
}

// FirstCopy implements NearDupIndex on the in-memory index, once the
// watch has replayed the bucket. The article is indexed in this process
// at once; other processes learn of it when its SeenEntry is put.
func (s *KVSeen) FirstCopy(ctx context.Context, id string, h uint64, maxDist int) (string, error) {
	select {
	case <-s.ready:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if s.loadErr != nil {
		return "", fmt.Errorf("near-duplicate index: %w", s.loadErr)
	}
	return s.near.FirstCopy(ctx, id, h, maxDist)
}

// StoreOptions returns the crawler options the configuration asks for:
// with cfg.SeenStore, a KVSeen on cfg.SeenBucket (cfg.SeenTTL) used as seen
// store and near-duplicate index; nothing otherwise.
func StoreOptions(ctx context.Context, js jetstream.JetStream, cfg Config, replicas int) ([]Option, error) {
	if !cfg.SeenStore {
		return nil, nil
	}
	kv, err := NewKVSeen(ctx, js, cfg.SeenBucket, cfg.SeenTTL, replicas)
	if err != nil {
		return nil, err
	}
	if cfg.NearDupDistance > 0 {
		kv.maxDist.Store(int32(min(cfg.NearDupDistance, MaxNearDupDistance)))
	}
	return []Option{WithSeenStore(kv), WithNearDup(kv)}, nil
}
