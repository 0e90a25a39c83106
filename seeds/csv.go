package seeds

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// ReadCSV reads one of the tool's CSV data files. The header row must
// contain every column in want (other columns are allowed); lines starting
// with # are comments. fn is called for each record with its line number;
// an error it returns is reported as "name:line: problem". ReadCSV stops at
// the first error unless collect is non-nil, in which case record errors go
// to collect and reading goes on (so a check can list every bad line).
func ReadCSV(r io.Reader, name string, want []string, collect func(error), fn func(line int, rec map[string]string) error) error {
	br, err := utf8Reader(r, name)
	if err != nil {
		return err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s:1: reading header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, w := range want {
		if _, ok := col[w]; !ok {
			return fmt.Errorf("%s:1: missing column %q (want %s)", name, w, strings.Join(want, ","))
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err) // csv.ParseError names the line
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		m := make(map[string]string, len(col))
		for k, i := range col {
			if i < len(rec) {
				m[k] = strings.TrimSpace(rec[i])
			}
		}
		if err := fn(line, m); err != nil {
			err = fmt.Errorf("%s:%d: %w", name, line, err)
			if collect == nil {
				return err
			}
			collect(err)
		}
	}
}

// SplitList splits a list-valued CSV field ("a | b | c").
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
