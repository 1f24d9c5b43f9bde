package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

func newReprocessCmd(g *globals) *cobra.Command {
	var query string
	var all bool
	cmd := &cobra.Command{
		Use:   "reprocess [--query Q] [--all]",
		Short: "Re-extract stored articles after the gazetteer or the rules changed",
		Long: `reprocess scans the records in the search index (optionally only those
matching --query), re-runs the extractor on each stored article and writes
the new record back under the same id. Records already produced by the
current extractor version (rules version + gazetteer fingerprint) are skipped
unless --all is given. Stop 'claimwatch run' first: the embedded index has one
writer.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			if err := a.openIndex(); err != nil {
				return err
			}
			if err := a.buildExtractor(); err != nil {
				return err
			}
			st, err := reprocess(cmd.Context(), a.index, a.ex, query, all)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "scanned %d records, re-extracted %d, skipped %d (already %s)\n", st.scanned, st.updated, st.scanned-st.updated, a.ex.Version())
			return nil
		},
	}
	cmd.Flags().StringVar(&query, "query", "", "only records matching this query (claimwatch search syntax)")
	cmd.Flags().BoolVar(&all, "all", false, "re-extract even records from the current extractor version")
	return cmd
}

type reprocessStats struct{ scanned, updated int }

// reprocess re-extracts the stored articles of idx in batches of 100.
func reprocess(ctx context.Context, idx indexer.Index, ex *extractor.Extractor, query string, all bool) (reprocessStats, error) {
	var st reprocessStats
	sc, ok := idx.(indexer.Scanner)
	if !ok {
		return st, fmt.Errorf("this index backend cannot be scanned for reprocessing")
	}
	q, err := indexer.ParseQuery(query)
	if err != nil {
		return st, err
	}
	version := ex.Version()
	stage := extractor.NewStage(ex, 1)
	var batch []pipeline.Record
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := idx.Put(ctx, batch)
		batch = batch[:0]
		return err
	}
	_, err = sc.Scan(ctx, q, "", 500, func(rec pipeline.Record) error {
		st.scanned++
		if !all && rec.ExtractorVersion == version {
			return nil
		}
		nr, err := stage.Reextract(rec.Article, time.Now())
		if err != nil {
			return err
		}
		batch = append(batch, nr)
		st.updated++
		if len(batch) >= 100 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	return st, flush()
}
