package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func benchConn(b *testing.B, lazy bool) *Conn {
	b.Helper()
	cfg := DefaultNATSConfig()
	cfg.StoreDir = b.TempDir()
	cfg.LazySync = lazy
	c, err := Connect(context.Background(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	return c
}

// BenchmarkPublish4KB measures durable publishes of 4 KB articles with
// Nats-Msg-Id, awaiting every PubAck in windows of 256 (as the runner does),
// with fsync on every write (the default) and with lazy sync.
func BenchmarkPublish4KB(b *testing.B) {
	payload := bytes.Repeat([]byte("x"), 4096)
	for _, lazy := range []bool{false, true} {
		name := "sync_always"
		if lazy {
			name = "lazy_sync"
		}
		b.Run(name, func(b *testing.B) {
			c := benchConn(b, lazy)
			b.SetBytes(int64(len(payload)))
			b.ResetTimer()
			var futs []jetstream.PubAckFuture
			for i := 0; i < b.N; i++ {
				f, err := c.JS.PublishMsgAsync(&nats.Msg{Subject: ArticleSubject("bench.example"), Data: payload}, jetstream.WithMsgID(fmt.Sprint(i)))
				if err != nil {
					b.Fatal(err)
				}
				futs = append(futs, f)
				if len(futs) == 256 || i == b.N-1 {
					for _, f := range futs {
						select {
						case <-f.Ok():
						case err := <-f.Err():
							b.Fatal(err)
						}
					}
					futs = futs[:0]
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkRunner measures messages/s through the runner: fetch, a stage
// that republishes each message to RECORDS (awaiting PubAck), ack.
func BenchmarkRunner(b *testing.B) {
	c := benchConn(b, false)
	payload := bytes.Repeat([]byte("y"), 4096)
	for i := 0; i < b.N; i++ {
		if _, err := c.JS.PublishMsgAsync(&nats.Msg{Subject: ArticleSubject("bench.example"), Data: payload}, jetstream.WithMsgID(fmt.Sprint(i))); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-c.JS.PublishAsyncComplete():
	case <-time.After(time.Minute):
		b.Fatal("publish timeout")
	}
	stage := StageFunc{StageName: "bench", Fn: func(_ context.Context, m Message) ([]Output, error) {
		return []Output{{Subject: RecordSubject("en"), Data: m.Data, MsgID: fmt.Sprint(m.StreamSeq)}}, nil
	}}
	cfg := DefaultRunnerConfig()
	cfg.Stream = StreamArticles
	cfg.FetchWait = 50 * time.Millisecond
	r, err := NewRunner(context.Background(), c.JS, stage, cfg, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	b.ResetTimer()
	go func() { done <- r.Run(ctx) }()
	for {
		n, err := r.Pending(context.Background())
		if err == nil && n == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.StopTimer()
	cancel()
	<-done
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
