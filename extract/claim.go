// Package extract turns one web page into claims: the conditions, cell
// types, prices and claim cues (cure, safety, approval, trial, testimonial,
// disclaimer...) that the page states, each with the exact sentence it came
// from as evidence. It reads English and Spanish, and Portuguese, German,
// French and Polish through the language packs of seeds/lang.
//
// extract takes bytes and a URL, never a crawler type, so it can be run on a
// saved file as well as on a crawled page. It does not judge claims: the
// evidence lookup and flags belong to package assess.
package extract

// Claim kinds.
const (
	KindCondition = "condition"
	KindCellType  = "cell_type"
	KindPrice     = "price"
	KindCue       = "cue"
)

// Cue ids (Claim.ID when Kind is KindCue).
const (
	CueCure        = "cure"         // cure / reverse / regenerate / restore
	CueSuccessRate = "success-rate" // "85% of patients improve"
	CueSafety      = "safety"       // "no side effects", "no risk of rejection"
	CueApproval    = "approval"     // "FDA approved", "COFEPRIS approved", "exempt"
	CueRegistered  = "registered"   // "FDA registered lab", "registered with"
	CueTrial       = "trial"        // study / trial / registry / NCT number
	CueFee         = "fee"          // charging without an amount: packages, financing, quotes, deposits
	CueNoCost      = "no-cost"      // "at no cost", "free of charge" to participants
	CueInsurance   = "insurance"    // "covered by insurance", Medicare
	CueTestimonial = "testimonial"  // patient stories, reviews
	CueDisclaimer  = "disclaimer"   // "not FDA approved", "not a cure", "results vary"
	CueRisk        = "risk"         // risk statements: infection, experimental, unproven
	CueBooking     = "booking"      // the site books patients: evaluation, consultation, quote, travel package
)

// Claim is one extracted mention: a line of claims.jsonl or of
// `clinicaudit extract` output.
type Claim struct {
	Site     string `json:"site"`
	URL      string `json:"url"`
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Label    string `json:"label"`
	Text     string `json:"text"`     // the span as written on the page
	Sentence string `json:"sentence"` // the sentence or list item it came from
	Negated  bool   `json:"negated"`
	Lang     string `json:"lang"` // the page language: en, es, pt, de, fr or pl

	// Price is set for Kind == KindPrice; its fields are inlined in JSON.
	*Price

	// Provenance, filled in by the caller when the page came from a crawl.
	CapturedAt   string `json:"captured_at,omitempty"` // RFC 3339
	WARCRecordID string `json:"warc_record_id,omitempty"`

	// Heading is the nearest heading above the sentence on the page.
	Heading string `json:"heading,omitempty"`

	// Where on the page the claim sits: the page's role (Role*), the index
	// of the unit (heading, list item, table row, paragraph) it came from,
	// that unit's kind, and whether it is the page's title or first heading
	// (the page's subject). Assessment reads offers and the prices that
	// belong to them from these.
	PageRole string `json:"page_role,omitempty"`
	Unit     int    `json:"unit"`
	UnitKind string `json:"unit_kind,omitempty"`
	Subject  bool   `json:"subject,omitempty"`

	// PDFPage is the page (from 1) of the PDF document the claim is on;
	// 0 (omitted) for an HTML page.
	PDFPage int `json:"pdf_page,omitempty"`
}

// Price is an amount of money a page asks for.
type Price struct {
	Amount       float64 `json:"amount"`
	AmountMax    float64 `json:"amount_max"`    // upper end of a range, or 0
	Currency     string  `json:"currency"`      // ISO 4217, "" when it cannot be told
	CurrencyNote string  `json:"currency_note"` // why the currency is uncertain, or ""
	Per          string  `json:"per"`           // injection, session, treatment, package... or ""
	Qualifier    string  `json:"qualifier"`     // from, about, up to, or ""
}
