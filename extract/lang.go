package extract

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"
)

// Page language detection uses lingua-go with every language it knows, so
// that a page in a language the vocabularies do not cover (Italian, Czech,
// Russian...) is named and reported as not analysed rather than read as
// the nearest covered one. Low-accuracy mode (trigram models only) is
// enough for paragraphs of page text; the models of a script's languages
// load on first use (the demo's peak memory grows from 149 MB to 207 MB).
//
// Every language of a non-Latin script is included (the detector decides
// those by script first, at little cost); of the Latin-script languages,
// the covered ones, their near relatives and the languages of European and
// Turkish medical-tourism sites. Each Latin-script language costs about
// 0.15 ms a page (measured on 1,200 bytes: 0.8 ms with 2 languages, 3.0 ms
// with 17), so the long tail (Latin, Esperanto, Yoruba...) is left out:
// those pages fall to the nearest included language, which the
// vocabularies then barely match.
var detector = sync.OnceValue(func() lingua.LanguageDetector {
	latin := map[lingua.Language]bool{}
	for _, l := range lingua.AllLanguagesWithLatinScript() {
		latin[l] = true
	}
	keep := map[lingua.Language]bool{
		lingua.English: true, lingua.Spanish: true, lingua.Portuguese: true, lingua.German: true, lingua.French: true, lingua.Polish: true,
		lingua.Italian: true, lingua.Dutch: true, lingua.Catalan: true, lingua.Romanian: true, lingua.Czech: true, lingua.Slovak: true,
		lingua.Swedish: true, lingua.Danish: true, lingua.Bokmal: true, lingua.Finnish: true, lingua.Turkish: true, lingua.Hungarian: true,
		lingua.Croatian: true, lingua.Slovene: true, lingua.Lithuanian: true, lingua.Latvian: true, lingua.Estonian: true,
		lingua.Indonesian: true, lingua.Malay: true, lingua.Vietnamese: true, lingua.Tagalog: true, lingua.Albanian: true,
	}
	var langs []lingua.Language
	for _, l := range lingua.AllLanguages() {
		if !latin[l] || keep[l] {
			langs = append(langs, l)
		}
	}
	return lingua.NewLanguageDetectorBuilder().FromLanguages(langs...).WithLowAccuracyMode().Build()
})

// langSample is how much page text the detector reads: the longest units
// first (paragraphs, not menus), up to this many bytes.
const langSample = 800

// sampleText returns up to langSample bytes of a page's longest units.
func sampleText(title string, units []Unit) string {
	idx := make([]int, len(units))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return len(units[idx[a]].Text) > len(units[idx[b]].Text) })
	var b strings.Builder
	for _, i := range idx {
		if b.Len() >= langSample {
			break
		}
		t := units[i].Text
		if len(t) > langSample-b.Len() {
			t = t[:langSample-b.Len()]
			for len(t) > 0 && !utf8.ValidString(t) {
				t = t[:len(t)-1]
			}
		}
		b.WriteString(t)
		b.WriteString("\n")
	}
	if b.Len() < 200 && title != "" {
		b.WriteString(title)
	}
	return b.String()
}

// The trigram models are unreliable on short or repetitive text (measured
// with lingua-go 1.4.0 in low-accuracy mode: "PRP is not a stem cell
// therapy." is Latin at 0.99, "Our stem cells can reverse autism." is
// Esperanto; a sentence repeated 50 times is Catalan). Such a sample is
// decided by counting common words instead, and so is one on which the
// detector is unsure (top confidence under 0.5).
const (
	minDetect   = 120 // letters
	minDistinct = 15  // distinct words
)

// distinctWords counts the distinct words of s, up to max.
func distinctWords(s string, max int) int {
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !seen[w] {
			if seen[w] = true; len(seen) >= max {
				break
			}
		}
	}
	return len(seen)
}

// letters counts the letters of s, up to max.
func letters(s string, max int) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if n++; n >= max {
				break
			}
		}
	}
	return n
}

// detectLang returns the page's language as an ISO 639-1 code: the
// declared one (<html lang>) unless the text is plainly in another (a
// template may declare the site's language on a translated page); the
// detected one when nothing is declared; "en" when the page has too little
// text to tell and declares nothing.
func detectLang(declared, sample string) string {
	folded := fold(sample).text
	if letters(sample, minDetect) < minDetect || distinctWords(sample, minDistinct) < minDistinct {
		return commonWordLang(declared, folded)
	}
	if analysedLang(declared) && wordsAgree(declared, folded) {
		// Most pages declare their language; when the common words of a
		// covered language plainly agree, the detector (2.6-4.5 ms a
		// page) is not needed.
		return declared
	}
	vals := detector().ComputeLanguageConfidenceValues(sample)
	if len(vals) == 0 || vals[0].Value() < 0.5 {
		return commonWordLang(declared, folded)
	}
	top := strings.ToLower(vals[0].Language().IsoCode639_1().String())
	if declared == "" || declared == top {
		return top
	}
	for _, v := range vals {
		if strings.ToLower(v.Language().IsoCode639_1().String()) == declared {
			if v.Value() >= 0.2*vals[0].Value() {
				return declared // not plainly another language
			}
			break
		}
	}
	if isoCode(declared) == lingua.UnknownIsoCode639_1 && vals[0].Value() < 0.5 {
		return declared // a code the detector does not know, and no clear answer
	}
	return top
}

// isoCode returns the lingua code for a two-letter code, or an unknown one.
func isoCode(code string) lingua.IsoCode639_1 {
	for _, c := range lingua.AllLanguages() {
		if strings.EqualFold(c.IsoCode639_1().String(), code) {
			return c.IsoCode639_1()
		}
	}
	return lingua.UnknownIsoCode639_1
}

// analysedLang reports whether the vocabularies cover a language.
func analysedLang(l string) bool {
	for _, a := range Languages {
		if a == l {
			return true
		}
	}
	return false
}

// coveredLanguages names the analysed languages: "English, Spanish, ... and Polish".
func coveredLanguages() string {
	names := make([]string, len(Languages))
	for i, l := range Languages {
		names[i] = LanguageName(l)
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// commonWords are common words that tell languages apart (folded: no
// accents). Words shared by several languages ("de", "la", "que") are left out.
var commonWords = map[string][]string{
	"en": {"the", "and", "of", "to", "for", "with", "our", "is", "are", "your", "we", "you", "this", "that", "treatment", "cells", "have", "will"},
	"es": {"el", "los", "las", "del", "y", "con", "una", "su", "sus", "nuestros", "nuestra", "tratamiento", "usted", "pacientes", "son", "celulas", "nuestro", "muy", "puede"},
	"pt": {"os", "do", "da", "dos", "das", "em", "uma", "seu", "sua", "nossos", "nao", "sao", "voce", "tratamento", "com", "ao", "pelo", "pela", "tambem", "nossa"},
	"de": {"der", "die", "das", "und", "ist", "mit", "fur", "von", "zu", "den", "dem", "ein", "eine", "nicht", "wir", "auf", "bei", "ihre", "behandlung", "sind"},
	"fr": {"le", "les", "des", "et", "est", "avec", "pour", "vous", "nous", "une", "du", "dans", "sur", "pas", "qui", "au", "aux", "traitement", "votre", "nos"},
	"pl": {"w", "z", "nie", "jest", "ze", "dla", "oraz", "leczenie", "pacjentow", "jak", "przez", "lub", "tak", "sie", "komorki"},
	"it": {"il", "gli", "della", "di", "per", "sono", "non", "nostro", "nostri", "degli", "alla", "trattamento", "anche", "delle", "nel", "che"},
	"nl": {"het", "een", "van", "voor", "met", "niet", "wij", "zijn", "behandeling", "uw", "bij", "ook", "naar", "wordt"},
}

var langOf = func() map[string]string {
	m := map[string]string{}
	for l, ws := range commonWords {
		for _, w := range ws {
			m[w] = l
		}
	}
	return m
}()

// wordsAgree reports whether a folded text uses the common words of lang
// plainly more than those of any other language: at least 6 in the
// sample, and five times as many as the next.
func wordsAgree(lang, folded string) bool {
	counts := commonWordCounts(folded)
	for l, n := range counts {
		if l != lang && 5*n > counts[lang] {
			return false
		}
	}
	return counts[lang] >= 6
}

// commonWordCounts counts the common words of each language in the first
// 5,000 words of a folded text.
func commonWordCounts(foldedText string) map[string]int {
	counts := map[string]int{}
	n := 0
	for _, w := range strings.Fields(foldedText) {
		if n++; n > 5000 {
			break
		}
		if l, ok := langOf[strings.Trim(w, ".,;:!?()\"'¿¡«»")]; ok {
			counts[l]++
		}
	}
	return counts
}

// commonWordLang returns the language whose common words a short text
// uses most, among eight (words two of them share, such as "para" and
// "do", are left out): the declared one (<html lang>) unless the text is
// plainly in another; "en" when nothing tells.
func commonWordLang(declared, foldedText string) string {
	counts := commonWordCounts(foldedText)
	best, bestN := "", 0
	for _, l := range []string{"en", "es", "pt", "de", "fr", "pl", "it", "nl"} {
		if counts[l] > bestN {
			best, bestN = l, counts[l]
		}
	}
	if declared != "" {
		// A template may declare the site's language on a translated page:
		// the text wins only when it is plainly in another language.
		if best == "" || best == declared || bestN < 10 || bestN < 2*counts[declared] {
			return declared
		}
		return best
	}
	if best == "" {
		return "en"
	}
	return best
}
