package assess

import (
	"os"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/extract"
)

func testAssessor(t *testing.T) *Assessor {
	t.Helper()
	cf, err := os.Open("testdata/conditions.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	tf, err := os.Open("testdata/celltypes.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer tf.Close()
	v, err := extract.LoadVocabulary(cf, "conditions.csv", tf, "celltypes.csv")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/evidence.csv")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := LoadTable(data, "testdata/evidence.csv", v)
	if err != nil {
		t.Fatal(err)
	}
	return &Assessor{Table: tab, Vocab: v}
}

// c builds a claim: kind:id on page url, in sentence s. A leading "!" on
// the id marks it negated; for prices the id is the price text.
func c(url, kindID, s string) extract.Claim {
	kind, id, _ := strings.Cut(kindID, ":")
	cl := extract.Claim{Site: "clinic.example", URL: "http://clinic.example" + url, Kind: kind, ID: id, Sentence: s, Text: id, Lang: "en"}
	if strings.HasPrefix(id, "!") {
		cl.ID, cl.Negated = id[1:], true
	}
	if kind == extract.KindPrice {
		cl.ID, cl.Text = "price", id
		cl.Price = &extract.Price{Amount: 1, Currency: "USD"}
	}
	return cl
}

// subject marks a claim as part of its page's title or first heading.
func subject(cl extract.Claim) extract.Claim {
	cl.Subject = true
	return cl
}

func withText(cl extract.Claim, text string) extract.Claim {
	cl.Text = text
	return cl
}

// flagsOf renders findings as "condition:flag,flag" strings.
func flagsOf(fs []Finding) map[string]string {
	out := map[string]string{}
	for _, f := range fs {
		key := f.Condition
		if key == "" {
			key = "*" + f.Flags[0].ID
		}
		var ids []string
		for _, fl := range f.Flags {
			ids = append(ids, fl.ID+"/"+string(fl.Severity))
		}
		out[key] = strings.Join(ids, ",")
	}
	return out
}

func TestSiteRules(t *testing.T) {
	a := testAssessor(t)
	const many = "We treat autism, multiple sclerosis, COPD, type 2 diabetes and knee osteoarthritis with stem cells."
	tests := []struct {
		name   string
		claims []extract.Claim
		want   map[string]string // condition (or *flag for site-wide) -> flags; only listed keys are checked
		absent []string          // keys that must not appear
		noHigh bool
		prices map[string]string // condition -> the texts of its attached prices, "|"-joined
	}{
		{
			name: "paid unproven therapy, price on another page",
			claims: []extract.Claim{
				c("/conditions", "condition:autism", "We treat autism with stem cells."),
				c("/conditions", "cell_type:unspecified", "We treat autism with stem cells."),
				c("/prices", "price:$15,000", "Stem cell treatment: $15,000"),
				c("/prices", "cell_type:unspecified", "Stem cell treatment: $15,000"),
				c("/prices", "price:$79", "Vitamin D3 capsules: $79"),
				c("/faq", "cue:risk", "Risks include infection."),
			},
			want:   map[string]string{"autism": "unproven-paid-therapy/high"},
			prices: map[string]string{"autism": "$15,000"},
		},
		{
			name: "disclaimers do not cancel a paid unproven therapy",
			claims: []extract.Claim{
				c("/", "condition:multiple-sclerosis", "Stem cells for multiple sclerosis."),
				c("/", "cell_type:unspecified", "Stem cells for multiple sclerosis."),
				c("/legal", "cue:!cure", "Stem cells are not a cure."),
				c("/legal", "cue:disclaimer", "Not FDA approved."),
				c("/legal", "cue:!approval", "Not FDA approved."),
				c("/prices", "price:$8,900", "Stem cell infusion $8,900"),
				c("/prices", "cell_type:unspecified", "Stem cell infusion $8,900"),
			},
			want:   map[string]string{"multiple-sclerosis": "unproven-paid-therapy/high"},
			absent: []string{"*missing-risk-disclosure", "*approval-claim", "*cure-claim"},
		},
		{
			name: "transplant centre: standard of care, insurance, approval wording",
			claims: []extract.Claim{
				c("/bmt", "condition:leukemia", "We perform bone marrow transplant for leukemia."),
				c("/bmt", "cell_type:hsct", "We perform bone marrow transplant for leukemia."),
				c("/bmt", "cell_type:unspecified", "Stem cells come from a donor."),
				c("/billing", "cue:insurance", "Covered by most insurance plans."),
				c("/products", "cue:approval", "We use FDA-approved cord blood units."),
				c("/learn", "condition:multiple-sclerosis", "What is multiple sclerosis?"),
				c("/warning", "condition:autism", "Some businesses sell injections of amniotic products for autism."),
			},
			want:   map[string]string{"leukemia": ""},
			absent: []string{"multiple-sclerosis", "autism", "*approval-claim", "*missing-risk-disclosure"},
			noHigh: true,
		},
		{
			name: "free registered trial",
			claims: []extract.Claim{
				c("/", "condition:knee-osteoarthritis", "A phase 2 trial of mesenchymal stem cells for knee osteoarthritis."),
				c("/", "cell_type:mesenchymal", "A phase 2 trial of mesenchymal stem cells for knee osteoarthritis."),
				c("/", "cue:trial", "Registered as NCT01234567."),
				c("/", "cue:no-cost", "There is no cost to participate."),
			},
			absent: []string{"*pay-to-participate"},
			noHigh: true,
		},
		{
			name: "pay to participate",
			claims: []extract.Claim{
				c("/study", "condition:copd", "Our patient-funded stem cell study treats COPD."),
				c("/study", "cell_type:unspecified", "Our patient-funded stem cell study treats COPD."),
				c("/study", "cue:trial", "Our patient-funded stem cell study treats COPD."),
				c("/study", "price:$7,500", "The stem cell study fee is $7,500."),
				c("/study", "cell_type:unspecified", "The stem cell study fee is $7,500."),
			},
			want: map[string]string{"copd": "unproven-paid-therapy/high", "*pay-to-participate": "pay-to-participate/high"},
		},
		{
			name: "approval claim and safety claim",
			claims: []extract.Claim{
				subject(c("/", "cell_type:unspecified", "Stem Cell Therapy")),
				c("/", "condition:type-2-diabetes", "Reverse type 2 diabetes with stem cells."),
				c("/", "cell_type:unspecified", "Reverse type 2 diabetes with stem cells."),
				c("/", "cue:cure", "Reverse type 2 diabetes with stem cells."),
				c("/", "cue:registered", "Our lab is FDA registered."),
				c("/", "cue:safety", "No side effects."),
				c("/", "cue:testimonial", "Patient testimonials"),
				c("/", "cue:fee", "Ask about financing."),
			},
			want: map[string]string{
				"type-2-diabetes":          "unproven-paid-therapy/high,cure-claim/medium",
				"*approval-claim":          "approval-claim/high",
				"*safety-claim":            "safety-claim/medium",
				"*testimonials":            "testimonials/low",
				"*missing-risk-disclosure": "missing-risk-disclosure/low",
			},
		},
		{
			name: "harm documented without a price",
			claims: []extract.Claim{
				c("/eye", "condition:macular-degeneration", "Fat-derived stem cells injected into the eye for macular degeneration."),
				c("/eye", "cell_type:adipose-svf", "Fat-derived stem cells injected into the eye for macular degeneration."),
				c("/eye", "cue:risk", "Experimental."),
			},
			want: map[string]string{"macular-degeneration": "harm-documented/high"},
		},
		{
			name: "amniotic sold as stem cells; negated cancer",
			claims: []extract.Claim{
				subject(withText(c("/", "cell_type:placental-amniotic", "Amniotic Stem Cell Injections"), "Amniotic Stem Cell")),
				c("/", "condition:knee-osteoarthritis", "Amniotic stem cells for knee osteoarthritis."),
				withText(c("/", "cell_type:placental-amniotic", "Amniotic stem cells for knee osteoarthritis."), "Amniotic stem cells"),
				c("/", "condition:!cancer", "We do not treat cancer."),
				c("/", "price:$5,000", "$5,000 per knee"),
				c("/", "cue:risk", "Experimental."),
			},
			want:   map[string]string{"knee-osteoarthritis": "unproven-paid-therapy/high", "*not-stem-cells": "not-stem-cells/medium"},
			absent: []string{"cancer"},
		},
		{
			name: "paid stem cells, no known condition named",
			claims: []extract.Claim{
				withText(c("/", "cell_type:mesenchymal", "Mesenchymal stem cell injections for meniscus tears."), "Mesenchymal stem cell"),
				withText(c("/", "cell_type:mesenchymal", "Mesenchymal stem cell injection: $6,000 per injection"), "Mesenchymal stem cell"),
				c("/", "price:$6,000", "Mesenchymal stem cell injection: $6,000 per injection"),
			},
			want: map[string]string{"*unproven-paid-therapy": "unproven-paid-therapy/medium"},
		},
		{
			name:   "transplant centre with no condition named is not flagged",
			claims: []extract.Claim{c("/", "cell_type:hsct", "Bone marrow transplant program."), c("/", "cue:fee", "Pricing and billing")},
			absent: []string{"*unproven-paid-therapy"},
		},
		{
			name: "one product for many unrelated conditions",
			claims: []extract.Claim{
				c("/", "condition:autism", many), c("/", "condition:multiple-sclerosis", many), c("/", "condition:copd", many),
				c("/", "condition:type-2-diabetes", many), c("/", "condition:knee-osteoarthritis", many),
				c("/", "cell_type:unspecified", many), c("/", "cue:risk", "Experimental."),
			},
			want: map[string]string{"*one-cure-for-all": "one-cure-for-all/medium"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := a.Site("clinic.example", tt.claims)
			got := flagsOf(fs)
			for k, w := range tt.want {
				g, ok := got[k]
				if !ok || g != w {
					t.Errorf("finding %q flags = %q (present %v), want %q; all: %v", k, g, ok, w, got)
				}
			}
			for _, f := range fs {
				if w, ok := tt.prices[f.Condition]; ok {
					var got []string
					for _, p := range f.Prices {
						got = append(got, p.Text)
					}
					if g := strings.Join(got, "|"); g != w {
						t.Errorf("%s prices = %q, want %q", f.Condition, g, w)
					}
				}
			}
			for _, k := range tt.absent {
				if _, ok := got[k]; ok {
					t.Errorf("finding %q present, want absent; all: %v", k, got)
				}
			}
			for _, f := range fs {
				if tt.noHigh && f.Severity == High {
					t.Errorf("negative control got a high finding: %+v", f)
				}
				for _, fl := range f.Flags {
					if fl.Reason == "" {
						t.Errorf("flag %s has no reason", fl.ID)
					}
				}
				if len(f.Flags) > 0 && len(f.Citations) == 0 {
					t.Errorf("finding %s has flags but no citation", f.ConditionLabel)
				}
				if f.Severity == High && len(f.Quotes) == 0 && f.Flags[0].ID != FlagMissingRiskDisclos {
					t.Errorf("high finding %s has no quote", f.ConditionLabel)
				}
			}
		})
	}
}

func TestUnprovenPaidReasonNamesEvidenceAndPrice(t *testing.T) {
	a := testAssessor(t)
	fs := a.Site("clinic.example", []extract.Claim{
		c("/", "condition:autism", "Stem cells for autism."),
		c("/", "cell_type:unspecified", "Stem cells for autism."),
		c("/p", "price:$15,000", "Stem cell therapy price: $15,000"),
		c("/p", "cell_type:unspecified", "Stem cell therapy price: $15,000"),
	})
	var reason string
	for _, f := range fs {
		if f.Condition == "autism" {
			reason = f.Flags[0].Reason
			if f.Status != NegativeTrials || len(f.Prices) != 1 || f.Prices[0].Text != "$15,000" {
				t.Errorf("finding = %+v", f)
			}
			var quoted []string
			for _, q := range f.Quotes {
				quoted = append(quoted, q.Sentence)
			}
			if !strings.Contains(strings.Join(quoted, "|"), "Stem cell therapy price: $15,000") {
				t.Errorf("quotes %q lack the price sentence", quoted)
			}
		}
	}
	for _, want := range []string{"Dawson", "$15,000", "autism"} {
		if !strings.Contains(reason, want) {
			t.Errorf("reason %q lacks %q", reason, want)
		}
	}
}

func TestLoadTableErrors(t *testing.T) {
	a := testAssessor(t)
	bad := "condition,cell_type,route,jurisdiction,status,summary,citations,reviewed\n" +
		"autism,*,,,approved,ok,doi:10.1000/x,2026-01-01\n" +
		"autsim,*,,,approved,ok,doi:10.1000/x,2026-01-01\n" +
		"autism,mesenchymal,,,proven,ok,doi:10.1000/x,2026-01-01\n" +
		"autism,adipose-svf,,,approved,ok,,2026-01-01\n" +
		"autism,hsct,,,approved,ok,see a book,01/02/2026\n" +
		"autism,*,,,approved,dup,doi:10.1000/x,2026-01-01\n"
	_, err := LoadTable([]byte(bad), "bad.csv", a.Vocab)
	if err == nil {
		t.Fatal("LoadTable accepted a bad table")
	}
	msg := err.Error()
	for _, want := range []string{
		`bad.csv:3: unknown condition id "autsim"`,
		`bad.csv:4: bad status "proven"`,
		`bad.csv:5: no citation`,
		`bad.csv:6: citation "see a book"`,
		`bad reviewed date "01/02/2026"`,
		`bad.csv:7: duplicate key`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "bad.csv:2:") {
		t.Errorf("good line 2 reported:\n%s", msg)
	}
}

func TestLookupSpecificity(t *testing.T) {
	a := testAssessor(t)
	tests := []struct{ cond, cell, want string }{
		{"multiple-sclerosis", "hsct", "investigational"},
		{"multiple-sclerosis", "mesenchymal", "no-clinical-evidence"},
		{"knee-osteoarthritis", "placental-amniotic", "no-clinical-evidence"}, // cell-specific * row beats condition * row
		{"leukemia", "hsct", "standard-of-care"},
	}
	for _, tt := range tests {
		r, ok := a.Table.Lookup(tt.cond, tt.cell, "", "")
		if !ok || string(r.Status) != tt.want {
			t.Errorf("Lookup(%s, %s) = %v %v, want %s", tt.cond, tt.cell, r.Status, ok, tt.want)
		}
	}
}

func TestConditionNamedAsRisk(t *testing.T) {
	a := testAssessor(t)
	risk := c("/risks", "cue:risk", "Risks include infection and graft-versus-host disease.")
	risk.Text = "Risks include"
	fs := a.Site("clinic.example", []extract.Claim{
		c("/bmt", "condition:leukemia", "We perform bone marrow transplant for leukemia."),
		c("/bmt", "cell_type:hsct", "We perform bone marrow transplant for leukemia."),
		c("/risks", "condition:cancer", "Risks include infection and graft-versus-host disease."),
		risk,
	})
	for _, f := range fs {
		if f.Condition == "cancer" {
			t.Errorf("condition named as a risk became a finding: %+v", f)
		}
	}
}
