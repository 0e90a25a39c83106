package crawler

import (
	"context"
	"net/http"

	"github.com/sourcegraph/conc/pool"
)

// Crawl fetches every site and blocks until all goroutines it started have
// exited.
//
// Up to cfg.Sites sites are crawled at once, each by one goroutine that fetches
// its pages one at a time (breadth first from the seed, within the seed's
// registrable domain and port, up to cfg.MaxDepth and cfg.MaxPages). Whatever
// the number of sites, at most one request is in flight per host and
// consecutive requests to a host are at least cfg.Delay apart (or the host's
// robots.txt Crawl-delay when larger, capped at MaxCrawlDelay); robots.txt is
// fetched once per host and obeyed unless cfg.IgnoreRobots.
//
// page is called once per fetch attempt, including failures and URLs skipped
// because robots.txt disallows them; done is called once per site after its
// last page callback. Both may be called concurrently from different
// goroutines and must be safe for concurrent use; a site's own callbacks are
// never concurrent with each other. Either may be nil. Page.Body is owned by
// the callee.
//
// A failed fetch is data (a Page with Error set), never a reason to abort.
// When ctx is cancelled, Crawl issues no new request, aborts those in flight
// (recorded as ErrCanceled pages), calls done with Interrupted set for every
// site it had started, skips the sites not yet started (no callback), and
// returns ctx.Err() once every worker has exited; otherwise it returns nil.
// The one other reason to stop is a failed write to cfg.WARC: the crawl is
// then cancelled the same way and Crawl returns that error.
// No callback runs after Crawl returns.
func Crawl(ctx context.Context, cfg Config, sites []Site, page func(Page), done func(SiteResult)) error {
	cfg = cfg.withDefaults()
	tr := newTransport(cfg)
	defer tr.CloseIdleConnections()
	return crawlWith(ctx, cfg, tr, sites, page, done)
}

// crawlWith is Crawl over a given base transport (tests substitute dialers).
func crawlWith(ctx context.Context, cfg Config, base http.RoundTripper, sites []Site, page func(Page), done func(SiteResult)) error {
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	cr := newCrawl(cfg, base, cancel)
	cr.run(ctx, sites, page, done)
	if err := parent.Err(); err != nil {
		return err
	}
	return context.Cause(ctx) // a failed WARC write, or nil
}

// newCrawl returns the state of one crawl over base. fail stops the crawl
// with an error (the WARC could not be written).
func newCrawl(cfg Config, base http.RoundTripper, fail func(error)) *crawl {
	gates := newHostGates(cfg.Delay)
	rec := newRecordTransport(base, cfg.WARC, cfg.MaxBodySize, fail)
	return &crawl{
		cfg:    cfg,
		gates:  gates,
		robots: newRobotsCache(),
		polite: &politeTransport{base: rec, gates: gates, timeout: cfg.Timeout, agent: cfg.UserAgent},
	}
}

// run crawls the sites, at most cfg.Sites at once, and returns when every
// worker has exited.
func (cr *crawl) run(ctx context.Context, sites []Site, page func(Page), done func(SiteResult)) {
	if page == nil {
		page = func(Page) {}
	}
	if done == nil {
		done = func(SiteResult) {}
	}
	p := pool.New().WithMaxGoroutines(cr.cfg.Sites)
	for _, s := range sites {
		if ctx.Err() != nil {
			break
		}
		// Go blocks while cfg.Sites sites are running; they end promptly on
		// cancellation, so this loop does too.
		p.Go(func() {
			done(cr.crawlSite(ctx, s, page))
		})
	}
	p.Wait()
}

// withDefaults fills the fields documented on Config.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.MaxPages <= 0 {
		c.MaxPages = d.MaxPages
	}
	if c.Sites <= 0 {
		c.Sites = d.Sites
	}
	if c.Timeout <= 0 {
		c.Timeout = d.Timeout
	}
	if c.MaxBodySize <= 0 {
		c.MaxBodySize = d.MaxBodySize
	}
	c.Delay = max(c.Delay, 0)
	c.MaxDepth = max(c.MaxDepth, 0)
	return c
}

// crawl is the state shared by all sites of one Crawl call.
type crawl struct {
	cfg    Config
	gates  *hostGates
	robots *robotsCache
	polite *politeTransport
}
