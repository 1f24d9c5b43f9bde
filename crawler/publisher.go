package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Publisher receives every article the crawler extracts.
type Publisher interface {
	Publish(ctx context.Context, a pipeline.Article) error
}

// PublisherFunc adapts a function to Publisher.
type PublisherFunc func(ctx context.Context, a pipeline.Article) error

// Publish implements Publisher.
func (f PublisherFunc) Publish(ctx context.Context, a pipeline.Article) error { return f(ctx, a) }

// PublishMeta is per-message metadata that is not (yet) part of the
// pipeline.Article schema; publishers that understand it implement
// MetaPublisher.
type PublishMeta struct {
	// DuplicateOf is the id of the first article seen with a near-identical
	// body (SimHash), e.g. the same wire story on another site.
	DuplicateOf string
}

// MetaPublisher is a Publisher that can also carry PublishMeta.
type MetaPublisher interface {
	Publisher
	PublishMeta(ctx context.Context, a pipeline.Article, m PublishMeta) error
}

// HeaderDuplicateOf is the NATS header naming the first copy of a
// near-duplicate article: "Claimwatch-Duplicate-Of: <article id>".
const HeaderDuplicateOf = "Claimwatch-Duplicate-Of"

// JetStreamPublisher publishes articles to articles.raw.<host> and waits for
// the stream's acknowledgement. Nats-Msg-Id is "<article id>.<content hash>":
// an unchanged page fetched again is dropped by the duplicate window; a
// revised page gets through and overwrites the record with the same id.
type JetStreamPublisher struct {
	JS jetstream.JetStream
}

// MsgID returns the Nats-Msg-Id of an article.
func MsgID(a pipeline.Article) string { return a.ID + "." + a.ContentHash }

// Publish implements Publisher.
func (p JetStreamPublisher) Publish(ctx context.Context, a pipeline.Article) error {
	return p.PublishMeta(ctx, a, PublishMeta{})
}

// PublishMeta implements MetaPublisher: m.DuplicateOf goes into the
// Claimwatch-Duplicate-Of header.
func (p JetStreamPublisher) PublishMeta(ctx context.Context, a pipeline.Article, m PublishMeta) error {
	data, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode article: %w", err)
	}
	host := "unknown"
	if u, err := url.Parse(a.CanonicalURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	msg := &nats.Msg{Subject: pipeline.ArticleSubject(host), Data: data, Header: nats.Header{}}
	msg.Header.Set("Claimwatch-Source", a.Source)
	if m.DuplicateOf != "" {
		msg.Header.Set(HeaderDuplicateOf, m.DuplicateOf)
	}
	if _, err := p.JS.PublishMsg(ctx, msg, jetstream.WithMsgID(MsgID(a))); err != nil {
		return fmt.Errorf("publish article %s: %w", a.ID, err)
	}
	return nil
}
