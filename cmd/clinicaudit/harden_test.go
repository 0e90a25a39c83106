package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadFlagValues checks that every scan flag is validated: exit 2, one
// line naming the flag and the value, nothing written.
func TestBadFlagValues(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--delay", "-1s"}, "--delay -1s"},
		{[]string{"--sites", "0"}, "--sites 0"},
		{[]string{"--sites", "-3"}, "--sites -3"},
		{[]string{"--max-pages", "-5"}, "--max-pages -5"},
		{[]string{"--max-pages", "0"}, "--max-pages 0"},
		{[]string{"--max-depth", "-1"}, "--max-depth -1"},
		{[]string{"--timeout", "0"}, "--timeout 0s"},
		{[]string{"--timeout", "-1s"}, "--timeout -1s"},
		{[]string{"--user-agent", "bot\r\nX-Evil: 1"}, `--user-agent "bot\r\nX-Evil: 1"`},
		{[]string{"--user-agent", " "}, `--user-agent " "`},
		{[]string{"--fail-on", "urgent"}, `--fail-on "urgent"`},
		{[]string{"--out", ""}, `--out ""`},
		{[]string{"--out", file}, "--out " + file + " is a file"},
		{[]string{"--previous", file}, "--previous " + file + " is a file"},
		{[]string{"--previous", filepath.Join(dir, "missing")}, "--previous " + filepath.Join(dir, "missing")},
	} {
		out := filepath.Join(dir, "out")
		args := append([]string{"scan", "--out", out}, tc.args...)
		code, _, stderr := runCLI(append(args, "http://127.0.0.1:9/")...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("scan %q: exit %d, stderr %q; want exit 2 and one line naming %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("scan %q created its output folder", tc.args)
			os.RemoveAll(out)
		}
	}
	for _, args := range [][]string{{"--timeout", "0"}, {"--user-agent", "a\nb"}} {
		code, _, stderr := runCLI(append(append([]string{"extract"}, args...), "http://127.0.0.1:9/")...)
		if code != exitUsage || !strings.Contains(stderr, args[0]) {
			t.Errorf("extract %q: exit %d, stderr %q; want exit 2 naming the flag", args, code, stderr)
		}
	}
}

// TestEvidenceCheckLargeBadFile checks that a table of many bad rows lists
// the first 100 problems and counts the others, and that a UTF-16 table is
// refused by name.
func TestEvidenceCheckLargeBadFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("condition,cell_type,route,jurisdiction,status,summary,citations,reviewed\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "no-such-%d,*,,,approved,x,doi:10.1000/x,2020-01-01\n", i)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(b.String()), 0o644)
	code, _, stderr := runCLI("evidence", "check", bad)
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != exitUsage || len(lines) != 1+maxListed+1 || !strings.Contains(lines[len(lines)-1], "4900 more problems") ||
		!strings.HasPrefix(lines[1], bad+":2: unknown condition id") {
		t.Errorf("evidence check: exit %d, %d lines, first %q, last %q; want exit 2, a header, 100 problems and a count of 4900 more",
			code, len(lines), lines[min(1, len(lines)-1)], lines[len(lines)-1])
	}

	good, _ := os.ReadFile(filepath.Join("..", "..", "seeds", "evidence.csv"))
	withBOM := filepath.Join(dir, "bom.csv")
	os.WriteFile(withBOM, append([]byte("\ufeff"), good...), 0o644)
	if code, out, stderr := runCLI("evidence", "check", withBOM); code != 0 || !strings.Contains(out, "OK") {
		t.Errorf("evidence check of a table with a UTF-8 BOM: exit %d, %s %s", code, out, stderr)
	}
	u16 := []byte{0xFF, 0xFE}
	for _, c := range string(good[:200]) {
		u16 = append(u16, byte(c), 0)
	}
	utf16 := filepath.Join(dir, "utf16.csv")
	os.WriteFile(utf16, u16, 0o644)
	if code, _, stderr := runCLI("evidence", "check", utf16); code != exitUsage || !strings.Contains(stderr, "UTF-16") {
		t.Errorf("evidence check of a UTF-16 table: exit %d, stderr %s; want exit 2 naming UTF-16", code, stderr)
	}
}

// clinicServer serves a two-page clinic site on 127.0.0.1.
func clinicServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><p>Stem cell therapy for autism: $9,000 per injection.</p><a href="/b">more</a></body></html>`)
		case "/b":
			fmt.Fprint(w, `<html><body><p>We treat multiple sclerosis with umbilical cord stem cells.</p></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

func scanComplete(t *testing.T, dir string) bool {
	t.Helper()
	meta, err := readScanMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	return meta.Complete
}

// TestBatchFileFailure makes the last batch file (summary.pdf) impossible
// to rename into place, as a full disk would: the scan must not say it is
// complete, the error must name the fix, diff must say to resume, and the
// resumed scan must finish it.
func TestBatchFileFailure(t *testing.T) {
	seed := clinicServer(t)
	dir := filepath.Join(t.TempDir(), "scan")
	// A non-empty folder named summary.pdf: the rename over it fails, even for root.
	if err := os.MkdirAll(filepath.Join(dir, "summary.pdf", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("scan", "--delay", "0", "--out", dir, seed)
	if code != exitFailed || !strings.Contains(stderr, "clinicaudit scan --resume --out "+dir) {
		t.Errorf("scan: exit %d, stderr %s; want exit 1 naming clinicaudit scan --resume --out %s", code, stderr, dir)
	}
	if scanComplete(t, dir) {
		t.Errorf("scan.json says complete although summary.pdf could not be written")
	}
	// Without findings.jsonl (the disk was full before it), diff says how to finish the scan.
	os.Remove(filepath.Join(dir, "findings.jsonl"))
	if code, _, stderr := runCLI("diff", dir, dir); code != exitUsage || !strings.Contains(stderr, "--resume --out "+dir) {
		t.Errorf("diff of the unfinished scan: exit %d, stderr %s; want it to name --resume", code, stderr)
	}

	os.RemoveAll(filepath.Join(dir, "summary.pdf"))
	if code, _, stderr := runCLI("scan", "--resume", "--out", dir); code != 0 {
		t.Fatalf("resume: exit %d, stderr %s", code, stderr)
	}
	if !scanComplete(t, dir) {
		t.Errorf("resumed scan.json does not say complete")
	}
	for _, f := range []string{"findings.jsonl", "sites.csv", "findings.csv", "summary.pdf", "pages.jsonl", "claims.jsonl"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Errorf("after resume: %v", err)
			continue
		}
		if m := st.Mode().Perm(); m != 0o644 {
			t.Errorf("after resume %s has mode %v, want 0644", f, m)
		}
	}
}

// TestDemoKeepsRealScans checks that demo --out never deletes a scan it did
// not write, even one whose seeds are all on 127.0.0.1.
func TestDemoKeepsRealScans(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "scan")
	if code, _, stderr := runCLI("scan", "--delay", "0", "--out", dir, clinicServer(t)); code != 0 {
		t.Fatalf("scan: exit %d, stderr %s", code, stderr)
	}
	code, _, stderr := runCLI("demo", "--out", dir)
	if code != exitUsage || !strings.Contains(stderr, "did not write") {
		t.Errorf("demo over a real scan: exit %d, stderr %s; want exit 2", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "pages.jsonl")); err != nil {
		t.Errorf("demo deleted the real scan: %v", err)
	}
}

// TestExtractURLRules checks that extract URL fetches as a scan does: a
// redirect off the site is not followed.
func TestExtractURLRules(t *testing.T) {
	other := clinicServer(t)
	srv := httptest.NewServer(http.RedirectHandler(other, http.StatusFound))
	t.Cleanup(srv.Close)
	code, out, stderr := runCLI("extract", srv.URL+"/")
	if code != exitFailed || out != "" || !strings.Contains(stderr, "off_scope") {
		t.Errorf("extract of a redirect to another site: exit %d, out %q, stderr %s; want exit 1 and off_scope", code, out, stderr)
	}
	code, out, stderr = runCLI("extract", other)
	if code != 0 || !strings.Contains(out, `"id":"autism"`) {
		t.Errorf("extract %s: exit %d, out %.300s, stderr %s", other, code, out, stderr)
	}
}
