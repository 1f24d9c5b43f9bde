package main

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

func newCrawlCmd(g *globals) *cobra.Command {
	var once bool
	cmd := &cobra.Command{
		Use:   "crawl",
		Short: "Run the crawler stage alone: fetch configured sources and publish articles to JetStream",
		Long: `crawl fetches the sources in configs/sources.yaml (or crawler.sources_file)
with colly and publishes every article to articles.raw.<host> on the ARTICLES
stream of the configured NATS (--nats or nats.url; the embedded server when
empty, which only makes sense with nats.listen so other stages can connect).
Run several crawl processes with different sources files to scale out.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			sources, err := a.sources()
			if err != nil {
				return err
			}
			if err := a.connectNATS(cmd.Context()); err != nil {
				return err
			}
			if err := a.startAdmin(); err != nil {
				return err
			}
			cr, err := a.crawler(cmd.Context())
			if err != nil {
				return err
			}
			if once {
				st, err := cr.Crawl(cmd.Context(), sources)
				a.log.Info("crawl pass finished", "pages", st.Pages, "articles", st.Articles, "published", st.Published, "errors", st.Errors)
				return ignoreCanceled(err)
			}
			return ignoreCanceled(cr.Run(cmd.Context(), sources))
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "one pass over every source, then exit")
	return cmd
}

// stageCmd runs one consuming stage until SIGINT/SIGTERM.
func runStage(ctx context.Context, a *app, mk func(context.Context) (*pipeline.Runner, error)) error {
	if err := a.connectNATS(ctx); err != nil {
		return err
	}
	if err := a.startAdmin(); err != nil {
		return err
	}
	r, err := mk(ctx)
	if err != nil {
		return err
	}
	a.log.Info("stage running; SIGINT or SIGTERM drains and stops it")
	return r.Run(ctx)
}

func newExtractCmd(g *globals) *cobra.Command {
	var in, out string
	var stage bool
	cmd := &cobra.Command{
		Use:   "extract [--in FILE|-] [--out FILE|-]",
		Short: "Extract groups, incidents and claims: JSONL in/out, or the extractor stage on NATS",
		Long: `extract has two modes.

JSONL mode (the extraction contract, shared/eval/README.md): reads JSON Lines
{id, text | html, title, url, published} from --in (default stdin) and writes
one JSON line {id, lang, groups, incidents, claims} per input line to --out
(default stdout), in order, streaming; a bad line gives {id, error} and the
run goes on. It is chosen when --in or --out is given or stdin is a pipe or
file.

Stage mode (--stage, or stdin is a terminal or /dev/null): consumes ARTICLES
from the configured NATS and publishes records to records.<lang>; run several
processes to scale out (they share one durable consumer).`,
		Example: `  claimwatch extract --in articles.jsonl --out records.jsonl
  claimwatch extract < articles.jsonl > records.jsonl
  claimwatch extract --stage --nats nats://nats:4222`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			if !stage && (in != "" || out != "" || stdinIsData()) {
				return extractJSONL(cmd.Context(), a, in, out, cmd.InOrStdin(), cmd.OutOrStdout())
			}
			return ignoreCanceled(runStage(cmd.Context(), a, a.extractRunner))
		},
	}
	cmd.Flags().StringVar(&in, "in", "", "input JSONL file, - for stdin")
	cmd.Flags().StringVar(&out, "out", "", "output JSONL file, - for stdout")
	cmd.Flags().BoolVar(&stage, "stage", false, "run as the extractor stage on NATS")
	return cmd
}

func extractJSONL(ctx context.Context, a *app, in, out string, stdin io.Reader, stdout io.Writer) error {
	if err := a.buildExtractor(); err != nil {
		return err
	}
	r, closeIn, err := openIn(in, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	w, closeOut, err := openOut(out, stdout)
	if err != nil {
		return err
	}
	st, err := extractor.RunJSONL(ctx, r, w, a.ex)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	a.log.Info("extract finished", "stats", st)
	return err
}

func newIndexCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "index",
		Short: "Run the indexer stage alone: store records from JetStream in the search index",
		Long: `index consumes the RECORDS stream of the configured NATS and writes every record
to the search index (index.backend) with its id as document id, acking each
message only after its record is stored. The embedded bleve index is a
single-writer store: run one index process per index path.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			if err := a.openIndex(); err != nil {
				return err
			}
			return ignoreCanceled(runStage(cmd.Context(), a, a.indexRunner))
		},
	}
}

func ignoreCanceled(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// stdinIsData reports whether stdin is a pipe or a regular file (not a
// terminal and not /dev/null).
func stdinIsData() bool {
	fi, err := os.Stdin.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice == 0
}
