package extractor

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Stage is the extractor as a pipeline stage: it reads Articles from
// ARTICLES and publishes Records to records.<lang>. The record id is the
// article id, and Nats-Msg-Id is "<id>.<content hash>", so a redelivered
// article never produces a second record while a revised one replaces it;
// the extractor version is part of it too, so a re-extraction after a rule
// or gazetteer change passes the duplicate window.
type Stage struct {
	ex          *Extractor
	version     string
	concurrency int
	now         func() time.Time
}

// NewStage wraps an Extractor. concurrency bounds the articles extracted in
// parallel within one batch (<= 0 means 1).
func NewStage(ex *Extractor, concurrency int) *Stage {
	if concurrency <= 0 {
		concurrency = 1
	}
	return &Stage{ex: ex, version: ex.Version(), concurrency: concurrency, now: time.Now}
}

// Name implements pipeline.Stage.
func (s *Stage) Name() string { return "extract" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, batch []pipeline.Message) []pipeline.Result {
	out := make([]pipeline.Result, len(batch))
	sem := make(chan struct{}, s.concurrency)
	var wg sync.WaitGroup
	for i := range batch {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = s.one(batch[i])
		}(i)
	}
	wg.Wait()
	return out
}

func (s *Stage) one(m pipeline.Message) pipeline.Result {
	var a pipeline.Article
	if err := json.Unmarshal(m.Data, &a); err != nil {
		return pipeline.Result{Err: pipeline.Permanent(fmt.Errorf("decode article: %w", err))}
	}
	if a.ID == "" {
		return pipeline.Result{Err: pipeline.Permanent(fmt.Errorf("article without id"))}
	}
	rec, err := s.Reextract(a, s.now())
	if err != nil {
		return pipeline.Result{Err: pipeline.Permanent(err)}
	}
	lang := rec.Lang
	data, err := json.Marshal(rec)
	if err != nil {
		return pipeline.Result{Err: pipeline.Permanent(fmt.Errorf("encode record: %w", err))}
	}
	return pipeline.Result{Outputs: []pipeline.Output{{
		Subject: pipeline.RecordSubject(lang),
		Data:    data,
		MsgID:   a.ID + "." + a.ContentHash + "." + s.version,
	}}}
}

// Reextract runs the extractor on an article and builds its Record (same id
// as the article), stamped with the extractor version.
func (s *Stage) Reextract(a pipeline.Article, now time.Time) (pipeline.Record, error) {
	ext := s.ex.Extract(Input{ID: a.ID, Text: a.Text, Title: a.Title, URL: a.CanonicalURL, Published: a.Published})
	if ext.Error != "" {
		return pipeline.Record{}, fmt.Errorf("extract %s: %s", a.ID, ext.Error)
	}
	lang := ext.Lang
	if lang == "" {
		lang = a.Lang
	}
	return pipeline.Record{
		SchemaVersion:    pipeline.SchemaVersion,
		ID:               a.ID,
		Article:          a,
		Lang:             lang,
		Groups:           ext.Groups,
		Incidents:        ext.Incidents,
		Claims:           ext.Claims,
		ExtractedAt:      now.UTC(),
		ExtractorVersion: s.version,
	}, nil
}
