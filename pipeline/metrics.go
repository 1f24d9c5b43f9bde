package pipeline

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the runner's Prometheus metrics, labelled by stage. Create one
// per process with NewMetrics and share it between runners.
type Metrics struct {
	Messages  *prometheus.CounterVec   // stage, outcome = ack|nak|term|publish_retry
	Duration  *prometheus.HistogramVec // stage
	Published *prometheus.CounterVec   // stage
	InFlight  *prometheus.GaugeVec     // stage
}

// NewMetrics registers the runner metrics on reg (nil = unregistered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "claimwatch", Name: "stage_messages_total",
			Help: "Messages handled by a stage, by outcome (ack, nak, term; publish_retry counts outputs published again while their batch is held).",
		}, []string{"stage", "outcome"}),
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "claimwatch", Name: "stage_batch_seconds",
			Help:    "Time a stage took to process one fetched batch.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 16),
		}, []string{"stage"}),
		Published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "claimwatch", Name: "stage_published_total",
			Help: "Output messages published by a stage (acknowledged by JetStream).",
		}, []string{"stage"}),
		InFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "claimwatch", Name: "stage_in_flight",
			Help: "Messages a stage is currently processing.",
		}, []string{"stage"}),
	}
	if reg != nil {
		reg.MustRegister(m.Messages, m.Duration, m.Published, m.InFlight)
	}
	return m
}
