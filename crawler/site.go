package crawler

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/publicsuffix"
)

// maxLinksPerPage bounds the links kept from one page.
const maxLinksPerPage = 5000

// accept is the Accept header of page requests.
const accept = "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,*/*;q=0.5"

// siteCrawler crawls one site from one goroutine: a breadth-first frontier of
// canonical URLs driving a synchronous colly collector, one fetch at a time.
// It is not safe for concurrent use.
type siteCrawler struct {
	cr    *crawl
	site  Site
	seed  *url.URL
	scope scope
	page  func(Page)
	ctx   context.Context // the site's (for Page.Fetch)

	c       *colly.Collector
	capture *captureTransport
	cur     *attempt // the fetch in progress, written by colly's callbacks

	queue         []queued
	seen          map[string]bool // canonical URLs queued, fetched or recorded
	fetched       map[string]bool // canonical URLs requested or reached by a redirect
	variants      map[string]int  // queued query-string variants per scheme+host+path
	hosts         map[string]bool // hosts held in the crawl's gates (released when the site ends)
	fetches       int             // fetch attempts that went to the network
	robotsSkipped int             // robots exclusions recorded at discovery
	sitemaps      int             // sitemaps queued
	curSitemap    bool            // the fetch under way is a sitemap
	curRequisite  bool            // the fetch under way is a page requisite
	res           SiteResult
}

// queued is a frontier entry: a canonical URL and its link depth.
type queued struct {
	u       *url.URL
	depth   int
	sitemap bool // a sitemap named by robots.txt: its <loc> URLs are queued

	requisite bool // a page requisite (requisites.go): any content type is read
}

// attempt is what one colly Visit produced.
type attempt struct {
	status   int
	header   http.Header
	final    string   // URL of the last response (after redirects)
	redirect *outcome // a redirect that was not followed, and why
	abort    string   // ErrNotHTML or ErrTooLarge when the download stopped after the headers
	declared int64    // Content-Length, -1 when unknown
	complete bool     // the body was read (up to the size limit) and parsed
	links    []string // absolute link targets found in a 2xx HTML body
	err      error    // from Visit
	body     []byte   // raw body bytes as received (after transfer decoding)
	warcID   string   // WARC-Record-ID of the response record, "" when not archived
	at       time.Time
}

// crawlSite crawls one site and returns its summary.
func (cr *crawl) crawlSite(ctx context.Context, site Site, page func(Page)) SiteResult {
	seed, err := parseSeed(site.Seed)
	if err == nil && site.ID == "" {
		site.ID = SiteID(seed)
	}
	res := SiteResult{Site: site}
	switch {
	case err != nil:
		res.Unreachable = "invalid seed: " + err.Error()
		return res
	case ctx.Err() != nil:
		res.Interrupted = true
		return res
	}
	s := &siteCrawler{
		cr:       cr,
		site:     site,
		seed:     seed,
		scope:    newScope(seed),
		page:     page,
		seen:     make(map[string]bool),
		fetched:  make(map[string]bool),
		variants: make(map[string]int),
		hosts:    make(map[string]bool),
		res:      res,
	}
	ctx = withPrivateOK(ctx, seed)
	s.ctx = ctx
	s.c = s.newCollector(ctx)
	s.run(ctx)
	if cr.cfg.Requisites != nil && !s.res.Interrupted && s.res.Unreachable == "" && ctx.Err() == nil {
		s.fetchRequisites(ctx, cr.cfg.Requisites(site))
	}
	s.releaseHosts()
	return s.res
}

// holdHost marks u's host as used by this site, so the crawl keeps its gate
// and robots.txt verdict while the site runs.
func (s *siteCrawler) holdHost(u *url.URL) {
	h := SiteID(u)
	if !s.hosts[h] {
		s.hosts[h] = true
		s.cr.gates.hold(h)
	}
}

// releaseHosts lets the crawl forget the site's hosts once no other site
// uses them.
func (s *siteCrawler) releaseHosts() {
	hosts := make([]string, 0, len(s.hosts))
	for h := range s.hosts {
		hosts = append(hosts, h)
	}
	s.cr.robots.forget(s.cr.gates.release(hosts))
}

// newCollector returns the site's colly collector: synchronous, our client and
// transports, our redirect policy, and callbacks that fill s.cur.
func (s *siteCrawler) newCollector(ctx context.Context) *colly.Collector {
	cfg := s.cr.cfg
	c := colly.NewCollector(colly.StdlibContext(ctx))
	// Set after NewCollector, which applies COLLY_* environment variables last.
	c.UserAgent = cfg.UserAgent
	c.Async = false
	c.MaxDepth, c.MaxRequests = 0, 0 // limits are the frontier's
	c.AllowURLRevisit = true         // de-duplication is ours; colly marks URLs visited before fetching
	c.IgnoreRobotsTxt = true         // robots.txt is ours: single flight, cancellable, Crawl-delay
	c.ParseHTTPErrorResponse = true  // 203–299 (and the rest) reach OnResponse, not OnError
	c.DetectCharset, c.CheckHead, c.CacheDir = false, false, ""
	c.AllowedDomains, c.DisallowedDomains = nil, nil
	c.URLFilters, c.DisallowedURLFilters = nil, nil
	// One byte over the limit tells a complete body from one colly truncated.
	c.MaxBodySize = int(cfg.MaxBodySize) + 1

	s.capture = &captureTransport{next: s.cr.polite}
	jar, _ := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	c.SetClient(&http.Client{Transport: s.capture, CheckRedirect: s.checkRedirect, Jar: jar})

	c.OnRequest(func(r *colly.Request) { r.Headers.Set("Accept", accept) })
	c.OnResponseHeaders(s.onHeaders)
	c.OnResponse(func(*colly.Response) {
		if s.cur != nil {
			s.cur.complete = true
		}
	})
	c.OnHTML("a[href], area[href]", func(e *colly.HTMLElement) { s.addLink(e, "href") })
	c.OnHTML("frame[src], iframe[src]", func(e *colly.HTMLElement) { s.addLink(e, "src") })
	return c
}

// run drains the frontier.
func (s *siteCrawler) run(ctx context.Context) {
	cfg := s.cr.cfg
	// The seed is fetched whatever it looks like: the link filters are for
	// discovered links, and a seed must end up as a page or an Unreachable reason.
	s.seen[s.seed.String()] = true
	s.queue = append(s.queue, queued{u: s.seed, depth: 0})
	for len(s.queue) > 0 && s.fetches < cfg.MaxPages {
		if ctx.Err() != nil {
			s.res.Interrupted = true
			return
		}
		it := s.queue[0]
		s.queue = s.queue[1:]
		if s.fetched[it.u.String()] {
			continue // already reached as the target of a redirect
		}
		s.fetched[it.u.String()] = true
		p, links := s.visitURL(ctx, it)
		s.emit(p)
		if p.Error == ErrCanceled {
			s.res.Interrupted = true
		}
		if it.depth == 0 {
			s.res.Unreachable = unreachableReason(p, cfg)
		}
		if fu, err := url.Parse(p.FinalURL); err == nil && p.FinalURL != "" {
			if c, ok := canonicalize(fu); ok {
				s.seen[c.String()] = true
				s.fetched[c.String()] = true
			}
		}
		for _, l := range links {
			s.consider(l, it.depth+1)
		}
		if it.depth == 0 {
			s.queueSitemaps()
		}
		if it.sitemap {
			pages, nested := parseSitemap(p.Body)
			for _, l := range pages {
				s.consider(l, 1)
			}
			for _, l := range nested {
				s.queueSitemap(l)
			}
		}
	}
}

// maxSitemaps bounds the sitemaps (and nested sitemap indexes) read per site.
const maxSitemaps = 5

// queueSitemaps queues the sitemaps the seed host's robots.txt names, so
// pages no link reaches are found too.
func (s *siteCrawler) queueSitemaps() {
	if s.cr.cfg.IgnoreRobots {
		return
	}
	rules, ok := s.cr.robots.lookup(robotsKey(s.seed))
	if !ok || rules.failure != nil {
		return
	}
	for _, sm := range rules.sitemaps {
		s.queueSitemap(sm)
	}
}

// queueSitemap queues one sitemap if it is in scope, new and within the
// per-site limit. Sitemaps go through the same politeness and robots
// checks as pages and count against MaxPages.
func (s *siteCrawler) queueSitemap(raw string) {
	if s.sitemaps >= maxSitemaps || s.fetches+len(s.queue) >= s.cr.cfg.MaxPages {
		return
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return
	}
	c, ok := canonicalize(u)
	if !ok || !s.scope.allows(c) || s.seen[c.String()] {
		return
	}
	s.sitemaps++
	s.seen[c.String()] = true
	s.queue = append(s.queue, queued{u: c, depth: 1, sitemap: true})
}

// consider queues a discovered link if it is worth fetching: http(s), in
// scope, not an obvious non-page, not a trap, within depth and budget, and
// new. A link that robots.txt is already known to disallow is recorded as a
// robots Page at once (at most MaxPages of them per site).
func (s *siteCrawler) consider(link string, depth int) {
	cfg := s.cr.cfg
	if depth > cfg.MaxDepth {
		return
	}
	u, err := url.Parse(link)
	if err != nil {
		return
	}
	c, ok := canonicalize(u)
	if !ok || !s.scope.allows(c) || skippedExt(c) || looksLikeTrap(c) {
		return
	}
	key := c.String()
	if s.seen[key] {
		return
	}
	if !cfg.IgnoreRobots {
		if rules, ok := s.cr.robots.lookup(robotsKey(c)); ok && rules.failure == nil && !rules.allows(c) {
			if s.robotsSkipped < cfg.MaxPages {
				s.robotsSkipped++
				s.seen[key] = true
				s.emit(s.robotsPage(c, depth))
			}
			return
		}
	}
	if s.fetches+len(s.queue) >= cfg.MaxPages {
		return
	}
	if c.RawQuery != "" {
		pk := c.Scheme + "://" + c.Host + c.EscapedPath()
		if s.variants[pk] >= maxQueryVariants {
			return
		}
		s.variants[pk]++
	}
	s.seen[key] = true
	s.queue = append(s.queue, queued{u: c, depth: depth})
}

// emit counts a page and hands it to the caller.
func (s *siteCrawler) emit(p Page) {
	s.res.Pages++
	switch {
	case p.Error == ErrRobots:
		s.res.Robots++
	case p.Error != "":
		s.res.Errors++
	}
	if p.OK() {
		s.res.Fetched++
		u := p.FinalURL
		if u == "" {
			u = p.URL
		}
		p.Fetch = s.subFetcher(u)
	}
	s.page(p)
}

func (s *siteCrawler) robotsPage(u *url.URL, depth int) Page {
	return Page{
		Site: s.site.ID, URL: u.String(), Depth: depth, FetchedAt: time.Now().UTC(),
		Error: ErrRobots, ErrorDetail: "disallowed by robots.txt",
	}
}

// visitURL checks robots.txt for a queued URL, then fetches it.
func (s *siteCrawler) visitURL(ctx context.Context, it queued) (Page, []string) {
	s.holdHost(it.u)
	if !s.cr.cfg.IgnoreRobots {
		rules, err := s.cr.robotsFor(ctx, it.u)
		if err != nil {
			return Page{
				Site: s.site.ID, URL: it.u.String(), Depth: it.depth, FetchedAt: time.Now().UTC(),
				Error: classify(ctx, err), ErrorDetail: "waiting for robots.txt: " + err.Error(),
			}, nil
		}
		if f := rules.failure; f != nil {
			return Page{
				Site: s.site.ID, URL: it.u.String(), Depth: it.depth, FetchedAt: time.Now().UTC(),
				Error: f.class, ErrorDetail: f.detail,
			}, nil
		}
		if !rules.allows(it.u) {
			return s.robotsPage(it.u, it.depth), nil
		}
	}
	s.fetches++
	return s.fetch(ctx, it)
}

// fetch requests a URL, retrying 429 and 503 answers a bounded number of
// times, and turns the result into a Page and the links to consider.
func (s *siteCrawler) fetch(ctx context.Context, it queued) (Page, []string) {
	var st *attempt
	retries := 0
	s.curSitemap, s.curRequisite = it.sitemap, it.requisite
	defer func() { s.curSitemap, s.curRequisite = false, false }()
	for n := 0; ; n++ {
		st = s.visit(it.u.String())
		if ctx.Err() != nil || st.redirect != nil || !st.complete {
			break
		}
		final, err := url.Parse(st.final)
		if err != nil {
			final = it.u
		}
		wait, ok := retryWait(st.status, st.header, n, s.cr.gates.get(SiteID(final)).currentDelay())
		if !ok || sleep(ctx, wait) != nil {
			break
		}
		retries++
	}
	return s.pageFrom(ctx, it, st, retries)
}

// visit runs one colly Visit and collects what its callbacks saw.
func (s *siteCrawler) visit(u string) *attempt {
	st := &attempt{declared: -1}
	s.cur = st
	s.capture.reset()
	st.err = s.c.Visit(u)
	st.body, st.warcID = s.capture.take()
	st.at = time.Now().UTC()
	s.cur = nil
	return st
}

// onHeaders stops downloads that are not wanted: 2xx content that is neither
// HTML nor PDF (images, video, audio, archives...), which is recorded by its
// type only, and bodies declared larger than the limit.
func (s *siteCrawler) onHeaders(r *colly.Response) {
	st := s.cur
	if st == nil {
		return
	}
	st.status = r.StatusCode
	st.header = r.Headers.Clone()
	st.final = r.Request.URL.String()
	if n, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil {
		st.declared = n
	}
	ok2xx := r.StatusCode >= 200 && r.StatusCode < 300
	switch {
	case ok2xx && contentKind(r.Headers.Get("Content-Type")) == kindOther && !s.curSitemap && !s.curRequisite:
		st.abort = ErrNotHTML
		r.Request.Abort()
	case st.declared > s.cr.cfg.MaxBodySize:
		if ok2xx {
			st.abort = ErrTooLarge
		}
		r.Request.Abort() // an error page that large is not worth reading either
	}
}

// addLink keeps the absolute target of a link attribute of a 2xx page.
func (s *siteCrawler) addLink(e *colly.HTMLElement, attr string) {
	st := s.cur
	if st == nil || st.status < 200 || st.status > 299 || len(st.links) >= maxLinksPerPage {
		return
	}
	if l := e.Request.AbsoluteURL(e.Attr(attr)); l != "" {
		st.links = append(st.links, l)
	}
}

// linkAttr is the attribute that holds the target, per element.
var linkAttr = map[atom.Atom]string{atom.A: "href", atom.Area: "href", atom.Base: "href", atom.Frame: "src", atom.Iframe: "src"}

// tokenizerLinks returns the absolute targets of the links colly follows
// (a and area href, frame and iframe src, relative to the first <base
// href>), read with the HTML tokenizer, which has no nesting limit.
func tokenizerLinks(body []byte, page string) []string {
	base, err := url.Parse(page)
	if err != nil {
		return nil
	}
	var links []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for baseSeen := false; len(links) < maxLinksPerPage; {
		if tt := z.Next(); tt == html.ErrorToken {
			return links
		} else if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		key := linkAttr[tok.DataAtom]
		for _, a := range tok.Attr {
			if a.Key != key || key == "" || strings.HasPrefix(a.Val, "#") {
				continue
			}
			ref, err := base.Parse(strings.TrimSpace(a.Val))
			switch {
			case err != nil:
			case tok.DataAtom == atom.Base:
				if !baseSeen {
					base, baseSeen = ref, true
				}
			default:
				links = append(links, ref.String())
			}
			break
		}
	}
	return links
}

// checkRedirect is the site's redirect policy, run before each hop: at most
// maxRedirects hops, no loops (one immediate self-redirect is allowed, as
// sites use it to set a cookie), never off the site, and never to a URL that
// robots.txt disallows. A refused hop ends the chain with the redirect
// response itself, and the reason is recorded on the attempt.
func (s *siteCrawler) checkRedirect(req *http.Request, via []*http.Request) error {
	st := s.cur
	refuse := func(o *outcome) error {
		if st != nil {
			st.redirect = o
		}
		return http.ErrUseLastResponse
	}
	if len(via) > maxRedirects {
		return refuse(&outcome{class: ErrTooManyRedir, detail: fmt.Sprintf("more than %d redirects; next was %s", maxRedirects, req.URL)})
	}
	target, ok := canonicalize(req.URL)
	if !ok {
		return refuse(&outcome{class: ErrOffScope, detail: "redirect to unsupported URL " + req.URL.String()})
	}
	key := target.String()
	n := 0
	for _, v := range via {
		if c, ok := canonicalize(v.URL); ok && c.String() == key {
			n++
		}
	}
	last, ok := canonicalize(via[len(via)-1].URL)
	if n >= 2 || (n == 1 && (!ok || last.String() != key)) {
		return refuse(&outcome{class: ErrRedirectLoop, detail: "redirect loop back to " + key})
	}
	if !s.scope.allows(target) {
		return refuse(&outcome{class: ErrOffScope, detail: "redirect to " + req.URL.String() + " leaves the site"})
	}
	s.holdHost(target)
	if !s.cr.cfg.IgnoreRobots {
		rules, err := s.cr.robotsFor(req.Context(), target)
		if err != nil {
			return err
		}
		if f := rules.failure; f != nil {
			o := *f
			o.detail = "redirect to " + key + ": " + o.detail
			return refuse(&o)
		}
		if !rules.allows(target) {
			return refuse(&outcome{class: ErrRobots, detail: "redirect to " + key + " is disallowed by robots.txt"})
		}
	}
	return nil
}

// pageFrom turns the last attempt at a URL into its Page, and returns the
// links to consider (only from a complete 2xx HTML page above MaxDepth).
func (s *siteCrawler) pageFrom(ctx context.Context, it queued, st *attempt, retries int) (Page, []string) {
	cfg := s.cr.cfg
	p := Page{
		Site: s.site.ID, URL: it.u.String(), FinalURL: st.final, Status: st.status,
		Depth: it.depth, FetchedAt: st.at,
	}
	if st.header != nil {
		p.ContentType = st.header.Get("Content-Type")
	}
	transportErr := st.err
	if st.complete || errors.Is(transportErr, colly.ErrAbortedAfterHeaders) {
		transportErr = nil // post-processing errors (HTML parsing) do not spoil a complete body
	}
	var links []string
	ok2xx := st.status >= 200 && st.status < 300
	switch {
	case st.redirect != nil:
		p.Error, p.ErrorDetail = st.redirect.class, st.redirect.detail
	case transportErr != nil:
		p.Error, p.ErrorDetail = classify(ctx, transportErr), transportErr.Error()
		var ue *url.Error
		if p.FinalURL == "" && errors.As(transportErr, &ue) {
			p.FinalURL = ue.URL
		}
	case st.abort == ErrTooLarge:
		p.Error, p.Bytes = ErrTooLarge, int(st.declared)
		p.ErrorDetail = fmt.Sprintf("declared size %d bytes exceeds the %d-byte limit; not downloaded", st.declared, cfg.MaxBodySize)
	case st.abort == ErrNotHTML:
		p.Error = ErrNotHTML
		p.ErrorDetail = "content type " + p.ContentType + " not downloaded"
	case ok2xx && int64(len(st.body)) > cfg.MaxBodySize:
		p.Error, p.Bytes = ErrTooLarge, len(st.body)
		p.ErrorDetail = fmt.Sprintf("body exceeds the %d-byte limit; download stopped", cfg.MaxBodySize)
	case st.status == http.StatusNoContent || st.status == http.StatusResetContent:
		// Success without a body.
	case ok2xx && it.requisite:
		p.Body = st.body // the caller keeps it for style sheets only
	case ok2xx && it.sitemap:
		p.Error, p.ErrorDetail, p.Body = ErrNotHTML, "sitemap: read for page URLs, not analysed", st.body
	case ok2xx:
		kind := contentKind(p.ContentType)
		if kind == kindUnknown {
			kind = contentKind(http.DetectContentType(st.body))
		}
		switch kind {
		case kindHTML:
			p.Body = st.body
			if len(st.links) == 0 {
				// colly found none: either the page has none, or colly's
				// tree parse failed (nesting deeper than 512 elements) and
				// its link callbacks never ran.
				st.links = tokenizerLinks(st.body, st.final)
			}
			if it.depth < cfg.MaxDepth {
				links = st.links
			}
		case kindPDF:
			p.Error, p.ErrorDetail, p.Body = ErrNotHTML, "PDF document: kept, not analysed", st.body
		default:
			p.Error = ErrNotHTML
			p.ErrorDetail = "content sniffed as " + http.DetectContentType(st.body) + "; not kept"
		}
	case st.status >= 400 && st.status < 500:
		p.Error, p.ErrorDetail = ErrHTTP4xx, statusDetail(st.status, retries)
	case st.status >= 500 && st.status < 600:
		p.Error, p.ErrorDetail = ErrHTTP5xx, statusDetail(st.status, retries)
	default:
		p.Error, p.ErrorDetail = ErrOther, statusDetail(st.status, retries)
	}
	if p.FinalURL == "" {
		p.FinalURL = p.URL
	}
	p.WARCRecordID = st.warcID
	// Every body read completely gets its digest, kept or not (error pages,
	// content sniffed as not HTML): it equals the WARC record's payload digest.
	if p.Body != nil || (st.complete && st.abort == "" && transportErr == nil && int64(len(st.body)) <= cfg.MaxBodySize) {
		body := p.Body
		if body == nil {
			body = st.body
		}
		sum := sha256.Sum256(body)
		p.SHA256, p.Bytes = hex.EncodeToString(sum[:]), len(body)
	}
	return p, links
}

func statusDetail(status, retries int) string {
	d := fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	if retries > 0 {
		d += fmt.Sprintf(" after %d attempts", retries+1)
	}
	return strings.TrimSpace(d)
}

// Kinds of content, by media type.
const (
	kindUnknown = iota // no Content-Type: sniff the body
	kindHTML
	kindPDF
	kindOther
)

func contentKind(contentType string) int {
	if strings.TrimSpace(contentType) == "" {
		return kindUnknown
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(contentType), ";")
		mt = strings.TrimSpace(mt)
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return kindHTML
	case "application/pdf", "application/x-pdf":
		return kindPDF
	}
	return kindOther
}
