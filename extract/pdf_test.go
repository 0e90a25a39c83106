package extract

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/goregular"
)

// pdfDoc builds a PDF with gofpdf; each func draws one page.
func pdfDoc(t testing.TB, setup func(p *gofpdf.Fpdf), pages ...func(p *gofpdf.Fpdf)) []byte {
	t.Helper()
	p := gofpdf.New("P", "mm", "A4", "")
	p.SetFont("Helvetica", "", 11)
	if setup != nil {
		setup(p)
	}
	for _, draw := range pages {
		p.AddPage()
		draw(p)
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func text(s string) func(p *gofpdf.Fpdf) {
	return func(p *gofpdf.Fpdf) { p.MultiCell(0, 6, s, "", "L", false) }
}

// rawPDF assembles a PDF from object bodies (numbered from 1) with a
// correct xref table; trailer is the trailer dictionary's content.
func rawPDF(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n", trailer, x)
	return b.Bytes()
}

func stream(s string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s)
}

func extractPDF(t testing.TB, e *Extractor, body []byte) Result {
	t.Helper()
	res, err := e.Extract(Input{URL: "https://clinic.example/docs/prices.pdf", ContentType: "application/pdf", Body: body})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return res
}

func claimsOf(res Result, kind string) []Claim {
	var out []Claim
	for _, c := range res.Claims {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

func TestPDFPriceListClaimsCarryPage(t *testing.T) {
	e := testExtractor(t)
	body := pdfDoc(t, nil,
		text("About our clinic. We are located in Cancun and welcome international patients."),
		func(p *gofpdf.Fpdf) {
			p.SetFont("Helvetica", "B", 18)
			p.MultiCell(0, 9, "Stem cell treatment prices", "", "L", false)
			p.SetFont("Helvetica", "", 11)
			p.MultiCell(0, 6, "Umbilical cord mesenchymal stem cell therapy for autism costs $14,500 per treatment, travel included.", "", "L", false)
		})
	res := extractPDF(t, e, body)
	if res.Analysis != AnalysisFull || !strings.HasPrefix(res.AnalysisNote, "PDF, 2 pages") {
		t.Fatalf("analysis %q, note %q; want full, \"PDF, 2 pages\"", res.Analysis, res.AnalysisNote)
	}
	prices := claimsOf(res, KindPrice)
	if len(prices) != 1 || prices[0].Amount != 14500 || prices[0].PDFPage != 2 {
		t.Fatalf("prices = %+v, want one of 14500 on PDF page 2", prices)
	}
	if !strings.Contains(prices[0].Sentence, "autism costs $14,500 per treatment") {
		t.Errorf("price sentence %q does not quote the document", prices[0].Sentence)
	}
	if prices[0].Heading != "Stem cell treatment prices" {
		t.Errorf("heading %q, want the larger-type line above", prices[0].Heading)
	}
	conds := claimsOf(res, KindCondition)
	if len(conds) == 0 || conds[0].ID != "autism" || conds[0].PDFPage != 2 {
		t.Errorf("conditions = %+v, want autism on page 2", conds)
	}
}

func TestPDFLayouts(t *testing.T) {
	e := testExtractor(t)
	cases := []struct {
		name string
		body []byte
		want []string // units, in order, that must be there
	}{
		{"two columns", pdfDoc(t, nil, func(p *gofpdf.Fpdf) {
			p.SetXY(10, 20)
			p.MultiCell(90, 5, "Stem cell therapy for autism costs $12,500 per treatment. Our protocol uses umbilical cord cells.", "", "L", false)
			p.SetXY(110, 20)
			p.MultiCell(90, 5, "Knee osteoarthritis injections start from $5,000 per joint. Patients travel to Cancun.", "", "L", false)
		}), []string{
			"paragraph: Stem cell therapy for autism costs $12,500 per treatment. Our protocol uses umbilical cord cells.",
			"paragraph: Knee osteoarthritis injections start from $5,000 per joint. Patients travel to Cancun.",
		}},
		{"table", pdfDoc(t, nil, func(p *gofpdf.Fpdf) {
			for _, r := range [][]string{{"Treatment", "Condition", "Price"}, {"MSC infusion", "Multiple sclerosis", "$25,000"}} {
				for _, c := range r {
					p.CellFormat(60, 8, c, "1", 0, "L", false, 0, "")
				}
				p.Ln(-1)
			}
		}), []string{"row: Treatment | Condition | Price", "row: MSC infusion | Multiple sclerosis | $25,000"}},
		{"embedded font", pdfDoc(t, func(p *gofpdf.Fpdf) {
			p.AddUTF8FontFromBytes("go", "", goregular.TTF)
			p.SetFont("go", "", 12)
		}, text("Tratamiento con células madre para la diabetes: 4.500 € por sesión – consulte precios.")), []string{
			"paragraph: Tratamiento con células madre para la diabetes: 4.500 € por sesión – consulte precios.",
		}},
		{"list", pdfDoc(t, nil, text("We treat:\n- autism\n- multiple sclerosis")), []string{
			"paragraph: We treat:", "item: autism", "item: multiple sclerosis",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, _, notes, class := e.readPDF(context.Background(), tc.body, time.Now())
			if class != "" {
				t.Fatalf("class %q (%v)", class, notes)
			}
			var got []string
			for _, u := range doc.Units {
				got = append(got, u.Kind+": "+u.Text)
			}
			i := 0
			for _, g := range got {
				if i < len(tc.want) && g == tc.want[i] {
					i++
				}
			}
			if i < len(tc.want) {
				t.Errorf("units:\n%s\nwant, in order:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestPDFUnreadable(t *testing.T) {
	e := testExtractor(t)
	priced := text("Stem cells for ALS: $30,000 per infusion.")
	cases := []struct {
		name, class, note string
		body              []byte
	}{
		{"user password", AnalysisPDFEncrypted, "encrypted with a password",
			pdfDoc(t, func(p *gofpdf.Fpdf) { p.SetProtection(0, "secret", "owner") }, priced)},
		{"owner password only, RC4 40-bit", AnalysisPDFEncrypted, "could not be decrypted",
			pdfDoc(t, func(p *gofpdf.Fpdf) { p.SetProtection(0, "", "owner") }, priced)},
		{"scanned", AnalysisPDFNoText, "no text layer, 1 image", scannedPDF(t)},
		{"garbage", AnalysisPDFMalformed, "PDF not read", []byte("%PDF-1.4\nthis is not really a PDF\n")},
		{"truncated", AnalysisPDFMalformed, "PDF not read", pdfDoc(t, nil, priced)[:600]},
		{"huge xref size", AnalysisPDFMalformed, "exceeds", rawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}, "/Size 2000000000 /Root 1 0 R")},
		{"huge xref subsection", AnalysisPDFMalformed, "exceeds",
			[]byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n1500000000 1\n0000000009 00000 n \ntrailer\n<< /Size 1 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n")},
		{"escaped name", AnalysisPDFMalformed, "exceeds", rawPDF([]string{"<< /Type /Catalog >>"}, "/S#69ze 2000000000 /Root 1 0 R")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := extractPDF(t, e, tc.body)
			if res.Analysis != tc.class || !strings.Contains(res.AnalysisNote, tc.note) {
				t.Errorf("analysis %q, note %q; want %q with %q", res.Analysis, res.AnalysisNote, tc.class, tc.note)
			}
			if len(res.Claims) != 0 {
				t.Errorf("claims from an unreadable PDF: %+v", res.Claims)
			}
		})
	}
}

// scannedPDF is a page that is one image, no text.
func scannedPDF(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 40, 40))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(3, 3, color.Black)
	var pngb bytes.Buffer
	if err := png.Encode(&pngb, img); err != nil {
		t.Fatal(err)
	}
	return pdfDoc(t, func(p *gofpdf.Fpdf) {
		p.RegisterImageOptionsReader("scan", gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(pngb.Bytes()))
	}, func(p *gofpdf.Fpdf) {
		p.ImageOptions("scan", 10, 10, 100, 100, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	})
}

func TestPDFBounds(t *testing.T) {
	t.Run("page limit", func(t *testing.T) {
		e := testExtractor(t)
		e.MaxPDFPages = 2
		body := pdfDoc(t, nil, text("Page one."), text("Page two."), text("Page three: stem cells for autism, $9,000."))
		res := extractPDF(t, e, body)
		if res.Analysis != AnalysisTruncated || !strings.Contains(res.AnalysisNote, "read the first 2 of 3 pages (2-page limit)") {
			t.Errorf("analysis %q, note %q", res.Analysis, res.AnalysisNote)
		}
		if len(claimsOf(res, KindPrice)) != 0 {
			t.Error("a price from a page past the limit")
		}
	})
	t.Run("text limit", func(t *testing.T) {
		e := testExtractor(t)
		e.MaxText = 100
		long := strings.Repeat("Our clinic offers regenerative medicine. ", 10)
		res := extractPDF(t, e, pdfDoc(t, nil, text(long), text(long), text("Autism $9,000.")))
		if res.Analysis != AnalysisTruncated || !strings.Contains(res.AnalysisNote, "text limit reached on page 1 of 3") {
			t.Errorf("analysis %q, note %q", res.Analysis, res.AnalysisNote)
		}
	})
	t.Run("cyclic page tree", func(t *testing.T) {
		// Pages 2 is its own kid and the page's parent chain loops: the
		// walk is bounded, the inherited lookup too.
		body := rawPDF([]string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1000 /Parent 2 0 R >>",
			"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
			stream("BT /F1 12 Tf 72 700 Td (Autism treatment $9,000) Tj ET"),
		}, "/Size 5 /Root 1 0 R")
		res := extractPDF(t, testExtractor(t), body)
		if res.Analysis == "" {
			t.Fatal("no analysis")
		}
	})
	t.Run("time budget", func(t *testing.T) {
		e := testExtractor(t)
		e.Budget = time.Nanosecond
		res := extractPDF(t, e, pdfDoc(t, nil, text("Autism $9,000.")))
		if res.Analysis != AnalysisPDFMalformed || !strings.Contains(res.AnalysisNote, "time budget ran out") {
			t.Errorf("analysis %q, note %q", res.Analysis, res.AnalysisNote)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := testExtractor(t).ExtractContext(ctx, Input{URL: "x.pdf", Body: pdfDoc(t, nil, text("Autism."))})
		if err == nil || !strings.Contains(err.Error(), "canceled") {
			t.Errorf("err = %v, want canceled", err)
		}
	})
}

func TestIsPDF(t *testing.T) {
	for _, tc := range []struct {
		ct   string
		body string
		want bool
	}{
		{"application/pdf", "", true},
		{"application/x-pdf; name=a.pdf", "", true},
		{"", "%PDF-1.7\n", true},
		{"application/octet-stream", "\xef\xbb\xbf  %PDF-1.4", true},
		{"text/html", "<html><p>see our %PDF- brochure", true}, // the signature wins, as in readers
		{"text/html", "<html>", false},
		{"application/xml", "<?xml version='1.0'?><urlset/>", false},
	} {
		if got := IsPDF(tc.ct, []byte(tc.body)); got != tc.want {
			t.Errorf("IsPDF(%q, %q) = %v, want %v", tc.ct, tc.body, got, tc.want)
		}
	}
}

// pdfSeeds are the fuzz seed corpus: well-formed, damaged and hostile
// documents.
func pdfSeeds(t testing.TB) [][]byte {
	ok := pdfDoc(t, nil, text("Stem cells for autism: $9,000 per treatment."))
	return [][]byte{
		ok,
		ok[:len(ok)/2],
		pdfDoc(t, func(p *gofpdf.Fpdf) { p.SetProtection(0, "pw", "owner") }, text("Autism $9,000.")),
		pdfDoc(t, func(p *gofpdf.Fpdf) {
			p.AddUTF8FontFromBytes("go", "", goregular.TTF)
			p.SetFont("go", "", 12)
		}, text("Diabetes 4.500 €")),
		rawPDF([]string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
			stream("BT /F1 12 Tf 72 700 Td [(Autism)-300(treatment)] TJ T* (next) ' 1 0 0 1 9 9 Tm (x) Tj ET"),
			"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< /W [1 [500 600] 10 20 700] >>] >>",
		}, "/Size 6 /Root 1 0 R"),
		rawPDF([]string{"<< /Type /Catalog /Pages 1 0 R /Kids [1 0 R] >>"}, "/Size 2 /Root 1 0 R"),
		[]byte("%PDF-1.4\n%%EOF\n"),
	}
}

// TestPDFFuzzSeeds runs the fuzz target on its seeds in every test run.
func TestPDFFuzzSeeds(t *testing.T) {
	e := testExtractor(t)
	for i, b := range pdfSeeds(t) {
		start := time.Now()
		if _, err := e.Extract(Input{URL: "seed.pdf", Body: b}); err != nil {
			t.Errorf("seed %d: %v", i, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("seed %d took %v", i, d)
		}
	}
}

// FuzzPDF: no document crashes the reader or outlives its time budget.
// Run it with go test ./extract -run '^$' -fuzz FuzzPDF -fuzztime 30s;
// TestFuzzPDFBounded runs it briefly in every test run.
func FuzzPDF(f *testing.F) {
	for _, b := range pdfSeeds(f) {
		f.Add(b)
	}
	e := testExtractor(f)
	e.Entities = false
	e.Budget = 2 * time.Second
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		res, err := e.Extract(Input{URL: "fuzz.pdf", ContentType: "application/pdf", Body: b})
		if err != nil {
			t.Fatalf("Extract: %v", err) // only a canceled context is an error
		}
		if res.Analysis == "" {
			t.Fatal("no analysis recorded")
		}
		if d := time.Since(start); d > 3*e.Budget {
			t.Fatalf("took %v, budget %v", d, e.Budget)
		}
	})
}

// TestPDFMutations is a bounded fuzz run inside the normal test suite:
// for about a second, documents made from the seeds by flipping, cutting,
// repeating and splicing bytes (a fixed random source, so a failure
// repeats) must each be classified without a crash, within the budget.
func TestPDFMutations(t *testing.T) {
	seeds := pdfSeeds(t)
	e := testExtractor(t)
	e.Entities = false
	e.Budget = time.Second
	rng := rand.New(rand.NewPCG(13, 1))
	deadline := time.Now().Add(time.Second)
	n := 0
	for ; time.Now().Before(deadline) || n < 20; n++ {
		b := append([]byte(nil), seeds[rng.IntN(len(seeds))]...)
		for range 1 + rng.IntN(4) {
			if len(b) < 2 {
				break
			}
			i := rng.IntN(len(b))
			switch rng.IntN(4) {
			case 0:
				b[i] ^= byte(1 << rng.IntN(8))
			case 1:
				b = b[:i]
			case 2:
				j := i + rng.IntN(min(64, len(b)-i))
				b = append(b[:j:j], b[i:]...)
			default:
				o := seeds[rng.IntN(len(seeds))]
				k := rng.IntN(len(o))
				b = append(b[:i:i], o[k:]...)
			}
		}
		start := time.Now()
		res, err := e.Extract(Input{URL: "m.pdf", ContentType: "application/pdf", Body: b})
		if err != nil || res.Analysis == "" {
			t.Fatalf("mutation %d: analysis %q, err %v", n, res.Analysis, err)
		}
		if d := time.Since(start); d > 3*e.Budget {
			t.Fatalf("mutation %d took %v", n, d)
		}
	}
	t.Logf("%d mutated documents", n)
}

func TestPDFCyclicTreeIsRead(t *testing.T) {
	body := rawPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1000 /Parent 2 0 R >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		stream("BT /F1 12 Tf 72 700 Td (Stem cells for autism: $9,000 per treatment.) Tj ET"),
	}, "/Size 5 /Root 1 0 R")
	res := extractPDF(t, testExtractor(t), body)
	if p := claimsOf(res, KindPrice); len(p) == 0 || p[0].PDFPage != 1 || res.AnalysisNote != "PDF, 1 page" {
		t.Errorf("analysis %q, note %q, prices %+v; want the page read once the loop is cut", res.Analysis, res.AnalysisNote, p)
	}
}
