package assess

import (
	"testing"

	"github.com/clinicaudit/clinicaudit/extract"
)

// cl builds a claim on a page with a role, in a unit of a kind.
func cl(url, role, unitKind, heading, kindID, sentence string) extract.Claim {
	c := c(url, kindID, sentence)
	c.PageRole, c.UnitKind, c.Heading = role, unitKind, heading
	return c
}

func TestIsComplicationMention(t *testing.T) {
	for _, tt := range []struct {
		sentence, text string
		want           bool
	}{
		{"Long courses of steroids may cause diabetes and thinning bones.", "diabetes", true},
		{"Iron overload from many transfusions leads to liver disease.", "liver disease", true},
		{"Complications such as graft-versus-host disease can occur.", "graft-versus-host disease", true},
		{"Patients at risk of stroke need monitoring.", "stroke", true},
		{"We treat knee osteoarthritis with your own bone marrow cells.", "knee osteoarthritis", false},
		{"Stem cell therapy for multiple sclerosis.", "multiple sclerosis", false},
	} {
		got := isComplicationMention(extract.Claim{Sentence: tt.sentence, Text: tt.text})
		if got != tt.want {
			t.Errorf("isComplicationMention(%q, %q) = %v, want %v", tt.sentence, tt.text, got, tt.want)
		}
	}
}

func TestOfferEvidence(t *testing.T) {
	cell := func(url, role, unitKind, heading, s string) extract.Claim {
		return cl(url, role, unitKind, heading, "cell_type:unspecified", s)
	}
	for _, tt := range []struct {
		name   string
		claims []extract.Claim // the last claim is the mention under test
		want   string          // evidence kind, "" for no offer
	}{
		{"offer sentence on a treatment page", []extract.Claim{
			cell("/t", extract.RoleTreatment, extract.UnitParagraph, "", "We treat COPD with stem cells."),
			cl("/t", extract.RoleTreatment, extract.UnitParagraph, "", "condition:copd", "We treat COPD with stem cells."),
		}, EvidenceOfferSentence},
		{"publication title in a bio", []extract.Claim{
			cell("/team/dr-a", extract.RoleAbout, extract.UnitItem, "Selected publications", "Stem cell transplant outcomes in children with ADHD. Blood 2019;12:4."),
			cl("/team/dr-a", extract.RoleAbout, extract.UnitItem, "Selected publications", "condition:adhd", "Stem cell transplant outcomes in children with ADHD. Blood 2019;12:4."),
		}, ""},
		{"research news: may one day treat", []extract.Claim{
			cell("/news/x", extract.RoleArticle, extract.UnitParagraph, "", "Stem cells may one day treat Alzheimer's disease."),
			cl("/news/x", extract.RoleArticle, extract.UnitParagraph, "", "condition:alzheimers", "Stem cells may one day treat Alzheimer's disease."),
		}, ""},
		{"general article that sells nothing", []extract.Claim{
			cell("/blog/x", extract.RoleArticle, extract.UnitParagraph, "", "Mesenchymal stem cells are being tested for lupus."),
			cl("/blog/x", extract.RoleArticle, extract.UnitParagraph, "", "condition:lupus", "Mesenchymal stem cells are being tested for lupus."),
		}, ""},
		{"clinic's own offer in its blog", []extract.Claim{
			cell("/blog/y", extract.RoleArticle, extract.UnitParagraph, "", "Our stem cell protocol for knee osteoarthritis takes one day."),
			cl("/blog/y", extract.RoleArticle, extract.UnitParagraph, "", "condition:knee-osteoarthritis", "Our stem cell protocol for knee osteoarthritis takes one day."),
		}, EvidenceOfferSentence},
		{"conditions list on a page that sells cells", []extract.Claim{
			subject(cell("/stem-cells", extract.RoleTreatment, extract.UnitTitle, "", "Stem Cell Therapy")),
			cl("/stem-cells", extract.RoleTreatment, extract.UnitItem, "Conditions we treat", "condition:lupus", "Lupus"),
		}, EvidenceConditionsList},
		{"conditions list on a weight-loss page", []extract.Claim{
			cl("/weight-loss", extract.RoleTreatment, extract.UnitItem, "Conditions we treat", "condition:type-2-diabetes", "Type 2 diabetes"),
		}, ""},
		{"symptoms list on a condition page", []extract.Claim{
			subject(cell("/conditions/ms", extract.RoleCondition, extract.UnitTitle, "", "Stem Cell Therapy for MS")),
			cl("/conditions/ms", extract.RoleCondition, extract.UnitItem, "Symptoms of MS", "condition:chronic-pain", "Chronic pain"),
		}, ""},
		{"warning about other clinics", []extract.Claim{
			cell("/cord-tissue", extract.RoleTreatment, extract.UnitParagraph, "", "Be cautious of any clinic that offers to inject cord stem cells for arthritis."),
			cl("/cord-tissue", extract.RoleTreatment, extract.UnitParagraph, "", "condition:arthritis", "Be cautious of any clinic that offers to inject cord stem cells for arthritis."),
		}, ""},
		{"complication on a transplant page", []extract.Claim{
			subject(cl("/bmt", extract.RoleTreatment, extract.UnitTitle, "", "cell_type:hsct", "Blood and Marrow Transplant")),
			cl("/bmt", extract.RoleTreatment, extract.UnitParagraph, "", "condition:diabetes", "Long courses of steroids may cause diabetes."),
		}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := gather("clinic.example", tt.claims, nil)
			ev, ok := f.offerEvidence(tt.claims[len(tt.claims)-1])
			got := ""
			if ok {
				got = ev.Kind
			}
			if got != tt.want {
				t.Errorf("offerEvidence = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPriceBelongsTo(t *testing.T) {
	title := subject(cl("/stem-cells", extract.RoleTreatment, extract.UnitTitle, "", "cell_type:unspecified", "Stem Cell Therapy"))
	for _, tt := range []struct {
		name   string
		claims []extract.Claim // the last claim is the price under test
		want   bool
	}{
		{"same row as the cell treatment", []extract.Claim{
			cl("/pricing", extract.RolePricing, extract.UnitRow, "", "cell_type:bone-marrow", "Bone marrow concentrate, one knee | $6,500"),
			cl("/pricing", extract.RolePricing, extract.UnitRow, "", "price:$6,500", "Bone marrow concentrate, one knee | $6,500"),
		}, true},
		{"shop product", []extract.Claim{title,
			cl("/shop/boost", extract.RoleShop, extract.UnitParagraph, "", "price:$79", "Testo Boost, 60 capsules: $79"),
		}, false},
		{"industry range in an article", []extract.Claim{
			cl("/blog/cost", extract.RoleArticle, extract.UnitParagraph, "", "cell_type:unspecified", "Stem cell treatments typically cost $15,000 elsewhere."),
			cl("/blog/cost", extract.RoleArticle, extract.UnitParagraph, "", "price:$15,000", "Stem cell treatments typically cost $15,000 elsewhere."),
		}, false},
		{"comparison table row", []extract.Claim{title,
			cl("/stem-cells", extract.RoleTreatment, extract.UnitRow, "Stem cells vs knee replacement", "price:$35,000", "Total knee replacement | $35,000"),
		}, false},
		{"another service on the treatment page", []extract.Claim{title,
			cl("/stem-cells", extract.RoleTreatment, extract.UnitParagraph, "", "price:$199", "Testosterone therapy is $199 a month."),
		}, false},
		{"a price on the page about the cell treatment", []extract.Claim{title,
			cl("/stem-cells", extract.RoleTreatment, extract.UnitParagraph, "Investment", "price:$4,500", "The treatment is $4,500."),
		}, true},
		{"cord blood storage fee", []extract.Claim{
			cl("/pricing", extract.RolePricing, extract.UnitRow, "", "cell_type:cord-blood", "Cord blood, 20-year prepaid | $4,950"),
			cl("/pricing", extract.RolePricing, extract.UnitRow, "", "price:$4,950", "Cord blood, 20-year prepaid | $4,950"),
		}, false},
		{"payment to trial participants", []extract.Claim{title,
			cl("/stem-cells", extract.RoleTreatment, extract.UnitParagraph, "", "price:$50", "You will receive $50 per visit for travel."),
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := gather("clinic.example", tt.claims, nil)
			why, ok := f.priceBelongsTo(tt.claims[len(tt.claims)-1])
			if ok != tt.want || why == "" {
				t.Errorf("priceBelongsTo = %v (%q), want %v with a reason", ok, why, tt.want)
			}
		})
	}
}

func TestBookingCharges(t *testing.T) {
	a := testAssessor(t)
	claims := []extract.Claim{
		subject(cl("/stem-cells", extract.RoleTreatment, extract.UnitTitle, "", "cell_type:unspecified", "Stem Cell Therapy")),
		cl("/stem-cells", extract.RoleTreatment, extract.UnitItem, "Conditions we treat", "condition:multiple-sclerosis", "Multiple sclerosis"),
		cl("/contact", extract.RoleContact, extract.UnitParagraph, "", "cue:booking", "Send us your medical records and our team will schedule your treatment."),
	}
	var flag Flag
	for _, fd := range a.Site("clinic.example", claims) {
		if fd.Condition == "multiple-sclerosis" && len(fd.Flags) > 0 {
			flag = fd.Flags[0]
		}
	}
	if flag.ID != FlagUnprovenPaid || flag.Severity != High {
		t.Fatalf("flag = %+v, want a high unproven-paid-therapy from booking", flag)
	}
	// The same site saying the treatment is a free registered study is not charging.
	free := append(claims,
		cl("/study", extract.RoleTreatment, extract.UnitParagraph, "", "cue:trial", "This is a registered trial, NCT01234567."),
		cl("/study", extract.RoleTreatment, extract.UnitParagraph, "", "cue:no-cost", "There is no cost to participate in the study."))
	for _, fd := range a.Site("clinic.example", free) {
		if fd.Severity == High {
			t.Errorf("free registered study got a high finding: %+v", fd)
		}
	}
}

// A price per eye is the price of an eye treatment, not of the site's
// other offers.
func TestPricePerEye(t *testing.T) {
	a := testAssessor(t)
	title := subject(cl("/stem-cells", extract.RoleTreatment, extract.UnitTitle, "", "cell_type:unspecified", "Stem Cell Therapy"))
	eye := cl("/stem-cells", extract.RoleTreatment, extract.UnitParagraph, "", "price:€ 3 900", "The eye programme with stem cells costs € 3 900 per eye.")
	eye.Price = &extract.Price{Amount: 3900, Currency: "EUR", Per: "eye"}
	claims := []extract.Claim{title,
		cl("/stem-cells", extract.RoleTreatment, extract.UnitItem, "Conditions we treat", "condition:multiple-sclerosis", "Multiple sclerosis"),
		cl("/stem-cells", extract.RoleTreatment, extract.UnitItem, "Conditions we treat", "condition:macular-degeneration", "Macular degeneration"),
		cl("/stem-cells", extract.RoleTreatment, extract.UnitParagraph, "", "cell_type:unspecified", "The eye programme with stem cells costs € 3 900 per eye."),
		eye,
	}
	got := map[string]int{}
	for _, f := range a.Site("clinic.example", claims) {
		if f.Condition != "" {
			got[f.Condition] = len(f.Prices)
		}
	}
	if got["macular-degeneration"] != 1 || got["multiple-sclerosis"] != 0 {
		t.Errorf("prices per condition = %v, want the per-eye price on macular degeneration only", got)
	}
}
