package report

import (
	"strings"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
)

// This file counts what a scan could read only in part: PDF documents
// (read, or not: encrypted, no text layer, malformed) and thin pages
// (little text, built by scripts the crawler does not run).

// PDFRead reports whether p is a PDF document whose text was analysed.
func PDFRead(p Page) bool {
	return p.Error == crawler.ErrNotHTML && (p.Analysis == extract.AnalysisFull || p.Analysis == extract.AnalysisTruncated)
}

// PDFUnread reports whether p is a PDF document whose text could not be
// read (analysis pdf_encrypted, pdf_no_text or pdf_malformed).
func PDFUnread(p Page) bool { return strings.HasPrefix(p.Analysis, "pdf_") }

// countHidden counts PDFs read, PDFs not read and thin pages.
func countHidden(pages []Page) (read, unread, thin int) {
	for _, p := range pages {
		switch {
		case PDFRead(p):
			read++
		case PDFUnread(p):
			unread++
		}
		if p.Thin {
			thin++
		}
	}
	return read, unread, thin
}

// AddHidden adds a site's PDFs and thin pages to t.
func (t *Totals) AddHidden(s Site) {
	r, u, th := countHidden(s.Pages)
	t.PDFsRead, t.PDFsUnread, t.ThinPages = t.PDFsRead+r, t.PDFsUnread+u, t.ThinPages+th
}

// hiddenText says what the pages may hide: "2 PDF documents read; 1 PDF
// not read (pdf_encrypted: URL); 1 thin page (URL)", or "" when there are
// neither PDFs nor thin pages.
func hiddenText(read, unread, thin int, unreadURLs, thinURLs []string) string {
	var parts []string
	if read > 0 || unread > 0 {
		parts = append(parts, plural(read, "PDF document read", "PDF documents read"))
	}
	if unread > 0 {
		s := plural(unread, "PDF document not read", "PDF documents not read")
		if len(unreadURLs) > 0 {
			s += " (" + joinClipped(unreadURLs, 3) + ")"
		}
		parts = append(parts, s)
	}
	if thin > 0 {
		s := plural(thin, "thin page", "thin pages") + " (little text; may be built by scripts, not run)"
		if len(thinURLs) > 0 {
			s += ": " + joinClipped(thinURLs, 3)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// siteHidden is hiddenText for one site, naming the pages.
func siteHidden(s Site) string {
	var unread, thin []string
	for _, p := range s.Pages {
		if PDFUnread(p) {
			unread = append(unread, p.URL+" "+strings.TrimPrefix(p.Analysis, "pdf_"))
		}
		if p.Thin {
			thin = append(thin, p.URL)
		}
	}
	r, u, th := countHidden(s.Pages)
	return hiddenText(r, u, th, unread, thin)
}

// summaryHidden is the summary's line: counts only.
func summaryHidden(t Totals) string {
	if s := hiddenText(t.PDFsRead, t.PDFsUnread, t.ThinPages, nil, nil); s != "" {
		return s
	}
	return "no PDF documents and no thin pages"
}
