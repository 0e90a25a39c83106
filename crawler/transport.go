package crawler

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// newTransport returns the connection pool shared by every site of a crawl:
// keep-alive on, a few idle connections per host (at most one request is in
// flight per host, so two is plenty), bounded idle connections overall, and
// transparent gzip decoding (the body's size limit applies after decoding).
func newTransport(cfg Config) *http.Transport {
	d := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          max(100, 2*cfg.Sites),
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   cfg.Timeout,
		ExpectContinueTimeout: time.Second,
	}
}

// hostGates holds one gate per host (SiteID form: host, plus port when not
// the default). It is shared by every site of a crawl, so two sites that
// touch the same host are still polite to it together.
type hostGates struct {
	delay time.Duration // Config.Delay

	mu    sync.Mutex
	gates map[string]*gate
}

func newHostGates(delay time.Duration) *hostGates {
	return &hostGates{delay: delay, gates: make(map[string]*gate)}
}

// get returns the gate of host, creating it on first use.
func (h *hostGates) get(host string) *gate {
	h.mu.Lock()
	defer h.mu.Unlock()
	g := h.gates[host]
	if g == nil {
		g = &gate{slot: make(chan struct{}, 1), delay: h.delay}
		h.gates[host] = g
	}
	return g
}

// setCrawlDelay applies a robots.txt Crawl-delay to host: the gap becomes the
// larger of Config.Delay and the Crawl-delay capped at MaxCrawlDelay.
func (h *hostGates) setCrawlDelay(host string, d time.Duration) {
	d = min(d, MaxCrawlDelay)
	g := h.get(host)
	g.mu.Lock()
	g.delay = max(h.delay, d)
	g.mu.Unlock()
}

// gate enforces politeness towards one host: one request in flight (slot) and
// at least delay between one request's answer and the next one's start. The
// gap is counted from when the previous response's headers arrived (or the
// request failed), a moment never earlier than when the server received that
// request, so the server itself observes at least delay between the starts
// of consecutive requests.
type gate struct {
	slot chan struct{} // holds a token while a request is in flight

	mu    sync.Mutex
	delay time.Duration
	last  time.Time // when the previous request was answered or failed
}

// acquire waits for the host to be free and the delay to have passed. On
// success the caller owns the slot and must call release exactly once.
func (g *gate) acquire(ctx context.Context) error {
	select {
	case g.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		g.mu.Lock()
		wait := time.Until(g.last.Add(g.delay))
		g.mu.Unlock()
		if wait <= 0 {
			return nil
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
			// Loop: a robots.txt Crawl-delay may have raised delay meanwhile.
		case <-ctx.Done():
			t.Stop()
			g.release()
			return ctx.Err()
		}
	}
}

// answered records that the request in flight got its response headers or failed.
func (g *gate) answered() {
	g.mu.Lock()
	g.last = time.Now()
	g.mu.Unlock()
}

func (g *gate) release() { <-g.slot }

// currentDelay returns the gap the gate enforces now.
func (g *gate) currentDelay() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.delay
}

// politeTransport is the RoundTripper every request of a crawl goes through,
// page or robots.txt, first request or redirect hop. Per hop it waits for the
// host's gate, sets the User-Agent and applies the per-request timeout, which
// covers connecting, the headers and reading the body but not the wait for
// the gate. The gate is released when the body is closed.
type politeTransport struct {
	base    http.RoundTripper
	gates   *hostGates
	timeout time.Duration
	agent   string
}

// RoundTrip implements http.RoundTripper.
func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	g := t.gates.get(SiteID(req.URL))
	if err := g.acquire(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	r := req.Clone(ctx)
	r.Header.Set("User-Agent", t.agent)
	resp, err := t.base.RoundTrip(r)
	g.answered()
	if err != nil {
		cancel()
		g.release()
		return nil, err
	}
	resp.Body = &doneBody{ReadCloser: resp.Body, done: func() { cancel(); g.release() }}
	return resp, nil
}

// doneBody runs done once, when the body is closed.
type doneBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *doneBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// captureTransport records the bytes of each response body as they are read,
// before anything (colly's charset conversion in particular) can alter them.
// One per site: a site makes one request at a time, so the body of interest is
// always that of the latest response (the last hop of a redirect chain).
type captureTransport struct {
	next  http.RoundTripper
	limit int64 // bytes kept per body; reading stops earlier anyway

	mu   sync.Mutex
	last *bytes.Buffer
}

// RoundTrip implements http.RoundTripper.
func (t *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	buf := new(bytes.Buffer)
	t.mu.Lock()
	t.last = buf
	t.mu.Unlock()
	resp.Body = &teeBody{ReadCloser: resp.Body, buf: buf, limit: t.limit}
	return resp, nil
}

// reset forgets the previous body; call it before each fetch.
func (t *captureTransport) reset() {
	t.mu.Lock()
	t.last = nil
	t.mu.Unlock()
}

// take returns the raw body bytes read from the latest response, or nil when
// no response arrived since reset.
func (t *captureTransport) take() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == nil {
		return nil
	}
	b := t.last.Bytes()
	if b == nil {
		b = []byte{}
	}
	t.last = nil
	return b
}

// teeBody copies what is read from a body into buf, up to limit bytes.
type teeBody struct {
	io.ReadCloser
	buf   *bytes.Buffer
	limit int64
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if room := b.limit - int64(b.buf.Len()); room > 0 && n > 0 {
		b.buf.Write(p[:min(int64(n), room)])
	}
	return n, err
}
