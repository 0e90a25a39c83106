// Package crawler fetches clinic websites politely and records what it fetched.
//
// It owns the Page type: one fetch attempt, successful or not, with the raw
// body bytes exactly as the server sent them (after transfer decoding). It
// does not interpret page text: charset decoding for analysis, claims and
// assessment belong to the packages downstream (extract, assess).
//
// Politeness is the crawler's first duty: robots.txt is honoured by default
// (fetched once per host), at most one request is in flight per host, and
// requests to one host are spaced by at least Config.Delay (or the host's
// robots.txt Crawl-delay when larger, capped at MaxCrawlDelay).
//
// A site is identified by its seed's host (SiteID) and may fetch any host of
// the seed's registrable domain on the seed's port, nothing else. URLs are
// canonicalised (fragment, default port, tracking parameters, query order)
// before de-duplication, and link traps are cut off. Every fetch attempt
// becomes a Page, failures included: errors are data, classified by the Err*
// constants. Resources are bounded: one goroutine per site being crawled, a
// frontier of at most Config.MaxPages URLs per site, bodies read up to
// Config.MaxBodySize.
//
// Evidence is preserved: with Config.WARC set, every request and response
// (robots.txt, redirect hops and retries included) is appended to a WARC
// file as it completes, and each Page names its response record.
// Per-host state (gates, robots.txt verdicts) is dropped once no running
// site uses the host, so memory follows the sites being crawled, not the
// sites crawled.
package crawler

import (
	"time"
)

// Error classes recorded in Page.Error. An empty class means the fetch
// succeeded and the body is complete.
const (
	ErrTimeout      = "timeout"
	ErrDNS          = "dns"
	ErrTLS          = "tls"
	ErrConnRefused  = "connection_refused"
	ErrConn         = "connection"
	ErrTooLarge     = "too_large"
	ErrRobots       = "robots"
	ErrHTTP4xx      = "http_4xx"
	ErrHTTP5xx      = "http_5xx"
	ErrRedirectLoop = "redirect_loop"
	ErrTooManyRedir = "too_many_redirects"
	ErrNotHTML      = "not_html"
	ErrCanceled     = "canceled"
	ErrOther        = "other"

	// ErrRobotsUnavailable: the host's robots.txt answered 429 or 5xx, so the
	// host is not crawled now; the page was not requested (status 0).
	ErrRobotsUnavailable = "robots_unavailable"
	// ErrOffScope: a redirect pointed outside the site (another registrable
	// domain or port) and was not followed; Status is the redirect's, and
	// ErrorDetail names the target.
	ErrOffScope = "off_scope"
	// ErrBlocked: the host resolved to a loopback, private, link-local,
	// multicast or reserved address and was not dialled (Config.AllowPrivate).
	ErrBlocked = "blocked_address"
)

// MaxCrawlDelay caps a robots.txt Crawl-delay so one host cannot stall a scan.
const MaxCrawlDelay = 30 * time.Second

// Site is one clinic website to crawl, identified by its seed's host (with
// the port when it is not the default one).
type Site struct {
	ID   string `json:"site"` // e.g. "clinic.example" or "127.0.0.1:41233"
	Name string `json:"name"` // display name from the seed list, may be empty
	Seed string `json:"seed"` // the seed URL as given
}

// Page is one fetch: a line of pages.jsonl. Body is not serialised.
type Page struct {
	Site         string    `json:"site"`
	URL          string    `json:"url"`
	FinalURL     string    `json:"final_url"`
	Status       int       `json:"status"`
	ContentType  string    `json:"content_type"`
	Bytes        int       `json:"bytes"`
	SHA256       string    `json:"sha256"`
	FetchedAt    time.Time `json:"fetched_at"`
	Depth        int       `json:"depth"`
	Error        string    `json:"error"`
	ErrorDetail  string    `json:"error_detail,omitempty"`
	WARCRecordID string    `json:"warc_record_id"`
	Kind         string    `json:"kind,omitempty"` // KindRequisite for a page requisite, else ""

	// Body holds the response body as received (not charset-decoded).
	// It is nil for failed fetches and for content that was not downloaded.
	Body []byte `json:"-"`

	// Fetch, for a page with OK() true, fetches the sub-requests of the
	// page rendered in a browser under the crawl's rules (see Fetcher); it
	// is valid only during the page callback.
	Fetch Fetcher `json:"-"`
}

// OK reports whether the page was fetched completely with a 2xx status.
func (p Page) OK() bool { return p.Error == "" && p.Status >= 200 && p.Status < 300 }

// SiteResult summarises one site's crawl once every page of it is done.
type SiteResult struct {
	Site        Site   `json:"site"`
	Pages       int    `json:"pages"`       // fetch attempts recorded (including errors)
	Fetched     int    `json:"fetched"`     // pages with OK() true
	Errors      int    `json:"errors"`      // pages with a non-empty Error other than robots
	Robots      int    `json:"robots"`      // URLs not fetched because robots.txt disallows them
	Unreachable string `json:"unreachable"` // non-empty when the seed page itself failed: the reason

	// Interrupted is true when the crawl was cancelled before this site was
	// finished: its pages are a partial set and a resumed scan should redo it.
	Interrupted bool `json:"interrupted"`

	// Requisites counts the page requisites fetched or tried (Page.Kind
	// KindRequisite); they are not in Pages, Fetched, Errors or Robots.
	Requisites int `json:"requisites,omitempty"`
}

// Config controls a crawl. Start from DefaultConfig. Crawl replaces a zero
// (or negative) UserAgent, MaxPages, Sites, Timeout or MaxBodySize with the
// default; a zero Delay means no gap (for benchmarks on loopback only) and a
// zero MaxDepth means the seed page only.
type Config struct {
	UserAgent    string        // sent on every request and matched against robots.txt
	Delay        time.Duration // minimum gap between requests to one host
	MaxPages     int           // per site
	MaxDepth     int           // link depth from the seed (seed = 0)
	Sites        int           // sites crawled at once
	Timeout      time.Duration // per request
	IgnoreRobots bool          // do not fetch or obey robots.txt
	MaxBodySize  int64         // bytes; larger bodies are recorded as ErrTooLarge

	// AllowPrivate lets every site connect to loopback, private, link-local,
	// multicast and other reserved addresses. Without it only a site whose
	// seed is such an address (an IP literal, or localhost) may; for the
	// others such a fetch is refused and recorded as ErrBlocked.
	AllowPrivate bool

	// WARC, when not nil, receives every request and response of the crawl
	// (pages, redirect hops, retries, robots.txt); each Page then names its
	// response record in WARCRecordID. Crawl does not close it.
	WARC *WARCWriter

	// Requisites, when not nil, is called once per site after its pages
	// were crawled (not when the site was interrupted or unreachable), from
	// the site's goroutine after its last page callback, and returns the
	// page requisites to fetch for it (see fetchRequisites in
	// requisites.go): style sheets and images, fetched through the same
	// gates, robots.txt, size limit and WARC, at most MaxPages per site.
	Requisites func(Site) []string
	// RequisitesCrossSite lets requisites on other sites be fetched.
	RequisitesCrossSite bool
}

// DefaultUserAgent names the tool and where to learn about it.
const DefaultUserAgent = "clinicaudit/0.1 (+https://github.com/clinicaudit/clinicaudit; stem-cell clinic website audit)"

// DefaultConfig returns the defaults documented in the product spec.
func DefaultConfig() Config {
	return Config{
		UserAgent:   DefaultUserAgent,
		Delay:       time.Second,
		MaxPages:    200,
		MaxDepth:    4,
		Sites:       32,
		Timeout:     20 * time.Second,
		MaxBodySize: 5 << 20,
	}
}
