package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess"
)

func TestSiteFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		// Ids that are safe as they are (a port's ":" becomes "_").
		{"127.0.0.1:41233", "127.0.0.1_41233.pdf"},
		{"clinic.example", "clinic.example.pdf"},
		// Ids that had to change get a hash of the id, so two ids never
		// share a name even though each name is made from its id alone.
		{"Clinic.Example", "clinic.example-f4414f1ab110.pdf"},
		{"[::1]:8080", "___1__8080-10bfd616ce7c.pdf"},
		{"../../etc/passwd", "_.._etc_passwd-3754d6cb3a38.pdf"},
		{"a/b\\c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i-3818acf2cfc3.pdf"},
		{"con", "_con-1143da2bc54c.pdf"},
		{"NUL.example", "_nul.example-94137f867350.pdf"},
		{"com1", "_com1-957a49c3e803.pdf"},
		{"", "site-e3b0c44298fc.pdf"},
		{"...", "site-ab5df625bc76.pdf"},
		{"clínica.example", "cl__nica.example-a79dbe0970e3.pdf"},
	}
	for _, tt := range tests {
		if got := SiteFileName(tt.in); got != tt.want {
			t.Errorf("SiteFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, pair := range [][2]string{{"a_b:80", "a:b:80"}, {"a_b", "a:b"}, {"Clinic.Example", "clinic.example"}} {
		if SiteFileName(pair[0]) == SiteFileName(pair[1]) {
			t.Errorf("%q and %q share the name %q", pair[0], pair[1], SiteFileName(pair[0]))
		}
	}
	long := SiteFileName(strings.Repeat("a", 300) + ".example")
	if len(long) > 130 || !strings.HasSuffix(long, ".pdf") {
		t.Errorf("SiteFileName(long) = %q", long)
	}
	if SiteFileName(strings.Repeat("a", 300)+"1") == SiteFileName(strings.Repeat("a", 300)+"2") {
		t.Error("long ids that differ share a name")
	}
}

func TestReportFilesUnique(t *testing.T) {
	var sites []Site
	for _, id := range []string{"a:1", "a_1", "A:1", "a_1-2", "b"} {
		s := Site{}
		s.Site.ID = id
		sites = append(sites, s)
	}
	files := ReportFiles(sites)
	seen := map[string]string{}
	for id, f := range files {
		if other, ok := seen[f]; ok {
			t.Errorf("%q and %q share %s", id, other, f)
		}
		seen[f] = id
	}
	if files["a:1"] != "a_1.pdf" || files["b"] != "b.pdf" {
		t.Errorf("ReportFiles = %v", files)
	}
}

type line struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

func TestJSONLConcurrentWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.jsonl")
	j, err := OpenJSONL(path, false)
	if err != nil {
		t.Fatal(err)
	}
	const n = 400
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := j.Write(line{i, strings.Repeat("é<&>", i%50)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Write(line{}); err == nil {
		t.Error("Write after Close: nil error")
	}
	got, err := ReadJSONL[line](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("read %d lines, want %d", len(got), n)
	}
	seen := map[int]bool{}
	for _, l := range got {
		if l.Text != strings.Repeat("é<&>", l.N%50) {
			t.Errorf("line %d garbled: %q", l.N, l.Text)
		}
		seen[l.N] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct lines, want %d", len(seen), n)
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte(`\u003c`)) {
		t.Error("JSONL escapes HTML characters")
	}
}

func TestJSONLCrashRemnant(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.jsonl")
	// Two complete lines and the start of a third, as a crash leaves them.
	if err := os.WriteFile(path, []byte("{\"n\":1}\n{\"n\":2}\n{\"n\":3,\"te"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJSONL[line](path)
	if err != nil || len(got) != 2 {
		t.Fatalf("ReadJSONL = %v, %v; want 2 lines", got, err)
	}
	// Appending first cuts the remnant, so the new line stands alone.
	j, err := OpenJSONL(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Write(line{N: 4}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	got, err = ReadJSONL[line](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[2].N != 4 {
		t.Errorf("after append: %+v", got)
	}
	// Truncate mode starts over.
	j, err = OpenJSONL(path, false)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if got, _ := ReadJSONL[line](path); len(got) != 0 {
		t.Errorf("after truncate: %d lines", len(got))
	}
}

func TestReadJSONLBadLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(path, []byte("{\"n\":1}\n\n{\"n\":oops}\n{\"n\":3}\n"), 0o644)
	_, err := ReadJSONL[line](path)
	if err == nil || !strings.Contains(err.Error(), path+":3:") {
		t.Errorf("ReadJSONL(bad line 3) = %v, want an error naming %s:3", err, path)
	}
	if _, err := ReadJSONL[line](filepath.Join(t.TempDir(), "missing.jsonl")); err == nil {
		t.Error("ReadJSONL(missing file): nil error")
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	return rows
}

func TestSitesCSV(t *testing.T) {
	var buf bytes.Buffer
	sites := fixtureSites()
	if err := WriteSitesCSV(&buf, sites); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n != len(sites)+1 {
		t.Errorf("sites.csv has %d lines, want one per site plus a header (%d)", n, len(sites)+1)
	}
	rows := readCSV(t, buf.Bytes())
	if strings.Join(rows[0][:9], ",") != "site,name,pages,conditions,cell_types,price_range,highest_severity,flag_counts,fetch_errors" {
		t.Errorf("header = %v", rows[0])
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	typ := rows[1]
	want := map[string]string{
		"site": "127.0.0.1:41233", "name": "Regenera Stem Cell Institute", "pages": "11",
		"conditions":       "Age-related macular degeneration; Autism spectrum disorder; Multiple sclerosis; Type 1 diabetes",
		"cell_types":       "Adipose-derived (SVF); Umbilical cord (Wharton's jelly) MSCs",
		"price_range":      "USD 5,000-25,000 (3 prices)",
		"highest_severity": "high",
		"flag_counts":      "unproven-paid-therapy=3; cure-claim=2; approval-claim=1; harm-documented=1; one-cure-for-all=1; safety-claim=1; testimonials=1",
		"fetch_errors":     "1", "robots_excluded": "1", "findings": "8", "report": "reports/127.0.0.1_41233.pdf",
	}
	for k, v := range want {
		if got := typ[col[k]]; got != v {
			t.Errorf("sites.csv %s = %q, want %q", k, got, v)
		}
	}
	gone := rows[5]
	if gone[col["unreachable"]] != "dns: no such host" || gone[col["highest_severity"]] != "none" {
		t.Errorf("unreachable row = %v", gone)
	}
}

func TestFindingsCSV(t *testing.T) {
	var buf bytes.Buffer
	sites := fixtureSites()
	if err := WriteFindingsCSV(&buf, sites); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	n := 0
	for _, s := range sites {
		n += len(s.Findings)
	}
	if len(rows) != n+1 {
		t.Fatalf("findings.csv has %d rows, want %d", len(rows)-1, n)
	}
	if lines := bytes.Count(buf.Bytes(), []byte("\n")); lines != n+1 {
		t.Errorf("findings.csv has %d lines: a cell spans lines", lines)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	first := rows[1]
	f := sites[0].Findings[0]
	if got := first[col["quotes"]]; got != f.Quotes[0].Sentence+" | "+f.Quotes[1].Sentence+" | "+f.Quotes[2].Sentence {
		t.Errorf("quotes = %q", got)
	}
	if got := first[col["quote_urls"]]; !strings.HasPrefix(got, f.Quotes[0].URL+" | ") {
		t.Errorf("quote_urls = %q", got)
	}
	if got := first[col["citations"]]; got != strings.Join(f.Citations, " | ") {
		t.Errorf("citations = %q", got)
	}
	if got := first[col["flags"]]; got != "unproven-paid-therapy (high); cure-claim (medium)" {
		t.Errorf("flags = %q", got)
	}
	// Spanish text survives as UTF-8.
	if !bytes.Contains(buf.Bytes(), []byte("células β del páncreas")) || !bytes.Contains(buf.Bytes(), []byte("7.500 €")) {
		t.Error("findings.csv lost accents, β or €")
	}
}

func TestCSVFormulaGuard(t *testing.T) {
	s := Site{}
	s.Site.ID = "x.example"
	s.Findings = []assess.Finding{{Site: "x.example", ConditionLabel: "=HYPERLINK(\"http://evil\")",
		Quotes: []assess.Quote{{Sentence: "+1 line\nbreak\r\nhere"}}}}
	var buf bytes.Buffer
	if err := WriteFindingsCSV(&buf, []Site{s}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if got := rows[1][3]; got != "'=HYPERLINK(\"http://evil\")" {
		t.Errorf("condition_label = %q, want it prefixed with '", got)
	}
	if got := rows[1][12]; got != "'+1 line break  here" {
		t.Errorf("quotes = %q", got)
	}
}
