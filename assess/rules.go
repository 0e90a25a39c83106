package assess

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/clinicaudit/clinicaudit/extract"
)

// Sources cited by the site-wide rules.
const (
	citeFDAConsumer = "https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/important-patient-and-consumer-information-about-regenerative-medicine-therapies"
	citeISSCR       = "https://www.closerlookatstemcells.org/"
	citeMurdoch     = "https://pmc.ncbi.nlm.nih.gov/articles/PMC5855243"
	citeChavez      = "https://stemcellres.biomedcentral.com/articles/10.1186/s13287-021-02254-4"
	citePew         = "https://www.pewtrusts.org/en/research-and-analysis/issue-briefs/2021/06/harms-linked-to-unapproved-stem-cell-interventions-highlight-need-for-greater-fda-enforcement"
)

// siteRule is one site-wide rule: it returns the flag and the claims that
// support it, or ok == false when it does not apply. unproven holds the
// site's condition findings whose status is not approved or standard of
// care; every site-wide rule needs at least one, so that a transplant
// centre or a free registered trial is never flagged for its wording.
type siteRule struct {
	id       string
	label    string
	summary  string // the authority statement the flag rests on
	cites    []string
	evaluate func(a *Assessor, f *siteFacts, unproven []Finding) (Flag, []extract.Claim, bool)
}

var siteRules = []siteRule{
	{FlagApprovalClaim, "Approval or registration claim",
		"FDA: the only FDA-approved stem-cell products are blood-forming stem cells for disorders of blood production (plus a few named products); registration of a firm or listing on ClinicalTrials.gov is not approval. Of 13 Tijuana stem-cell clinics that claimed licensing, 1 matched licensing records (Chavez et al. 2021).",
		[]string{citeFDAConsumer, citeChavez}, ruleApproval},
	{FlagPayToParticipate, "Paid treatment presented as a study",
		"FDA: patients are referred to ClinicalTrials.gov or told a product is registered with the FDA to suggest compliance; a listed study that charges patients is not evidence that the treatment works.",
		[]string{citeFDAConsumer}, rulePayToParticipate},
	{FlagSafetyClaim, "Safety claim",
		"Harms reported after unapproved stem-cell treatments include blindness, tumour formation and infections (FDA); Pew counted 360 patients with adverse events reported from 2004 to 2020.",
		[]string{citeFDAConsumer, citePew}, ruleSafety},
	{FlagOneCureForAll, "One product for many unrelated conditions",
		"ISSCR: the same cell treatment is unlikely to work for many different diseases; a clinic offering one product for many conditions is a warning sign.",
		[]string{citeISSCR}, ruleOneCureForAll},
	{FlagNotStemCells, "Product sold as stem cells is not a stem-cell product",
		"PRP, exosomes, amniotic or placental products and plant extracts are not stem-cell therapies; the FDA lists amniotic fluid and exosome products among unapproved products.",
		[]string{citeFDAConsumer}, ruleNotStemCells},
	{FlagCureClaim, "Cure or success-rate claim",
		"No stem-cell treatment is approved for the conditions this site offers (see the condition findings); claims of cure, regeneration or success rates are not supported by the trials cited there.",
		[]string{citeFDAConsumer}, ruleCureSiteWide},
	{FlagTestimonials, "Reliance on patient testimonials",
		"ISSCR lists claims based on patient testimonials as a warning sign: testimonials are not evidence that a treatment works.",
		[]string{citeISSCR}, ruleTestimonials},
	{FlagMissingRiskDisclos, "No risk or experimental-status statement",
		"A careful site states risks and that the treatment is experimental; in an audit of 243 clinic websites, 24.7% disclosed general risks and 33.3% said the treatment was experimental (Murdoch et al. 2018).",
		[]string{citeMurdoch}, ruleMissingRisk},
}

func (a *Assessor) siteWide(f *siteFacts, unproven []Finding) []Finding {
	if len(unproven) == 0 {
		return nil
	}
	worst := unproven[0].Status
	for _, u := range unproven {
		if statusRank(u.Status) > statusRank(worst) {
			worst = u.Status
		}
	}
	var out []Finding
	for _, r := range siteRules {
		flag, support, ok := r.evaluate(a, f, unproven)
		if !ok {
			continue
		}
		flag.ID = r.id
		fd := Finding{Site: f.site, ConditionLabel: "Site-wide: " + r.label, CellTypes: siteCells(f), Prices: f.pricesFor(nil),
			Status: worst, EvidenceSummary: r.summary, Citations: append([]string(nil), r.cites...), Flags: []Flag{flag}, Quotes: []Quote{}}
		addQuotes(&fd, support, 4)
		out = append(out, fd)
	}
	return out
}

func siteCells(f *siteFacts) []string {
	ids := uniq(f.cells, func(c extract.Claim) string { return c.ID })
	if ids == nil {
		ids = []string{}
	}
	return ids
}

func quoted(cs []extract.Claim, n int) string {
	var parts []string
	seen := map[string]bool{}
	for _, c := range cs {
		t := strings.ToLower(c.Text)
		if seen[t] {
			continue
		}
		seen[t] = true
		parts = append(parts, fmt.Sprintf("“%s”", c.Text))
		if len(parts) == n {
			break
		}
	}
	return strings.Join(parts, ", ")
}

// ruleApproval: the site says or implies regulatory approval, registration
// or exemption while offering uses that have none.
func ruleApproval(a *Assessor, f *siteFacts, _ []Finding) (Flag, []extract.Claim, bool) {
	cs := f.tiedCues(extract.CueApproval, extract.CueRegistered)
	if len(cs) == 0 {
		return Flag{}, nil, false
	}
	return Flag{Severity: High, Reason: fmt.Sprintf("The site says %s. No regulator has approved a stem-cell treatment for the conditions it offers that lack an approved row in the evidence table; registration or licensing of a facility is not approval of a treatment.", quoted(cs, 3))}, cs, true
}

// rulePayToParticipate: the site charges and presents the treatment as a
// study, trial or registry listing.
func rulePayToParticipate(a *Assessor, f *siteFacts, _ []Finding) (Flag, []extract.Claim, bool) {
	prices := f.pricesFor(nil)
	kind, support := f.charge(prices)
	if kind == chargeNone || kind == chargeBooking {
		return Flag{}, nil, false // booking alone does not show a "study" that charges
	}
	var cs []extract.Claim
	for _, c := range f.tiedCues(extract.CueTrial) {
		if enrolment.match(c.Lang, c.Text) || enrolment.match(c.Lang, c.Sentence) {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return Flag{}, nil, false
	}
	money := support
	if kind == chargePrice {
		money = f.attachedClaims()
	}
	return Flag{Severity: High, Reason: fmt.Sprintf("The site presents its treatment as research (%s) and charges patients (%s). Participants in registered clinical trials are not usually asked to pay.", quoted(cs, 2), quoted(money, 2))}, append(cs, money...), true
}

// ruleSafety: "no side effects", "100% safe", "safe because they are your own cells".
func ruleSafety(a *Assessor, f *siteFacts, _ []Finding) (Flag, []extract.Claim, bool) {
	cs := f.tiedCues(extract.CueSafety)
	if len(cs) == 0 {
		return Flag{}, nil, false
	}
	return Flag{Severity: Medium, Reason: fmt.Sprintf("The site says %s. Serious harms, including blindness, tumour formation and infections, have been reported after unapproved stem-cell treatments.", quoted(cs, 3))}, cs, true
}

// oneCureMinConditions and oneCureMinCategories set when a site offers one
// product for "many unrelated conditions".
const (
	oneCureMinConditions = 5
	oneCureMinCategories = 3
)

// categoryFamily groups related condition categories: joint, back and
// nerve pain at a spine or pain practice are one family of complaints,
// not "unrelated conditions"; so are blood cancers and blood disorders.
func categoryFamily(cat string) string {
	switch cat {
	case "pain", "orthopaedic":
		return "musculoskeletal and pain"
	case "blood-cancer", "blood-disorder":
		return "blood"
	}
	return cat
}

// ruleOneCureForAll: many unproven conditions from unrelated categories.
func ruleOneCureForAll(a *Assessor, f *siteFacts, unproven []Finding) (Flag, []extract.Claim, bool) {
	cats := map[string]bool{}
	var labels []string
	for _, u := range unproven {
		if c, ok := a.Vocab.Condition(u.Condition); ok {
			cats[categoryFamily(c.Category)] = true
		}
		labels = append(labels, u.ConditionLabel)
	}
	if len(unproven) < oneCureMinConditions || len(cats) < oneCureMinCategories {
		return Flag{}, nil, false
	}
	var cl []string
	for c := range cats {
		cl = append(cl, c)
	}
	sort.Strings(cl)
	sort.Strings(labels)
	shown := labels
	if len(shown) > 8 {
		shown = append(shown[:8:8], fmt.Sprintf("and %d more", len(labels)-8))
	}
	var support []extract.Claim
	for _, u := range unproven {
		support = append(support, f.offers[u.Condition].mentions[0])
	}
	return Flag{Severity: Medium, Reason: fmt.Sprintf("The site offers stem-cell treatment for %d conditions in %d unrelated categories (%s): %s.", len(unproven), len(cats), strings.Join(cl, ", "), strings.Join(shown, ", "))}, support, true
}

// ruleNotStemCells: a product that contains no stem cells (PRP, exosomes,
// amniotic fluid, plant extracts) is described as stem cells.
func ruleNotStemCells(a *Assessor, f *siteFacts, _ []Finding) (Flag, []extract.Claim, bool) {
	var cs []extract.Claim
	var notes []string
	seen := map[string]bool{}
	for _, c := range f.cells {
		ct, ok := a.Vocab.CellType(c.ID)
		if !ok || ct.StemCell || c.ID == "islets" {
			continue
		}
		sold := strings.Contains(strings.ToLower(c.Text), "stem") || strings.Contains(strings.ToLower(c.Text), "madre") || stemWords.pack(c.Lang, c.Text)
		for _, o := range f.bySentence[sentKey(c)] {
			// "amniotic stem cell injections"; PRP named beside stem cells
			// is sold with them, not as them.
			if o.Kind == extract.KindCellType && o.ID == "unspecified" && c.ID != "prp" {
				sold = true
			}
		}
		if !sold {
			continue
		}
		cs = append(cs, c)
		if !seen[c.ID] {
			seen[c.ID] = true
			n := ct.Label + " is not a stem-cell product."
			if ct.Note != "" {
				n = ct.Note
			}
			if ct.Citation != "" {
				n += " (" + ct.Citation + ")"
			}
			notes = append(notes, n)
		}
	}
	if len(cs) == 0 {
		return Flag{}, nil, false
	}
	return Flag{Severity: Medium, Reason: fmt.Sprintf("The site presents %s as stem-cell therapy. %s", quoted(cs, 3), strings.Join(notes, " "))}, cs, true
}

// ruleCureSiteWide: cure or success-rate claims not tied to one condition
// (those are flagged on the condition's own finding).
func ruleCureSiteWide(a *Assessor, f *siteFacts, unproven []Finding) (Flag, []extract.Claim, bool) {
	var cs []extract.Claim
	for _, id := range []string{extract.CueCure, extract.CueSuccessRate} {
		for _, c := range f.tiedCues(id) {
			tied := false
			for _, o := range f.bySentence[sentKey(c)] {
				if o.Kind == extract.KindCondition {
					tied = true
				}
			}
			if !tied {
				cs = append(cs, c)
			}
		}
	}
	if len(cs) == 0 {
		return Flag{}, nil, false
	}
	return Flag{Severity: Medium, Reason: fmt.Sprintf("The site says %s about treatments whose evidence status is not approved.", quoted(cs, 3))}, cs, true
}

// ruleTestimonials: the site relies on patient testimonials.
func ruleTestimonials(a *Assessor, f *siteFacts, _ []Finding) (Flag, []extract.Claim, bool) {
	cs := f.tiedCues(extract.CueTestimonial)
	// A patient's own story of the clinic's cell treatment is a testimonial
	// whatever the page calls it (a "patient diary").
	for _, id := range f.offerOrder {
		for i, e := range f.offers[id].evidence {
			if e.Kind == EvidencePatientStory {
				cs = append(cs, f.offers[id].mentions[i])
			}
		}
	}
	if len(cs) == 0 {
		return Flag{}, nil, false
	}
	return Flag{Severity: Low, Reason: fmt.Sprintf("The site presents patient testimonials (%s).", quoted(cs, 2))}, cs, true
}

// ruleMissingRisk: nowhere on the fetched pages does the site state risks,
// experimental status or limits of evidence. Negated cure, approval or
// safety statements ("not FDA approved", "not a cure") count as disclosure.
func ruleMissingRisk(a *Assessor, f *siteFacts, _ []Finding) (Flag, []extract.Claim, bool) {
	for _, id := range []string{extract.CueRisk, extract.CueDisclaimer} {
		for _, c := range f.cues[id] {
			if f.disclosesRisk(c) {
				return Flag{}, nil, false
			}
		}
	}
	// "Stem cells are not a cure", "not FDA approved": a limit stated about
	// the cell treatment (not "inhalers cannot rebuild lung tissue").
	for _, id := range []string{extract.CueCure, extract.CueApproval, extract.CueRegistered} {
		for _, c := range f.neg[id] {
			if f.cellInSentence[sentKey(c)] || c.PageRole == extract.RoleLegal || c.PageRole == extract.RoleFAQ {
				if !minimising.match(c.Lang, c.Sentence) {
					return Flag{}, nil, false
				}
			}
		}
	}
	return Flag{Severity: Low, Reason: fmt.Sprintf("No statement of risks, experimental status or limits of evidence was found on the %d pages with claims.", len(f.pages))}, nil, true
}

// minimisingRe matches sentences that name risks only to wave them away:
// "there is no risk of rejection", "without the side effects of drugs",
// "mild soreness for a day".
var minimisingRe = regexp.MustCompile(`(?i)\bno (risk|side effects?|complications?)\b|\bwithout (the )?(risks?|side effects?)\b|\bfree of (risks?|side effects?)\b|\b(mild|minor|minimal|temporary|brief)\b|\bsoreness\b|\bbruis\w*|\bsin (riesgos?|efectos)\b`)

// diseaseRiskRe matches risks and complications of a disease: "complications
// of diabetes", "a higher risk of MS".
var diseaseRiskRe = regexp.MustCompile(`(?i)\b(complications? of|risk of|risk for|riesgo de|complicaciones de)\b`)

// resultsVaryRe matches disclaimers that state no risk: "individual results
// may vary".
var resultsVaryRe = regexp.MustCompile(`(?i)^\W*(individual )?results (may |can )?vary\W*$|^\W*los resultados (pueden )?variar\W*$|^individual results$|^resultados individuales$`)

// disclosesRisk reports whether a risk or disclaimer cue tells a reader the
// treatment has risks or is experimental: not a sentence that waves risks
// away, not "results may vary", not an article's risk factors of a disease.
func (f *siteFacts) disclosesRisk(c extract.Claim) bool {
	s := strings.TrimSpace(c.Sentence)
	switch {
	case c.Negated, strings.HasSuffix(s, "?"), minimising.match(c.Lang, s):
		return false
	case c.ID == extract.CueDisclaimer:
		return !resultsVary.match(c.Lang, strings.TrimSpace(c.Text))
	case diseaseRisk.match(c.Lang, s) && len(f.condsIn(c)) > 0:
		return false // "complications of diabetes": the disease's, not the treatment's
	}
	switch c.PageRole {
	case extract.RoleLegal, extract.RoleFAQ:
		return true
	case extract.RoleArticle, extract.RoleShop, extract.RoleAbout, extract.RolePublications:
		_, ok := f.tiedToCells(c)
		return ok
	}
	if _, ok := f.tiedToCells(c); ok {
		return true
	}
	return riskHeading.match(c.Lang, c.Heading) || strings.Contains(strings.ToLower(c.Text), "experimental") || strings.Contains(strings.ToLower(c.Text), "investigational") ||
		experimentalPack[c.Lang] != nil && experimentalPack[c.Lang].MatchString(fold(c.Text))
}

// paidNoCondition: the site charges for a stem-cell product but names no
// condition the vocabulary knows (or none at all). No stem-cell product
// is approved outside blood-forming transplants and a few named products,
// so selling one is still flagged, at medium severity because the
// conditions it is sold for could not be read.
func (a *Assessor) paidNoCondition(f *siteFacts) []Finding {
	prices := f.pricesFor(nil)
	kind, support := f.charge(prices)
	if kind == chargeNone {
		return nil
	}
	var cells []extract.Claim
	for _, c := range f.cells {
		ct, ok := a.Vocab.CellType(c.ID)
		if !ok || c.ID == "hsct" || c.ID == "islets" || c.ID == "cord-blood" || c.ID == "peripheral-blood" {
			continue // transplant sources: proven uses exist
		}
		if ct.StemCell || strings.Contains(strings.ToLower(c.Text), "stem") || strings.Contains(strings.ToLower(c.Text), "madre") || stemWords.pack(c.Lang, c.Text) {
			cells = append(cells, c)
		}
	}
	if len(cells) == 0 {
		return nil
	}
	fd := Finding{Site: f.site, ConditionLabel: "Site-wide: Paid stem-cell treatment, conditions not named", CellTypes: siteCells(f),
		Prices: prices, Status: Unknown, Citations: []string{citeFDAConsumer}, Quotes: []Quote{},
		EvidenceSummary: "FDA: the only FDA-approved stem-cell products are blood-forming stem cells for disorders of blood production (plus a few named products); other stem-cell products are unapproved."}
	fd.Flags = []Flag{{ID: FlagUnprovenPaid, Severity: Medium, Reason: fmt.Sprintf(
		"The site sells %s and %s, but names no condition that the evidence table covers, so the use could not be checked against evidence.",
		quoted(cells, 2), chargePhrase(kind, fd.Prices, support))}}
	addQuotes(&fd, cells, 2)
	if len(fd.Prices) > 0 {
		addPriceQuotes(&fd, f.prices, fd.Prices, 2)
	} else {
		addQuotes(&fd, support, 1)
	}
	return []Finding{fd}
}
