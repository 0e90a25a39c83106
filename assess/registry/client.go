package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Errors callers branch on.
var (
	// ErrNotCached: the client is offline (cache only) and the request is
	// not in the cache.
	ErrNotCached = errors.New("not in the registry cache")
	// ErrBadRequest: the registry rejected the request (HTTP 400).
	ErrBadRequest = errors.New("the registry rejected the request")
	// ErrMalformed: the registry answered with something that is not an
	// API v2 response.
	ErrMalformed = errors.New("malformed registry response")
	// ErrUnavailable: the registry could not be reached, or kept answering
	// 429 or 5xx, after every attempt.
	ErrUnavailable = errors.New("registry unavailable")
)

// Mode says whether a scan asks the registry.
type Mode string

// Modes of --registry.
const (
	Online    Mode = "online" // cached responses first, then the registry
	CacheOnly Mode = "cache"  // cached responses only, never the network
	Off       Mode = "off"    // no lookups at all
)

// ParseMode checks a --registry value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Online, CacheOnly, Off:
		return m, nil
	}
	return "", fmt.Errorf("--registry %q: want online, cache or off", s)
}

// Defaults of a zero Client.
const (
	DefaultTimeout  = 20 * time.Second
	DefaultAttempts = 4
	DefaultBackoff  = time.Second
	DefaultMaxWait  = time.Minute
	// DefaultGap keeps to the rate the API documents (about 50 requests
	// a minute from one address).
	DefaultGap = 1200 * time.Millisecond
	// maxBody bounds a response read into memory.
	maxBody = 32 << 20
)

// studyFields are the modules a study lookup asks for (the whole record
// can be hundreds of kilobytes).
var studyFields = strings.Join([]string{
	"protocolSection.identificationModule", "protocolSection.statusModule",
	"protocolSection.sponsorCollaboratorsModule", "protocolSection.conditionsModule",
	"protocolSection.designModule", "protocolSection.armsInterventionsModule",
	"protocolSection.contactsLocationsModule",
}, ",")

// Client fetches studies from the ClinicalTrials.gov API v2. Every
// response it uses goes through Cache: a cached response is never fetched
// again, and a fetched one is recorded. Requests are made one at a time
// at least Gap apart; a 429 (honouring Retry-After), a 5xx, a timeout or
// a network error is retried with exponential backoff up to Attempts
// times. After a request fails with a network error on every attempt the
// client stops asking (Down reports why) and serves the cache only.
//
// The zero values of the fields mean the defaults above. A Client is safe
// for concurrent use; set its fields before the first request.
type Client struct {
	BaseURL   string        // default DefaultURL
	HTTP      *http.Client  // default: a client with no overall timeout (Timeout is per attempt)
	UserAgent string        // sent on every request
	Timeout   time.Duration // per attempt
	Attempts  int           // attempts per request, the first included
	Backoff   time.Duration // wait after the first failed attempt, doubled after each
	MaxWait   time.Duration // longest Retry-After honoured
	Gap       time.Duration // minimum gap between requests
	Cache     *Cache        // nil: nothing cached or recorded
	Offline   bool          // serve the cache only (--registry cache)

	mu       sync.Mutex
	next     time.Time     // earliest start of the next request
	initSlot sync.Once     // makes slot
	slot     chan struct{} // held while a request is in flight
	down     error         // set once the registry proved unreachable
	probed   bool          // the base URL answered /version like the API
	probeOK  error
}

func (c *Client) base() string {
	if c.BaseURL == "" {
		return DefaultURL
	}
	return strings.TrimRight(c.BaseURL, "/")
}

func orDur(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Down returns why the client stopped asking the registry, or nil.
func (c *Client) Down() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.down
}

// Study looks one NCT number up (GET /studies/{nctId}). A study the
// registry does not have is returned with Found false and no error.
func (c *Client) Study(ctx context.Context, id string) (Study, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if !ValidNCT(id) {
		return Study{}, fmt.Errorf("%w: %q is not an NCT number (NCT and 8 digits)", ErrBadRequest, id)
	}
	var s Study
	e, err := c.get(ctx, "/studies/"+id+"?"+url.Values{"fields": {studyFields}, "format": {"json"}}.Encode(), true, func(e Entry) (err error) {
		if e.Status == http.StatusNotFound {
			s = Study{NCTID: id, URL: StudyURL(id)}
			return nil
		}
		s, err = parseStudy([]byte(e.Body))
		return err
	})
	if err != nil {
		return Study{}, fmt.Errorf("study %s: %w", id, err)
	}
	s.CheckedAt = e.FetchedAt
	return s, nil
}

// Query is a search of GET /studies.
type Query struct {
	Cond       string   // query.cond
	Intr       string   // query.intr
	Term       string   // query.term
	Status     []string // filter.overallStatus
	Advanced   string   // filter.advanced, e.g. AREA[StudyType]INTERVENTIONAL
	PageSize   int      // pageSize (the API's default is 10)
	PageToken  string   // pageToken from the previous page
	CountTotal bool     // countTotal: fill SearchResult.Total
	Fields     []string // fields; nil: the modules a study lookup asks for
}

// SearchFields are the modules a search needs to list studies (id, title,
// status, type): far smaller than a study's locations.
var SearchFields = []string{"protocolSection.identificationModule", "protocolSection.statusModule", "protocolSection.designModule"}

func (q Query) values() url.Values {
	v := url.Values{"format": {"json"}, "fields": {studyFields}}
	if len(q.Fields) > 0 {
		v.Set("fields", strings.Join(q.Fields, ","))
	}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("query.cond", q.Cond)
	set("query.intr", q.Intr)
	set("query.term", q.Term)
	set("filter.overallStatus", strings.Join(q.Status, ","))
	set("filter.advanced", q.Advanced)
	set("pageToken", q.PageToken)
	if q.PageSize > 0 {
		v.Set("pageSize", strconv.Itoa(q.PageSize))
	}
	if q.CountTotal {
		v.Set("countTotal", "true")
	}
	return v
}

// Search runs one page of a study search.
func (c *Client) Search(ctx context.Context, q Query) (SearchResult, error) {
	var r SearchResult
	_, err := c.get(ctx, "/studies?"+q.values().Encode(), false, func(e Entry) (err error) {
		r, err = parseSearch([]byte(e.Body))
		return err
	})
	if err != nil {
		return SearchResult{}, fmt.Errorf("search: %w", err)
	}
	return r, nil
}

// get returns the response to request (a path and query relative to the
// base URL), from the cache or the registry, after parse accepted it.
// With notFoundOK a 404 is an answer (the study does not exist) and is
// cached like a 200. A response parse rejects is not cached.
func (c *Client) get(ctx context.Context, request string, notFoundOK bool, parse func(Entry) error) (Entry, error) {
	if e, ok := c.Cache.Get(request); ok {
		return e, parse(e)
	}
	if c.Offline {
		return Entry{}, ErrNotCached
	}
	if err := c.Down(); err != nil {
		return Entry{}, err
	}
	e, err := c.fetch(ctx, request)
	if err != nil {
		return Entry{}, err
	}
	switch {
	case e.Status == http.StatusOK:
		if !json.Valid([]byte(e.Body)) {
			return Entry{}, fmt.Errorf("%w: the body is not JSON (%s)", ErrMalformed, excerpt(e.Body))
		}
	case e.Status == http.StatusNotFound && notFoundOK:
		// A 404 from something that is not the API (a wrong --registry-url)
		// must not read as "the study does not exist".
		if err := c.probe(ctx); err != nil {
			return Entry{}, err
		}
	case e.Status == http.StatusBadRequest:
		return Entry{}, fmt.Errorf("%w: %s", ErrBadRequest, excerpt(e.Body))
	default:
		return Entry{}, fmt.Errorf("%w: HTTP %d from %s (%s)", ErrUnavailable, e.Status, e.URL, excerpt(e.Body))
	}
	if err := parse(e); err != nil {
		return Entry{}, err
	}
	if err := c.Cache.Put(e); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// probe checks once that the base URL serves the API (GET /version
// answers JSON with an apiVersion).
func (c *Client) probe(ctx context.Context) error {
	c.mu.Lock()
	done, err := c.probed, c.probeOK
	c.mu.Unlock()
	if done {
		return err
	}
	const req = "/version"
	e, ok := c.Cache.Get(req)
	if !ok {
		if e, err = c.fetch(ctx, req); err != nil {
			return err // not remembered: a later lookup may get through
		}
	}
	var v struct {
		APIVersion string `json:"apiVersion"`
	}
	if e.Status != http.StatusOK || json.Unmarshal([]byte(e.Body), &v) != nil || v.APIVersion == "" {
		err = fmt.Errorf("%w: %s does not answer like the ClinicalTrials.gov API v2 (GET /version: HTTP %d)", ErrUnavailable, c.base(), e.Status)
	} else if !ok {
		err = c.Cache.Put(e)
	}
	c.mu.Lock()
	c.probed, c.probeOK = true, err
	c.mu.Unlock()
	return err
}

// fetch makes the request, retrying 429, 5xx, timeouts and network
// errors. It returns the last response otherwise (200, 404, 400...).
func (c *Client) fetch(ctx context.Context, request string) (Entry, error) {
	u := c.base() + request
	attempts := c.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	backoff := orDur(c.Backoff, DefaultBackoff)
	var last error
	netErr := false
	for i := 0; i < attempts; i++ {
		if i > 0 {
			if err := sleep(ctx, backoff); err != nil {
				return Entry{}, err
			}
			backoff *= 2
		}
		if err := c.wait(ctx); err != nil {
			return Entry{}, err
		}
		e, retryAfter, err := c.once(ctx, u, request)
		c.done()
		if ctx.Err() != nil {
			return Entry{}, ctx.Err()
		}
		switch {
		case err != nil:
			last, netErr = err, true
			continue
		case e.Status == http.StatusTooManyRequests:
			last, netErr = fmt.Errorf("HTTP 429 (rate limited)"), false
			if retryAfter > 0 {
				if retryAfter > orDur(c.MaxWait, DefaultMaxWait) {
					return Entry{}, fmt.Errorf("%w: rate limited by %s for %s", ErrUnavailable, c.base(), retryAfter)
				}
				c.hold(retryAfter)
			}
			continue
		case e.Status >= 500:
			last, netErr = fmt.Errorf("HTTP %d (%s)", e.Status, excerpt(e.Body)), false
			continue
		}
		return e, nil
	}
	err := fmt.Errorf("%w: %s after %d attempts: %v", ErrUnavailable, u, attempts, last)
	if netErr {
		c.mu.Lock()
		if c.down == nil {
			c.down = err
		}
		c.mu.Unlock()
	}
	return Entry{}, err
}

// once makes one attempt. A transport error (refused, timeout, DNS) is
// returned as err; any HTTP response as an Entry.
func (c *Client) once(ctx context.Context, u, request string) (Entry, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, orDur(c.Timeout, DefaultTimeout))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Entry{}, 0, err
	}
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	at := time.Now().UTC().Truncate(time.Second)
	resp, err := hc.Do(req)
	if err != nil {
		return Entry{}, 0, classify(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return Entry{}, 0, classify(err)
	}
	return Entry{Request: request, URL: u, Status: resp.StatusCode, FetchedAt: at.Format(time.RFC3339), Body: string(body)},
		retryAfter(resp.Header.Get("Retry-After"), time.Now()), nil
}

func classify(err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timeout: %w", err)
	}
	return err
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// wait blocks until no request of the client is in flight and Gap has
// passed since the previous one was answered, then takes the slot: the
// caller must call done once its request has its answer. Counting the gap
// from the answer, not from the start, keeps it at the server too, however
// late a request reaches it.
func (c *Client) wait(ctx context.Context) error {
	c.initSlot.Do(func() { c.slot = make(chan struct{}, 1) })
	select {
	case c.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	c.mu.Lock()
	d := time.Until(c.next)
	c.mu.Unlock()
	if err := sleep(ctx, d); err != nil {
		<-c.slot
		return err
	}
	return nil
}

// done releases the slot taken by wait and starts the gap.
func (c *Client) done() {
	c.mu.Lock()
	if t := time.Now().Add(orDur(c.Gap, DefaultGap)); t.After(c.next) {
		c.next = t
	}
	c.mu.Unlock()
	<-c.slot
}

// hold delays every request of the client by d (a Retry-After).
func (c *Client) hold(d time.Duration) {
	c.mu.Lock()
	if t := time.Now().Add(d); t.After(c.next) {
		c.next = t
	}
	c.mu.Unlock()
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	if s == "" {
		return "empty body"
	}
	return s
}
