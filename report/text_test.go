package report

import (
	"strings"
	"testing"
	"unicode"

	"github.com/clinicaudit/clinicaudit/assess"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"  spaced \t out\n\nlines  ", "spaced out lines"},
		{"Células madre: 7.500 € · β-cells", "Células madre: 7.500 € · β-cells"},
		{"e\u0301", "é"}, // decomposed accent is composed (NFC)
		{"Results 🌟 guaranteed 😀", "Results " + Placeholder + " guaranteed " + Placeholder},
		{"治疗糖尿病", Placeholder},                          // a run of undrawable runes is one placeholder
		{"עברית عربى", Placeholder + " " + Placeholder}, // RTL scripts the fonts lack
		{"\u202Eevil\u202C", "evil"},                    // bidi overrides dropped
		{"zero\u200Bwidth soft\u00ADhyphen", "zerowidth softhyphen"},
		{"bell\x07 nul\x00 del\x7f", "bell nul del"},
		{"❤️", Placeholder}, // U+2764 + variation selector
		{"👨\u200D👩\u200D👧", Placeholder},
		{"bad \xff\xfe utf8", "bad " + Placeholder + " utf8"},
		{"Приём", "Приём"}, // Cyrillic is in the Go fonts
		{"", ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCleanOnlyDrawable feeds every rune of the BMP and beyond through
// clean: what comes out must be drawable by the fonts, or a space.
func TestCleanOnlyDrawable(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r < 0x11000; r += 7 {
		b.WriteRune(r)
	}
	for _, r := range clean(b.String()) {
		if r != ' ' && !drawable(r) {
			t.Fatalf("clean let %U through", r)
		}
		if r > 0xFFFF || unicode.IsControl(r) {
			t.Fatalf("clean let %U through", r)
		}
	}
}

func TestClip(t *testing.T) {
	if got := clip(strings.Repeat("a", 50), 10); got != "aaaaaaaaaa […]" {
		t.Errorf("clip = %q", got)
	}
	if got := clip("short", 10); got != "short" {
		t.Errorf("clip = %q", got)
	}
}

// TestWrapNeverOverflows checks that no wrapped line is wider than the
// width asked for, and that wrapping loses no text.
func TestWrapNeverOverflows(t *testing.T) {
	pdf := newDoc(fixtureScan(), "t", "", "").pdf
	pdf.SetFont(family, "", 9)
	inputs := []string{
		"A short sentence.",
		strings.Repeat("Supercalifragilistic", 40),
		"http://example.com/" + strings.Repeat("very-long-path-segment/", 30) + "?q=" + strings.Repeat("x", 200),
		clean("Results 🌟 guaranteed 😀 " + strings.Repeat("word ", 200)),
		clean("Tratamos la artrosis de rodilla con células madre de médula ósea: recupere la movilidad sin cirugía."),
		"a",
		"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
	}
	for _, w := range []float64{3, 20, 40, 120} {
		for _, in := range inputs {
			lines := wrap(pdf, in, w)
			for _, l := range lines {
				if lw := pdf.GetStringWidth(l); lw > w+1e-9 && len([]rune(l)) > 1 {
					t.Errorf("wrap(%.20q…, %v): line %q is %.2f wide", in, w, l, lw)
				}
			}
			if got, want := strings.Join(strings.Fields(strings.Join(lines, "")), ""), strings.Join(strings.Fields(in), ""); got != want {
				t.Errorf("wrap(%.20q…, %v) lost text", in, w)
			}
		}
	}
	// A URL breaks after a slash or hyphen when it can.
	lines := wrap(pdf, "http://example.com/"+strings.Repeat("segment/", 30), 40)
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasSuffix(l, "/") {
			t.Errorf("URL line %q does not end at a slash", l)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {12500, "12,500"}, {95000, "95,000"},
		{1234567, "1,234,567"}, {99.5, "99.50"}, {1e12, "1,000,000,000,000"},
	}
	for _, tt := range tests {
		if got := formatAmount(tt.in); got != tt.want {
			t.Errorf("formatAmount(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatPrice(t *testing.T) {
	tests := []struct {
		in   assess.PriceRef
		want string
	}{
		{assess.PriceRef{Amount: 5000, Currency: "USD", Qualifier: "from"}, "from USD 5,000"},
		{assess.PriceRef{Amount: 18000, AmountMax: 25000, Currency: "USD", Per: "package"}, "USD 18,000–25,000 per package"},
		{assess.PriceRef{Amount: 3200}, "3,200 (currency not stated)"},
		{assess.PriceRef{Text: "contact us"}, "contact us"},
	}
	for _, tt := range tests {
		if got := formatPrice(tt.in); got != tt.want {
			t.Errorf("formatPrice(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCitationLink(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Smith J. Title. Journal 2021. doi:10.2337/dc20-2560", "https://doi.org/10.2337/dc20-2560"},
		{"See https://doi.org/10.1016/S1474-4422(23)00001-1.", "https://doi.org/10.1016/S1474-4422(23)00001-1"},
		{"FDA. https://www.fda.gov/page.", "https://www.fda.gov/page"},
		{"Kuriyan AE. NEJM 2017. PMID: 28296617", "https://pubmed.ncbi.nlm.nih.gov/28296617/"},
		{"ISSCR guidelines 2021", ""},
	}
	for _, tt := range tests {
		if got := citationLink(tt.in); got != tt.want {
			t.Errorf("citationLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLinkTarget(t *testing.T) {
	tests := []struct {
		in       string
		relative bool
		want     string
	}{
		{"http://127.0.0.1:41233/prices", false, "http://127.0.0.1:41233/prices"},
		{"https://ex.example/a b/ñ", false, "https://ex.example/a%20b/%C3%B1"},
		{"javascript:alert(1)", false, ""},
		{"JAVASCRIPT:alert(1)", true, ""},
		{"file:///etc/passwd", true, ""},
		{"reports/a.pdf", true, "reports/a.pdf"},
		{"reports/a.pdf", false, ""},
	}
	for _, tt := range tests {
		if got := linkTarget(tt.in, tt.relative); got != tt.want {
			t.Errorf("linkTarget(%q, %v) = %q, want %q", tt.in, tt.relative, got, tt.want)
		}
	}
}

func TestHeadline(t *testing.T) {
	one := spanishSite()
	if got, want := headline(one), "1 finding of high severity: the site charges for a stem-cell treatment of a condition for which the evidence table records no approved or standard-of-care use of the cells offered."; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
	medium := spanishSite()
	medium.Findings = medium.Findings[1:]
	if got, want := headline(medium), "No findings of high severity; 1 finding of medium severity."; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
	if got, want := headline(hospitalSite()), "No findings of high or medium severity."; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
}
