package extract

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// Result.Analysis values for PDF documents that could not be read. A PDF
// that was read is AnalysisFull or AnalysisTruncated like a page, with an
// AnalysisNote that starts "PDF, N pages".
const (
	// AnalysisPDFEncrypted: the document needs a password, or uses an
	// encryption the reader does not support; no text was read.
	AnalysisPDFEncrypted = "pdf_encrypted"
	// AnalysisPDFNoText: the document has no text layer (scanned page
	// images, or text drawn as outlines); nothing to analyse without OCR.
	AnalysisPDFNoText = "pdf_no_text"
	// AnalysisPDFMalformed: the document could not be parsed (damaged,
	// truncated, not a PDF after all, or over the reader's bounds).
	AnalysisPDFMalformed = "pdf_malformed"
)

// DefaultMaxPDFPages is the number of pages of one PDF that are read.
const DefaultMaxPDFPages = 300

// IsPDF reports whether a body is a PDF document: by its media type, or by
// the "%PDF-" signature within its first 1,024 bytes (where readers look
// for it).
func IsPDF(contentType string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "application/pdf" || mt == "application/x-pdf") {
		return true
	}
	return bytes.Contains(body[:min(len(body), 1024)], []byte("%PDF-"))
}

// extractPDF reads a PDF's text layer as units, one page number on each,
// and analyses them as a page's. Problems with the document are results
// (AnalysisPDF*), not errors; the error is for a canceled context only.
func (e *Extractor) extractPDF(ctx context.Context, in Input, start time.Time) (Result, error) {
	doc, pages, notes, class := e.readPDF(ctx, in.Body, start)
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("extract %s: %w", in.URL, err)
	}
	if class != "" {
		return Result{URL: in.URL, Title: doc.Title, Analysis: class, AnalysisNote: strings.Join(notes, "; ")}, nil
	}
	res, err := e.analyse(ctx, in, doc, start)
	if err != nil {
		return res, err
	}
	head := fmt.Sprintf("PDF, %s", plural(pages, "page"))
	if len(notes) > 0 {
		res.Analysis = AnalysisTruncated
	}
	res.AnalysisNote = strings.Join(append(append([]string{head}, notes...), nonEmpty(res.AnalysisNote)...), "; ")
	return res, nil
}

// readPDF reads a PDF's text into a Doc. pages is the page count the
// document declares; notes say what was cut or could not be read; class
// is an AnalysisPDF* value when nothing could be analysed.
func (e *Extractor) readPDF(ctx context.Context, body []byte, start time.Time) (doc Doc, pages int, notes []string, class string) {
	budget := e.Budget
	if budget <= 0 {
		budget = DefaultBudget
	}
	g := &pdfGuard{ctx: ctx, b: body, deadline: start.Add(budget), budget: pdfReadBaseBytes + pdfReadPerByte*int64(len(body))}
	if err := checkXref(body); err != nil {
		return doc, 0, []string{"PDF not read: " + err.Error()}, AnalysisPDFMalformed
	}
	var r *pdf.Reader
	var list []pdf.Page
	encrypted := false
	err := guarded(func() error {
		var err error
		r, err = pdf.NewReader(g, int64(len(body)))
		if err != nil {
			return err
		}
		encrypted = !r.Trailer().Key("Encrypt").IsNull()
		maxPages := e.MaxPDFPages
		if maxPages <= 0 {
			maxPages = DefaultMaxPDFPages
		}
		list, pages = pdfPages(r, maxPages)
		if pages > len(list) && len(list) == maxPages {
			notes = append(notes, fmt.Sprintf("read the first %s of %s pages (%s-page limit)", thousands(len(list)), thousands(pages), thousands(maxPages)))
		}
		if t := r.Trailer().Key("Info").Key("Title").Text(); t != "" {
			doc.Title = cleanSpace(t)
		}
		return nil
	})
	if g.stop != nil {
		return doc, 0, []string{"PDF not read: " + g.stop.why + " while opening it"}, AnalysisPDFMalformed
	}
	if err != nil {
		msg := err.Error()
		switch {
		case err == pdf.ErrInvalidPassword:
			return doc, 0, []string{"PDF is encrypted with a password; not read"}, AnalysisPDFEncrypted
		case strings.Contains(msg, "encrypt"):
			return doc, 0, []string{"PDF encryption not supported (" + clipNote(msg) + "); not read"}, AnalysisPDFEncrypted
		}
		return doc, 0, []string{"PDF not read: " + clipNote(msg)}, AnalysisPDFMalformed
	}
	maxText := e.MaxText
	heading := ""
	textBytes, images, failed := 0, 0, 0
	firstErr := ""
	for i, pg := range list {
		var pt pdfPageText
		err := guarded(func() error {
			pt = pageText(pg, maxText-textBytes)
			return nil
		})
		if g.stop != nil {
			notes = append(notes, fmt.Sprintf("%s after %s of %s pages", g.stop.why, thousands(i), thousands(pages)))
			break
		}
		if err != nil || pt.err != "" {
			failed++
			if firstErr == "" {
				if err != nil {
					firstErr = fmt.Sprintf("page %d unreadable (%s)", i+1, clipNote(err.Error()))
				} else {
					firstErr = fmt.Sprintf("page %d %s", i+1, pt.err)
				}
			}
			continue
		}
		images += pt.images
		for _, u := range pdfUnits(pt.lines, i+1, &heading) {
			textBytes += len(u.Text)
			doc.Units = append(doc.Units, u)
		}
		if maxText > 0 && textBytes >= maxText {
			if i+1 < len(list) {
				notes = append(notes, fmt.Sprintf("text limit reached on page %d of %s", i+1, thousands(pages)))
			}
			break
		}
	}
	if failed > 0 {
		notes = append(notes, fmt.Sprintf("%s unreadable; first: %s", plural(failed, "page"), firstErr))
	}
	if ctx.Err() != nil {
		return doc, pages, notes, ""
	}
	if len(doc.Units) == 0 {
		switch {
		case encrypted && failed > 0:
			return doc, pages, append([]string{"PDF is encrypted; its text could not be decrypted"}, notes...), AnalysisPDFEncrypted
		case failed > 0 && failed == len(list):
			return doc, pages, append([]string{fmt.Sprintf("PDF, %s: no page could be read", plural(pages, "page"))}, notes...), AnalysisPDFMalformed
		case images > 0:
			return doc, pages, append([]string{fmt.Sprintf("PDF, %s: no text layer, %s (scanned?); not analysed", plural(pages, "page"), plural(images, "image"))}, notes...), AnalysisPDFNoText
		}
		return doc, pages, append([]string{fmt.Sprintf("PDF, %s: no text layer; not analysed", plural(pages, "page"))}, notes...), AnalysisPDFNoText
	}
	return doc, pages, notes, ""
}

// guarded runs f, turning a panic (the PDF reader's way of reporting a
// malformed document, or the guard's way of stopping it) into an error.
func guarded(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	return f()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return thousands(n) + " " + what + "s"
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// clipNote keeps an error message short enough for a note.
func clipNote(s string) string {
	s = cleanSpace(strings.ToValidUTF8(s, "?"))
	if len(s) > 160 {
		s = cutRunes(s, 157) + "…"
	}
	return s
}
