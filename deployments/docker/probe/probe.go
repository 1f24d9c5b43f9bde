package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// DefaultURL is the liveness endpoint of the claimwatch admin server.
const DefaultURL = "http://127.0.0.1:9464/healthz"

// probe GETs url and returns nil on a 2xx answer.
func probe(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s: %s: %s", url, resp.Status, body)
	}
	return nil
}

// run is main without os.Exit: the exit code for args.
func run(args []string, stderr io.Writer) int {
	url := DefaultURL
	switch len(args) {
	case 0:
	case 1:
		url = args[0]
	default:
		fmt.Fprintln(stderr, "usage: claimwatch-probe [URL]")
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := probe(ctx, &http.Client{}, url); err != nil {
		fmt.Fprintln(stderr, "unhealthy:", err)
		return 1
	}
	return 0
}
