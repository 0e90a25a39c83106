// Package assess joins one site's claims with the evidence table and raises
// flags. It owns the evidence table (Table, Row, Status) and the Finding
// type. Every flag carries a plain-language reason naming the evidence and
// the quotes that support it, so a report can be defended in print.
//
// assess reads claims produced by package extract; it never fetches pages
// and never renders output.
package assess

// Status is the evidence status for a condition treated with a cell type.
type Status string

// Evidence statuses, from best supported to worst.
const (
	Approved           Status = "approved"
	StandardOfCare     Status = "standard-of-care"
	Investigational    Status = "investigational"
	NegativeTrials     Status = "negative-trials"
	NoClinicalEvidence Status = "no-clinical-evidence"
	HarmDocumented     Status = "harm-documented"
	Unknown            Status = "unknown" // the table has no row
)

// Severity of a flag or finding.
type Severity string

// Severities, highest first.
const (
	High   Severity = "high"
	Medium Severity = "medium"
	Low    Severity = "low"
	Info   Severity = "info"
	None   Severity = "none"
)

// Rank orders severities: High is 4, None is 0.
func (s Severity) Rank() int {
	switch s {
	case High:
		return 4
	case Medium:
		return 3
	case Low:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Flag ids from the product spec.
const (
	FlagUnprovenPaid       = "unproven-paid-therapy"
	FlagHarmDocumented     = "harm-documented"
	FlagPayToParticipate   = "pay-to-participate"
	FlagApprovalClaim      = "approval-claim"
	FlagCureClaim          = "cure-claim"
	FlagSafetyClaim        = "safety-claim"
	FlagOneCureForAll      = "one-cure-for-all"
	FlagNotStemCells       = "not-stem-cells"
	FlagTestimonials       = "testimonials"
	FlagMissingRiskDisclos = "missing-risk-disclosure"
)

// Flag is one rule that fired for a finding.
type Flag struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Reason   string   `json:"reason"`
}

// Quote is a sentence from the site that supports a finding.
type Quote struct {
	URL          string `json:"url"`
	Sentence     string `json:"sentence"`
	CapturedAt   string `json:"captured_at"`
	WARCRecordID string `json:"warc_record_id"`
	PageRole     string `json:"page_role,omitempty"` // the role of the page it is on
	PDFPage      int    `json:"pdf_page,omitempty"`  // the page, when the quote is from a PDF document
	// Screenshot is the crop of the captured page with the sentence
	// highlighted (screenshots/SITE/RECORD-qN.png), when one was rendered.
	Screenshot Screenshot `json:"screenshot,omitzero"`
}

// Screenshot names a PNG file in the scan folder and its sha256.
type Screenshot struct {
	Path   string `json:"path"` // relative to the scan folder
	SHA256 string `json:"sha256"`
}

// PriceRef is a price the site states, as used in a finding.
type PriceRef struct {
	Text      string  `json:"text"`
	Amount    float64 `json:"amount"`
	AmountMax float64 `json:"amount_max"`
	Currency  string  `json:"currency"`
	Per       string  `json:"per"`
	Qualifier string  `json:"qualifier"`
	URL       string  `json:"url"`
	Why       string  `json:"why,omitempty"` // why the price applies to the finding, or why it was kept apart
}

// Finding is one assessed finding: a line of findings.jsonl. Condition is
// "" for a site-wide finding (approval claims, testimonials, ...).
type Finding struct {
	Site            string     `json:"site"`
	Condition       string     `json:"condition"`
	ConditionLabel  string     `json:"condition_label"`
	CellTypes       []string   `json:"cell_types"`
	Prices          []PriceRef `json:"prices"`
	Status          Status     `json:"status"`
	EvidenceSummary string     `json:"evidence_summary"`
	Citations       []string   `json:"citations"`
	Flags           []Flag     `json:"flags"`
	Severity        Severity   `json:"severity"`
	Quotes          []Quote    `json:"quotes"`

	// OfferEvidence says why the site is read as offering a cell treatment
	// for the condition (empty for site-wide findings).
	OfferEvidence []Evidence `json:"offer_evidence,omitempty"`

	// Registry holds what ClinicalTrials.gov says about the NCT numbers
	// the site cites (the site-wide "Registry numbers cited" finding; see
	// CheckRegistry).
	Registry []RegistryCheck `json:"registry,omitempty"`

	// Trials is the registry's trial context of a condition finding: per
	// cell class offered, the registered interventional studies (see
	// TrialQueries.AddTrials). Empty when the registry is off.
	Trials []TrialContext `json:"trials,omitempty"`
}
