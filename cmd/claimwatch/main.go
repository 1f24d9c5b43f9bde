// Command claimwatch crawls news, extracts who claimed, denied or was blamed
// for attacks, and indexes the records for search, alerts and export.
// Run `claimwatch --help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd()
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "claimwatch:", err)
		var ec exitCode
		if errors.As(err, &ec) {
			os.Exit(int(ec))
		}
		os.Exit(1)
	}
}

type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// globals are the flags every command shares.
type globals struct {
	configFile string
	dataDir    string
	logLevel   string
	logFormat  string
	adminAddr  string
	natsURL    string
}

func newRootCmd() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "claimwatch",
		Short: "Who claimed, denied or was blamed for an attack, from the news as it is published",
		Long: `claimwatch crawls news sites (colly), publishes articles to NATS JetStream,
extracts militant groups, attacks, places, dates, casualties and whether
responsibility was claimed, denied, attributed or explicitly not claimed, and
indexes the enriched records for search.

Quick start (nothing to install; everything embedded):
  claimwatch run --demo --once      crawl the bundled demo news site, index it, print a summary
  claimwatch search status:claimed  search the records afterwards

Configuration: built-in defaults < bundled configs/default.yaml < --config FILE
< CLAIMWATCH_* environment variables (CLAIMWATCH_NATS_URL, CLAIMWATCH_DATA_DIR,
CLAIMWATCH_INDEX_RUNNER_BATCH_SIZE, ...) < flags.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.configFile, "config", "", "YAML configuration file (see configs/default.yaml)")
	pf.StringVar(&g.dataDir, "data", "", "data directory for the embedded NATS store and search index (default \"data\")")
	pf.StringVar(&g.logLevel, "log-level", "", "log level: debug, info, warn, error")
	pf.StringVar(&g.logFormat, "log-format", "", "log format: text or json")
	pf.StringVar(&g.adminAddr, "admin", "", "admin HTTP address for /metrics /healthz /readyz /api/search (\"off\" disables)")
	pf.StringVar(&g.natsURL, "nats", "", "NATS URL(s) of an external server or cluster; empty = embedded server")
	root.AddCommand(
		newRunCmd(g),
		newCrawlCmd(g),
		newExtractCmd(g),
		newIndexCmd(g),
		newSearchCmd(g),
		newIncidentsCmd(g),
		newGroupsCmd(g),
		newParseCmd(g),
		newAlertsCmd(g),
		newExportCmd(g),
		newEvalCmd(g),
		newReprocessCmd(g),
		newBenchCmd(g),
		newHealthcheckCmd(g),
	)
	return root
}

// load builds the configuration and applies the global flags.
func (g *globals) load() (Config, error) {
	cfg, err := LoadConfig(g.configFile, os.Environ())
	if err != nil {
		return cfg, err
	}
	if g.dataDir != "" {
		cfg.DataDir = g.dataDir
	}
	if g.logLevel != "" {
		cfg.Log.Level = g.logLevel
	}
	if g.logFormat != "" {
		cfg.Log.Format = g.logFormat
	}
	switch g.adminAddr {
	case "":
	case "off":
		cfg.Admin.Addr = ""
	default:
		cfg.Admin.Addr = g.adminAddr
	}
	if g.natsURL != "" {
		cfg.NATS.URL = g.natsURL
	}
	cfg.resolvePaths()
	return cfg, nil
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// open loads the configuration and creates the app for a command; logs go
// to the command's stderr.
func (g *globals) open(cmd *cobra.Command) (*app, error) {
	cfg, err := g.load()
	if err != nil {
		return nil, err
	}
	return newApp(cfg, cmd.ErrOrStderr())
}
