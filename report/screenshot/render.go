// Package screenshot renders captured pages in headless Chromium from the
// WARC capture — never from the live site — and highlights quoted
// sentences on them.
//
// Every request the browser makes is intercepted (DevTools Fetch domain)
// and answered with the recorded response or refused; page scripts are
// disabled; the viewport, fonts hinting and colour profile are fixed, so
// the same capture renders to the same pixels. The package owns the
// browser process it starts; it does not decide which pages to render.
package screenshot

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Rendering geometry, in CSS pixels (device scale 1, so image pixels too).
const (
	Width      = 1280  // viewport width
	MinHeight  = 800   // viewport height while the page loads
	MaxHeight  = 12000 // full-page screenshots are cut at this height
	CropMargin = 40    // pixels kept above and below a highlighted sentence
)

// ErrNotHTML is returned by Render for a record that is not an HTML page
// (a PDF document, an image): it is not rendered.
var ErrNotHTML = errors.New("not an HTML page")

// ErrNotInCapture is returned by Render for a record id that is not a
// response record of the capture (for example the conversion record of a
// page rendered with --render, whose quotes get no screenshot).
var ErrNotInCapture = errors.New("not a response record of the capture")

// ErrNoBrowser is returned by Open when no Chromium is installed.
var ErrNoBrowser = errors.New("no chromium found (apt-get install chromium, or set CHROMIUM)")

// Box is a rectangle in image pixels.
type Box struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// Inside reports whether b lies within o.
func (b Box) Inside(o Box) bool {
	return b.X >= o.X && b.Y >= o.Y && b.X+b.W <= o.X+o.W && b.Y+b.H <= o.Y+o.H
}

// Highlight is one quoted sentence on a rendered page.
type Highlight struct {
	Quote string `json:"quote"`
	Found bool   `json:"found"`          // the sentence was found in the page text
	Box   Box    `json:"box"`            // the highlight's bounding box (zero when not found)
	Crop  Box    `json:"crop"`           // the part of the screenshot cut out for it (zero when none)
	PNG   []byte `json:"-"`              // the crop, nil when not found or below MaxHeight
	Note  string `json:"note,omitempty"` // why there is no crop
}

// Shot is a rendered page.
type Shot struct {
	RecordID   string      `json:"warc_record_id"`
	URL        string      `json:"url"`
	Width      int         `json:"width"`
	Height     int         `json:"height"`
	Truncated  bool        `json:"truncated"` // the page is taller than MaxHeight
	Refused    []string    `json:"refused"`   // URLs the page asked for that the capture does not hold (not fetched)
	SHA256     string      `json:"sha256"`    // of PNG
	PNG        []byte      `json:"-"`         // full page, height capped at MaxHeight
	Highlights []Highlight `json:"highlights"`
}

// Find returns the Chromium to use: $CHROMIUM, else chromium,
// chromium-browser or google-chrome on PATH; "" when there is none.
func Find() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// Renderer renders pages of one WARC capture in one headless browser.
// Render calls are serialised; Close stops the browser.
type Renderer struct {
	mu  sync.Mutex
	b   *browser
	cap *capture
}

// Open indexes the WARC at warcPath and starts the browser at browserPath
// ("" means Find).
func Open(ctx context.Context, browserPath, warcPath string) (*Renderer, error) {
	if browserPath == "" {
		if browserPath = Find(); browserPath == "" {
			return nil, ErrNoBrowser
		}
	}
	c, err := openCapture(warcPath)
	if err != nil {
		return nil, err
	}
	b, err := startBrowser(ctx, browserPath)
	if err != nil {
		c.close()
		return nil, err
	}
	r := &Renderer{b: b, cap: c}
	for _, step := range []struct {
		method string
		params any
	}{
		{"Page.enable", nil},
		{"Fetch.enable", map[string]any{"patterns": []map[string]any{{"urlPattern": "*"}}}},
		{"Emulation.setScriptExecutionDisabled", map[string]any{"value": true}},
		{"Emulation.setDeviceMetricsOverride", map[string]any{"width": Width, "height": MinHeight, "deviceScaleFactor": 1, "mobile": false}},
	} {
		if err := b.tab.call(ctx, step.method, step.params, nil); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

// Close stops the browser and closes the capture.
func (r *Renderer) Close() error {
	r.b.close()
	return r.cap.close()
}

// Render renders the page of the response record recordID as captured,
// highlights each quote on it, and returns the full-page PNG (cut at
// MaxHeight) with a crop around each highlighted quote.
func (r *Renderer) Render(ctx context.Context, recordID string, quotes []string) (*Shot, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.cap.byID[recordID]
	if !ok {
		return nil, fmt.Errorf("record %s: %w", recordID, ErrNotInCapture)
	}
	if e.Mime != "text/html" && e.Mime != "application/xhtml+xml" {
		return nil, fmt.Errorf("record %s (%s): %w", recordID, e.Mime, ErrNotHTML)
	}
	page, err := r.cap.read(e)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	tab := r.b.tab
	loaded := make(chan struct{}, 1)
	var refusedMu sync.Mutex
	var refused []string
	tab.onEvent(func(method string, params json.RawMessage) {
		switch method {
		case "Page.loadEventFired":
			select {
			case loaded <- struct{}{}:
			default:
			}
		case "Fetch.requestPaused":
			var p struct {
				RequestID string `json:"requestId"`
				Request   struct {
					URL string `json:"url"`
				} `json:"request"`
			}
			if json.Unmarshal(params, &p) != nil {
				return
			}
			resp, ok := page, p.Request.URL == e.URL
			if !ok {
				resp, ok = r.cap.lookup(p.Request.URL)
			}
			if !ok {
				refusedMu.Lock()
				refused = append(refused, p.Request.URL)
				refusedMu.Unlock()
				tab.send("Fetch.failRequest", map[string]any{"requestId": p.RequestID, "errorReason": "BlockedByClient"})
				return
			}
			tab.send("Fetch.fulfillRequest", fulfill(p.RequestID, resp))
		}
	})
	defer tab.onEvent(nil)

	if err := tab.call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{"width": Width, "height": MinHeight, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return nil, err
	}
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := tab.call(ctx, "Page.navigate", map[string]any{"url": e.URL}, &nav); err != nil {
		return nil, err
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("render %s: %s", e.URL, nav.ErrorText)
	}
	select {
	case <-loaded:
	case <-ctx.Done():
		return nil, fmt.Errorf("render %s: page did not load: %w", e.URL, ctx.Err())
	}

	// The viewport becomes the page (up to MaxHeight), then the quotes
	// are marked: their boxes are measured in the final layout.
	var size struct{ W, H int }
	if err := tab.eval(ctx, measureJS, &size); err != nil {
		return nil, err
	}
	shot := &Shot{RecordID: recordID, URL: e.URL, Width: Width, Height: min(max(size.H, MinHeight), MaxHeight), Truncated: size.H > MaxHeight}
	if err := tab.call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{"width": Width, "height": shot.Height, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return nil, err
	}
	qs, _ := json.Marshal(append([]string{}, quotes...))
	var marks []struct {
		Found      bool
		X, Y, W, H float64
	}
	if err := tab.eval(ctx, "("+highlightJS+")("+string(qs)+")", &marks); err != nil {
		return nil, err
	}
	var shotRes struct {
		Data string `json:"data"`
	}
	if err := tab.call(ctx, "Page.captureScreenshot", map[string]any{
		"format": "png", "fromSurface": true, "captureBeyondViewport": false,
		"clip": map[string]any{"x": 0, "y": 0, "width": shot.Width, "height": shot.Height, "scale": 1},
	}, &shotRes); err != nil {
		return nil, err
	}
	raw, err := base64.StdEncoding.DecodeString(shotRes.Data)
	if err != nil {
		return nil, err
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("screenshot of %s: %w", e.URL, err)
	}
	shot.PNG = raw // Chromium's encoder: the same pixels give the same bytes (TestRender checks)
	sum := sha256.Sum256(shot.PNG)
	shot.SHA256 = hex.EncodeToString(sum[:])
	bounds := img.Bounds()
	shot.Width, shot.Height = bounds.Dx(), bounds.Dy()
	refusedMu.Lock()
	shot.Refused = append([]string(nil), refused...)
	refusedMu.Unlock()
	full := Box{0, 0, shot.Width, shot.Height}
	for i, q := range quotes {
		h := Highlight{Quote: q}
		if i < len(marks) && marks[i].Found {
			m := marks[i]
			h.Found = true
			x0, y0 := math.Floor(m.X), math.Floor(m.Y)
			x1, y1 := math.Min(math.Ceil(m.X+m.W), float64(shot.Width)), math.Ceil(m.Y+m.H)
			h.Box = Box{X: int(x0), Y: int(y0), W: int(x1 - x0), H: int(y1 - y0)}
			if h.Box.Inside(full) {
				top := max(h.Box.Y-CropMargin, 0)
				bottom := min(h.Box.Y+h.Box.H+CropMargin, shot.Height)
				h.Crop = Box{X: 0, Y: top, W: shot.Width, H: bottom - top}
				sub := img.(interface {
					SubImage(image.Rectangle) image.Image
				}).SubImage(image.Rect(0, top, shot.Width, bottom))
				if h.PNG, err = encodePNG(sub); err != nil {
					return nil, err
				}
			} else {
				h.Note = fmt.Sprintf("the sentence is below the first %d pixels of the page", MaxHeight)
			}
		} else {
			h.Note = "the sentence was not found in the rendered page text"
		}
		shot.Highlights = append(shot.Highlights, h)
	}
	return shot, nil
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fulfill is the Fetch.fulfillRequest answering a request with a recorded
// response. The body is the recorded payload (content coding already
// removed), so length and coding headers are not passed on.
func fulfill(id string, r response) map[string]any {
	var hs []map[string]string
	for k, vs := range r.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
			"Set-Cookie", "Strict-Transport-Security", "Alt-Svc", "Content-Security-Policy", "Refresh":
			continue
		}
		for _, v := range vs {
			hs = append(hs, map[string]string{"name": k, "value": v})
		}
	}
	status := r.Status
	if status == 0 {
		status = 200
	}
	return map[string]any{"requestId": id, "responseCode": status, "responseHeaders": hs, "body": base64.StdEncoding.EncodeToString(r.Body)}
}

// measureJS returns the page's layout size once fonts are ready, with
// animations and the caret stopped.
const measureJS = `(async () => {
	const st = document.createElement("style");
	st.textContent = "*,*::before,*::after{animation:none!important;transition:none!important;caret-color:transparent!important}";
	(document.head || document.documentElement).appendChild(st);
	if (document.fonts) await document.fonts.ready;
	const d = document.documentElement, b = document.body;
	return {W: Math.max(d.scrollWidth, b ? b.scrollWidth : 0), H: Math.max(d.scrollHeight, b ? b.scrollHeight : 0)};
})()`

// highlightJS marks each quote on the page and returns its bounding box in
// page coordinates. Text is compared without whitespace, case-folded and
// with typographic quotes made plain, since the quote comes from the
// extractor's text of the same HTML; a quote not found whole is looked
// for by its first 48 characters, then as an image's alt text.
const highlightJS = `(quotes) => {
	const fold = (s) => {
		let out = "";
		for (const ch of s) {
			if (/\s/.test(ch) || ch === "|") continue; // "|": the extractor joins table cells with " | "
			let c = ch.replace(/[\u2018\u2019\u201A\u2032]/g, "'").replace(/[\u201C\u201D\u201E\u2033]/g, '"').replace(/[\u2013\u2014]/g, "-");
			const l = c.toLowerCase();
			out += (l.length === c.length ? l : c);
		}
		return out;
	};
	const root = document.body || document.documentElement;
	const chars = [];
	let flat = "";
	// No filter callback: with page scripts disabled the browser refuses
	// to call back into script from the walker.
	const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
	for (let n; (n = w.nextNode()); ) {
		if (!n.parentElement || n.parentElement.closest("script,style,noscript,template,title")) continue;
		const v = n.nodeValue;
		for (let i = 0; i < v.length; i++) {
			const f = fold(v[i]);
			if (f.length !== 1) continue;
			flat += f;
			chars.push([n, i]);
		}
	}
	const layer = document.createElement("div");
	layer.setAttribute("data-clinicaudit-highlight", "");
	layer.style.cssText = "position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;pointer-events:none";
	document.documentElement.appendChild(layer);
	return quotes.map((q) => {
		let f = fold(q), at = flat.indexOf(f);
		if (at < 0 && f.length > 48) { f = f.slice(0, 48); at = flat.indexOf(f); }
		let rects = [];
		if (at >= 0 && f.length > 0) {
			const a = chars[at], z = chars[at + f.length - 1];
			const range = document.createRange();
			range.setStart(a[0], a[1]);
			range.setEnd(z[0], z[1] + 1);
			rects = range.getClientRects();
		} else {
			// The extractor also quotes image descriptions (alt text).
			const want = fold(q);
			for (const img of document.querySelectorAll("img[alt]")) {
				if (want && fold(img.getAttribute("alt")) === want) { rects = [img.getBoundingClientRect()]; break; }
			}
		}
		// One mark per line: the rectangles of inline pieces on the same
		// line are joined.
		const lines = [];
		for (const r of rects) {
			if (r.width <= 0 || r.height <= 0) continue;
			const x = r.left + window.scrollX, y = r.top + window.scrollY, l = lines[lines.length - 1];
			if (l && y < l.y1 - 2 && y + r.height > l.y0 + 2 && x <= l.x1 + 8) {
				l.x0 = Math.min(l.x0, x); l.x1 = Math.max(l.x1, x + r.width);
				l.y0 = Math.min(l.y0, y); l.y1 = Math.max(l.y1, y + r.height);
			} else {
				lines.push({x0: x, y0: y, x1: x + r.width, y1: y + r.height});
			}
		}
		let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
		for (const l of lines) {
			const m = document.createElement("div");
			m.style.cssText = "position:absolute;box-sizing:border-box;background:rgba(255,221,0,0.45);border:2px solid rgb(220,0,0);" +
				"left:" + (l.x0 - 3) + "px;top:" + (l.y0 - 2) + "px;width:" + (l.x1 - l.x0 + 6) + "px;height:" + (l.y1 - l.y0 + 4) + "px";
			layer.appendChild(m);
			x0 = Math.min(x0, l.x0 - 3); y0 = Math.min(y0, l.y0 - 2); x1 = Math.max(x1, l.x1 + 3); y1 = Math.max(y1, l.y1 + 2);
		}
		if (x0 === Infinity) return {Found: false};
		return {Found: true, X: Math.max(0, x0), Y: Math.max(0, y0), W: x1 - Math.max(0, x0), H: y1 - Math.max(0, y0)};
	});
}`

// SafeName returns a file name for a record id: its uuid, or the id with
// anything but letters, digits and '-' replaced.
func SafeName(recordID string) string {
	id := strings.TrimSuffix(strings.TrimPrefix(recordID, "<urn:uuid:"), ">")
	return strings.Map(func(r rune) rune {
		if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, id)
}
