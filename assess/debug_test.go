package assess

import (
	"os"
	"testing"
)

func TestDebugCorpus(t *testing.T) {
	dir := os.Getenv("SITES_DEBUG")
	if dir == "" {
		t.Skip()
	}
	a, ex := defaultAssessor(t)
	for _, s := range loadSiteCorpus(t, ex, dir) {
		if only := os.Getenv("SITE"); only != "" && only != s.name {
			continue
		}
		res := a.Assess(s.name, s.claims)
		for _, f := range res.Findings {
			t.Logf("%s | %s %s %v prices=%d", s.name, f.Severity, f.ConditionLabel, f.CellTypes, len(f.Prices))
			for _, e := range f.OfferEvidence {
				t.Logf("    ev %s %s %s %q", e.Kind, e.PageRole, e.URL, clip(e.Quote, 100))
			}
			for _, p := range f.Prices {
				t.Logf("    price %s %s (%s)", p.Text, p.URL, p.Why)
			}
			for _, fl := range f.Flags {
				t.Logf("    flag %s %s: %s", fl.ID, fl.Severity, clip(fl.Reason, 200))
			}
		}
		for _, p := range res.OtherPrices {
			t.Logf("    other price %s %s (%s)", p.Text, p.URL, p.Why)
		}
	}
}
