package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// DefaultSeenBucket is the JetStream key-value bucket of the seen store.
const DefaultSeenBucket = "CRAWL_SEEN"

// KVSeen is a SeenStore and NearDupIndex on a JetStream key-value bucket,
// shared by every crawler process. Keys:
//
//	a.<article id>           JSON SeenEntry (content hash, ETag, Last-Modified, SimHash)
//	s.<band>.<8-bit hex>     lines "<article id> <simhash hex>": the newest 256 articles with that band value
//
// Keys expire after the bucket's TTL, so an article not seen for that long
// is fetched unconditionally again and a wire story is linked to its first
// copy only within the TTL.
type KVSeen struct {
	KV jetstream.KeyValue
}

// NewKVSeen creates (or updates) the bucket and returns the store. ttl 0
// keeps keys forever; replicas 0 means 1.
func NewKVSeen(ctx context.Context, js jetstream.JetStream, bucket string, ttl time.Duration, replicas int) (*KVSeen, error) {
	if bucket == "" {
		bucket = DefaultSeenBucket
	}
	if replicas <= 0 {
		replicas = 1
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      bucket,
		Description: "claimwatch crawler: articles seen (content hash, validators) and SimHash bands",
		TTL:         ttl,
		History:     1,
		Replicas:    replicas,
	})
	if err != nil {
		return nil, fmt.Errorf("seen store bucket %s: %w", bucket, err)
	}
	return &KVSeen{KV: kv}, nil
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

// FirstCopy implements NearDupIndex: one Get per band bucket, then an
// optimistic (revision-checked) update of the buckets to add this article.
func (s *KVSeen) FirstCopy(ctx context.Context, id string, h uint64, maxDist int) (string, error) {
	maxDist = min(maxDist, MaxNearDupDistance)
	type bucket struct {
		key  string
		rev  uint64
		refs []simRef
	}
	var buckets [simBandCount]bucket
	for i, b := range simBands(h) {
		bk := bucket{key: fmt.Sprintf("s.%d.%02x", i, b)}
		e, err := s.KV.Get(ctx, bk.key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
		case err != nil:
			return "", fmt.Errorf("simhash get: %w", err)
		default:
			bk.rev, bk.refs = e.Revision(), parseSimRefs(e.Value())
		}
		for _, r := range bk.refs {
			if r.id != id && Hamming(r.h, h) <= maxDist {
				return r.id, nil
			}
		}
		buckets[i] = bk
	}
	me := simRef{id: id, h: h}
	for _, bk := range buckets {
		for try := 0; try < 5; try++ {
			val := formatSimRefs(addRef(bk.refs, me))
			var err error
			if bk.rev == 0 {
				_, err = s.KV.Create(ctx, bk.key, val)
			} else {
				_, err = s.KV.Update(ctx, bk.key, val, bk.rev)
			}
			if err == nil {
				break
			}
			// Another process wrote the bucket: re-read and retry.
			e, gerr := s.KV.Get(ctx, bk.key)
			if gerr != nil {
				return "", fmt.Errorf("simhash update %s: %w", bk.key, err)
			}
			bk.rev, bk.refs = e.Revision(), parseSimRefs(e.Value())
		}
	}
	return "", nil
}

// Band buckets hold lines "<article id> <simhash hex>".
func parseSimRefs(v []byte) []simRef {
	var out []simRef
	for _, line := range strings.Split(string(v), "\n") {
		id, hx, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if h, err := strconv.ParseUint(hx, 16, 64); err == nil {
			out = append(out, simRef{id: id, h: h})
		}
	}
	return out
}

func formatSimRefs(rs []simRef) []byte {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.id)
		b.WriteByte(' ')
		b.WriteString(strconv.FormatUint(r.h, 16))
		b.WriteByte('\n')
	}
	return []byte(b.String())
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
	return []Option{WithSeenStore(kv), WithNearDup(kv)}, nil
}
