package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/indexer/elastic"
	"github.com/claimwatch/claimwatch/pipeline"
)

// openIncidents opens the incident index of the configured backend: a
// bleve index at <data>/incidents, or the Elasticsearch
// <index prefix>-incidents index.
func (a *app) openIncidents(ctx context.Context) (indexer.IncidentIndex, error) {
	switch a.cfg.Index.Backend {
	case "bleve", "":
		dir := filepath.Join(a.cfg.DataDir, "incidents")
		x, err := indexer.OpenBleveIncidents(dir, a.log)
		if err != nil {
			return nil, fmt.Errorf("open incident index %s: %w", dir, err)
		}
		return x, nil
	case "elasticsearch", "es":
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		x, err := elastic.OpenIncidents(ctx, a.cfg.Index.ES, a.log)
		if err != nil {
			return nil, fmt.Errorf("open elasticsearch incident index: %w", err)
		}
		return x, nil
	default:
		return nil, fmt.Errorf("%w: index.backend %q (supported: bleve, elasticsearch)", pipeline.ErrBadConfig, a.cfg.Index.Backend)
	}
}

// incidentsRunner opens the incident index and builds the incidents stage
// (RECORDS, durable "incidents", the index runner's batch settings). The
// caller closes the index after the runner has stopped.
func (a *app) incidentsRunner(ctx context.Context) (*pipeline.Runner, indexer.IncidentIndex, error) {
	x, err := a.openIncidents(ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err := incidents.NewRunner(ctx, a.nats.JS, incidents.NewEngine(a.cfg.Incidents.Config), x, a.cfg.Index.Runner, a.log, a.metrics)
	if err != nil {
		_ = x.Close()
		return nil, nil, fmt.Errorf("incidents stage: %w", err)
	}
	return r, x, nil
}

// printIncidentSummary adds the cross-article incidents to the run summary.
func printIncidentSummary(ctx context.Context, out io.Writer, x indexer.IncidentIndex) error {
	res, err := x.Search(ctx, incidents.Query{Size: indexer.MaxSize})
	if err != nil {
		return err
	}
	multi := 0
	var top []incidents.Incident
	for _, inc := range res.Incidents {
		if len(inc.Sources) > 1 {
			multi++
			top = append(top, inc)
		}
	}
	sort.SliceStable(top, func(i, j int) bool { return len(top[i].Sources) > len(top[j].Sources) })
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "  cross-article incidents\t%d (%d told by several articles)\n", res.Total, multi)
	for _, inc := range top[:min(3, len(top))] {
		fmt.Fprintf(w, "    %s\t%d sources\t%s\n", inc.ID, len(inc.Sources), inc.Title)
	}
	return w.Flush()
}

func newIncidentsCmd(g *globals) *cobra.Command {
	var asJSON, stage bool
	var size int
	cmd := &cobra.Command{
		Use:   "incidents [--json] QUERY... | incidents --stage",
		Short: "Search the cross-article incidents (one per attack, however many articles told it)",
		Long: `incidents queries the incident index: the attacks that the incidents stage of
'claimwatch run' (or 'claimwatch index') built by merging the reports of
several articles, outlets and days, each with its sources and claim timeline
(first claim, denials, competing claims, retractions).

Query syntax as for search: group:ID status:S type:T country:CC since:DATE
until:DATE and free words (matched against the titles of the sources).
status: is the latest status of any group; since/until bound the attack dates.

--stage runs the incidents stage alone (like 'index' for the records):
it consumes RECORDS with the durable consumer "incidents" and upserts the
incident index until SIGINT or SIGTERM. Run one such process per incident
index: it is the index's only writer.`,
		Example: `  claimwatch incidents group:al-shabaab
  claimwatch incidents --json country:SO since:2025-03`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			if stage {
				return ignoreCanceled(runIncidentsStage(cmd.Context(), a))
			}
			iq, err := parseQuery(strings.Join(args, " "))
			if err != nil {
				return err
			}
			x, err := a.openIncidents(cmd.Context())
			if err != nil {
				return err
			}
			defer x.Close()
			q := incidents.Query{Text: iq.Text, Groups: iq.Groups, Statuses: iq.Statuses, Types: iq.Types,
				Countries: iq.Countries, Since: iq.Since, Until: iq.Until, Size: size}
			res, err := x.Search(cmd.Context(), q)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			return formatIncidents(cmd.OutOrStdout(), res)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON (incidents with sources and timeline)")
	cmd.Flags().IntVar(&size, "size", 10, "number of incidents")
	cmd.Flags().BoolVar(&stage, "stage", false, "run the incidents stage on NATS instead of searching")
	return cmd
}

// runIncidentsStage is `incidents --stage`: the stage alone until ctx ends;
// the incident index is closed after the runner has drained.
func runIncidentsStage(ctx context.Context, a *app) error {
	if err := a.connectNATS(ctx); err != nil {
		return err
	}
	if err := a.startAdmin(); err != nil {
		return err
	}
	r, x, err := a.incidentsRunner(ctx)
	if err != nil {
		return err
	}
	defer x.Close()
	a.log.Info("incidents stage running; SIGINT or SIGTERM drains and stops it")
	return r.Run(ctx)
}

// formatIncidents prints one block per incident: headline, sources and
// the claim timeline.
func formatIncidents(out io.Writer, res incidents.Result) error {
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "%d incidents\n", res.Total)
	for _, inc := range res.Incidents {
		place := inc.Country
		if inc.Location != nil {
			place = inc.Location.Name + ", " + inc.Location.Country
		}
		fmt.Fprintf(w, "\n%s  %s  %s  %s\n", inc.ID, orDash(inc.Date), orDash(inc.Type), orDash(place))
		fmt.Fprintf(w, "  %s\n", inc.Title)
		if inc.Killed != nil || inc.Injured != nil {
			fmt.Fprintf(w, "  killed %s, injured %s (latest report)\n", intOrDash(inc.Killed), intOrDash(inc.Injured))
		}
		fmt.Fprintf(w, "  first seen %s, %d sources from %d outlets\n", inc.FirstSeen.Format(time.RFC3339), len(inc.Sources), len(inc.Outlets))
		for _, s := range inc.Sources {
			fmt.Fprintf(w, "    source\t%s\t%s\t%s\n", s.Time.Format("2006-01-02 15:04"), orDash(s.Outlet), s.URL)
		}
		for _, e := range inc.Timeline {
			fmt.Fprintf(w, "    %s\t%s\t%s\t%s\n", e.At.Format("2006-01-02 15:04"), e.Kind, orDash(e.GroupID), orDash(e.Outlet))
		}
	}
	return w.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func intOrDash(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}
