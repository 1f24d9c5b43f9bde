// Package alerts tells subscribers when a rule fires on a record: who
// claimed, denied or was blamed for an attack they care about.
//
// Rules live in a YAML file (LoadRules, validated against the group
// gazetteer; a Watcher reloads it on change and keeps the old rules when the
// new file is invalid). RuleSet.Match turns a pipeline.Record into Matches,
// one per (rule, incident or article, group, status).
//
// Two pipeline stages deliver them, each with the runner's at-least-once
// semantics:
//
//   - Stage (durable "alerts") consumes RECORDS, matches every record, keeps
//     per (rule, incident key) state in a JetStream key-value bucket (first
//     report vs update with the previous status) and publishes Alert JSON to
//     claimwatch.alerts.<rule> on the ALERTS stream with Nats-Msg-Id = the
//     alert's idempotency key, so replays never duplicate.
//   - Deliverer (durable "deliver") consumes ALERTS and sends each alert to
//     the rule's webhooks (HMAC-SHA256 signed, optional Slack payload) and
//     e-mail recipients (SMTP), with a rate limit per endpoint. Retries with
//     backoff and dead letters are the runner's: one retry layer.
//
// Explain ("claimwatch alerts test") shows which records would fire which
// rules without sending anything; Tail ("claimwatch alerts tail") prints
// alerts as they are published.
package alerts
