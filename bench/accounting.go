package bench

import (
	"context"
	"fmt"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Expected is one served article as the pipeline names it.
type Expected struct {
	ID  string // pipeline.ArticleID of the canonical URL
	URL string // canonical URL
}

// ExpectedArticles returns the ids the crawler gives arts served at base
// ("http://127.0.0.1:8080"): each page's canonical link is base + Path.
func ExpectedArticles(arts []Article, base string) ([]Expected, error) {
	out := make([]Expected, len(arts))
	for i, a := range arts {
		cu, err := crawler.Canonicalize(base + a.Path)
		if err != nil {
			return nil, fmt.Errorf("bench: canonical URL of %s: %w", a.Path, err)
		}
		out[i] = Expected{ID: pipeline.ArticleID(cu), URL: cu}
	}
	return out, nil
}

// Accounting says where every served article ended up.
type Accounting struct {
	Served        int `json:"served"`          // articles the site published (the corpus)
	Fetched       int `json:"fetched"`         // distinct article pages the crawler requested
	Published     int `json:"published"`       // distinct articles the crawler published to ARTICLES
	NearDupLinked int `json:"near_dup_linked"` // published with a Duplicate-Of link (processed and indexed all the same)
	Indexed       int `json:"indexed"`         // served articles whose record is in the index
	DeadLettered  int `json:"dead_lettered"`   // served articles not indexed but in DEADLETTER with a reason
	Lost          int `json:"lost"`            // served - indexed - dead-lettered
	IndexEntries  int `json:"index_entries"`   // records in the index
	Duplicates    int `json:"duplicates"`      // index entries beyond one per served article id
	// DeadLetters counts every DEADLETTER message by stage (alerts and
	// deliver included, which do not make an article lost).
	DeadLetters map[string]int `json:"dead_letters_by_stage"`
	LostSample  []string       `json:"lost_sample,omitempty"` // up to 10 lost article URLs
}

// Account looks up every served article in idx and in the dead letters and
// counts the index entries. idx must be the run's own index (a fresh one):
// an entry that is not a served article counts as a duplicate.
func Account(ctx context.Context, idx indexer.Index, served []Expected, dls []DeadLetter) (Accounting, error) {
	acc := Accounting{Served: len(served), DeadLetters: map[string]int{}}
	dead := map[string]bool{}
	for _, d := range dls {
		acc.DeadLetters[d.Stage]++
		if d.ID != "" && d.Reason != "" && (d.Stage == "extract" || d.Stage == "index") {
			dead[d.ID] = true
		}
	}
	for _, e := range served {
		_, ok, err := idx.Get(ctx, e.ID)
		if err != nil {
			return acc, fmt.Errorf("bench: index get %s: %w", e.ID, err)
		}
		switch {
		case ok:
			acc.Indexed++
		case dead[e.ID]:
			acc.DeadLettered++
		default:
			acc.Lost++
			if len(acc.LostSample) < 10 {
				acc.LostSample = append(acc.LostSample, e.URL)
			}
		}
	}
	n, err := idx.Count(ctx)
	if err != nil {
		return acc, fmt.Errorf("bench: index count: %w", err)
	}
	acc.IndexEntries = n
	acc.Duplicates = max(0, n-acc.Indexed)
	return acc, nil
}
