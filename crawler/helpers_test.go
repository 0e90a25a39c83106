package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testServer is an httptest server that logs every request it receives and
// measures how many it handles at once.
type testServer struct {
	*httptest.Server

	mu  sync.Mutex
	log []logged

	inflight    atomic.Int32
	maxInflight atomic.Int32
}

type logged struct {
	host, uri, ua string
	at            time.Time
}

// newTestServer starts a logging server in front of h.
func newTestServer(t *testing.T, h http.Handler) *testServer {
	t.Helper()
	ts := &testServer{}
	ts.Server = httptest.NewServer(ts.wrap(h))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *testServer) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := ts.inflight.Add(1)
		defer ts.inflight.Add(-1)
		for {
			m := ts.maxInflight.Load()
			if n <= m || ts.maxInflight.CompareAndSwap(m, n) {
				break
			}
		}
		ts.mu.Lock()
		ts.log = append(ts.log, logged{host: r.Host, uri: r.URL.RequestURI(), ua: r.UserAgent(), at: time.Now()})
		ts.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// requests returns the logged requests in arrival order.
func (ts *testServer) requests() []logged {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]logged(nil), ts.log...)
}

// count returns how many requests asked for uri.
func (ts *testServer) count(uri string) int {
	n := 0
	for _, r := range ts.requests() {
		if r.uri == uri {
			n++
		}
	}
	return n
}

// minGap returns the smallest gap between the arrivals of consecutive requests.
func (ts *testServer) minGap() time.Duration {
	reqs := ts.requests()
	gap := time.Duration(1<<63 - 1)
	for i := 1; i < len(reqs); i++ {
		gap = min(gap, reqs[i].at.Sub(reqs[i-1].at))
	}
	return gap
}

// pages serves a fixed set of documents: HTML unless the path ends in .txt.
// Unknown paths get 404.
func pages(docs map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := docs[r.URL.RequestURI()]
		if !ok {
			body, ok = docs[r.URL.Path]
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".txt") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write([]byte(body))
	})
}

// show formats a page for a failure message, without its body bytes.
func show(p Page) string {
	n := len(p.Body)
	p.Body = nil
	return fmt.Sprintf("%+v (body: %d bytes)", p, n)
}

// result collects what Crawl reports.
type result struct {
	mu      sync.Mutex
	pages   []Page
	sites   []SiteResult
	closed  atomic.Bool // set when Crawl returned: no callback may come after
	lateCBs atomic.Int32
}

func (r *result) page(p Page) {
	if r.closed.Load() {
		r.lateCBs.Add(1)
	}
	r.mu.Lock()
	r.pages = append(r.pages, p)
	r.mu.Unlock()
}

func (r *result) done(s SiteResult) {
	if r.closed.Load() {
		r.lateCBs.Add(1)
	}
	r.mu.Lock()
	r.sites = append(r.sites, s)
	r.mu.Unlock()
}

// byURL returns the page recorded for url.
func (r *result) byURL(t *testing.T, url string) Page {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var found []Page
	for _, p := range r.pages {
		if p.URL == url {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		t.Fatalf("pages for %s: %d, want 1; all pages: %v", url, len(found), r.urls())
	}
	return found[0]
}

// urls lists the recorded page URLs, sorted. Callers hold r.mu or own r.
func (r *result) urls() []string {
	var u []string
	for _, p := range r.pages {
		u = append(u, p.URL)
	}
	sort.Strings(u)
	return u
}

// site returns the SiteResult of the site with this ID.
func (r *result) site(t *testing.T, id string) SiteResult {
	t.Helper()
	for _, s := range r.sites {
		if s.Site.ID == id {
			return s
		}
	}
	t.Fatalf("no SiteResult for %s", id)
	return SiteResult{}
}

// testConfig is DefaultConfig with small numbers for loopback tests.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Delay = 0
	cfg.Timeout = 5 * time.Second
	cfg.MaxPages = 50
	cfg.MaxDepth = 4
	cfg.Sites = 4
	cfg.MaxBodySize = 1 << 20
	return cfg
}

// runCrawl runs Crawl (or crawlWith when base is not nil), checks that it left
// no goroutine behind and no callback after returning, and returns what it
// reported.
func runCrawl(t *testing.T, ctx context.Context, cfg Config, base *http.Transport, seeds ...string) (*result, error) {
	t.Helper()
	var sites []Site
	for _, s := range seeds {
		site, err := NewSite(s, "")
		if err != nil {
			t.Fatalf("NewSite(%q): %v", s, err)
		}
		sites = append(sites, site)
	}
	res := &result{}
	var err error
	if base == nil {
		err = Crawl(ctx, cfg, sites, res.page, res.done)
	} else {
		err = crawlWith(ctx, cfg.withDefaults(), base, sites, res.page, res.done)
		base.CloseIdleConnections()
	}
	res.closed.Store(true)
	checkNoLeaks(t)
	if n := res.lateCBs.Load(); n > 0 {
		t.Errorf("%d callbacks after Crawl returned", n)
	}
	return res, err
}

// goroutines counts live goroutines whose stack contains any of marks.
func goroutines(marks ...string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, m := range marks {
			if strings.Contains(g, m) {
				count++
				break
			}
		}
	}
	return count
}

// checkNoLeaks fails if crawler workers or client connections outlive Crawl.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	marks := []string{"crawler.(*siteCrawler)", "crawler.(*crawl)", "crawler.crawlWith", "net/http.(*persistConn)"}
	deadline := time.Now().Add(2 * time.Second)
	for goroutines(marks...) > 0 {
		if time.Now().After(deadline) {
			t.Errorf("%d crawler or client-connection goroutines still running after Crawl returned", goroutines(marks...))
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// mappedTransport dials the host names in hosts at the given addresses and
// fails every other name as a DNS error, recording which names were dialed.
func mappedTransport(cfg Config, hosts map[string]string, dialed *sync.Map) *http.Transport {
	tr := newTransport(cfg.withDefaults())
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		dialed.Store(host, true)
		if a, ok := hosts[host]; ok {
			return d.DialContext(ctx, network, a)
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return tr
}

// noDNSTransport resolves names with Go's resolver talking to a DNS server
// that cannot be reached, so every name fails as a real *net.DNSError without
// touching the network; IP literals still connect.
func noDNSTransport(cfg Config) *http.Transport {
	tr := newTransport(cfg.withDefaults())
	d := &net.Dialer{Resolver: &net.Resolver{
		PreferGo: true,
		Dial: func(context.Context, string, string) (net.Conn, error) {
			return nil, errors.New("no DNS server in tests")
		},
	}}
	tr.DialContext = d.DialContext
	return tr
}

// slowHandler delays every answer, to widen any overlap between requests.
func slowHandler(d time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(d)
		h.ServeHTTP(w, r)
	})
}

// checkPolite checks, at one server, what politeness promises: wantReqs
// requests, robots.txt fetched once, one request in flight at a time and
// no gap under delay.
func checkPolite(t *testing.T, s *testServer, delay time.Duration, wantReqs int) {
	t.Helper()
	if n := len(s.requests()); n != wantReqs {
		t.Errorf("%s: %d requests, want %d", s.URL, n, wantReqs)
	}
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("%s: robots.txt requested %d times, want 1", s.URL, n)
	}
	if m := s.maxInflight.Load(); m != 1 {
		t.Errorf("%s: %d requests in flight at once, want 1", s.URL, m)
	}
	if g := s.minGap(); g < delay {
		t.Errorf("%s: gap of %v between requests, want >= %v", s.URL, g, delay)
	}
}
