package assess

import (
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/extract"
)

// TestBuiltinTable checks the shipped evidence table against the shipped
// vocabularies: it validates, every condition has a row for any cell type
// (so no offered condition is "unknown"), and spot checks of rows the
// seed documents and domain research give.
func TestBuiltinTable(t *testing.T) {
	v, err := extract.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	tab, err := DefaultTable(v)
	if err != nil {
		t.Fatalf("built-in evidence table: %v", err)
	}
	if tab.Source != "built-in" || len(tab.SHA256) != 64 || tab.Date == "" {
		t.Errorf("table identity = %q %q %q", tab.Source, tab.SHA256, tab.Date)
	}
	any := map[string]bool{}
	for _, r := range tab.Rows {
		if r.CellType == "*" && r.Route == "" && r.Jurisdiction == "" {
			any[r.Condition] = true
		}
	}
	for _, c := range v.Conditions {
		if !any[c.ID] {
			t.Errorf("condition %s has no %s,* row in seeds/evidence.csv", c.ID, c.ID)
		}
		if _, ok := tab.Lookup(c.ID, "unspecified", "", ""); !ok {
			t.Errorf("Lookup(%s, unspecified) found no row", c.ID)
		}
	}
	// Spot checks of facts the seed documents and domain research give.
	for _, tt := range []struct {
		cond, cell string
		want       Status
		mention    string
	}{
		{"autism", "cord-blood", NegativeTrials, "Dawson"},
		{"type-2-diabetes", "mesenchymal", Investigational, "Zhang et al."},
		{"osteoporosis", "mesenchymal", NoClinicalEvidence, ""},
		{"macular-degeneration", "adipose-svf", HarmDocumented, "Kuriyan"},
		{"leukemia", "hsct", StandardOfCare, ""},
		{"knee-osteoarthritis", "bone-marrow", NegativeTrials, "MILES"},
	} {
		r, ok := tab.Lookup(tt.cond, tt.cell, "intravitreal", "")
		if !ok || r.Status != tt.want || !strings.Contains(r.Summary, tt.mention) {
			t.Errorf("Lookup(%s, %s) = %s %q, want %s mentioning %q", tt.cond, tt.cell, r.Status, r.Summary, tt.want, tt.mention)
		}
	}
}
