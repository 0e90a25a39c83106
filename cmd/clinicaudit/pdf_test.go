package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// testPDF makes a PDF with one page per text; protect, when set, is the
// user password it is encrypted with.
func testPDF(t *testing.T, protect string, pages ...string) []byte {
	t.Helper()
	p := gofpdf.New("P", "mm", "A4", "")
	if protect != "" {
		p.SetProtection(0, protect, "owner")
	}
	p.SetFont("Helvetica", "", 11)
	for _, s := range pages {
		p.AddPage()
		p.MultiCell(0, 6, s, "", "L", false)
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestScanReadsPDFsAndMarksThinPages scans a loopback clinic whose only
// price is in a linked PDF, which also links an encrypted and a damaged
// PDF and a page built by scripts.
func TestScanReadsPDFsAndMarksThinPages(t *testing.T) {
	prices := testPDF(t, "",
		"Cancun Regen Clinic. Patient information brochure.",
		"Umbilical cord stem cell therapy for autism costs $14,500 per treatment, hotel included.")
	docs := map[string]struct {
		ct   string
		body []byte
	}{
		"/": {"text/html; charset=utf-8", []byte(`<html><head><title>Cancun Regen Clinic</title></head><body>
<h1>Stem cell therapy for autism</h1><p>We offer umbilical cord stem cell therapy for autism to international patients.</p>
<p>See our <a href="/docs/price-list.pdf">price list</a>, our <a href="/docs/protocol.pdf">protocol</a>,
our <a href="/docs/brochure.pdf">brochure</a> and the <a href="/portal">patient portal</a>.</p></body></html>`)},
		"/docs/price-list.pdf": {"application/pdf", prices},
		"/docs/protocol.pdf":   {"application/pdf", testPDF(t, "secret", "Our protocol for autism: $20,000.")},
		"/docs/brochure.pdf":   {"application/pdf", prices[:len(prices)/3]},
		"/portal": {"text/html", []byte(`<!doctype html><html><head><script defer src="/static/js/main.3f2a.js"></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`)},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", d.ct)
		w.Write(d.body)
	}))
	defer srv.Close()

	dir := filepath.Join(t.TempDir(), "out")
	var o scanOptions
	o.out = dir
	o.crawl = crawler.DefaultConfig()
	o.crawl.Delay = 5 * time.Millisecond
	o.registry.mode = "off"
	var stdout, stderr bytes.Buffer
	if err := scan(context.Background(), o, []seeds.Seed{{URL: srv.URL + "/"}}, &stdout, &stderr); err != nil {
		t.Fatalf("scan: %v\n%s", err, stderr.String())
	}

	pages, err := report.ReadJSONL[report.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]report.Page{}
	for _, p := range pages {
		byPath[strings.TrimPrefix(p.URL, srv.URL)] = p
	}
	for path, want := range map[string]struct{ err, analysis, note, detail string }{
		"/docs/price-list.pdf": {crawler.ErrNotHTML, extract.AnalysisFull, "PDF, 2 pages", "PDF document: text read"},
		"/docs/protocol.pdf":   {crawler.ErrNotHTML, extract.AnalysisPDFEncrypted, "encrypted with a password", "not read"},
		"/docs/brochure.pdf":   {crawler.ErrNotHTML, extract.AnalysisPDFMalformed, "PDF not read", "not read"},
	} {
		p := byPath[path]
		if p.Error != want.err || p.Analysis != want.analysis || !strings.Contains(p.AnalysisNote, want.note) || !strings.Contains(p.ErrorDetail, want.detail) {
			t.Errorf("%s: error %q (%q), analysis %q, note %q; want %q, %q, note with %q", path, p.Error, p.ErrorDetail, p.Analysis, p.AnalysisNote, want.err, want.analysis, want.note)
		}
	}
	if !byPath["/portal"].Thin || byPath["/"].Thin {
		t.Errorf("thin: portal %v, home %v; want true, false", byPath["/portal"].Thin, byPath["/"].Thin)
	}

	claims, err := report.ReadJSONL[extract.Claim](filepath.Join(dir, "claims.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var price *extract.Claim
	for i, c := range claims {
		if c.Kind == extract.KindPrice {
			price = &claims[i]
		}
	}
	if price == nil || price.Amount != 14500 || price.PDFPage != 2 || !strings.HasSuffix(price.URL, "/docs/price-list.pdf") ||
		!strings.Contains(price.Sentence, "autism costs $14,500 per treatment") || price.WARCRecordID == "" {
		t.Fatalf("price claim = %+v; want $14,500 from price-list.pdf page 2 with its sentence and WARC record", price)
	}

	findings, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	quoted := false
	for _, f := range findings {
		for _, q := range f.Quotes {
			quoted = quoted || q.PDFPage == 2 && strings.HasSuffix(q.URL, ".pdf")
		}
	}
	if !quoted {
		t.Errorf("no finding quotes the PDF with its page: %+v", findings)
	}

	var meta struct{ Totals report.Totals }
	raw, err := os.ReadFile(filepath.Join(dir, "scan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		t.Fatal(err)
	}
	if got := meta.Totals; got.PDFsRead != 1 || got.PDFsUnread != 2 || got.ThinPages != 1 {
		t.Errorf("totals: %d PDFs read, %d not read, %d thin; want 1, 2, 1", got.PDFsRead, got.PDFsUnread, got.ThinPages)
	}

	// The reports say so, read back with pdftotext where it is installed.
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found; CI must install poppler-utils")
		}
		t.Skip("pdftotext not found; the report text is not checked")
	}
	text := func(path string) string {
		out, err := exec.Command(bin, "-layout", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", path, err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	site, _ := filepath.Glob(filepath.Join(dir, "reports", "*.pdf"))
	if len(site) != 1 {
		t.Fatalf("site reports: %v", site)
	}
	if s := text(site[0]); !strings.Contains(s, "PDF, page 2") || !strings.Contains(s, "1 PDF document read; 2 PDF documents not read") || !strings.Contains(s, "1 thin page") {
		t.Errorf("site report lacks the PDF page, or the PDFs and thin pages line:\n%s", s)
	}
	if s := text(filepath.Join(dir, "summary.pdf")); !strings.Contains(s, "1 PDF document read; 2 PDF documents not read; 1 thin page") {
		t.Errorf("summary lacks the PDFs and thin pages line:\n%s", s)
	}
}
