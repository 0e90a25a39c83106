package assess

import (
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess/registry"
	"github.com/clinicaudit/clinicaudit/extract"
)

// Registry records as the client returns them for the demo fixtures.
var (
	ridgelineStudy = registry.Study{NCTID: "NCT09284416", Found: true, URL: registry.StudyURL("NCT09284416"),
		Title: "Mesenchymal Stromal Cells for Knee Osteoarthritis (KNEE-MSC-2)", OverallStatus: "RECRUITING", StudyType: "INTERVENTIONAL",
		Phases: []string{"PHASE2"}, LeadSponsor: "Ridgeline University", SponsorClass: "OTHER", Conditions: []string{"Knee Osteoarthritis"},
		Interventions: []registry.Intervention{{Type: "BIOLOGICAL", Name: "Allogeneic mesenchymal stromal cells",
			Description: "A single intra-articular injection of 40 million bone marrow-derived mesenchymal stromal cells."}, {Type: "OTHER", Name: "Saline"}},
		Locations: []registry.Location{{Facility: "Ridgeline University Orthopaedic Research Center", City: "Ridgeline", Country: "United States"}},
		Countries: []string{"United States"}, CheckedAt: "2026-11-20T09:00:00Z"}
	novacellStudy = registry.Study{NCTID: "NCT09571348", Found: true, URL: registry.StudyURL("NCT09571348"),
		Title: "Umbilical Cord Mesenchymal Stem Cells in Knee Osteoarthritis: an Open-Label Registry", OverallStatus: "WITHDRAWN",
		LeadSponsor: "NovaCell Regenerative Research Institute, LLC", SponsorClass: "INDUSTRY", Conditions: []string{"Osteoarthritis, Knee"},
		Interventions: []registry.Intervention{{Type: "BIOLOGICAL", Name: "Umbilical cord mesenchymal stem cells", OtherNames: []string{"UC-MSC"}}},
		Locations:     []registry.Location{{Facility: "NovaCell Regenerative Research Institute", City: "Lakeport", Country: "United States"}},
		CheckedAt:     "2026-11-20T09:00:00Z"}
	drugStudy = registry.Study{NCTID: "NCT01111111", Found: true, Title: "Ibuprofen for Knee Pain", OverallStatus: "COMPLETED",
		LeadSponsor: "Sunrise Stem Cell Clinic", Conditions: []string{"Knee Osteoarthritis"},
		Interventions: []registry.Intervention{{Type: "DRUG", Name: "Ibuprofen"}}}
)

func cite(id string) extract.Claim {
	return c("/study.html", "cue:trial", "Our protocol is registered at ClinicalTrials.gov under "+id+".")
}

// offerFinding is a condition finding as Assess makes it.
func offerFinding(cond string, status Status, paid bool, cells ...string) Finding {
	f := Finding{Site: "clinic.example", Condition: cond, ConditionLabel: cond, Status: status, CellTypes: cells}
	if paid {
		f.Flags = []Flag{{ID: FlagUnprovenPaid, Severity: High}}
	}
	f.Severity = highest(f.Flags)
	return f
}

func registryFinding(fs []Finding) (Finding, bool) {
	for _, f := range fs {
		if f.ConditionLabel == "Site-wide: Registry numbers cited" {
			return f, true
		}
	}
	return Finding{}, false
}

func TestCheckRegistry(t *testing.T) {
	v, err := extract.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	a := &Assessor{Vocab: v}
	knee := func(paid bool, cells ...string) Finding {
		return offerFinding("knee-osteoarthritis", Investigational, paid, cells...)
	}
	for _, tc := range []struct {
		name     string
		findings []Finding
		cites    []string
		reg      Registry
		severity Severity // of the registry finding; "" for none at all
		want     []string // substrings of the mismatches, in order
		sponsor  bool
	}{
		{name: "matching university trial, free", findings: []Finding{knee(false, "mesenchymal")}, cites: []string{"NCT09284416"},
			reg:      Registry{Studies: map[string]registry.Study{"NCT09284416": ridgelineStudy}, SiteName: "Ridgeline University KNEE-MSC-2 Study", Places: []string{"Ridgeline"}},
			severity: None, sponsor: true},
		{name: "withdrawn study, other conditions, paid", cites: []string{"NCT09571348"},
			findings: []Finding{knee(true, "umbilical-cord"), offerFinding("autism", NoClinicalEvidence, true, "umbilical-cord"), offerFinding("multiple-sclerosis", Investigational, true, "umbilical-cord")},
			reg:      Registry{Studies: map[string]registry.Study{"NCT09571348": novacellStudy}, SiteName: "NovaCell Regenerative Research Institute"},
			severity: High, sponsor: true, want: []string{"withdrawn", "for Autism spectrum disorder, Multiple sclerosis, but the registered study is of Osteoarthritis, Knee"}},
		{name: "same, not charging", cites: []string{"NCT09571348"},
			findings: []Finding{knee(false, "umbilical-cord")},
			reg:      Registry{Studies: map[string]registry.Study{"NCT09571348": novacellStudy}, SiteName: "NovaCell Regenerative Research Institute"},
			severity: Medium, sponsor: true, want: []string{"withdrawn"}},
		{name: "no such study", cites: []string{"NCT00000404"}, findings: []Finding{knee(true, "adipose-svf")},
			reg:      Registry{Studies: map[string]registry.Study{"NCT00000404": {NCTID: "NCT00000404", URL: registry.StudyURL("NCT00000404")}}, SiteName: "Sunrise Stem Cell Clinic"},
			severity: High, want: []string{"no study with this number"}},
		{name: "clinic is neither sponsor nor site", cites: []string{"NCT09284416"}, findings: []Finding{knee(true, "mesenchymal")},
			reg:      Registry{Studies: map[string]registry.Study{"NCT09284416": ridgelineStudy}, SiteName: "Sunrise Stem Cell Clinic"},
			severity: High, want: []string{"neither the sponsor (Ridgeline University) nor one of the 1 listed locations"}},
		{name: "other cells than sold", cites: []string{"NCT09571348"}, findings: []Finding{knee(true, "adipose-svf")},
			reg:      Registry{Studies: map[string]registry.Study{"NCT09571348": {NCTID: "NCT09571348", Found: true, OverallStatus: "RECRUITING", LeadSponsor: "NovaCell", Conditions: []string{"Knee Osteoarthritis"}, Interventions: novacellStudy.Interventions}}, SiteName: "NovaCell"},
			severity: High, sponsor: true, want: []string{"sells Adipose / fat-derived cells (SVF), but the registered study tests Umbilical cord mesenchymal stem cells"}},
		{name: "a drug, not cells", cites: []string{"NCT01111111"}, findings: []Finding{knee(true, "mesenchymal")},
			reg:      Registry{Studies: map[string]registry.Study{"NCT01111111": drugStudy}, SiteName: "Sunrise Stem Cell Clinic"},
			severity: High, sponsor: true, want: []string{"tests Ibuprofen, not a cell product"}},
		{name: "lookup failed: nothing added", cites: []string{"NCT09284416"}, findings: []Finding{knee(true, "mesenchymal")},
			reg: Registry{Failed: map[string]string{"NCT09284416": "registry unavailable"}, SiteName: "Sunrise"}},
		{name: "only proven uses: recorded, not flagged", cites: []string{"NCT00000404"},
			findings: []Finding{offerFinding("leukemia", StandardOfCare, false, "hsct")},
			reg:      Registry{Studies: map[string]registry.Study{"NCT00000404": {NCTID: "NCT00000404"}}, SiteName: "Lakeshore"},
			severity: None, want: []string{"no study with this number"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var claims []extract.Claim
			for _, id := range tc.cites {
				claims = append(claims, cite(id))
			}
			in := Assessment{Findings: append([]Finding(nil), tc.findings...)}
			out := a.CheckRegistry(in, claims, tc.reg)
			f, ok := registryFinding(out.Findings)
			if tc.severity == "" {
				if ok || len(out.Findings) != len(tc.findings) {
					t.Fatalf("findings = %+v, want them unchanged", out.Findings)
				}
				return
			}
			if !ok {
				t.Fatalf("no registry finding in %+v", out.Findings)
			}
			if f.Severity != tc.severity {
				t.Errorf("severity = %s, want %s (flags %+v)", f.Severity, tc.severity, f.Flags)
			}
			if len(f.Registry) != len(tc.cites) {
				t.Fatalf("registry = %+v, want %d checks", f.Registry, len(tc.cites))
			}
			rc := f.Registry[0]
			all := strings.Join(rc.Mismatches, " | ")
			if len(rc.Mismatches) != len(tc.want) {
				t.Errorf("mismatches = %q, want %d", all, len(tc.want))
			}
			for i, w := range tc.want {
				if i < len(rc.Mismatches) && !strings.Contains(rc.Mismatches[i], w) {
					t.Errorf("mismatch %d = %q, want it to contain %q", i, rc.Mismatches[i], w)
				}
			}
			if rc.SponsorMatch != tc.sponsor {
				t.Errorf("sponsor match = %v, want %v", rc.SponsorMatch, tc.sponsor)
			}
			if len(f.Quotes) == 0 || !strings.Contains(f.Quotes[0].Sentence, tc.cites[0]) {
				t.Errorf("quotes = %+v, want the sentence citing %s", f.Quotes, tc.cites[0])
			}
			if tc.severity != None && (len(f.Flags) != 1 || f.Flags[0].ID != FlagRegistryMismatch || !strings.Contains(f.Flags[0].Reason, tc.want[0])) {
				t.Errorf("flags = %+v, want registry-mismatch naming %q", f.Flags, tc.want[0])
			}
			if tc.severity == High && out.Findings[0].Severity != High {
				t.Errorf("findings not sorted by severity: first is %s", out.Findings[0].Severity)
			}
		})
	}
}

func TestCheckRegistryCityMatch(t *testing.T) {
	v, _ := extract.DefaultVocabulary()
	out := (&Assessor{Vocab: v}).CheckRegistry(Assessment{Findings: []Finding{offerFinding("knee-osteoarthritis", Investigational, false, "mesenchymal")}},
		[]extract.Claim{cite("NCT09284416")}, Registry{Studies: map[string]registry.Study{"NCT09284416": ridgelineStudy}, SiteName: "Ridgeline University", Places: []string{"Ridgeline"}})
	f, _ := registryFinding(out.Findings)
	if len(f.Registry) != 1 || !f.Registry[0].CityMatch || !f.Registry[0].LocationMatch {
		t.Errorf("registry = %+v, want location and city matches", f.Registry)
	}
	if !strings.Contains(f.EvidenceSummary, "recruiting, phase 2, lead sponsor Ridgeline University (other)") {
		t.Errorf("summary = %q", f.EvidenceSummary)
	}
}

func TestCitedNCT(t *testing.T) {
	claims := []extract.Claim{
		c("/a.html", "cue:trial", "Registered as NCT09571348 and nct 09284416."),
		c("/b.html", "condition:autism", "NCT01234567 in a sentence without a trial cue"),
		c("/c.html", "cue:trial", "See NCT09571348 again."),
	}
	got := CitedNCT(claims)
	if strings.Join(got, ",") != "NCT09571348,NCT09284416" {
		t.Errorf("CitedNCT = %v", got)
	}
}
