package report

import (
	"bytes"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
)

func changeSite(id string, unreachable string, conds []string, flags map[string]string, prices ...float64) Site {
	s := Site{SiteResult: crawler.SiteResult{Site: crawler.Site{ID: id, Name: id}, Unreachable: unreachable}}
	for _, c := range conds {
		f := assess.Finding{Site: id, Condition: c, ConditionLabel: c, Quotes: []assess.Quote{{URL: "http://" + id + "/", Sentence: c + " treated here"}}}
		if fl, ok := flags[c]; ok {
			f.Flags = []assess.Flag{{ID: fl, Severity: assess.High}}
		}
		s.Findings = append(s.Findings, f)
	}
	for _, p := range prices {
		s.Claims = append(s.Claims, extract.Claim{Site: id, Kind: extract.KindPrice, ID: "price", Text: "$" + trimFloat(p),
			Price: &extract.Price{Amount: p, Currency: "USD", Per: "injection"}})
	}
	return s
}

func trimFloat(f float64) string { return formatAmount(f) }

func TestChanges(t *testing.T) {
	old := []Site{
		changeSite("a.example", "", []string{"autism", "copd"}, map[string]string{"autism": "unproven-paid-therapy"}, 5000, 9000),
		changeSite("gone.example", "", []string{"autism"}, nil),
		changeSite("down.example", "", []string{"copd"}, nil),
	}
	new := []Site{
		changeSite("a.example", "", []string{"autism", "long-covid"}, map[string]string{"long-covid": "unproven-paid-therapy"}, 5500, 9000),
		changeSite("down.example", "connection refused", nil, nil),
		changeSite("fresh.example", "", []string{"als"}, nil),
	}
	got := map[string]int{}
	for _, c := range Changes(old, new) {
		got[c.Site+" "+c.Type+" "+c.Condition+" "+c.Old+">"+c.New]++
	}
	want := []string{
		"a.example condition-new long-covid >",
		"a.example condition-withdrawn copd >",
		"a.example flag-new long-covid >",
		"a.example flag-cleared autism >",
		"a.example price-changed  $5,000 (USD 5,000, injection)>$5,500 (USD 5,500, injection)",
		"down.example site-unreachable  >connection refused",
		"fresh.example site-new  >",
		"gone.example site-vanished  >",
	}
	for _, w := range want {
		if got[w] != 1 {
			t.Errorf("missing change %q; got %v", w, got)
		}
		delete(got, w)
	}
	if len(got) > 0 {
		t.Errorf("unexpected changes: %v", got)
	}
	if cs := Changes(new, new); len(cs) != 0 {
		t.Errorf("Changes(x, x) = %+v, want none", cs)
	}
}

func TestCompactKeepsWhatTheIndexNeeds(t *testing.T) {
	s := changeSite("a.example", "", []string{"autism"}, map[string]string{"autism": "unproven-paid-therapy"}, 5000)
	s.Claims = append(s.Claims,
		extract.Claim{Kind: extract.KindCondition, ID: "autism", Label: "Autism", Sentence: "We treat autism."},
		extract.Claim{Kind: extract.KindCondition, ID: "autism", Label: "Autism", Sentence: "Autism again."},
		extract.Claim{Kind: extract.KindCue, ID: "cure", Sentence: "We cure it."})
	s.Pages = []Page{{Page: crawler.Page{URL: "http://a.example/"}}, {Page: crawler.Page{URL: "http://a.example/x", Error: crawler.ErrRobots}}}
	c := Compact(s)
	if c.Claimed() != len(s.Claims) || len(c.Claims) != 2 || len(c.Pages) != 1 || len(c.Findings) != 1 {
		t.Errorf("Compact: claimed %d (want %d), %d claims, %d pages, %d findings", c.Claimed(), len(s.Claims), len(c.Claims), len(c.Pages), len(c.Findings))
	}
	var a, b bytes.Buffer
	if err := WriteSitesCSV(&a, []Site{s}); err != nil {
		t.Fatal(err)
	}
	if err := WriteSitesCSV(&b, []Site{c}); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("sites.csv differs for a compact site:\n%s\n%s", a.String(), b.String())
	}
}
