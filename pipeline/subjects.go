package pipeline

import (
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stream names and subjects: the single place where they are defined.
const (
	StreamArticles   = "ARTICLES"
	StreamRecords    = "RECORDS"
	StreamDeadLetter = "DEADLETTER"
	StreamAlerts     = "ALERTS"

	SubjectArticlesPrefix = "articles.raw."
	SubjectRecordsPrefix  = "records."
	SubjectDeadPrefix     = "deadletter."
	SubjectAlertsPrefix   = "claimwatch.alerts."
)

// Dead-letter headers.
const (
	HeaderStage      = "Claimwatch-Stage"
	HeaderError      = "Claimwatch-Error"
	HeaderDeliveries = "Claimwatch-Deliveries"
	HeaderSubject    = "Claimwatch-Subject"
	HeaderStreamSeq  = "Claimwatch-Stream-Seq"
)

// token makes s safe as a single NATS subject token.
func token(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "unknown"
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// ArticleSubject is articles.raw.<host> with the host as one token
// (dots become underscores so that one token names one host).
func ArticleSubject(host string) string { return SubjectArticlesPrefix + token(host) }

// RecordSubject is records.<lang>.
func RecordSubject(lang string) string { return SubjectRecordsPrefix + token(lang) }

// DeadLetterSubject is deadletter.<stage>.
func DeadLetterSubject(stage string) string { return SubjectDeadPrefix + token(stage) }

// AlertSubject is claimwatch.alerts.<rule>.
func AlertSubject(rule string) string { return SubjectAlertsPrefix + token(rule) }

// StreamsConfig sets the limits of every stream.
type StreamsConfig struct {
	Replicas        int           `yaml:"replicas"`         // 1, or 3 on a cluster
	DuplicateWindow time.Duration `yaml:"duplicate_window"` // Nats-Msg-Id dedupe window
	MaxAge          time.Duration `yaml:"max_age"`
	MaxBytes        int64         `yaml:"max_bytes"` // per stream; -1 unlimited
	MemoryStorage   bool          `yaml:"memory_storage"`
}

// DefaultStreamsConfig returns durable defaults.
func DefaultStreamsConfig() StreamsConfig {
	return StreamsConfig{
		Replicas:        1,
		DuplicateWindow: 24 * time.Hour,
		MaxAge:          30 * 24 * time.Hour,
		MaxBytes:        8 << 30,
	}
}

// StreamConfigs returns the JetStream configuration of every stream.
func (c StreamsConfig) StreamConfigs() []jetstream.StreamConfig {
	storage := jetstream.FileStorage
	if c.MemoryStorage {
		storage = jetstream.MemoryStorage
	}
	replicas := c.Replicas
	if replicas <= 0 {
		replicas = 1
	}
	mk := func(name, desc string, subjects ...string) jetstream.StreamConfig {
		return jetstream.StreamConfig{
			Name:        name,
			Description: desc,
			Subjects:    subjects,
			Storage:     storage,
			Replicas:    replicas,
			Retention:   jetstream.LimitsPolicy,
			// A full stream refuses new messages (the publisher gets an
			// error, retries later, and nothing it was told is stored goes
			// away) instead of deleting its oldest ones, which may not
			// have been processed yet. Only MaxAge removes messages.
			Discard:    jetstream.DiscardNew,
			Duplicates: c.DuplicateWindow,
			MaxAge:     c.MaxAge,
			MaxBytes:   c.MaxBytes,
		}
	}
	return []jetstream.StreamConfig{
		mk(StreamArticles, "fetched articles, one message per canonical URL", SubjectArticlesPrefix+">"),
		mk(StreamRecords, "enriched records (article + extraction)", SubjectRecordsPrefix+">"),
		mk(StreamDeadLetter, "messages that can never succeed, with stage and reason headers", SubjectDeadPrefix+">"),
		mk(StreamAlerts, "alerts fired by rules", SubjectAlertsPrefix+">"),
	}
}
