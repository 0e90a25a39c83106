package extract

import (
	"fmt"
	"testing"
)

func TestZZProbe(t *testing.T) {
	e, _ := NewDefault()
	e.Entities = false
	for _, s := range []string{
		"Your website states that your product treats conditions including arthritis, COPD, heart failure, and erectile dysfunction.",
		"The clinic claimed its stem cell injections could treat macular degeneration, glaucoma and diabetic retinopathy.",
		"Stem cell therapy for orthopedic conditions, autoimmune conditions, and neurological conditions.",
		"Our regenerative therapy addresses degenerative joint disease, torn ligaments and tendonitis.",
		"Umbilical cord blood-derived stem cells were marketed for cerebral palsy and autism spectrum disorders.",
		"Patients with ALS, MS, and Parkinson's received infusions of expanded adipose-derived stem cells.",
		"The product, derived from human amniotic membrane and amniotic fluid, was promoted for knee pain.",
		"We treat chronic obstructive pulmonary disease (COPD), emphysema and interstitial lung disease.",
		"Stem cells can help with neurodegenerative disorders such as dementia.",
		"Wharton's jelly-derived MSCs are injected intravenously for long COVID and chronic fatigue.",
		"The therapy reverses aging, restores hair and rejuvenates skin.",
		"Bone marrow derived stem cells for avascular necrosis of the hip.",
		"Exosome therapy for hair loss and wrinkles.",
		"Many patients with diabetes type II have reduced their insulin.",
		"Treatment of kidney disease, renal failure and liver disease.",
		"He suffered from a spinal cord injury and traumatic brain injury after a car accident.",
		"Heart disease patients and those with congestive heart failure can benefit.",
		"The centre offers treatments for Lyme disease, fibromyalgia and chronic pain.",
		"Stem cells for ED and Peyronie's.",
		"Cells harvested from your hip bone are concentrated and reinjected.",
		"Cells taken from the placenta after a healthy birth.",
	} {
		r, _ := e.Extract(Input{URL: "http://x.example/", Body: []byte("<html lang=en><body><p>" + s + "</p></body></html>")})
		var got []string
		for _, c := range r.Claims {
			if c.Kind == KindCondition || c.Kind == KindCellType {
				n := ""
				if c.Negated {
					n = "!"
				}
				got = append(got, n+c.ID)
			}
		}
		fmt.Println(s, "=>", got)
	}
}
