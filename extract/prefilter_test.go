package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{`\bno (side effects|risks?)\b`, []string{"side effects", "risk"}},
		{`\bfda[- ]approved\b|\bexempt from fda\b`, []string{"approved", "exempt from fda"}},
		{`\d+ ?%`, []string{"%"}},
		{`\b(cure|heal)s?\b`, []string{"cure", "heal"}},
		{`\w+`, nil},
		{`[€£]\d`, []string{"€", "£"}},
	}
	for _, tt := range tests {
		got := requiredLiterals(tt.pattern)
		sort.Strings(got)
		sort.Strings(tt.want)
		if len(got) != len(tt.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tt.pattern, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("requiredLiterals(%q) = %q, want %q", tt.pattern, got, tt.want)
			}
		}
	}
}

// TestPrefilterNeverSkipsAMatch checks the prefilter of every shipped cue
// pattern against sentences that match it: a sentence the filter would
// skip must not match.
func TestPrefilterNeverSkipsAMatch(t *testing.T) {
	cues, err := DefaultCues()
	if err != nil {
		t.Fatal(err)
	}
	sentences := []string{
		"no side effects and 100% safe", "85% of our patients improve", "fda-approved and fda registered lab",
		"registered with the fda", "nct01234567 clinicaltrials.gov", "ask about financing and packages",
		"there is no cost to participate", "covered by most insurance plans", "read our patient testimonials",
		"not evaluated by the fda. results may vary", "risks include infection", "sin efectos secundarios",
		"licencia sanitaria cofepris", "testimonios de pacientes", "cura y regenera", "tasa de exito del 90 %",
		"we regenerate cartilage", "exempt from fda regulation under section 361", "precio por sesion",
	}
	for _, c := range cues {
		lits := c.lits
		for _, s := range sentences {
			if c.Re.MatchString(s) && !mayMatch(s, lits) {
				t.Errorf("cue %s pattern %q matches %q but its prefilter %q skips it", c.ID, c.Re, s, lits)
			}
		}
	}
	// The money prefilter never skips a price, in any language's pattern,
	// and every pattern's literals are those checked before the page's
	// price context is built (anyMoneyLits).
	for lang, pr := range priceRulesByLang {
		if pr.moneyLits == nil {
			t.Fatalf("%q: no literals derived for the money pattern", lang)
		}
		if strings.Join(pr.moneyLits, "|") != strings.Join(anyMoneyLits, "|") {
			t.Errorf("%q: money literals %q differ from %q", lang, pr.moneyLits, anyMoneyLits)
		}
		for _, s := range []string{"$12,500", "7.500 €", "us$5k", "95 mil pesos", "rs 3-5 lakh", "¥165,000", "s/ 9 800", "rd$ 3,500", "£9,000", "4,500 usd", "$85,000 m.n.", "380,000 baht", "165,000円",
			"r$ 25.000,00", "3 000 zl", "chf 4'500", "fr. 390.-", "250,- €", "12 500 pln", "4 500 $ ca"} {
			if pr.money.MatchString(s) && !mayMatch(s, pr.moneyLits) {
				t.Errorf("%q: money prefilter %q skips %q", lang, pr.moneyLits, s)
			}
			if !pr.money.MatchString(s) {
				t.Errorf("%q: the money pattern does not match %q", lang, s)
			}
		}
	}
	// A pack's multipliers are in its own pattern only.
	if m := priceRulesByLang["pl"].money.FindString("18 tys. zl"); m != "18 tys. zl" {
		t.Errorf("Polish money pattern matched %q in \"18 tys. zl\"", m)
	}
	if m := priceRulesByLang["de"].money.FindString("18 tys. zl"); m == "18 tys. zl" {
		t.Errorf("German money pattern read the Polish multiplier")
	}
}

// TestFilteredWindows checks that matching long text in windows around the
// literals gives the same answers as matching it whole, including at
// window edges where \b must see the real neighbouring characters.
func TestFilteredWindows(t *testing.T) {
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 200) // > windowMinText
	for _, tt := range []struct {
		pattern, text string
	}{
		{`\b(mexico|tijuana|cancun)\b`, filler + "clinic in tijuana, baja california" + filler},
		{`\b(mexico|tijuana|cancun)\b`, filler + "newmexicoish" + filler},
		{`\b(mexico|tijuana|cancun)\b`, "mexico" + filler},
		{`\b(mexico|tijuana|cancun)\b`, filler + "mexico"},
		{`\b(prices|costs)( are)? (in|quoted in) (us dollars|usd)\b`, filler + "all prices are quoted in us dollars." + filler},
		{`\b(prices|costs)( are)? (in|quoted in) (us dollars|usd)\b`, filler + "all prices are quoted in usdollars" + filler},
		{`\bca?\$`, filler + "ca$ 4,000" + filler},
		{`\bca?\$`, filler + "xca$ 4,000" + filler},
	} {
		f := mustFiltered(tt.pattern)
		if f.maxLen < 0 {
			t.Fatalf("%s: maxLen unbounded", tt.pattern)
		}
		want := regexp.MustCompile(tt.pattern).MatchString(tt.text)
		if got := f.MatchString(tt.text); got != want {
			t.Errorf("MatchString(%q, ...%q...) = %v, want %v", tt.pattern, strings.TrimSpace(strings.ReplaceAll(tt.text, "lorem ipsum dolor sit amet ", "")), got, want)
		}
	}
	if n := mustFiltered(`a+b`).maxLen; n != -1 {
		t.Errorf("maxLen of a+b = %d, want -1", n)
	}
}

// TestMoneyMatchesAsWhole checks that finding money by anchored attempts
// near digits (moneyMatches) gives exactly the matches of the whole
// pattern, on every sentence of every corpus page and on hostile strings.
func TestMoneyMatchesAsWhole(t *testing.T) {
	var sents []string
	files, _ := filepath.Glob("testdata/*/*.html")
	more, _ := filepath.Glob("testdata/*/*/*.html")
	more2, _ := filepath.Glob("testdata/lang/*/*/*.html")
	files = append(append(files, more...), more2...)
	if len(files) < 100 {
		t.Fatalf("only %d corpus pages", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseHTML(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range segment(doc.Units) {
			sents = append(sents, fold(s.text).text)
		}
	}
	sents = append(sents, "x5,000 usd", "covid19 5,000 usd", "us$5k", "€3 900", "3.900 €", "abc$5", "¥165,000", "d3 - 39 zl",
		"chf 4'500.- per knee", "1.234,- eur", "r$ 25.000,00 ou us$ 4.900", strings.Repeat("9", 300)+" usd", "$ 5", "5 $ ca", "€€5")
	for lang, pr := range priceRulesByLang {
		for _, s := range sents {
			want := pr.money.FindAllStringSubmatchIndex(s, maxMatches+1)
			got := pr.moneyMatches(s, maxMatches+1)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%q %q:\n got %v\nwant %v", lang, s, got, want)
			}
		}
	}
	t.Logf("%d sentences, %d languages", len(sents), len(priceRulesByLang))
}
