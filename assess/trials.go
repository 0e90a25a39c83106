package assess

// Trial context: for each condition a site sells, with each class of cells
// it sells for it, how many interventional studies of such cells the
// registry lists and how many are recruiting, with up to three examples
// (the finding's trials list). The search terms are data
// (seeds/trial-queries.csv, TrialQueries); the caller runs the searches
// (package assess/registry) and passes the results in as data, so
// AddTrials is a pure function of the findings and those results.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/clinicaudit/clinicaudit/assess/registry"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// MaxTrialExamples is how many studies a trial context links to.
const MaxTrialExamples = 3

// maxTrialContexts bounds the cell classes given trial context per finding.
const maxTrialContexts = 3

// TrialQueries are the search terms of the trial context: query.cond per
// condition id, query.intr per cell-type id.
type TrialQueries struct {
	Conditions map[string]string
	Cells      map[string]string
	Source     string // "built-in" or the file it was read from
	SHA256     string // of the file's bytes
	Date       string // the latest reviewed date
}

// DefaultTrialQueries returns the terms embedded from seeds/trial-queries.csv.
func DefaultTrialQueries(v *extract.Vocabulary) (*TrialQueries, error) {
	q, err := LoadTrialQueries(seeds.MustFile("trial-queries.csv"), "seeds/trial-queries.csv", v)
	if q != nil {
		q.Source = "built-in"
	}
	return q, err
}

// LoadTrialQueries parses and validates a trial-queries table (columns
// kind, id, term, reviewed). Every problem is reported as
// "name:line: problem" and joined; the table is nil when there is any.
func LoadTrialQueries(data []byte, name string, v *extract.Vocabulary) (*TrialQueries, error) {
	q := &TrialQueries{Conditions: map[string]string{}, Cells: map[string]string{}, Source: name}
	var errs []error
	seen := map[string]int{}
	today := time.Now().UTC().Format("2006-01-02")
	err := seeds.ReadCSV(bytes.NewReader(data), name, []string{"kind", "id", "term", "reviewed"},
		func(err error) { errs = append(errs, err) },
		func(line int, r map[string]string) error {
			kind, id, term, reviewed := r["kind"], r["id"], r["term"], r["reviewed"]
			var probs []string
			switch kind {
			case "condition":
				if _, ok := v.Condition(id); !ok {
					probs = append(probs, fmt.Sprintf("unknown condition id %q (see seeds/conditions.csv)", id))
				}
			case "cell_type":
				if _, ok := v.CellType(id); !ok {
					probs = append(probs, fmt.Sprintf("unknown cell_type id %q (see seeds/celltypes.csv)", id))
				}
			default:
				probs = append(probs, fmt.Sprintf("bad kind %q (want condition or cell_type)", kind))
			}
			if term == "" {
				probs = append(probs, "term is empty")
			} else if strings.IndexFunc(term, unicode.IsControl) >= 0 {
				probs = append(probs, "term has a control character")
			} else if len(term) > 200 {
				probs = append(probs, "term is longer than 200 bytes")
			}
			if d, err := time.Parse("2006-01-02", reviewed); err != nil {
				probs = append(probs, fmt.Sprintf("bad reviewed date %q (want YYYY-MM-DD)", reviewed))
			} else if d.Format("2006-01-02") > today {
				probs = append(probs, fmt.Sprintf("reviewed date %s is in the future", reviewed))
			}
			key := kind + "|" + id
			if first, dup := seen[key]; dup {
				probs = append(probs, fmt.Sprintf("duplicate %s %s, first on line %d", kind, id, first))
			} else {
				seen[key] = line
			}
			if len(probs) > 0 {
				return errors.New(strings.Join(probs, "; "))
			}
			if kind == "condition" {
				q.Conditions[id] = term
			} else {
				q.Cells[id] = term
			}
			if reviewed > q.Date {
				q.Date = reviewed
			}
			return nil
		})
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	h := sha256.Sum256(data)
	q.SHA256 = hex.EncodeToString(h[:])
	return q, nil
}

// ReadTrialQueries reads and validates a trial-queries file.
func ReadTrialQueries(r io.Reader, name string, v *extract.Vocabulary) (*TrialQueries, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return LoadTrialQueries(data, name, v)
}

// TrialQuery is one registry search: interventional studies of a cell
// class (query.intr) for a condition (query.cond).
type TrialQuery struct {
	Cond string `json:"cond"`
	Intr string `json:"intr"`
}

// SearchURL returns the public search page of the query, for readers.
func (q TrialQuery) SearchURL() string {
	return "https://clinicaltrials.gov/search?" + url.Values{"cond": {q.Cond}, "intr": {q.Intr}, "aggFilters": {"studyType:int"}}.Encode()
}

// TrialResult is what the caller found for a TrialQuery: the number of
// interventional studies, the number recruiting, and the first studies of
// each search (recruiting ones first).
type TrialResult struct {
	Total      int
	Recruiting int
	Studies    []registry.Study
}

// TrialExample is one study a trial context links to.
type TrialExample struct {
	NCTID  string `json:"nct_id"`
	Title  string `json:"title"`
	Status string `json:"status"`
	URL    string `json:"url"`
}

// TrialContext is one line of a finding's trials list.
type TrialContext struct {
	CellType   string         `json:"cell_type"`
	Query      TrialQuery     `json:"query"`
	Total      int            `json:"total"`      // registered interventional studies
	Recruiting int            `json:"recruiting"` // of which recruiting
	Examples   []TrialExample `json:"examples"`
	SearchURL  string         `json:"search_url"`
}

// trialPair is a condition × cell class of a finding with its query.
type trialPair struct {
	cell string
	q    TrialQuery
}

// pairs returns the searches a finding gets: a condition finding whose
// status is not approved or standard of care, with each cell class offered
// for it that has a term (at most maxTrialContexts).
func (q *TrialQueries) pairs(f Finding) []trialPair {
	if q == nil || f.Condition == "" || f.Status.Proven() {
		return nil
	}
	cond, ok := q.Conditions[f.Condition]
	if !ok {
		return nil
	}
	var out []trialPair
	for _, c := range f.CellTypes {
		if intr, ok := q.Cells[c]; ok && len(out) < maxTrialContexts {
			out = append(out, trialPair{c, TrialQuery{Cond: cond, Intr: intr}})
		}
	}
	return out
}

// TrialSearches returns the searches the assessment's findings need, once
// each, in the order of the findings.
func (q *TrialQueries) TrialSearches(as Assessment) []TrialQuery {
	var out []TrialQuery
	seen := map[TrialQuery]bool{}
	for _, f := range as.Findings {
		for _, p := range q.pairs(f) {
			if !seen[p.q] {
				seen[p.q] = true
				out = append(out, p.q)
			}
		}
	}
	return out
}

// AddTrials puts the results of the searches on the findings. A search
// without a result (it failed, or was not made) leaves its finding
// without that context.
func (q *TrialQueries) AddTrials(as Assessment, results map[TrialQuery]TrialResult) Assessment {
	if len(results) == 0 {
		return as
	}
	as.Findings = append([]Finding(nil), as.Findings...)
	for i := range as.Findings {
		f := &as.Findings[i]
		for _, p := range q.pairs(*f) {
			r, ok := results[p.q]
			if !ok {
				continue
			}
			tc := TrialContext{CellType: p.cell, Query: p.q, Total: r.Total, Recruiting: r.Recruiting, Examples: []TrialExample{}, SearchURL: p.q.SearchURL()}
			seen := map[string]bool{}
			for _, s := range r.Studies {
				if len(tc.Examples) == MaxTrialExamples {
					break
				}
				if s.NCTID == "" || seen[s.NCTID] {
					continue
				}
				seen[s.NCTID] = true
				tc.Examples = append(tc.Examples, TrialExample{NCTID: s.NCTID, Title: s.Title, Status: s.OverallStatus, URL: registry.StudyURL(s.NCTID)})
			}
			f.Trials = append(f.Trials[:len(f.Trials):len(f.Trials)], tc)
		}
	}
	return as
}
