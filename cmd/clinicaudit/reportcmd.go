package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/clinicaudit/clinicaudit/assess/registry"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
)

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", stderr)
	evidence := fs.String("evidence", "", "evidence table CSV to assess with (default: the built-in table)")
	failOnFlag := fs.String("fail-on", "", "exit with status 3 if a finding at or above this severity exists")
	var ro registryOptions
	registryFlags(fs, &ro, "cache")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clinicaudit report [--evidence FILE] DIR\n\nRe-assesses the claims of an earlier scan and re-renders its reports, without crawling.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err // flag.ErrHelp after --help: exit 0 (see exitCode)
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageErr("report needs one output folder")
	}
	if err := checkFailOn(*failOnFlag); err != nil {
		return err
	}
	dir := pos[0]
	st, err := loadStages(*evidence)
	if err != nil {
		return err
	}
	meta, sites, err := loadScan(dir)
	if err != nil {
		return err
	}
	lk, err := openLookups(ro, dir, true, registry.DefaultTimeout, stderr)
	if err != nil {
		return err
	}
	defer lk.Close()
	for i := range sites {
		as := assessSite(ctx, st, lk, sites[i])
		sites[i].Findings, sites[i].OtherPrices = as.Findings, as.OtherPrices
	}
	meta.Evidence = st.evidence
	meta.TrialQueries = &st.tqMeta
	meta.Totals = totals(sites)
	if meta.Previous != nil {
		// Keep the comparison with the earlier scan, recomputed against the
		// re-assessed findings.
		prev, err := loadPrevious(meta.Previous.Dir)
		if err != nil {
			fmt.Fprintf(stderr, "clinicaudit: the previous scan %s cannot be read (%v); reports will not show changes\n", meta.Previous.Dir, err)
			meta.Previous, meta.Changes = nil, nil
		} else {
			prev.compare(&meta, sites)
		}
	}
	if _, err := attachScreenshots(dir, sites); err != nil {
		return fmt.Errorf("screenshots.jsonl: %w", err)
	}
	if err := report.Write(ctx, dir, meta, sites); err != nil {
		return fmt.Errorf("writing reports: %w", err)
	}
	fmt.Fprintf(stderr, "clinicaudit: re-assessed %d sites with %s evidence (%s): %d findings (%s)\n",
		len(sites), meta.Evidence.Source, meta.Evidence.Date, meta.Totals.Findings, severityLine(meta.Totals.BySeverity))
	fmt.Fprintln(stdout, filepath.Join(dir, "summary.pdf"))
	return failOn(*failOnFlag, sites)
}

// loadScan reads an output folder back: scan.json, sites.jsonl,
// pages.jsonl and claims.jsonl, grouped by site in sites.jsonl order.
func loadScan(dir string) (report.Scan, []report.Site, error) {
	meta, err := readScanMeta(dir)
	if err != nil {
		return meta, nil, err
	}
	recs, err := report.ReadJSONL[siteRecord](filepath.Join(dir, "sites.jsonl"))
	if err != nil {
		return meta, nil, &exitError{code: exitUsage, err: err}
	}
	pages, err := report.ReadJSONL[report.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		return meta, nil, &exitError{code: exitUsage, err: err}
	}
	claims, err := report.ReadJSONL[extract.Claim](filepath.Join(dir, "claims.jsonl"))
	if err != nil {
		return meta, nil, &exitError{code: exitUsage, err: err}
	}
	idx := map[string]int{}
	sites := make([]report.Site, len(recs))
	for i, r := range recs {
		sites[i] = report.Site{SiteResult: r.SiteResult, Places: r.Places, People: r.People}
		idx[r.Site.ID] = i
	}
	for _, p := range pages {
		if i, ok := idx[p.Site]; ok {
			sites[i].Pages = append(sites[i].Pages, p)
		}
	}
	for _, c := range claims {
		if i, ok := idx[c.Site]; ok {
			sites[i].Claims = append(sites[i].Claims, c)
		}
	}
	return meta, completed(sites), nil
}

// demoFiles are the files a demo run writes; removeOldDemo deletes only
// these, and only from a folder the demo marked as its own (demoMarker).
var demoFiles = []string{"scan.json", "pages.jsonl", "claims.jsonl", "sites.jsonl", "findings.jsonl", "sites.csv",
	"findings.csv", "summary.pdf", "changes.jsonl", "capture.warc.gz", "capture.wacz", "screenshots.jsonl", "seeds.txt", registryFile}

// demoMarker is the file `demo` writes into its output folder: only a
// folder holding it is ever cleared by a later demo. A real scan of sites
// on 127.0.0.1 looks like a demo in every other way.
const demoMarker = ".clinicaudit-demo"

// markDemo creates dir and marks it as a demo folder.
func markDemo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, demoMarker), []byte("This folder was written by `clinicaudit demo`; the next demo run into it replaces it.\n"))
}

// removeOldDemo clears the output of an earlier `demo` run so the demo can
// be run again into the same folder. A folder that holds a scan but not the
// demo's marker is left alone.
func removeOldDemo(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "scan.json")); errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
		return usageErr("%s holds a scan that the demo did not write (no %s file); choose another --out", dir, demoMarker)
	}
	for _, f := range demoFiles {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	old, _ := filepath.Glob(filepath.Join(dir, "reports", "*.pdf"))
	shots, _ := filepath.Glob(filepath.Join(dir, "screenshots", "*", "*.png"))
	old = append(old, shots...)
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return nil
}
