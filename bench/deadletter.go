package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// DeadLetter is one message of the DEADLETTER stream.
type DeadLetter struct {
	Stage  string // pipeline.HeaderStage
	Reason string // pipeline.HeaderError
	ID     string // the article or record id ("id"), or the alert's record_id
}

// ReadDeadLetters returns every message in the DEADLETTER stream.
func ReadDeadLetters(ctx context.Context, js jetstream.JetStream) ([]DeadLetter, error) {
	s, err := js.Stream(ctx, pipeline.StreamDeadLetter)
	if err != nil {
		return nil, fmt.Errorf("bench: dead letters: %w", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("bench: dead letters: %w", err)
	}
	var out []DeadLetter
	if info.State.Msgs == 0 {
		return out, nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("bench: dead letter %d: %w", seq, err)
		}
		var body struct {
			ID       string `json:"id"`
			RecordID string `json:"record_id"`
		}
		_ = json.Unmarshal(m.Data, &body) // a message that is not JSON keeps an empty id
		id := body.ID
		if id == "" {
			id = body.RecordID
		}
		out = append(out, DeadLetter{Stage: m.Header.Get(pipeline.HeaderStage), Reason: m.Header.Get(pipeline.HeaderError), ID: id})
	}
	return out, nil
}
