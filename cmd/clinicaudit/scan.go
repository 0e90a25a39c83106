package main

import (
	"context"
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
	"github.com/clinicaudit/clinicaudit/report/screenshot"
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
	registry registryOptions // --registry, --registry-url
	shots    bool            // render quoted pages from the capture (--screenshots)
	render   bool            // render thin pages in Chromium (--render)
	renderTO time.Duration   // --render-timeout

	requisites string // --requisites: none (or ""), quoted or all; see requisites.go
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
	fs.BoolVar(&o.crawl.AllowPrivate, "allow-private", false, "allow fetching hosts that resolve to loopback, private, link-local or other reserved addresses (a seed that is such an address is always allowed)")
	fs.BoolVar(&o.crawl.IgnoreRobots, "ignore-robots", false, "do not fetch or obey robots.txt (only for sites you have permission to crawl)")
	fs.BoolVar(&o.resume, "resume", false, "finish an interrupted scan in --out: sites in its sites.jsonl are not fetched again; without SEEDs its seeds and options are reused")
	fs.StringVar(&o.previous, "previous", "", "earlier scan folder to compare with: writes changes.jsonl and a changes section in summary.pdf")
	fs.BoolVar(&o.shots, "screenshots", screenshot.Find() != "", "render each page quoted by a high or medium finding from the capture, quotes highlighted, into screenshots/ (default on when Chromium is installed)")
	fs.BoolVar(&o.render, "render", screenshot.Find() != "", "render thin (script-built) pages in headless Chromium and analyse their rendered DOM (default on when Chromium is installed)")
	fs.DurationVar(&o.renderTO, "render-timeout", screenshot.DefaultRenderTimeout, "time limit for rendering one thin page")
	fs.StringVar(&o.requisites, "requisites", requisitesQuoted, "page requisites to fetch for the capture: none; quoted (the same-site style sheets and images of pages quoted by a high or medium finding); all (those of other sites too)")
	fs.StringVar(&o.failOn, "fail-on", "", "exit with status 3 if a finding at or above this severity exists (high, medium, low, info)")
	registryFlags(fs, &o.registry, "online")
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("scan", stderr)
	var o scanOptions
	scanFlags(fs, &o, filepath.Join("audits", time.Now().Format("2006-01-02")))
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clinicaudit scan [flags] SEED...\n       clinicaudit scan --resume --out DIR [flags] [SEED...]\n\n"+
			"A SEED is a URL or a file with one URL a line (URL<TAB>name allowed; # comments).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err // flag.ErrHelp after --help: exit 0 (see exitCode)
	}
	if err := checkOutDir(o.out); err != nil {
		return err
	}
	var list []seeds.Seed
	switch {
	case o.resume:
		meta, err := readScanMeta(o.out)
		if err != nil {
			return err
		}
		if list, err = resumeDefaults(fs, &o, meta, pos); err != nil {
			return err
		}
	case len(pos) == 0:
		fs.Usage()
		return usageErr("scan needs at least one SEED")
	default:
		if list, err = readSeeds(pos); err != nil {
			return err
		}
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
	trials   *assess.TrialQueries // search terms of the trial context
	tqMeta   report.Evidence      // what scan.json records of them
}

// loadStages loads the vocabulary, cues and evidence table; a broken table
// is a bad input file (exit 2) and nothing is crawled.
func loadStages(evidencePath string) (*stages, error) {
	ex, err := extract.NewDefault()
	if err != nil {
		return nil, fmt.Errorf("built-in vocabulary: %w", err)
	}
	var t *assess.Table
	if evidencePath != "" {
		if t, err = readEvidence(evidencePath, ex.Vocabulary()); err != nil {
			return nil, err
		}
	} else if t, err = assess.DefaultTable(ex.Vocabulary()); err != nil {
		return nil, fmt.Errorf("built-in evidence table: %w", err)
	}
	tq, err := assess.DefaultTrialQueries(ex.Vocabulary())
	if err != nil {
		return nil, fmt.Errorf("built-in trial queries: %w", err)
	}
	return &stages{
		trials:   tq,
		tqMeta:   report.Evidence{Source: tq.Source, SHA256: tq.SHA256, Date: tq.Date, Rows: len(tq.Conditions) + len(tq.Cells)},
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
	reqs   map[string][]string // requisite links of the site's HTML pages, by WARC record id (--requisites)
	as     *assess.Assessment  // the assessment made to choose the requisites, reused by siteDone
	pages  []report.Page
	claims []extract.Claim
	places map[string]int
	people map[string]int
}

// pipeline connects the crawler's callbacks to extraction, assessment and
// the output files. Its methods are safe for concurrent use.
type pipeline struct {
	st     *stages
	dir    string      // the output folder
	meta   report.Scan // what a site report needs of the scan (set before the crawl)
	pages  *report.JSONL
	claims *report.JSONL
	sites  *report.JSONL

	prog   *progress
	render *pageRenderer // nil: thin pages are not rendered

	assessSite func(report.Site) assess.Assessment // assess with the registry records (set by scan)
	requisites bool                                // keep the requisite links of HTML pages (--requisites)

	mu   sync.Mutex
	acc  map[string]*siteAcc
	done []report.Site
	werr error // first write error

	extractErrs     int // pages whose extraction failed (reported at the end)
	firstExtractErr error
}

func (p *pipeline) page(pg crawler.Page) {
	p.prog.page(pg)
	if pg.Kind == crawler.KindRequisite {
		p.requisitePage(pg)
		return
	}
	var reqs []string
	var claims []extract.Claim
	var places, people []string
	rec := report.Page{Page: pg}
	pdfDoc := pg.Error == crawler.ErrNotHTML && extract.IsPDF(pg.ContentType, pg.Body) // kept by the crawler, read here
	if (pg.OK() || pdfDoc) && len(pg.Body) > 0 {
		u := pg.FinalURL
		if u == "" {
			u = pg.URL
		}
		res, err := p.st.ex.Extract(extract.Input{URL: u, Site: pg.Site, ContentType: pg.ContentType, Body: pg.Body})
		if err != nil {
			p.mu.Lock()
			if p.extractErrs++; p.firstExtractErr == nil {
				p.firstExtractErr = err
			}
			p.mu.Unlock()
		} else {
			at := pg.FetchedAt.UTC().Format(time.RFC3339)
			for i := range res.Claims {
				res.Claims[i].CapturedAt, res.Claims[i].WARCRecordID = at, pg.WARCRecordID
			}
			claims, places, people = res.Claims, res.Places, res.People
			if p.requisites && !pdfDoc && pg.WARCRecordID != "" {
				reqs = crawler.RequisiteLinks(pg.Body, u)
			}
			rec.Title, rec.Role, rec.Lang, rec.Analysis, rec.AnalysisNote = res.Title, res.Role, res.Lang, res.Analysis, res.AnalysisNote
			rec.Thin = res.Thin
			if pdfDoc {
				rec.ErrorDetail = pdfDetail(res.Analysis)
			}
			if res.Thin && p.render != nil && pg.OK() {
				if c, pl, pe, ok := p.render.render(p.st.ex, pg, u, &rec); ok {
					claims, places, people = c, pl, pe
				}
			}
		}
	}
	rec.Body, rec.Fetch = nil, nil
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.acc[pg.Site]
	if a == nil {
		a = &siteAcc{places: map[string]int{}, people: map[string]int{}}
		p.acc[pg.Site] = a
	}
	a.pages = append(a.pages, rec)
	a.claims = append(a.claims, claims...)
	if len(reqs) > 0 {
		if a.reqs == nil {
			a.reqs = map[string][]string{}
		}
		a.reqs[pg.WARCRecordID] = reqs
	}
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
	s := report.Site{SiteResult: r, Pages: a.pages, Claims: a.claims, Places: ranked(a.places, 5), People: ranked(mergeNames(a.people), 8)}
	var as assess.Assessment
	if a.as != nil {
		as = *a.as // made when the requisites were chosen: requisites add no claims
	} else {
		as = p.assessSite(s)
	}
	s.Findings, s.OtherPrices = as.Findings, as.OtherPrices
	var err error
	if !r.Interrupted {
		// The site's report first, then its lines, sites.jsonl last: a site
		// marked finished always has its report. After that only a compact
		// copy is kept, so memory does not grow with the pages read.
		err = report.WriteSite(p.dir, p.meta, s)
		if err == nil {
			err = p.writeSite(s)
		}
		p.prog.siteDone()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil && p.werr == nil {
		p.werr = err
	}
	p.done = append(p.done, report.Compact(s))
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
// With o.resume it finishes the interrupted scan in o.out instead of
// starting one.
func scan(ctx context.Context, o scanOptions, list []seeds.Seed, stdout, stderr io.Writer) error {
	if err := validateScanOptions(o); err != nil {
		return err
	}
	if o.previous != "" && filepath.Clean(o.previous) == filepath.Clean(o.out) {
		return usageErr("--previous %s is the output folder itself; give the folder of an earlier scan", o.previous)
	}
	previous, err := loadPrevious(o.previous)
	if err != nil {
		return err
	}
	st, err := loadStages(o.evidence)
	if err != nil {
		return err
	}
	var sites []crawler.Site
	var kept []seeds.Seed
	seen := map[string]bool{}
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
		kept = append(kept, s)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	meta := report.Scan{Tool: "clinicaudit", Version: version, StartedAt: time.Now().UTC().Truncate(time.Second),
		Evidence: st.evidence, TrialQueries: &st.tqMeta, Options: report.Options{
			MaxPages: o.crawl.MaxPages, MaxDepth: o.crawl.MaxDepth, Delay: o.crawl.Delay.String(), Sites: o.crawl.Sites,
			Timeout: o.crawl.Timeout.String(), UserAgent: o.crawl.UserAgent, IgnoreRobots: o.crawl.IgnoreRobots, AllowPrivate: o.crawl.AllowPrivate,
			Requisites: requisitesMode(o.requisites)}}
	finished := map[string]bool{}
	if o.resume {
		prev, err := readScanMeta(o.out)
		if err != nil {
			return err
		}
		meta.StartedAt = prev.StartedAt
		if previous == nil && prev.Previous != nil {
			// The interrupted scan was being compared with an earlier one.
			if previous, err = loadPrevious(prev.Previous.Dir); err != nil {
				return err
			}
		}
		// SEEDs given on resume add to the scan's list.
		for _, u := range prev.Seeds {
			if site, err := crawler.NewSite(u, ""); err == nil && !seen[site.ID] {
				seen[site.ID] = true
				sites = append(sites, site)
				kept = append(kept, seeds.Seed{URL: u})
			}
		}
		if finished, err = prepareResume(o.out, stderr); err != nil {
			return err
		}
	} else if ents, _ := os.ReadDir(o.out); hasScan(ents) {
		return usageErr("%s already holds a scan; finish it with --resume or choose another --out", o.out)
	}
	lk, err := openLookups(o.registry, o.out, true, o.crawl.Timeout, stderr)
	if err != nil {
		return err
	}
	defer lk.Close()
	meta.Options.Registry, meta.Options.RegistryURL = lk.mode(), lk.url()
	for _, s := range kept {
		meta.Seeds = append(meta.Seeds, s.URL)
	}
	if previous != nil {
		meta.Previous = &report.Previous{Dir: previous.dir, StartedAt: previous.meta.StartedAt.Format("2006-01-02 15:04 UTC")}
	}
	// scan.json and seeds.txt first: from now on the folder can be resumed.
	if err := writeScanMeta(o.out, meta); err != nil {
		return err
	}
	if err := writeSeedsFile(o.out, kept); err != nil {
		return err
	}
	var todo []crawler.Site
	for _, s := range sites {
		if !finished[s.ID] {
			todo = append(todo, s)
		}
	}

	prog := newProgress(stderr, len(sites), len(sites)-len(todo), isTerminal(stderr))
	p := &pipeline{st: st, dir: o.out, meta: meta, acc: map[string]*siteAcc{}, prog: prog,
		assessSite: func(s report.Site) assess.Assessment { return assessSite(ctx, st, lk, s) }}
	p.setRequisites(&o.crawl, o.requisites)
	for _, f := range []struct {
		name string
		dst  **report.JSONL
	}{{"pages.jsonl", &p.pages}, {"claims.jsonl", &p.claims}, {"sites.jsonl", &p.sites}} {
		j, err := report.OpenJSONL(filepath.Join(o.out, f.name), o.resume)
		if err != nil {
			return err
		}
		defer j.Close()
		*f.dst = j
	}
	robots := "obey"
	if o.crawl.IgnoreRobots {
		robots = "ignore"
	}
	warc, err := crawler.OpenWARC(filepath.Join(o.out, "capture.warc.gz"), crawler.WARCInfo{
		Software: "clinicaudit/" + version, UserAgent: o.crawl.UserAgent, Robots: robots,
		Description: "clinicaudit scan of stem-cell clinic websites; pages.jsonl names each page's response record",
	})
	if err != nil {
		return fmt.Errorf("evidence capture: %w", err)
	}
	defer warc.Close()
	o.crawl.WARC = warc
	if p.render = openRenderer(ctx, o.render, o.renderTO, stderr); p.render != nil {
		defer p.render.Close()
		p.render.warc = warc
		meta.Options.Render = true
		p.meta.Options.Render = true
	}

	if o.resume {
		fmt.Fprintf(stderr, "clinicaudit: resuming the scan in %s: %d of %d sites finished, %d to go\n", o.out, len(sites)-len(todo), len(sites), len(todo))
	} else {
		fmt.Fprintf(stderr, "clinicaudit: scanning %d sites into %s\n", len(sites), o.out)
	}
	crawlErr := crawler.Crawl(ctx, o.crawl, todo, p.page, p.siteDone)
	prog.finish()
	p.render.Close() // before the capture is closed: no render writes after it
	if s := p.render.summary(); s != "" {
		fmt.Fprintln(stderr, s)
	}
	warcErr := warc.Close()
	meta.FinishedAt = time.Now().UTC().Truncate(time.Second)
	if p.werr != nil {
		return fmt.Errorf("writing results: %w; once the cause is fixed, run clinicaudit scan --resume --out %s", p.werr, o.out)
	}
	if warcErr != nil {
		return fmt.Errorf("evidence capture: %w; once the cause is fixed, run clinicaudit scan --resume --out %s", warcErr, o.out)
	}
	if ctx.Err() == nil && crawlErr != nil {
		return fmt.Errorf("crawl stopped: %w", crawlErr) // the capture failed
	}
	meta.Complete = crawlErr == nil
	done := completed(p.done)
	if o.resume {
		// Sites finished by the earlier sessions come back from the folder.
		if done, err = finishedFromDisk(ctx, o.out, st, lk); err != nil {
			return err
		}
		for i := range done {
			done[i] = report.Compact(done[i])
		}
	}
	meta.Totals = totals(done)
	previous.compare(&meta, done)
	// Write what was collected even when interrupted.
	// Site reports were written as each site finished; now the batch files.
	// WriteIndex writes scan.json last, so until every batch file is in
	// place it still says "complete": false (written before the crawl).
	// capture.wacz before WriteIndex, so a complete scan.json implies it.
	if err := writeWACZ(o.out, meta, stderr); err != nil {
		return fmt.Errorf("evidence package: %w; the scan is not complete: once the cause is fixed, run clinicaudit scan --resume --out %s", err, o.out)
	}
	if err := report.WriteIndex(o.out, meta, done); err != nil {
		return fmt.Errorf("writing reports: %w; the scan is not complete: once the cause is fixed, run clinicaudit scan --resume --out %s", err, o.out)
	}
	if o.shots && ctx.Err() == nil {
		if err := writeScreenshots(ctx, o.out, stderr); err != nil {
			return fmt.Errorf("screenshots: %w", err)
		}
		if err := embedScreenshots(ctx, o.out, meta, done); err != nil {
			return fmt.Errorf("screenshots in the reports: %w", err)
		}
	}
	fmt.Fprintf(stderr, "clinicaudit: %d sites (%d unreachable), %d pages%s, %d fetch errors, %d findings (%s)\n",
		meta.Totals.Sites, meta.Totals.Unreachable, meta.Totals.Pages, requisitesNote(done), meta.Totals.FetchErrors, meta.Totals.Findings, severityLine(meta.Totals.BySeverity))
	if p.extractErrs > 0 {
		fmt.Fprintf(stderr, "clinicaudit: %d pages could not be analysed (first: %v); they are in pages.jsonl and the capture\n", p.extractErrs, p.firstExtractErr)
	}
	fmt.Fprintln(stdout, filepath.Join(o.out, "summary.pdf"))
	if crawlErr != nil {
		return fmt.Errorf("scan interrupted (%v): %d of %d sites finished; reports cover those; finish with: clinicaudit scan --resume --out %s",
			crawlErr, len(done), len(sites), o.out)
	}
	return failOn(o.failOn, done)
}

// finishedFromDisk reads every finished site of the folder back and
// assesses it.
func finishedFromDisk(ctx context.Context, dir string, st *stages, lk *lookups) ([]report.Site, error) {
	_, sites, err := loadScan(dir)
	if err != nil {
		return nil, err
	}
	for i := range sites {
		as := assessSite(ctx, st, lk, sites[i])
		sites[i].Findings, sites[i].OtherPrices = as.Findings, as.OtherPrices
	}
	return sites, nil
}

// hasScan reports whether a folder holds (part of) a scan.
func hasScan(ents []os.DirEntry) bool {
	for _, e := range ents {
		switch e.Name() {
		case "scan.json", "pages.jsonl", "claims.jsonl", "sites.jsonl", "capture.warc.gz":
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
		t.Claims += s.Claimed()
		t.Findings += len(s.Findings)
		t.BySeverity[string(s.Highest())]++
		t.AddHidden(s)
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

// mergeNames counts a clinician named in short ("Mariana Ortega") under
// the one longer name it begins ("Mariana Ortega Villaseñor"), so a page
// that shortens a name does not list the person twice.
func mergeNames(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for name, n := range m {
		long := ""
		for other := range m {
			if other != name && strings.HasPrefix(other, name+" ") {
				if long != "" {
					long = "" // two longer names begin the same: keep it apart
					break
				}
				long = other
			}
		}
		if long == "" {
			long = name
		}
		out[long] += n
	}
	return out
}
