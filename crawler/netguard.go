package crawler

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// netGuard decides which addresses the crawler may connect to. It runs in
// the dialer after DNS resolution (net.Dialer.Control sees the IP actually
// dialled), so a public name that resolves to 10.0.0.1, a DNS-rebinding
// answer or a redirect to http://169.254.169.254/ are all refused, whatever
// the URL said.
type netGuard struct {
	allowPrivate bool
	hosts        map[string]bool // lower-case host or host:port, exempt from the address check
	prefixes     []netip.Prefix  // CIDRs exempt from the address check
}

// newNetGuard builds a guard from Config.AllowHosts entries: a host name, an
// IP, host:port, or a CIDR (10.1.0.0/16).
func newNetGuard(allowPrivate bool, allow []string) *netGuard {
	g := &netGuard{allowPrivate: allowPrivate, hosts: map[string]bool{}}
	for _, a := range allow {
		a = strings.ToLower(strings.TrimSpace(a))
		if a == "" {
			continue
		}
		if p, err := netip.ParsePrefix(a); err == nil {
			g.prefixes = append(g.prefixes, p.Masked())
			continue
		}
		g.hosts[strings.Trim(a, "[]")] = true
		g.hosts[a] = true
	}
	return g
}

// hostAllowed reports whether host (and host:port) is on the allow-list by name.
func (g *netGuard) hostAllowed(hostport string) bool {
	if g.allowPrivate {
		return true
	}
	hp := strings.ToLower(hostport)
	if g.hosts[hp] {
		return true
	}
	h, _, err := net.SplitHostPort(hp)
	if err != nil {
		h = hp
	}
	return g.hosts[strings.Trim(h, "[]")]
}

// ipAllowed reports whether ip may be dialled.
func (g *netGuard) ipAllowed(ip netip.Addr) bool {
	if g.allowPrivate {
		return true
	}
	ip = ip.Unmap()
	for _, p := range g.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return publicIP(ip)
}

// publicIP is false for loopback, private (RFC 1918, ULA), link-local,
// multicast, unspecified, CGNAT, benchmarking, documentation and other
// special-purpose ranges.
func publicIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range specialPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

var specialPrefixes = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24",
		"203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
		"64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "2002::/16", "fc00::/7", "fec0::/10",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// control is the net.Dialer.Control hook: address is the resolved ip:port.
func (g *netGuard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse dialled address %q", ErrForbiddenAddress, address)
	}
	if !g.ipAllowed(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
	}
	return nil
}

// dialContext dials with the address check unless the host is allow-listed
// by name.
func (g *netGuard) dialContext(timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	guarded := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: g.control}
	open := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if g.hostAllowed(addr) {
			return open.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
}

// fetchLimits bound what one response may cost.
type fetchLimits struct {
	maxBody      int
	maxRedirects int
	maxURLLen    int
}

// newTransport returns the crawler's HTTP transport: guarded dialer, no
// proxy from the environment (a proxy would dial for us and bypass the
// guard), bounded header size, body limit and safe gzip handling.
func newTransport(g *netGuard, timeout time.Duration, lim fetchLimits) http.RoundTripper {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	t := &http.Transport{
		Proxy:                  nil,
		DialContext:            g.dialContext(timeout),
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    8,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    timeout,
		ResponseHeaderTimeout:  timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 256 << 10,
	}
	return &limitTransport{next: t, lim: lim}
}

// limitTransport decompresses gzip itself (so a gzip bomb is cut at the
// decompressed size) and caps every body at maxBody+1 bytes so the caller
// can tell "exactly at the limit" from "over it".
type limitTransport struct {
	next http.RoundTripper
	lim  fetchLimits
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.lim.maxURLLen > 0 && len(req.URL.String()) > t.lim.maxURLLen {
		return nil, fmt.Errorf("%w: URL longer than %d bytes", ErrBadURL, t.lim.maxURLLen)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, fmt.Errorf("%w: scheme %q", ErrBadURL, req.URL.Scheme)
	}
	res, err := t.next.RoundTrip(req)
	if err != nil || res.Body == nil {
		return res, err
	}
	if t.lim.maxBody <= 0 {
		return res, nil
	}
	cap := int64(t.lim.maxBody) + 1
	if gzipped(res) {
		zr, err := gzip.NewReader(io.LimitReader(res.Body, cap))
		if err != nil {
			res.Body.Close()
			return nil, fmt.Errorf("gzip: %w", err)
		}
		res.Body = &readCloser{Reader: io.LimitReader(zr, cap), close: res.Body.Close}
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
		res.ContentLength = -1
		res.Uncompressed = true
		return res, nil
	}
	res.Body = &readCloser{Reader: io.LimitReader(res.Body, cap), close: res.Body.Close}
	return res, nil
}

func gzipped(res *http.Response) bool {
	if res.Uncompressed {
		return false
	}
	ce := strings.ToLower(res.Header.Get("Content-Encoding"))
	ct := strings.ToLower(res.Header.Get("Content-Type"))
	return strings.Contains(ce, "gzip") || (ce == "" && strings.Contains(ct, "gzip")) ||
		(res.Request != nil && strings.HasSuffix(strings.ToLower(res.Request.URL.Path), ".gz") && ce == "")
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r *readCloser) Close() error { return r.close() }

// redirectCheck refuses redirects to other schemes, overlong URLs and
// chains longer than max. (The address of the target is checked again by
// the dialer.)
func redirectCheck(lim fetchLimits) func(req *http.Request, via []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > lim.maxRedirects {
			return fmt.Errorf("%w: more than %d redirects", ErrTooManyRedirects, lim.maxRedirects)
		}
		if _, err := CheckURL(req.URL.String()); err != nil {
			return err
		}
		if lim.maxURLLen > 0 && len(req.URL.String()) > lim.maxURLLen {
			return fmt.Errorf("%w: redirect URL longer than %d bytes", ErrBadURL, lim.maxURLLen)
		}
		return nil
	}
}

// binaryType reports whether a Content-Type is one the crawler never parses.
func binaryType(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(ct))
	if ct == "" {
		return false
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = strings.TrimSpace(ct[:i])
	}
	for _, p := range []string{"image/", "audio/", "video/", "font/", "model/"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	switch ct {
	case "application/octet-stream", "application/pdf", "application/zip", "application/gzip", "application/x-gzip",
		"application/x-tar", "application/x-7z-compressed", "application/x-rar-compressed", "application/vnd.rar",
		"application/msword", "application/x-msdownload", "application/x-shockwave-flash", "application/wasm",
		"application/java-archive", "application/vnd.android.package-archive", "application/x-bzip2":
		return true
	}
	return strings.HasPrefix(ct, "application/vnd.openxmlformats") || strings.HasPrefix(ct, "application/vnd.ms-")
}

// sourceIPHosts returns host:port of the source's own URLs whose host is a
// literal non-public IP. An operator who lists http://127.0.0.1:8080/ as a
// source has allowed that one address explicitly; links and redirects to any
// other private address stay refused.
func sourceIPHosts(src Source) []string {
	var out []string
	for _, s := range append(append(append([]string{src.Home}, src.Sections...), src.Feeds...), src.Sitemaps...) {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			continue
		}
		ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]"))
		if err != nil || publicIP(ip) {
			continue
		}
		hp := u.Host
		if u.Port() == "" {
			port := "80"
			if u.Scheme == "https" {
				port = "443"
			}
			hp = net.JoinHostPort(u.Hostname(), port)
		}
		if !contains(out, strings.ToLower(hp)) {
			out = append(out, strings.ToLower(hp))
		}
	}
	return out
}

// isGuardErr reports whether err comes from the address guard or URL checks.
func isGuardErr(err error) bool {
	return errors.Is(err, ErrForbiddenAddress) || errors.Is(err, ErrBadURL) || errors.Is(err, ErrTooManyRedirects)
}

// guardReason is the metrics reason of a guard error.
func guardReason(err error) string {
	switch {
	case errors.Is(err, ErrForbiddenAddress):
		return "forbidden_address"
	case errors.Is(err, ErrTooManyRedirects):
		return "too_many_redirects"
	default:
		return "bad_url"
	}
}
