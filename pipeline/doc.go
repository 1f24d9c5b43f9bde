// Package pipeline is claimwatch's backbone: the record schema shared by all
// stages (Article, Record, Extraction), the NATS subjects and JetStream
// streams in one place, the connection to NATS (an embedded nats-server with
// JetStream when no URL is configured, an external server or cluster
// otherwise; the same code path after connect), and the stage Runner.
//
// The Runner owns delivery semantics: a durable pull consumer, batched fetch,
// bounded concurrency, Ack only after the stage's outputs are published (with
// their Nats-Msg-Id) or stored, NakWithDelay with exponential backoff for
// transient errors, and Term plus a dead-letter message (stage, error,
// delivery count, original subject and data) for permanent errors or when
// MaxDeliver is exhausted. Stages never ack themselves: retries live in one
// layer only.
package pipeline
