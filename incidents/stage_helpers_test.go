package incidents_test

import (
	"github.com/nats-io/nats.go"

	"github.com/claimwatch/claimwatch/pipeline"
)

func pipelineMsg(r pipeline.Record, data []byte, suffix string) *nats.Msg {
	m := nats.NewMsg(pipeline.RecordSubject("en"))
	m.Data = data
	m.Header.Set(nats.MsgIdHdr, r.ID+"."+r.Article.ContentHash+suffix)
	return m
}
