package extract

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/clinicaudit/clinicaudit/seeds"
)

// Condition is a condition clinics market treatments for.
type Condition struct {
	ID       string
	Label    string
	Category string
	Terms    map[string][]string // language -> phrases
	Abbrev   []string            // case-sensitive whole-word abbreviations
	// LangAbbrev are abbreviations of a language pack, matched only on
	// pages in that language ("EM" is esclerose múltipla only in Portuguese).
	LangAbbrev map[string][]string
	DOID       string // Human Disease Ontology term of the same scope ("DOID:2377"), "" if none
}

// CellType is a class of cell (or non-cell) product clinics sell.
type CellType struct {
	ID       string
	Label    string
	StemCell bool // false for PRP, exosomes, amniotic fluid, plant "stem cells"...
	Terms    map[string][]string
	Abbrev   []string // case-sensitive whole-word abbreviations ("MSCs")
	// LangAbbrev are abbreviations matched only on pages in their language.
	LangAbbrev map[string][]string
	Note       string // a factual sentence about the product, for reports
	Citation   string
}

// Vocabulary is the set of conditions and cell types extraction recognises.
type Vocabulary struct {
	Conditions []Condition
	CellTypes  []CellType
	condByID   map[string]*Condition
	cellByID   map[string]*CellType
}

// Condition returns the condition with the given id.
func (v *Vocabulary) Condition(id string) (*Condition, bool) {
	c, ok := v.condByID[id]
	return c, ok
}

// CellType returns the cell type with the given id.
func (v *Vocabulary) CellType(id string) (*CellType, bool) {
	c, ok := v.cellByID[id]
	return c, ok
}

// DefaultVocabulary loads the vocabularies embedded from seeds/.
func DefaultVocabulary() (*Vocabulary, error) {
	if packErr != nil {
		return nil, packErr
	}
	v, err := withSynonyms(LoadVocabulary(
		bytes.NewReader(seeds.MustFile("conditions.csv")), "seeds/conditions.csv",
		bytes.NewReader(seeds.MustFile("celltypes.csv")), "seeds/celltypes.csv"))
	if err != nil {
		return nil, err
	}
	if err := v.addPacks(defaultPacks); err != nil {
		return nil, err
	}
	return v, nil
}

// LoadVocabulary reads conditions.csv and celltypes.csv. Errors name the
// file and line.
func LoadVocabulary(conds io.Reader, condName string, cells io.Reader, cellName string) (*Vocabulary, error) {
	v := &Vocabulary{condByID: map[string]*Condition{}, cellByID: map[string]*CellType{}}
	err := seeds.ReadCSV(conds, condName, []string{"id", "label", "category", "en", "es", "abbrev"}, nil, func(line int, r map[string]string) error {
		c := Condition{ID: r["id"], Label: r["label"], Category: r["category"],
			Terms:  map[string][]string{"en": seeds.SplitList(r["en"]), "es": seeds.SplitList(r["es"])},
			Abbrev: seeds.SplitList(r["abbrev"])}
		if c.ID == "" || c.Label == "" {
			return fmt.Errorf("id and label are required")
		}
		if _, dup := v.condByID[c.ID]; dup {
			return fmt.Errorf("duplicate condition id %q", c.ID)
		}
		v.Conditions = append(v.Conditions, c)
		v.condByID[c.ID] = nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = seeds.ReadCSV(cells, cellName, []string{"id", "label", "stem_cell", "en", "es", "note", "citation"}, nil, func(line int, r map[string]string) error {
		c := CellType{ID: r["id"], Label: r["label"], Note: r["note"], Citation: r["citation"], Abbrev: seeds.SplitList(r["abbrev"]),
			Terms: map[string][]string{"en": seeds.SplitList(r["en"]), "es": seeds.SplitList(r["es"])}}
		switch strings.ToLower(r["stem_cell"]) {
		case "yes":
			c.StemCell = true
		case "no":
		default:
			return fmt.Errorf("stem_cell must be yes or no, got %q", r["stem_cell"])
		}
		if c.ID == "" || c.Label == "" {
			return fmt.Errorf("id and label are required")
		}
		if _, dup := v.cellByID[c.ID]; dup {
			return fmt.Errorf("duplicate cell type id %q", c.ID)
		}
		v.CellTypes = append(v.CellTypes, c)
		v.cellByID[c.ID] = nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range v.Conditions {
		v.condByID[v.Conditions[i].ID] = &v.Conditions[i]
	}
	for i := range v.CellTypes {
		v.cellByID[v.CellTypes[i].ID] = &v.CellTypes[i]
	}
	return v, nil
}

// entry is one phrase the matcher knows.
type entry struct {
	kind, id, lang string
	toks           []string // stems; a token ending in "*" matches any word it begins
}

// appliesTo reports whether an entry is matched on a page in lang: English
// and Spanish terms everywhere (clinic pages mix them), a language pack's
// only on pages in its language.
func (e entry) appliesTo(lang string) bool {
	if e.lang == enEs {
		return lang == "en" || lang == "es"
	}
	return e.lang == "" || e.lang == "en" || e.lang == "es" || e.lang == lang
}

// enEs marks an entry matched on English and Spanish pages only.
const enEs = "en+es"

// matcher finds vocabulary phrases in tokenised text, longest match first.
type matcher struct {
	byFirst  map[string][]entry // first token stem -> entries, longest first
	byPrefix map[string][]entry // first 4 bytes of a wildcard first token -> entries, longest first
	abbrev   map[string][]entry // exact-case token -> entries
	maxLen   int
}

func newMatcher(v *Vocabulary) *matcher {
	m := &matcher{byFirst: map[string][]entry{}, byPrefix: map[string][]entry{}, abbrev: map[string][]entry{}}
	add := func(kind, id string, terms map[string][]string) {
		for lang, ps := range terms {
			for _, p := range ps {
				toks := phraseTokens(p)
				if len(toks) == 0 {
					continue
				}
				e := entry{kind: kind, id: id, lang: lang, toks: toks}
				if w, ok := strings.CutSuffix(toks[0], "*"); ok && len(w) >= 4 {
					m.byPrefix[w[:4]] = append(m.byPrefix[w[:4]], e)
				} else {
					m.byFirst[toks[0]] = append(m.byFirst[toks[0]], e)
				}
				m.maxLen = max(m.maxLen, len(toks))
			}
		}
	}
	addAbbrev := func(kind, id string, all []string, byLang map[string][]string) {
		// Condition abbreviations of conditions.csv are English and Spanish
		// medical usage, and on other pages mostly something else ("PD
		// Dr. med.", "OA Dr.", "Fußball-EM"): they apply on English and
		// Spanish pages only. Cell-product abbreviations (PRP, MSC, SVF,
		// BMAC) are international and apply everywhere.
		lang := ""
		if kind == KindCondition {
			lang = enEs
		}
		for _, a := range all {
			// The last one added wins, as when this was a plain map.
			m.abbrev[a] = append([]entry{{kind: kind, id: id, lang: lang, toks: []string{a}}}, m.abbrev[a]...)
		}
		for l, as := range byLang {
			for _, a := range as {
				m.abbrev[a] = append(m.abbrev[a], entry{kind: kind, id: id, lang: l, toks: []string{a}})
			}
		}
	}
	for _, c := range v.Conditions {
		add(KindCondition, c.ID, c.Terms)
		addAbbrev(KindCondition, c.ID, c.Abbrev, c.LangAbbrev)
	}
	for _, c := range v.CellTypes {
		add(KindCellType, c.ID, c.Terms)
		addAbbrev(KindCellType, c.ID, c.Abbrev, c.LangAbbrev)
	}
	for _, idx := range []map[string][]entry{m.byFirst, m.byPrefix} {
		for k, es := range idx {
			sort.SliceStable(es, func(i, j int) bool { return len(es[i].toks) > len(es[j].toks) })
			idx[k] = es
		}
	}
	return m
}

// hit is a vocabulary match over tokens [from, to).
type hit struct {
	entry
	from, to int
}

// find returns the non-overlapping longest matches in toks for a page in
// lang. orig gives each token's original text, for case-sensitive
// abbreviations.
func (m *matcher) find(toks []token, orig func(token) string, lang string) []hit {
	var hits []hit
	for i := 0; i < len(toks); {
		if toks[i].punct {
			i++
			continue
		}
		best := -1
		var be entry
		for _, e := range m.byFirst[toks[i].stem] {
			if e.appliesTo(lang) && matchAt(toks, i, e.toks) {
				best, be = len(e.toks), e
				break // entries are longest first
			}
		}
		if len(m.byPrefix) > 0 && len(toks[i].norm) >= 4 {
			for _, e := range m.byPrefix[toks[i].norm[:4]] {
				if len(e.toks) > best && e.appliesTo(lang) && matchAt(toks, i, e.toks) {
					best, be = len(e.toks), e
					break
				}
			}
		}
		if best < 0 {
			o := orig(toks[i])
			es, ok := m.abbrev[o]
			if !ok && len(o) > 2 && o[len(o)-1] == 's' {
				es = m.abbrev[o[:len(o)-1]] // "MSCs"-style plural of an abbreviation
			}
			if currencyCode[o] && !currencyAbbrevOK(toks, i, lang) {
				es = nil
			}
			for _, e := range es {
				if e.appliesTo(lang) && !m.credentialNear(toks, i, orig) {
					best, be = 1, e
					break
				}
			}
		}
		if best < 0 {
			i++
			continue
		}
		if be.kind == KindCondition && best == 1 && surnameAt(toks, i, orig) {
			i++ // "Dr. med. Klaus Krebs", "Dr n. med. Anna Rak": a surname, not cancer
			continue
		}
		hits = append(hits, hit{entry: be, from: i, to: i + best})
		i += best
	}
	return hits
}

func matchAt(toks []token, i int, phrase []string) bool {
	j := i
	for _, p := range phrase {
		if j >= len(toks) || toks[j].punct {
			return false
		}
		if w, ok := strings.CutSuffix(p, "*"); ok {
			if !strings.HasPrefix(toks[j].norm, w) {
				return false
			}
		} else if toks[j].stem != p {
			return false
		}
		j++
	}
	return true
}

// nameTitles are (folded) titles written before a person's name.
var nameTitles = map[string]bool{"dr": true, "dra": true, "prof": true, "med": true, "mr": true, "mrs": true, "herr": true, "frau": true,
	"pan": true, "pani": true, "mme": true, "mlle": true, "sr": true, "sra": true, "doutor": true, "doutora": true, "doktor": true, "professor": true, "docteur": true}

// surnameAt reports whether the one-word condition at toks[i] is a surname:
// capitalised, after a title and at most one capitalised given name ("Dr.
// med. Klaus Krebs", "Prof. Anna Rak", "Dr. Parkinson"). One name at most,
// so that a title-case heading ("Dr. Smith Treats Autism") keeps its claim.
func surnameAt(toks []token, i int, orig func(token) string) bool {
	if !isCapitalised(orig(toks[i])) {
		return false
	}
	names := 0
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		t := toks[k]
		if t.punct {
			if t.norm == "." {
				continue
			}
			return false
		}
		if nameTitles[t.norm] {
			return true
		}
		if !isCapitalised(orig(t)) || names == 1 {
			return false
		}
		names++
	}
	return false
}

// isCapitalised reports whether a word starts with an upper-case letter
// followed by a lower-case one ("Krebs", not "MS" or "cancer").
func isCapitalised(w string) bool {
	rs := []rune(w)
	return len(rs) > 1 && unicode.IsUpper(rs[0]) && unicode.IsLower(rs[1])
}

// currencyCode are abbreviations that are also ISO currency codes: "CHF"
// is congestive heart failure in English medical writing and the Swiss
// franc on every price list.
var currencyCode = map[string]bool{"CHF": true}

// currencyAbbrevOK reports whether a currency-code abbreviation at toks[i]
// may be a condition: on an English or Spanish page, with no number within
// two words and not after "in" ("prices in CHF").
func currencyAbbrevOK(toks []token, i int, lang string) bool {
	if lang != "en" && lang != "es" {
		return false
	}
	for _, k := range []int{i - 2, i - 1, i + 1, i + 2} {
		if k >= 0 && k < len(toks) && toks[k].norm != "" && toks[k].norm[0] >= '0' && toks[k].norm[0] <= '9' {
			return false
		}
	}
	return i == 0 || (toks[i-1].norm != "in" && toks[i-1].norm != "en")
}

// credentials are degrees written after a name: "Karen Wills, MD, MS".
var credentials = map[string]bool{"MD": true, "DO": true, "PhD": true, "RN": true, "NP": true, "PA": true, "DPT": true, "DC": true,
	"BSN": true, "MSN": true, "MPH": true, "MBA": true, "FACS": true, "FAAOS": true, "MS": true, "MSc": true, "BS": true, "BA": true}

// credentialNear reports whether toks[i] sits in a run of degrees after a
// name, where "MS" is a Master of Science, not multiple sclerosis.
// A neighbour that is also a vocabulary abbreviation ("MS" next to "ALS"
// in "ALS, MS, and Parkinson's") is no evidence of a degree.
func (m *matcher) credentialNear(toks []token, i int, orig func(token) string) bool {
	for _, k := range []int{i - 2, i - 1, i + 1, i + 2} {
		if k < 0 || k >= len(toks) || toks[k].punct {
			continue
		}
		if o := orig(toks[k]); o != orig(toks[i]) && credentials[o] && len(m.abbrev[o]) == 0 {
			return true
		}
	}
	return false
}
