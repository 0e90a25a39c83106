package assess

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/clinicaudit/clinicaudit/extract"
)

// Assessor assesses sites against an evidence table. It is safe for
// concurrent use.
type Assessor struct {
	Table *Table
	Vocab *extract.Vocabulary
}

// siteFacts is what a whole site says, joined across its pages, with the
// context the offer model reads: which sentences name a cell product,
// which pages and sections are about the cell treatment, and which lines
// are menus and footers repeated on many pages.
type siteFacts struct {
	site       string
	pages      map[string]bool
	conds      map[string][]extract.Claim // non-negated condition mentions, by id
	condOrder  []string
	cells      []extract.Claim // cell products named where the site sells (not bios, shops, ...)
	allCells   []extract.Claim // every non-negated cell-type mention
	prices     []extract.Claim
	cues       map[string][]extract.Claim
	neg        map[string][]extract.Claim // negated cues
	bySentence map[string][]extract.Claim // url + sentence -> claims
	routes     map[string]map[string]bool // url -> routes described on that page
	risky      map[string]bool            // sentences that list harms

	boiler         map[string]bool // sentences repeated on many pages (menus, footers)
	cellInSentence map[string]bool // sentKey -> a cell product is named there
	cellPage       map[string]bool // url -> the page's subject is the cell treatment
	pageCells      map[string]int  // url -> cell product mentions outside menus and footers
	sectionCells   map[string]bool // url + heading -> the section names a cell product
	deniedOnPage   map[string]bool // url + condition id -> the page says it does not offer it
	tied           map[string]tie  // memoised tiedToCells
	vocab          *extract.Vocabulary
	multiService   map[string]bool // url -> the page prices another service too
	comparePage    map[string]bool // url -> the page compares the cell treatment with alternatives

	offers     map[string]*offer
	offerOrder []string
	attached   map[string]string // price claim key -> why it is the treatment's price
}

// Assessment is what assess says of one site: its findings, highest
// severity first, and the prices on the site that are not the price of a
// cell treatment, each with the reason it was kept apart.
type Assessment struct {
	Findings    []Finding
	OtherPrices []PriceRef
}

// Site assesses one site's claims (from all its pages) and returns its
// findings, highest severity first.
func (a *Assessor) Site(site string, claims []extract.Claim) []Finding {
	return a.Assess(site, claims).Findings
}

// Assess assesses one site's claims. Offers come first: a condition is
// assessed only where the site gives positive evidence that it offers a
// cell treatment for it (Evidence), and a price is attached only where it
// belongs to the cell treatment.
func (a *Assessor) Assess(site string, claims []extract.Claim) Assessment {
	f := gather(site, claims, a.Vocab)
	var out []Finding
	var unproven []Finding
	for _, id := range f.offerOrder {
		fd := a.conditionFinding(f, id)
		if !fd.Status.Proven() {
			unproven = append(unproven, fd)
		}
		out = append(out, fd)
	}
	if len(f.offerOrder) == 0 {
		out = append(out, a.paidNoCondition(f)...)
	}
	out = append(out, a.siteWide(f, unproven)...)
	for i := range out {
		out[i].Severity = highest(out[i].Flags)
	}
	sortFindings(out)
	return Assessment{Findings: out, OtherPrices: f.otherPrices()}
}

func sentKey(c extract.Claim) string { return c.URL + "\x00" + c.Sentence }

var (
	// educationRe marks a mention that explains or refers rather than offers:
	// "What is multiple sclerosis?", "we refer eligible patients to trials".
	// It also covers warnings about what other businesses sell: "Some
	// businesses sell injections ... for autism".
	educationRe = regexp.MustCompile(`(?i)^(what|who|how|why) (is|are|causes)\b|^¿?\s*(qu[eé]|c[oó]mo|por qu[eé]) (es|son|causa)\b|\b(refer|referral|referrals|remitimos|canalizamos)\b|\b(some|other|many|these|unproven|unlicensed|for-profit) (clinics|businesses|companies|providers|websites)\b|\bbeware\b|\bwarning signs?\b|\bred flags?\b|\bbe (cautious|careful|wary)\b|\b(any|a|the) (clinic|business|provider|company) that (offers|sells|claims|promises|advertises)\b|\b(clinics|businesses|providers|companies) that (offer|sell|claim|promise|advertise)\b|\bavoid (clinics|businesses|providers)\b|\bif a (clinic|provider|business)\b|\b(algunas|otras|muchas) (cl[ií]nicas|empresas)\b`)
	routeRes    = map[string]*regexp.Regexp{
		"intravitreal":    regexp.MustCompile(`(?i)\b(intra-?vitreal|intra-?ocular|into the eyes?|eye injections?|inyecci[oó]n intrav[ií]trea|intraocular)\b`),
		"intrathecal":     regexp.MustCompile(`(?i)\b(intra-?thecal|spinal tap|lumbar puncture|into the spinal fluid|punci[oó]n lumbar)\b`),
		"intravenous":     regexp.MustCompile(`(?i)\b(intra-?venous|iv (infusion|drip|therapy)|infusi[oó]n intravenosa|v[ií]a intravenosa)\b`),
		"intra-articular": regexp.MustCompile(`(?i)\b(intra-?articular|into the joint|joint injections?|intraarticular)\b`),
	}
	// enrolmentRe marks trial cues that present the paid service as a study.
	enrolmentRe = regexp.MustCompile(`(?i)nct ?\d|clinicaltrials|patient[- ]funded|irb|study (fee|participation|enrol)|registered (study|trial|protocol)|protocolo|investigaci[oó]n|research (study|protocol)|observational`)
)

// riskTextRe matches risk cues that list harms ("risks include", "side
// effects", "complications").
var riskTextRe = regexp.MustCompile(`(?i)\b(risks?|side effects|complications|adverse|riesgos?|efectos|complicaciones)\b`)

// riskHeadingRe matches headings of risk sections.
var riskHeadingRe = regexp.MustCompile(`(?i)\b(risks?|side effects|complications|adverse effects|riesgos?|efectos secundarios|efectos adversos|complicaciones)\b`)

// namedAsRisk reports whether a condition is named as a harm of the
// treatment ("Risks include infection and graft-versus-host disease"), not
// as something the site treats: under a risks heading, or in a sentence
// that states risks (riskSentences, keyed by sentKey).
func namedAsRisk(c extract.Claim, riskSentences map[string]bool) bool {
	return riskHeading.match(c.Lang, c.Heading) || riskSentences[sentKey(c)]
}

// riskSentences returns the sentences (by sentKey) that list harms.
func riskSentences(claims []extract.Claim) map[string]bool {
	out := map[string]bool{}
	for _, o := range claims {
		if o.Kind == extract.KindCue && o.ID == extract.CueRisk && !o.Negated && riskText.match(o.Lang, o.Text) {
			out[sentKey(o)] = true
		}
	}
	return out
}

func educational(c extract.Claim) bool {
	// A question ("Do you treat cancer?", "¿Tratan el cáncer?") asks; the
	// answer, elsewhere on the page, is what the site claims.
	if q := strings.TrimSpace(c.Sentence); strings.HasSuffix(q, "?") && c.Kind == extract.KindCondition {
		return true
	}
	return education.match(c.Lang, strings.TrimSpace(c.Sentence)) || education.match(c.Lang, strings.TrimSpace(c.Heading)) && strings.HasSuffix(strings.TrimSpace(c.Heading), "?")
}

// boilerMinPages is how many pages a sentence must repeat on to count as
// a menu or footer line.
const boilerMinPages = 3

func gather(site string, claims []extract.Claim, v *extract.Vocabulary) *siteFacts {
	f := &siteFacts{site: site, pages: map[string]bool{}, conds: map[string][]extract.Claim{}, cues: map[string][]extract.Claim{},
		neg: map[string][]extract.Claim{}, bySentence: map[string][]extract.Claim{}, routes: map[string]map[string]bool{},
		boiler: map[string]bool{}, deniedOnPage: map[string]bool{}, tied: map[string]tie{}, cellInSentence: map[string]bool{}, cellPage: map[string]bool{}, pageCells: map[string]int{},
		sectionCells: map[string]bool{}, offers: map[string]*offer{}, attached: map[string]string{}}
	f.risky = riskSentences(claims)
	// Menus and footers: the same sentence on several pages.
	pagesOf := map[string]map[string]bool{}
	for _, c := range claims {
		f.pages[c.URL] = true
		if pagesOf[c.Sentence] == nil {
			pagesOf[c.Sentence] = map[string]bool{}
		}
		pagesOf[c.Sentence][c.URL] = true
	}
	minPages := max(boilerMinPages, len(f.pages)/3)
	for s, ps := range pagesOf {
		if len(ps) >= minPages {
			f.boiler[s] = true
		}
	}
	sentenceOf := map[string][]extract.Claim{}
	for _, c := range claims {
		sentenceOf[sentKey(c)] = append(sentenceOf[sentKey(c)], c)
	}
	seenSent := map[string]bool{}
	for _, c := range claims {
		if !seenSent[sentKey(c)] {
			seenSent[sentKey(c)] = true
			for r, re := range routeRes {
				if (langRe{re, routePack[r]}).match(c.Lang, c.Sentence) {
					if f.routes[c.URL] == nil {
						f.routes[c.URL] = map[string]bool{}
					}
					f.routes[c.URL][r] = true
				}
			}
		}
		if c.Negated {
			switch c.Kind {
			case extract.KindCue:
				f.neg[c.ID] = append(f.neg[c.ID], c)
			case extract.KindCondition:
				f.deniedOnPage[c.URL+"\x00"+c.ID] = true
			}
			continue
		}
		f.bySentence[sentKey(c)] = append(f.bySentence[sentKey(c)], c)
		switch c.Kind {
		case extract.KindCondition:
			if currencySpan(c, sentenceOf[sentKey(c)]) {
				continue // "CHF 6'900": the Swiss franc, not congestive heart failure
			}
			if _, ok := f.conds[c.ID]; !ok {
				f.condOrder = append(f.condOrder, c.ID)
			}
			f.conds[c.ID] = append(f.conds[c.ID], c)
		case extract.KindCellType:
			f.allCells = append(f.allCells, c)
			if !isCellProduct(c) && !(c.ID == "prp" && soldWithCells(c, sentenceOf[sentKey(c)])) {
				continue
			}
			f.cellInSentence[sentKey(c)] = true
			if c.Subject {
				f.cellPage[c.URL] = true
			}
			if !f.boiler[c.Sentence] {
				f.pageCells[c.URL]++
				f.sectionCells[secKey(c)] = true
			}
		case extract.KindPrice:
			f.prices = append(f.prices, c)
		case extract.KindCue:
			f.cues[c.ID] = append(f.cues[c.ID], c)
		}
	}
	// A pricing page that names other services prices them too; a page
	// that compares the cell treatment with alternatives prices those.
	multi, compares := map[string]bool{}, map[string]bool{}
	for _, c := range claims {
		if c.Kind == extract.KindPrice && !f.cellInSentence[sentKey(c)] && otherService.match(c.Lang, fold(c.Sentence)) {
			multi[c.URL] = true
		}
		if c.Subject && comparison.match(c.Lang, c.Sentence) {
			compares[c.URL] = true
		}
	}
	f.multiService, f.comparePage = multi, compares
	// A treatment or condition page that names a cell product again and
	// again is about it even when its title does not say so.
	for _, c := range f.allCells {
		if f.pageCells[c.URL] >= 2 && (c.PageRole == extract.RoleTreatment || c.PageRole == extract.RoleCondition) {
			f.cellPage[c.URL] = true
		}
	}
	// Cell products named where the site sells them.
	for _, c := range f.allCells {
		if !f.cellInSentence[sentKey(c)] || offerRoleExcluded(c.PageRole) || c.ID == "prp" && !isCellProduct(c) && !soldWithCells(c, sentenceOf[sentKey(c)]) {
			continue
		}
		if c.PageRole == extract.RoleArticle && !voice.match(c.Lang, c.Sentence) {
			continue
		}
		f.cells = append(f.cells, c)
	}
	// Offers: the mentions with positive evidence.
	for _, id := range f.condOrder {
		for _, m := range f.conds[id] {
			ev, ok := f.offerEvidence(m)
			if !ok {
				continue
			}
			o := f.offers[id]
			if o == nil {
				o = &offer{condition: id}
				f.offers[id] = o
				f.offerOrder = append(f.offerOrder, id)
			}
			o.mentions = append(o.mentions, m)
			if len(o.evidence) < 3 {
				o.evidence = append(o.evidence, ev)
			}
		}
	}
	f.vocab = v
	f.subsumeClassOffers(v)
	// Prices that belong to the cell treatment.
	for _, p := range f.prices {
		if why, ok := f.priceBelongsTo(p); ok {
			f.attached[priceKey(p)] = why
		}
	}
	return f
}

func priceKey(p extract.Claim) string { return p.URL + "\x00" + p.Sentence + "\x00" + p.Text }

// otherPrices returns the site's prices not attached to its cell
// treatment, once each, with why they were kept apart.
func (f *siteFacts) otherPrices() []PriceRef {
	out := []PriceRef{}
	seen := map[string]bool{}
	if len(f.offerOrder)+len(f.cells) > 0 {
		// A treatment price repeated on another page is still the treatment's.
		for _, p := range f.attachedClaims() {
			if p.Price != nil {
				seen[fmt.Sprint(p.Amount, p.AmountMax, p.Currency)] = true
			}
		}
	}
	for _, p := range f.prices {
		if p.Price == nil {
			continue
		}
		if _, ok := f.attached[priceKey(p)]; ok && len(f.offerOrder)+len(f.cells) > 0 {
			continue
		}
		if seen[fmt.Sprint(p.Amount, p.AmountMax, p.Currency)] {
			continue
		}
		k := fmt.Sprint(p.Text, p.Amount, p.Currency, p.Per)
		if seen[k] {
			continue
		}
		seen[k] = true
		why, _ := f.priceBelongsTo(p)
		if _, ok := f.attached[priceKey(p)]; ok {
			why = "no cell treatment offer was found to attach it to"
		}
		out = append(out, priceRef(p, why))
	}
	return out
}

func priceRef(p extract.Claim, why string) PriceRef {
	return PriceRef{Text: p.Text, Amount: p.Amount, AmountMax: p.AmountMax, Currency: p.Currency,
		Per: p.Per, Qualifier: p.Qualifier, URL: p.URL, Why: why}
}

// cellsFor returns the cell types offered for a condition: those named in
// the same sentences as its offer evidence, else in the same sections,
// else on the same pages, else anywhere the site sells. The generic "stem
// cells" is dropped when a specific class is known.
func (f *siteFacts) cellsFor(mentions []extract.Claim) []extract.Claim {
	sents, secs, pages := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, m := range mentions {
		sents[sentKey(m)] = true
		secs[secKey(m)] = true
		pages[m.URL] = true
	}
	pick := func(keep func(extract.Claim) bool) []extract.Claim {
		var out []extract.Claim
		for _, c := range f.cells {
			if keep(c) {
				out = append(out, c)
			}
		}
		return out
	}
	cells := pick(func(c extract.Claim) bool { return sents[sentKey(c)] })
	if len(cells) == 0 {
		cells = pick(func(c extract.Claim) bool { return secs[secKey(c)] && !f.boiler[c.Sentence] })
	}
	if len(cells) == 0 {
		cells = pick(func(c extract.Claim) bool { return pages[c.URL] && !f.boiler[c.Sentence] })
	}
	if len(cells) == 0 {
		cells = f.cells
	}
	specific := false
	for _, c := range cells {
		if c.ID != "unspecified" {
			specific = true
		}
	}
	if specific {
		var out []extract.Claim
		for _, c := range cells {
			if c.ID != "unspecified" {
				out = append(out, c)
			}
		}
		cells = out
	}
	return cells
}

// statusRank orders statuses for choosing the one a finding reports: the
// least supported use the site offers decides.
func statusRank(s Status) int {
	switch s {
	case HarmDocumented:
		return 6
	case NoClinicalEvidence:
		return 5
	case NegativeTrials:
		return 4
	case Investigational:
		return 3
	case Unknown:
		return 2
	case StandardOfCare:
		return 1
	}
	return 0
}

func (a *Assessor) conditionFinding(f *siteFacts, id string) Finding {
	o := f.offers[id]
	mentions := o.mentions
	label := id
	if c, ok := a.Vocab.Condition(id); ok {
		label = c.Label
	}
	fd := Finding{Site: f.site, Condition: id, ConditionLabel: label, Flags: []Flag{}, Citations: []string{},
		OfferEvidence: append([]Evidence(nil), o.evidence...)}
	cells := f.cellsFor(mentions)
	cellIDs := uniq(cells, func(c extract.Claim) string { return c.ID })
	if len(cellIDs) == 0 {
		cellIDs = []string{"unspecified"}
	}
	fd.CellTypes = cellIDs
	route := ""
	for _, m := range mentions {
		for r := range f.routes[m.URL] {
			if route == "" || r < route {
				route = r
			}
		}
	}
	fd.Status = Unknown
	var row Row
	var rowCell string
	found := false
	for _, cell := range cellIDs {
		r, ok := a.Table.Lookup(id, cell, route, "")
		if !ok && route != "" {
			r, ok = a.Table.Lookup(id, cell, "", "")
		}
		st := Unknown
		if ok {
			st = r.Status
		}
		if !found || statusRank(st) > statusRank(fd.Status) {
			fd.Status, found, rowCell = st, true, cell
			if ok {
				row = r
			} else {
				row = Row{}
			}
		}
	}
	if row.Summary != "" {
		fd.EvidenceSummary = row.Summary
		fd.Citations = append(fd.Citations, row.Citations...)
	} else {
		fd.EvidenceSummary = fmt.Sprintf("The evidence table has no row for %s treated with %s.", label, a.cellLabel(rowCell))
	}
	fd.Prices = f.pricesFor(mentions)
	fd.Quotes = []Quote{}
	addQuotes(&fd, mentions, 3)
	addQuotes(&fd, cellsOf(cells, rowCell), 1)

	if fd.Status.Proven() {
		return fd
	}
	offer := fmt.Sprintf("The site offers %s for %s", a.cellLabel(rowCell), lowerFirst(label))
	if fd.Status == HarmDocumented {
		fd.Flags = append(fd.Flags, Flag{ID: FlagHarmDocumented, Severity: High,
			Reason: fmt.Sprintf("%s %s%s.", row.Summary, offer, routePhrase(route))})
	}
	if kind, support := f.charge(fd.Prices); kind != chargeNone {
		sev := High
		if fd.Status == Unknown {
			sev = Medium
		}
		fd.Flags = append(fd.Flags, Flag{ID: FlagUnprovenPaid, Severity: sev,
			Reason: strings.TrimSpace(fmt.Sprintf("%s %s (%s) and %s.", row.Summary, offer, EvidencePhrase(o.evidence[0]), chargePhrase(kind, fd.Prices, support)))})
		if len(fd.Prices) > 0 {
			addPriceQuotes(&fd, f.prices, fd.Prices, 2)
		} else {
			addQuotes(&fd, support, 2)
		}
	}
	var cures []extract.Claim
	for _, m := range mentions {
		for _, c := range f.bySentence[sentKey(m)] {
			if c.Kind == extract.KindCue && (c.ID == extract.CueCure || c.ID == extract.CueSuccessRate) {
				cures = append(cures, c)
			}
		}
	}
	if len(cures) > 0 {
		fd.Flags = append(fd.Flags, Flag{ID: FlagCureClaim, Severity: Medium,
			Reason: fmt.Sprintf("The site makes a %s claim (%q) for %s, for which the evidence status is %s.",
				cueNoun(cures[0].ID), cures[0].Text, label, fd.Status)})
		addQuotes(&fd, cures, 2)
	}
	return fd
}

func routePhrase(route string) string {
	if route == "" {
		return ""
	}
	return " by " + route + " injection"
}

func cueNoun(id string) string {
	if id == extract.CueSuccessRate {
		return "success-rate"
	}
	return "cure or regeneration"
}

func (a *Assessor) cellLabel(id string) string {
	if id == "unspecified" || id == "" {
		return "stem cells"
	}
	if c, ok := a.Vocab.CellType(id); ok {
		return c.Label
	}
	return id
}

func cellsOf(cells []extract.Claim, id string) []extract.Claim {
	var out []extract.Claim
	for _, c := range cells {
		if c.ID == id {
			out = append(out, c)
		}
	}
	return out
}

// pricesFor returns the prices that belong to the cell treatment offered
// for a condition (see priceBelongsTo), each with why it applies: those
// that name the condition, else those on the pages of its offer evidence,
// else the site's other treatment prices (a pricing page applies to the
// conditions listed elsewhere). nil mentions means the whole site.
func (f *siteFacts) pricesFor(mentions []extract.Claim) []PriceRef {
	pages := map[string]bool{}
	cond := ""
	for _, m := range mentions {
		pages[m.URL] = true
		cond = m.ID
	}
	var naming, same, all []extract.Claim
	for _, p := range f.prices {
		if _, ok := f.attached[priceKey(p)]; !ok {
			continue
		}
		if cond != "" && !f.perFits(p, cond) {
			continue // "€ 3 900 per eye" is not the price of a stroke treatment
		}
		if part := conditionPart[cond]; part != "" {
			if named := extract.BodyParts(p.Sentence, p.Lang); len(named) > 0 && !named[part] {
				continue // "Stammzelltherapie Hüfte | CHF 7'900" is not the price of the knee treatment
			}
		}
		names, other := false, false
		for _, o := range f.bySentence[sentKey(p)] {
			if o.Kind == extract.KindCondition && f.offers[o.ID] != nil {
				if o.ID == cond {
					names = true
				} else {
					other = true
				}
			}
		}
		switch {
		case names:
			naming = append(naming, p)
		case other:
			continue // the price of the treatment of another condition
		case pages[p.URL]:
			same = append(same, p)
		default:
			all = append(all, p)
		}
	}
	// Prices that name the condition apply to it; so do the treatment's
	// general prices (those of its pages, else the site's).
	general := same
	if len(general) == 0 {
		general = all
	}
	sel := append(naming, general...)
	out := []PriceRef{}
	seen := map[string]bool{}
	for _, p := range sel {
		k := p.Text + "\x00" + p.Per
		if seen[k] || p.Price == nil {
			continue
		}
		seen[k] = true
		out = append(out, priceRef(p, f.attached[priceKey(p)]))
	}
	return out
}

func addQuotes(fd *Finding, claims []extract.Claim, n int) {
	have := map[string]bool{}
	for _, q := range fd.Quotes {
		have[q.URL+"\x00"+q.Sentence] = true
	}
	added := 0
	for _, c := range claims {
		if added == n {
			return
		}
		k := sentKey(c)
		if have[k] {
			continue
		}
		have[k] = true
		fd.Quotes = append(fd.Quotes, Quote{URL: c.URL, Sentence: c.Sentence, CapturedAt: c.CapturedAt, WARCRecordID: c.WARCRecordID, PageRole: c.PageRole, PDFPage: c.PDFPage})
		added++
	}
}

func addPriceQuotes(fd *Finding, prices []extract.Claim, refs []PriceRef, n int) {
	want := map[string]bool{}
	for _, r := range refs {
		want[r.URL+"\x00"+r.Text] = true
	}
	var sel []extract.Claim
	for _, p := range prices {
		if want[p.URL+"\x00"+p.Text] {
			sel = append(sel, p)
		}
	}
	addQuotes(fd, sel, n)
}

func uniq(cs []extract.Claim, key func(extract.Claim) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		if k := key(c); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func highest(flags []Flag) Severity {
	best := None
	for _, f := range flags {
		if f.Severity.Rank() > best.Rank() {
			best = f.Severity
		}
	}
	return best
}

// lowerFirst lower-cases a label's first letter for use inside a sentence,
// unless the label starts with an abbreviation ("COPD", "ALS").
func lowerFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	if len(s) < 2 || s[1] >= 'A' && s[1] <= 'Z' || strings.ContainsAny(first, "'’") {
		return s // "COPD", "Peyronie's disease"
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// classConditions are condition ids that name a class of diseases ("lung
// diseases"); a site that also offers a condition of the class by name
// ("COPD") gets a finding for that one only.
var classConditions = map[string]bool{"autoimmune-disease": true, "lung-disease": true, "neurological-disease": true}

// subsumeClassOffers drops class-level offers when a named condition of the
// same category is offered too.
func (f *siteFacts) subsumeClassOffers(v *extract.Vocabulary) {
	if v == nil {
		return
	}
	named := map[string]bool{}
	for _, id := range f.offerOrder {
		if c, ok := v.Condition(id); ok && !classConditions[id] {
			named[c.Category] = true
		}
	}
	keep := f.offerOrder[:0]
	for _, id := range f.offerOrder {
		if c, ok := v.Condition(id); ok && classConditions[id] && named[c.Category] {
			delete(f.offers, id)
			continue
		}
		keep = append(keep, id)
	}
	f.offerOrder = keep
}

// perBody maps price units that name a part of the body to the condition
// categories they can be the price of.
var perBody = map[string]map[string]bool{
	"eye":   {"eye": true},
	"knee":  {"orthopaedic": true, "pain": true},
	"joint": {"orthopaedic": true, "pain": true},
}

// conditionPart maps the conditions of one body part to it (see
// extract.BodyParts).
var conditionPart = map[string]string{"knee-osteoarthritis": "knee", "hip-osteoarthritis": "hip",
	"shoulder-osteoarthritis": "shoulder", "tendon-injury": "tendon"}

// perFits reports whether a price's unit can apply to a condition: a price
// "per eye" applies to eye conditions only, "per knee" or "per joint" to
// joint and pain conditions.
func (f *siteFacts) perFits(p extract.Claim, cond string) bool {
	cats, ok := perBody[p.Per]
	if !ok || f.vocab == nil || p.Price == nil {
		return true
	}
	c, ok := f.vocab.Condition(cond)
	return !ok || cats[c.Category]
}
