package extract

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The labelled corpus (testdata/corpus, see its README.md) holds clinic-style
// pages with golden files coded by hand. The golden files are never
// generated from the extractor's output: there is no -update flag here.

type goldenMention struct {
	ID      string `json:"id"`
	Negated bool   `json:"negated"`
}

type goldenPrice struct {
	Amount    float64 `json:"amount"`
	AmountMax float64 `json:"amount_max"`
	Currency  string  `json:"currency"`
	Per       string  `json:"per"`
	Qualifier string  `json:"qualifier"`
}

type golden struct {
	Lang       string          `json:"lang"`
	Conditions []goldenMention `json:"conditions"`
	CellTypes  []goldenMention `json:"cell_types"`
	Prices     []goldenPrice   `json:"prices"`
}

// Corpus thresholds (issue 4): precision and recall per kind.
const (
	minPrecision = 0.95
	minRecall    = 0.90
)

type score struct{ tp, fp, fn int }

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

// compareSets scores got against want (both multisets of keys) and returns
// the differences as "-missing" and "+extra".
func compareSets(got, want []string) (score, []string) {
	w := map[string]int{}
	for _, k := range want {
		w[k]++
	}
	var s score
	var diff []string
	for _, k := range got {
		if w[k] > 0 {
			w[k]--
			s.tp++
		} else {
			s.fp++
			diff = append(diff, "+"+k)
		}
	}
	for k, n := range w {
		for range n {
			s.fn++
			diff = append(diff, "-"+k)
		}
	}
	sort.Strings(diff)
	return s, diff
}

func mentionKeys(ms []goldenMention) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		k := m.ID
		if m.Negated {
			k = "!" + k
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func priceKey(amount, max float64, cur string) string {
	return fmt.Sprintf("%g-%g %s", amount, max, cur)
}

// TestCorpus scores extraction on the tuning corpus against the issue's
// thresholds.
func TestCorpus(t *testing.T) {
	scores := scoreCorpus(t, "testdata/corpus")
	for _, kind := range []string{"condition", "cell_type", "price"} {
		s := scores[kind]
		if s.precision() < minPrecision || s.recall() < minRecall {
			t.Errorf("%s: precision %.3f (min %.2f), recall %.3f (min %.2f)", kind, s.precision(), minPrecision, s.recall(), minRecall)
		}
	}
}

// scoreCorpus extracts every page of a labelled directory, logs each
// difference from its golden file and the scores, and returns the scores.
func scoreCorpus(t *testing.T, dir string) map[string]*score {
	return scoreCorpusDiffs(t, dir, true)
}

// scoreCorpusDiffs is scoreCorpus; with showDiffs false it logs only the
// scores, for a blind held-out corpus whose errors must not steer tuning.
func scoreCorpusDiffs(t *testing.T, dir string, showDiffs bool) map[string]*score {
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	if len(pages) == 0 {
		t.Fatalf("no pages in %s", dir)
	}
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	e.Entities = false
	total := map[string]*score{"condition": {}, "cell_type": {}, "price": {}}
	var perOK, perAll, qualOK, langOK int
	var report []string
	for _, p := range pages {
		gb, err := os.ReadFile(strings.TrimSuffix(p, ".html") + ".golden.json")
		if err != nil {
			t.Errorf("%s: no golden file: %v", p, err)
			continue
		}
		var g golden
		if err := json.Unmarshal(gb, &g); err != nil {
			t.Errorf("%s: bad golden file: %v", p, err)
			continue
		}
		body, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Extract(Input{URL: "http://clinic.example/" + filepath.Base(p), Body: body})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if r.Lang == g.Lang {
			langOK++
		}
		var conds, cells []goldenMention
		var prices []string
		gotPrice := map[string]Claim{}
		for _, c := range r.Claims {
			switch c.Kind {
			case KindCondition:
				conds = append(conds, goldenMention{c.ID, c.Negated})
			case KindCellType:
				cells = append(cells, goldenMention{c.ID, c.Negated})
			case KindPrice:
				k := priceKey(c.Amount, c.AmountMax, c.Currency)
				if _, dup := gotPrice[k]; dup {
					continue // the same price stated twice on a page is one price
				}
				gotPrice[k] = c
				prices = append(prices, k)
			}
		}
		var wantPrices []string
		seenWant := map[string]bool{}
		for _, gp := range g.Prices {
			k := priceKey(gp.Amount, gp.AmountMax, gp.Currency)
			if seenWant[k] {
				continue
			}
			seenWant[k] = true
			wantPrices = append(wantPrices, k)
			if c, ok := gotPrice[k]; ok {
				perAll++
				if c.Per == gp.Per {
					perOK++
				}
				if c.Qualifier == gp.Qualifier {
					qualOK++
				}
			}
		}
		for kind, pair := range map[string][2][]string{
			"condition": {mentionKeys(conds), mentionKeys(g.Conditions)},
			"cell_type": {mentionKeys(cells), mentionKeys(g.CellTypes)},
			"price":     {prices, wantPrices},
		} {
			s, diff := compareSets(pair[0], pair[1])
			total[kind].tp += s.tp
			total[kind].fp += s.fp
			total[kind].fn += s.fn
			if len(diff) > 0 {
				report = append(report, fmt.Sprintf("%s %s: %s", filepath.Base(p), kind, strings.Join(diff, " ")))
			}
		}
	}
	sort.Strings(report)
	if showDiffs {
		for _, l := range report {
			t.Log(l)
		}
	}
	t.Logf("%s: %d pages; language right on %d", dir, len(pages), langOK)
	for _, kind := range []string{"condition", "cell_type", "price"} {
		s := total[kind]
		t.Logf("%-9s precision %.3f recall %.3f (tp %d, fp %d, fn %d)", kind, s.precision(), s.recall(), s.tp, s.fp, s.fn)
	}
	if perAll > 0 {
		t.Logf("prices found: per right %d/%d, qualifier right %d/%d", perOK, perAll, qualOK, perAll)
	}
	return total
}

// TestHeldOut scores extraction on the held-out corpus (testdata/heldout),
// written without access to the extractor or the tuning corpus and never
// used to tune it. Its numbers estimate how extraction generalises; the
// floors below sit under the first measurement (see BENCHMARKS.md) so a
// regression fails, without pretending to the tuning corpus's scores.
func TestHeldOut(t *testing.T) {
	// First measurement (2026-11-21, before anything was changed for it):
	// conditions 0.911/0.866, cell types 0.921/0.979, prices 0.766/0.828.
	floors := map[string][2]float64{ // precision, recall
		"condition": {0.86, 0.82},
		"cell_type": {0.87, 0.93},
		"price":     {0.72, 0.78},
	}
	scores := scoreCorpus(t, "testdata/heldout")
	for kind, f := range floors {
		s := scores[kind]
		if s.precision() < f[0] || s.recall() < f[1] {
			t.Errorf("held-out %s: precision %.3f, recall %.3f; floors %.2f, %.2f", kind, s.precision(), s.recall(), f[0], f[1])
		}
	}
}
