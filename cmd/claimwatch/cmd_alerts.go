package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/claimwatch/claimwatch/alerts"
)

func newAlertsCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "alerts",
		Short: "Alert rules: test them on records, tail fired alerts, run the alert stages",
		Long: `Alerts tell subscribers within seconds that a group they follow claimed,
denied or was blamed for an attack in a place they watch. Rules live in
configs/alerts.yaml (alerts.rules_file; "" = the bundled file, hot-reloaded
when it is a file on disk). Each alert goes to the NATS subject
claimwatch.alerts.<rule>, and to the rule's webhooks (HMAC-SHA256 signed) and
e-mail recipients, at least once, with an idempotency key per
(rule, incident, group, status).`,
	}
	var rulesFile, in string
	test := &cobra.Command{
		Use:   "test --rules FILE --in records.jsonl",
		Short: "Show which records would fire which rules, without sending anything",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.load()
			if err != nil {
				return err
			}
			gaz, err := loadGazetteer(cfg.Extract.GroupsDir)
			if err != nil {
				return err
			}
			rs, err := alerts.LoadRules(rulesFile, gaz)
			if err != nil {
				return err
			}
			r, closeIn, err := openIn(in, cmd.InOrStdin())
			if err != nil {
				return err
			}
			defer closeIn()
			return alerts.Explain(rs, r, cmd.OutOrStdout())
		},
	}
	test.Flags().StringVar(&rulesFile, "rules", "configs/alerts.yaml", "rules file")
	test.Flags().StringVar(&in, "in", "-", "records as JSON Lines (claimwatch extract output or indexed records)")

	var to alerts.TailOptions
	tail := &cobra.Command{
		Use:   "tail [--rule NAME] [--since 1h] [--all] [--json]",
		Short: "Print alerts as they fire (from the ALERTS stream of the configured NATS)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			if err := a.connectNATS(cmd.Context()); err != nil {
				return err
			}
			return ignoreCanceled(alerts.TailWith(cmd.Context(), a.nats.JS, to, cmd.OutOrStdout()))
		},
	}
	tail.Flags().StringVar(&to.Rule, "rule", "", "one rule (default: every rule)")
	tail.Flags().DurationVar(&to.Since, "since", 0, "also print alerts fired this long ago, e.g. 1h")
	tail.Flags().BoolVar(&to.All, "all", false, "print every alert the stream holds first")
	tail.Flags().BoolVar(&to.JSON, "json", false, "print alert JSON instead of summary lines")

	run := &cobra.Command{
		Use:   "run",
		Short: "Run the alert stages alone: RECORDS -> ALERTS -> webhooks and e-mail",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd)
			if err != nil {
				return err
			}
			defer a.close()
			if err := a.connectNATS(cmd.Context()); err != nil {
				return err
			}
			if err := a.startAdmin(); err != nil {
				return err
			}
			rn, err := a.alertRunners(cmd.Context())
			if err != nil {
				return err
			}
			if rn == nil {
				return fmt.Errorf("alerts are off (alerts.rules_file: off)")
			}
			errc := make(chan error, 2)
			go func() { errc <- rn.Alerts.Run(cmd.Context()) }()
			go func() { errc <- rn.Deliver.Run(cmd.Context()) }()
			err1, err2 := <-errc, <-errc
			if err1 != nil {
				return err1
			}
			return err2
		},
	}
	root.AddCommand(test, tail, run)
	return root
}
