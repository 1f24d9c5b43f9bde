package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// Tap subscribes (core NATS, no JetStream consumer) to subject and calls fn
// with every message published there and when it arrived. It observes, it
// takes nothing from the pipeline: a message the tap misses is still
// processed. fn must be quick; the subscription has no pending limits.
func Tap(nc *nats.Conn, subject string, fn func(m *nats.Msg, at time.Time)) (*nats.Subscription, error) {
	sub, err := nc.Subscribe(subject, func(m *nats.Msg) { fn(m, time.Now()) })
	if err != nil {
		return nil, fmt.Errorf("bench: tap %s: %w", subject, err)
	}
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		_ = sub.Unsubscribe()
		return nil, fmt.Errorf("bench: tap %s: %w", subject, err)
	}
	return sub, nil
}

// MsgArticleID returns the article id a pipeline message is about: the
// first dot-separated part of its Nats-Msg-Id ("<id>.<content hash>" on
// ARTICLES, "<id>.<content hash>.<extractor version>" on RECORDS).
func MsgArticleID(m *nats.Msg) string {
	if m.Header == nil {
		return ""
	}
	id, _, _ := strings.Cut(m.Header.Get(nats.MsgIdHdr), ".")
	return id
}
