package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/clinicaudit/clinicaudit/seeds"
	"github.com/pemistahl/lingua-go"
)

// Languages are the page languages the vocabularies cover: English and
// Spanish in the columns of conditions.csv and celltypes.csv, the others
// in language packs (seeds/lang/CODE, see its README.md).
var Languages = []string{"en", "es", "pt", "de", "fr", "pl"}

// languageNames are the English names of the analysed languages.
var languageNames = map[string]string{"en": "English", "es": "Spanish", "pt": "Portuguese", "de": "German", "fr": "French", "pl": "Polish"}

// LanguageName returns the English name of a language code ("it" ->
// "Italian"), or the code when it names no language the detector knows.
func LanguageName(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	if c := isoCode(code); c != lingua.UnknownIsoCode639_1 {
		n := strings.ToLower(lingua.GetLanguageFromIsoCode639_1(c).String())
		return strings.ToUpper(n[:1]) + n[1:]
	}
	return code
}

// pack is one language's pack: terms by id, cue patterns and word lists.
type pack struct {
	lang       string
	conditions map[string][]string // id -> terms
	condAbbrev map[string][]string
	cells      map[string][]string
	cellAbbrev map[string][]string
	cues       []CuePattern
	words      map[string][]string // kind -> folded phrases
}

// wordKinds are the kinds of words.csv rows.
var wordKinds = map[string]bool{
	"negator": true, "not-negation": true, "clause-break": true, "coordinator": true, "fee-negator": true,
	"exclusion-heading": true, "excluded-after": true, "answer-no": true, "cultured": true, "transplant": true,
	"price-from": true, "price-about": true, "price-up-to": true, "price-between": true, "price-range": true,
	"price-per": true, "price-multiplier-thousand": true, "price-multiplier-million": true, "price-not-asked": true,
	"per-injection": true, "per-infusion": true, "per-session": true, "per-treatment": true, "per-joint": true,
	"per-package": true, "per-booster": true, "per-deposit": true, "per-consultation": true,
}

// loadPacks reads every language pack in fsys. Files a pack lacks are
// skipped; errors name the file and line.
func loadPacks(fsys fs.FS) (map[string]*pack, error) {
	out := map[string]*pack{}
	dirs, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		lang := d.Name()
		if _, ok := languageNames[lang]; !ok || lang == "en" || lang == "es" {
			return nil, fmt.Errorf("seeds/lang/%s: not a language this version analyses (%s)", lang, strings.Join(Languages[2:], ", "))
		}
		p := &pack{lang: lang, conditions: map[string][]string{}, condAbbrev: map[string][]string{},
			cells: map[string][]string{}, cellAbbrev: map[string][]string{}, words: map[string][]string{}}
		read := func(file string, fn func(b []byte, name string) error) error {
			b, err := fs.ReadFile(fsys, path.Join(lang, file))
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil {
				return err
			}
			return fn(b, "seeds/lang/"+lang+"/"+file)
		}
		terms := func(terms, abbrev map[string][]string) func(b []byte, name string) error {
			return func(b []byte, name string) error {
				return seeds.ReadCSV(bytes.NewReader(b), name, []string{"id", "terms"}, nil, func(line int, r map[string]string) error {
					id := r["id"]
					if id == "" {
						return fmt.Errorf("id is required")
					}
					if _, dup := terms[id]; dup {
						return fmt.Errorf("duplicate id %q", id)
					}
					ts := seeds.SplitList(r["terms"])
					for _, t := range ts {
						if err := checkWildcards(t); err != nil {
							return fmt.Errorf("term %q: %w", t, err)
						}
					}
					terms[id] = ts
					abbrev[id] = seeds.SplitList(r["abbrev"])
					return nil
				})
			}
		}
		if err := read("conditions.csv", terms(p.conditions, p.condAbbrev)); err != nil {
			return nil, err
		}
		if err := read("celltypes.csv", terms(p.cells, p.cellAbbrev)); err != nil {
			return nil, err
		}
		if err := read("cues.csv", func(b []byte, name string) error {
			cs, err := LoadCues(bytes.NewReader(b), name)
			if err != nil {
				return err
			}
			for _, c := range cs {
				if c.Lang != lang {
					return fmt.Errorf("%s: cue %s has lang %q; a pack's cues are in its own language", name, c.ID, c.Lang)
				}
			}
			p.cues = cs
			return nil
		}); err != nil {
			return nil, err
		}
		if err := read("words.csv", func(b []byte, name string) error {
			return seeds.ReadCSV(bytes.NewReader(b), name, []string{"kind", "words"}, nil, func(line int, r map[string]string) error {
				k := r["kind"]
				if !wordKinds[k] {
					return fmt.Errorf("unknown kind %q", k)
				}
				for _, w := range seeds.SplitList(r["words"]) {
					p.words[k] = append(p.words[k], fold(w).text)
				}
				return nil
			})
		}); err != nil {
			return nil, err
		}
		out[lang] = p
	}
	return out, nil
}

// checkWildcards checks a term's "*" marks: only at the end of a word of
// at least 4 letters.
func checkWildcards(term string) error {
	for _, w := range strings.Fields(term) {
		i := strings.IndexByte(w, '*')
		if i < 0 {
			continue
		}
		if i != len(w)-1 {
			return fmt.Errorf("a * may only end a word")
		}
		// The matcher splits words at anything not a letter or digit, so
		// the prefix is what follows the last such mark ("Knie-Arthro*").
		prefix := []rune(w[:i])
		n := 0
		for k := len(prefix) - 1; k >= 0 && (unicode.IsLetter(prefix[k]) || unicode.IsDigit(prefix[k])); k-- {
			n++
		}
		if n < 4 {
			return fmt.Errorf("a word ending in * needs at least 4 letters before it")
		}
	}
	return nil
}

// defaultPacks are the embedded language packs; packErr is reported by
// DefaultVocabulary and DefaultCues.
var defaultPacks, packErr = loadPacks(seeds.Lang())

// allPacks selects the words of every pack, for the patterns that run on
// pages of any language.
const allPacks = "*"

// packWords returns the (folded) words of a kind in lang's pack, or in
// every pack for allPacks, longest first.
func packWords(lang, kind string) []string {
	var ws []string
	for l, p := range defaultPacks {
		if lang == allPacks || l == lang {
			ws = append(ws, p.words[kind]...)
		}
	}
	sort.Slice(ws, func(i, j int) bool {
		if len(ws[i]) != len(ws[j]) {
			return len(ws[i]) > len(ws[j])
		}
		return ws[i] < ws[j]
	})
	return ws
}

// wordAlt returns a regexp alternation of the words of the kinds in lang's
// pack (or every pack), or "" when there are none.
func wordAlt(lang string, kinds ...string) string {
	var q []string
	for _, k := range kinds {
		for _, w := range packWords(lang, k) {
			q = append(q, regexp.QuoteMeta(w))
		}
	}
	return strings.Join(q, "|")
}

// orWords returns "|" and the alternation of wordAlt, to end a list of
// alternatives, or "".
func orWords(lang string, kinds ...string) string {
	if alt := wordAlt(lang, kinds...); alt != "" {
		return "|" + alt
	}
	return ""
}

// withPack returns re extended by an alternative: the words of kind in
// lang's pack (or every pack), wrapped in prefix and suffix.
func withPack(lang, re, kind, prefix, suffix string) *regexp.Regexp {
	if alt := wordAlt(lang, kind); alt != "" {
		return regexp.MustCompile(`(?:` + re + `)|(?:` + prefix + `(?:` + alt + `)` + suffix + `)`)
	}
	return regexp.MustCompile(re)
}

// wordSet is a set of single words.
type wordSet map[string]bool

// langVocab are the negation and list words of one language.
type langVocab struct {
	negators, notNegation, clauseBreak, coordinators, feeNegators wordSet
}

// enEsWords are the English and Spanish words, used together on pages in
// either language (clinic pages mix them).
var enEsWords = langVocab{negators: negators, notNegation: notNegation, clauseBreak: clauseBreak, coordinators: coordinatorsEnEs, feeNegators: feeNegators}

var coordinatorsEnEs = wordSet{"or": true, "and": true, "nor": true, "o": true, "y": true, "ni": true, "u": true, "e": true}

// packLangWords are the word sets of each pack's language.
var packLangWords = func() map[string]langVocab {
	out := map[string]langVocab{}
	set := func(p *pack, kind string) wordSet {
		// These kinds are matched word by word: a phrase of several words
		// ("als auch") would make each of its words a negator or a
		// coordinator, so only single words count.
		s := wordSet{}
		for _, w := range p.words[kind] {
			var ws []string
			for _, t := range tokenize(w) {
				if !t.punct {
					ws = append(ws, t.norm)
				}
			}
			if len(ws) == 1 {
				s[ws[0]] = true
			}
		}
		return s
	}
	for l, p := range defaultPacks {
		out[l] = langVocab{negators: set(p, "negator"), notNegation: set(p, "not-negation"), clauseBreak: set(p, "clause-break"),
			coordinators: set(p, "coordinator"), feeNegators: set(p, "fee-negator")}
	}
	return out
}()

// wordsFor returns the negation and list words of a page language.
func wordsFor(lang string) langVocab {
	if w, ok := packLangWords[lang]; ok {
		return w
	}
	return enEsWords
}

// addPacks adds each pack's terms to the vocabulary under its language.
func (v *Vocabulary) addPacks(packs map[string]*pack) error {
	langs := make([]string, 0, len(packs))
	for l := range packs {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		p := packs[l]
		for id, ts := range p.conditions {
			c, ok := v.condByID[id]
			if !ok {
				return fmt.Errorf("seeds/lang/%s/conditions.csv: unknown condition id %q (see seeds/conditions.csv)", l, id)
			}
			c.Terms[l] = append(c.Terms[l], ts...)
			if len(p.condAbbrev[id]) > 0 {
				if c.LangAbbrev == nil {
					c.LangAbbrev = map[string][]string{}
				}
				c.LangAbbrev[l] = p.condAbbrev[id]
			}
		}
		for id, ts := range p.cells {
			c, ok := v.cellByID[id]
			if !ok {
				return fmt.Errorf("seeds/lang/%s/celltypes.csv: unknown cell type id %q (see seeds/celltypes.csv)", l, id)
			}
			c.Terms[l] = append(c.Terms[l], ts...)
			if len(p.cellAbbrev[id]) > 0 {
				if c.LangAbbrev == nil {
					c.LangAbbrev = map[string][]string{}
				}
				c.LangAbbrev[l] = p.cellAbbrev[id]
			}
		}
	}
	return nil
}
