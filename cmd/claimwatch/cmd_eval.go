package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/extractor/evalscore"
)

func newEvalCmd(g *globals) *cobra.Command {
	var gold, pred, groups, in string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "eval --gold FILE (--pred FILE | --in ARTICLES) [--groups FILE] [--json]",
		Short: "Score extraction output against hand-annotated gold (same figures as shared/eval/score.py)",
		Long: `eval scores claimwatch extract output against gold annotations exactly as
shared/eval/score.py does: groups recall and precision, claims P/R/F1 with
evidence overlap, polarity errors (claimed vs denied/unclaimed), incidents.
With --in it first runs the extractor on the articles; without --groups it
uses the configured gazetteer.`,
		Example: `  claimwatch eval --gold ../shared/eval/dev/gold.jsonl --in ../shared/eval/dev/articles.jsonl
  claimwatch eval --gold gold.jsonl --pred out.jsonl --groups groups.json --json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			goldF, err := os.Open(gold)
			if err != nil {
				return err
			}
			defer goldF.Close()
			var predR io.Reader
			switch {
			case pred != "":
				f, err := os.Open(pred)
				if err != nil {
					return err
				}
				defer f.Close()
				predR = f
			case in != "":
				var buf bytes.Buffer
				if err := extractJSONL(cmd.Context(), a, in, "-", nil, &buf); err != nil {
					return err
				}
				predR = &buf
			default:
				return errBadEvalArgs
			}
			var groupsR io.Reader
			if groups != "" {
				f, err := os.Open(groups)
				if err != nil {
					return err
				}
				defer f.Close()
				groupsR = f
			} else {
				gz, err := a.gazetteer()
				if err != nil {
					return err
				}
				b, err := json.Marshal(gz.Entries())
				if err != nil {
					return err
				}
				groupsR = bytes.NewReader(b)
			}
			rep, err := evalscore.Score(goldF, predR, groupsR)
			if err != nil {
				return err
			}
			if asJSON {
				return rep.WriteJSON(cmd.OutOrStdout())
			}
			return rep.WriteText(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&gold, "gold", "", "gold annotations (JSONL, shared/eval format)")
	cmd.Flags().StringVar(&pred, "pred", "", "claimwatch extract output (JSONL)")
	cmd.Flags().StringVar(&in, "in", "", "articles to extract first (JSONL), instead of --pred")
	cmd.Flags().StringVar(&groups, "groups", "", "groups list --json output (default: the configured gazetteer)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the score.py --json report")
	_ = cmd.MarkFlagRequired("gold")
	return cmd
}

var errBadEvalArgs = errorString("give --pred FILE or --in ARTICLES")

type errorString string

func (e errorString) Error() string { return string(e) }
