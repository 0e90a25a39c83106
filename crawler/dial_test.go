package crawler

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestBlockedAddr(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true},
		{"100.64.0.1", true},
		{"0.0.0.0", true},
		{"0.1.2.3", true},
		{"224.0.0.1", true},
		{"255.255.255.255", true},
		{"::1", true},
		{"::", true},
		{"fe80::1", true},
		{"fc00::1", true},
		{"ff02::1", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:169.254.169.254", true},
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"93.184.216.34", false},
		{"8.8.8.8", false},
		{"2606:4700::1111", false},
		{"64:ff9b::808:808", false}, // NAT64 of 8.8.8.8
	} {
		if got := blockedAddr(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("blockedAddr(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

// lookupMap resolves the names in m and fails the others, without DNS.
func lookupMap(m map[string]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		a, ok := m[host]
		if !ok {
			return nil, errors.New("no such host")
		}
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
}

// TestPrivateAddresses checks that a site whose name resolves to a loopback
// address is not fetched, unless its seed is such an address itself or
// AllowPrivate is set.
func TestPrivateAddresses(t *testing.T) {
	docs := map[string]string{"/": `<a href="/a">a</a>`, "/a": "a", "/robots.txt": ""}
	names := map[string]string{"clinic.test": "127.0.0.1", "localhost": "127.0.0.1"}

	for _, tc := range []struct {
		name         string
		seed         string
		allowPrivate bool
		wantBlocked  bool
	}{
		{"name resolving to loopback", "http://clinic.test:PORT/", false, true},
		{"loopback IP literal seed", "http://127.0.0.1:PORT/", false, false},
		{"localhost seed", "http://localhost:PORT/", false, false},
		{"name with AllowPrivate", "http://clinic.test:PORT/", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, pages(docs))
			_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
			seed := strings.Replace(tc.seed, "PORT", port, 1)
			cfg := testConfig()
			cfg.AllowPrivate = tc.allowPrivate
			res, err := runCrawl(t, context.Background(), cfg, newTransportWith(cfg, lookupMap(names)), seed)
			if err != nil {
				t.Fatal(err)
			}
			p := res.byURL(t, seed)
			site := res.site(t, SiteID(mustParse(t, seed)))
			if tc.wantBlocked {
				if p.Error != ErrBlocked || len(srv.requests()) != 0 {
					t.Errorf("page = %s, %d requests at the server; want %s and none", show(p), len(srv.requests()), ErrBlocked)
				}
				if !strings.Contains(site.Unreachable, "--allow-private") {
					t.Errorf("Unreachable = %q, want it to name --allow-private", site.Unreachable)
				}
				return
			}
			if !p.OK() || site.Fetched != 2 {
				t.Errorf("page = %s, site %+v; want the seed and /a fetched", show(p), site)
			}
		})
	}
}
