package extract

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadPacksErrors(t *testing.T) {
	for _, tt := range []struct {
		name, file, body, want string
	}{
		{"unknown kind", "pt/words.csv", "kind,words\nnegator,não\nnegatorz,nunca\n", "seeds/lang/pt/words.csv:3: unknown kind \"negatorz\""},
		{"bad wildcard", "de/conditions.csv", "id,terms\nautism,Aut*\n", "seeds/lang/de/conditions.csv:2: term \"Aut*\": a word ending in * needs at least 4 letters"},
		{"inner wildcard", "pl/conditions.csv", "id,terms\nautism,au*tyzm\n", "a * may only end a word"},
		{"short part after a hyphen", "de/conditions.csv", "id,terms\nautism,Kinder-Au*\n", "needs at least 4 letters"},
		{"duplicate id", "fr/celltypes.csv", "id,terms\nprp,PRP\nprp,plasma riche en plaquettes\n", "seeds/lang/fr/celltypes.csv:3: duplicate id \"prp\""},
		{"cue of another language", "fr/cues.csv", "id,lang,pattern\ncure,pt,\\bcura\\b\n", "cue cure has lang \"pt\""},
		{"not a language", "it/words.csv", "kind,words\n", "seeds/lang/it: not a language this version analyses"},
	} {
		_, err := loadPacks(fstest.MapFS{tt.file: {Data: []byte(tt.body)}})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to say %q", tt.name, err, tt.want)
		}
	}
}

func TestAddPacksUnknownID(t *testing.T) {
	v, err := DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	packs, err := loadPacks(fstest.MapFS{"pl/conditions.csv": {Data: []byte("id,terms\nno-such-id,coś\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.addPacks(packs); err == nil || !strings.Contains(err.Error(), `seeds/lang/pl/conditions.csv: unknown condition id "no-such-id"`) {
		t.Errorf("error %v", err)
	}
}

// TestPackMatching checks the matcher's rules for pack terms: wildcards
// match inflected words, and a pack's terms and abbreviations apply only
// on pages in its language.
func TestPackMatching(t *testing.T) {
	v, err := DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	packs, err := loadPacks(fstest.MapFS{"pl/conditions.csv": {Data: []byte("id,terms,abbrev\nmultiple-sclerosis,stwardnieni* rozsian*,SM\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.addPacks(packs); err != nil {
		t.Fatal(err)
	}
	m := newMatcher(v)
	ids := func(text, lang string) string {
		f := fold(text)
		toks := tokenize(f.text)
		var out []string
		for _, h := range m.find(toks, func(t token) string { return f.span(t.start, t.end) }, lang) {
			out = append(out, h.id+"="+f.span(toks[h.from].start, toks[h.to-1].end))
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct{ text, lang, want string }{
		{"Leczymy stwardnienie rozsiane.", "pl", "multiple-sclerosis=stwardnienie rozsiane"},
		{"chorych na stwardnienie rozsiane i stwardnieniem rozsianym", "pl", "multiple-sclerosis=stwardnienie rozsiane multiple-sclerosis=stwardnieniem rozsianym"},
		{"Pacjenci z SM.", "pl", "multiple-sclerosis=SM"},
		{"Pacjenci z SM.", "en", ""},                                          // a pack abbreviation only in its language
		{"stwardnienie rozsiane", "de", ""},                                   // a pack term only in its language
		{"multiple sclerosis", "pl", "multiple-sclerosis=multiple sclerosis"}, // English terms everywhere
		{"stwardnieć", "pl", ""},
	} {
		if got := ids(tt.text, tt.lang); got != tt.want {
			t.Errorf("%q (%s): %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}

func TestFoldLetters(t *testing.T) {
	for in, want := range map[string]string{"zł": "zl", "Łódź": "lodz", "Fußball": "fussball", "cœur": "coeur", "Cœur": "coeur", "Ærø": "aero", "células-tronco": "celulas-tronco"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetectLang(t *testing.T) {
	paras := map[string]string{
		"en": "Our clinic offers stem cell therapy for knee osteoarthritis, multiple sclerosis and autism. Treatment uses cells from your own fat, harvested under local anaesthetic. Most patients return home the next day.",
		"es": "Nuestra clínica ofrece terapia con células madre para la artrosis de rodilla, la esclerosis múltiple y el autismo. El tratamiento utiliza células de su propia grasa. La mayoría de los pacientes vuelve a casa al día siguiente.",
		"pt": "Nossa clínica oferece terapia com células-tronco para artrose do joelho, esclerose múltipla e autismo. O tratamento utiliza células da sua própria gordura. A maioria dos pacientes volta para casa no dia seguinte.",
		"de": "Unsere Klinik bietet eine Stammzelltherapie bei Kniearthrose, Multipler Sklerose und Autismus an. Die Behandlung verwendet Zellen aus Ihrem eigenen Fettgewebe. Die meisten Patienten kehren am nächsten Tag nach Hause zurück.",
		"fr": "Notre clinique propose une thérapie par cellules souches pour l'arthrose du genou, la sclérose en plaques et l'autisme. Le traitement utilise des cellules de votre propre graisse. La plupart des patients rentrent chez eux le lendemain.",
		"pl": "Nasza klinika oferuje terapię komórkami macierzystymi w chorobie zwyrodnieniowej kolana, stwardnieniu rozsianym i autyzmie. Leczenie wykorzystuje komórki z własnej tkanki tłuszczowej. Większość pacjentów wraca do domu następnego dnia.",
		"it": "La nostra clinica offre la terapia con cellule staminali per l'artrosi del ginocchio, la sclerosi multipla e l'autismo. Il trattamento utilizza cellule del proprio grasso. La maggior parte dei pazienti torna a casa il giorno dopo.",
		"nl": "Onze kliniek biedt stamceltherapie aan voor knieartrose, multiple sclerose en autisme. De behandeling gebruikt cellen uit uw eigen vetweefsel. De meeste patiënten gaan de volgende dag weer naar huis.",
		"cs": "Naše klinika nabízí léčbu kmenovými buňkami při artróze kolene, roztroušené skleróze a autismu. Léčba využívá buňky z vašeho vlastního tuku. Většina pacientů se vrací domů následující den.",
		"ca": "La nostra clínica ofereix teràpia amb cèl·lules mare per a l'artrosi de genoll, l'esclerosi múltiple i l'autisme. El tractament utilitza cèl·lules del vostre propi greix. La majoria dels pacients tornen a casa l'endemà.",
		"tr": "Kliniğimiz diz kireçlenmesi, multipl skleroz ve otizm için kök hücre tedavisi sunmaktadır. Tedavide kendi yağ dokunuzdan alınan hücreler kullanılır. Hastaların çoğu ertesi gün evine döner.",
		"ru": "Наша клиника предлагает лечение стволовыми клетками при артрозе коленного сустава, рассеянном склерозе и аутизме. Большинство пациентов возвращаются домой на следующий день.",
	}
	for want, p := range paras {
		if got := detectLang("", p); got != want {
			t.Errorf("undeclared %s page: detected %q", want, got)
		}
		// A template that declares English on a translated page.
		if got := detectLang("en", p); got != want {
			t.Errorf("%s page declared en: detected %q", want, got)
		}
	}
	// Short text: the declared language, or common words.
	for _, tt := range []struct{ declared, text, want string }{
		{"", "PRP is not a stem cell therapy.", "en"},
		{"de", "Kontakt", "de"},
		{"", "Nuestro tratamiento con células madre.", "es"},
	} {
		if got := detectLang(tt.declared, tt.text); got != tt.want {
			t.Errorf("detectLang(%q, %q) = %q, want %q", tt.declared, tt.text, got, tt.want)
		}
	}
}

func TestLanguageName(t *testing.T) {
	for code, want := range map[string]string{"de": "German", "it": "Italian", "cs": "Czech", "zz": "zz"} {
		if got := LanguageName(code); got != want {
			t.Errorf("LanguageName(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestCurrencyCodeIsNoCondition(t *testing.T) {
	e := defaultExtractor(t)
	for _, tt := range []struct{ lang, text, want string }{
		{"en", "Stem cells for CHF and COPD.", "copd heart-failure"},
		{"en", "Knee treatment: CHF 12'000 per knee.", ""},
		{"en", "All prices are in CHF.", ""},
		{"de", "Die Stammzelltherapie bei CHF kostet viel.", ""},
	} {
		if got := conditionsOn(t, e, tt.lang, "<p>"+tt.text+"</p>"); got != tt.want {
			t.Errorf("%q (%s): conditions %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}

// TestConditionAbbrevsEnEsOnly checks that the abbreviations of
// conditions.csv apply on English and Spanish pages only: on a German page
// "PD Dr. med." is a Privatdozent and "Fußball-EM" a football cup.
func TestConditionAbbrevsEnEsOnly(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	e.Entities = false
	for _, tt := range []struct{ lang, text string }{
		{"de", "Unser Team: PD Dr. med. Anna Berger, OA Dr. Paul Huber, RA Dr. Eva Klein. Zur Fußball-EM bleibt die Praxis geöffnet, die Stammzelltherapie beraten wir gern."},
	} {
		r, err := e.Extract(Input{URL: "http://x.example/", Body: []byte(`<html lang="` + tt.lang + `"><body><p>` + tt.text + `</p></body></html>`)})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Claims {
			if c.Kind == KindCondition {
				t.Errorf("%q: condition %s from %q", tt.text, c.ID, c.Text)
			}
		}
	}
	// On an English page the abbreviations still apply.
	r, err := e.Extract(Input{URL: "http://x.example/", Body: []byte(`<html lang="en"><body><p>We offer stem cells for PD and RA.</p></body></html>`)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(mentions(r, KindCondition)); n == 0 {
		t.Errorf("no condition from PD and RA on an English page")
	}
}

// TestAnswerNoWords checks the packs' answer-no words: "Non." answers a
// question, "Non-surgical" does not.
func TestAnswerNoWords(t *testing.T) {
	e := defaultExtractor(t)
	for _, tt := range []struct{ lang, html, want string }{
		{"en", "<h3>Do you treat autism with stem cells?</h3><p>Non-surgical care with stem cells is what we offer for autism and many other conditions of childhood.</p>", "autism"},
		{"fr", "<h3>Traitez-vous l'autisme par cellules souches ?</h3><p>Non. Nous accueillons des enfants pour des bilans, sans injection.</p>", "!autism"},
	} {
		if got := conditionsOn(t, e, tt.lang, tt.html); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.html, got, tt.want)
		}
	}
}

// TestSurnamesAreNoConditions checks that a one-word condition written as
// a surname after a title is not a mention: Krebs and Rak are surnames in
// German and Polish as well as "cancer".
func TestSurnamesAreNoConditions(t *testing.T) {
	e := defaultExtractor(t)
	for _, tt := range []struct{ lang, text, want string }{
		{"de", "Unser Chefarzt Dr. med. Klaus Krebs berät Sie gern.", ""},
		{"pl", "Dr n. med. Anna Rak, specjalista ortopeda.", ""},
		{"de", "Wir behandeln keinen Krebs.", "!cancer"},
		{"en", "Dr. Smith Treats Cancer With Stem Cells", "cancer"},
		{"pl", "Rak trzustki leczymy w szpitalu, nie komórkami macierzystymi.", "cancer"}, // capitalised at the start of a sentence: no title before it
	} {
		if got := conditionsOn(t, e, tt.lang, "<p>"+tt.text+"</p>"); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

// conditionsOn extracts body on a page declared in lang and returns its
// condition mentions ("!id" when negated), each once, sorted and joined.
func conditionsOn(t *testing.T, e *Extractor, lang, body string) string {
	t.Helper()
	r, err := e.Extract(Input{URL: "http://x.example/", Body: []byte(`<html lang="` + lang + `"><body>` + body + `</body></html>`)})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var got []string
	for _, c := range r.Claims {
		if c.Kind != KindCondition {
			continue
		}
		k := c.ID
		if c.Negated {
			k = "!" + k
		}
		if !seen[k] {
			seen[k] = true
			got = append(got, k)
		}
	}
	sort.Strings(got)
	return strings.Join(got, " ")
}

// defaultExtractor is NewDefault without named entities.
func defaultExtractor(t *testing.T) *Extractor {
	t.Helper()
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	e.Entities = false
	return e
}
