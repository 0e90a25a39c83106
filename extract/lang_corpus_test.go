package extract

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var (
	langVerbose        = flag.Bool("lang.verbose", false, "TestLangCorpus: log each page's differences on the dev corpora")
	langVerboseHeldout = flag.Bool("lang.verbose-heldout", false, "TestLangCorpus: also on the held-out corpora (retires them: say so in their README)")
)

// TestLangCorpus scores extraction on the Portuguese, German, French and
// Polish corpora (testdata/lang/CODE/{dev,heldout}, coded by the rules of
// testdata/corpus/README.md). The dev pages were written with each
// language pack and used to tune it; the heldout pages were written blind
// (by a writer who saw neither the code nor the packs) and are only
// measured: their differences are not logged unless -lang.verbose-heldout.
// Floors sit just under the scores at the commit that set them.
func TestLangCorpus(t *testing.T) {
	floors := map[string]map[string][2]float64{ // "pt/dev" -> kind -> precision, recall
	}
	for _, lang := range Languages[2:] {
		for _, part := range []string{"dev", "heldout"} {
			dir := filepath.Join("testdata/lang", lang, part)
			t.Run(lang+"/"+part, func(t *testing.T) {
				if _, err := os.Stat(dir); err != nil {
					if f := floors[lang+"/"+part]; f != nil {
						t.Fatalf("%s: %v", dir, err)
					}
					t.Skipf("no corpus in %s yet", dir)
				}
				show := part == "dev" && *langVerbose || *langVerboseHeldout
				scores := scoreCorpusDiffs(t, dir, show)
				for kind, s := range scores {
					p, r := s.precision(), s.recall()
					f1 := 0.0
					if p+r > 0 {
						f1 = 2 * p * r / (p + r)
					}
					t.Logf("%s %s F1 %.3f", dir, kind, f1)
				}
				for kind, f := range floors[lang+"/"+part] {
					s := scores[kind]
					if s.precision() < f[0] || s.recall() < f[1] {
						t.Errorf("%s %s: precision %.3f, recall %.3f; floors %.2f, %.2f", dir, kind, s.precision(), s.recall(), f[0], f[1])
					}
				}
			})
		}
	}
}
