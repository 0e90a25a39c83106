package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/seeds"
)

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDiff(t *testing.T) {
	oldDir, _, _, idOf := demoScan(t)
	newDir := filepath.Join(t.TempDir(), "new")
	copyDir(t, oldDir, newDir)

	// Next month: the Spanish clinic raised a price, and the evidence
	// table (for the test) calls autism approved.
	claims := filepath.Join(newDir, "claims.jsonl")
	b, err := os.ReadFile(claims)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.ReplaceAll(string(b), `"amount":95000,`, `"amount":99000,`))
	os.WriteFile(claims, b, 0o644)
	var ev strings.Builder
	for i, l := range strings.Split(string(seeds.MustFile("evidence.csv")), "\n") {
		if i > 0 && strings.HasPrefix(l, "autism,") {
			for _, st := range []string{",negative-trials,", ",no-clinical-evidence,", ",investigational,"} {
				l = strings.Replace(l, st, ",approved,", 1)
			}
		}
		ev.WriteString(l + "\n")
	}
	alt := filepath.Join(t.TempDir(), "alt.csv")
	os.WriteFile(alt, []byte(ev.String()), 0o644)
	if code, _, stderr := runCLI("report", "--evidence", alt, newDir); code != 0 {
		t.Fatalf("report: exit %d %s", code, stderr)
	}

	code, out, stderr := runCLI("diff", oldDir, newDir)
	if code != 0 {
		t.Fatalf("diff: exit %d %s", code, stderr)
	}
	es := idOf["clinica-renacer"]
	var cleared, priced bool
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var c report.Change
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("bad line %q: %v", l, err)
		}
		if c.Site != es {
			if c.Condition != "autism" {
				t.Errorf("unexpected change on another site: %+v", c)
			}
			continue
		}
		switch {
		case c.Type == report.FlagCleared && c.Condition == "autism" && c.Flag == "unproven-paid-therapy":
			cleared = true
		case c.Type == report.PriceChanged && strings.Contains(c.Old, "95,000") && strings.Contains(c.New, "95,000") && c.Quote != nil:
			priced = true // the text is as written; the amount changed
		case c.Type == report.FlagCleared && c.Condition == "autism":
		default:
			t.Errorf("unexpected change: %+v", c)
		}
	}
	if !cleared || !priced {
		t.Errorf("flag cleared %v, price changed %v; diff output:\n%s", cleared, priced, out)
	}
	if _, err := os.Stat(filepath.Join(newDir, "changes.jsonl")); err != nil {
		t.Errorf("changes.jsonl not written: %v", err)
	}
	// No change between a folder and itself.
	if code, out, _ := runCLI("diff", oldDir, oldDir); code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("diff of a folder with itself: exit %d, %q", code, out)
	}
}
