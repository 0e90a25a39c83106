package extract

import (
	"context"
	"os"
	"strings"
	"testing"
)

func testExtractor(t testing.TB) *Extractor {
	t.Helper()
	cf, err := os.Open("testdata/conditions_small.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	tf, err := os.Open("testdata/celltypes_small.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer tf.Close()
	v, err := LoadVocabulary(cf, "conditions_small.csv", tf, "celltypes_small.csv")
	if err != nil {
		t.Fatal(err)
	}
	cues, err := DefaultCues()
	if err != nil {
		t.Fatal(err)
	}
	e := New(v, cues)
	e.Entities = false
	return e
}

func extractHTML(t *testing.T, e *Extractor, html string) Result {
	t.Helper()
	r, err := e.Extract(Input{URL: "http://clinic.example/p.html", ContentType: "text/html; charset=utf-8", Body: []byte(html)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mentions renders claims of one kind as "id" or "!id" (negated).
func mentions(r Result, kind string) []string {
	var out []string
	for _, c := range r.Claims {
		if c.Kind != kind {
			continue
		}
		s := c.ID
		if c.Negated {
			s = "!" + s
		}
		out = append(out, s)
	}
	return out
}

func TestNegation(t *testing.T) {
	e := testExtractor(t)
	tests := []struct {
		name, text string
		kind       string
		want       string
	}{
		{"we do not treat", "We do not treat cancer.", KindCondition, "!cancer"},
		{"coordinated", "We don't treat cancer or autism at this clinic.", KindCondition, "!cancer !autism"},
		{"example list", "Stem cells have not been approved to treat any neurological disorder, such as multiple sclerosis, autism spectrum disorder, or Parkinson's disease.", KindCondition, "!multiple-sclerosis !autism !parkinsons"},
		{"long list", "We do not treat multiple sclerosis, children and adults with autism spectrum disorder, advanced Parkinson's disease, or any kind of cancer.", KindCondition, "!multiple-sclerosis !autism !parkinsons !cancer"},
		{"list after a new clause", "We do not treat cancer, we treat autism and multiple sclerosis.", KindCondition, "!cancer autism multiple-sclerosis"},
		{"and a new clause", "We do not treat cancer and we do treat autism.", KindCondition, "!cancer autism"},
		{"parentheses in a list", "We do not treat advanced Parkinson's disease (including young-onset forms), multiple sclerosis (relapsing or progressive), or autism.", KindCondition, "!parkinsons !multiple-sclerosis !autism"},
		{"parenthesis opening a clause", "We do not treat cancer (we do treat autism).", KindCondition, "!cancer autism"},
		{"not knowing", "Many people do not know they have multiple sclerosis for years.", KindCondition, "multiple-sclerosis"},
		{"no saben", "Muchas personas no saben que tienen esclerosis múltiple.", KindCondition, "multiple-sclerosis"},
		{"clause break", "We do not treat cancer, but we help patients with multiple sclerosis.", KindCondition, "!cancer multiple-sclerosis"},
		{"no more", "No more knee arthritis pain!", KindCondition, "knee-osteoarthritis"},
		{"dont let", "Don't let MS stop you.", KindCondition, "multiple-sclerosis"},
		{"spanish", "No tratamos el cáncer.", KindCondition, "!cancer"},
		{"prp subject", "PRP is not a stem cell therapy.", KindCellType, "prp !unspecified"},
		{"not a cure", "Stem cells are not a cure.", KindCue, "!cure disclaimer"},
		{"plain cure", "Our stem cells can reverse autism.", KindCue, "cure"},
		{"not fda approved", "This treatment is not FDA approved.", KindCue, "!approval disclaimer"},
		{"english no determiner far", "No surgery is needed for your arthritic knee.", KindCondition, "knee-osteoarthritis"},
		{"sin costo", "El tratamiento del estudio es sin costo para usted.", KindCue, "!fee no-cost"},
		{"no fee", "There is no fee and no charge to take part.", KindCue, "no-cost no-cost"},
		{"fee", "Ask about our payment plans.", KindCue, "fee"},
		{"excluded after", "Patients with active cancer are not candidates at this time.", KindCondition, "!cancer"},
		{"spanish excluded after", "Los pacientes con cáncer no son candidatos.", KindCondition, "!cancer"},
		{"not excluded", "Cancer patients are welcome.", KindCondition, "cancer"},
		{"excluded after list", "Children with uncontrolled autism, cancer or an infection cannot be taken up for treatment.", KindCondition, "!autism !cancer"},
		{"clause no", "No stem cell product is approved to treat autism, cancer or multiple sclerosis.", KindCondition, "!autism !cancer !multiple-sclerosis"},
		{"determiner no", "No waiting lists: we see patients with autism within a week.", KindCondition, "autism"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractHTML(t, e, "<p>"+tt.text+"</p>")
			got := strings.Join(mentions(r, tt.kind), " ")
			if got != tt.want {
				t.Errorf("Extract(%q) %s = %q, want %q", tt.text, tt.kind, got, tt.want)
			}
		})
	}
}

func TestExclusionHeading(t *testing.T) {
	e := testExtractor(t)
	r := extractHTML(t, e, `<h2>Conditions we treat</h2><ul><li>Autism</li></ul>
<h2>You cannot take part if you</h2><ul><li>Have multiple sclerosis</li></ul>
<h3>Criterios de exclusión</h3><ul><li>Cáncer activo</li></ul>`)
	if got := strings.Join(mentions(r, KindCondition), " "); got != "autism !multiple-sclerosis !cancer" {
		t.Errorf("conditions = %q, want %q", got, "autism !multiple-sclerosis !cancer")
	}
}

func TestHTMLUnits(t *testing.T) {
	html := `<html lang="en"><head><title>Conditions | Clinic</title><style>.x{}</style><script>var price="$99";</script></head>
<body><nav><a href="/">Home</a></nav>
<div id="cookie-banner">We use cookies to treat you well. Accept</div>
<h2>Conditions we treat</h2>
<ul><li>Multiple sclerosis</li><li>Parkinson's</li><li>Knee arthritis<br>and hips</li></ul>
<table><tr><th>Treatment</th><th>Price</th></tr><tr><td>Umbilical cord infusion</td><td>$8,900</td></tr></table>
<img src="a.jpg" alt="Patient walking again after stem cell therapy for MS">
<p style="display:none">Hidden autism claim</p><p hidden>Hidden too</p>
</body></html>`
	doc, err := ParseHTML([]byte(html))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range doc.Units {
		got = append(got, u.Kind+":"+u.Text)
	}
	want := []string{
		"paragraph:Home",
		"heading:Conditions we treat",
		"item:Multiple sclerosis",
		"item:Parkinson's",
		"item:Knee arthritis",
		"item:and hips",
		"row:Treatment | Price",
		"row:Umbilical cord infusion | $8,900",
		"alt:Patient walking again after stem cell therapy for MS",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ParseHTML units:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if doc.Title != "Conditions | Clinic" || doc.Lang != "en" {
		t.Errorf("title %q lang %q", doc.Title, doc.Lang)
	}
	if doc.Units[3].Heading != "Conditions we treat" {
		t.Errorf("heading of list item = %q", doc.Units[3].Heading)
	}
}

func TestCharsetFromMeta(t *testing.T) {
	e := testExtractor(t)
	// "Tratamos la esclerosis múltiple" in ISO-8859-1 with a <meta> declaration only.
	body := []byte("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Tratamos la esclerosis m\xfaltiple con c\xe9lulas madre.</p></body></html>")
	r, err := e.Extract(Input{URL: "http://c.example/", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, c := range r.Claims {
		if c.ID == "multiple-sclerosis" {
			found = true
			if c.Text != "esclerosis múltiple" || !strings.Contains(c.Sentence, "células madre") {
				t.Errorf("claim text %q sentence %q", c.Text, c.Sentence)
			}
		}
	}
	if !found || r.Lang != "es" {
		t.Errorf("claims %+v lang %s", r.Claims, r.Lang)
	}
}

func TestSegmentLongParagraph(t *testing.T) {
	e := testExtractor(t)
	p := "Dr. Smith founded the clinic in 2009 and has treated thousands of patients from the U.S. and abroad. " +
		"Our umbilical cord stem cells may help multiple sclerosis. We do not treat cancer. Results vary."
	r := extractHTML(t, e, "<p>"+p+"</p><ul><li>Autism</li></ul>")
	sent := map[string]string{}
	for _, c := range r.Claims {
		sent[c.ID] = c.Sentence
	}
	if got := sent["multiple-sclerosis"]; got != "Our umbilical cord stem cells may help multiple sclerosis." {
		t.Errorf("MS sentence = %q", got)
	}
	if got := sent["cancer"]; got != "We do not treat cancer." {
		t.Errorf("cancer sentence = %q", got)
	}
	if got := sent["autism"]; got != "Autism" {
		t.Errorf("autism sentence = %q", got)
	}
}

// FuzzExtract checks that no page makes the extractor fail or quote text
// that is not on the page.
func FuzzExtract(f *testing.F) {
	f.Add("<p>We treat multiple sclerosis. Price: $12,500 per knee.</p><ul><li>Autism</li></ul>")
	f.Add("<p>" + strings.Repeat("Stem cells for autism cost $5,000 to $8,000 in 2019. ", 8) + "</p>")
	f.Add("<table><tr><td>7.500 €</td><td>esclerosis múltiple</td></tr></table>")
	e := testExtractor(f)
	f.Fuzz(func(t *testing.T, html string) {
		r, err := e.extract(context.Background(), Input{URL: "http://c.example/", Body: []byte(html)})
		if err != nil {
			return
		}
		for _, c := range r.Claims {
			if !strings.Contains(c.Sentence, c.Text) {
				t.Errorf("claim text %q not in its sentence %q", c.Text, c.Sentence)
			}
		}
	})
}

func TestEntities(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the NER model")
	}
	e := testExtractor(t)
	e.Entities = true
	r := extractHTML(t, e, `<nav>Home | Bone Marrow | Pricing | Patient Stories</nav>
<p>Dr. Marcus Hale leads our team and treats autism.</p>
<p>Elena Ortiz, MD, reviews every case.</p>
<footer><p>Visit us at 1200 Main Street, Suite 4, Boulder, Colorado 80301.</p><p>Medicare and FSA accepted.</p></footer>`)
	if got := strings.Join(r.People, ", "); got != "Elena Ortiz, Marcus Hale" {
		t.Errorf("People = %q", got)
	}
	for _, p := range r.Places {
		if p == "Medicare" || p == "FSA" {
			t.Errorf("Places include %q: %v", p, r.Places)
		}
	}
}

func TestSegmentConcurrent(t *testing.T) {
	units := []Unit{{Kind: UnitParagraph, Text: strings.Repeat("Dr. Lee treats patients from the U.S. and Mexico with stem cells. Results vary by patient! ", 4)}}
	want := len(segment(units))
	if want < 8 {
		t.Fatalf("segment gave %d sentences, want at least 8", want)
	}
	done := make(chan int)
	for range 4 {
		go func() { done <- len(segment(units)) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("concurrent segment gave %d sentences, want %d", got, want)
		}
	}
}
