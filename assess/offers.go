package assess

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/clinicaudit/clinicaudit/extract"
)

// Offer evidence kinds: why a condition mention is read as an offer of a
// cell treatment by this clinic.
const (
	EvidenceConditionsList = "conditions-list" // an item of a "conditions we treat" list on a page or section selling cells
	EvidenceTreatmentPage  = "treatment-page"  // the condition is the subject of a page (or section) that sells the cell treatment
	EvidenceOfferSentence  = "offer-sentence"  // a sentence that makes the condition the target of the clinic's cell treatment
	EvidencePatientStory   = "patient-story"   // a patient's story of this clinic's cell treatment for the condition
)

// Evidence is one reason a condition is read as an offer: its kind, the
// role of the page it is on, and the quote.
type Evidence struct {
	Kind     string `json:"kind"`
	PageRole string `json:"page_role"`
	URL      string `json:"url"`
	Quote    string `json:"quote"`
}

// offer is (this clinic) offers (cell product) for (condition), with the
// mentions that show it.
type offer struct {
	condition string
	mentions  []extract.Claim
	evidence  []Evidence
}

// Roles of pages whose mentions never make an offer: a doctor's bio, a
// publication list, a legal page, a shop or a contact form names
// conditions for other reasons.
func offerRoleExcluded(role string) bool {
	switch role {
	case extract.RoleAbout, extract.RolePublications, extract.RoleLegal, extract.RoleShop, extract.RoleContact:
		return true
	}
	return false
}

// cellWordsRe matches (folded) text that names a cell treatment: a
// heading "Stem cell therapy pricing", a title "Células madre para la
// rodilla".
var cellWordsRe = regexp.MustCompile(`\b(stem[- ]?cells?|cell[- ]based|cellular (therapy|medicine|treatment)|cell (therapy|therapies|treatment|injection|infusion)s?|svf|stromal vascular|mesenchymal|mscs?|exosomes?|bmac|bone marrow (concentrate|aspirate)|umbilical|wharton|amniotic|cord[- ]blood|regenerative (cell|medicine)|celulas madre|celulas troncales|terapia celular|celulas mesenquimales)\b`)

// stemWordRe tells PRP sold as stem cells from PRP alone.
var stemWordRe = regexp.MustCompile(`(?i)\bstem\b|c[ée]lulas madre|troncales`)

// isCellProduct reports whether a claim names a cell product the site may
// sell: any cell class, except PRP on its own (out of scope unless it is
// sold as or with stem cells).
func isCellProduct(c extract.Claim) bool {
	if c.Kind != extract.KindCellType || c.Negated {
		return false
	}
	return c.ID != "prp" || namesStem(c)
}

// soldWithCells reports whether a PRP mention is sold with a cell product
// named in the same sentence ("PRP and stem cell injections").
func soldWithCells(c extract.Claim, sentence []extract.Claim) bool {
	for _, o := range sentence {
		if o.Kind == extract.KindCellType && !o.Negated && o.ID != "prp" {
			return true
		}
	}
	return false
}

// complicationRe matches a condition named as a complication, symptom or
// risk factor rather than as what the clinic treats: "long courses of
// steroids may cause diabetes", "iron overload leads to liver disease",
// "patients at risk of stroke". It looks at the words just before the
// mention (see isComplicationMention).
var complicationRe = regexp.MustCompile(`\b(may|can|could|might|will|often|sometimes|to)? ?(cause[sd]?|causing|lead(s|ing)? to|led to|result(s|ed|ing)? in|trigger(s|ed|ing)?|worsen(s|ed|ing)?|develop(s|ed|ing)?|risk (of|for)|risks? include|at risk|raises? the risk|increases? the (risk|chance|likelihood)|complications?( such as| like| including| include|:)?|side[- ]effects?( such as| like| including| include|:)?|associated with|secondary to|due to|caused by|puede(n)? (causar|provocar)|provoca(r|n)?|riesgo de|complicaciones( como)?|causad[oa]s? por)\W+(\w+\W+){0,5}$`)

// isComplicationMention reports whether a condition is named as a harm,
// complication or cause rather than as a target of treatment.
func isComplicationMention(c extract.Claim) bool {
	s := strings.ToLower(c.Sentence)
	i := strings.Index(s, strings.ToLower(c.Text))
	if i < 0 {
		return false
	}
	before := s[max(0, i-80):i]
	if complicationRe.MatchString(before) {
		return true
	}
	return complicationBefore(c)
}

// researchRe matches sentences about research rather than the clinic's
// service: what stem cells "may one day treat", what scientists study.
var researchRe = regexp.MustCompile(`(?i)\b(may|might|could) (one day|someday|eventually|in the future)|\bsomeday\b|\bin the future\b|\bfuture (treatments?|therapies|uses)\b|\b(researchers|scientists|investigators)\b|\b(a|the|new|recent|early|small|large|ongoing|pilot) (study|trial|studies|trials|research)\b|\bstudies (suggest|show|have shown|found|indicate)\b|\bbeing (studied|tested|investigated|explored)\b|\b(potential|promise|hope)s? (to|for|that|of)\b|\bpublished in\b|\banimal (studies|models)\b|\b(mice|rats|in mice|in rats)\b|\buniversity\b|\bpodr[ií]an? (alg[uú]n d[ií]a|en el futuro)\b|\binvestigadores\b|\bestudios (sugieren|muestran)\b`)

// publicationHeadingRe matches headings of publication lists, references
// and credentials in a bio.
var publicationHeadingRe = regexp.MustCompile(`(?i)\b(publications?|selected (papers|works)|bibliography|references|citations|sources|further reading|research interests|presentations|abstracts|education|training|board certifications?|memberships|awards|publicaciones|referencias)\b`)

// conditionsHeadingRe matches (folded) headings of the lists of what a
// clinic treats.
var conditionsHeadingRe = regexp.MustCompile(`\b(who (it|this|the (treatment|therapy|infusion|program|programme)) is for|who is (it|this) for|ideal (for|candidates?)|good candidates?|candidates for|para quien|conditions?|what we treat|we treat|treatable|treated|we can help|can help|helps? with|indications|who (can|could|may) benefit|used (for|to treat)|applications|areas of (focus|treatment)|specialties|treatments? for|therapies for|padecimientos|enfermedades|tratamos|condiciones|indicaciones|tratamientos para|aplicaciones)\b`)

// targetRe matches the words of a sentence that makes a condition the
// target of a treatment: "stem cell therapy for MS", "we treat knee
// arthritis with...", "helps patients with COPD".
var targetRe = regexp.MustCompile(`\b(for|treat\w*|therap\w*|help\w*|improv\w*|reliev\w*|relief|manag\w*|address\w*|benefit\w*|suffer\w*|patients with|people with|living with|fight\w*|reverse\w*|repair\w*|regenerat\w*|heal\w*|cure\w*|para|tratar|tratamos|tratamiento|trata\w*|ayuda\w*|mejora\w*|pacientes con|combat\w*)\b`)

// voiceRe matches the clinic speaking of its own service ("we", "our"), or
// a patient of their own treatment ("my", "I"): on an article page only
// such sentences make an offer.
var voiceRe = regexp.MustCompile(`(?i)\b(we|our|us|my|i|i've|i'm|me|ofrecemos|tratamos|nuestr[oa]s?|mi|mis)\b`)

// offerEvidence decides whether a condition mention shows an offer, and of
// which kind. Not offers: negated, questions, risks and complications,
// exclusions, bios, publications and citations, research news, and pages
// or sentences that sell no cell treatment.
func (f *siteFacts) offerEvidence(c extract.Claim) (Evidence, bool) {
	ev := Evidence{PageRole: c.PageRole, URL: c.URL, Quote: c.Sentence}
	switch {
	case c.Negated, educational(c), namedAsRisk(c, f.risky), isComplicationMention(c),
		offerRoleExcluded(c.PageRole), publicationHeading.match(c.Lang, c.Heading),
		extract.IsCitation(c.Sentence), research.match(c.Lang, c.Sentence):
		return ev, false
	}
	key := sentKey(c)
	sentCells := f.cellInSentence[key]
	article := c.PageRole == extract.RoleArticle
	if sentCells && target.match(c.Lang, fold(c.Sentence)) {
		switch {
		case c.PageRole == extract.RoleTestimonials:
			ev.Kind = EvidencePatientStory
		case article && clinicOffers.match(c.Lang, c.Sentence):
			ev.Kind = EvidenceOfferSentence
		case article && patientStory.match(c.Lang, c.Sentence):
			ev.Kind = EvidencePatientStory
		case article:
			return ev, false // a general article that sells nothing
		default:
			ev.Kind = EvidenceOfferSentence
		}
		return ev, true
	}
	if article || c.PageRole == extract.RoleTestimonials {
		return ev, false
	}
	if describingHeading.match(c.Lang, c.Heading) || c.UnitKind == extract.UnitHeading && describingHeading.match(c.Lang, c.Sentence) {
		return ev, false // "Symptoms of MS", "Stem cells vs knee replacement"
	}
	if f.deniedOnPage[c.URL+"\x00"+c.ID] {
		return ev, false // "bone marrow concentrate is not used for spinal stenosis at our practice"
	}
	sellsHere := f.cellPage[c.URL] || f.sectionCells[secKey(c)] || f.pageCells[c.URL] > 0 && c.PageRole != extract.RoleOther
	listHeading := conditionsHeading.match(c.Lang, fold(c.Heading)) || c.PageRole == extract.RoleCondition
	if (c.UnitKind == extract.UnitItem || c.UnitKind == extract.UnitRow || c.UnitKind == "") &&
		listHeading && (sellsHere || cellWords.match(c.Lang, fold(c.Heading))) {
		ev.Kind = EvidenceConditionsList
		return ev, true
	}
	if (c.Subject || c.UnitKind == extract.UnitHeading) && f.cellPage[c.URL] {
		ev.Kind = EvidenceTreatmentPage
		return ev, true
	}
	if c.Subject && f.pageCells[c.URL] > 0 && (c.PageRole == extract.RoleCondition || c.PageRole == extract.RoleTreatment) {
		ev.Kind = EvidenceTreatmentPage
		return ev, true
	}
	return ev, false
}

// describingHeadingRe matches headings under which conditions are named
// to describe, compare or warn, not as what the clinic treats: symptoms,
// causes, risk factors, complications, comparisons.
var describingHeadingRe = regexp.MustCompile(`(?i)\b(symptoms?|signs|causes?|caused by|risk factors?|complications?|side effects?|risks?|diagnos\w*|prevention|vs\.?|versus|compared?|comparison|alternatives?|myths?|s[ií]ntomas?|causas?|factores de riesgo|complicaciones|riesgos?)\b`)

// clinicOffersRe matches the clinic offering its own treatment in an
// article: "we offer", "our clinic treats", "our stem cell protocol".
var clinicOffersRe = regexp.MustCompile(`(?i)\b(we|our (clinic|team|doctors?|physicians?|center|centre|practice|providers?))\b[^.;!?]{0,40}\b(offer|provide|treat|perform|inject|administer|deliver|specialize|specialise)\w*|\bour\b[^.;!?]{0,30}\b(treatments?|therap\w+|programs?|programmes?|protocols?|injections?|infusions?|procedures?)\b|\b(ofrecemos|tratamos|nuestro (tratamiento|protocolo|programa))\b`)

// patientStoryRe matches a patient's own account of their treatment: "my
// stem cell treatment", "after my infusion", "I had stem cells".
var patientStoryRe = regexp.MustCompile(`(?i)\b(my|i had|i got|i received|i've had|mi|recib[ií])\b[^.;!?]{0,40}\b(treatments?|infusions?|injections?|procedures?|therapy|stem cells?|tratamiento|aplicaci[oó]n)\b`)

// EvidencePhrase says in words why a condition is read as an offer.
func EvidencePhrase(e Evidence) string {
	page := "a " + e.PageRole + " page"
	switch e.PageRole {
	case "", extract.RoleOther:
		page = "a page"
	case extract.RoleArticle:
		page = "an article page"
	case extract.RoleAbout:
		page = "an about page"
	}
	switch e.Kind {
	case EvidenceConditionsList:
		return "it is listed among the conditions treated on " + page + " that sells the cell treatment"
	case EvidenceTreatmentPage:
		return "it is the subject of " + page + " that sells the cell treatment"
	case EvidencePatientStory:
		return "a patient story on " + page + " describes this clinic's cell treatment for it"
	}
	return "a sentence on " + page + " names it as a target of the clinic's cell treatment"
}

// fold lower-cases and strips accents the way extract folds text.
func fold(s string) string { return extract.Fold(s) }

func secKey(c extract.Claim) string { return c.URL + "\x00" + c.Heading }

// comparisonRe matches a price quoted as a comparison or an industry
// figure, not the clinic's own: "knee replacement costs $35,000", "typically
// $15,000-$30,000 elsewhere".
var comparisonRe = regexp.MustCompile(`(?i)\b(vs\.?|versus|compared (to|with)|comparison|instead of|alternatives?|elsewhere|other (clinics|providers|centers|centres)|industry|typically|on average|average (cost|price)|nationwide|national average|can cost|may cost|could cost|can run|out[- ]of[- ]pocket|insurance (pays|covers)|otras cl[ií]nicas|en promedio)\b`)

// otherServiceRe matches (folded) names of services and goods that are not
// a cell treatment: a price next to one of these, with no cell product in
// the same sentence, is the price of that service.
var otherServiceRe = regexp.MustCompile(`\b(botox|dysport|xeomin|fillers?|juvederm|restylane|laser|hydrafacial|microneedling|peel|massage|chiropractic|adjustments?|x-?rays?|exam|testosterone|trt|hormones?|peptides?|semaglutide|tirzepatide|weight[- ]loss|shock ?wave|gainswave|acoustic wave|iv (drips?|therapy|hydration|infusions? of vitamins)|drips?|vitamins?|nad\+?|b12|physical therapy|physiotherapy|epidural|steroid injections?|cortisone|hyaluronic|gel injections?|knee replacement|joint replacement|hip replacement|surgery|metformin|insulin|hotel|flights?|airfare|parking|supplements?|capsules|bottles?|shipping|registry|hla typing|donor search|membership|decompression|acupuncture|seminar|dinner|storage|banking|transporte|hospedaje|vuelos?|consultations?|consults?|evaluations?|office visits?|follow-up visits?|prp|platelet[- ]rich plasma|imaging|mri|meals?|comidas?|companions?|acompanantes?|lab panels?|lab work|labwork|bloodwork|blood tests?|apartments?|apartamentos?|departamentos?|lodging|condos?)\b`)

// bankingRe matches the fees of a cord-blood or tissue bank: collection,
// processing and storage are not a treatment.
var bankingRe = regexp.MustCompile(`(?i)\b(storage|stored|banking|bank your|annual fee|yearly fee|per year|a year|annually|prepaid|for \d+ years|collection kit|courier|enrol+ment fee|cryopreserv\w*|almacenamiento|criopreserv\w*|por a[nñ]o|anual)\b`)

// participantPayRe matches payments to trial participants and the costs of
// a visit: "$50 per visit for travel", "parking is $12".
var participantPayRe = regexp.MustCompile(`(?i)\b(compensat\w*|stipends?|reimburs\w*|you (will )?(receive|be paid|get)|paid (to you|for your time)|gift cards?|parking|per visit for|travel (costs|expenses|allowance)|compensaci[oó]n|reembolso)\b`)

// treatmentUnitRe matches (folded) words of a priced course of treatment on
// a pricing page: "3 applications", "package of two infusions".
var treatmentUnitRe = regexp.MustCompile(`\b(applications?|aplicaci\w+|infusions?|infusion\w*|injections?|inyecci\w+|sessions?|sesion\w*|treatments?|tratamientos?|protocols?|protocolos?|packages?|paquetes?|doses?|dosis|courses?)\b`)

// travelRe matches (folded) travel and lodging words that treatment
// packages include.
var travelRe = regexp.MustCompile(`\b(hotel|hotels|hospedaje|noches?|nights?|traslados?|transfers?|airport|aeropuerto|transporte|transportation|driver|chofer|flights?|vuelos?|accommodation|alojamiento)\b`)

// treatmentPer are price units of a course of treatment.
var treatmentPer = map[string]bool{"injection": true, "infusion": true, "treatment": true, "package": true,
	"joint": true, "knee": true, "eye": true, "booster": true, "application": true}

// priceBelongsTo decides whether a price is the price of the site's cell
// treatment, and says why; otherwise it says why it is kept apart.
func (f *siteFacts) priceBelongsTo(p extract.Claim) (why string, ok bool) {
	folded := fold(p.Sentence)
	switch {
	case p.PageRole == extract.RoleShop:
		return "a product in the site's shop", false
	case comparison.match(p.Lang, p.Sentence):
		return "a comparison or industry figure, not the clinic's own price", false
	case banking.match(p.Lang, p.Sentence):
		return "a storage or banking fee, not the price of a treatment", false
	case participantPay.match(p.Lang, p.Sentence):
		return "a payment to participants or a cost of a visit, not a price of treatment", false
	case f.saysFree() && !f.cellInSentence[sentKey(p)]:
		return "on a site that says its cell treatment is free to participants", false
	}
	unit := "sentence"
	switch p.UnitKind {
	case extract.UnitItem:
		unit = "list item"
	case extract.UnitRow:
		unit = "table row"
	}
	if f.cellInSentence[sentKey(p)] {
		return "named in the same " + unit + " as the cell treatment", true
	}
	course := treatmentUnit.match(p.Lang, folded) || treatmentPer[p.Per] || p.Per == "" && extract.NamesTwoJoints(folded)
	if course {
		// "Infusion + intrathecal application, 5 nights of hotel and
		// transfers included": travel inside a treatment package.
		folded = travelRe.ReplaceAllString(folded, " ")
		if x := travelPack[p.Lang]; x != nil {
			folded = x.ReplaceAllString(folded, " ")
		}
	}
	if otherService.match(p.Lang, folded) {
		return "the price of another service or item", false
	}
	switch p.PageRole {
	case extract.RoleArticle, extract.RoleAbout, extract.RolePublications, extract.RoleLegal, extract.RoleTestimonials, extract.RoleContact:
		return "on a " + p.PageRole + " page, not tied to the cell treatment", false
	}
	if cellWords.match(p.Lang, fold(p.Heading)) && !comparison.match(p.Lang, p.Heading) {
		return fmt.Sprintf("in the section “%s” about the cell treatment", p.Heading), true
	}
	if f.comparePage[p.URL] {
		return "on a page comparing the cell treatment with alternatives", false
	}
	if f.cellPage[p.URL] {
		return "on the page about the cell treatment", true
	}
	if p.PageRole == extract.RolePricing && len(f.offerOrder) > 0 && course {
		return "an item of the pricing page that prices the treatment", true
	}
	if p.PageRole == extract.RolePricing && f.pageCells[p.URL] > 0 && !f.multiService[p.URL] {
		return "an item of the pricing page that prices the cell treatment", true
	}
	return "not tied to the cell treatment", false
}

// tiedToCells decides whether a cue (cure, safety, approval, trial,
// testimonial, fee) speaks of the site's cell treatment: in the same
// sentence as a cell product, in a section about it, or on a page whose
// subject it is. Articles count only in the same sentence; bios,
// publications, legal pages and shops never.
func (f *siteFacts) tiedToCells(c extract.Claim) (how string, ok bool) {
	// The answer depends on the sentence and where it sits; rules ask it
	// for the same cues many times.
	k := sentKey(c) + "\x00" + c.Heading + "\x00" + c.PageRole
	if t, hit := f.tied[k]; hit {
		return t.how, t.ok
	}
	how, ok = f.tiedToCellsUncached(c)
	f.tied[k] = tie{how, ok}
	return how, ok
}

// tie is a memoised tiedToCells answer.
type tie struct {
	how string
	ok  bool
}

func (f *siteFacts) tiedToCellsUncached(c extract.Claim) (how string, ok bool) {
	switch c.PageRole {
	case extract.RoleAbout, extract.RolePublications, extract.RoleLegal, extract.RoleShop:
		return "", false
	}
	if extract.IsCitation(c.Sentence) || publicationHeading.match(c.Lang, c.Heading) {
		return "", false
	}
	s := strings.TrimSpace(c.Sentence)
	if strings.HasSuffix(s, "?") || research.match(c.Lang, s) {
		return "", false // a question asks; research news reports others' work
	}
	if f.cellInSentence[sentKey(c)] {
		if c.PageRole == extract.RoleArticle && !voice.match(c.Lang, s) {
			return "", false
		}
		return "in the same sentence as the cell treatment", true
	}
	if c.PageRole == extract.RoleArticle || otherService.match(c.Lang, fold(s)) {
		return "", false // another service's device, drug or programme
	}
	if f.boiler[c.Sentence] {
		return "", false // a menu link or footer line names no treatment
	}
	if cellWords.match(c.Lang, fold(c.Heading)) {
		return "in a section about the cell treatment", true
	}
	if f.cellPage[c.URL] {
		return "on a page about the cell treatment", true
	}
	if c.PageRole == extract.RoleTestimonials && f.pageCells[c.URL] > 0 {
		return "on a testimonials page about the cell treatment", true
	}
	if c.PageRole == extract.RoleFAQ && f.pageCells[c.URL] > 0 {
		return "in the questions and answers about the cell treatment", true
	}
	return "", false
}

// tiedCues returns the site's non-negated cues of the given ids that speak
// of its cell treatment.
func (f *siteFacts) tiedCues(ids ...string) []extract.Claim {
	var out []extract.Claim
	for _, id := range ids {
		for _, c := range f.cues[id] {
			if _, ok := f.tiedToCells(c); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// chargeKind says how the site charges for its cell treatment.
type chargeKind int

const (
	chargeNone    chargeKind = iota
	chargeBooking            // books patients after an evaluation or consultation; no price
	chargeFee                // fee terms (financing, packages, deposits) without an amount
	chargePrice              // a price tied to the treatment
)

// bookingEvidence returns the site's statements that it books patients for
// treatment (evaluation then scheduling, consultation, quote, travel
// package), unless the site says participation is free.
func (f *siteFacts) bookingEvidence() []extract.Claim {
	if f.saysFree() {
		return nil
	}
	var out []extract.Claim
	for _, c := range f.cues[extract.CueBooking] {
		switch c.PageRole {
		case extract.RoleAbout, extract.RolePublications, extract.RoleLegal, extract.RoleShop:
			continue
		}
		out = append(out, c)
	}
	// Quotes from the page body before menu and footer buttons.
	var body, boiler []extract.Claim
	for _, c := range out {
		if f.boiler[c.Sentence] {
			boiler = append(boiler, c)
		} else {
			body = append(body, c)
		}
	}
	return append(body, boiler...)
}

// saysFree reports whether the site says its cell treatment is free to
// participants (a registered trial): "there is no cost to participate".
func (f *siteFacts) saysFree() bool {
	if len(f.cues[extract.CueTrial]) == 0 {
		return false
	}
	for _, c := range f.cues[extract.CueNoCost] {
		if freeStudy.match(c.Lang, c.Sentence) {
			return true
		}
	}
	return false
}

// freeStudyRe matches a no-cost statement about taking part in a study,
// not a free consultation: "there is no cost to participate".
var freeStudyRe = regexp.MustCompile(`(?i)\b(particip\w*|stud(y|ies)|trial|enrol\w*|research|estudio|ensayo|investigaci[oó]n)\b`)

// feeEvidence returns fee terms tied to the cell treatment.
func (f *siteFacts) feeEvidence() []extract.Claim {
	if f.saysFree() {
		return nil
	}
	return f.tiedCues(extract.CueFee)
}

// charge returns how the site charges for an offer with these attached
// prices, and the claims that show it.
func (f *siteFacts) charge(prices []PriceRef) (chargeKind, []extract.Claim) {
	if len(prices) > 0 {
		return chargePrice, nil
	}
	if fee := f.feeEvidence(); len(fee) > 0 {
		return chargeFee, fee
	}
	if b := f.bookingEvidence(); len(b) > 0 {
		return chargeBooking, b
	}
	return chargeNone, nil
}

// chargePhrase says in words how the site charges.
func chargePhrase(kind chargeKind, prices []PriceRef, support []extract.Claim) string {
	switch kind {
	case chargePrice:
		var parts []string
		for i, p := range prices {
			if i == 4 {
				parts = append(parts, fmt.Sprintf("and %d more", len(prices)-4))
				break
			}
			s := p.Text
			if p.Qualifier != "" && !strings.Contains(strings.ToLower(s), p.Qualifier) {
				s = p.Qualifier + " " + s
			}
			if p.Per != "" {
				s += " (" + p.Per + ")"
			}
			parts = append(parts, s)
		}
		return "states prices of " + strings.Join(parts, ", ") + " for it"
	case chargeFee:
		return fmt.Sprintf("charges for it (%q) without stating an amount", support[0].Text)
	case chargeBooking:
		return fmt.Sprintf("books patients for treatment (%q); it states no price", support[0].Text)
	}
	return "charges for it"
}

// attachedClaims returns the price claims attached to the cell treatment.
func (f *siteFacts) attachedClaims() []extract.Claim {
	var out []extract.Claim
	for _, p := range f.prices {
		if _, ok := f.attached[priceKey(p)]; ok {
			out = append(out, p)
		}
	}
	return out
}

// condsIn returns the conditions named in a claim's sentence.
func (f *siteFacts) condsIn(c extract.Claim) []extract.Claim {
	var out []extract.Claim
	for _, o := range f.bySentence[sentKey(c)] {
		if o.Kind == extract.KindCondition {
			out = append(out, o)
		}
	}
	return out
}
