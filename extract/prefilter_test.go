package extract

import (
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
	// The money prefilter never skips a price.
	if moneyLits == nil {
		t.Fatal("no literals derived for the money pattern")
	}
	for _, s := range []string{"$12,500", "7.500 €", "us$5k", "95 mil pesos", "rs 3-5 lakh", "¥165,000", "s/ 9 800", "rd$ 3,500", "£9,000", "4,500 usd", "$85,000 m.n.", "380,000 baht", "165,000円"} {
		if moneyRe.MatchString(s) && !mayMatch(s, moneyLits) {
			t.Errorf("money prefilter %q skips %q", moneyLits, s)
		}
		if !moneyRe.MatchString(s) {
			t.Errorf("moneyRe does not match %q", s)
		}
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
