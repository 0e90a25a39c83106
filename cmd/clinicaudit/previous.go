package main

import (
	"path/filepath"

	"github.com/clinicaudit/clinicaudit/report"
)

// previousScan is an earlier scan loaded for `scan --previous`.
type previousScan struct {
	dir   string
	meta  report.Scan
	sites []report.Site
}

// loadPrevious reads the folder given to --previous, before anything is
// crawled, so a wrong path fails fast as bad input (exit 2).
func loadPrevious(dir string) (*previousScan, error) {
	if dir == "" {
		return nil, nil
	}
	meta, sites, err := loadAssessed(dir)
	if err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs // scan.json records it; `report DIR` may run from elsewhere
	}
	return &previousScan{dir: dir, meta: meta, sites: sites}, nil
}

// compare records in meta what changed from the previous scan to the
// finished sites of this one; report.Write then writes changes.jsonl and
// the summary's "Changes since the last scan".
func (p *previousScan) compare(meta *report.Scan, sites []report.Site) {
	if p == nil {
		return
	}
	meta.Changes = report.Changes(p.sites, sites)
	meta.Previous = &report.Previous{Dir: p.dir, StartedAt: p.meta.StartedAt.Format("2006-01-02 15:04 UTC"), Changes: report.CountChanges(meta.Changes)}
}
