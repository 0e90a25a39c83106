package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/report/screenshot"
)

// Rendering thin pages (--render). A page extract marks thin is loaded
// in headless Chromium from the body the crawler received; the requests
// its scripts make are answered through the crawler (crawler.Fetcher: the
// page's own host only, robots.txt, the politeness gate, the WARC), except
// that only scripts, XHR and fetch() are asked for: images, style sheets,
// fonts, frames and non-GET requests are refused. The DOM it has after
// loading and settling (or at the render timeout) is recorded as a WARC
// conversion record referring to the page's response record, and the
// page is analysed again from it: its claims quote the rendered page and
// name the conversion record.

// pageRenderer renders the thin pages of a scan, one at a time.
type pageRenderer struct {
	ctx     context.Context
	r       *screenshot.DOMRenderer
	warc    *crawler.WARCWriter
	timeout time.Duration

	mu                         sync.Mutex
	rendered, timedOut, failed int
	total, slowest             time.Duration
}

// openRenderer prepares --render; without Chromium it prints one line and
// returns nil (no rendering).
func openRenderer(ctx context.Context, on bool, timeout time.Duration, stderr io.Writer) *pageRenderer {
	if !on {
		return nil
	}
	path := screenshot.Find()
	if path == "" {
		fmt.Fprintln(stderr, "clinicaudit: thin pages are not rendered: Chromium is not installed (apt-get install chromium)")
		return nil
	}
	// The browser starts at the first thin page; if it cannot, each thin
	// page says so in its analysis_note (render "failed").
	return &pageRenderer{ctx: ctx, r: screenshot.NewDOM(path), timeout: timeout}
}

func (pr *pageRenderer) Close() {
	if pr != nil {
		pr.r.Close()
	}
}

// render renders a thin page and analyses its DOM. It updates rec and
// returns the rendered page's claims, places and people (ok false: the
// page keeps its analysis as served).
func (pr *pageRenderer) render(ex *extract.Extractor, pg crawler.Page, u string, rec *report.Page) (claims []extract.Claim, places, people []string, ok bool) {
	var fetch screenshot.SubFetch
	if pg.Fetch != nil {
		fetch = func(ctx context.Context, u, accept string) (int, http.Header, []byte, error) {
			r, err := pg.Fetch(ctx, u, accept)
			if err != nil {
				return 0, nil, nil, err
			}
			return r.Status, r.Header, r.Body, nil
		}
	}
	dom, err := pr.r.Render(pr.ctx, screenshot.DOMPage{URL: u, ContentType: pg.ContentType, Body: pg.Body, Fetch: fetch}, pr.timeout)
	pr.count(dom, err)
	if err != nil {
		rec.Render = "failed"
		rec.AnalysisNote = joinNote("not rendered: "+err.Error(), rec.AnalysisNote)
		return nil, nil, nil, false
	}
	if dom.TimedOut {
		rec.Render = "timeout"
	}
	if len(dom.HTML) == 0 {
		rec.AnalysisNote = joinNote(fmt.Sprintf("render timed out after %s with no DOM; analysed as served", pr.timeout), rec.AnalysisNote)
		return nil, nil, nil, false
	}
	at := time.Now().UTC()
	id := ""
	if pr.warc != nil {
		if id, err = pr.warc.WriteConversion(u, pg.WARCRecordID, at, "text/html; charset=utf-8", dom.HTML); err != nil {
			rec.Render = "failed"
			rec.AnalysisNote = joinNote("rendered DOM not recorded: "+err.Error(), rec.AnalysisNote)
			return nil, nil, nil, false
		}
	}
	res, err := ex.Extract(extract.Input{URL: u, Site: pg.Site, ContentType: "text/html; charset=utf-8", Body: dom.HTML})
	if err != nil {
		rec.Render = "failed"
		rec.AnalysisNote = joinNote("rendered DOM not analysed: "+err.Error(), rec.AnalysisNote)
		return nil, nil, nil, false
	}
	for i := range res.Claims {
		res.Claims[i].CapturedAt, res.Claims[i].WARCRecordID = at.Format(time.RFC3339), id
	}
	note := fmt.Sprintf("rendered in Chromium in %.1fs (%d sub-requests fetched, %d refused)", dom.Elapsed.Seconds(), len(dom.Fetched), len(dom.Refused))
	if dom.TimedOut {
		note = fmt.Sprintf("rendered in Chromium: timed out after %s, DOM as it was then (%d sub-requests fetched, %d refused)", pr.timeout, len(dom.Fetched), len(dom.Refused))
	} else {
		rec.Render = "rendered"
	}
	rec.RenderRecordID = id
	rec.Title, rec.Role, rec.Lang, rec.Analysis = res.Title, res.Role, res.Lang, res.Analysis
	rec.AnalysisNote = joinNote(note, res.AnalysisNote)
	rec.Thin = res.Thin || dom.TimedOut // what a timed-out page would have shown is not known
	return res.Claims, res.Places, res.People, true
}

func (pr *pageRenderer) count(dom *screenshot.DOM, err error) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	switch {
	case err != nil:
		pr.failed++
	case dom.TimedOut:
		pr.timedOut++
	default:
		pr.rendered++
		pr.total += dom.Elapsed
		pr.slowest = max(pr.slowest, dom.Elapsed)
	}
}

// summary is the stderr line after a scan, "" when nothing was rendered.
func (pr *pageRenderer) summary() string {
	if pr == nil {
		return ""
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.rendered+pr.timedOut+pr.failed == 0 {
		return ""
	}
	s := fmt.Sprintf("clinicaudit: %d thin pages rendered in Chromium", pr.rendered)
	if pr.rendered > 0 {
		s += fmt.Sprintf(" (%.2fs each on average, slowest %.2fs)", (pr.total / time.Duration(pr.rendered)).Seconds(), pr.slowest.Seconds())
	}
	if pr.timedOut > 0 {
		s += fmt.Sprintf(", %d timed out after %s", pr.timedOut, pr.timeout)
	}
	if pr.failed > 0 {
		s += fmt.Sprintf(", %d failed", pr.failed)
	}
	return s
}

func joinNote(a, b string) string {
	return strings.TrimPrefix(strings.TrimSuffix(a+"; "+b, "; "), "; ")
}
