package assess

import (
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess/registry"
)

func TestDefaultTrialQueries(t *testing.T) {
	a, _ := defaultAssessor(t)
	q, err := DefaultTrialQueries(a.Vocab)
	if err != nil {
		t.Fatal(err)
	}
	if q.Conditions["knee-osteoarthritis"] != "Knee Osteoarthritis" || q.Cells["mesenchymal"] == "" || q.Date == "" || q.SHA256 == "" {
		t.Errorf("built-in trial queries: %+v", q)
	}
	if _, ok := q.Cells["prp"]; ok {
		t.Error("PRP is not a cell therapy and must have no query term")
	}
}

func TestLoadTrialQueriesErrors(t *testing.T) {
	a, _ := defaultAssessor(t)
	bad := "kind,id,term,reviewed\n" +
		"condition,knee-osteoarthritis,Knee Osteoarthritis,2026-11-30\n" +
		"condition,no-such-condition,X,2026-11-30\n" +
		"cell_type,no-such-cells,X,2026-11-30\n" +
		"drug,mesenchymal,X,2026-11-30\n" +
		"cell_type,mesenchymal,,2026-11-30\n" +
		"cell_type,bone-marrow,bone marrow,30/11/2026\n" +
		"condition,knee-osteoarthritis,Knee OA,2026-11-30\n" +
		"condition,stroke,Stroke,2999-01-01\n"
	_, err := LoadTrialQueries([]byte(bad), "tq.csv", a.Vocab)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`tq.csv:3: unknown condition id "no-such-condition"`,
		`tq.csv:4: unknown cell_type id "no-such-cells"`,
		`tq.csv:5: bad kind "drug"`,
		`tq.csv:6: term is empty`,
		`tq.csv:7: bad reviewed date "30/11/2026"`,
		`tq.csv:8: duplicate condition knee-osteoarthritis, first on line 2`,
		`tq.csv:9: reviewed date 2999-01-01 is in the future`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := LoadTrialQueries([]byte("kind,id,term\n"), "tq.csv", a.Vocab); err == nil || !strings.Contains(err.Error(), `tq.csv:1: missing column "reviewed"`) {
		t.Errorf("missing column: %v", err)
	}
}

func TestAddTrials(t *testing.T) {
	q := &TrialQueries{Conditions: map[string]string{"stroke": "Stroke", "gvhd": "GVHD"},
		Cells: map[string]string{"mesenchymal": "MSC", "adipose-svf": "SVF"}}
	as := Assessment{Findings: []Finding{
		{Condition: "stroke", Status: NegativeTrials, CellTypes: []string{"mesenchymal", "prp", "adipose-svf"}},
		{Condition: "gvhd", Status: Approved, CellTypes: []string{"mesenchymal"}},             // proven: no trial context
		{Condition: "autism", Status: NoClinicalEvidence, CellTypes: []string{"mesenchymal"}}, // no term
		{Condition: "", Status: Unknown, CellTypes: []string{"mesenchymal"}},                  // site-wide
	}}
	want := []TrialQuery{{"Stroke", "MSC"}, {"Stroke", "SVF"}}
	got := q.TrialSearches(as)
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("searches %+v, want %+v", got, want)
	}
	st := func(id, status string) registry.Study {
		return registry.Study{NCTID: id, Found: true, Title: "T " + id, OverallStatus: status}
	}
	res := map[TrialQuery]TrialResult{want[0]: {Total: 37, Recruiting: 2,
		Studies: []registry.Study{st("NCT09000001", "RECRUITING"), st("NCT09000002", "RECRUITING"), st("NCT09000001", "RECRUITING"), st("NCT09000003", "COMPLETED"), st("NCT09000004", "COMPLETED")}}}
	out := q.AddTrials(as, res)
	tr := out.Findings[0].Trials
	if len(tr) != 1 || tr[0].CellType != "mesenchymal" || tr[0].Total != 37 || tr[0].Recruiting != 2 || tr[0].Query != want[0] {
		t.Fatalf("trials %+v", tr)
	}
	var ids []string
	for _, e := range tr[0].Examples {
		ids = append(ids, e.NCTID)
	}
	if strings.Join(ids, " ") != "NCT09000001 NCT09000002 NCT09000003" || tr[0].Examples[0].URL != "https://clinicaltrials.gov/study/NCT09000001" {
		t.Errorf("examples %+v", tr[0].Examples)
	}
	if !strings.Contains(tr[0].SearchURL, "cond=Stroke") || !strings.Contains(tr[0].SearchURL, "intr=MSC") {
		t.Errorf("search URL %s", tr[0].SearchURL)
	}
	for _, f := range out.Findings[1:] {
		if len(f.Trials) != 0 {
			t.Errorf("%q has trial context %+v", f.Condition, f.Trials)
		}
	}
	if off := q.AddTrials(as, nil); len(off.Findings[0].Trials) != 0 {
		t.Error("no results (registry off) must add nothing")
	}
}
