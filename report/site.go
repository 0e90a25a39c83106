package report

import (
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/extract"
)

// SitePDF writes the audit report of one site as an A4 PDF: an overview a
// reader can take in at a glance, a table of findings, each finding in
// detail with the quoted sentences and the evidence, and the method and
// its limitations. The output depends only on scan and site, so rendering
// the same inputs twice gives identical bytes. SitePDF is safe for
// concurrent use.
func SitePDF(w io.Writer, scan Scan, site Site) error {
	r := siteReport{scan: scan, site: site, name: siteName(site)}
	r.doc = newDoc(scan, "Website audit: "+r.name,
		r.name+" ("+site.Site.ID+") · website audit",
		site.Site.ID+" · scan of "+formatTime(scan.StartedAt))
	r.cells = labels(site.Claims, extract.KindCellType)
	return r.doc.render(w, r.draw)
}

// siteName is how a site is named in titles: its display name, else its id.
func siteName(s Site) string {
	if n := clean(s.Site.Name); n != "" {
		return n
	}
	if id := clean(s.Site.ID); id != "" {
		return id
	}
	return "unnamed site"
}

// siteReport holds the state of one site report while it is drawn.
type siteReport struct {
	*doc
	scan   Scan
	site   Site
	name   string
	cells  map[string]string // cell-type id -> label
	links  []int             // internal link per finding
	images int               // screenshot crops registered (shot.go)
}

func (r *siteReport) draw() {
	r.pdf.AddPage()
	r.links = make([]int, len(r.site.Findings))
	for i := range r.links {
		r.links[i] = r.pdf.AddLink()
	}
	r.overview()
	if r.site.Unreachable == "" {
		r.findingsTable()
		r.details()
	}
	r.method()
}

// overview is page 1: who, when, the verdict and the numbers.
func (r *siteReport) overview() {
	p, s := r.pdf, r.site
	p.Bookmark("Overview", 0, -1)
	r.font("", 8.5, textGrey)
	r.text(marginL, contentW, 4, "clinicaudit · Stem-cell clinic website audit", "")
	r.space(2)
	r.font("B", 19, black)
	r.text(marginL, contentW, 8.5, clip(r.name, 120), "")
	if id := clip(s.Site.ID, maxShort); id != "" && id != r.name {
		r.font("", 10, textGrey)
		r.text(marginL, contentW, 5, id, "")
	}
	r.space(4)

	r.field("Website", clip(s.Site.Seed, maxURL), linkTarget(s.Site.Seed, false))
	if len(s.People) > 0 {
		r.field("Clinicians named on site", joinClipped(s.People, 5), "")
	}
	r.field("Scan date", formatTime(r.scan.StartedAt), "")
	r.field("Pages read", pagesLine(s), "")
	if l := s.Languages(); l != "" {
		r.field("Page languages", l, "")
	}
	if na := s.NotAnalysed(); len(na) > 0 {
		r.field("Not analysed", plural(len(na), "page", "pages")+" in a language the vocabularies do not cover: "+joinClipped(na, 3), "")
	}
	if h := siteHidden(s); h != "" {
		r.field("PDFs and thin pages", h, "")
	}
	if pr := priceRange(s); pr != "" {
		r.field("Treatment prices", pr, "")
	} else if s.Unreachable == "" {
		r.field("Treatment prices", "no price tied to a cell treatment on the pages read", "")
	}
	if op := otherPricesLine(s.OtherPrices, 6); op != "" {
		r.field("Other prices on the site", op, "")
	}
	if s.Unreachable != "" {
		r.field("Unreachable", clip(s.Unreachable, maxLong), "")
	}
	r.space(4)

	// The verdict block: headline, counts, what was found. A bar in the
	// colour of the highest severity runs down its left side.
	top := r.y()
	page := p.PageNo()
	const indent = 5.0
	r.font("B", 12, black)
	r.text(marginL+indent, contentW-indent, 5.8, headline(s), "")
	r.space(2)
	if s.Unreachable == "" {
		counts := countSeverity(s.Findings)
		r.severityLine(marginL+indent, counts)
		if sums := summarizeFlags(s.Findings); len(sums) > 0 {
			r.space(1)
			r.font("B", 9, black)
			r.text(marginL+indent, contentW-indent, 4.5, "What was found", "")
			const shown = 8
			for i, fs := range sums {
				if i == shown {
					r.font("I", 8.5, textGrey)
					r.text(marginL+indent, contentW-indent, 4.2,
						"and "+plural(len(sums)-shown, "more kind", "more kinds")+" of flag, listed in the table below.", "")
					break
				}
				r.flagLine(marginL+indent, contentW-indent, fs.severity, fs.id,
					plural(fs.findings, "finding", "findings"), flagMeaning(fs.id))
			}
		}
	}
	if p.PageNo() == page {
		c := sevColour[s.Highest()]
		if s.Unreachable != "" {
			c = textGrey
		}
		p.SetFillColor(c.r, c.g, c.b)
		p.Rect(marginL, top, 1.6, r.y()-top, "F")
	}
	r.space(5)
	if s.Unreachable != "" {
		return
	}
	r.para("", 8.5, textGrey, "How to read this report: each finding below quotes the sentence on the site "+
		"that supports it, with the page address and the time it was captured, and names the published "+
		"evidence it was compared with. Severity words (High, Medium, Low) describe how serious the "+
		"method rates a flag, not a legal judgement. The method and its limitations are on the last page.")
	r.space(4)
}

// flagLine writes "■ High  Title (flag-id), n findings: meaning" at x and
// returns the x where its text starts.
func (r *siteReport) flagLine(x, w float64, sev assess.Severity, id, count, meaning string) float64 {
	const size, lh = 8.5, 4.3
	r.need(lh * 2)
	y := r.y()
	r.badge(x, y, lh, sev, size)
	tx := x + flagIndent
	r.font("", size, black)
	line := flagTitle(id)
	if _, known := flagInfos[id]; known {
		line += " (" + id + ")"
	}
	if count != "" {
		line += ", " + count
	}
	if meaning != "" {
		line += ": " + meaning + "."
	}
	r.pdf.SetY(y)
	r.text(tx, w-(tx-x), lh, line, "")
	r.space(0.6)
	return tx
}

// flagIndent is the room a severity badge takes before a flag's text.
const flagIndent = 19.0

// pagesLine summarises the crawl of a site in one line.
func pagesLine(s Site) string {
	parts := []string{plural(s.Fetched, "page fetched", "pages fetched")}
	if s.Errors > 0 {
		e := plural(s.Errors, "fetch error", "fetch errors")
		if by := fetchErrors(s.Pages); by != "" {
			e += " (" + by + ")"
		}
		parts = append(parts, e)
	}
	if s.Robots > 0 {
		parts = append(parts, plural(s.Robots, "URL", "URLs")+" not fetched because robots.txt disallows them")
	}
	return strings.Join(parts, "; ")
}

// joinClipped joins the first n items, each shortened.
func joinClipped(items []string, n int) string {
	out := make([]string, 0, n)
	for i, it := range items {
		if i == n {
			break
		}
		if c := clip(it, 60); c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, "; ")
}

// findingsTable lists every finding, one row each, linked to its details.
func (r *siteReport) findingsTable() {
	r.heading("Findings", true, 40)
	fs := r.site.Findings
	if len(fs) == 0 {
		r.para("", 9, black, "No findings: the pages read state no claims that the method flags. "+
			"See \"Method and limitations\" for what was read.")
		return
	}
	cols := []column{
		{"#", 7, "L"},
		{"Severity", 19, "L"},
		{"Condition", 29, "L"},
		{"Cell types offered", 30, "L"},
		{"Prices", 30, "L"},
		{"Evidence status", 24, "L"},
		{"Flags", contentW - 7 - 19 - 29 - 30 - 30 - 24, "L"},
	}
	rows := make([][]cell, len(fs))
	for i, f := range fs {
		var prices, flags []string
		for _, pr := range f.Prices {
			if t := formatPrice(pr); t != "" {
				prices = append(prices, t)
			}
		}
		const maxPrices = 3 // the details list them all
		if len(prices) > maxPrices {
			prices = append(prices[:maxPrices], "and "+strconv.Itoa(len(prices)-maxPrices)+" more")
		}
		if len(prices) == 0 {
			prices = []string{"none stated"}
		}
		if len(f.Flags) == 0 {
			flags = []string{"none"}
		}
		for _, fl := range f.Flags {
			flags = append(flags, clip(fl.ID, maxShort)+" ("+strings.ToLower(severityWord(fl.Severity))+")")
		}
		rows[i] = []cell{
			{paras: []string{strconv.Itoa(i + 1)}, internal: r.links[i]},
			{severity: sevOrNone(f.Severity)},
			{paras: []string{clip(conditionLabel(f), maxShort)}, style: "B"},
			{paras: clipAll(cellTypeLabels(f.CellTypes, r.cells), maxShort)},
			{paras: prices},
			{paras: []string{strings.TrimSuffix(findingStatus(f), " (site-wide finding)")}},
			{paras: flags},
		}
	}
	r.table(cols, rows)
	r.font("I", 7.5, textGrey)
	r.space(1)
	r.text(marginL, contentW, 3.6, "Click a finding's number to go to its details, with the quoted sentences and the evidence.", "")
	r.space(3)
}

// sevOrNone maps an empty or unknown severity to None.
func sevOrNone(s assess.Severity) assess.Severity {
	if s.Rank() == 0 {
		return assess.None
	}
	return s
}

// clipAll cleans and shortens every string, dropping empty ones.
func clipAll(in []string, n int) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if c := clip(s, n); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// details writes every finding in full.
func (r *siteReport) details() {
	fs := r.site.Findings
	if len(fs) == 0 {
		return
	}
	r.space(4)
	r.heading("Findings in detail", true, 45)
	for i, f := range fs {
		r.finding(i, f)
	}
}

// finding writes one finding: flags, quotes, evidence.
func (r *siteReport) finding(i int, f assess.Finding) {
	p := r.pdf
	r.need(40)
	r.space(2)
	title := "Finding " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(r.site.Findings)) + ": " + clip(conditionLabel(f), maxShort)
	p.Bookmark(clip(strconv.Itoa(i+1)+". "+conditionLabel(f)+" ("+strings.ToLower(severityWord(sevOrNone(f.Severity)))+")", maxShort), 1, -1)
	p.SetLink(r.links[i], r.y(), p.PageNo())
	r.font("B", 11.5, black)
	r.text(marginL, contentW, 5.6, title, "")
	r.space(1)
	y := r.y()
	r.font("B", 9, textGrey)
	p.SetXY(marginL, y)
	p.CellFormat(42, 4.5, "Severity", "", 0, "L", false, 0, "")
	r.badge(marginL+42, y, 4.5, sevOrNone(f.Severity), 9)
	p.SetY(y + 5.3)
	r.field("Evidence status", findingStatus(f), "")
	if len(f.CellTypes) > 0 {
		r.field("Cell types offered", strings.Join(clipAll(cellTypeLabels(f.CellTypes, r.cells), maxShort), "; "), "")
	}
	if len(f.OfferEvidence) > 0 {
		var why []string
		seen := map[string]bool{}
		for _, e := range f.OfferEvidence {
			if p := clip(assess.EvidencePhrase(e), maxLong); !seen[p] {
				seen[p] = true
				why = append(why, p)
			}
			if len(why) == 2 {
				break
			}
		}
		r.field("Why it is an offer", strings.Join(why, "; "), "")
	}
	if len(f.Prices) > 0 {
		var ps []string
		for _, pr := range f.Prices {
			t := formatPrice(pr)
			if w := clip(pr.Text, maxShort); w != "" && w != t {
				t += " (written “" + w + "”)"
			}
			if t != "" && pr.Why != "" {
				t += ": " + clip(pr.Why, maxShort)
			}
			if t != "" {
				ps = append(ps, t)
			}
		}
		r.field("Prices", strings.Join(ps, "; "), "")
	}

	if len(f.Flags) > 0 {
		r.space(1)
		r.subheading("Flags")
		for _, fl := range f.Flags {
			tx := r.flagLine(marginL+2, contentW-2, sevOrNone(fl.Severity), fl.ID, "", "")
			if reason := clip(fl.Reason, maxLong); reason != "" {
				r.font("", 8.5, black)
				r.text(tx, contentW-(tx-marginL), 4.2, reason, "")
				r.space(1)
			}
		}
	}

	r.space(1)
	r.subheading("What the site says (" + plural(len(f.Quotes), "quote", "quotes") + ")")
	if len(f.Quotes) == 0 {
		r.para("I", 8.5, textGrey, "No sentence was recorded for this finding.")
	}
	for _, q := range f.Quotes {
		r.quote(q)
	}

	if siteWide(f) && f.EvidenceSummary == "" && len(f.Citations) == 0 {
		r.space(2)
		r.hline(marginL, pageW-marginR, r.y(), lineGrey, 0.2)
		r.space(2)
		return
	}
	r.space(1)
	r.subheading("Published evidence")
	if s := clip(f.EvidenceSummary, maxLong); s != "" {
		r.para("", 9, black, s)
	} else {
		r.para("I", 8.5, textGrey, "The evidence table has no summary for this condition and these cells.")
	}
	for j, c := range f.Citations {
		r.citation(j, c)
	}
	r.trials(f)
	r.space(3)
	r.hline(marginL, pageW-marginR, r.y(), lineGrey, 0.2)
	r.space(2)
}

// quote writes one quoted sentence with where and when it was captured,
// marked by a grey bar on its left.
func (r *siteReport) quote(q assess.Quote) {
	p := r.pdf
	const x0, bar = marginL + 3, 3.5
	x, w := x0+bar, contentW-(x0+bar-marginL)
	sentence := "“" + clip(q.Sentence, maxQuote) + "”"
	if sentence == "“”" {
		sentence = "(the recorded sentence has no printable text)"
	}
	url := clip(q.URL, maxURL)
	meta := "Captured " + formatCaptured(q.CapturedAt)
	if q.PageRole != "" {
		meta += " · " + q.PageRole + " page"
	}
	if q.PDFPage > 0 {
		meta += " · PDF, page " + strconv.Itoa(q.PDFPage)
	}
	if id := clip(q.WARCRecordID, maxShort); id != "" {
		meta += " · WARC record " + id
	}
	// Keep a short quote together on one page.
	r.font("I", 9, black)
	h := float64(len(wrap(p, sentence, w))) * 4.4
	r.font("", 7.5, black)
	h += float64(len(wrap(p, "Page: "+url, w))+len(wrap(p, meta, w))) * 3.6
	h += r.shotHeight(q, w)
	if h < 80 {
		r.need(h + 2)
	}
	top, page := r.y(), p.PageNo()
	r.font("I", 9, black)
	r.text(x, w, 4.4, sentence, "")
	r.font("", 7.5, textGrey)
	if url != "" {
		y := r.y()
		p.SetXY(x, y)
		p.CellFormat(p.GetStringWidth("Page: "), 3.6, "Page: ", "", 0, "L", false, 0, "")
		lx := x + p.GetStringWidth("Page: ")
		target := linkTarget(q.URL, false)
		if target != "" {
			r.font("", 7.5, linkBlue)
		}
		p.SetY(y)
		r.text(lx, w-(lx-x), 3.6, url, target)
	}
	r.font("", 7.5, textGrey)
	r.text(x, w, 3.6, meta, "")
	if p.PageNo() != page {
		top = marginT
	}
	if r.screenshot(q, x, w) {
		top = marginT
	}
	p.SetFillColor(quoteBar.r, quoteBar.g, quoteBar.b)
	p.Rect(x0, top+0.5, 0.9, r.y()-top-1, "F")
	r.space(2)
}

// citation writes one numbered citation, clickable when it has a DOI, URL
// or PMID; the link address is printed too when the text does not show it.
func (r *siteReport) citation(j int, c string) {
	p := r.pdf
	const numW = 7.0
	text := clip(c, maxLong)
	link := citationLink(c)
	r.font("", 8.5, black)
	r.need(4.2 * 2)
	y := r.y()
	p.SetXY(marginL+2, y)
	p.CellFormat(numW, 4.2, strconv.Itoa(j+1)+".", "", 0, "L", false, 0, "")
	p.SetY(y)
	target := linkTarget(link, false)
	if target != "" {
		r.font("", 8.5, linkBlue)
	}
	r.text(marginL+2+numW, contentW-2-numW, 4.2, text, target)
	if target != "" && !strings.Contains(text, link) {
		r.font("", 7.5, linkBlue)
		r.text(marginL+2+numW, contentW-2-numW, 3.8, clip(link, maxURL), target)
	}
	r.space(0.8)
}

// method writes "Method and limitations": what was read, with what
// evidence, how, and what the report cannot tell.
func (r *siteReport) method() {
	s, scan := r.site, r.scan
	r.space(4)
	r.heading("Method and limitations", true, 40)
	r.subheading("What was read")
	r.field("Seed URL", clip(s.Site.Seed, maxURL), linkTarget(s.Site.Seed, false))
	r.field("Scan", "started "+formatTime(scan.StartedAt)+captureWindow(s.Pages), "")
	r.field("Fetch attempts", strconv.Itoa(s.SiteResult.Pages), "")
	r.field("Pages fetched", strconv.Itoa(s.Fetched), "")
	errs := strconv.Itoa(s.Errors)
	if by := fetchErrors(s.Pages); by != "" {
		errs += " (" + by + ")"
	}
	r.field("Fetch errors", errs, "")
	if s.Unreachable != "" {
		r.field("Unreachable", clip(s.Unreachable, maxLong), "")
	}
	excluded := robotsExcluded(s.Pages)
	r.field("Excluded by robots.txt", strconv.Itoa(max(s.Robots, len(excluded))), "")
	const shownURLs = 20
	for i, u := range excluded {
		if i == shownURLs {
			r.field("", "and "+strconv.Itoa(len(excluded)-shownURLs)+" more (see pages.jsonl)", "")
			break
		}
		r.field("", clip(u, maxURL), "")
	}
	o := scan.Options
	robots := "honoured"
	if o.IgnoreRobots {
		robots = "ignored (--ignore-robots)"
	}
	r.field("Crawl limits", "up to "+strconv.Itoa(o.MaxPages)+" pages per site, link depth "+strconv.Itoa(o.MaxDepth)+
		", delay "+orDash(o.Delay)+" between requests, timeout "+orDash(o.Timeout)+"; robots.txt "+robots, "")
	r.field("User agent", clip(o.UserAgent, maxShort), "")

	r.space(1)
	r.subheading("Evidence used")
	ev := scan.Evidence
	r.field("Evidence table", orDash(clip(ev.Source, maxShort))+", "+plural(ev.Rows, "row", "rows")+", reviewed up to "+orDash(clip(ev.Date, 20)), "")
	r.field("Table SHA-256", orDash(clip(ev.SHA256, 80)), "")
	r.field("Tool", orDash(clip(scan.Tool, 40))+" "+clip(scan.Version, 40), "")

	r.space(1)
	r.subheading("How the findings were made")
	r.para("", 8.5, black, "The tool fetched the site's pages from the seed address, following links within the site, "+
		"and read their text as served (content built by scripts in the browser is not seen). It picked out, sentence "+
		"by sentence, the conditions, cell types and prices each page mentions and statements about cure, safety, "+
		"approval, trials, testimonials and risk; mentions the page negates (\"we do not treat cancer\") are not "+
		"counted as offers. For each condition the site offers, it looked up the evidence status of the cells offered "+
		"in the evidence table above and applied fixed rules, each of which raises a flag with a severity. A finding's "+
		"severity is that of its highest flag.")
	if ids := r.flagsUsed(); len(ids) > 0 {
		r.space(1)
		r.subheading("Flags in this report")
		for _, id := range ids {
			r.flagLine(marginL+2, contentW-2, r.flagSeverity(id), id, "", flagMeaning(id))
		}
	}
	r.space(1)
	r.subheading("Limitations")
	for _, l := range []string{
		"Extraction is automatic: it can miss a claim, or misread one whose meaning depends on context. Every finding quotes its sentences so that a reader can check them against the captured page.",
		"Only the pages listed under \"What was read\" were read; pages beyond the crawl limits, pages excluded by robots.txt and pages that failed to load were not.",
		"A price written with \"$\" alone may be in US dollars or in another currency; such prices are marked as not stating their currency.",
		"Characters the report font cannot show (for example emoji, or Chinese, Arabic or Hebrew script) are printed as " + Placeholder + ", and very long quotes are shortened and marked […]. The files findings.jsonl and claims.jsonl hold the exact text.",
		"The evidence table summarises published evidence as of its review date; later evidence is not reflected.",
	} {
		r.bullet(l)
	}
	r.space(1)
	r.subheading("Disclaimer")
	r.para("", 8.5, black, "This report records what the site said when it was captured and what the published evidence "+
		"cited here shows. It is not medical or legal advice, and it does not state that any person or organisation "+
		"has acted unlawfully. The site may have changed since it was captured; the capture times and WARC record ids "+
		"above identify the exact pages that were read.")
}

// bullet writes one bulleted paragraph.
func (r *siteReport) bullet(s string) {
	r.font("", 8.5, black)
	r.need(4.2)
	y := r.y()
	r.pdf.SetXY(marginL+2, y)
	r.pdf.CellFormat(4, 4.2, "•", "", 0, "L", false, 0, "")
	r.pdf.SetY(y)
	r.text(marginL+6, contentW-6, 4.2, clean(s), "")
	r.space(0.6)
}

// flagsUsed lists the flag ids raised in this report, highest severity first.
func (r *siteReport) flagsUsed() []string {
	seen := map[string]bool{}
	var ids []string
	for _, f := range r.site.Findings {
		for _, fl := range f.Flags {
			if !seen[fl.ID] {
				seen[fl.ID] = true
				ids = append(ids, fl.ID)
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := r.flagSeverity(ids[i]).Rank(), r.flagSeverity(ids[j]).Rank()
		if a != b {
			return a > b
		}
		return ids[i] < ids[j]
	})
	return ids
}

// flagSeverity is the highest severity a flag id has in this report.
func (r *siteReport) flagSeverity(id string) assess.Severity {
	best := assess.None
	for _, f := range r.site.Findings {
		for _, fl := range f.Flags {
			if fl.ID == id && fl.Severity.Rank() > best.Rank() {
				best = fl.Severity
			}
		}
	}
	return best
}

// completeNote says when a scan did not finish.
func completeNote(scan Scan) string {
	if scan.Complete {
		return ""
	}
	return " (the scan did not complete: some sites or pages may be missing)"
}

// orDash returns s, or "–" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// captureWindow says when the site's pages were captured. The site report
// is rendered as soon as the site is finished, so it cannot know when the
// whole scan ended.
func captureWindow(pages []Page) string {
	var first, last time.Time
	for _, p := range pages {
		if p.FetchedAt.IsZero() {
			continue
		}
		if first.IsZero() || p.FetchedAt.Before(first) {
			first = p.FetchedAt
		}
		if p.FetchedAt.After(last) {
			last = p.FetchedAt
		}
	}
	if first.IsZero() {
		return ""
	}
	return "; this site's pages were captured " + formatTime(first) + " to " + formatTime(last)
}
