package extract

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// benchBrochure is a 20-page brochure: per page a heading, four
// paragraphs of clinic copy with conditions, cells and prices (about 2.5 KB
// of text) and a price table of six rows.
func benchBrochure(b *testing.B) []byte {
	var pages []func(p *gofpdf.Fpdf)
	for i := range 20 {
		pages = append(pages, func(p *gofpdf.Fpdf) {
			p.SetFont("Helvetica", "B", 16)
			p.MultiCell(0, 8, fmt.Sprintf("Treatment programme %d", i+1), "", "L", false)
			p.SetFont("Helvetica", "", 10)
			for j := range 4 {
				p.MultiCell(0, 5, fmt.Sprintf("Our umbilical cord mesenchymal stem cell protocol for autism, multiple sclerosis and knee osteoarthritis "+
					"is given over %d days in Cancun. Patients report improvement within weeks; the treatment is safe and has no side effects. "+
					"A full course costs $%d,500 per treatment, and a booster infusion is $4,000. Send us your medical records for a free evaluation.", 3+j, 9+j), "", "L", false)
				p.Ln(2)
			}
			for _, r := range [][]string{{"Autism", "$14,500"}, {"Multiple sclerosis", "$18,000"}, {"Knee osteoarthritis", "$6,500 per joint"}, {"Parkinson's disease", "$21,000"}, {"COPD", "$12,000"}, {"Anti-ageing", "$8,000"}} {
				p.CellFormat(80, 6, r[0], "1", 0, "L", false, 0, "")
				p.CellFormat(60, 6, r[1], "1", 1, "L", false, 0, "")
			}
		})
	}
	return pdfDoc(b, nil, pages...)
}

// BenchmarkPDF: pages per second, for reading the text layer alone
// ("read") and for the whole extraction, claims included ("extract").
func BenchmarkPDF(b *testing.B) {
	body := benchBrochure(b)
	e, err := NewDefault()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			doc, n, _, class := e.readPDF(context.Background(), body, time.Now())
			if class != "" || len(doc.Units) == 0 {
				b.Fatal(class)
			}
			pages += n
		}
		b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	})
	b.Run("extract", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			res, err := e.Extract(Input{URL: "https://clinic.example/brochure.pdf", ContentType: "application/pdf", Body: body})
			if err != nil || !strings.HasPrefix(res.AnalysisNote, "PDF, 20 pages") || len(res.Claims) == 0 {
				b.Fatal(err, res.AnalysisNote)
			}
			pages += 20
		}
		b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	})
}
