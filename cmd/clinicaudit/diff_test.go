package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/crawler"
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

// TestScanPrevious scans the same demo servers twice, the second time with
// --previous: changes.jsonl is written and scan.json records the
// comparison. The first scan is edited (the Spanish clinic's autism claims
// removed, then re-assessed) so there is a change to find.
func TestScanPrevious(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	list, sites, stop, err := demoServers(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	scanInto := func(dir, previous string) {
		t.Helper()
		var o scanOptions
		o.out, o.previous = dir, previous
		o.crawl = crawler.DefaultConfig()
		o.crawl.Delay = 10 * time.Millisecond
		var stdout, stderr bytes.Buffer
		if err := scan(ctx, o, list, &stdout, &stderr); err != nil {
			t.Fatalf("scan: %v\n%s", err, stderr.String())
		}
	}
	base := t.TempDir()
	oldDir, newDir := filepath.Join(base, "2026-10"), filepath.Join(base, "2026-11")
	scanInto(oldDir, "")
	claims := filepath.Join(oldDir, "claims.jsonl")
	b, err := os.ReadFile(claims)
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if !strings.Contains(l, `"id":"autism"`) {
			keep = append(keep, l)
		}
	}
	os.WriteFile(claims, []byte(strings.Join(keep, "\n")+"\n"), 0o644)
	if code, _, stderr := runCLI("report", oldDir); code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}

	scanInto(newDir, oldDir)
	changes, err := report.ReadJSONL[report.Change](filepath.Join(newDir, "changes.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var es string
	for i, d := range sites {
		if d.Slug == "clinica-renacer" {
			site, _ := crawler.NewSite(list[i].URL, "")
			es = site.ID
		}
	}
	found := false
	for _, c := range changes {
		if c.Site == es && c.Type == report.ConditionNew && c.Condition == "autism" && c.Quote != nil {
			found = true
		} else if c.Condition != "autism" {
			t.Errorf("unexpected change %+v", c)
		}
	}
	if !found {
		t.Errorf("no condition-new autism change for the Spanish site in %+v", changes)
	}
	var meta report.Scan
	mb, _ := os.ReadFile(filepath.Join(newDir, "scan.json"))
	if err := json.Unmarshal(mb, &meta); err != nil || meta.Previous == nil || meta.Previous.Changes[report.ConditionNew] == 0 {
		t.Errorf("scan.json previous = %+v (err %v)", meta.Previous, err)
	}
	// --previous must name a scan folder.
	code, _, stderr := runCLI("scan", "--previous", filepath.Join(base, "nope"), "--out", filepath.Join(base, "x"), list[0].URL)
	if code != exitUsage {
		t.Errorf("--previous to a missing folder: exit %d, %s", code, stderr)
	}
}
