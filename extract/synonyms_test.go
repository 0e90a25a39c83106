package extract

import (
	"bytes"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/seeds"
)

// baseVocabulary is the embedded vocabulary without the synonym files.
func baseVocabulary(t *testing.T) *Vocabulary {
	t.Helper()
	v, err := LoadVocabulary(
		bytes.NewReader(seeds.MustFile("conditions.csv")), "seeds/conditions.csv",
		bytes.NewReader(seeds.MustFile("celltypes.csv")), "seeds/celltypes.csv")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// synonymRow is one row of a synonym file.
type synonymRow struct {
	line     int
	id, doid string
	synonyms []string
	file     string
}

// readSynonymFiles reads every embedded synonym file.
func readSynonymFiles(t *testing.T) []synonymRow {
	t.Helper()
	var rows []synonymRow
	files := seeds.Synonyms()
	names, err := fs.Glob(files, "*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no synonym files embedded")
	}
	for _, n := range names {
		f, err := files.Open(n)
		if err != nil {
			t.Fatal(err)
		}
		err = seeds.ReadCSV(f, n, []string{"id", "doid", "synonyms"}, nil, func(line int, r map[string]string) error {
			rows = append(rows, synonymRow{line: line, id: r["id"], doid: r["doid"], synonyms: seeds.SplitList(r["synonyms"]), file: n})
			return nil
		})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return rows
}

// TestAddSynonymsErrors checks that the loader's errors name the file and
// line of the bad row.
func TestAddSynonymsErrors(t *testing.T) {
	for _, tt := range []struct {
		name, csv, want string
	}{
		{"unknown id", "id,doid,synonyms\nmultiple-sclerosis,DOID:2377,insular sclerosis\nno-such-condition,DOID:1,something\n",
			`syn.csv:3: unknown condition id "no-such-condition"`},
		{"missing id", "id,doid,synonyms\n,DOID:2377,insular sclerosis\n", "syn.csv:2: id is required"},
		{"bad doid", "id,doid,synonyms\nmultiple-sclerosis,2377,insular sclerosis\n", `syn.csv:2: multiple-sclerosis: doid must look like DOID:1234, got "2377"`},
		{"empty doid", "id,doid,synonyms\n# a comment\nmultiple-sclerosis,,insular sclerosis\n", "syn.csv:3: multiple-sclerosis: doid must look like"},
		{"repeated id", "id,doid,synonyms\nlupus,DOID:9074,\nlupus,DOID:9074,disseminated lupus erythematosus\n", `syn.csv:3: condition "lupus" is listed twice`},
		{"existing term", "id,doid,synonyms\nparkinsons,DOID:14330,Parkinson disease\n", `syn.csv:2: parkinsons: synonym "Parkinson disease" is already an English term`},
		{"no words", "id,doid,synonyms\nparkinsons,DOID:14330,paralysis agitans | --\n", `syn.csv:2: parkinsons: synonym "--" has no words`},
		{"missing column", "id,doid\nparkinsons,DOID:14330\n", `syn.csv:1: missing column "synonyms"`},
		{"bad quoting", "id,doid,synonyms\nparkinsons,DOID:14330,\"paralysis agitans\n", "syn.csv: parse error on line 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := addSynonyms(baseVocabulary(t), strings.NewReader(tt.csv), "syn.csv")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestAddSynonymsAppends checks a good row adds its terms and DOID.
func TestAddSynonymsAppends(t *testing.T) {
	v := baseVocabulary(t)
	n := len(v.condByID["parkinsons"].Terms["en"])
	if err := addSynonyms(v, strings.NewReader("id,doid,synonyms\nparkinsons,DOID:14330,paralysis agitans\narthritis,DOID:848,\n"), "syn.csv"); err != nil {
		t.Fatal(err)
	}
	c, _ := v.Condition("parkinsons")
	if c.DOID != "DOID:14330" || len(c.Terms["en"]) != n+1 || c.Terms["en"][n] != "paralysis agitans" {
		t.Errorf("parkinsons: DOID %q, en %q", c.DOID, c.Terms["en"])
	}
	if c, _ := v.Condition("arthritis"); c.DOID != "DOID:848" {
		t.Errorf("arthritis DOID %q", c.DOID)
	}
	if c, _ := v.Condition("lupus"); c.DOID != "" {
		t.Errorf("lupus DOID %q, want none", c.DOID)
	}
}

// TestDefaultVocabularySynonyms checks that the embedded files are loaded:
// every row's DOID is recorded and every added synonym, in an English
// sentence, yields its condition id and no other.
func TestDefaultVocabularySynonyms(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	e.Entities = false
	added := 0
	for _, row := range readSynonymFiles(t) {
		c, ok := e.Vocabulary().Condition(row.id)
		if !ok {
			t.Errorf("%s:%d: unknown id %q", row.file, row.line, row.id)
			continue
		}
		if c.DOID != row.doid {
			t.Errorf("%s: DOID %q, want %q", row.id, c.DOID, row.doid)
		}
		for _, s := range row.synonyms {
			added++
			text := "Our clinic offers stem cell therapy for " + s + " patients."
			r, err := e.Extract(Input{URL: "http://clinic.example/", Body: []byte("<html lang=\"en\"><body><p>" + text + "</p></body></html>")})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			var got []string
			for _, cl := range r.Claims {
				if cl.Kind == KindCondition && !seen[cl.ID] {
					seen[cl.ID] = true
					got = append(got, cl.ID)
				}
			}
			sort.Strings(got)
			if g := strings.Join(got, " "); g != row.id {
				t.Errorf("%q: conditions %q, want %q", text, g, row.id)
			}
		}
	}
	if added == 0 {
		t.Error("no synonyms added")
	}
}

// TestSynonymsNotOtherIDs checks that no added synonym is, as a whole
// phrase, already matched to a different id by the vocabulary without the
// synonym files, nor is a term of a different condition once they are
// loaded.
func TestSynonymsNotOtherIDs(t *testing.T) {
	base := baseVocabulary(t)
	m := newMatcher(base)
	v, err := DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string][]string{} // phrase key -> condition ids having it as a term
	for _, c := range v.Conditions {
		for _, ts := range c.Terms {
			for _, p := range ts {
				k := strings.Join(phraseTokens(p), " ")
				if n := len(owner[k]); n == 0 || owner[k][n-1] != c.ID {
					owner[k] = append(owner[k], c.ID)
				}
			}
		}
	}
	for _, row := range readSynonymFiles(t) {
		for _, s := range row.synonyms {
			f := fold(s)
			toks := tokenize(f.text)
			for _, h := range m.find(toks, func(tk token) string { return f.span(tk.start, tk.end) }, "en") {
				if h.from == 0 && h.to == len(toks) && h.id != row.id {
					t.Errorf("%s:%d: synonym %q of %s is already matched to %s %s", row.file, row.line, s, row.id, h.kind, h.id)
				}
			}
			for _, c := range base.Conditions {
				for _, a := range c.Abbrev {
					if a == s && c.ID != row.id {
						t.Errorf("%s:%d: synonym %q of %s is an abbreviation of %s", row.file, row.line, s, row.id, c.ID)
					}
				}
			}
			for _, id := range owner[strings.Join(phraseTokens(s), " ")] {
				if id != row.id {
					t.Errorf("%s:%d: synonym %q of %s is also a term of %s", row.file, row.line, s, row.id, id)
				}
			}
		}
	}
}
