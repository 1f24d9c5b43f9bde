package alerts

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// testutilCount sums the sample counts of a histogram vector.
func testutilCount(h *prometheus.HistogramVec) uint64 {
	ch := make(chan prometheus.Metric, 16)
	go func() { h.Collect(ch); close(ch) }()
	var n uint64
	for m := range ch {
		var pb dto.Metric
		_ = m.Write(&pb)
		n += pb.GetHistogram().GetSampleCount()
	}
	return n
}

func TestMetricsRegister(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	m.Latency.WithLabelValues("webhook").Observe(1.5)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, mf := range mfs {
		if mf.GetName() == "claimwatch_alert_latency_seconds" {
			found = true
		}
	}
	if !found {
		t.Fatal("claimwatch_alert_latency_seconds not registered")
	}
}
