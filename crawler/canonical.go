package crawler

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that never change what a page shows.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true, "mc_eid": true,
	"igshid": true, "yclid": true, "_ga": true, "ref": true, "ref_src": true, "cmpid": true, "ocid": true,
	"smid": true, "cid": false,
}

// CheckURL parses u and accepts only absolute http(s) URLs with a host and
// without credentials.
func CheckURL(u string) (*url.URL, error) {
	if len(u) > 4096 {
		return nil, fmt.Errorf("%w: longer than 4096 bytes", ErrBadURL)
	}
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	if p.Scheme != "http" && p.Scheme != "https" {
		return nil, fmt.Errorf("%w: scheme %q", ErrBadURL, p.Scheme)
	}
	if p.Hostname() == "" {
		return nil, fmt.Errorf("%w: no host in %q", ErrBadURL, u)
	}
	if p.User != nil {
		return nil, fmt.Errorf("%w: credentials in URL", ErrBadURL)
	}
	return p, nil
}

// Canonicalize normalises an article URL so that the same page always has
// the same id: lower-case scheme and host, default ports and the fragment
// dropped, tracking parameters (utm_*, fbclid, gclid, ...) removed, the
// remaining query sorted, an empty path made "/".
func Canonicalize(raw string) (string, error) {
	p, err := CheckURL(raw)
	if err != nil {
		return "", err
	}
	p.Scheme = strings.ToLower(p.Scheme)
	host := strings.ToLower(p.Hostname())
	port := p.Port()
	if (p.Scheme == "http" && port == "80") || (p.Scheme == "https" && port == "443") {
		port = ""
	}
	switch {
	case port != "":
		p.Host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		p.Host = "[" + host + "]"
	default:
		p.Host = host
	}
	p.Fragment, p.RawFragment = "", ""
	if p.Path == "" {
		p.Path = "/"
	}
	q := p.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			q.Del(k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for j, v := range vs {
			if i > 0 || j > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	p.RawQuery = b.String()
	p.ForceQuery = false
	return p.String(), nil
}
