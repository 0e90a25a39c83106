package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// Sub-requests of rendered pages. When a thin page is rendered in a
// browser (cmd/clinicaudit --render), the requests its scripts make are not
// sent by the browser: each is handed to the page's Fetcher, which applies
// the crawl's rules to it like to a page: the page's own host only (never
// another host of the site, never another domain), robots.txt, the host's
// politeness gate and timeout, the body cap, and the WARC capture (each
// sub-request is recorded as a request and a response record).

// MaxSubRequests bounds the sub-requests one rendered page may make.
const MaxSubRequests = 32

// ErrSubRefused is returned by a Fetcher for a URL it does not fetch.
var ErrSubRefused = errors.New("sub-request refused")

// SubResponse is the answer to a sub-request.
type SubResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// Fetcher fetches a URL a rendered page's script asked for (GET only),
// under the crawl's rules. It is valid only while the page callback runs,
// and it is safe for concurrent use. Redirects are not followed: the
// redirect is returned, so the browser asks again for its target.
type Fetcher func(ctx context.Context, rawURL string, accept string) (*SubResponse, error)

// subFetcher returns the Fetcher of a page fetched from pageURL.
func (s *siteCrawler) subFetcher(pageURL string) Fetcher {
	pu, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	host := SiteID(pu)
	siteCtx, seed, cfg := s.ctx, s.seed, s.cr.cfg
	client := &http.Client{Transport: s.cr.polite, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var n atomic.Int32
	return func(ctx context.Context, raw string, accept string) (*SubResponse, error) {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSubRefused, err)
		}
		u.Fragment = ""
		if !s.scope.allows(u) || SiteID(u) != host {
			return nil, fmt.Errorf("%w: %s is not on the page's host %s", ErrSubRefused, u.Redacted(), host)
		}
		if n.Add(1) > MaxSubRequests {
			return nil, fmt.Errorf("%w: more than %d sub-requests", ErrSubRefused, MaxSubRequests)
		}
		ctx, cancel := context.WithCancel(withPrivateOK(ctx, seed))
		defer cancel()
		stop := context.AfterFunc(siteCtx, cancel) // the crawl's cancellation too
		defer stop()
		if !cfg.IgnoreRobots {
			rules, err := s.cr.robotsFor(ctx, u)
			if err != nil {
				return nil, err
			}
			if rules.failure != nil || !rules.allows(u) {
				return nil, fmt.Errorf("%w: %s is disallowed by robots.txt", ErrSubRefused, u.Redacted())
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSubRefused, err)
		}
		if accept = strings.TrimSpace(accept); accept == "" || strings.ContainsAny(accept, "\r\n") {
			accept = "*/*"
		}
		req.Header.Set("Accept", accept)
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, cfg.MaxBodySize+1))
		if err != nil {
			return nil, err
		}
		if int64(len(body)) > cfg.MaxBodySize {
			return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrSubRefused, u.Redacted(), cfg.MaxBodySize)
		}
		return &SubResponse{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
	}
}
