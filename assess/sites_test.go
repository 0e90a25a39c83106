package assess

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/extract"
)

// The site corpora (testdata/sites, testdata/heldout-sites; format in
// testdata/sites/README.md) are whole websites with an auditor's reading.
// TestSiteCorpus extracts every page, assesses each site and scores the
// findings against the reading; it fails below the floors set from the
// first honest measurement. `go test ./assess -run TestSiteCorpus -v`
// prints the scores; -sites.verbose prints every disagreement.

var (
	sitesVerbose    = flag.Bool("sites.verbose", false, "print every disagreement with a development site corpus's reading")
	sitesVerboseAll = flag.Bool("sites.verbose-heldout", false, "with -sites.verbose, also print a held-out corpus's (it is then no longer held out)")
)

type siteReading struct {
	Name    string `json:"name"`
	Verdict string `json:"verdict"`
	Charges bool   `json:"charges"`
	Offers  []struct {
		Condition string   `json:"condition"`
		Cells     []string `json:"cells"`
	} `json:"offers"`
	TreatmentPrices []struct {
		Amount   float64 `json:"amount"`
		Currency string  `json:"currency"`
	} `json:"treatment_prices"`
	OtherPrices []struct {
		Amount   float64 `json:"amount"`
		Currency string  `json:"currency"`
	} `json:"other_prices"`
	Flags          []string `json:"flags"`
	ForbiddenFlags []string `json:"forbidden_flags"`
	NotAnalysed    []string `json:"not_analysed"`
}

// corpusSite is one site of a corpus, extracted.
type corpusSite struct {
	name        string
	reading     siteReading
	claims      []extract.Claim
	notAnalysed map[string]bool // page paths
}

// loadSiteCorpus extracts every site under dir.
func loadSiteCorpus(t *testing.T, ex *extract.Extractor, dir string) []corpusSite {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusSite
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "site.json"))
		if err != nil {
			t.Fatal(err)
		}
		cs := corpusSite{name: e.Name(), notAnalysed: map[string]bool{}}
		if err := json.Unmarshal(raw, &cs.reading); err != nil {
			t.Fatalf("%s/site.json: %v", e.Name(), err)
		}
		host := e.Name() + ".test"
		root := filepath.Join(dir, e.Name(), "pages")
		err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			u := "https://" + host + "/" + strings.TrimSuffix(strings.TrimSuffix(rel, "index.html"), "/")
			if strings.HasSuffix(rel, "index.html") && rel != "index.html" {
				u += "/"
			}
			body, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			res, err := ex.Extract(extract.Input{URL: u, Site: host, ContentType: "text/html; charset=utf-8", Body: body})
			if err != nil {
				return err
			}
			if res.Analysis == extract.AnalysisNotLanguage {
				cs.notAnalysed[rel] = true
			}
			cs.claims = append(cs.claims, res.Claims...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cs)
	}
	return out
}

// corpusScore is what a corpus run measured.
type corpusScore struct {
	sites, verdictRight             int
	offerTP, offerFP, offerFN       int
	pricesAttached, wrongPrices     int
	treatmentPricesFound, treatPris int
	rejectedFlags, missedFlags      int
	notAnalysedRight, notAnalysed   int
}

func (s corpusScore) precision() float64 { return ratio(s.offerTP, s.offerTP+s.offerFP) }
func (s corpusScore) recall() float64    { return ratio(s.offerTP, s.offerTP+s.offerFN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// verdictBin groups severities as an auditor's verdict: high, medium, or
// low/none.
func verdictBin(s string) string {
	switch s {
	case "high", "medium":
		return s
	}
	return "low-or-none"
}

// scoreSites scores a corpus. The disagreements of a held-out corpus are
// never printed, so that it stays out of tuning.
func scoreSites(t *testing.T, a *Assessor, sites []corpusSite, heldOut bool) corpusScore {
	var sc corpusScore
	for _, s := range sites {
		sc.sites++
		res := a.Assess(s.name+".test", s.claims)
		var problems []string
		verdict := "none"
		for _, f := range res.Findings {
			if f.Severity.Rank() > Severity(verdict).Rank() {
				verdict = string(f.Severity)
			}
		}
		if verdictBin(verdict) == verdictBin(s.reading.Verdict) {
			sc.verdictRight++
		} else {
			problems = append(problems, fmt.Sprintf("verdict %s, want %s", verdict, s.reading.Verdict))
		}
		want := map[string]bool{}
		for _, o := range s.reading.Offers {
			// PRP alone is out of scope (it is not a cell product unless
			// sold as or with stem cells): an offer of PRP only is not one.
			if len(o.Cells) == 1 && o.Cells[0] == "prp" {
				continue
			}
			want[o.Condition] = true
		}
		got := map[string]bool{}
		for _, f := range res.Findings {
			if f.Condition == "" || f.Status.Proven() && len(f.Flags) == 0 && !want[f.Condition] {
				continue // a standard use (a transplant for leukaemia) is no finding
			}
			got[f.Condition] = true
			if want[f.Condition] {
				sc.offerTP++
			} else {
				sc.offerFP++
				ev := ""
				if len(f.OfferEvidence) > 0 {
					ev = fmt.Sprintf(" [%s on %s: %q]", f.OfferEvidence[0].Kind, f.OfferEvidence[0].URL, clip(f.OfferEvidence[0].Quote, 110))
				}
				problems = append(problems, "not an offer: "+f.Condition+ev)
			}
		}
		for c := range want {
			if !got[c] {
				sc.offerFN++
				problems = append(problems, "missed offer: "+c)
			}
		}
		// Prices attached to findings.
		isTreat := func(p PriceRef) bool {
			for _, w := range s.reading.TreatmentPrices {
				if math.Abs(w.Amount-p.Amount) < 0.5 && (w.Currency == "" || p.Currency == "" || w.Currency == p.Currency) {
					return true
				}
			}
			return false
		}
		attached := map[string]PriceRef{}
		for _, f := range res.Findings {
			for _, p := range f.Prices {
				attached[fmt.Sprint(p.Amount, p.Currency)] = p
			}
		}
		keys := make([]string, 0, len(attached))
		for k := range attached {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := attached[k]
			sc.pricesAttached++
			if !isTreat(p) {
				sc.wrongPrices++
				problems = append(problems, fmt.Sprintf("wrong price attached: %s (%s) on %s", p.Text, p.Why, p.URL))
			}
		}
		for _, w := range s.reading.TreatmentPrices {
			sc.treatPris++
			if _, ok := attached[fmt.Sprint(w.Amount, w.Currency)]; ok {
				sc.treatmentPricesFound++
			} else {
				problems = append(problems, fmt.Sprintf("treatment price not attached: %v %s", w.Amount, w.Currency))
			}
		}
		// Flags.
		accept := map[string]bool{}
		for _, id := range s.reading.Flags {
			accept[id] = true
		}
		raised := map[string]bool{}
		for _, f := range res.Findings {
			for _, fl := range f.Flags {
				raised[fl.ID] = true
				if !accept[fl.ID] || f.Condition != "" && !want[f.Condition] {
					sc.rejectedFlags++
					problems = append(problems, fmt.Sprintf("rejected flag %s (%s): %s", fl.ID, f.Condition, clip(fl.Reason, 160)))
				}
			}
		}
		for _, id := range s.reading.Flags {
			if !raised[id] {
				sc.missedFlags++
				problems = append(problems, "missed flag "+id)
			}
		}
		for _, p := range s.reading.NotAnalysed {
			sc.notAnalysed++
			if s.notAnalysed[p] {
				sc.notAnalysedRight++
			} else {
				problems = append(problems, "analysed, want not analysed: "+p)
			}
		}
		if *sitesVerbose && (!heldOut || *sitesVerboseAll) {
			for _, p := range problems {
				t.Logf("%s: %s", s.name, p)
			}
		}
	}
	return sc
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func defaultAssessor(t *testing.T) (*Assessor, *extract.Extractor) {
	t.Helper()
	ex, err := extract.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	ex.Entities = false
	tab, err := DefaultTable(ex.Vocabulary())
	if err != nil {
		t.Fatal(err)
	}
	return &Assessor{Table: tab, Vocab: ex.Vocabulary()}, ex
}

// siteFloors are the minimum scores of a corpus, set from its first honest
// measurement (BENCHMARKS.md-style: the numbers the README table gives).
type siteFloors struct {
	verdicts          int     // sites with the right verdict
	precision, recall float64 // conditions reported as offered
	wrongPrices       int     // at most
	rejectedFlags     int     // at most
}

func TestSiteCorpus(t *testing.T) {
	a, ex := defaultAssessor(t)
	for _, c := range []struct {
		dir    string
		floors siteFloors
	}{
		// Development corpus (12 sites, 281 pages; the rules were tuned on
		// it): 12/12 verdicts, precision 1.00, recall 1.00, 1 wrong of 30
		// attached prices, 0 rejected flags.
		{"testdata/sites", siteFloors{verdicts: 12, precision: 0.97, recall: 0.97, wrongPrices: 2, rejectedFlags: 1}},
		// First held-out corpus (4 sites, 69 pages): first measurement 3/4,
		// 0.80, 0.76, 11 wrong of 23 prices, 6 rejected flags. It was then
		// used for tuning (a cord-blood bank flagged high was the case);
		// the floors sit at its scores since: 4/4, 1.00, 0.90, 1 wrong of
		// 14, 1 rejected flag.
		{"testdata/heldout-sites", siteFloors{verdicts: 4, precision: 0.97, recall: 0.85, wrongPrices: 2, rejectedFlags: 2}},
		// Second held-out corpus (5 sites), written after the model and
		// never seen by its author: floors from its first measurement.
		// First measurement: 4/5, precision 0.69, recall 0.90, 3 wrong of 11
		// attached prices, 3 rejected flags.
		{"testdata/heldout-sites-2", siteFloors{verdicts: 4, precision: 0.69, recall: 0.90, wrongPrices: 3, rejectedFlags: 3}},
		// Pack-language corpus (6 sites, pt/de/fr/pl, 51 pages; readings
		// written before the first run). With all four packs merged: 6/6,
		// precision 0.95, recall 1.00 (tp 21 fp 1 fn 0), 0 wrong of 12
		// attached prices, 12/12 treatment prices, 1 rejected flag (the one
		// false offer: "Gelenkverschleiss", osteoarthritis, beside the knee
		// and hip offers). The same corpus and packs with the assess of
		// main before the pack alternatives (lang.go): 4/6, 1.00, 0.43, 8
		// wrong of 19 prices, 2 rejected flags. Without the packs the pages
		// yield few claims (2/5 sites right, recall 0.14).
		{"testdata/sites-lang", siteFloors{verdicts: 6, precision: 0.95, recall: 1.00, wrongPrices: 0, rejectedFlags: 1}},
		// Pack-language held-out corpus (4 sites, pt/de/fr/pl), written blind
		// by someone who read only the corpus rules and the id lists:
		// floors at its first measurement: 4/4, precision 1.00, recall 1.00
		// (tp 7), 5 wrong of 17 attached prices, 12/14 treatment prices, 1
		// rejected flag, 1 missed flag.
		{"testdata/heldout-sites-lang", siteFloors{verdicts: 4, precision: 0.97, recall: 0.97, wrongPrices: 5, rejectedFlags: 1}},
	} {
		t.Run(filepath.Base(c.dir), func(t *testing.T) {
			if _, err := os.Stat(c.dir); err != nil {
				t.Skipf("no corpus at %s", c.dir)
			}
			sites := loadSiteCorpus(t, ex, c.dir)
			sc := scoreSites(t, a, sites, strings.Contains(c.dir, "heldout"))
			t.Logf("%s: %d sites; verdict right %d/%d; offers precision %.2f recall %.2f (tp %d fp %d fn %d); prices attached %d, wrong %d; treatment prices found %d/%d; rejected flags %d, missed flags %d; not analysed %d/%d",
				c.dir, sc.sites, sc.verdictRight, sc.sites, sc.precision(), sc.recall(), sc.offerTP, sc.offerFP, sc.offerFN,
				sc.pricesAttached, sc.wrongPrices, sc.treatmentPricesFound, sc.treatPris, sc.rejectedFlags, sc.missedFlags, sc.notAnalysedRight, sc.notAnalysed)
			f := c.floors
			if sc.verdictRight < f.verdicts || sc.precision() < f.precision || sc.recall() < f.recall || sc.wrongPrices > f.wrongPrices || sc.rejectedFlags > f.rejectedFlags {
				t.Errorf("below the floors %+v", f)
			}
		})
	}
}

// TestPricesByBodyPart checks that a price row naming a body part goes to
// that part's finding only: on the Swiss practice of sites-lang the knee
// costs CHF 6'900, the hip CHF 7'900 and a tendon CHF 4'500.
func TestPricesByBodyPart(t *testing.T) {
	a, ex := defaultAssessor(t)
	var site *corpusSite
	sites := loadSiteCorpus(t, ex, "testdata/sites-lang")
	for i := range sites {
		if sites[i].name == "stammzellpraxis-zug" {
			site = &sites[i]
		}
	}
	if site == nil {
		t.Fatal("no stammzellpraxis-zug in testdata/sites-lang")
	}
	res := a.Assess(site.name+".test", site.claims)
	want := map[string]string{"knee-osteoarthritis": "6900", "hip-osteoarthritis": "7900", "tendon-injury": "4500"}
	for _, f := range res.Findings {
		w, ok := want[f.Condition]
		if !ok {
			continue
		}
		var got []string
		for _, p := range f.Prices {
			got = append(got, fmt.Sprint(p.Amount))
		}
		if strings.Join(got, " ") != w {
			t.Errorf("%s: prices %v, want %s", f.Condition, got, w)
		}
		delete(want, f.Condition)
	}
	if len(want) > 0 {
		t.Errorf("no finding for %v", want)
	}
}
