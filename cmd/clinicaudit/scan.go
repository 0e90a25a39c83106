package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// scanOptions are the flags of `scan` (and `demo`).
type scanOptions struct {
	out      string
	evidence string
	failOn   string
	crawl    crawler.Config
	resume   bool
	previous string
}

func scanFlags(fs *flag.FlagSet, o *scanOptions, defaultOut string) {
	o.crawl = crawler.DefaultConfig()
	fs.StringVar(&o.out, "out", defaultOut, "output folder")
	fs.StringVar(&o.evidence, "evidence", "", "evidence table CSV (default: the built-in table)")
	fs.IntVar(&o.crawl.MaxPages, "max-pages", o.crawl.MaxPages, "pages fetched per site at most")
	fs.IntVar(&o.crawl.MaxDepth, "max-depth", o.crawl.MaxDepth, "link depth from the seed page")
	fs.DurationVar(&o.crawl.Delay, "delay", o.crawl.Delay, "minimum gap between requests to one host (a larger robots.txt Crawl-delay wins, capped at 30s)")
	fs.IntVar(&o.crawl.Sites, "sites", o.crawl.Sites, "sites crawled at once")
	fs.DurationVar(&o.crawl.Timeout, "timeout", o.crawl.Timeout, "timeout per request")
	fs.StringVar(&o.crawl.UserAgent, "user-agent", o.crawl.UserAgent, "User-Agent header, also matched against robots.txt")
	fs.BoolVar(&o.crawl.IgnoreRobots, "ignore-robots", false, "do not fetch or obey robots.txt (only for sites you have permission to crawl)")
	fs.BoolVar(&o.resume, "resume", false, "continue an interrupted scan in --out (not available yet)")
	fs.StringVar(&o.previous, "previous", "", "earlier scan folder to compare with (not available yet)")
	fs.StringVar(&o.failOn, "fail-on", "", "exit with status 3 if a finding at or above this severity exists (high, medium, low, info)")
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("scan", stderr)
	var o scanOptions
	scanFlags(fs, &o, filepath.Join("audits", time.Now().Format("2006-01-02")))
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clinicaudit scan [flags] SEED...\n\nA SEED is a URL or a file with one URL a line (URL<TAB>name allowed; # comments).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr("scan needs at least one SEED")
	}
	list, err := readSeeds(pos)
	if err != nil {
		return err
	}
	return scan(ctx, o, list, stdout, stderr)
}

// readSeeds turns SEED arguments (URLs or seed files) into seeds.
func readSeeds(args []string) ([]seeds.Seed, error) {
	var out []seeds.Seed
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && !st.IsDir() {
			f, err := os.Open(a)
			if err != nil {
				return nil, usageErr("%v", err)
			}
			l, err := seeds.ParseList(f, a)
			f.Close()
			if err != nil {
				return nil, &exitError{code: exitUsage, err: err}
			}
			out = append(out, l...)
			continue
		}
		u, err := seeds.ParseSeed(a)
		if err != nil {
			return nil, usageErr("seed %q is neither a readable file nor a URL: %v", a, err)
		}
		out = append(out, seeds.Seed{URL: u})
	}
	return out, nil
}

// checkFailOn validates a --fail-on value.
func checkFailOn(s string) error {
	switch assess.Severity(s) {
	case "", assess.High, assess.Medium, assess.Low, assess.Info:
		return nil
	}
	return usageErr("--fail-on %q: want high, medium, low or info", s)
}

// stages holds the loaded analysis stages.
type stages struct {
	ex       *extract.Extractor
	as       *assess.Assessor
	evidence report.Evidence
}

// loadStages loads the vocabulary, cues and evidence table; a broken table
// is a bad input file (exit 2) and nothing is crawled.
func loadStages(evidencePath string) (*stages, error) {
	ex, err := extract.NewDefault()
	if err != nil {
		return nil, fmt.Errorf("built-in vocabulary: %w", err)
	}
	var t *assess.Table
	if evidencePath == "" {
		t, err = assess.DefaultTable(ex.Vocabulary())
	} else {
		var data []byte
		data, err = os.ReadFile(evidencePath)
		if err != nil {
			return nil, usageErr("evidence table: %v", err)
		}
		t, err = assess.LoadTable(data, evidencePath, ex.Vocabulary())
		if err != nil {
			return nil, &exitError{code: exitUsage, err: fmt.Errorf("evidence table is invalid:\n%w", err)}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("built-in evidence table: %w", err)
	}
	return &stages{
		ex:       ex,
		as:       &assess.Assessor{Table: t, Vocab: ex.Vocabulary()},
		evidence: report.Evidence{Source: t.Source, SHA256: t.SHA256, Date: t.Date, Rows: len(t.Rows)},
	}, nil
}

// siteRecord is a line of sites.jsonl: a site whose crawl finished, written
// after its pages and claims, so its presence marks the site complete.
type siteRecord struct {
	crawler.SiteResult
	Places []string `json:"places"`
	People []string `json:"people"`
}

// siteAcc accumulates one site's pages and claims while it is crawled.
type siteAcc struct {
	pages  []crawler.Page
	claims []extract.Claim
	places map[string]int
	people map[string]int
}

// pipeline connects the crawler's callbacks to extraction, assessment and
// the output files. Its methods are safe for concurrent use.
type pipeline struct {
	st     *stages
	pages  *report.JSONL
	claims *report.JSONL
	sites  *report.JSONL

	mu   sync.Mutex
	acc  map[string]*siteAcc
	done []report.Site
	werr error // first write error
}

func (p *pipeline) page(pg crawler.Page) {
	var claims []extract.Claim
	var places, people []string
	if pg.OK() && len(pg.Body) > 0 {
		u := pg.FinalURL
		if u == "" {
			u = pg.URL
		}
		res, err := p.st.ex.Extract(extract.Input{URL: u, Site: pg.Site, ContentType: pg.ContentType, Body: pg.Body})
		if err == nil {
			at := pg.FetchedAt.UTC().Format(time.RFC3339)
			for i := range res.Claims {
				res.Claims[i].CapturedAt, res.Claims[i].WARCRecordID = at, pg.WARCRecordID
			}
			claims, places, people = res.Claims, res.Places, res.People
		}
	}
	pg.Body = nil
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.acc[pg.Site]
	if a == nil {
		a = &siteAcc{places: map[string]int{}, people: map[string]int{}}
		p.acc[pg.Site] = a
	}
	a.pages = append(a.pages, pg)
	a.claims = append(a.claims, claims...)
	for _, x := range places {
		a.places[x]++
	}
	for _, x := range people {
		a.people[x]++
	}
}

func (p *pipeline) siteDone(r crawler.SiteResult) {
	p.mu.Lock()
	a := p.acc[r.Site.ID]
	delete(p.acc, r.Site.ID)
	p.mu.Unlock()
	if a == nil {
		a = &siteAcc{}
	}
	s := report.Site{SiteResult: r, Pages: a.pages, Claims: a.claims, Places: ranked(a.places, 5), People: ranked(a.people, 8)}
	s.Findings = p.st.as.Site(r.Site.ID, a.claims)
	err := p.writeSite(s)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil && p.werr == nil {
		p.werr = err
	}
	p.done = append(p.done, s)
}

// writeSite appends a finished site to pages.jsonl, claims.jsonl and, last,
// sites.jsonl.
func (p *pipeline) writeSite(s report.Site) error {
	if s.Interrupted {
		return nil // a resumed scan redoes it; its partial pages are not recorded
	}
	for _, pg := range s.Pages {
		if err := p.pages.Write(pg); err != nil {
			return err
		}
	}
	for _, c := range s.Claims {
		if err := p.claims.Write(c); err != nil {
			return err
		}
	}
	return p.sites.Write(siteRecord{SiteResult: s.SiteResult, Places: s.Places, People: s.People})
}

func ranked(m map[string]int, n int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// scan runs the whole pipeline over the seeds and writes the output folder.
func scan(ctx context.Context, o scanOptions, list []seeds.Seed, stdout, stderr io.Writer) error {
	if err := checkFailOn(o.failOn); err != nil {
		return err
	}
	if o.resume {
		return usageErr("--resume is not available in version %s yet (see README, Status)", version)
	}
	if o.previous != "" {
		return usageErr("--previous is not available in version %s yet (see README, Status)", version)
	}
	st, err := loadStages(o.evidence)
	if err != nil {
		return err
	}
	var sites []crawler.Site
	seen := map[string]bool{}
	var seedURLs []string
	for _, s := range list {
		site, err := crawler.NewSite(s.URL, s.Name)
		if err != nil {
			where := "command line"
			if s.File != "" {
				where = fmt.Sprintf("%s:%d", s.File, s.Line)
			}
			return usageErr("%s: %v", where, err)
		}
		if seen[site.ID] {
			continue // one site, one crawl: later seeds for the same host are duplicates
		}
		seen[site.ID] = true
		sites = append(sites, site)
		seedURLs = append(seedURLs, s.URL)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	if ents, _ := os.ReadDir(o.out); hasScan(ents) {
		return usageErr("%s already holds a scan; choose another --out (resuming is not available yet)", o.out)
	}
	meta := report.Scan{Tool: "clinicaudit", Version: version, StartedAt: time.Now().UTC().Truncate(time.Second),
		Evidence: st.evidence, Seeds: seedURLs, Options: report.Options{
			MaxPages: o.crawl.MaxPages, MaxDepth: o.crawl.MaxDepth, Delay: o.crawl.Delay.String(), Sites: o.crawl.Sites,
			Timeout: o.crawl.Timeout.String(), UserAgent: o.crawl.UserAgent, IgnoreRobots: o.crawl.IgnoreRobots}}

	p := &pipeline{st: st, acc: map[string]*siteAcc{}}
	for _, f := range []struct {
		name string
		dst  **report.JSONL
	}{{"pages.jsonl", &p.pages}, {"claims.jsonl", &p.claims}, {"sites.jsonl", &p.sites}} {
		j, err := report.OpenJSONL(filepath.Join(o.out, f.name), false)
		if err != nil {
			return err
		}
		defer j.Close()
		*f.dst = j
	}
	fmt.Fprintf(stderr, "clinicaudit: scanning %d sites into %s\n", len(sites), o.out)
	crawlErr := crawler.Crawl(ctx, o.crawl, sites, p.page, p.siteDone)
	meta.FinishedAt = time.Now().UTC().Truncate(time.Second)
	meta.Complete = crawlErr == nil && p.werr == nil
	if p.werr != nil {
		return fmt.Errorf("writing results: %w", p.werr)
	}
	done := completed(p.done)
	meta.Totals = totals(done)
	// Write what was collected even when interrupted.
	if err := report.Write(context.WithoutCancel(ctx), o.out, meta, done); err != nil {
		return fmt.Errorf("writing reports: %w", err)
	}
	fmt.Fprintf(stderr, "clinicaudit: %d sites (%d unreachable), %d pages, %d fetch errors, %d findings (%s)\n",
		meta.Totals.Sites, meta.Totals.Unreachable, meta.Totals.Pages, meta.Totals.FetchErrors, meta.Totals.Findings, severityLine(meta.Totals.BySeverity))
	fmt.Fprintln(stdout, filepath.Join(o.out, "summary.pdf"))
	if crawlErr != nil {
		return fmt.Errorf("scan interrupted (%v): %d of %d sites finished; reports cover those", crawlErr, len(done), len(sites))
	}
	return failOn(o.failOn, done)
}

func hasScan(ents []os.DirEntry) bool {
	for _, e := range ents {
		if e.Name() == "scan.json" || e.Name() == "pages.jsonl" {
			return true
		}
	}
	return false
}

// completed returns the sites whose crawl finished, sorted by id.
func completed(all []report.Site) []report.Site {
	var out []report.Site
	for _, s := range all {
		if !s.Interrupted {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Site.ID < out[j].Site.ID })
	return out
}

func totals(sites []report.Site) report.Totals {
	t := report.Totals{Sites: len(sites), BySeverity: map[string]int{}}
	for _, s := range sites {
		if s.Unreachable != "" {
			t.Unreachable++
		}
		t.Pages += s.Fetched
		t.FetchErrors += s.Errors
		t.Claims += len(s.Claims)
		t.Findings += len(s.Findings)
		t.BySeverity[string(s.Highest())]++
	}
	return t
}

func severityLine(m map[string]int) string {
	var parts []string
	for _, s := range []assess.Severity{assess.High, assess.Medium, assess.Low, assess.Info, assess.None} {
		if n := m[string(s)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d sites %s", n, s))
		}
	}
	if len(parts) == 0 {
		return "no sites"
	}
	return strings.Join(parts, ", ")
}

// failOn returns errSeverity when a finding reaches the threshold.
func failOn(threshold string, sites []report.Site) error {
	if threshold == "" {
		return nil
	}
	min := assess.Severity(threshold).Rank()
	for _, s := range sites {
		if s.Highest().Rank() >= min {
			return errSeverity
		}
	}
	return nil
}
