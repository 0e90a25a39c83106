package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/report"
)

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("diff", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clinicaudit diff OLD-DIR NEW-DIR\n\nLists what changed between two scans (sites, conditions offered, prices, flags) as JSON Lines on stdout and writes NEW-DIR/changes.jsonl.\n")
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err // flag.ErrHelp after --help: exit 0 (see exitCode)
	}
	if len(pos) != 2 {
		fs.Usage()
		return usageErr("diff needs two output folders")
	}
	_, old, err := loadAssessed(pos[0])
	if err != nil {
		return err
	}
	_, cur, err := loadAssessed(pos[1])
	if err != nil {
		return err
	}
	changes := report.Changes(old, cur)
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, c := range changes {
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	if err := writeChanges(filepath.Join(pos[1], "changes.jsonl"), changes); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "clinicaudit: %d changes from %s to %s (written to %s)\n", len(changes), pos[0], pos[1], filepath.Join(pos[1], "changes.jsonl"))
	return nil
}

// loadAssessed reads an output folder with its findings as they were
// reported (findings.jsonl), without re-assessing.
func loadAssessed(dir string) (report.Scan, []report.Site, error) {
	meta, sites, err := loadScan(dir)
	if err != nil {
		return meta, nil, err
	}
	fs, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		if !meta.Complete {
			err = fmt.Errorf("%w; the scan in %s is not complete: run clinicaudit scan --resume --out %s", err, dir, dir)
		}
		return meta, nil, &exitError{code: exitUsage, err: err}
	}
	idx := map[string]int{}
	for i, s := range sites {
		idx[s.Site.ID] = i
	}
	for _, f := range fs {
		if i, ok := idx[f.Site]; ok {
			sites[i].Findings = append(sites[i].Findings, f)
		}
	}
	return meta, sites, nil
}

// writeChanges writes changes.jsonl atomically.
func writeChanges(path string, changes []report.Change) error {
	return report.WriteAtomic(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, c := range changes {
			if err := enc.Encode(c); err != nil {
				return err
			}
		}
		return nil
	})
}
