package extract

import (
	"sort"
	"strings"
	"testing"
)

// TestRealTextVocabulary checks each vocabulary entry and mechanic added for
// real clinic wording (issue 10): tissue and procedure words as cell
// sources, spelling variants, organ- and system-level condition classes,
// and coordinated diabetes types. want lists the (negated with "!") ids of
// the kind found in the sentence; a bare "stem cells" qualified by a
// tissue word is not also unspecified.
func TestRealTextVocabulary(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	e.Entities = false
	for _, tt := range []struct {
		kind, text, want string
	}{
		// lay names of worn knee and hip joints
		{KindCondition, "Stem cells for worn cartilage in the knee.", "knee-osteoarthritis"},
		{KindCondition, "Bone-on-bone knees do well with our injections.", "knee-osteoarthritis"},
		{KindCondition, "Worn-out hips and degenerated knees are what we see most.", "hip-osteoarthritis knee-osteoarthritis"},
		{KindCondition, "Knee degeneration and hip degeneration respond to our protocol.", "hip-osteoarthritis knee-osteoarthritis"},
		{KindCondition, "Our bones carry us; worn shoes do not.", ""},
		// cell sources from tissue and procedure words
		{KindCellType, "Stem cells obtained from the patient's own fat have opened a new door.", "adipose-svf"},
		{KindCellType, "The cells removed from your fat are injected into the knee.", "adipose-svf"},
		{KindCellType, "The cells are harvested from the belly in a mini-liposuction.", "adipose-svf"},
		{KindCellType, "We remove fat tissue from a patient, isolate the portion containing stem cells, and inject it.", "adipose-svf"},
		{KindCellType, "Adipose (fat) tissue is processed in our clinic.", "adipose-svf"},
		{KindCellType, "We offer a bone marrow aspirate injection.", "bone-marrow"},
		{KindCellType, "A marrow aspirate is taken from the hip.", "bone-marrow"},
		{KindCellType, "three of Defendants' stromal vascular stem cell treatments", "adipose-svf"},
		{KindCellType, "Our WJ-MSCs come from donated cords.", "umbilical-cord"},
		{KindCellType, "Nanofat injections for the face.", "adipose-svf"},
		// a bone that marrow cells are drawn from
		{KindCellType, "Cells harvested from your hip bone are concentrated and reinjected.", "bone-marrow"},
		{KindCellType, "Stem cells are drawn from the back of the hip and injected into the knee.", "bone-marrow"},
		{KindCellType, "Las células madre se obtienen de la cresta ilíaca del paciente.", "bone-marrow"},
		{KindCellType, "Stem cells are injected into the hip bone for avascular necrosis.", "unspecified"},
		{KindCellType, "Bone marrow aspirate is drawn from the iliac crest.", "bone-marrow"},
		{KindCellType, "The hip bone is the largest bone of the pelvis.", ""},
		// not a source: fat loss, a negated source, a sentence with no cell word
		{KindCellType, "Fat loss programmes and stem cell facials.", "unspecified"},
		{KindCellType, "We do not use cells from your fat; our stem cells come from cord tissue.", "!adipose-svf umbilical-cord unspecified"},
		{KindCellType, "Liposuction and tummy tucks are offered at our sister clinic.", ""},
		// a product gloss does not drop a separate bare mention
		{KindCellType, "Unapproved products include stem cells, stromal vascular fraction (fat-derived cells), and exosomes.", "adipose-svf exosomes unspecified"},
		// organ- and system-level condition classes
		{KindCondition, "We treat heart disease, lung diseases and nerve diseases.", "heart-disease lung-disease neurological-disease"},
		{KindCondition, "Stem cells for cardiovascular conditions and pulmonary problems.", "heart-disease lung-disease"},
		{KindCondition, "Our program helps heart problems and kidney diseases.", "heart-disease kidney-disease"},
		{KindCondition, "Relief for autoimmune disorders and neurodegenerative diseases.", "autoimmune-disease neurological-disease"},
		{KindCondition, "Tratamos enfermedades pulmonares, enfermedades autoinmunes y enfermedades neurológicas.", "autoimmune-disease lung-disease neurological-disease"},
		{KindCondition, "We do not treat neurological conditions such as MS.", "!multiple-sclerosis !neurological-disease"},
		{KindCondition, "Chronic obstructive pulmonary disease responds to our protocol.", "copd"},
		// coordinated types and other variants
		{KindCondition, "people with type I and II diabetes", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "type 1 and type 2 diabetes", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Achilles tendon ruptures heal faster.", "tendon-injury"},
		{KindCondition, "Nerve pain in the feet.", "neuropathy"},
	} {
		r, err := e.Extract(Input{URL: "http://clinic.example/", Body: []byte("<html lang=\"en\"><body><p>" + tt.text + "</p></body></html>")})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var got []string
		for _, c := range r.Claims {
			if c.Kind != tt.kind {
				continue
			}
			k := c.ID
			if c.Negated {
				k = "!" + k
			}
			if !seen[k] {
				seen[k] = true
				got = append(got, k)
			}
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%q: %s = %q, want %q", tt.text, tt.kind, g, tt.want)
		}
	}
}
