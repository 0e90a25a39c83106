package main

import (
	"fmt"
	"io"
	"os"

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
		data, err := os.ReadFile(args[1])
		if err != nil {
			return usageErr("%v", err)
		}
		t, err := assess.LoadTable(data, args[1], v)
		if err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("evidence table is invalid:\n%w", err)}
		}
		fmt.Fprintf(stdout, "%s: %d rows, reviewed up to %s, sha256 %s: OK\n", args[1], len(t.Rows), t.Date, t.SHA256)
		return nil
	}
	return usageErr("unknown evidence command %q (want check or list)", args[0])
}
