package report

import (
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/extract"
)

// SummaryPDF writes the batch report of a scan as an A4 PDF: totals, charts
// (sites by highest severity, most-claimed conditions, cell types offered,
// prices in US dollars), the flags raised, a table of all sites linking to
// their reports (reports/FILE.pdf, relative to the summary), and the sites
// that could not be reached. Like SitePDF its bytes depend only on its inputs.
func SummaryPDF(w io.Writer, scan Scan, sites []Site) error {
	d := newDoc(scan, "Stem-cell clinic website audit: batch summary",
		"Batch summary · scan of "+formatTime(scan.StartedAt),
		"Batch summary · scan of "+formatTime(scan.StartedAt))
	s := summary{doc: d, scan: scan, sites: sortSites(sites), files: ReportFiles(sites)}
	return d.render(w, s.draw)
}

// sortSites returns the sites sorted by highest severity, reachable before
// unreachable, then by name and id.
func sortSites(sites []Site) []Site {
	out := append([]Site(nil), sites...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := a.Highest().Rank(), b.Highest().Rank(); ra != rb {
			return ra > rb
		}
		if (a.Unreachable == "") != (b.Unreachable == "") {
			return a.Unreachable == ""
		}
		if na, nb := strings.ToLower(siteName(a)), strings.ToLower(siteName(b)); na != nb {
			return na < nb
		}
		return a.Site.ID < b.Site.ID
	})
	return out
}

type summary struct {
	*doc
	scan  Scan
	sites []Site
	files map[string]string // site id -> report file name
}

func (s *summary) draw() {
	s.pdf.AddPage()
	s.overview()
	s.changes()
	s.charts()
	s.flagTable()
	s.siteTable()
	s.unreachable()
	s.method()
}

// overview: title, scan facts, totals.
func (s *summary) overview() {
	p := s.pdf
	p.Bookmark("Overview", 0, -1)
	s.font("", 8.5, textGrey)
	s.text(marginL, contentW, 4, "clinicaudit · Stem-cell clinic website audit", "")
	s.space(2)
	s.font("B", 19, black)
	s.text(marginL, contentW, 8.5, "Batch summary", "")
	s.font("", 10, textGrey)
	s.text(marginL, contentW, 5, plural(len(s.sites), "site", "sites")+" scanned, starting "+formatTime(s.scan.StartedAt), "")
	s.space(4)
	s.field("Scan", "started "+formatTime(s.scan.StartedAt)+", finished "+formatTime(s.scan.FinishedAt)+completeNote(s.scan), "")
	ev := s.scan.Evidence
	s.field("Evidence table", orDash(clip(ev.Source, maxShort))+", "+plural(ev.Rows, "row", "rows")+
		", reviewed up to "+orDash(clip(ev.Date, 20))+"; SHA-256 "+orDash(clip(ev.SHA256, 80)), "")
	s.field("Tool", orDash(clip(s.scan.Tool, 40))+" "+clip(s.scan.Version, 40), "")
	s.space(4)

	// Totals as a row of boxes.
	t := s.totals()
	boxes := []struct {
		n     int
		label string
	}{
		{t.Sites, "sites"},
		{t.Unreachable, "unreachable"},
		{t.Pages, "pages fetched"},
		{t.Findings, "findings"},
	}
	const gap, bh = 4.0, 17.0
	bw := (contentW - gap*float64(len(boxes)-1)) / float64(len(boxes))
	s.need(bh + 2)
	y := s.y()
	for i, b := range boxes {
		x := marginL + float64(i)*(bw+gap)
		p.SetDrawColor(lineGrey.r, lineGrey.g, lineGrey.b)
		p.SetLineWidth(0.3)
		p.Rect(x, y, bw, bh, "D")
		s.font("B", 17, black)
		p.SetXY(x+3, y+2.5)
		p.CellFormat(bw-6, 7.5, formatAmount(float64(b.n)), "", 0, "L", false, 0, "")
		s.font("", 8.5, textGrey)
		p.SetXY(x+3, y+10.5)
		p.CellFormat(bw-6, 4, b.label, "", 0, "L", false, 0, "")
	}
	p.SetY(y + bh + 3)

	// Findings by severity, in words with their marks.
	counts := map[assess.Severity]int{}
	for _, site := range s.sites {
		for sev, n := range countSeverity(site.Findings) {
			counts[sev] += n
		}
	}
	s.severityLine(marginL, counts)
	s.space(2)
}

// totals returns scan.Totals, counted from the sites when it is empty.
func (s *summary) totals() Totals {
	t := s.scan.Totals
	if t.Sites != 0 || len(s.sites) == 0 {
		return t
	}
	t.Sites = len(s.sites)
	for _, site := range s.sites {
		if site.Unreachable != "" {
			t.Unreachable++
		}
		t.Pages += site.Fetched
		t.Findings += len(site.Findings)
	}
	return t
}

// bar is one bar of a chart.
type bar struct {
	label    string
	n        int
	severity assess.Severity // when set, the bar has the severity's colour
}

// barChart draws a labelled horizontal bar chart with the count printed
// after each bar. The whole chart is kept on one page.
func (s *summary) barChart(title, unit string, bars []bar, note string) {
	p := s.pdf
	const barH, gapH, labelW, countW = 5.0, 1.8, 58.0, 16.0
	h := 6.0 + 4.5 + float64(max(len(bars), 1))*(barH+gapH) + 4
	if note != "" {
		s.font("I", 7.5, textGrey)
		h += float64(len(wrap(p, clean(note), contentW))) * 3.6
	}
	s.need(h + 2)
	s.font("B", 10.5, black)
	s.text(marginL, contentW, 5.5, title, "")
	s.font("", 7.5, textGrey)
	s.text(marginL, contentW, 4, unit, "")
	s.space(1.5)
	top := s.y()
	if len(bars) == 0 {
		s.font("I", 8.5, textGrey)
		s.text(marginL, contentW, barH+gapH, "Nothing to show.", "")
	}
	most := 1
	for _, b := range bars {
		most = max(most, b.n)
	}
	x0 := marginL + labelW + 2
	span := contentW - labelW - 2 - countW
	for i, b := range bars {
		y := top + float64(i)*(barH+gapH)
		s.font("", 8.5, black)
		l := s.fit(clip(b.label, maxShort), labelW)
		p.SetXY(marginL+labelW-p.GetStringWidth(l), y)
		p.CellFormat(p.GetStringWidth(l), barH, l, "", 0, "L", false, 0, "")
		c := rgb{110, 110, 110}
		if b.severity != "" {
			c = sevColour[b.severity]
		}
		bw := span * float64(b.n) / float64(most)
		if b.n > 0 {
			bw = math.Max(bw, 0.6)
			p.SetFillColor(c.r, c.g, c.b)
			p.Rect(x0, y+0.6, bw, barH-1.2, "F")
		}
		s.font("B", 8.5, black)
		p.SetXY(x0+bw+1.5, y)
		n := formatAmount(float64(b.n))
		p.CellFormat(p.GetStringWidth(n), barH, n, "", 0, "L", false, 0, "")
	}
	if len(bars) > 0 {
		bottom := top + float64(len(bars))*(barH+gapH) - gapH
		p.SetDrawColor(0, 0, 0)
		p.SetLineWidth(0.25)
		p.Line(x0, top, x0, bottom)
		p.SetY(bottom + gapH)
	}
	if note != "" {
		s.space(0.5)
		s.font("I", 7.5, textGrey)
		s.text(marginL, contentW, 3.6, clean(note), "")
	}
	s.space(5)
}

func (s *summary) charts() {
	s.heading("Charts", true, 50)

	// Sites by highest severity.
	bySev := map[assess.Severity]int{}
	unreachable := 0
	for _, site := range s.sites {
		if site.Unreachable != "" {
			unreachable++
			continue
		}
		bySev[site.Highest()]++
	}
	var bars []bar
	for _, sev := range severities {
		bars = append(bars, bar{label: severityWord(sev), n: bySev[sev], severity: sev})
	}
	bars = append(bars, bar{label: "Unreachable", n: unreachable})
	s.barChart("Sites by highest severity of their findings", "Number of sites; \"None\" means no finding with a severity.", bars, "")

	const top = 12
	s.barChart("Most-claimed conditions", "Number of sites that offer treatment of the condition; negated, educational and third-party mentions are not counted.",
		topN(countClaims(s.sites, extract.KindCondition), top), moreNote(countClaims(s.sites, extract.KindCondition), top, "conditions"))
	s.barChart("Cell types offered", "Number of sites that offer the cell type for a condition.",
		topN(countClaims(s.sites, extract.KindCellType), top), moreNote(countClaims(s.sites, extract.KindCellType), top, "cell types"))
	bars, note := s.priceBuckets()
	s.barChart("Treatment prices in US dollars", "Number of distinct prices stated (USD), by amount; a range counts at its lower end.", bars, note)
}

// countClaims counts, for every label of a claim kind, the sites that make
// a non-negated claim of it.
func countClaims(sites []Site, kind string) map[string]int {
	n := map[string]int{}
	for _, site := range sites {
		for _, l := range offered(site, kind) {
			n[l]++
		}
	}
	return n
}

// topN returns the n largest counts as bars, ties broken by label.
func topN(counts map[string]int, n int) []bar {
	bars := make([]bar, 0, len(counts))
	for l, c := range counts {
		bars = append(bars, bar{label: l, n: c})
	}
	sort.Slice(bars, func(i, j int) bool {
		if bars[i].n != bars[j].n {
			return bars[i].n > bars[j].n
		}
		return bars[i].label < bars[j].label
	})
	if len(bars) > n {
		bars = bars[:n]
	}
	return bars
}

// moreNote says how many items a top-n chart leaves out.
func moreNote(counts map[string]int, n int, what string) string {
	if len(counts) <= n {
		return ""
	}
	return "Showing the " + strconv.Itoa(n) + " most frequent of " + strconv.Itoa(len(counts)) + " " + what + "; sites.csv lists them all."
}

// usdBuckets are the price bands of the price chart, in US dollars.
var usdBuckets = []struct {
	label string
	below float64
}{
	{"under 1,000", 1000},
	{"1,000 – 4,999", 5000},
	{"5,000 – 9,999", 10000},
	{"10,000 – 24,999", 25000},
	{"25,000 – 49,999", 50000},
	{"50,000 and over", math.Inf(1)},
}

// priceBuckets counts the distinct USD prices of all sites by band, and
// says what it left out.
func (s *summary) priceBuckets() ([]bar, string) {
	bars := make([]bar, len(usdBuckets))
	for i, b := range usdBuckets {
		bars[i].label = "USD " + b.label
	}
	other := map[string]int{}
	total := 0
	for _, site := range s.sites {
		seen := map[assess.PriceRef]bool{}
		for _, pr := range priceRefs(site) {
			k := assess.PriceRef{Amount: pr.Amount, AmountMax: pr.AmountMax, Currency: pr.Currency, Per: pr.Per}
			if seen[k] || (pr.Amount <= 0 && pr.AmountMax <= 0) {
				continue
			}
			seen[k] = true
			if pr.Currency != "USD" {
				other[pr.Currency]++
				continue
			}
			v := pr.Amount
			if v <= 0 {
				v = pr.AmountMax
			}
			for i, b := range usdBuckets {
				if v < b.below {
					bars[i].n++
					break
				}
			}
			total++
		}
	}
	note := "Only prices of cell treatments whose currency is US dollars are counted (" + plural(total, "price", "prices") + "); other prices on the sites (shops, other services, comparisons) never are."
	if len(other) > 0 {
		curs := make([]string, 0, len(other))
		for c := range other {
			curs = append(curs, c)
		}
		sort.Strings(curs)
		parts := make([]string, len(curs))
		for i, c := range curs {
			name := clip(c, 10)
			if c == "" {
				name = "currency not stated"
			}
			parts[i] = name + " " + strconv.Itoa(other[c])
		}
		note += " Not counted: " + strings.Join(parts, ", ") + "."
	}
	return bars, note
}

// flagTable counts sites and findings per flag.
func (s *summary) flagTable() {
	type count struct {
		id       string
		sev      assess.Severity
		sites    int
		findings int
	}
	by := map[string]*count{}
	for _, site := range s.sites {
		onSite := map[string]bool{}
		for _, f := range site.Findings {
			inFinding := map[string]bool{}
			for _, fl := range f.Flags {
				c := by[fl.ID]
				if c == nil {
					c = &count{id: fl.ID, sev: fl.Severity}
					by[fl.ID] = c
				}
				if fl.Severity.Rank() > c.sev.Rank() {
					c.sev = fl.Severity
				}
				if !inFinding[fl.ID] {
					inFinding[fl.ID] = true
					c.findings++
				}
				if !onSite[fl.ID] {
					onSite[fl.ID] = true
					c.sites++
				}
			}
		}
	}
	s.heading("Flags raised", true, 30)
	if len(by) == 0 {
		s.para("", 9, black, "No flags were raised.")
		s.space(4)
		return
	}
	list := make([]*count, 0, len(by))
	for _, c := range by {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.sev.Rank() != b.sev.Rank() {
			return a.sev.Rank() > b.sev.Rank()
		}
		if a.sites != b.sites {
			return a.sites > b.sites
		}
		return a.id < b.id
	})
	cols := []column{
		{"Flag", 58, "L"},
		{"Severity", 20, "L"},
		{"Sites", 14, "R"},
		{"Findings", 16, "R"},
		{"Meaning", contentW - 58 - 20 - 14 - 16, "L"},
	}
	rows := make([][]cell, len(list))
	for i, c := range list {
		name := []string{flagTitle(c.id)}
		if _, known := flagInfos[c.id]; known {
			name = append(name, c.id)
		}
		rows[i] = []cell{
			{paras: name},
			{severity: sevOrNone(c.sev)},
			{paras: []string{strconv.Itoa(c.sites)}},
			{paras: []string{strconv.Itoa(c.findings)}},
			{paras: []string{orDash(flagMeaning(c.id))}},
		}
	}
	s.table(cols, rows)
	s.space(5)
}

// siteTable lists every site, linked to its report.
func (s *summary) siteTable() {
	s.heading("All sites", true, 50)
	s.font("I", 7.5, textGrey)
	s.text(marginL, contentW, 3.6, "Sorted by the highest severity of each site's findings, then by name. Click a site to open its report (in the reports folder next to this file).", "")
	s.space(2)
	cols := []column{
		{"Site", 46, "L"},
		{"Highest severity", 21, "L"},
		{"Findings", 22, "L"},
		{"Conditions claimed", 43, "L"},
		{"Prices stated", 28, "L"},
		{"Pages", 14, "R"},
	}
	rows := make([][]cell, 0, len(s.sites))
	for _, site := range s.sites {
		name := cell{paras: []string{clip(siteName(site), 100)}, url: linkTarget("reports/"+s.files[site.Site.ID], true)}
		if id := clip(site.Site.ID, maxShort); id != siteName(site) {
			name.paras = append(name.paras, id)
		}
		sev := cell{severity: sevOrNone(site.Highest())}
		findings := cell{paras: []string{findingCounts(site.Findings)}}
		conds := cell{paras: []string{joinMore(offered(site, extract.KindCondition), 6)}}
		prices := cell{paras: []string{orDash(priceRange(site))}}
		if site.Unreachable != "" {
			sev = cell{paras: []string{"unreachable"}, style: "I"}
			findings = cell{paras: []string{"–"}}
			conds = cell{paras: []string{"–"}}
			prices = cell{paras: []string{"–"}}
		}
		rows = append(rows, []cell{name, sev, findings, conds, prices,
			{paras: []string{strconv.Itoa(site.Fetched)}}})
	}
	s.table(cols, rows)
	s.space(5)
}

// findingCounts writes "3 high, 1 medium" for a site's findings.
func findingCounts(fs []assess.Finding) string {
	c := countSeverity(fs)
	var parts []string
	for _, sev := range severities[:4] {
		if c[sev] > 0 {
			parts = append(parts, strconv.Itoa(c[sev])+" "+strings.ToLower(severityWord(sev)))
		}
	}
	if n := c[assess.None]; n > 0 {
		parts = append(parts, strconv.Itoa(n)+" without a flag")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// joinMore joins up to n items and says how many more there are.
func joinMore(items []string, n int) string {
	if len(items) == 0 {
		return "none found"
	}
	shown := clipAll(items, 60)
	if len(shown) > n {
		return strings.Join(shown[:n], "; ") + "; and " + strconv.Itoa(len(shown)-n) + " more"
	}
	return strings.Join(shown, "; ")
}

// unreachable lists the sites that could not be reached, with the reason.
func (s *summary) unreachable() {
	var rows [][]cell
	for _, site := range s.sites {
		if site.Unreachable == "" {
			continue
		}
		rows = append(rows, []cell{
			{paras: []string{clip(siteName(site), 100)}},
			{paras: []string{clip(site.Site.Seed, maxURL)}, url: linkTarget(site.Site.Seed, false)},
			{paras: []string{clip(site.Unreachable, maxLong)}},
		})
	}
	s.heading("Unreachable sites", true, 20)
	if len(rows) == 0 {
		s.para("", 9, black, "Every site was reached.")
		s.space(4)
		return
	}
	s.table([]column{{"Site", 50, "L"}, {"Seed URL", 64, "L"}, {"Reason", contentW - 114, "L"}}, rows)
	s.space(5)
}

// method: a short method note and the disclaimer.
func (s *summary) method() {
	s.heading("Method and limitations", true, 40)
	o := s.scan.Options
	robots := "honoured"
	if o.IgnoreRobots {
		robots = "ignored (--ignore-robots)"
	}
	s.field("Crawl limits", "up to "+strconv.Itoa(o.MaxPages)+" pages per site, link depth "+strconv.Itoa(o.MaxDepth)+
		", delay "+orDash(o.Delay)+" between requests to a host, timeout "+orDash(o.Timeout)+"; robots.txt "+robots, "")
	s.field("Seeds", strconv.Itoa(len(s.scan.Seeds)), "")
	s.field("Fetch errors", strconv.Itoa(s.scan.Totals.FetchErrors), "")
	s.field("PDFs and thin pages", summaryHidden(s.scan.Totals), "")
	s.space(1)
	s.para("", 8.5, black, "Each site's report explains how its findings were made, quotes the sentences behind "+
		"each finding with the page address and capture time, and lists what was not read. Extraction is "+
		"automatic and can miss or misread a claim; every finding should be checked against its quotes. "+
		"Prices whose currency the site does not state are not converted.")
	s.space(2)
	s.para("", 8.5, black, "This summary records what the sites said when they were captured and what the "+
		"published evidence in the evidence table shows. It is not medical or legal advice, and it does not "+
		"state that any person or organisation has acted unlawfully. Sites may have changed since they were captured.")
}

// maxChangeRows bounds the changes listed in the summary; changes.jsonl
// has them all.
const maxChangeRows = 80

// changeWords names change types for readers.
var changeWords = map[string]string{
	SiteNew: "New site", SiteVanished: "Site not scanned", SiteUnreachable: "Now unreachable", SiteReachable: "Reachable again",
	ConditionNew: "New condition", ConditionWithdrawn: "Condition withdrawn", PriceNew: "New price", PriceRemoved: "Price removed",
	PriceChanged: "Price changed", FlagNew: "New flag", FlagCleared: "Flag cleared",
}

// changes draws "Changes since the last scan" when the scan was compared
// with an earlier one.
func (s *summary) changes() {
	p := s.scan.Previous
	if p == nil {
		return
	}
	s.heading("Changes since the last scan", true, 40)
	s.para("", 9, black, "Compared with the scan started "+p.StartedAt+" ("+p.Dir+"). Sites are matched by host; "+
		"a condition counts when the site offers it, a flag when the assessment raised it. Every change is listed in changes.jsonl.")
	s.space(2)
	if len(s.scan.Changes) == 0 {
		s.para("", 9, black, "No changes.")
		s.space(4)
		return
	}
	var counts []string
	for _, t := range []string{FlagNew, FlagCleared, ConditionNew, ConditionWithdrawn, PriceChanged, PriceNew, PriceRemoved, SiteNew, SiteVanished, SiteUnreachable, SiteReachable} {
		if n := p.Changes[t]; n > 0 {
			counts = append(counts, changeWords[t]+": "+strconv.Itoa(n))
		}
	}
	s.para("B", 9, black, strings.Join(counts, " · "))
	s.space(2)
	names := map[string]string{}
	for _, site := range s.sites {
		names[site.Site.ID] = siteName(site)
	}
	var rows [][]cell
	for i, c := range s.scan.Changes {
		if i == maxChangeRows {
			break
		}
		name := names[c.Site]
		if name == "" {
			name = c.Name
		}
		if name == "" {
			name = c.Site
		}
		kind := cell{paras: []string{changeWords[c.Type]}}
		detail := c.Detail
		if c.Quote != nil && c.Quote.Sentence != "" {
			detail += " “" + clip(c.Quote.Sentence, maxShort) + "”"
		}
		rows = append(rows, []cell{{paras: []string{clip(name, 80)}}, kind, {paras: []string{clip(detail, maxLong)}}})
	}
	s.table([]column{{"Site", 44, "L"}, {"Change", 30, "L"}, {"What changed", contentW - 74, "L"}}, rows)
	if len(s.scan.Changes) > maxChangeRows {
		s.para("I", 8, textGrey, strconv.Itoa(len(s.scan.Changes)-maxChangeRows)+" more changes are listed in changes.jsonl.")
	}
	s.space(5)
}
