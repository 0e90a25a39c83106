package crawler

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// maxRobotsBytes is how much of a robots.txt is read (Google reads 500 KiB).
const maxRobotsBytes = 512 << 10

// robotsRules is what a host's robots.txt says about us.
type robotsRules struct {
	group    *robotstxt.Group // nil: everything allowed
	failure  *outcome         // non-nil: the host must not be crawled now
	sitemaps []string         // Sitemap: lines
}

// allows reports whether u may be fetched. It must not be called when
// failure is set.
func (r robotsRules) allows(u *url.URL) bool {
	return r.group == nil || r.group.Test(robotsPath(u))
}

// robotsCache holds one robots.txt verdict per scheme and host for the whole
// crawl and fetches each at most once, however many sites ask at once.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]*robotsEntry
}

type robotsEntry struct {
	ready chan struct{} // closed when rules is set
	rules robotsRules
}

func newRobotsCache() *robotsCache {
	return &robotsCache{entries: make(map[string]*robotsEntry)}
}

// forget drops the verdicts of hosts (SiteID form), for both schemes.
func (c *robotsCache) forget(hosts []string) {
	if len(hosts) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range hosts {
		delete(c.entries, "http://"+h)
		delete(c.entries, "https://"+h)
	}
}

// size returns the number of hosts with a verdict or a fetch in progress.
func (c *robotsCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// lookup returns the cached verdict for key without waiting.
func (c *robotsCache) lookup(key string) (robotsRules, bool) {
	c.mu.Lock()
	e := c.entries[key]
	c.mu.Unlock()
	if e == nil {
		return robotsRules{}, false
	}
	select {
	case <-e.ready:
		return e.rules, true
	default:
		return robotsRules{}, false
	}
}

// get returns the verdict for key, calling fetch if nobody has yet. Callers
// that arrive while another one fetches wait for its result, for ctx, or
// for maxWait, whichever comes first.
func (c *robotsCache) get(ctx context.Context, key string, maxWait time.Duration, fetch func() robotsRules) (robotsRules, error) {
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &robotsEntry{ready: make(chan struct{})}
		c.entries[key] = e
		c.mu.Unlock()
		e.rules = fetch()
		close(e.ready)
		return e.rules, nil
	}
	c.mu.Unlock()
	t := time.NewTimer(maxWait)
	defer t.Stop()
	select {
	case <-e.ready:
		return e.rules, nil
	case <-ctx.Done():
		return robotsRules{}, ctx.Err()
	case <-t.C:
		return robotsRules{}, fmt.Errorf("robots.txt fetch by another site took over %v (%w)", maxWait, context.DeadlineExceeded)
	}
}

// robotsWait bounds the wait for a robots.txt another site is fetching:
// every attempt (a gate wait and a request) and every retry pause.
func (cr *crawl) robotsWait() time.Duration {
	perTry := 3*(cr.cfg.Timeout+max(cr.cfg.Delay, MaxCrawlDelay)) + cr.cfg.Timeout
	return (maxRetries+1)*perTry + maxRetries*maxRetryWait
}

// robotsFor returns the robots.txt verdict for u's host, fetching it through
// the polite transport on first use. A Crawl-delay found there is applied to
// the host's gate.
func (cr *crawl) robotsFor(ctx context.Context, u *url.URL) (robotsRules, error) {
	return cr.robots.get(ctx, robotsKey(u), cr.robotsWait(), func() robotsRules { return cr.fetchRobots(ctx, u) })
}

// fetchRobots fetches and interprets a host's robots.txt: 2xx is parsed, any
// other 4xx (and a final 3xx) means no restrictions, 429 and 5xx mean the
// host must not be crawled now (after the same bounded retries as pages),
// and a network error likewise.
func (cr *crawl) fetchRobots(ctx context.Context, u *url.URL) robotsRules {
	ru := &url.URL{Scheme: strings.ToLower(u.Scheme), Host: SiteID(u), Path: "/robots.txt"}
	host := SiteID(u)
	sc := newScope(ru)
	client := &http.Client{
		Transport: cr.polite,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			// Follow robots.txt redirects only within the host's own domain.
			if len(via) > 5 || !sc.allows(req.URL) {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
		if err != nil {
			return robotsRules{failure: &outcome{class: ErrOther, detail: "robots.txt: " + err.Error()}}
		}
		resp, err := client.Do(req)
		if err != nil {
			return robotsRules{failure: failureFromError(ctx, err, "robots.txt: ")}
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
		resp.Body.Close()
		if err != nil {
			return robotsRules{failure: failureFromError(ctx, err, "robots.txt: ")}
		}
		switch st := resp.StatusCode; {
		case st >= 200 && st < 300:
			data := parseRobots(body)
			if data == nil {
				return robotsRules{}
			}
			g := data.FindGroup(cr.cfg.UserAgent)
			if g.CrawlDelay > 0 {
				cr.gates.setCrawlDelay(host, g.CrawlDelay)
			}
			return robotsRules{group: g, sitemaps: data.Sitemaps}
		case st == http.StatusTooManyRequests || st >= 500:
			if wait, ok := retryWait(st, resp.Header, attempt, cr.gates.get(host).currentDelay()); ok {
				if sleep(ctx, wait) == nil {
					continue
				}
			}
			return robotsRules{failure: &outcome{
				class:  ErrRobotsUnavailable,
				status: st,
				detail: fmt.Sprintf("robots.txt unavailable (HTTP %d)", st),
			}}
		default:
			return robotsRules{}
		}
	}
}

// parseRobots parses a robots.txt leniently. temoto/robotstxt rejects a whole
// file for one bad line (a rule before any User-agent, a non-numeric
// Crawl-delay); such lines are dropped and the rest is kept, so one typo does
// not turn a restrictive file into "allow everything". nil means nothing
// usable (allow all).
func parseRobots(body []byte) *robotstxt.RobotsData {
	if d, err := robotstxt.FromBytes(body); err == nil {
		return d
	}
	var out bytes.Buffer
	seenAgent := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		field, value, _ := strings.Cut(line, ":")
		field = strings.ToLower(strings.TrimSpace(field))
		value, _, _ = strings.Cut(value, "#")
		value = strings.TrimSpace(value)
		switch field {
		case "user-agent":
			seenAgent = true
		case "allow", "disallow":
			if !seenAgent {
				continue
			}
		case "crawl-delay", "crawldelay":
			if f, err := strconv.ParseFloat(value, 64); !seenAgent || err != nil || f < 0 {
				continue
			}
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	d, err := robotstxt.FromBytes(out.Bytes())
	if err != nil {
		return nil
	}
	return d
}
