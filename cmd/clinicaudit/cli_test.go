package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/seeds"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

func TestBadSeedFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "seeds.txt")
	os.WriteFile(f, []byte("# sites\nhttps://ok.example/\tOK clinic\n\nftp://bad.example/\nhttps://also-ok.example/ Name without tab\n"), 0o644)
	code, _, stderr := runCLI("scan", "--out", filepath.Join(dir, "out"), f)
	if code != exitUsage {
		t.Errorf("exit %d, want %d; stderr %s", code, exitUsage, stderr)
	}
	for _, want := range []string{f + ":4: bad URL", f + ":5:"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "pages.jsonl")); err == nil {
		t.Errorf("scan started despite a bad seed file")
	}
}

func TestEvidenceCommands(t *testing.T) {
	code, out, stderr := runCLI("evidence", "list")
	if code != 0 || !strings.HasPrefix(out, "condition,cell_type,route,jurisdiction,status,summary,citations,reviewed") {
		t.Fatalf("evidence list: exit %d, out %.100q, stderr %s", code, out, stderr)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte(out), 0o644)
	if code, out, stderr := runCLI("evidence", "check", good); code != 0 || !strings.Contains(out, "OK") {
		t.Errorf("evidence check of the built-in table: exit %d, %s %s", code, out, stderr)
	}
	bad := filepath.Join(dir, "bad.csv")
	lines := strings.Split(out, "\n")
	lines[2] = strings.Replace(lines[2], ",2026-", ",20xx-", 1)
	os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644)
	code, _, stderr = runCLI("evidence", "check", bad)
	if code != exitUsage || !strings.Contains(stderr, bad+":3: ") || !strings.Contains(stderr, "bad reviewed date") {
		t.Errorf("evidence check of a bad table: exit %d, stderr %s", code, stderr)
	}
	// A scan with a broken table refuses to start.
	code, _, stderr = runCLI("scan", "--evidence", bad, "--out", filepath.Join(dir, "out"), "http://127.0.0.1:9/")
	if code != exitUsage || !strings.Contains(stderr, "evidence table is invalid") {
		t.Errorf("scan with a bad table: exit %d, stderr %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Errorf("scan with a bad table created its output folder")
	}
}

func TestExtractCommand(t *testing.T) {
	page := filepath.Join(t.TempDir(), "page.html")
	os.WriteFile(page, []byte(`<html lang="es"><body><h2>Padecimientos</h2><ul><li>Esclerosis múltiple</li></ul>
<p>Tratamiento con células madre de cordón umbilical: $95,000 MXN. No tratamos el cáncer.</p></body></html>`), 0o644)
	code, out, stderr := runCLI("extract", page)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := map[string]extract.Claim{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var c extract.Claim
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		got[c.Kind+":"+c.ID] = c
	}
	if c := got["condition:multiple-sclerosis"]; c.Text != "Esclerosis múltiple" || c.Lang != "es" || c.Negated {
		t.Errorf("MS claim = %+v", c)
	}
	if c := got["condition:cancer"]; !c.Negated {
		t.Errorf("cancer claim not negated: %+v", c)
	}
	if c := got["cell_type:umbilical-cord"]; c.ID == "" {
		t.Errorf("no umbilical-cord claim in %v", keys(got))
	}
	if c := got["price:price"]; c.Price == nil || c.Currency != "MXN" || c.Amount != 95000 {
		t.Errorf("price claim = %+v", c)
	}
	if code, _, _ := runCLI("extract", "/no/such/file.html"); code != exitUsage {
		t.Errorf("missing file: exit %d, want %d", code, exitUsage)
	}
}

func TestReportReassessAndFailOn(t *testing.T) {
	dir, _, _, idOf := demoScan(t)
	// --fail-on high on the demo folder: the clinics have high findings.
	if code, _, stderr := runCLI("report", "--fail-on", "high", dir); code != exitSeverity {
		t.Errorf("report --fail-on high: exit %d, want %d; %s", code, exitSeverity, stderr)
	}
	// An evidence table that (wrongly, for the test) calls autism approved
	// removes the autism findings' flags after `report --evidence`.
	var b strings.Builder
	for i, l := range strings.Split(string(seeds.MustFile("evidence.csv")), "\n") {
		if i > 0 && strings.HasPrefix(l, "autism,") {
			l = strings.Replace(l, ",negative-trials,", ",approved,", 1)
			l = strings.Replace(l, ",no-clinical-evidence,", ",approved,", 1)
			l = strings.Replace(l, ",investigational,", ",approved,", 1)
		}
		b.WriteString(l + "\n")
	}
	alt := filepath.Join(t.TempDir(), "alt.csv")
	os.WriteFile(alt, []byte(b.String()), 0o644)
	code, out, stderr := runCLI("report", "--evidence", alt, dir)
	if code != 0 || strings.TrimSpace(out) != filepath.Join(dir, "summary.pdf") {
		t.Fatalf("report --evidence: exit %d, out %q, stderr %s", code, out, stderr)
	}
	findings, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	sawAutism := false
	for _, f := range findings {
		if f.Condition == "autism" && f.Site == idOf["clinica-renacer"] {
			sawAutism = true
			if f.Status != assess.Approved || len(f.Flags) != 0 {
				t.Errorf("after re-assessment autism finding = %s with flags %+v", f.Status, f.Flags)
			}
		}
	}
	if !sawAutism {
		t.Errorf("no autism finding for the Spanish site after re-assessment")
	}
	var meta report.Scan
	b2, _ := os.ReadFile(filepath.Join(dir, "scan.json"))
	if err := json.Unmarshal(b2, &meta); err != nil || meta.Evidence.Source != alt {
		t.Errorf("scan.json evidence = %+v (err %v), want source %s", meta.Evidence, err, alt)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"scan"}, {"scan", "--fail-on", "severe", "x.example"}, {"report"}} {
		if code, _, _ := runCLI(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestReportReproducible re-renders a scan folder with `report DIR` (same
// evidence): every PDF must come out byte-identical to the one the scan
// wrote, site reports rendered during the crawl included.
func TestReportReproducible(t *testing.T) {
	dir, _, _, _ := demoScan(t)
	hashes := func() map[string]string {
		out := map[string]string{}
		files, _ := filepath.Glob(filepath.Join(dir, "reports", "*.pdf"))
		files = append(files, filepath.Join(dir, "summary.pdf"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(f)] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
		return out
	}
	before := hashes()
	if len(before) < 9 {
		t.Fatalf("only %d PDFs", len(before))
	}
	if code, _, stderr := runCLI("report", dir); code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	after := hashes()
	for f, h := range before {
		if after[f] != h {
			t.Errorf("%s changed when re-rendered", f)
		}
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, cmd := range []string{"scan", "demo", "extract", "report", "diff"} {
		if code, _, stderr := runCLI(cmd, "--help"); code != exitOK || !strings.Contains(stderr, "Usage: clinicaudit "+cmd) {
			t.Errorf("%s --help: exit %d, stderr %q", cmd, code, stderr)
		}
	}
}
