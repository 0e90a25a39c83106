package report

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
)

// severities lists the severities from highest to lowest.
var severities = []assess.Severity{assess.High, assess.Medium, assess.Low, assess.Info, assess.None}

// severityWord is the display word for a severity; it is always printed
// next to the severity colour, so a black-and-white print still reads.
func severityWord(s assess.Severity) string {
	switch s {
	case assess.High:
		return "High"
	case assess.Medium:
		return "Medium"
	case assess.Low:
		return "Low"
	case assess.Info:
		return "Info"
	case assess.None, "":
		return "None"
	}
	return clip(string(s), 20)
}

// statusWord describes an evidence status in plain words.
func statusWord(s assess.Status) string {
	switch s {
	case assess.Approved:
		return "approved"
	case assess.StandardOfCare:
		return "standard of care"
	case assess.Investigational:
		return "investigational (trials only)"
	case assess.NegativeTrials:
		return "negative trials"
	case assess.NoClinicalEvidence:
		return "no clinical evidence"
	case assess.HarmDocumented:
		return "harm documented"
	case assess.Unknown, "":
		return "unknown (no row in the evidence table)"
	}
	return clip(string(s), maxShort)
}

// flagInfo is how a report names a flag id: a short title and what it means,
// in neutral words.
type flagInfo struct{ title, meaning string }

var flagInfos = map[string]flagInfo{
	assess.FlagUnprovenPaid: {"Charges for an unproven use",
		"the site charges for a stem-cell treatment of a condition for which the evidence table records no approved or standard-of-care use of the cells offered"},
	assess.FlagHarmDocumented: {"Treatment with documented harm",
		"the site offers a treatment for which serious harm has been documented"},
	assess.FlagPayToParticipate: {"Paid participation in a study",
		"the site presents a paid treatment as a study or trial, or cites a registry number, while charging patients"},
	assess.FlagApprovalClaim: {"Approval claim",
		"the site states or implies a regulatory approval that the evidence table does not record"},
	assess.FlagCureClaim: {"Cure or success-rate claim",
		"the site makes cure, reversal or success-rate claims for a condition without such evidence"},
	assess.FlagSafetyClaim: {"Safety claim",
		"the site describes the treatment as free of risk or side effects"},
	assess.FlagOneCureForAll: {"One product for many conditions",
		"the site offers the same cell product for many unrelated conditions"},
	assess.FlagNotStemCells: {"Not stem cells",
		"the site sells PRP, exosomes, amniotic fluid or plant extracts as stem-cell therapy"},
	assess.FlagTestimonials: {"Relies on testimonials",
		"the site relies on patient testimonials as evidence"},
	assess.FlagMissingRiskDisclos: {"No risk disclosure",
		"no statement of risks or experimental status was found on the pages fetched"},
}

// flagPhrases describe each flag as a verb phrase with "the site" as its
// subject, for the headline verdict.
var flagPhrases = map[string]string{
	assess.FlagUnprovenPaid:       "charges for stem-cell treatments of conditions for which the evidence table records no approved or standard-of-care use",
	assess.FlagHarmDocumented:     "offers a treatment for which serious harm has been documented",
	assess.FlagPayToParticipate:   "charges patients to take part in what it presents as a study or trial",
	assess.FlagApprovalClaim:      "states or implies an approval that the evidence table does not record",
	assess.FlagCureClaim:          "makes cure or success-rate claims without such evidence",
	assess.FlagSafetyClaim:        "describes the treatment as free of risk or side effects",
	assess.FlagOneCureForAll:      "offers one cell product for many unrelated conditions",
	assess.FlagNotStemCells:       "sells products that are not stem cells as stem-cell therapy",
	assess.FlagTestimonials:       "relies on patient testimonials as evidence",
	assess.FlagMissingRiskDisclos: "states no risks or experimental status",
}

// joinAnd joins phrases as "a, b and c"; phrases are separated by
// semicolons when any contains a comma.
func joinAnd(p []string) string {
	sep := ", "
	for _, s := range p {
		if strings.Contains(s, ",") {
			sep = "; "
		}
	}
	switch len(p) {
	case 0:
		return ""
	case 1:
		return p[0]
	}
	return strings.Join(p[:len(p)-1], sep) + " and " + p[len(p)-1]
}

// flagTitle returns the display title of a flag id.
func flagTitle(id string) string {
	if fi, ok := flagInfos[id]; ok {
		return fi.title
	}
	return clip(id, 80)
}

// flagMeaning returns the neutral one-clause meaning of a flag id, or "".
func flagMeaning(id string) string { return flagInfos[id].meaning }

// plural returns "1 finding" or "3 findings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// countSeverity counts a site's findings by severity.
func countSeverity(fs []assess.Finding) map[assess.Severity]int {
	m := make(map[assess.Severity]int, len(severities))
	for _, f := range fs {
		s := f.Severity
		if s.Rank() == 0 {
			s = assess.None
		}
		m[s]++
	}
	return m
}

// headline is the neutral one-sentence verdict on page 1 of a site report.
func headline(site Site) string {
	if site.Unreachable != "" {
		return "The site could not be reached (" + clip(site.Unreachable, maxShort) + "); nothing on it was assessed."
	}
	c := countSeverity(site.Findings)
	if n := c[assess.High]; n > 0 {
		ids := flagIDs(site.Findings, assess.High)
		if len(ids) == 1 && flagMeaning(ids[0]) != "" {
			return plural(n, "finding", "findings") + " of high severity: " + flagMeaning(ids[0]) + "."
		}
		var phrases []string
		for _, id := range ids {
			if p := flagPhrases[id]; p != "" {
				phrases = append(phrases, p)
			}
		}
		if len(phrases) == 0 || len(phrases) > 4 {
			return plural(n, "finding", "findings") + " of high severity, raising " +
				plural(len(ids), "kind of flag", "kinds of flag") + " (listed below)."
		}
		return plural(n, "finding", "findings") + " of high severity: the site " + joinAnd(phrases) + "."
	}
	if n := c[assess.Medium]; n > 0 {
		return "No findings of high severity; " + plural(n, "finding", "findings") + " of medium severity."
	}
	if len(site.Findings) == 0 && site.Fetched == 0 && len(site.Pages) == 0 {
		return "No pages were fetched, so nothing was assessed."
	}
	return "No findings of high or medium severity."
}

// flagIDs lists the distinct flag ids at severity s among fs, most
// frequent first, then by id.
func flagIDs(fs []assess.Finding, s assess.Severity) []string {
	n := map[string]int{}
	for _, f := range fs {
		for _, fl := range f.Flags {
			if fl.Severity == s {
				n[fl.ID]++
			}
		}
	}
	ids := make([]string, 0, len(n))
	for id := range n {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if n[ids[i]] != n[ids[j]] {
			return n[ids[i]] > n[ids[j]]
		}
		return ids[i] < ids[j]
	})
	return ids
}

// flagSummary is one line of "what was found" on page 1: a flag id with
// its severity and how many findings raised it.
type flagSummary struct {
	id       string
	severity assess.Severity
	findings int
}

// summarizeFlags lists the distinct (flag, severity) pairs raised on a
// site, highest severity first, then most frequent, then by id.
func summarizeFlags(fs []assess.Finding) []flagSummary {
	type key struct {
		id string
		s  assess.Severity
	}
	n := map[key]int{}
	for _, f := range fs {
		seen := map[key]bool{}
		for _, fl := range f.Flags {
			k := key{fl.ID, fl.Severity}
			if !seen[k] {
				seen[k] = true
				n[k]++
			}
		}
	}
	out := make([]flagSummary, 0, len(n))
	for k, c := range n {
		out = append(out, flagSummary{k.id, k.s, c})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.severity.Rank() != b.severity.Rank() {
			return a.severity.Rank() > b.severity.Rank()
		}
		if a.findings != b.findings {
			return a.findings > b.findings
		}
		if a.id != b.id {
			return a.id < b.id
		}
		return a.severity < b.severity
	})
	return out
}

// formatAmount writes 12500 as "12,500" and 99.5 as "99.50".
func formatAmount(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	neg := v < 0
	v = math.Abs(v)
	whole := math.Floor(v)
	frac := v - whole
	s := strconv.FormatFloat(whole, 'f', 0, 64)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac >= 0.005 {
		fmt.Fprintf(&b, ".%02d", int(math.Round(frac*100))%100)
	}
	return b.String()
}

// formatPrice describes a price in a fixed form: "from USD 5,000–7,000 per
// injection". A price whose currency cannot be told says so.
func formatPrice(p assess.PriceRef) string {
	if p.Amount == 0 && p.AmountMax == 0 {
		if p.Text == "" {
			return ""
		}
		return clip(p.Text, maxShort)
	}
	var b strings.Builder
	if p.Qualifier != "" {
		b.WriteString(clip(p.Qualifier, 20) + " ")
	}
	if p.Currency != "" {
		b.WriteString(clip(p.Currency, 10) + " ")
	}
	b.WriteString(formatAmount(p.Amount))
	if p.AmountMax > p.Amount {
		b.WriteString("–" + formatAmount(p.AmountMax))
	}
	if p.Per != "" {
		b.WriteString(" per " + clip(p.Per, 40))
	}
	if p.Currency == "" {
		b.WriteString(" (currency not stated)")
	}
	return b.String()
}

// priceRefs returns the prices a site states: its non-negated price
// claims, or, when it has none, the prices its findings cite.
// priceRefs returns the prices attached to the site's findings: the prices
// of its cell treatments. Other money amounts on the site (shop, other
// services, comparisons) are Site.OtherPrices and never counted here.
func priceRefs(site Site) []assess.PriceRef {
	var out []assess.PriceRef
	seen := map[assess.PriceRef]bool{}
	for _, f := range site.Findings {
		for _, p := range f.Prices {
			// A price repeated on several pages is one price.
			k := assess.PriceRef{Text: p.Text, Amount: p.Amount, AmountMax: p.AmountMax, Currency: p.Currency, Per: p.Per, Qualifier: p.Qualifier}
			if !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// priceRange summarises the prices a site states, per currency:
// "USD 5,000–25,000 (4 prices); EUR 7,500". It returns "" when the site
// states no price.
func priceRange(site Site) string {
	type span struct {
		lo, hi float64
		n      int
	}
	by := map[string]*span{}
	for _, p := range priceRefs(site) {
		if p.Amount <= 0 && p.AmountMax <= 0 {
			continue
		}
		lo, hi := p.Amount, math.Max(p.Amount, p.AmountMax)
		if lo <= 0 {
			lo = hi
		}
		s := by[p.Currency]
		if s == nil {
			by[p.Currency] = &span{lo, hi, 1}
			continue
		}
		s.lo, s.hi, s.n = math.Min(s.lo, lo), math.Max(s.hi, hi), s.n+1
	}
	curs := make([]string, 0, len(by))
	for c := range by {
		curs = append(curs, c)
	}
	sort.Slice(curs, func(i, j int) bool {
		if (curs[i] == "") != (curs[j] == "") {
			return curs[j] == "" // unknown currency last
		}
		return curs[i] < curs[j]
	})
	parts := make([]string, 0, len(curs))
	for _, c := range curs {
		s := by[c]
		amt := formatAmount(s.lo)
		if s.hi > s.lo {
			amt += "–" + formatAmount(s.hi)
		}
		if c == "" {
			amt += " (currency not stated)"
		} else {
			amt = clip(c, 10) + " " + amt
		}
		if s.n > 1 {
			amt += " (" + strconv.Itoa(s.n) + " prices)"
		}
		parts = append(parts, amt)
	}
	return strings.Join(parts, "; ")
}

// labels maps claim ids of one kind to their display labels.
func labels(claims []extract.Claim, kind string) map[string]string {
	m := map[string]string{}
	for _, c := range claims {
		if c.Kind == kind && c.Label != "" {
			if _, ok := m[c.ID]; !ok {
				m[c.ID] = c.Label
			}
		}
	}
	return m
}

// offered returns the labels of the conditions (kind condition) or cell
// types (kind cell_type) that the assessment found the site offers: from
// its condition findings, so negated, educational and third-party mentions
// are left out. Labels come from the site's claims.
func offered(site Site, kind string) []string {
	label := map[string]string{}
	for _, c := range site.Claims {
		if c.Kind == kind && c.Label != "" {
			label[c.ID] = c.Label
		}
	}
	seen := map[string]bool{}
	var out []string
	add := func(id, l string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		if l == "" {
			l = label[id]
		}
		if l == "" {
			l = id
		}
		out = append(out, l)
	}
	for _, f := range site.Findings {
		if f.Condition == "" {
			continue
		}
		if kind == extract.KindCondition {
			add(f.Condition, f.ConditionLabel)
			continue
		}
		for _, id := range f.CellTypes {
			add(id, "")
		}
	}
	sort.Strings(out)
	return out
}

// dedupe removes adjacent duplicates from a sorted slice.
func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// cellTypeLabels returns the display labels of a finding's cell types.
func cellTypeLabels(ids []string, names map[string]string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if l, ok := names[id]; ok {
			out = append(out, l)
		} else {
			out = append(out, id)
		}
	}
	return out
}

// conditionLabel is how a finding's condition is shown; a site-wide
// finding is named after its first flag.
func conditionLabel(f assess.Finding) string {
	switch {
	case f.ConditionLabel != "":
		return f.ConditionLabel
	case f.Condition != "":
		return f.Condition
	case len(f.Flags) > 0:
		return "Site-wide: " + flagTitle(f.Flags[0].ID)
	}
	return "Site-wide"
}

// siteWide reports whether a finding concerns the site as a whole rather
// than one condition.
func siteWide(f assess.Finding) bool { return f.Condition == "" && f.ConditionLabel == "" }

// findingStatus is how a finding's evidence status is shown: a site-wide
// finding without a status has none to show.
func findingStatus(f assess.Finding) string {
	if siteWide(f) && (f.Status == "" || f.Status == assess.Unknown) {
		return "not applicable (site-wide finding)"
	}
	return statusWord(f.Status)
}

// fetchErrors counts a site's failed fetches by error class, robots
// exclusions left out, as "timeout 2, http_4xx 1".
func fetchErrors(pages []Page) string {
	n := map[string]int{}
	for _, p := range pages {
		if p.Error != "" && p.Error != crawler.ErrRobots && p.Kind == "" { // page requisites left out
			n[p.Error]++
		}
	}
	return byFrequency(n, func(c string, k int) string { return clip(c, 40) + " " + strconv.Itoa(k) }, ", ")
}

// byFrequency formats counts most frequent first (ties by key) and joins them.
func byFrequency(n map[string]int, format func(key string, count int) string, sep string) string {
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if n[keys[i]] != n[keys[j]] {
			return n[keys[i]] > n[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = format(k, n[k])
	}
	return strings.Join(parts, sep)
}

// robotsExcluded lists the URLs robots.txt kept the crawler from fetching.
func robotsExcluded(pages []Page) []string {
	var out []string
	for _, p := range pages {
		if p.Error == crawler.ErrRobots && p.Kind == "" {
			out = append(out, p.URL)
		}
	}
	sort.Strings(out)
	return dedupe(out)
}

// scanTime is the time a report is dated with: the scan's start, never the
// clock, so re-rendering gives the same bytes.
func scanTime(scan Scan) time.Time {
	switch {
	case !scan.StartedAt.IsZero():
		return scan.StartedAt.UTC()
	case !scan.FinishedAt.IsZero():
		return scan.FinishedAt.UTC()
	}
	return time.Unix(0, 0).UTC()
}

// formatTime shows a time in UTC to the minute, or "unknown".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// formatCaptured shows an RFC 3339 capture time in UTC, or the string as
// given when it does not parse.
func formatCaptured(s string) string {
	if s == "" {
		return "unknown"
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	return clip(s, 60)
}

var (
	doiRe  = regexp.MustCompile(`(?i)\b(10\.\d{4,9}/[^\s"<>]+)`)
	pmidRe = regexp.MustCompile(`(?i)\bPMID:?\s*(\d{1,9})\b`)
	urlRe  = regexp.MustCompile(`(?i)\bhttps?://[^\s"<>]+`)
)

// citationLink returns the web address a citation points to: its DOI as an
// https://doi.org/ link, else its first URL, else its PMID on PubMed, else "".
func citationLink(c string) string {
	if m := doiRe.FindStringSubmatch(c); m != nil {
		return "https://doi.org/" + strings.TrimRight(m[1], ".,;:)]")
	}
	if m := urlRe.FindString(c); m != "" {
		return strings.TrimRight(m, ".,;:)]")
	}
	if m := pmidRe.FindStringSubmatch(c); m != nil {
		return "https://pubmed.ncbi.nlm.nih.gov/" + m[1] + "/"
	}
	return ""
}

// linkTarget makes a URL safe to use as a PDF link target: only http and
// https (and, with relative, a relative file path) are allowed, and every
// byte outside printable ASCII is percent-encoded. It returns "" for
// anything else, so a hostile site cannot plant a javascript: or file: link.
func linkTarget(u string, relative bool) string {
	u = strings.TrimSpace(u)
	if len(u) > 4096 {
		return ""
	}
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		if !relative || strings.Contains(u, ":") {
			return ""
		}
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// otherPricesLine lists up to n of the site's other prices with why each
// was kept apart: "USD 79 (a product in the site's shop); ...".
func otherPricesLine(ps []assess.PriceRef, n int) string {
	var parts []string
	for i, p := range ps {
		if i == n {
			parts = append(parts, plural(len(ps)-n, "more", "more"))
			break
		}
		t := formatPrice(p)
		if t == "" {
			t = clip(p.Text, maxShort)
		}
		if p.Why != "" {
			t += " (" + clip(p.Why, maxShort) + ")"
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, "; ")
}
