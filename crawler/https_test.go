package crawler

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// addrTransport dials host:port names at the addresses in addrs (keyed by
// "host:port") and trusts the certificates of tlsSrv, so a test can stand a
// plain server on clinic.test:80 and a TLS one on clinic.test:443.
func addrTransport(cfg Config, addrs map[string]string, tlsSrv *httptest.Server) *http.Transport {
	tr := newTransport(cfg.withDefaults())
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if a, ok := addrs[addr]; ok {
			return d.DialContext(ctx, network, a)
		}
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	if tlsSrv != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: tlsSrv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs, ServerName: "example.com"}
	}
	return tr
}

// TestHTTPToHTTPSRedirect: most clinic sites answer http:// with a redirect
// to https:// on the same host. The redirect's robots.txt check for the new
// scheme must not wait for the host slot that the redirect response holds.
func TestHTTPToHTTPSRedirect(t *testing.T) {
	var mu sync.Mutex
	var got []string
	secureH := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, "https "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("User-agent: *\nDisallow: /private\n"))
		case "/":
			w.Write([]byte(`<p>Home</p><a href="/about">about</a><a href="http://clinic.test/old">old</a>`))
		case "/about", "/new":
			w.Write([]byte(`<p>page</p>`))
		default:
			http.NotFound(w, r)
		}
	})
	tlsSrv := httptest.NewTLSServer(secureH)
	t.Cleanup(tlsSrv.Close)
	plain := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, "http "+r.URL.Path)
		mu.Unlock()
		http.Redirect(w, r, "https://clinic.test"+r.URL.RequestURI(), http.StatusMovedPermanently)
	}))
	for _, delay := range []time.Duration{0, 50 * time.Millisecond} {
		cfg := testConfig()
		cfg.Delay = delay
		cfg.Timeout = 5 * time.Second
		tr := addrTransport(cfg, map[string]string{
			"clinic.test:80":  plain.Listener.Addr().String(),
			"clinic.test:443": tlsSrv.Listener.Addr().String(),
		}, tlsSrv)
		start := time.Now()
		done := make(chan struct{})
		var res *result
		var err error
		go func() {
			defer close(done)
			res, err = runCrawl(t, context.Background(), cfg, tr, "http://clinic.test/")
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("delay %v: crawl of an http seed redirecting to https did not finish in 20s", delay)
		}
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > cfg.Timeout {
			t.Errorf("delay %v: crawl took %v, want under one request timeout (%v): no wait may stall on the host slot (before the fix it never ended)", delay, d, cfg.Timeout)
		}
		home := res.byURL(t, "http://clinic.test/")
		if !home.OK() || home.FinalURL != "https://clinic.test/" {
			t.Errorf("delay %v: seed = %s, want fetched through the redirect", delay, show(home))
		}
		if p := res.byURL(t, "https://clinic.test/about"); !p.OK() {
			t.Errorf("delay %v: /about = %s, want fetched", delay, show(p))
		}
		if sr := res.site(t, "clinic.test"); sr.Unreachable != "" || sr.Interrupted {
			t.Errorf("delay %v: site result %+v", delay, sr)
		}
	}
}

// TestRedirectToOtherPortEnds: a redirect from the seed's port to another
// one (http on one port, https on another) leaves the site's scope; it is
// recorded as off_scope at once, never waited on.
func TestRedirectToOtherPortEnds(t *testing.T) {
	tlsSrv := httptest.NewTLSServer(pages(map[string]string{"/": "secure"}))
	t.Cleanup(tlsSrv.Close)
	_, tlsPort, _ := net.SplitHostPort(tlsSrv.Listener.Addr().String())
	plain := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://127.0.0.1:"+tlsPort+r.URL.RequestURI(), http.StatusFound)
	}))
	cfg := testConfig()
	cfg.Timeout = 2 * time.Second
	start := time.Now()
	res, err := runCrawl(t, context.Background(), cfg, nil, plain.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > cfg.Timeout {
		t.Errorf("crawl took %v, want under %v", d, cfg.Timeout)
	}
	if p := res.byURL(t, plain.URL+"/"); p.Error != ErrOffScope {
		t.Errorf("seed = %s, want off_scope", show(p))
	}
}

// TestMisbehavingSiteEnds crawls a site that misbehaves in every way we know
// (hung headers, a body trickled forever, redirect loops and chains, a
// redirect to https whose robots.txt hangs, 503 with Retry-After, a body far
// over its declared size) and checks that the crawl ends within its request
// budget: every request the site can cost is at most one delay plus one
// timeout, plus retry pauses, and no wait is longer.
func TestMisbehavingSiteEnds(t *testing.T) {
	stop := make(chan struct{})
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}
	var robotsAnswered, securePage atomic.Bool
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			hang(w, r)
			robotsAnswered.Store(true) // the handler returns: an empty 200, if the client still listens
		default:
			securePage.Store(true)
			if !robotsAnswered.Load() {
				t.Errorf("%s requested before its host's robots.txt was answered", r.URL.Path)
			}
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("secure"))
		}
	}))
	t.Cleanup(secure.Close)
	links := []string{"/hang", "/trickle", "/loop", "/chain/0", "/to-https", "/busy", "/liar", "/slow-redirect"}
	plain := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/robots.txt":
			http.NotFound(w, r)
		case p == "/":
			w.Header().Set("Content-Type", "text/html")
			for _, l := range links {
				fmt.Fprintf(w, `<a href="%s">x</a>`, l)
			}
		case p == "/hang":
			hang(w, r)
		case p == "/trickle":
			w.Header().Set("Content-Type", "text/html")
			drip(w, r, "a")
		case p == "/loop":
			http.Redirect(w, r, "/loop?x=1", http.StatusFound)
		case strings.HasPrefix(p, "/chain/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(p, "/chain/"))
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
		case p == "/to-https":
			http.Redirect(w, r, "https://clinic.test/secure", http.StatusMovedPermanently)
		case p == "/busy":
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
		case p == "/liar":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", "10")
			w.Write([]byte(strings.Repeat("x", 10)))
			w.(http.Flusher).Flush()
			hang(w, r) // the declared body is complete: the page is read
		case p == "/slow-redirect":
			w.Header().Set("Location", "/")
			w.WriteHeader(http.StatusFound)
			w.(http.Flusher).Flush()
			drip(w, r, "moved ")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() { close(stop) }) // runs before the servers close
	cfg := testConfig()
	cfg.Delay = 20 * time.Millisecond
	cfg.Timeout = time.Second
	cfg.MaxPages = 30
	tr := addrTransport(cfg, map[string]string{
		"clinic.test:80":  plain.Listener.Addr().String(),
		"clinic.test:443": secure.Listener.Addr().String(),
	}, secure)
	start := time.Now()
	res, err := runCrawl(t, context.Background(), cfg, tr, "http://clinic.test/")
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	// Each page may cost 1+maxRetries attempts and each attempt at most one
	// delay and one timeout; there are two robots.txt; retry pauses are 1s.
	reqs := cfg.MaxPages*(1+maxRetries) + 2
	budget := time.Duration(reqs)*(cfg.Delay+cfg.Timeout) + time.Duration(maxRetries)*time.Second + 2*time.Second
	if took > budget {
		t.Errorf("crawl took %v, want within %v", took, budget)
	}
	want := map[string]string{
		"http://clinic.test/hang":          ErrTimeout,
		"http://clinic.test/trickle":       ErrTimeout,
		"http://clinic.test/loop":          ErrRedirectLoop,
		"http://clinic.test/chain/0":       ErrTooManyRedir,
		"http://clinic.test/busy":          ErrHTTP5xx,
		"http://clinic.test/liar":          "",
		"http://clinic.test/slow-redirect": ErrTimeout,
	}
	for u, class := range want {
		p := res.byURL(t, u)
		if p.Error != class {
			t.Errorf("%s = %s, want error %q", u, show(p), class)
		}
	}
	// robots.txt of https://clinic.test hangs until the client gives up.
	// Usually that is a timeout; on a loaded machine the server may answer
	// (an empty robots.txt) just before, and then the page may be fetched,
	// but never before robots.txt was answered (checked in the handler).
	if p := res.byURL(t, "http://clinic.test/to-https"); p.Error != ErrTimeout && !(p.OK() && securePage.Load()) {
		t.Errorf("/to-https = %s, want a timeout, or the page after its robots.txt", show(p))
	}
}

// drip writes chunk every 100 ms for a minute, or until the client goes.
func drip(w http.ResponseWriter, r *http.Request, chunk string) {
	for i := 0; i < 600; i++ {
		if _, err := w.Write([]byte(chunk)); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}
