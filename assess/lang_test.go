package assess

import (
	"testing"

	"github.com/clinicaudit/clinicaudit/extract"
)

// The pack-language alternatives (lang.go), on sentences written for this
// test: each names its pattern, the page language, the text and whether it
// must match.
func TestPackPatterns(t *testing.T) {
	fold := extract.Fold
	for _, c := range []struct {
		name string
		re   langRe
		lang string
		s    string
		want bool
	}{
		// Cell words in headings (folded input).
		{"cellWords", cellWords, "pt", fold("Terapia com células-tronco: preços"), true},
		{"cellWords", cellWords, "pt", fold("Célula-tronco mesenquimal"), true},
		{"cellWords", cellWords, "de", fold("Stammzelltherapie – Kosten"), true},
		{"cellWords", cellWords, "de", fold("Behandlung mit Fettstammzellen"), true},
		{"cellWords", cellWords, "de", fold("Zelltherapie bei Arthrose"), true},
		{"cellWords", cellWords, "de", fold("Stammzell-Behandlung"), true},
		{"cellWords", cellWords, "fr", fold("Thérapie cellulaire : tarifs"), true},
		{"cellWords", cellWords, "fr", fold("Injections de cellules souches"), true},
		{"cellWords", cellWords, "pl", fold("Leczenie komórkami macierzystymi – cennik"), true},
		{"cellWords", cellWords, "pl", fold("Terapia komórkowa"), true},
		{"cellWords", cellWords, "pl", fold("Przeszczep komórek macierzystych"), true},
		{"cellWords", cellWords, "de", fold("Physiotherapie und Massage"), false},
		{"cellWords", cellWords, "fr", fold("Nos tarifs de consultation"), false},
		// A German word on an English page is not read (base only).
		{"cellWords", cellWords, "en", fold("Stammzellen"), false},
		{"cellWords", cellWords, "en", fold("Stem cell therapy pricing"), true},

		// Headings of what the clinic treats (folded input).
		{"conditionsHeading", conditionsHeading, "pt", fold("Doenças tratadas"), true},
		{"conditionsHeading", conditionsHeading, "pt", fold("Para quem é indicado"), true},
		{"conditionsHeading", conditionsHeading, "de", fold("Anwendungsgebiete der Stammzelltherapie"), true},
		{"conditionsHeading", conditionsHeading, "de", fold("Für wen ist die Behandlung geeignet?"), true},
		{"conditionsHeading", conditionsHeading, "fr", fold("Pathologies traitées"), true},
		{"conditionsHeading", conditionsHeading, "fr", fold("Indications"), true},
		{"conditionsHeading", conditionsHeading, "pl", fold("Wskazania do zabiegu"), true},
		{"conditionsHeading", conditionsHeading, "pl", fold("Co leczymy?"), true},
		{"conditionsHeading", conditionsHeading, "de", fold("Ablauf der Behandlung"), false},
		{"conditionsHeading", conditionsHeading, "fr", fold("Déroulement de la séance"), false},

		// A sentence that makes a condition the target (folded input).
		{"target", target, "pt", fold("Células-tronco para artrose do joelho."), true},
		{"target", target, "de", fold("Stammzelltherapie bei Arthrose im Knie."), true},
		{"target", target, "de", fold("Wir behandeln Kniearthrose mit Stammzellen."), true},
		{"target", target, "fr", fold("Nous traitons l'arthrose du genou par cellules souches."), true},
		{"target", target, "pl", fold("Leczymy chorobę zwyrodnieniową stawów komórkami macierzystymi."), true},
		{"target", target, "pl", fold("Komórki macierzyste i stwardnienie rozsiane."), false},
		{"target", target, "fr", fold("Cellules souches chez les personnes atteintes de sclérose en plaques."), true},
		{"target", target, "fr", fold("Un patient atteint d'arthrose reçoit des cellules souches."), true},
		{"target", target, "pl", fold("Walczymy z autyzmem komórkami macierzystymi."), true},

		// The clinic's voice (raw sentence).
		{"voice", voice, "de", "Wir bieten Stammzellen aus Ihrem eigenen Fettgewebe an.", true},
		{"voice", voice, "fr", "Notre équipe injecte des cellules souches.", true},
		{"voice", voice, "pl", "Oferujemy terapię komórkami macierzystymi.", true},
		{"voice", voice, "pt", "Nossa clínica aplica células-tronco.", true},
		{"voice", voice, "pt", "Os resultados nos joelhos variam.", false},
		{"voice", voice, "de", "Forscher untersuchen Stammzellen bei Parkinson.", false},

		// Articles: the clinic offers its own treatment.
		{"clinicOffers", clinicOffers, "de", "Wir behandeln Kniearthrose mit Stammzellen.", true},
		{"clinicOffers", clinicOffers, "fr", "Nous proposons des injections de cellules souches.", true},
		{"clinicOffers", clinicOffers, "pl", "W naszej klinice oferujemy leczenie komórkowe.", true},
		{"clinicOffers", clinicOffers, "pt", "Oferecemos terapia com células-tronco.", true},
		{"clinicOffers", clinicOffers, "fr", "Une clinique à Genève propose des cellules souches.", false},

		// Patient stories.
		{"patientStory", patientStory, "de", "Nach meiner Stammzellbehandlung kann ich wieder gehen.", true},
		{"patientStory", patientStory, "fr", "J'ai reçu deux injections de cellules souches.", true},
		{"patientStory", patientStory, "pl", "Mój zabieg trwał dwie godziny.", true},
		{"patientStory", patientStory, "pt", "Meu tratamento com células-tronco foi em março.", true},

		// Research news.
		{"research", research, "de", "Forscher der Universität Basel untersuchen Stammzellen bei Parkinson.", true},
		{"research", research, "fr", "Des chercheurs ont publié une étude en 2024.", true},
		{"research", research, "pl", "Naukowcy badają komórki macierzyste w chorobie Parkinsona.", true},
		{"research", research, "pt", "Estudos sugerem benefício no futuro.", true},
		{"research", research, "de", "Wir behandeln Arthrose mit Stammzellen.", false},

		// Headings that describe, compare or warn.
		{"describingHeading", describingHeading, "de", "Symptome der Arthrose", true},
		{"describingHeading", describingHeading, "fr", "Cellules souches ou prothèse : comparaison", true},
		{"describingHeading", describingHeading, "pl", "Objawy stwardnienia rozsianego", true},
		{"describingHeading", describingHeading, "pt", "Causas da artrose", true},
		{"describingHeading", describingHeading, "de", "Anwendungsgebiete", false},

		// Prices: comparisons, banking, participant pay.
		{"comparison", comparison, "de", "Eine Knieprothese kann in der Schweiz bis zu CHF 25'000 kosten.", true},
		{"comparison", comparison, "fr", "Ailleurs en Europe, comptez en moyenne 8 000 €.", true},
		{"comparison", comparison, "pl", "Inne kliniki pobierają średnio 30 000 zł.", true},
		{"comparison", comparison, "pt", "Outras clínicas cobram em média R$ 40.000.", true},
		{"comparison", comparison, "de", "Die Behandlung kostet CHF 6'500.", false},
		{"banking", banking, "pl", "Przechowywanie krwi pępowinowej: 450 zł rocznie.", true},
		{"banking", banking, "de", "Einlagerung für 20 Jahre: 2'900 CHF.", true},
		{"banking", banking, "fr", "Conservation : 150 € par an.", true},
		{"banking", banking, "pt", "Anuidade de armazenamento: R$ 900.", true},
		{"participantPay", participantPay, "de", "Sie erhalten eine Aufwandsentschädigung von 50 €.", true},
		{"participantPay", participantPay, "fr", "La séance coûte 4 500 € et n'est pas remboursée.", false},
		{"participantPay", participantPay, "fr", "Vous recevrez deux injections de cellules souches pour 5 500 €.", false},
		{"participantPay", participantPay, "fr", "Vous recevrez une indemnité de 40 € par visite.", true},
		{"participantPay", participantPay, "pl", "Otrzymasz zwrot kosztów dojazdu: 100 zł.", true},
		{"participantPay", participantPay, "pl", "Otrzymasz trzy iniekcje za 24 000 zł.", false},

		// Other services, treatment units (folded input).
		{"otherService", otherService, "pt", fold("Consulta de avaliação: R$ 600"), true},
		{"otherService", otherService, "de", fold("Physiotherapie (10 Sitzungen): 800 €"), true},
		{"otherService", otherService, "fr", fold("Injection d'acide hyaluronique : 250 €"), true},
		{"otherService", otherService, "pl", fold("Osocze bogatopłytkowe – 900 zł"), true},
		{"otherService", otherService, "pl", fold("Terapia komórkami macierzystymi – 18 000 zł"), false},
		{"otherService", otherService, "pl", fold("Leczenie falą uderzeniową – 300 zł"), true},
		{"otherService", otherService, "de", fold("Stosswellentherapie (pro Sitzung) – CHF 180"), true},
		{"otherService", otherService, "fr", fold("Thérapie par ondes de choc : 90 €"), true},
		{"otherService", otherService, "pt", fold("Reposição de testosterona – R$ 900"), true},
		{"treatmentUnit", treatmentUnit, "fr", fold("Forfait deux séances : 7 900 €"), true},
		{"treatmentUnit", treatmentUnit, "pl", fold("Pakiet trzech iniekcji: 24 000 zł"), true},
		{"treatmentUnit", treatmentUnit, "pl", fold("Trzy podania: 45 000 zł"), true},
		{"treatmentUnit", treatmentUnit, "de", fold("Paket mit zwei Injektionen: 9'800 CHF"), true},
		{"treatmentUnit", treatmentUnit, "pt", fold("Protocolo de três aplicações: R$ 45.000"), true},

		// Education and referrals, free studies, enrolment.
		{"education", education, "de", "Was ist Arthrose?", true},
		{"education", education, "pt", "O que é esclerose múltipla?", true},
		{"education", education, "fr", "Qu'est-ce que la sclérose en plaques ?", true},
		{"education", education, "pl", "Czym jest stwardnienie rozsiane?", true},
		{"education", education, "de", "Manche Kliniken bieten Stammzellen gegen Autismus an.", true},
		{"education", education, "pl", "Niektóre kliniki sprzedają komórki na autyzm.", true},
		{"education", education, "fr", "Nous traitons la gonarthrose.", false},
		{"freeStudy", freeStudy, "de", "Die Teilnahme an der Studie ist kostenlos.", true},
		{"freeStudy", freeStudy, "pl", "Udział w badaniu jest bezpłatny.", true},
		{"enrolment", enrolment, "fr", "Protocole de recherche avec frais de participation.", true},
		{"enrolment", enrolment, "pl", "Badanie obserwacyjne, opłata za udział.", true},

		// Risk statements.
		{"riskText", riskText, "de", "Nebenwirkungen", true},
		{"riskText", riskText, "pl", "Możliwe powikłania", true},
		{"riskHeading", riskHeading, "fr", "Risques et effets secondaires", true},
		{"minimising", minimising, "de", "Die Behandlung ist ohne Risiko.", true},
		{"minimising", minimising, "pl", "Zabieg jest bez ryzyka i bez powikłań.", true},
		{"minimising", minimising, "fr", "Des effets secondaires graves sont possibles, dont des infections.", false},
		{"minimising", minimising, "pt", "Existem riscos, incluindo infecção e tumores.", false},
		{"resultsVary", resultsVary, "de", "Ergebnisse können variieren.", true},
		{"resultsVary", resultsVary, "fr", "Les résultats peuvent varier", true},
		{"resultsVary", resultsVary, "pl", "Wyniki mogą się różnić.", true},
		{"resultsVary", resultsVary, "pt", "Os resultados podem variar.", true},
	} {
		if got := c.re.match(c.lang, c.s); got != c.want {
			t.Errorf("%s [%s] %q: match %v, want %v", c.name, c.lang, c.s, got, c.want)
		}
	}
}

// A cell-type span named as stem cells, in each pack language; a PRP span
// alone is not.
func TestNamesStem(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       bool
	}{
		{"pt", "células-tronco do cordão umbilical", true},
		{"de", "Exosomen aus Stammzellen", true},
		{"fr", "cellules souches amniotiques", true},
		{"pl", "komórki macierzyste z pępowiny", true},
		{"de", "PRP-Eigenbluttherapie", false},
		{"pl", "osocze bogatopłytkowe", false},
		{"en", "Stammzellen", false}, // a pack word is read on its language's pages only
	} {
		if got := namesStem(extract.Claim{Lang: c.lang, Text: c.text}); got != c.want {
			t.Errorf("[%s] %q: %v, want %v", c.lang, c.text, got, c.want)
		}
	}
}

// Words before a condition that name it as a complication, in each pack
// language.
func TestComplicationBefore(t *testing.T) {
	for _, c := range []struct {
		lang, sentence, text string
		want                 bool
	}{
		{"de", "Langjährige Kortisongaben können Diabetes verursachen.", "Diabetes", false}, // German puts the verb after the condition: not read (a limit)
		{"de", "Eine Eisenüberladung führt zu Leberzirrhose.", "Leberzirrhose", true},
		{"fr", "Un traitement prolongé peut provoquer un diabète.", "diabète", true},
		{"pl", "Otyłość zwiększa ryzyko wystąpienia cukrzycy.", "cukrzycy", true},
		{"pt", "A obesidade pode causar diabetes.", "diabetes", true},
		{"pt", "Tratamos artrose com células-tronco.", "artrose", false},
		{"de", "Stammzelltherapie bei Arthrose.", "Arthrose", false},
	} {
		got := complicationBefore(extract.Claim{Lang: c.lang, Sentence: c.sentence, Text: c.text})
		if got != c.want {
			t.Errorf("[%s] %q / %q: %v, want %v", c.lang, c.sentence, c.text, got, c.want)
		}
	}
}
