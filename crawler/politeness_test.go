package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// newTestServerOn is newTestServer listening on addr ("127.0.0.5:0").
// Linux routes all of 127.0.0.0/8 to the loopback interface.
func newTestServerOn(t *testing.T, addr string, h http.Handler) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	ts := &testServer{}
	ts.Server = httptest.NewUnstartedServer(ts.wrap(h))
	ts.Server.Listener.Close()
	ts.Server.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// TestPolitenessManyHosts is the acceptance test for politeness at scale:
// 24 hosts (12 loopback addresses × 2 ports) crawled at once, each with a
// slow handler. At every server, requests never overlap and consecutive
// request starts are never closer than the delay.
func TestPolitenessManyHosts(t *testing.T) {
	const delay = 50 * time.Millisecond
	docs := map[string]string{"/robots.txt": "User-agent: *\nDisallow: /private\n", "/": ""}
	for i := range 5 {
		docs["/"] += fmt.Sprintf(`<a href="/p%d">p</a>`, i)
		docs[fmt.Sprintf("/p%d", i)] = fmt.Sprintf(`<a href="/p%d">next</a><a href="/private">x</a>`, (i+1)%5)
	}
	var servers []*testServer
	var seeds []string
	for ip := 2; ip <= 13; ip++ {
		for range 2 {
			s := newTestServerOn(t, fmt.Sprintf("127.0.0.%d:0", ip), slowHandler(3*time.Millisecond, pages(docs)))
			servers = append(servers, s)
			seeds = append(seeds, s.URL)
		}
	}
	cfg := testConfig()
	cfg.Delay = delay
	cfg.Sites = len(seeds)
	res, err := runCrawl(t, context.Background(), cfg, nil, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	// All 24 were crawled together: their first requests fall within one delay.
	var firsts []time.Time
	for _, s := range servers {
		checkPolite(t, s, delay, 7) // robots.txt and 6 pages
		if reqs := s.requests(); len(reqs) > 0 {
			firsts = append(firsts, reqs[0].at)
		}
	}
	var lo, hi time.Time
	for i, f := range firsts {
		if i == 0 || f.Before(lo) {
			lo = f
		}
		if f.After(hi) {
			hi = f
		}
	}
	if hi.Sub(lo) > delay {
		t.Errorf("first requests spread over %v: the hosts were not crawled at once", hi.Sub(lo))
	}
	if len(res.sites) != len(seeds) {
		t.Errorf("%d sites done, want %d", len(res.sites), len(seeds))
	}
}

// TestHostsForgotten checks that the per-host gates and robots.txt
// verdicts do not grow with the number of sites crawled: a finished site's
// hosts are dropped once no running site uses them. It also checks that a
// later site on a forgotten or still-remembered host keeps the gap.
func TestHostsForgotten(t *testing.T) {
	docs := map[string]string{"/robots.txt": "User-agent: *\n", "/": `<a href="/a">a</a>`, "/a": "a"}
	var seeds []string
	for range 10 {
		seeds = append(seeds, newTestServer(t, pages(docs)).URL)
	}
	cfg := testConfig()
	cfg.Delay = 20 * time.Millisecond
	cfg.Sites = 2
	cfg = cfg.withDefaults()
	tr := newTransport(cfg)
	cr := newCrawl(cfg, tr, func(error) {})
	var sites []Site
	for _, s := range seeds {
		site, _ := NewSite(s, "")
		sites = append(sites, site)
	}
	var mostGates, mostRobots, done atomic.Int32
	cr.run(context.Background(), sites, nil, func(SiteResult) {
		done.Add(1)
		raise(&mostGates, int32(cr.gates.size()))
		raise(&mostRobots, int32(cr.robots.size()))
	})
	tr.CloseIdleConnections()
	if done.Load() != int32(len(sites)) {
		t.Fatalf("%d sites done, want %d", done.Load(), len(sites))
	}
	// Two sites run at once; hosts released less than a delay ago may linger.
	if g, r := mostGates.Load(), mostRobots.Load(); g > 4 || r > 4 {
		t.Errorf("up to %d gates and %d robots verdicts held for %d hosts crawled 2 at a time, want <= 4", g, r, len(seeds))
	}

	// Two sites on one host, one after the other: the second starts as the
	// first ends, and must still wait for the delay.
	shared := newTestServer(t, pages(docs))
	cfg.Sites = 1
	res, err := runCrawl(t, context.Background(), cfg, nil, shared.URL+"/", shared.URL+"/a")
	if err != nil || len(res.sites) != 2 {
		t.Fatalf("Crawl = %v, %d sites", err, len(res.sites))
	}
	if g := shared.minGap(); g < cfg.Delay {
		t.Errorf("shared host: gap of %v between requests of consecutive sites, want >= %v", g, cfg.Delay)
	}
}

func raise(a *atomic.Int32, v int32) {
	for {
		m := a.Load()
		if v <= m || a.CompareAndSwap(m, v) {
			return
		}
	}
}
