// Command claimwatch-probe is the health check of the claimwatch container
// image. The runtime image (distroless/static) has no shell, curl or wget,
// so Docker's HEALTHCHECK and the compose healthchecks exec this small
// static binary instead:
//
//	claimwatch-probe [URL]
//
// It GETs URL (default http://127.0.0.1:9464/healthz, the admin server of
// cmd/claimwatch) with a short timeout and exits 0 on a 2xx answer, 1
// otherwise. Kubernetes does not need it: its httpGet probes call /healthz
// and /readyz directly.
package main
