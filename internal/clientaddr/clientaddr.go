// Package clientaddr is Loket's one notion of who is calling: the client
// address every limit is keyed on, and whether the request reached the
// public address over HTTPS. Forwarded headers (X-Forwarded-For,
// X-Forwarded-Proto) are believed only from the reverse proxies an
// operator lists in LOKET_TRUSTED_PROXIES; from anyone else they are
// ignored, so a client cannot choose its own address.
//
// It imports only the standard library.
package clientaddr

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Resolver tells the client address and scheme of a request.
// The zero value trusts no proxy and knows no public URL.
type Resolver struct {
	trusted     []netip.Prefix
	publicHTTPS bool
}

// ParseProxies reads a list of CIDRs or bare addresses separated by
// commas or spaces ("10.0.0.0/8, 192.168.1.7").
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR such as 10.0.0.0/8", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or a CIDR such as 10.0.0.0/8", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// New returns a resolver that believes forwarded headers from trusted
// and, when publicURL starts with https://, treats every request as
// secure (the public address is HTTPS even when a proxy speaks plain
// HTTP to Loket).
func New(trusted []netip.Prefix, publicURL string) *Resolver {
	return &Resolver{trusted: trusted, publicHTTPS: strings.HasPrefix(strings.ToLower(publicURL), "https://")}
}

func (r *Resolver) isTrusted(a netip.Addr) bool {
	if r == nil {
		return false
	}
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// remote is the peer address of the connection (the zero Addr when
// RemoteAddr cannot be parsed, as in some handler tests).
func remote(req *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(req.RemoteAddr)
	if err != nil {
		a, _ := netip.ParseAddr(req.RemoteAddr)
		return a.Unmap()
	}
	return ap.Addr().Unmap()
}

// Client returns the client's address: the connection's peer, or, when
// the peer is a trusted proxy, the right-most X-Forwarded-For entry that
// is not itself a trusted proxy (entries further left were written by
// the client and prove nothing).
func (r *Resolver) Client(req *http.Request) netip.Addr {
	a := remote(req)
	if !r.isTrusted(a) {
		return a
	}
	hops := forwardedFor(req.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(hops[i])
		if err != nil {
			return a // a garbled chain: stop at the last address we know
		}
		a = h.Unmap()
		if !r.isTrusted(a) {
			return a
		}
	}
	return a
}

// forwardedFor splits every X-Forwarded-For header into its entries, in order.
func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	return hops
}

// Key is the client address as a limit key: an IPv4 address as it is,
// an IPv6 address by its /64 (one subscriber usually holds a whole /64).
func (r *Resolver) Key(req *http.Request) string {
	a := r.Client(req)
	if !a.IsValid() {
		return "unknown"
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// Secure reports whether the client reached Loket over HTTPS: the
// configured public URL is https://, the Go server itself terminated
// TLS, or a trusted proxy says so in X-Forwarded-Proto.
func (r *Resolver) Secure(req *http.Request) bool {
	if req.TLS != nil || (r != nil && r.publicHTTPS) {
		return true
	}
	if !r.isTrusted(remote(req)) {
		return false
	}
	protos := forwardedFor(req.Header.Values("X-Forwarded-Proto"))
	return len(protos) > 0 && strings.EqualFold(protos[len(protos)-1], "https")
}
