package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/report"
)

// TestScanTrialContext: against the demo registry on loopback, NovaCell's
// stroke finding (umbilical cord MSCs, read as MSCs) gets the counts and
// three examples of the fixture search, recruiting studies first; every
// search response is in registry.jsonl once; `report DIR` then re-renders
// findings.jsonl and the PDFs byte for byte from the cache without asking
// the registry; --resume of the finished scan asks nothing either.
func TestScanTrialContext(t *testing.T) {
	base, hits := testRegistry(t)
	dir, _ := registryScan(t, base)
	by := findingsBySite(t, dir)
	var stroke *assess.Finding
	for i, f := range by["NovaCell Regenerative Research Institute"] {
		if f.Condition == "stroke" {
			stroke = &by["NovaCell Regenerative Research Institute"][i]
		}
	}
	if stroke == nil || len(stroke.Trials) != 1 {
		t.Fatalf("NovaCell stroke finding: %+v", stroke)
	}
	tc := stroke.Trials[0]
	if tc.CellType != "mesenchymal" || tc.Query.Cond != "Stroke" || tc.Total != 37 || tc.Recruiting != 8 || len(tc.Examples) != 3 {
		t.Errorf("trial context %+v", tc)
	}
	if e := tc.Examples[0]; e.NCTID != "NCT09340112" || e.Status != "RECRUITING" || e.URL != "https://clinicaltrials.gov/study/NCT09340112" || e.Title == "" {
		t.Errorf("first example %+v", e)
	}
	cache, err := os.ReadFile(filepath.Join(dir, registryFile))
	if err != nil {
		t.Fatal(err)
	}
	searches := strings.Count(string(cache), `{"request":"/studies?`)
	if searches == 0 || searches != hits("/studies") {
		t.Errorf("registry.jsonl has %d searches, the registry answered %d", searches, hits("/studies"))
	}
	hashes := func() map[string]string {
		out := map[string]string{}
		files, _ := filepath.Glob(filepath.Join(dir, "reports", "*.pdf"))
		files = append(files, filepath.Join(dir, "findings.jsonl"), filepath.Join(dir, "findings.csv"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(f)] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
		return out
	}
	before, asked := hashes(), hits("/studies")
	if code, _, stderr := runCLI("report", "--registry-url", "http://127.0.0.1:1", dir); code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	for f, h := range hashes() {
		if before[f] != h {
			t.Errorf("%s changed when re-rendered from the registry cache", f)
		}
	}
	if code, _, stderr := runCLI("scan", "--resume", "--registry-url", base, "--out", dir); code != 0 {
		t.Fatalf("scan --resume: %d %s", code, stderr)
	}
	if now := hits("/studies"); now != asked {
		t.Errorf("report and resume asked the registry %d searches, want 0 (the cache answers)", now-asked)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, registryFile)); !bytes.Equal(after, cache) {
		t.Error("registry.jsonl changed although every response was cached")
	}
}

// TestScanRegistryOffNoTrials: --registry off makes no search and no
// finding has trial context.
func TestScanRegistryOffNoTrials(t *testing.T) {
	base, hits := testRegistry(t)
	dir, _ := registryScanMode(t, base, "off")
	if n := hits("/studies"); n != 0 {
		t.Errorf("--registry off made %d searches", n)
	}
	fs, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if len(f.Trials) > 0 {
			t.Errorf("%s %s has trial context with the registry off", f.Site, f.Condition)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "findings.jsonl")); bytes.Contains(b, []byte(`"trials"`)) {
		t.Error(`findings.jsonl has "trials" with the registry off`)
	}
}
