package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/crawler"
)

func newSearchCmd(g *globals) *cobra.Command {
	var asJSON bool
	var size int
	cmd := &cobra.Command{
		Use:   "search [--json] QUERY...",
		Short: "Search the records in the index",
		Long: `search queries the search index under the data directory.

Query syntax (terms AND together; a key repeated ORs its values):
  group:ID        militant group id (claimwatch groups list)
  status:S        claimed | denied | attributed | unclaimed (with group: the same claim)
  type:T          attack type, e.g. bombing, armed_assault, kidnapping
  country:CC      ISO 3166-1 alpha-2 country of an incident
  since:DATE      published on or after YYYY, YYYY-MM or YYYY-MM-DD
  until:DATE      published on or before
  "a phrase"      free text phrase; other words are free text

The embedded index is opened by one process at a time: while 'claimwatch run'
is serving, ask its admin server instead: curl '127.0.0.1:9464/api/search?q=...'`,
		Example: `  claimwatch search status:claimed
  claimwatch search group:al-shabaab status:claimed country:SO since:2024
  claimwatch search --json '"suicide bomber"'`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			if err := a.openIndex(); err != nil {
				return err
			}
			q, err := parseQuery(strings.Join(args, " "))
			if err != nil {
				return err
			}
			q.Size = size
			q.Facets = true
			res, err := a.index.Search(cmd.Context(), q)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			return formatText(cmd.OutOrStdout(), res)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	cmd.Flags().IntVar(&size, "size", 10, "number of hits")
	return cmd
}

func newGroupsCmd(g *globals) *cobra.Command {
	groups := &cobra.Command{Use: "groups", Short: "Inspect the group gazetteer"}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List every group of the gazetteer (configs/groups.yaml + groups.d/)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.load()
			if err != nil {
				return err
			}
			gz, err := loadGazetteer(cfg.Extract.GroupsDir)
			if err != nil {
				return err
			}
			entries := gz.Entries()
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", " ")
				return enc.Encode(entries)
			}
			for _, e := range entries {
				fmt.Fprintf(out, "%-40s %-9s %s\n", e.ID, e.Kind, e.Name)
			}
			fmt.Fprintf(out, "%d groups\n", len(entries))
			return nil
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON: [{id, name, kind, aliases, parents, gtd_names, ...}]")
	groups.AddCommand(list)
	return groups
}

func newParseCmd(g *globals) *cobra.Command {
	var in, out, sourcesFile string
	cmd := &cobra.Command{
		Use:   "parse [--in FILE|-] [--out FILE|-] [--sources FILE]",
		Short: "Extract main text and metadata from HTML pages (JSONL in, JSONL out)",
		Long: `parse runs the crawler's page parser on JSON Lines {id, url, html} and writes
{id, url, canonical_url, title, text, authors, published, lang} or {id, error}
per line, in order, streaming. It is how main-text extraction is measured.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, closeIn, err := openIn(in, cmd.InOrStdin())
			if err != nil {
				return err
			}
			defer closeIn()
			w, closeOut, err := openOut(out, cmd.OutOrStdout())
			if err != nil {
				return err
			}
			var selectors func(string) crawler.Selectors
			if sourcesFile != "" { // parse pages of configured sources with their CSS selectors, as the crawler does
				b, err := os.ReadFile(sourcesFile)
				if err != nil {
					return err
				}
				srcs, err := crawler.ReadSources(b)
				if err != nil {
					return err
				}
				selectors = crawler.SelectorsFor(srcs)
			}
			_, err = crawler.RunParseJSONLWith(cmd.Context(), r, w, selectors)
			if cerr := closeOut(); err == nil {
				err = cerr
			}
			return err
		},
	}
	cmd.Flags().StringVar(&in, "in", "", "input JSONL file, - for stdin")
	cmd.Flags().StringVar(&out, "out", "", "output JSONL file, - for stdout")
	cmd.Flags().StringVar(&sourcesFile, "sources", "", "sources YAML whose per-source CSS selectors apply to pages of their hosts (default: none)")
	return cmd
}
