package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/export"
	"github.com/claimwatch/claimwatch/indexer"
)

func newExportCmd(g *globals) *cobra.Command {
	var query, format, out string
	var resume bool
	var batch int
	cmd := &cobra.Command{
		Use:   "export --out DIR [--query Q] [--format csv|jsonl|parquet] [--resume]",
		Short: "Export research datasets (articles, claims, incidents, cross-article events) with a codebook and manifest",
		Long: `export streams every record matching a query from the search index into three
tables — articles, claims (one row per article, group and status) and
incidents (with GTD-comparable columns: iyear, imonth, iday, country_txt,
city, latitude, longitude, attacktype1_txt, targtype1_txt, gname, gname2,
claimed, claimmode_txt, compclaim, nkill, nwound) — as CSV, JSONL or Parquet,
plus codebook.json/codebook.md (docs/codebook.md) and manifest.json (query,
counts, time range, versions, sha256 of every file). Memory stays constant;
a terminal gets a progress bar with ETA. An interrupted export continues with
the same command plus --resume.`,
		Example: `  claimwatch export --out /tmp/claims-2024 --format parquet --query 'status:claimed since:2024'
  claimwatch export --out /tmp/all --format csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if query == "" && len(args) > 0 {
				query = strings.Join(args, " ")
			}
			if out == "" {
				return errors.New("--out DIR is required")
			}
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			cfg := a.cfg
			if err := a.openIndex(); err != nil {
				return err
			}
			sc, ok := a.index.(indexer.Scanner)
			if !ok {
				return fmt.Errorf("index backend %q cannot export", cfg.Index.Backend)
			}
			gaz, err := a.gazetteer()
			if err != nil {
				return err
			}
			f, err := export.ParseFormat(format)
			if err != nil {
				return err
			}
			events, closeEvents := a.exportEvents(cmd.Context())
			defer closeEvents()
			m, err := export.Run(cmd.Context(), sc, gaz, export.Options{
				Query: query, Format: f, OutDir: out, Batch: batch, Resume: resume, Events: events,
				Progress:         cmd.ErrOrStderr(),
				GazetteerVersion: export.GazetteerVersion(gaz),
				SoftwareVersion:  export.BuildVersion(),
			}, a.log)
			if errors.Is(err, context.Canceled) {
				return fmt.Errorf("export interrupted; continue with the same command plus --resume: %w", err)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d records -> %s (articles %d, claims %d, incidents %d)\n",
				m.Records, out, m.Rows["articles"], m.Rows["claims"], m.Rows["incidents"])
			return nil
		},
	}
	cmd.Flags().StringVar(&query, "query", "", "search query (claimwatch search --help for the syntax); empty = everything")
	cmd.Flags().StringVar(&format, "format", "csv", "csv, jsonl or parquet")
	cmd.Flags().StringVar(&out, "out", "", "output directory (must be new, or an interrupted export with --resume)")
	cmd.Flags().BoolVar(&resume, "resume", false, "continue an interrupted export in --out")
	cmd.Flags().IntVar(&batch, "batch", 0, "records per batch and checkpoint (0 = 1000)")
	return cmd
}
