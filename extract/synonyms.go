package extract

import (
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/clinicaudit/clinicaudit/seeds"
)

// doidPattern is the form of a Human Disease Ontology id.
var doidPattern = regexp.MustCompile(`^DOID:[0-9]+$`)

// withSynonyms adds the embedded synonym files (seeds/synonyms/*.csv) to a
// freshly loaded vocabulary; it passes a load error through.
func withSynonyms(v *Vocabulary, err error) (*Vocabulary, error) {
	if err != nil {
		return nil, err
	}
	files := seeds.Synonyms()
	names, err := fs.Glob(files, "*.csv")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := files.Open(n)
		if err != nil {
			return nil, err
		}
		err = addSynonyms(v, f, "seeds/synonyms/"+n)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

// addSynonyms reads a synonym file (columns id, doid, synonyms) and appends
// each row's synonyms to the English terms of the condition with that id,
// recording the row's DOID on it. The synonyms column may be empty (the row
// then only records the DOID). Errors name the file and line: an unknown or
// repeated id, a malformed DOID, a DOID that differs from one already
// recorded, or a synonym that is already one of the condition's English
// terms.
func addSynonyms(v *Vocabulary, r io.Reader, name string) error {
	seen := map[string]bool{}
	return seeds.ReadCSV(r, name, []string{"id", "doid", "synonyms"}, nil, func(line int, rec map[string]string) error {
		id, doid := rec["id"], rec["doid"]
		if id == "" {
			return fmt.Errorf("id is required")
		}
		c, ok := v.condByID[id]
		if !ok || c == nil {
			return fmt.Errorf("unknown condition id %q", id)
		}
		if seen[id] {
			return fmt.Errorf("condition %q is listed twice", id)
		}
		seen[id] = true
		if !doidPattern.MatchString(doid) {
			return fmt.Errorf("%s: doid must look like DOID:1234, got %q", id, doid)
		}
		if c.DOID != "" && c.DOID != doid {
			return fmt.Errorf("%s: doid %s differs from %s recorded earlier", id, doid, c.DOID)
		}
		have := map[string]bool{}
		for _, t := range c.Terms["en"] {
			have[strings.Join(phraseTokens(t), " ")] = true
		}
		for _, s := range seeds.SplitList(rec["synonyms"]) {
			k := strings.Join(phraseTokens(s), " ")
			if k == "" {
				return fmt.Errorf("%s: synonym %q has no words", id, s)
			}
			if have[k] {
				return fmt.Errorf("%s: synonym %q is already an English term", id, s)
			}
			have[k] = true
			c.Terms["en"] = append(c.Terms["en"], s)
		}
		c.DOID = doid
		return nil
	})
}
