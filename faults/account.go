package faults

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwatch/claimwatch/pipeline"
)

// ErrUnaccounted is returned by Report.Err when an article is missing or
// duplicated.
var ErrUnaccounted = errors.New("faults: articles not accounted for")

// Report is where every expected article ended up.
type Report struct {
	Want         int            // articles expected
	Indexed      int            // of those, found in the index
	DeadLettered int            // of those, not indexed but in DEADLETTER with a reason
	Missing      []string       // neither indexed nor dead-lettered
	Articles     int            // messages on ARTICLES
	ArticleDups  int            // ARTICLES messages beyond one per article id
	Records      int            // messages on RECORDS
	RecordDups   int            // RECORDS messages beyond one per article id
	Dead         int            // messages on DEADLETTER
	DeadNoReason int            // dead letters without a Claimwatch-Error header
	Reasons      map[string]int // dead-letter stage: reason (first 60 bytes) -> count
	IndexCount   int            // documents in the index (-1 when unknown)
	Unexpected   int            // index documents that are not expected articles
}

// Err is nil when every article is indexed or dead-lettered with a reason,
// and no stream or the index holds one twice.
func (r Report) Err() error {
	var p []string
	if len(r.Missing) > 0 {
		p = append(p, fmt.Sprintf("%d missing (e.g. %s)", len(r.Missing), r.Missing[0]))
	}
	if r.ArticleDups > 0 {
		p = append(p, fmt.Sprintf("%d duplicate articles", r.ArticleDups))
	}
	if r.RecordDups > 0 {
		p = append(p, fmt.Sprintf("%d duplicate records", r.RecordDups))
	}
	if r.DeadNoReason > 0 {
		p = append(p, fmt.Sprintf("%d dead letters without reason", r.DeadNoReason))
	}
	if r.IndexCount >= 0 && r.IndexCount != r.Indexed+r.Unexpected {
		p = append(p, fmt.Sprintf("index holds %d documents for %d distinct ids", r.IndexCount, r.Indexed+r.Unexpected))
	}
	if len(p) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrUnaccounted, strings.Join(p, "; "))
}

// String is a one-line summary for logs and docs.
func (r Report) String() string {
	return fmt.Sprintf("want=%d indexed=%d deadlettered=%d missing=%d articles=%d (dups %d) records=%d (dups %d) deadletter_msgs=%d index_docs=%d reasons=%v",
		r.Want, r.Indexed, r.DeadLettered, len(r.Missing), r.Articles, r.ArticleDups, r.Records, r.RecordDups, r.Dead, r.IndexCount, r.Reasons)
}

// Lookup reports whether the index holds a document with this id.
type Lookup func(ctx context.Context, id string) (bool, error)

// Account reads ARTICLES, RECORDS and DEADLETTER and asks the index about
// every expected id. indexCount is the number of documents in the index
// (-1 if unknown).
func Account(ctx context.Context, js jetstream.JetStream, want []string, indexed Lookup, indexCount int) (Report, error) {
	r := Report{Want: len(want), Reasons: map[string]int{}, IndexCount: indexCount}
	arts, err := streamIDs(ctx, js, pipeline.StreamArticles, nil)
	if err != nil {
		return r, err
	}
	recs, err := streamIDs(ctx, js, pipeline.StreamRecords, nil)
	if err != nil {
		return r, err
	}
	dead, err := streamIDs(ctx, js, pipeline.StreamDeadLetter, func(h map[string][]string) {
		reason := first(h[pipeline.HeaderError])
		if reason == "" {
			r.DeadNoReason++
		}
		r.Reasons[first(h[pipeline.HeaderStage])+": "+truncate(reason, 60)]++
	})
	if err != nil {
		return r, err
	}
	r.Articles, r.ArticleDups = total(arts), dups(arts)
	r.Records, r.RecordDups = total(recs), dups(recs)
	r.Dead = total(dead)
	wantSet := map[string]bool{}
	for _, id := range want {
		wantSet[id] = true
		ok, err := indexed(ctx, id)
		if err != nil {
			return r, fmt.Errorf("index lookup %s: %w", id, err)
		}
		switch {
		case ok:
			r.Indexed++
		case dead[id] > 0:
			r.DeadLettered++
		default:
			r.Missing = append(r.Missing, id)
		}
	}
	if indexCount >= 0 {
		r.Unexpected = max(0, indexCount-r.Indexed)
	}
	sort.Strings(r.Missing)
	return r, nil
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

func dups(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c - 1
	}
	return n
}

// streamIDs counts the messages of a stream by the "id" of their JSON body
// (article or record id); onHeader sees every message's headers.
func streamIDs(ctx context.Context, js jetstream.JetStream, name string, onHeader func(map[string][]string)) (map[string]int, error) {
	s, err := js.Stream(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", name, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", name, err)
	}
	out := map[string]int{}
	if info.State.Msgs == 0 {
		return out, nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("stream %s seq %d: %w", name, seq, err)
		}
		var v struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(m.Data, &v); err != nil || v.ID == "" {
			v.ID = fmt.Sprintf("undecodable:%d", seq)
		}
		out[v.ID]++
		if onHeader != nil {
			onHeader(m.Header)
		}
	}
	return out, nil
}
