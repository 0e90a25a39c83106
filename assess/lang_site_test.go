package assess

import (
	"testing"

	"github.com/clinicaudit/clinicaudit/extract"
)

// A blog post in a pack language offers a condition only in the clinic's
// own voice: "Wir behandeln Kniearthrose mit Stammzellen" is an offer,
// "Forscher untersuchen Stammzellen bei Parkinson" is research news, and a
// sentence about what "manche Kliniken" sell is a warning (pages written
// for this test, extracted with the default vocabularies and packs; de,
// pt, pl and fr).
func TestPackLanguageArticleVoice(t *testing.T) {
	a, ex := defaultAssessor(t)
	for _, c := range []struct {
		lang, path, body string
		want, not        []string
	}{
		{"de", "/ratgeber/stammzellen.html", `<h1>Stammzellen: was sie können</h1>
<p>Wir behandeln Kniearthrose mit Stammzellen aus Ihrem eigenen Fettgewebe.</p>
<p>Forscher der Universität Bern untersuchen Stammzellen bei Parkinson.</p>
<p>Manche Kliniken bieten Stammzellen gegen Autismus an.</p>`,
			[]string{"knee-osteoarthritis"}, []string{"parkinsons", "autism"}},
		{"pt", "/blog/celulas-tronco.html", `<h1>O que as células-tronco podem fazer</h1>
<p>Oferecemos células-tronco para artrose do joelho em nossa clínica.</p>
<p>Pesquisadores estudam células-tronco na doença de Parkinson.</p>
<p>Algumas clínicas vendem células-tronco para autismo.</p>`,
			[]string{"knee-osteoarthritis"}, []string{"parkinsons", "autism"}},
		{"pl", "/blog/komorki.html", `<h1>Co potrafią komórki macierzyste</h1>
<p>W naszej klinice leczymy zwyrodnienie kolan komórkami macierzystymi.</p>
<p>Naukowcy badają komórki macierzyste w chorobie Parkinsona.</p>
<p>Niektóre kliniki sprzedają komórki macierzyste na autyzm.</p>`,
			[]string{"knee-osteoarthritis"}, []string{"parkinsons", "autism"}},
		{"fr", "/blog/cellules-souches.html", `<h1>Ce que font les cellules souches</h1>
<p>Nous traitons l'arthrose du genou par injection de cellules souches.</p>
<p>Des chercheurs étudient les cellules souches dans la maladie de Parkinson.</p>
<p>Certaines cliniques vendent des cellules souches contre l'autisme.</p>`,
			[]string{"knee-osteoarthritis"}, []string{"parkinsons", "autism"}},
	} {
		html := `<!DOCTYPE html><html lang="` + c.lang + `"><head><meta charset="utf-8"><title>Blog</title></head><body><main>` + c.body + `</main></body></html>`
		u := "https://clinic-" + c.lang + ".test" + c.path
		res, err := ex.Extract(extract.Input{URL: u, Site: "clinic-" + c.lang + ".test", ContentType: "text/html; charset=utf-8", Body: []byte(html)})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range a.Assess("clinic-"+c.lang+".test", res.Claims).Findings {
			if f.Condition != "" {
				got[f.Condition] = true
			}
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%s: no finding for %s (findings %v)", c.lang, w, got)
			}
		}
		for _, n := range c.not {
			if got[n] {
				t.Errorf("%s: a finding for %s, which the post does not offer", c.lang, n)
			}
		}
	}
}
