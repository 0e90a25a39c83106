package report

import (
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess"
)

// TestSitePDFTrials: a condition finding with trial context gets the
// section "Registered trials you could point readers to" with its counts
// and examples; without trial context (registry off) there is none.
func TestSitePDFTrials(t *testing.T) {
	dir := t.TempDir()
	site := typicalSite()
	if _, text := siteFile(t, dir, site); strings.Contains(text, "Registered trials you could") {
		t.Fatal("a report without trial context has the trials section")
	}
	q := assess.TrialQuery{Cond: "Multiple Sclerosis", Intr: "mesenchymal stem cells"}
	site.Findings[0].Trials = []assess.TrialContext{{CellType: "adipose-svf", Query: q, Total: 42, Recruiting: 7, SearchURL: q.SearchURL(),
		Examples: []assess.TrialExample{{NCTID: "NCT09990001", Title: "Cells in Progressive MS", Status: "RECRUITING", URL: "https://clinicaltrials.gov/study/NCT09990001"}}}}
	site.Findings[1].Trials = []assess.TrialContext{{CellType: "umbilical-msc", Query: assess.TrialQuery{Cond: "Type 1 Diabetes", Intr: "x"}, Examples: []assess.TrialExample{}}}
	_, text := siteFile(t, dir, site)
	text = squash(text)
	for _, want := range []string{"Registered trials you could point readers to", "42 interventional studies registered, 7 recruiting.",
		"NCT09990001 · recruiting · Cells in Progressive MS", "ClinicalTrials.gov lists no interventional study.",
		"A registered study is not evidence that a treatment works"} {
		assertText(t, "site.pdf", text, want)
	}
}
