package assess

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// Row is one line of the evidence table: the status of treating a condition
// with a class of cells (by a route, in a jurisdiction, where that matters).
type Row struct {
	Condition    string   // condition id, or "*"
	CellType     string   // cell-type id, or "*"
	Route        string   // "" for any route
	Jurisdiction string   // "" for anywhere
	Status       Status   //
	Summary      string   // one factual sentence
	Citations    []string // DOI, PMID or URL
	Reviewed     string   // YYYY-MM-DD
	Line         int      // line in the source file
}

// Table is an evidence table.
type Table struct {
	Rows   []Row
	Source string // "built-in" or the file it was read from
	SHA256 string // of the file's bytes
	Date   string // the latest Reviewed date
}

// Statuses lists the valid statuses of a row, best supported first.
var Statuses = []Status{Approved, StandardOfCare, Investigational, NegativeTrials, NoClinicalEvidence, HarmDocumented}

var citationRe = regexp.MustCompile(`^(doi:10\.\d{4,9}/\S+|PMID:\s?\d+|PMC\d+|https?://\S+)$`)

// DefaultTable returns the evidence table embedded from seeds/evidence.csv.
func DefaultTable(v *extract.Vocabulary) (*Table, error) {
	t, err := LoadTable(seeds.MustFile("evidence.csv"), "seeds/evidence.csv", v)
	if t != nil {
		t.Source = "built-in"
	}
	return t, err
}

// LoadTable parses and validates an evidence table. Every problem is
// reported as "name:line: problem"; when there are problems the error
// joins all of them (errors.Join) and the table is nil.
func LoadTable(data []byte, name string, v *extract.Vocabulary) (*Table, error) {
	var errs []error
	t := CheckTable(bytes.NewReader(data), name, v, func(err error) { errs = append(errs, err) })
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

// CheckTable reads and validates an evidence table from r as a stream:
// each problem goes to problem as it is found ("name:line: problem") and
// is not kept, so a huge broken file costs no memory for its errors. The
// table is nil when there was any problem.
func CheckTable(r io.Reader, name string, v *extract.Vocabulary, problem func(error)) *Table {
	h := sha256.New()
	t := &Table{Source: name}
	bad := false
	report := func(err error) { bad = true; problem(err) }
	seen := map[string]int{}
	today := time.Now().UTC().Format("2006-01-02")
	err := seeds.ReadCSV(io.TeeReader(r, h), name,
		[]string{"condition", "cell_type", "route", "jurisdiction", "status", "summary", "citations", "reviewed"},
		report,
		func(line int, r map[string]string) error {
			row := Row{Condition: r["condition"], CellType: r["cell_type"], Route: r["route"], Jurisdiction: r["jurisdiction"],
				Status: Status(r["status"]), Summary: r["summary"], Citations: seeds.SplitList(r["citations"]), Reviewed: r["reviewed"], Line: line}
			var probs []string
			if row.Condition == "" {
				probs = append(probs, "condition is empty")
			} else if _, ok := v.Condition(row.Condition); !ok && row.Condition != "*" {
				probs = append(probs, fmt.Sprintf("unknown condition id %q (see seeds/conditions.csv)", row.Condition))
			}
			if row.CellType == "" {
				probs = append(probs, "cell_type is empty (use * for any)")
			} else if _, ok := v.CellType(row.CellType); !ok && row.CellType != "*" {
				probs = append(probs, fmt.Sprintf("unknown cell_type id %q (see seeds/celltypes.csv)", row.CellType))
			}
			if !validStatus(row.Status) {
				probs = append(probs, fmt.Sprintf("bad status %q (want one of %s)", row.Status, statusList()))
			}
			if row.Summary == "" {
				probs = append(probs, "summary is empty")
			}
			if len(row.Citations) == 0 {
				probs = append(probs, "no citation")
			}
			for _, c := range row.Citations {
				if !citationRe.MatchString(c) {
					probs = append(probs, fmt.Sprintf("citation %q is not a DOI (doi:10...), PMID:n, PMCn or URL", c))
				}
			}
			if d, err := time.Parse("2006-01-02", row.Reviewed); err != nil {
				probs = append(probs, fmt.Sprintf("bad reviewed date %q (want YYYY-MM-DD)", row.Reviewed))
			} else if d.Format("2006-01-02") > today {
				probs = append(probs, fmt.Sprintf("reviewed date %s is in the future", row.Reviewed))
			}
			key := strings.Join([]string{row.Condition, row.CellType, row.Route, row.Jurisdiction}, "|")
			if first, dup := seen[key]; dup {
				probs = append(probs, fmt.Sprintf("duplicate key (condition %s, cell_type %s, route %q, jurisdiction %q) first on line %d",
					row.Condition, row.CellType, row.Route, row.Jurisdiction, first))
			} else {
				seen[key] = line
			}
			if len(probs) > 0 {
				return errors.New(strings.Join(probs, "; "))
			}
			t.Rows = append(t.Rows, row)
			if row.Reviewed > t.Date {
				t.Date = row.Reviewed
			}
			return nil
		})
	if err != nil {
		report(err)
	}
	if !bad && len(t.Rows) == 0 {
		report(fmt.Errorf("%s: no rows", name))
	}
	if bad {
		return nil
	}
	t.SHA256 = hex.EncodeToString(h.Sum(nil))
	return t
}

// ReadTable reads and validates an evidence table file.
func ReadTable(r io.Reader, name string, v *extract.Vocabulary) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return LoadTable(data, name, v)
}

func validStatus(s Status) bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

func statusList() string {
	var s []string
	for _, x := range Statuses {
		s = append(s, string(x))
	}
	return strings.Join(s, ", ")
}

// Lookup returns the most specific row for a condition treated with a cell
// type by a route in a jurisdiction. Specificity: an exact cell type counts
// 4, an exact condition 2, a matching route 1, a matching jurisdiction 1;
// rows naming a route or jurisdiction match only that route or
// jurisdiction. Ties go to the earlier row.
func (t *Table) Lookup(condition, cellType, route, jurisdiction string) (Row, bool) {
	best, bestScore := Row{}, -1
	for _, r := range t.Rows {
		score := 0
		switch r.CellType {
		case cellType:
			score += 4
		case "*":
		default:
			continue
		}
		switch r.Condition {
		case condition:
			score += 2
		case "*":
		default:
			continue
		}
		if r.Route != "" {
			if r.Route != route {
				continue
			}
			score++
		}
		if r.Jurisdiction != "" {
			if r.Jurisdiction != jurisdiction {
				continue
			}
			score++
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	return best, bestScore >= 0
}

// Proven reports whether a status is an approved or standard use.
func (s Status) Proven() bool { return s == Approved || s == StandardOfCare }
