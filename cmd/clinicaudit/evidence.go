package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/seeds"
)

func runEvidence(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageErr("usage: clinicaudit evidence check FILE | evidence list")
	}
	v, err := extract.DefaultVocabulary()
	if err != nil {
		return err
	}
	switch args[0] {
	case "list":
		_, err := stdout.Write(seeds.MustFile("evidence.csv"))
		return err
	case "check":
		if len(args) != 2 {
			return usageErr("usage: clinicaudit evidence check FILE")
		}
		t, err := readEvidence(args[1], v)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d rows, reviewed up to %s, sha256 %s: OK\n", args[1], len(t.Rows), t.Date, t.SHA256)
		return nil
	}
	return usageErr("unknown evidence command %q (want check or list)", args[0])
}

// maxListed is how many problems of an input file are listed; the rest are
// counted.
const maxListed = 100

// readEvidence reads and validates an evidence table file as a stream. A
// broken table is a bad input file (exit 2) whose error lists the first
// maxListed problems and counts the others.
func readEvidence(path string, v *extract.Vocabulary) (*assess.Table, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, usageErr("evidence table: %v", err)
	} else if st.IsDir() {
		return nil, usageErr("evidence table %s is a folder, not a CSV file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErr("evidence table: %v", err)
	}
	defer f.Close()
	var listed []string
	n := 0
	t := assess.CheckTable(f, path, v, func(err error) {
		if n++; n <= maxListed {
			listed = append(listed, err.Error())
		}
	})
	if n == 0 {
		return t, nil
	}
	msg := strings.Join(listed, "\n")
	if n > maxListed {
		msg += fmt.Sprintf("\n... and %d more problems not listed (%d in all)", n-maxListed, n)
	}
	return nil, &exitError{code: exitUsage, err: fmt.Errorf("evidence table is invalid:\n%s", msg)}
}
