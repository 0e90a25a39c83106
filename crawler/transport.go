package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"sync"
	"time"
)

// newTransport returns the connection pool shared by every site of a crawl:
// keep-alive on, a few idle connections per host (at most one request is in
// flight per host, so two is plenty), bounded idle connections overall, and
// transparent gzip decoding (the body's size limit applies after decoding).
func newTransport(cfg Config) *http.Transport {
	return newTransportWith(cfg, nil)
}

// newTransportWith is newTransport with a resolver in place of DNS (nil: the
// system's); tests map names to loopback addresses with it.
func newTransportWith(cfg Config, lookup func(context.Context, string) ([]netip.Addr, error)) *http.Transport {
	d := newGuardedDialer(cfg, lookup)
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
//
// Sites hold the hosts they fetch from while they run. A host no site
// holds any longer is forgotten once its delay has passed since its last
// request (a later site on it starts afresh without breaking the gap), so
// the map grows with the hosts of the sites running, not with every host
// the crawl touched.
type hostGates struct {
	delay time.Duration // Config.Delay

	mu    sync.Mutex
	gates map[string]*gate
	idle  []string // hosts whose holds dropped to zero, oldest first (may repeat)
}

func newHostGates(delay time.Duration) *hostGates {
	return &hostGates{delay: delay, gates: make(map[string]*gate)}
}

// get returns the gate of host, creating it on first use.
func (h *hostGates) get(host string) *gate {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.getLocked(host)
}

func (h *hostGates) getLocked(host string) *gate {
	g := h.gates[host]
	if g == nil {
		g = &gate{slot: make(chan struct{}, 1), delay: h.delay}
		h.gates[host] = g
	}
	return g
}

// hold marks host as used by one more running site.
func (h *hostGates) hold(host string) {
	h.mu.Lock()
	h.getLocked(host).holds++
	h.mu.Unlock()
}

// release marks hosts as no longer used by one site, and returns the hosts
// forgotten now: held by no site, nothing in flight, delay passed.
func (h *hostGates) release(hosts []string) (evicted []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, host := range hosts {
		if g := h.gates[host]; g != nil && g.holds > 0 {
			g.holds--
			if g.holds == 0 {
				h.idle = append(h.idle, host)
			}
		}
	}
	now := time.Now()
	for len(h.idle) > 0 {
		host := h.idle[0]
		g := h.gates[host]
		if g != nil && g.holds == 0 {
			if len(g.slot) > 0 || !g.idleSince(now) {
				break // the oldest release is not old enough yet; nor are later ones
			}
			delete(h.gates, host)
			evicted = append(evicted, host)
		}
		h.idle[0] = ""
		h.idle = h.idle[1:]
	}
	return evicted
}

// size returns the number of hosts with a gate.
func (h *hostGates) size() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.gates)
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
	slot  chan struct{} // holds a token while a request is in flight
	holds int           // running sites that use the host; guarded by hostGates.mu

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

// idleSince reports whether the gate's delay has passed since its last request.
func (g *gate) idleSince(now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !now.Before(g.last.Add(g.delay))
}

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
// the gate.
//
// The gate is released when the body is closed or when the request's time
// is up, whichever comes first, so no caller can hold a host longer than
// one timeout. A redirect's body is read (up to maxRedirectBody) and the
// gate released before the response is returned: http.Client checks the
// next hop (our robots.txt lookup for a new scheme on the same host, which
// needs the same gate) before it closes the previous body.
//
// Waiting for the gate is bounded too (gateWait): a host kept busy longer
// than that by other sites is recorded as a timeout, not waited on forever.
type politeTransport struct {
	base    http.RoundTripper
	gates   *hostGates
	timeout time.Duration
	agent   string
}

// maxRedirectBody is how much of a redirect response's body is read; the
// rest is dropped (a redirect body is a few hundred bytes of "Moved").
const maxRedirectBody = 64 << 10

// gateWait bounds the wait for a host's gate: a few requests' worth of the
// host's timeout and delay, never unbounded.
func (t *politeTransport) gateWait(g *gate) time.Duration {
	return 3 * (t.timeout + g.currentDelay())
}

// errGateWait is returned when a host's gate stayed busy past gateWait.
var errGateWait = errors.New("host kept busy by other requests past the wait limit")

// RoundTrip implements http.RoundTripper.
func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	g := t.gates.get(SiteID(req.URL))
	wctx, wcancel := context.WithTimeoutCause(req.Context(), t.gateWait(g), errGateWait)
	err := g.acquire(wctx)
	if err != nil && req.Context().Err() == nil {
		err = fmt.Errorf("%w (%w)", context.Cause(wctx), context.DeadlineExceeded)
	}
	wcancel()
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	free := sync.OnceFunc(func() { cancel(); g.release() })
	// Time up (or the crawl cancelled): nothing is in flight any longer.
	context.AfterFunc(ctx, free)
	r := req.Clone(ctx)
	r.Header.Set("User-Agent", t.agent)
	resp, err := t.base.RoundTrip(r)
	g.answered()
	if err != nil {
		free()
		return nil, err
	}
	if isRedirect(resp) {
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxRedirectBody))
		resp.Body.Close()
		free()
		if rerr != nil {
			return nil, rerr
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, nil
	}
	resp.Body = &doneBody{ReadCloser: resp.Body, done: free}
	return resp, nil
}

// isRedirect reports whether http.Client will consider following resp.
func isRedirect(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return resp.Header.Get("Location") != ""
	}
	return false
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

// captureKey is the context key under which captureTransport hands a
// *capture to recordTransport for one request.
type captureKey struct{}

// capture is what recordTransport leaves of one response for the site that
// asked: the body bytes read and the WARC-Record-ID of the response record.
// It is filled when the response body is closed.
type capture struct {
	mu   sync.Mutex
	body []byte
	id   string
}

func (c *capture) set(body []byte, id string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.body, c.id = body, id
	c.mu.Unlock()
}

// captureTransport gives every request of one site a capture slot, and
// remembers the latest. A site makes one request at a time, so the response
// of interest is always the latest one (the last hop of a redirect chain).
type captureTransport struct {
	next http.RoundTripper

	mu   sync.Mutex
	last *capture
}

// RoundTrip implements http.RoundTripper.
func (t *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := new(capture)
	t.mu.Lock()
	t.last = c
	t.mu.Unlock()
	return t.next.RoundTrip(req.WithContext(context.WithValue(req.Context(), captureKey{}, c)))
}

// reset forgets the previous response; call it before each fetch.
func (t *captureTransport) reset() {
	t.mu.Lock()
	t.last = nil
	t.mu.Unlock()
}

// take returns the raw body bytes read from the latest response and its
// WARC-Record-ID ("" when nothing was archived). body is nil when no
// response arrived since reset.
func (t *captureTransport) take() (body []byte, warcID string) {
	t.mu.Lock()
	c := t.last
	t.last = nil
	t.mu.Unlock()
	if c == nil {
		return nil, ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.body == nil {
		c.body = []byte{}
	}
	return c.body, c.id
}

// recordTransport sits between the per-host gates and the network. It
// copies each response body as it is read, before anything (colly's charset
// conversion in particular) can alter it, into the request's capture slot,
// and when a WARCWriter is set it appends the request and response to it
// once the body is closed. Every request of a crawl passes through it:
// pages, redirect hops, retries and robots.txt.
type recordTransport struct {
	base     http.RoundTripper
	archive  *WARCWriter // nil: nothing archived
	maxBody  int64       // Config.MaxBodySize; one byte more is kept, to tell "too large"
	addsGzip bool        // base asks for gzip itself when the request does not say
	fail     func(error) // called once the archive cannot be written: the crawl stops
}

func newRecordTransport(base http.RoundTripper, archive *WARCWriter, maxBody int64, fail func(error)) *recordTransport {
	t := &recordTransport{base: base, archive: archive, maxBody: maxBody, fail: fail}
	if tr, ok := base.(*http.Transport); ok {
		t.addsGzip = !tr.DisableCompression
	}
	return t
}

// RoundTrip implements http.RoundTripper.
func (t *recordTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c, _ := req.Context().Value(captureKey{}).(*capture)
	if c == nil && t.archive == nil {
		return t.base.RoundTrip(req) // robots.txt, not archived: nothing to keep
	}
	ex := &exchange{req: req, started: time.Now().UTC()}
	ex.addedGzip = t.addsGzip && req.Header.Get("Accept-Encoding") == "" &&
		req.Header.Get("Range") == "" && req.Method != http.MethodHead
	sent := req
	if t.archive != nil {
		sent = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(ci httptrace.GotConnInfo) {
				if a, ok := ci.Conn.RemoteAddr().(*net.TCPAddr); ok {
					ex.ip = a.IP.String()
				}
			},
		}))
	}
	resp, err := t.base.RoundTrip(sent)
	if err != nil {
		return nil, err
	}
	ex.resp = resp
	b := &recordBody{ReadCloser: resp.Body, t: t, ex: ex, capture: c}
	if n := resp.ContentLength; n > 0 && n <= t.maxBody {
		b.buf.Grow(int(n))
	}
	resp.Body = b
	return resp, nil
}

// recordBody copies what is read from a body, up to maxBody+1 bytes, and
// hands the copy on when the body is closed.
type recordBody struct {
	io.ReadCloser
	t       *recordTransport
	ex      *exchange
	capture *capture // nil for robots.txt

	buf     bytes.Buffer
	read    int64 // bytes read, kept or not
	eof     bool  // the body was read to its end
	readErr error // a read failed before the end
	once    sync.Once
}

func (b *recordBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if room := b.t.maxBody + 1 - int64(b.buf.Len()); room > 0 && n > 0 {
		b.buf.Write(p[:min(int64(n), room)])
	}
	b.read += int64(n)
	switch {
	case err == io.EOF:
		b.eof = true
	case err != nil && b.readErr == nil:
		b.readErr = err
	}
	return n, err
}

func (b *recordBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// done runs once, when the body is closed: the copy goes to the capture slot
// and, with an archive, the exchange is written.
func (b *recordBody) done() {
	body := b.buf.Bytes()
	if body == nil {
		body = []byte{}
	}
	if b.t.archive == nil {
		b.capture.set(body, "")
		return
	}
	ex := b.ex
	ex.body = body
	switch {
	case b.read > b.t.maxBody || ex.resp.ContentLength > b.t.maxBody:
		ex.truncated = "length"
	case b.readErr != nil:
		if ne := net.Error(nil); errors.As(b.readErr, &ne) && ne.Timeout() {
			ex.truncated = "time"
		} else {
			ex.truncated = "disconnect"
		}
	case !b.eof && ex.resp.ContentLength != 0:
		ex.truncated = "unspecified" // not read to the end: not wanted (type) or not needed (redirect)
	}
	id, err := b.t.archive.write(ex)
	if err != nil {
		b.t.fail(err)
	}
	if b.capture != nil {
		b.capture.set(body, id)
	}
}
