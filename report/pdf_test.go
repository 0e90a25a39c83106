package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// pdfToText returns the text of a PDF file as pdftotext (poppler-utils)
// extracts it. Without pdftotext the test is skipped, or fails under CI.
func pdfToText(t *testing.T, path string, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found; CI must install poppler-utils")
		}
		t.Skip("pdftotext not found; install poppler-utils to run this test")
	}
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// renderFile renders with fn into a file in dir and returns its path.
func renderFile(t *testing.T, dir, name string, fn func(*bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf); err != nil {
		t.Fatalf("render %s: %v", name, err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// squash collapses white space, as line wrapping changes it.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// bare removes white space and hyphens: pdftotext drops a hyphen that ends
// a line ("about-" + "regenerative" comes out as "aboutregenerative"), and
// long URLs are broken after hyphens and slashes.
func bare(s string) string { return strings.ReplaceAll(strings.Join(strings.Fields(s), ""), "-", "") }

// textForms caches the squashed and bare forms of extracted texts.
var textForms sync.Map // text -> [2]string

// assertText checks that want appears in the extracted text, allowing for
// lines wrapped at a space (squash) or inside a long word such as a URL
// (bare).
func assertText(t *testing.T, name, text, want string) {
	t.Helper()
	v, ok := textForms.Load(text)
	if !ok {
		v, _ = textForms.LoadOrStore(text, [2]string{squash(text), bare(text)})
	}
	forms := v.([2]string)
	if strings.Contains(forms[0], squash(want)) || strings.Contains(forms[1], bare(want)) {
		return
	}
	t.Errorf("%s: text does not contain %q", name, want)
}

func siteFile(t *testing.T, dir string, site Site) (path, text string) {
	t.Helper()
	path = renderFile(t, dir, SiteFileName(site.Site.ID), func(b *bytes.Buffer) error {
		return SitePDF(b, fixtureScan(), site)
	})
	return path, pdfToText(t, path)
}

func TestSitePDFShowsEveryFlaggedFinding(t *testing.T) {
	dir := t.TempDir()
	for _, site := range []Site{typicalSite(), spanishSite()} {
		path, text := siteFile(t, dir, site)
		name := filepath.Base(path)
		assertText(t, name, text, site.Site.Name)
		assertText(t, name, text, site.Site.ID)
		assertText(t, name, text, "Scan date 2026-11-21 09:30 UTC")
		n := pageCount(t, text)
		assertText(t, name, text, "Page 1 of "+strconv.Itoa(n))
		assertText(t, name, text, "Page "+strconv.Itoa(n)+" of "+strconv.Itoa(n))
		flagged := 0
		for _, f := range site.Findings {
			if len(f.Flags) == 0 {
				continue
			}
			flagged++
			for _, fl := range f.Flags {
				assertText(t, name, text, fl.ID)
				assertText(t, name, text, fl.Reason)
			}
			for _, q := range f.Quotes {
				assertText(t, name, text, "“"+q.Sentence+"”")
				assertText(t, name, text, q.URL)
				assertText(t, name, text, strings.Trim(q.WARCRecordID, "<>"))
			}
			for _, c := range f.Citations {
				assertText(t, name, text, c)
			}
			assertText(t, name, text, f.EvidenceSummary)
		}
		if flagged == 0 {
			t.Fatalf("%s: fixture has no flagged finding", name)
		}
		assertText(t, name, text, "Method and limitations")
		assertText(t, name, text, "It is not medical or legal advice")
		assertText(t, name, text, fixtureScan().Evidence.SHA256)
	}
}

// pageCount reads the number of pages from pdftotext's form feeds.
func pageCount(t *testing.T, text string) int {
	t.Helper()
	n := strings.Count(text, "\f")
	if n == 0 {
		t.Fatal("no pages in extracted text")
	}
	return n
}

func TestSitePDFOverview(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		site Site
		want []string
	}{
		{typicalSite(), []string{
			"5 findings of high severity: the site charges for stem-cell treatments of conditions for which the evidence table " +
				"records no approved or standard-of-care use, states or implies an approval that the evidence table does not record " +
				"and offers a treatment for which serious harm has been documented.",
			"Findings by severity: High 5 Medium 2 Low 1 Info 0",
			"USD 5,000–25,000 (3 prices)",
			"Clinicians named on site Dr. Alan Reyes",
			"Dr. Alan Reyes",
			"11 pages fetched; 1 fetch error (http_4xx 1); 1 URL not fetched because robots.txt disallows them",
			"http://127.0.0.1:41233/private/patient-results",
			"https://doi.org/10.2337/dc20-2560",
			"https://pubmed.ncbi.nlm.nih.gov/28296617/",
		}},
		{spanishSite(), []string{
			"Clínica Células Madre Cancún",
			"1 finding of high severity: the site charges for a stem-cell treatment",
			"Treatment prices EUR 7,500; MXN 95,000",
			"Other prices on the site 3,200 (currency not stated) (the price of another service or item)",
			"Dra. María José Peña",
			"células β del páncreas",
			"7.500 €",
			"https://doi.org/10.1136/bmj-2024-078392",
		}},
		{hospitalSite(), []string{"No findings of high or medium severity.", "Leukaemia", "approved"}},
		{unreachableSite(), []string{"The site could not be reached (dns: no such host)", "dns 1"}},
		{quietSite(), []string{"No findings of high or medium severity.", "No findings: the pages read state no claims"}},
	}
	for i, tt := range tests {
		path, text := siteFile(t, dir, tt.site)
		for _, w := range tt.want {
			assertText(t, filepath.Base(path), text, w)
		}
		assertInsidePage(t, path)
		if i == 0 {
			// The verdict and the numbers are on page 1.
			first := strings.SplitN(text, "\f", 2)[0]
			for _, w := range []string{"Regenera Stem Cell Institute", "5 findings of high severity",
				"Findings by severity: High 5", "Treatment prices USD 5,000–25,000",
				"Page languages German 1",
				"Not analysed 1 page in a language the vocabularies do not cover: http://127.0.0.1:41233/it/ (Italian)"} {
				assertText(t, "page 1", first, w)
			}
		}
	}
}

func TestSitePDFHostileText(t *testing.T) {
	dir := t.TempDir()
	site := hostileSite()
	path, text := siteFile(t, dir, site)
	for _, bad := range []string{"🌟", "😀", "治", "\x00", "\x07", "\u202E", "\u200B"} {
		if strings.Contains(text, bad) {
			t.Errorf("hostile text: %q reached the PDF", bad)
		}
	}
	assertText(t, "hostile", text, "Results "+Placeholder+" guaranteed "+Placeholder)
	assertText(t, "hostile", text, "Clínica "+Placeholder+" Hostil")
	assertText(t, "hostile", text, "zerowidth softhyphen bell nul tab here é")
	assertText(t, "hostile", text, "[…]")
	// No link may point anywhere but http(s).
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(raw), []byte("javascript:")) {
		t.Error("a javascript: URL became a link")
	}
	assertInsidePage(t, path)
}

// wordBox is one word's box from pdftotext -bbox, in points.
var wordBox = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)

// assertInsidePage checks that every word lies within the text area of
// its A4 page: nothing overflows the margins or the footer line.
func assertInsidePage(t *testing.T, path string) {
	t.Helper()
	html := pdfToText(t, path, "-bbox")
	const pt = 72 / 25.4
	minX, maxX := (marginL-0.5)*pt, (pageW-marginR+0.5)*pt
	maxY := (pageH - 5) * pt
	n := 0
	for _, m := range wordBox.FindAllStringSubmatch(html, -1) {
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[3], 64)
		y1, _ := strconv.ParseFloat(m[4], 64)
		n++
		if x0 < minX || x1 > maxX || y1 > maxY {
			t.Errorf("%s: word outside the page's text area: %s", filepath.Base(path), m[0])
			if n > 20 {
				return
			}
		}
	}
	if n < 50 {
		t.Fatalf("%s: only %d words found", path, n)
	}
}

func TestPDFDeterministic(t *testing.T) {
	t.Parallel()
	render := func() [][]byte {
		var out [][]byte
		for _, site := range []Site{typicalSite()} {
			var b bytes.Buffer
			if err := SitePDF(&b, fixtureScan(), site); err != nil {
				t.Fatal(err)
			}
			out = append(out, b.Bytes())
		}
		var b bytes.Buffer
		if err := SummaryPDF(&b, fixtureScan(), fixtureSites()); err != nil {
			t.Fatal(err)
		}
		return append(out, b.Bytes())
	}
	a, b := render(), render()
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("render %d differs between two runs (%d vs %d bytes)", i, len(a[i]), len(b[i]))
		}
	}
	if !bytes.Contains(a[0], []byte("/CreationDate (D:20261121093000)")) {
		t.Error("creation date is not the scan's start")
	}
}

// TestConcurrentRender renders many reports at once; run with -race. Each
// must equal its sequential rendering.
func TestConcurrentRender(t *testing.T) {
	t.Parallel()
	sites := []Site{typicalSite(), spanishSite()}
	want := make([][]byte, len(sites))
	for i, s := range sites {
		var b bytes.Buffer
		if err := SitePDF(&b, fixtureScan(), s); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	const n = 8
	var wg sync.WaitGroup
	got := make([][]byte, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			errs[i] = SitePDF(&b, fixtureScan(), sites[i%len(sites)])
			got[i] = b.Bytes()
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("render %d: %v", i, errs[i])
		}
		if !bytes.Equal(got[i], want[i%len(sites)]) {
			t.Errorf("concurrent render %d differs from the sequential one", i)
		}
	}
}

func TestSummaryPDF(t *testing.T) {
	dir := t.TempDir()
	sites := fixtureSites()
	path := renderFile(t, dir, "summary.pdf", func(b *bytes.Buffer) error {
		return SummaryPDF(b, fixtureScan(), sites)
	})
	text := pdfToText(t, path)
	assertInsidePage(t, path)
	n := pageCount(t, text)
	for _, w := range []string{
		"Batch summary", "Page 1 of " + strconv.Itoa(n),
		"Sites by highest severity", "Most-claimed conditions", "Cell types offered", "Treatment prices in US dollars",
		"Only prices of cell treatments whose currency is US dollars are counted (3 prices); other prices on the sites (shops, other services, comparisons) never are. Not counted: EUR 1, MXN 1,",
		"Regenera Stem Cell Institute", "Clínica Células Madre Cancún", "Vanished Wellness Center",
		"dns: no such host", "unproven-paid-therapy",
		"6 sites scanned", "pages fetched",
	} {
		assertText(t, "summary", text, w)
	}
	// Sites are listed by highest severity, then name.
	order := []string{"Clínica Células Madre Cancún", "Regenera Stem Cell Institute", "127.0.0.1:41299", "City Hospital", "Vanished Wellness Center"}
	all := squash(text[strings.Index(text, "All sites"):])
	last := -1
	for _, name := range order {
		i := strings.Index(all, name)
		if i < last {
			t.Errorf("summary table: %q is out of order", name)
		}
		last = i
	}
	// Each site row links to its report, relative to the summary.
	raw, _ := os.ReadFile(path)
	for _, s := range sites {
		link := "/URI (reports/" + SiteFileName(s.Site.ID) + ")"
		if !bytes.Contains(raw, []byte(link)) {
			t.Errorf("summary has no link %s", link)
		}
	}
	if !bytes.Contains(raw, []byte("/Outlines")) {
		t.Error("summary has no bookmarks")
	}
}

func TestSitePDFLinksAndBookmarks(t *testing.T) {
	var b bytes.Buffer
	site := typicalSite()
	if err := SitePDF(&b, fixtureScan(), site); err != nil {
		t.Fatal(err)
	}
	raw := b.String()
	for _, w := range []string{
		"/URI (http://127.0.0.1:41233/prices)",
		"/URI (https://doi.org/10.2337/dc20-2560)",
		"/URI (https://pubmed.ncbi.nlm.nih.gov/28296617/)",
		"/Dest [", // the table's finding numbers jump to the details
		"/Type /Outlines",
	} {
		if !strings.Contains(raw, w) {
			t.Errorf("site PDF lacks %s", w)
		}
	}
	// One outline entry per section and per finding.
	if got, want := strings.Count(raw, "/Title (")-1, 4+len(site.Findings); got != want {
		t.Errorf("bookmarks: %d, want %d", got, want)
	}
}

func TestSitePDFReturnsError(t *testing.T) {
	// A writer that fails must surface as an error, not a panic.
	if err := SitePDF(failWriter{}, fixtureScan(), quietSite()); err == nil {
		t.Error("SitePDF to a failing writer: nil error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sites := fixtureSites() // more sites than workers: the pool runs full (run with -race)
	if err := Write(context.Background(), dir, fixtureScan(), sites); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"scan.json", "findings.jsonl", "sites.csv", "findings.csv", "summary.pdf"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", f, err)
		}
	}
	for _, s := range sites {
		if _, err := os.Stat(filepath.Join(dir, "reports", SiteFileName(s.Site.ID))); err != nil {
			t.Errorf("report of %s: %v", s.Site.ID, err)
		}
	}
	// Nothing temporary is left behind.
	for _, d := range []string{dir, filepath.Join(dir, "reports")} {
		ents, _ := os.ReadDir(d)
		for _, e := range ents {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("temporary file left: %s", e.Name())
			}
		}
	}
	got, err := ReadJSONL[map[string]any](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, s := range sites {
		want += len(s.Findings)
	}
	if len(got) != want {
		t.Errorf("findings.jsonl: %d lines, want %d", len(got), want)
	}
	for _, k := range []string{"site", "condition", "condition_label", "cell_types", "prices", "status",
		"evidence_summary", "citations", "flags", "severity", "quotes"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("findings.jsonl lacks field %q", k)
		}
	}
	// The files in the folder are the ones SitePDF renders on its own.
	var alone bytes.Buffer
	if err := SitePDF(&alone, fixtureScan(), sites[1]); err != nil {
		t.Fatal(err)
	}
	inFolder, _ := os.ReadFile(filepath.Join(dir, "reports", SiteFileName(sites[1].Site.ID)))
	if !bytes.Equal(inFolder, alone.Bytes()) {
		t.Error("Write's report differs from SitePDF's")
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "reports")); len(ents) != len(sites) {
		t.Errorf("reports: %d files, want %d", len(ents), len(sites))
	}
}

func TestWriteCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Write(ctx, t.TempDir(), fixtureScan(), fixtureSites())
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("Write with a cancelled context = %v, want context.Canceled", err)
	}
}

// BenchmarkSitePDF renders a typical site report: 8 findings, 20 quotes.
func BenchmarkSitePDF(b *testing.B) {
	scan, site := fixtureScan(), typicalSite()
	clean("é") // glyph coverage is computed once per process
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := SitePDF(&buf, scan, site); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/report")
}

// BenchmarkSitePDFParallel renders typical reports on every core, as Write does.
func BenchmarkSitePDFParallel(b *testing.B) {
	scan, site := fixtureScan(), typicalSite()
	clean("é")
	b.RunParallel(func(pb *testing.PB) {
		var buf bytes.Buffer
		for pb.Next() {
			buf.Reset()
			if err := SitePDF(&buf, scan, site); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestSamples writes sample PDFs to $REPORT_SAMPLES for looking at them.
func TestSamples(t *testing.T) {
	dir := os.Getenv("REPORT_SAMPLES")
	if dir == "" {
		t.Skip("set REPORT_SAMPLES=DIR to write sample reports")
	}
	if err := Write(context.Background(), dir, fixtureScan(), fixtureSites()); err != nil {
		t.Fatal(err)
	}
}
