// Command devrun runs the extractor over a JSON Lines file and writes the
// gazetteer as `claimwatch groups list --json` would, so that
// shared/eval/score.py can be run during development without the CLI.
//
//	go run ./extractor/internal/devrun -in articles.jsonl -out out.jsonl -groups groups.json [-gaz dir]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/claimwatch/claimwatch/configs"
	"github.com/claimwatch/claimwatch/extractor"
)

func main() {
	in := flag.String("in", "-", "input JSON Lines")
	out := flag.String("out", "-", "output JSON Lines")
	groups := flag.String("groups", "", "write the gazetteer as JSON here")
	gazDir := flag.String("gaz", "", "directory with groups.yaml and groups.d/ (default: embedded configs)")
	flag.Parse()
	if err := run(*in, *out, *groups, *gazDir); err != nil {
		fmt.Fprintln(os.Stderr, "devrun:", err)
		os.Exit(1)
	}
}

func run(in, out, groups, gazDir string) error {
	var fsys fs.FS = configs.FS
	if gazDir != "" {
		fsys = os.DirFS(gazDir)
	}
	g, err := extractor.LoadGazetteer(fsys)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	places, err := extractor.DefaultPlaces()
	if err != nil {
		log.Warn("no place gazetteer", "err", err)
	}
	e, err := extractor.New(g, places, extractor.DefaultConfig(), log)
	if err != nil {
		return err
	}
	if groups != "" {
		b, err := json.MarshalIndent(g.Entries(), "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(groups, b, 0o644); err != nil {
			return err
		}
	}
	r, w := os.Stdin, os.Stdout
	if in != "-" {
		f, err := os.Open(in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	st, err := extractor.RunJSONL(context.Background(), r, w, e)
	fmt.Fprintf(os.Stderr, "devrun: %+v\n", st)
	return err
}
