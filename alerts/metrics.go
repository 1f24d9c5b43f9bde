package alerts

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the alert metrics. Create one per process with NewMetrics.
type Metrics struct {
	// Latency is time to alert: now - Article.FetchedAt, by channel
	// (nats when published to ALERTS, webhook, email when delivered).
	Latency    *prometheus.HistogramVec
	Alerts     *prometheus.CounterVec // rule, kind = first|update|replay
	Deliveries *prometheus.CounterVec // channel, outcome = ok|error|skipped
}

// NewMetrics registers the alert metrics on reg (nil = unregistered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "claimwatch", Name: "alert_latency_seconds",
			Help:    "Time to alert: from the article's fetch to the alert's publication (nats) or delivery (webhook, email).",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 16), // 50 ms .. ~27 min
		}, []string{"channel"}),
		Alerts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "claimwatch", Name: "alerts_total",
			Help: "Alerts emitted by rule: first reports, updates, and replays of an alert already emitted (same key).",
		}, []string{"rule", "kind"}),
		Deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "claimwatch", Name: "alert_deliveries_total",
			Help: "Webhook and e-mail deliveries by outcome.",
		}, []string{"channel", "outcome"}),
	}
	if reg != nil {
		reg.MustRegister(m.Latency, m.Alerts, m.Deliveries)
	}
	return m
}
