package extract

import "testing"

func TestCoordinatedOrgansAndDiabetesTypes(t *testing.T) {
	e := defaultExtractor(t)
	for _, tt := range []struct{ lang, text, want string }{
		{"en", "We treat lung and kidney diseases with stem cells.", "kidney-disease lung-disease"},
		{"en", "Stem cells for heart, lung and liver disease.", "heart-disease liver-disease lung-disease"},
		{"en", "Stem cells for knee pain, heart disease and autism.", "autism heart-disease joint-pain"},
		{"en", "We do not treat heart or lung disease with stem cells.", "!heart-disease !lung-disease"},
		{"en", "Stem cell treatments for diabetes I and II types.", "type-1-diabetes type-2-diabetes"},
		{"en", "Stem cells for diabetes type 1 and 2.", "type-1-diabetes type-2-diabetes"},
		{"en", "Stem cells for diabetes, one of our programmes.", "diabetes"},
		{"en", "Stem cells for diabetes in 2 weeks.", "diabetes"},
		{"es", "Células madre para enfermedades del corazón y del pulmón.", "heart-disease lung-disease"},
		{"en", "Stem cells for type 1 diabetes and type 2.", "type-1-diabetes type-2-diabetes"},
		{"en", "Stem cells for type 1 diabetes and 2 other conditions.", "type-1-diabetes"},
		{"fr", "Nous traitons le diabète de type 1 et de type 2 par cellules souches.", "type-1-diabetes type-2-diabetes"},
	} {
		if g := conditionsOn(t, e, tt.lang, "<p>"+tt.text+"</p>"); g != tt.want {
			t.Errorf("%q: %q, want %q", tt.text, g, tt.want)
		}
	}
}

// TestHarmsAreNoMentions checks the corpus rule that conditions named only
// as complications or side effects of a treatment are not coded.
func TestHarmsAreNoMentions(t *testing.T) {
	e := defaultExtractor(t)
	for _, tt := range []struct{ lang, html, want string }{
		{"en", "<p>Possible complications include graft-versus-host disease and stroke.</p>", ""},
		{"en", "<p>We treat stroke with stem cells; side effects include fever.</p>", "stroke"},
		{"en", "<p>Osteoarthritis can cause joint pain.</p>", "joint-pain osteoarthritis"},
		{"es", "<p>Las complicaciones de la diabetes son muchas.</p>", "diabetes"},
		{"es", "<h2>Complicaciones de la diabetes</h2><ul><li>Enfermedad renal</li></ul>", "diabetes kidney-disease"},
		{"pl", "<h2>Powikłania</h2><ul><li>choroba przeszczep przeciwko gospodarzowi (GvHD)</li></ul>", ""},
		{"de", "<p>Mögliche Nebenwirkungen wie ein Schlaganfall sind selten.</p>", ""},
	} {
		if g := conditionsOn(t, e, tt.lang, tt.html); g != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.html, g, tt.want)
		}
	}
}

// TestApprovalDenialKeepsCellType checks that denying a product's approval
// does not negate the product, while denying its use does.
func TestApprovalDenialKeepsCellType(t *testing.T) {
	e := defaultExtractor(t)
	for _, tt := range []struct{ lang, text, want string }{
		{"en", "There are no FDA-approved exosome products.", "exosomes"},
		{"en", "We do not use exosome products.", "!exosomes"},
		{"de", "Es gibt keine zugelassenen Exosomen-Präparate.", "exosomes"},
	} {
		r, err := e.Extract(Input{URL: "http://x.example/", Body: []byte(`<html lang="` + tt.lang + `"><body><p>` + tt.text + `</p></body></html>`)})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, c := range r.Claims {
			if c.Kind == KindCellType && c.ID == "exosomes" {
				got = c.ID
				if c.Negated {
					got = "!" + got
				}
			}
		}
		if got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}
