package extract

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// coordPacks are the few pack terms the coord tests need, as the language
// packs of seeds/lang write them, so that the tests do not depend on which
// packs are merged.
var coordPacks = fstest.MapFS{
	"pt/conditions.csv": {Data: []byte("id,terms\n" +
		"knee-osteoarthritis,artrose do joelho | artrose de joelho\n" +
		"hip-osteoarthritis,artrose do quadril\n" +
		"osteoarthritis,artrose\n" +
		"multiple-sclerosis,esclerose múltipla\n")},
	"pt/celltypes.csv": {Data: []byte("id,terms\n" +
		"unspecified,células-tronco | transplante de células-tronco\n" +
		"hsct,transplante de medula óssea\n")},
	"de/conditions.csv": {Data: []byte("id,terms\n" +
		"knee-osteoarthritis,Kniearthrose | Arthrose des Knies\n" +
		"hip-osteoarthritis,Hüftarthrose | Arthrose der Hüfte\n" +
		"shoulder-osteoarthritis,Schulterarthrose\n" +
		"osteoarthritis,Arthrose\n" +
		"multiple-sclerosis,Multiple Sklerose\n" +
		"joint-pain,Schulterschmerz*\n")},
	"de/celltypes.csv": {Data: []byte("id,terms\n" +
		"unspecified,Stammzellen | Stammzellentransplantation\n" +
		"hsct,Knochenmarktransplantation*\n")},
	"fr/conditions.csv": {Data: []byte("id,terms\n" +
		"knee-osteoarthritis,arthrose du genou\n" +
		"hip-osteoarthritis,arthrose de la hanche\n" +
		"osteoarthritis,arthrose\n" +
		"alzheimers,Alzheimer\n")},
	"fr/celltypes.csv": {Data: []byte("id,terms\n" +
		"unspecified,cellules souches | greffe de cellules souches\n" +
		"hsct,greffe de moelle osseuse\n")},
	"pl/conditions.csv": {Data: []byte("id,terms\n" +
		"knee-osteoarthritis,chorob* zwyrodnieniow* kolan* | chorob* zwyrodnieniow* staw* kolanow*\n" +
		"hip-osteoarthritis,chorob* zwyrodnieniow* biodr* | chorob* zwyrodnieniow* bioder\n" +
		"osteoarthritis,chorob* zwyrodnieniow* staw* | artroz*\n" +
		"multiple-sclerosis,stwardnieni* rozsian*\n")},
	"pl/celltypes.csv": {Data: []byte("id,terms\n" +
		"unspecified,komór* macierzyst* | przeszczep* komór* macierzyst*\n" +
		"hsct,przeszczep* szpik*\n")},
}

func coordExtractor(t *testing.T) *Extractor {
	t.Helper()
	v, err := DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	packs, err := loadPacks(coordPacks)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.addPacks(packs); err != nil {
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

// sentenceIDs returns the sorted ids ("!" for negated) of the claims of
// one kind in a sentence read on a page in lang.
func sentenceIDs(e *Extractor, text, lang, kind string) string {
	s := sentence{text: text, unit: Unit{Kind: UnitParagraph, Text: text}}
	claims, _ := e.sentenceClaims(s, lang, func() priceContext { return newPriceContext(lang, fold(text).text) })
	seen := map[string]bool{}
	var out []string
	for _, c := range claims {
		if c.Kind != kind {
			continue
		}
		id := c.ID
		if c.Negated {
			id = "!" + id
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestCoordinatedJoints(t *testing.T) {
	e := coordExtractor(t)
	for _, tt := range []struct{ lang, text, want string }{
		// English: the list before the head, and after it.
		{"en", "We treat arthritis of the knee and hip without surgery.", "hip-osteoarthritis knee-osteoarthritis"},
		{"en", "Knee, hip and shoulder osteoarthritis are the most common reasons patients visit us.", "hip-osteoarthritis knee-osteoarthritis shoulder-osteoarthritis"},
		{"en", "Orthobiologic treatment for knee and hip osteoarthritis", "hip-osteoarthritis knee-osteoarthritis"},
		{"en", "Specialties: knee and shoulder arthritis, PRP and bone marrow.", "knee-osteoarthritis shoulder-osteoarthritis"},
		{"en", "Candidates have hip or knee osteoarthritis confirmed on X-ray.", "hip-osteoarthritis knee-osteoarthritis"},
		{"en", "I had bone-on-bone arthritis in both knees for 20 years.", "knee-osteoarthritis"},
		{"en", "Osteoarthritis of the knee, hip, and shoulder joints responds best.", "hip-osteoarthritis knee-osteoarthritis shoulder-osteoarthritis"},
		// Spanish, Portuguese, German, French, Polish.
		{"es", "Tratamos artrosis de rodilla y cadera con células madre.", "hip-osteoarthritis knee-osteoarthritis"},
		{"es", "Tratamos artrosis de rodilla y de cadera, con o sin cirugía previa.", "hip-osteoarthritis knee-osteoarthritis"},
		{"es", "Artrosis de rodilla, cadera y hombro.", "hip-osteoarthritis knee-osteoarthritis shoulder-osteoarthritis"},
		{"pt", "Tratamos artrose do joelho e do quadril com células-tronco.", "hip-osteoarthritis knee-osteoarthritis"},
		{"de", "Wir behandeln Knie- und Hüftarthrose ambulant.", "hip-osteoarthritis knee-osteoarthritis"},
		{"de", "Behandlung der Arthrose des Knies und der Hüfte.", "hip-osteoarthritis knee-osteoarthritis"},
		{"de", "Knie-, Hüft- und Schulterarthrose", "hip-osteoarthritis knee-osteoarthritis shoulder-osteoarthritis"},
		{"fr", "Nous traitons l'arthrose du genou et de la hanche.", "hip-osteoarthritis knee-osteoarthritis"},
		{"fr", "Traitement de l'arthrose du genou et de l'épaule.", "knee-osteoarthritis shoulder-osteoarthritis"},
		{"pl", "Leczymy chorobę zwyrodnieniową kolan i bioder.", "hip-osteoarthritis knee-osteoarthritis"},
		{"pl", "Choroba zwyrodnieniowa stawów kolanowych i biodrowych.", "hip-osteoarthritis knee-osteoarthritis"},
		// A joint with no id of its own keeps the generic mention.
		{"es", "Artrosis en manos y hombros.", "osteoarthritis shoulder-osteoarthritis"},
		// Negative cases: no coordination, another condition, not a joint.
		{"en", "Knee osteoarthritis and hip replacement recovery.", "knee-osteoarthritis"},
		{"en", "Arthritis of the knee and hip replacement surgery are discussed below.", "knee-osteoarthritis"},
		{"en", "Frozen shoulder and knee arthritis respond to PRP.", "knee-osteoarthritis"},
		{"en", "Shoulder pain, knee and hip arthritis.", "hip-osteoarthritis joint-pain knee-osteoarthritis"},
		{"en", "Knee pain and osteoarthritis are common after 50.", "joint-pain osteoarthritis"},
		{"en", "Osteoarthritis and knee pain are common after 50.", "joint-pain osteoarthritis"},
		{"en", "Rheumatoid arthritis of the knees and hands needs a rheumatologist.", "rheumatoid-arthritis"},
		{"en", "Arthritis of the spine and lung disease.", "arthritis lung-disease"},
		{"en", "Arthritis in children and adults.", "arthritis"},
		{"es", "Dolor de rodilla y artrosis de cadera.", "hip-osteoarthritis joint-pain"},
		{"es", "Artrosis de rodilla y hombro congelado.", "knee-osteoarthritis"},
		{"de", "Kniearthrose und Schulterschmerzen", "joint-pain knee-osteoarthritis"},
		{"en", "Stem cells for diabetes and knee pain.", "diabetes joint-pain"},
	} {
		if got := sentenceIDs(e, tt.text, tt.lang, KindCondition); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

// TestCoordinatedJointsNegation checks that a claim spread to a joint
// copies the negation of the mention it spreads from.
func TestCoordinatedJointsNegation(t *testing.T) {
	e := coordExtractor(t)
	for _, tt := range []struct{ lang, text, want string }{
		{"en", "We do not treat knee and hip osteoarthritis.", "!hip-osteoarthritis !knee-osteoarthritis"},
		{"en", "We do not treat arthritis of the knee and hip.", "!hip-osteoarthritis !knee-osteoarthritis"},
		{"es", "No tratamos artrosis de rodilla ni de cadera.", "!hip-osteoarthritis !knee-osteoarthritis"},
		{"en", "Patients with knee and hip osteoarthritis are not candidates.", "!hip-osteoarthritis !knee-osteoarthritis"},
		{"en", "We treat knee and hip osteoarthritis.", "hip-osteoarthritis knee-osteoarthritis"},
	} {
		if got := sentenceIDs(e, tt.text, tt.lang, KindCondition); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

func TestOrganisationNames(t *testing.T) {
	e := coordExtractor(t)
	for _, tt := range []struct{ lang, text, want string }{
		// Charities, societies, associations, public institutes: dropped.
		{"en", "Research is funded by the National Institute of Neurological Disorders and Stroke.", ""},
		{"en", "The American Diabetes Association recommends regular screening.", ""},
		{"en", "According to the Parkinson's Foundation, one million Americans live with the disease.", ""},
		{"en", "The Multiple Sclerosis Society warns against unproven clinics.", ""},
		{"en", "The Michael J. Fox Foundation for Parkinson's Research funds trials.", ""},
		{"en", "Ask the Alzheimer's Association for a list of trials.", ""},
		{"en", "The National Heart, Lung, and Blood Institute funds the study.", ""},
		{"es", "Con el apoyo del Instituto Nacional de Trastornos Neurológicos y Accidentes Cerebrovasculares.", ""},
		{"es", "La Fundación Española de Parkinson ofrece talleres.", ""},
		{"es", "La Asociación Española Contra el Cáncer alerta sobre estas clínicas.", ""},
		{"pt", "A Associação Brasileira de Esclerose Múltipla alerta os pacientes.", ""},
		{"de", "Die Deutsche Multiple Sklerose Gesellschaft warnt vor Stammzellkliniken.", ""},
		{"fr", "La Fondation pour la Recherche sur Alzheimer finance des essais.", ""},
		{"pl", "Polskie Towarzystwo Stwardnienia Rozsianego ostrzega pacjentów.", ""},
		{"pl", "Stowarzyszenie Chorych na Stwardnienie Rozsiane pomaga rodzinom.", ""},
		// Only the name is dropped, not the rest of the sentence.
		{"en", "The American Diabetes Association says stem cells do not cure diabetes.", "!diabetes"},
		{"en", "We treat Parkinson's disease; the Parkinson's Foundation lists trials.", "parkinsons"},
		// Clinic names, clinic institutes and centres without a public marker: kept.
		{"en", "Welcome to the Stem Cell Institute for Autism in Panama.", "autism"},
		{"en", "The Autism Treatment Center offers stem cell therapy.", "autism"},
		{"es", "Células madre para autismo en el Instituto Neurocelular Infantil de Autismo.", "autism"},
		{"en", "Our Stem Cell Foundation for Autism treats children.", "autism"},
		// A lower-case "society" or a condition in running text: kept.
		{"en", "Diabetes is common in our society.", "diabetes"},
		{"de", "Multiple Sklerose ist in unserer Gesellschaft häufig.", "multiple-sclerosis"},
		{"en", "We treat Multiple Sclerosis, Parkinson's and Stroke.", "multiple-sclerosis parkinsons stroke"},
		// A title-case heading: only a keyword right after the mention.
		{"en", "The Association Between Stem Cells and Autism", "autism"},
		{"en", "The Foundation of Our Autism Program", "autism"},
		{"en", "Support From the Parkinson's Foundation", ""},
	} {
		if got := sentenceIDs(e, tt.text, tt.lang, KindCondition); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

// TestTransplantPageStemCells checks the transplant-page rule: on a page
// whose title names a blood-forming stem-cell transplant, a bare,
// unnegated "stem cells" is hsct; a stem-cell transplant is hsct on any
// page with an hsct claim, in every analysed language; modifiers ("stem
// cell clinics") and denials keep their own id.
func TestTransplantPageStemCells(t *testing.T) {
	e := coordExtractor(t)
	page := func(lang, title string, paras ...string) string {
		var b strings.Builder
		b.WriteString(`<html lang="` + lang + `"><head><title>` + title + `</title></head><body><h1>` + title + `</h1>`)
		for _, p := range paras {
			b.WriteString("<p>" + p + "</p>")
		}
		b.WriteString("</body></html>")
		return b.String()
	}
	for _, tt := range []struct {
		name, html, want string
	}{
		{"es bare cells on a transplant page", page("es", "Trasplante de médula ósea",
			"La médula ósea contiene células inmaduras llamadas células madre.",
			"Las células madre pueden convertirse en glóbulos rojos, glóbulos blancos y plaquetas, y el trasplante las reemplaza."), "hsct"},
		{"en bare cells on a transplant page", page("en", "Blood and Marrow Transplant Program",
			"Before the bone marrow transplant, your healthy stem cells are collected from your blood and frozen for your treatment."), "hsct"},
		{"en modifier and denial kept", page("en", "Blood and Marrow Transplant Program",
			"Our physicians are often asked about stem cell clinics that advertise unproven treatments to patients.",
			"We do not offer stem cells for autism, arthritis or anti-ageing outside clinical trials at this hospital."), "!unspecified hsct unspecified"},
		{"en not a transplant page", page("en", "What is MS, and can stem cells help?",
			"For aggressive relapsing disease, aHSCT has the strongest evidence of any cell-based approach to MS.",
			"Stem cells from fat or cord are sold by clinics in many countries to people with MS who hope for a cure."), "hsct unspecified"},
		{"pt transplant words", page("pt", "Transplante de medula óssea",
			"O transplante de medula óssea e o transplante de células-tronco são feitos no nosso hospital universitário para doenças do sangue.",
			"As células-tronco são coletadas do sangue do doador e transplantadas após a quimioterapia no hospital universitário."), "hsct"},
		{"de compound transplant word", page("de", "Knochenmarktransplantation",
			"Die Knochenmarktransplantation und die Stammzellentransplantation werden in unserer Klinik für Erkrankungen des Blutes durchgeführt.",
			"Die Stammzellen werden aus dem Blut des Spenders gewonnen und nach der Chemotherapie übertragen, wie es die Ärzte für Patienten mit Leukämie empfehlen."), "hsct"},
		{"fr greffe", page("fr", "Greffe de moelle osseuse",
			"La greffe de moelle osseuse et la greffe de cellules souches sont réalisées dans notre service pour les maladies du sang chez les patients adultes.",
			"Les cellules souches sont prélevées dans le sang du donneur et réinjectées après la chimiothérapie dans notre service hospitalier."), "hsct"},
		{"pl przeszczep", page("pl", "Przeszczepienie szpiku",
			"Przeszczep szpiku i przeszczep komórek macierzystych wykonujemy w naszym szpitalu u pacjentów z chorobami krwi, takimi jak białaczka.",
			"Komórki macierzyste pobiera się z krwi dawcy i podaje pacjentowi po chemioterapii w naszym szpitalu, który ma długie doświadczenie."), "hsct"},
	} {
		r, err := e.Extract(Input{URL: "http://hospital.example/p.html", ContentType: "text/html; charset=utf-8", Body: []byte(tt.html)})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var got []string
		for _, m := range mentions(r, KindCellType) {
			if !seen[m] && (strings.TrimPrefix(m, "!") == "hsct" || strings.TrimPrefix(m, "!") == "unspecified") {
				seen[m] = true
				got = append(got, m)
			}
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s (page language %s): %q, want %q", tt.name, r.Lang, g, tt.want)
		}
	}
}
