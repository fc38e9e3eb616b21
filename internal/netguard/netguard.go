// Package netguard keeps Loket's outgoing requests (webhooks) away from
// the machine it runs on and its private network: loopback, link-local
// (cloud metadata at 169.254.169.254), private, carrier-grade NAT and
// other special ranges are refused unless an operator allows them
// (LOKET_WEBHOOK_ALLOW_NETS). A URL is checked when it is saved, and
// again on every connection, against the address actually dialled, so a
// name that resolves elsewhere later (DNS rebinding) does not pass.
//
// It imports only the standard library and the root package.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"loket"
)

// Guard decides which destination addresses outgoing requests may reach.
// The zero value refuses every special range and allows nothing extra.
type Guard struct {
	allow []netip.Prefix
}

// New returns a guard that also lets through the allowed prefixes.
func New(allow []netip.Prefix) *Guard { return &Guard{allow: allow} }

// ErrRefused is wrapped by every refusal.
var ErrRefused = errors.New("destination is a loopback, link-local or private address")

// special are ranges no public service lives in, beyond what
// netip.Addr's predicates name.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
}

// translated are IPv6 prefixes that carry an IPv4 address in their last
// 32 bits (NAT64) or bits 16–48 (6to4); the IPv4 address is checked too.
var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	nat64l = netip.MustParsePrefix("64:ff9b:1::/48")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// Allowed reports whether a may be reached.
func (g *Guard) Allowed(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range g.allowed() {
		if p.Contains(a) {
			return true
		}
	}
	return public(a) && public(embedded(a))
}

func (g *Guard) allowed() []netip.Prefix {
	if g == nil {
		return nil
	}
	return g.allow
}

func public(a netip.Addr) bool {
	if !a.IsValid() {
		return true // nothing embedded
	}
	if a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() ||
		a.IsMulticast() || a.IsPrivate() || a.IsUnspecified() {
		return false
	}
	for _, p := range special {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// embedded is the IPv4 address inside a NAT64 or 6to4 address, or the
// zero Addr.
func embedded(a netip.Addr) netip.Addr {
	if !a.Is6() {
		return netip.Addr{}
	}
	b := a.As16()
	switch {
	case nat64.Contains(a), nat64l.Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	case sixTo4.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
	}
	return netip.Addr{}
}

// CheckURL refuses a URL whose host is, or resolves to, an address the
// guard does not allow (a *loket.Error with code invalid whose message
// an admin can read). A name that does not resolve now is accepted:
// every connection is checked again (Control).
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return loket.Errorf(loket.EInvalid, "the URL must name a host")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return refusal(host, netip.IPv6Loopback())
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if !g.Allowed(a) {
			return refusal(host, a)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil // checked when connecting
	}
	for _, a := range addrs {
		if !g.Allowed(a) {
			return refusal(host, a)
		}
	}
	return nil
}

func refusal(host string, a netip.Addr) error {
	return &loket.Error{Code: loket.EInvalid,
		Message: fmt.Sprintf("%s is a loopback, link-local or private address (%s); an operator may allow its network with LOKET_WEBHOOK_ALLOW_NETS", host, a.Unmap()),
		Err:     ErrRefused}
}

// Control is a net.Dialer Control function: it refuses the connection
// before it is made when the address being dialled is not allowed.
func (g *Guard) Control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("netguard: dial %s: %w", address, ErrRefused)
	}
	if !g.Allowed(ap.Addr()) {
		return fmt.Errorf("netguard: dial %s: %w", ap.Addr().Unmap(), ErrRefused)
	}
	return nil
}

// DialContext dials like a net.Dialer with the guard's Control, for an
// http.Transport. Proxies from the environment must not be used with it:
// the guard would check the proxy, not the destination.
func (g *Guard) DialContext(timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: g.Control}
	return d.DialContext
}
