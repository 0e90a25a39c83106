package crawler

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
)

// Addresses a crawl refuses to connect to, unless Config.AllowPrivate is set
// or the site's seed is itself such an address: a clinic's host name that
// resolves to the machine itself, the local network or a cloud metadata
// service (169.254.169.254) must not be fetched on its behalf.
//
// The check runs on the address actually dialled (net.Dialer.ControlContext),
// after DNS, so a name that resolves differently between lookups is caught
// too. With a proxy from the environment (HTTP_PROXY, HTTPS_PROXY) the
// address dialled is the proxy's, and the proxy resolves the names.

// blockedError is returned by the dialer for a refused address.
type blockedError struct {
	addr netip.Addr
}

func (e *blockedError) Error() string {
	return fmt.Sprintf("address %s is %s: not fetched (--allow-private allows it)", e.addr, addrKind(e.addr))
}

// extraBlocked are ranges netip has no predicate for.
var extraBlocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT (shared address space)
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, and 255.255.255.255
	netip.MustParsePrefix("fec0::/10"),      // deprecated site-local
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
}

// addrKind names why an address is refused, or returns "" when it is not.
func addrKind(a netip.Addr) string {
	a = a.Unmap()
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsLoopback():
		return "a loopback address"
	case a.IsPrivate():
		return "a private address"
	case a.IsLinkLocalUnicast():
		return "a link-local address"
	case a.IsMulticast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return "a multicast address"
	case a.IsUnspecified():
		return "the unspecified address"
	}
	// NAT64 (64:ff9b::/96) embeds an IPv4 address: judge that one.
	if a.Is6() && netip.MustParsePrefix("64:ff9b::/96").Contains(a) {
		b := a.As16()
		return addrKind(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	for _, p := range extraBlocked {
		if p.Contains(a) {
			return "a reserved address"
		}
	}
	return ""
}

// blockedAddr reports whether a is an address a crawl refuses by default.
func blockedAddr(a netip.Addr) bool { return addrKind(a) != "" }

// privateOKKey marks a request context whose site may dial blocked addresses
// (its seed is one).
type privateOKKey struct{}

// withPrivateOK returns ctx for the requests of a site whose seed is u: it
// may dial blocked addresses when u's host is one (an IP literal such as
// 127.0.0.1, or "localhost"), as in the demo and tests.
func withPrivateOK(ctx context.Context, u *url.URL) context.Context {
	if !seedIsPrivate(u) {
		return ctx
	}
	return context.WithValue(ctx, privateOKKey{}, true)
}

// seedIsPrivate reports whether a seed names a blocked address itself: an
// IP literal in a refused range, or localhost (RFC 6761: always loopback).
func seedIsPrivate(u *url.URL) bool {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && blockedAddr(a)
}

// guardedDialer dials for a crawl and refuses blocked addresses.
type guardedDialer struct {
	dialer       net.Dialer
	allowPrivate bool // Config.AllowPrivate

	// lookup, when set, resolves host names instead of the system resolver
	// (tests map names to loopback addresses without DNS). The addresses it
	// returns are checked like any other.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

func newGuardedDialer(cfg Config, lookup func(context.Context, string) ([]netip.Addr, error)) *guardedDialer {
	g := &guardedDialer{allowPrivate: cfg.AllowPrivate, lookup: lookup}
	g.dialer = net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second, ControlContext: g.control}
	return g
}

// control runs before every connect, with the resolved address.
func (g *guardedDialer) control(ctx context.Context, network, address string, _ syscall.RawConn) error {
	if g.allowPrivate || ctx.Value(privateOKKey{}) != nil {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: unparsable address", address)
	}
	if blockedAddr(ap.Addr()) {
		return &blockedError{addr: ap.Addr().Unmap()}
	}
	return nil
}

// DialContext connects to addr; the address connected to is checked by control.
func (g *guardedDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if g.lookup == nil {
		return g.dialer.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return g.dialer.DialContext(ctx, network, addr)
	}
	ips, err := g.lookup(ctx, host)
	if err != nil {
		return nil, &net.DNSError{Err: err.Error(), Name: host, IsNotFound: true}
	}
	var first error
	for _, ip := range ips {
		c, err := g.dialer.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return nil, first
}

// isBlocked reports whether err is a refusal by the dialer.
func isBlocked(err error) bool {
	var be *blockedError
	return errors.As(err, &be)
}
