package screenshot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Rendering thin pages (cmd/clinicaudit --render): unlike Renderer, which
// replays a capture with scripts off, DOMRenderer runs the page's scripts
// and returns the DOM they build. It shares the browser code of this
// package. The browser still fetches nothing itself: every request is
// intercepted (Fetch domain); the page's document is answered with the body
// the crawler received, scripts, XHR and fetch() requests are handed to the
// page's SubFetch (the crawler's rules decide), and every other request
// (images, style sheets, fonts, frames, media, beacons, non-GET methods) is
// refused.

// DefaultRenderTimeout bounds one page's render: loading, the scripts'
// sub-requests and the wait for the page to settle.
const DefaultRenderTimeout = 10 * time.Second

// settle is how long the page must be quiet (no sub-request in flight)
// after its load event before its DOM is read.
const settle = 500 * time.Millisecond

// SubFetch answers a sub-request of a rendered page (GET of url).
type SubFetch func(ctx context.Context, url, accept string) (status int, header http.Header, body []byte, err error)

// DOMPage is a page to render: as the crawler received it.
type DOMPage struct {
	URL         string
	ContentType string
	Body        []byte
	Fetch       SubFetch // nil: every sub-request is refused
}

// DOM is a rendered page.
type DOM struct {
	HTML     []byte        // document.documentElement.outerHTML, "" when it could not be read
	TimedOut bool          // the page did not load and settle within the timeout (HTML is what was there then)
	Elapsed  time.Duration // from navigation to the DOM read
	Fetched  []string      // sub-requests answered by SubFetch
	Refused  []string      // sub-requests refused, each "URL: reason"
}

// DOMRenderer renders pages with their scripts in one headless browser.
// Render calls are serialised; a browser that hung or died is restarted
// on the next call. Close stops it.
type DOMRenderer struct {
	mu       sync.Mutex
	path     string
	b        *browser
	startErr error // the browser failed to start: not tried again
}

// NewDOM returns a DOMRenderer for the browser at browserPath that starts
// the browser on the first Render (a scan without thin pages never starts
// one). A browser that fails to start fails every later Render at once.
func NewDOM(browserPath string) *DOMRenderer {
	return &DOMRenderer{path: browserPath}
}

// OpenDOM starts the browser at browserPath ("" means Find).
func OpenDOM(ctx context.Context, browserPath string) (*DOMRenderer, error) {
	if browserPath == "" {
		if browserPath = Find(); browserPath == "" {
			return nil, ErrNoBrowser
		}
	}
	r := &DOMRenderer{path: browserPath}
	if err := r.start(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *DOMRenderer) start(ctx context.Context) error {
	b, err := startBrowser(ctx, r.path)
	if err != nil {
		return err
	}
	for _, step := range []struct {
		method string
		params any
	}{
		{"Page.enable", nil},
		{"Fetch.enable", map[string]any{"patterns": []map[string]any{{"urlPattern": "*"}}}},
		{"Emulation.setDeviceMetricsOverride", map[string]any{"width": Width, "height": MinHeight, "deviceScaleFactor": 1, "mobile": false}},
	} {
		if err := b.tab.call(ctx, step.method, step.params, nil); err != nil {
			b.close()
			return err
		}
	}
	r.b = b
	return nil
}

// Close stops the browser.
func (r *DOMRenderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.b != nil {
		r.b.close()
		r.b = nil
	}
	return nil
}

// Render loads p in the browser, lets its scripts run until the page has
// loaded and settled or timeout has passed, and returns its DOM. A page
// that never settles (a script looping forever) comes back with TimedOut
// set. No sub-request is in flight, and p.Fetch is not called, once Render
// has returned.
func (r *DOMRenderer) Render(ctx context.Context, p DOMPage, timeout time.Duration) (*DOM, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.startErr != nil {
		return nil, r.startErr
	}
	if r.b == nil {
		if err := r.start(ctx); err != nil {
			if ctx.Err() == nil {
				r.startErr = fmt.Errorf("start browser: %w", err)
			}
			return nil, fmt.Errorf("start browser: %w", err)
		}
	}
	if timeout <= 0 {
		timeout = DefaultRenderTimeout
	}
	start := time.Now()
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tab := r.b.tab
	page := strings.SplitN(p.URL, "#", 2)[0]
	dom := &DOM{}
	loaded := make(chan struct{}, 1)
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		inflight int
		last     = time.Now()
		docDone  bool
	)
	refuse := func(id, u, why string) {
		mu.Lock()
		dom.Refused = append(dom.Refused, u+": "+why)
		mu.Unlock()
		tab.send("Fetch.failRequest", map[string]any{"requestId": id, "errorReason": "BlockedByClient"})
	}
	tab.onEvent(func(method string, params json.RawMessage) {
		switch method {
		case "Page.loadEventFired":
			select {
			case loaded <- struct{}{}:
			default:
			}
		case "Fetch.requestPaused":
			var ev struct {
				RequestID string `json:"requestId"`
				Request   struct {
					URL     string            `json:"url"`
					Method  string            `json:"method"`
					Headers map[string]string `json:"headers"`
				} `json:"request"`
				ResourceType string `json:"resourceType"`
			}
			if json.Unmarshal(params, &ev) != nil {
				return
			}
			u := ev.Request.URL
			mu.Lock()
			first := !docDone && ev.ResourceType == "Document" && strings.SplitN(u, "#", 2)[0] == page
			if first {
				docDone = true
			}
			mu.Unlock()
			switch {
			case first:
				h := http.Header{}
				if p.ContentType != "" {
					h.Set("Content-Type", p.ContentType)
				}
				tab.send("Fetch.fulfillRequest", fulfill(ev.RequestID, response{Status: 200, Header: h, Body: p.Body}))
			case p.Fetch == nil:
				refuse(ev.RequestID, u, "sub-requests are off")
			case ev.Request.Method != http.MethodGet:
				refuse(ev.RequestID, u, ev.Request.Method+" is not sent")
			case ev.ResourceType != "Script" && ev.ResourceType != "XHR" && ev.ResourceType != "Fetch":
				refuse(ev.RequestID, u, strings.ToLower(ev.ResourceType)+" is not fetched")
			default:
				accept := ""
				for k, v := range ev.Request.Headers {
					if strings.EqualFold(k, "Accept") {
						accept = v
					}
				}
				mu.Lock()
				inflight++
				mu.Unlock()
				wg.Add(1)
				go func() {
					defer wg.Done()
					status, h, body, err := p.Fetch(rctx, u, accept)
					if err != nil {
						refuse(ev.RequestID, u, err.Error())
					} else {
						mu.Lock()
						dom.Fetched = append(dom.Fetched, u)
						mu.Unlock()
						tab.send("Fetch.fulfillRequest", fulfill(ev.RequestID, response{Status: status, Header: h, Body: body}))
					}
					mu.Lock()
					inflight--
					last = time.Now()
					mu.Unlock()
				}()
			}
		}
	})
	healthy := false
	defer func() {
		cancel()
		wg.Wait() // no SubFetch call outlives Render
		tab.onEvent(nil)
		if healthy {
			bctx, bcancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer bcancel()
			if tab.call(bctx, "Page.navigate", map[string]any{"url": "about:blank"}, nil) == nil {
				return
			}
		}
		r.b.close() // hung or dead: the next Render starts a new browser
		r.b = nil
	}()

	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := tab.call(rctx, "Page.navigate", map[string]any{"url": page}, &nav); err != nil && rctx.Err() == nil {
		return nil, err
	}
	if nav.ErrorText != "" {
		healthy = true
		return nil, fmt.Errorf("render %s: %s", page, nav.ErrorText)
	}
	select {
	case <-loaded:
	case <-rctx.Done():
		dom.TimedOut = true
	}
	for tick := time.NewTicker(50 * time.Millisecond); !dom.TimedOut; {
		mu.Lock()
		quiet := inflight == 0 && time.Since(last) >= settle
		mu.Unlock()
		if quiet {
			tick.Stop()
			break
		}
		select {
		case <-tick.C:
		case <-rctx.Done():
			tick.Stop()
			dom.TimedOut = true
		}
	}
	var html string
	if !dom.TimedOut {
		if err := tab.eval(rctx, outerHTMLJS, &html); err != nil {
			if rctx.Err() == nil {
				return nil, fmt.Errorf("render %s: %w", page, err)
			}
			dom.TimedOut = true
		} else {
			healthy = true
		}
	}
	if dom.TimedOut {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// Stop the looping script, then read what the page has built.
		tctx, tcancel := context.WithTimeout(ctx, 2*time.Second)
		if tab.call(tctx, "Runtime.terminateExecution", nil, nil) == nil && tab.eval(tctx, outerHTMLJS, &html) == nil {
			healthy = true
		}
		tcancel()
	}
	dom.HTML = []byte(html)
	dom.Elapsed = time.Since(start)
	mu.Lock()
	defer mu.Unlock()
	dom.Fetched, dom.Refused = append([]string(nil), dom.Fetched...), append([]string(nil), dom.Refused...)
	return dom, nil
}

const outerHTMLJS = `document.documentElement ? "<!DOCTYPE html>" + document.documentElement.outerHTML : ""`
