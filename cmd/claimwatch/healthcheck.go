package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// DefaultHealthURL is the liveness endpoint of the admin server at its
// default address (configs/default.yaml admin.addr).
const DefaultHealthURL = "http://127.0.0.1:9464/healthz"

// ErrUnhealthy is returned by checkHealth when the endpoint answers with a
// status outside 2xx.
var ErrUnhealthy = errors.New("unhealthy")

// healthcheckConfig configures the healthcheck command.
type healthcheckConfig struct {
	// URL is the endpoint to GET; empty means DefaultHealthURL.
	URL string
	// Addr, when URL is empty, is the admin server's host:port; the
	// request goes to http://Addr/healthz.
	Addr string
	// Timeout bounds the whole request (connect, headers, body).
	Timeout time.Duration
}

// target is the URL the check GETs.
func (c healthcheckConfig) target() string {
	switch {
	case c.URL != "":
		return c.URL
	case c.Addr != "":
		return "http://" + strings.TrimPrefix(c.Addr, "http://") + "/healthz"
	default:
		return DefaultHealthURL
	}
}

// checkHealth GETs url and returns nil on a 2xx answer, an error wrapping
// ErrUnhealthy on any other status, or the transport error.
func checkHealth(ctx context.Context, client *http.Client, url string) error {
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
		return fmt.Errorf("%w: %s: %s: %s", ErrUnhealthy, url, resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

// newHealthcheckCmd is the container health check: the runtime image has
// no shell, curl or wget, so Docker's HEALTHCHECK and compose exec
// `claimwatch healthcheck`. It needs no configuration, data directory or
// NATS; /healthz is not behind the admin token.
func newHealthcheckCmd(_ *globals) *cobra.Command {
	cfg := healthcheckConfig{Timeout: 3 * time.Second}
	cmd := &cobra.Command{
		Use:   "healthcheck [URL]",
		Short: "Exit 0 if the admin server answers /healthz with 2xx, 1 otherwise",
		Long: `healthcheck GETs URL (default ` + DefaultHealthURL + `, or
http://ADDR/healthz with --addr) with a short timeout and exits 0 on a 2xx
answer, 1 otherwise. It is the HEALTHCHECK of the container image, which has
no shell or curl. Kubernetes does not need it: its httpGet probes call
/healthz and /readyz directly.`,
		Example: `  claimwatch healthcheck
  claimwatch healthcheck --addr 127.0.0.1:9464
  claimwatch healthcheck http://127.0.0.1:9464/readyz`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				cfg.URL = args[0]
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), cfg.Timeout)
			defer cancel()
			if err := checkHealth(ctx, &http.Client{}, cfg.target()); err != nil {
				if errors.Is(err, ErrUnhealthy) {
					return err
				}
				return fmt.Errorf("%w: %w", ErrUnhealthy, err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.Addr, "addr", "", "admin server host:port; checks http://ADDR/healthz (ignored when URL is given)")
	cmd.Flags().DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "timeout of the whole request")
	return cmd
}
