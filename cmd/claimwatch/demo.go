package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/claimwatch/claimwatch/crawler"
	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/claimwatch/claimwatch/indexer"
	"github.com/claimwatch/claimwatch/pipeline"
)

// demoSite is the bundled demo news site served on loopback.
type demoSite struct {
	srv  *http.Server
	base string
}

func startDemoSite(log *slog.Logger) (*demoSite, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo site: %w", err)
	}
	s := &demoSite{srv: &http.Server{Handler: demosite.Handler(), ReadHeaderTimeout: 5 * time.Second}, base: "http://" + ln.Addr().String()}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("demo site", "err", err)
		}
	}()
	log.Info("demo news site serving", "url", s.base)
	return s, nil
}

// Source describes the demo site as a crawl source: feed, sitemap, sections.
func (s *demoSite) Source() crawler.Source {
	return crawler.Source{
		Name:     "demo-wire",
		Home:     s.base + "/",
		Feeds:    []string{s.base + "/rss.xml"},
		Sitemaps: []string{s.base + "/sitemap.xml"},
		Sections: []string{s.base + "/world/", s.base + "/africa/", s.base + "/asia/", s.base + "/middle-east/", s.base + "/sports/", s.base + "/politics/"},
		Lang:     "en",
		MaxDepth: 3,
		MaxPages: 2000,
	}
}

func (s *demoSite) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// printSummary prints what one --once run produced.
func printSummary(ctx context.Context, out io.Writer, a *app, st crawler.Stats, took time.Duration) error {
	groups := map[string]int{}
	status := map[string]int{}
	records, withClaims := 0, 0
	for _, id := range st.IDs {
		rec, ok, err := a.index.Get(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		records++
		if len(rec.Claims) > 0 {
			withClaims++
		}
		for _, gm := range rec.Groups {
			if gm.Kind == "militant" {
				groups[gm.ID]++
			}
		}
		for _, c := range rec.Claims {
			status[c.Status]++
		}
	}
	total, err := a.index.Count(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "claimwatch run summary (%s)\n", took.Round(time.Millisecond))
	fmt.Fprintf(w, "  pages fetched\t%d\n", st.Pages)
	fmt.Fprintf(w, "  articles published\t%d\n", st.Published)
	fmt.Fprintf(w, "  records indexed (this run)\t%d\n", records)
	fmt.Fprintf(w, "  records in index (total)\t%d\n", total)
	fmt.Fprintf(w, "  records with claims\t%d\n", withClaims)
	fmt.Fprintf(w, "  already seen (this pass or before)\t%d\n", st.Unchanged+st.Skipped)
	fmt.Fprintf(w, "  near-duplicates linked\t%d\n", st.Duplicates)
	fmt.Fprintf(w, "  crawl errors\t%d\n", st.Errors)
	if a.nats != nil {
		if s, err := a.nats.JS.Stream(ctx, pipeline.StreamAlerts); err == nil {
			if info, err := s.Info(ctx); err == nil {
				fmt.Fprintf(w, "  alerts fired (ALERTS stream)\t%d\n", info.State.Msgs)
			}
		}
	}
	fmt.Fprintf(w, "claims by status\n")
	for _, s := range []string{"claimed", "denied", "attributed", "unclaimed"} {
		fmt.Fprintf(w, "  %s\t%d\n", s, status[s])
	}
	fmt.Fprintf(w, "militant groups (articles)\n")
	for _, kv := range topN(groups, 12) {
		fmt.Fprintf(w, "  %s\t%d\n", kv.k, kv.n)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	const example = "status:claimed"
	q, err := indexer.ParseQuery(example)
	if err != nil {
		return err
	}
	q.Size = 5
	res, err := a.index.Search(ctx, q)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nexample search: claimwatch search %q\n", example)
	if err := indexer.FormatText(out, res); err != nil {
		return err
	}
	if records != st.Published {
		return fmt.Errorf("only %d of %d published articles were indexed", records, st.Published)
	}
	return nil
}

type kv struct {
	k string
	n int
}

func topN(m map[string]int, n int) []kv {
	var out []kv
	for k, v := range m {
		out = append(out, kv{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return strings.Compare(out[i].k, out[j].k) < 0
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func parseQuery(s string) (indexer.Query, error) { return indexer.ParseQuery(s) }

func formatText(w io.Writer, r indexer.Result) error { return indexer.FormatText(w, r) }
