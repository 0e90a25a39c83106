package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/clinicaudit/clinicaudit/assess"
)

// Page geometry, in millimetres (A4 portrait).
const (
	pageW      = 210.0
	pageH      = 297.0
	marginL    = 18.0
	marginR    = 18.0
	marginT    = 18.0
	contentW   = pageW - marginL - marginR
	bottomEdge = pageH - 18.0 // content never goes below this
	footerY    = pageH - 12.0
	family     = "go"
	nbAlias    = "{nb}"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

// Colours. Severity colours are used only for small marks next to the
// severity word; everything that carries meaning is also written in words.
var (
	black     = rgb{0, 0, 0}
	textGrey  = rgb{90, 90, 90}
	lineGrey  = rgb{200, 200, 200}
	fillGrey  = rgb{236, 236, 236}
	linkBlue  = rgb{20, 60, 150}
	quoteBar  = rgb{150, 150, 150}
	sevColour = map[assess.Severity]rgb{
		assess.High:   {176, 32, 32},
		assess.Medium: {214, 120, 0},
		assess.Low:    {60, 110, 180},
		assess.Info:   {130, 130, 130},
		assess.None:   {200, 200, 200},
	}
)

// doc wraps one gofpdf document with the report's layout helpers. Page
// breaks are placed by the helpers (need), never by gofpdf, so tables can
// repeat their header and no text is split mid-line.
type doc struct {
	pdf *gofpdf.Fpdf
	// onBreak, when set, runs after need starts a new page (a table uses it
	// to repeat its header row).
	onBreak func()
}

// newDoc starts an A4 document with the Go fonts embedded and the settings
// that make its bytes depend only on its content: sorted catalogue, fixed
// creation and modification dates, fixed producer.
func newDoc(scan Scan, title, header, footer string) *doc {
	pdf := gofpdf.New("P", "mm", "A4", "")
	d := &doc{pdf: pdf}
	pdf.SetCatalogSort(true)
	t := scanTime(scan)
	pdf.SetCreationDate(t)
	pdf.SetModificationDate(t)
	producer := "clinicaudit"
	if scan.Version != "" {
		producer += " " + clip(scan.Version, 40)
	}
	pdf.SetProducer(producer, true)
	pdf.SetCreator(producer, true)
	pdf.SetTitle(clip(title, maxShort), true)
	pdf.AliasNbPages(nbAlias)
	// Each document gets its own copy of the font bytes: gofpdf v1.16.2
	// writes into the slice while subsetting, which races when documents
	// are built concurrently from the shared package-level slices.
	pdf.AddUTF8FontFromBytes(family, "", append([]byte(nil), goregular.TTF...))
	pdf.AddUTF8FontFromBytes(family, "B", append([]byte(nil), gobold.TTF...))
	pdf.AddUTF8FontFromBytes(family, "I", append([]byte(nil), goitalic.TTF...))
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	header, footer = clip(header, 120), clip(footer, 120)
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() > 1 && header != "" {
			d.font("", 7.5, textGrey)
			pdf.SetXY(marginL, 9)
			pdf.CellFormat(contentW, 4, d.fit(header, contentW), "", 0, "L", false, 0, "")
			d.hline(marginL, pageW-marginR, 13.5, lineGrey, 0.2)
		}
		pdf.SetXY(marginL, marginT)
	})
	pdf.SetFooterFunc(func() {
		d.hline(marginL, pageW-marginR, footerY-2, lineGrey, 0.2)
		d.font("", 7.5, textGrey)
		num := "Page " + strconv.Itoa(pdf.PageNo()) + " of " + nbAlias
		numW := pdf.GetStringWidth("Page 9999 of 9999")
		pdf.SetXY(marginL, footerY)
		pdf.CellFormat(contentW-numW-4, 4, d.fit(footer, contentW-numW-4), "", 0, "L", false, 0, "")
		pdf.SetXY(pageW-marginR-numW, footerY)
		pdf.CellFormat(numW, 4, num, "", 0, "R", false, 0, "")
	})
	return d
}

// output writes the finished document, or the first error gofpdf recorded.
func (d *doc) output(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return err
	}
	return d.pdf.Output(w)
}

// render runs draw and writes the document to w. A panic inside gofpdf
// (which text sanitising is there to prevent) becomes an error, so one
// site's text cannot bring down a whole batch.
func (d *doc) render(w io.Writer, draw func()) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("pdf rendering failed: %v", v)
		}
	}()
	draw()
	return d.output(w)
}

// font selects a style ("", "B", "I"), size in points and text colour.
func (d *doc) font(style string, size float64, c rgb) {
	d.pdf.SetFont(family, style, size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

// y returns the current vertical position.
func (d *doc) y() float64 { return d.pdf.GetY() }

// need starts a new page unless h millimetres fit above the bottom edge.
// It reports whether it broke the page.
func (d *doc) need(h float64) bool {
	if d.pdf.GetY()+h <= bottomEdge {
		return false
	}
	d.pdf.AddPage()
	if d.onBreak != nil {
		d.onBreak()
	}
	return true
}

// space moves down by h, or to the top of a new page when h does not fit.
func (d *doc) space(h float64) {
	if d.pdf.GetY()+h > bottomEdge {
		d.need(h)
		return
	}
	d.pdf.SetY(d.pdf.GetY() + h)
}

// hline draws a horizontal rule.
func (d *doc) hline(x1, x2, y float64, c rgb, w float64) {
	d.pdf.SetDrawColor(c.r, c.g, c.b)
	d.pdf.SetLineWidth(w)
	d.pdf.Line(x1, y, x2, y)
}

// fit shortens clean text with "…" until it fits width w in the current font.
func (d *doc) fit(s string, w float64) string {
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// text writes clean text wrapped to width w starting at x, one line of
// height lh at a time, breaking the page between lines when needed. When
// link is a valid target every line is clickable. It returns the number of
// lines written.
func (d *doc) text(x, w, lh float64, s, link string) int {
	lines := wrap(d.pdf, clean(s), w) // clean again: cheap, and no caller can forget
	for _, l := range lines {
		d.need(lh)
		d.pdf.SetXY(x, d.pdf.GetY())
		d.pdf.CellFormat(w, lh, l, "", 2, "L", false, 0, "")
		if link != "" {
			lw := d.pdf.GetStringWidth(l)
			d.pdf.LinkString(x, d.pdf.GetY()-lh, lw, lh, link)
		}
	}
	return len(lines)
}

// para writes a paragraph across the content width.
func (d *doc) para(style string, size float64, c rgb, s string) {
	d.font(style, size, c)
	d.text(marginL, contentW, lineHeight(size), clean(s), "")
}

// lineHeight is the line pitch for a font size in points.
func lineHeight(size float64) float64 { return size * 0.45 }

// heading writes a section heading and, when bookmark is set, an outline
// entry at level 0 pointing at it. keep is the height of what must follow
// the heading on the same page (its first table rows, say), so a heading is
// never left alone at the bottom of a page.
func (d *doc) heading(s string, bookmark bool, keep float64) {
	d.need(12 + keep)
	if bookmark {
		d.pdf.Bookmark(clip(s, maxShort), 0, -1)
	}
	d.font("B", 13, black)
	d.text(marginL, contentW, 6.5, clip(s, maxShort), "")
	d.hline(marginL, pageW-marginR, d.y()+0.5, black, 0.3)
	d.space(3)
}

// subheading writes a small bold heading.
func (d *doc) subheading(s string) {
	d.need(12)
	d.font("B", 9.5, black)
	d.text(marginL, contentW, 5, clip(s, maxShort), "")
	d.space(0.5)
}

// field writes "label   value" with the label in a fixed-width column and
// the value wrapped beside it. link, when valid, makes the value clickable.
func (d *doc) field(label, value, link string) {
	const labelW, size = 42.0, 9.0
	lh := lineHeight(size)
	d.font("", size, black)
	lines := wrap(d.pdf, clean(value), contentW-labelW)
	d.need(lh * float64(min(len(lines), 3)))
	y := d.y()
	d.font("B", size, textGrey)
	d.pdf.SetXY(marginL, y)
	d.pdf.CellFormat(labelW-2, lh, d.fit(clip(label, maxShort), labelW-2), "", 0, "L", false, 0, "")
	d.pdf.SetXY(marginL+labelW, y)
	c := black
	if link != "" {
		c = linkBlue
	}
	d.font("", size, c)
	d.text(marginL+labelW, contentW-labelW, lh, clean(value), link)
	d.space(0.8)
}

// badge draws a small severity square followed by the severity word at
// (x, y) for a line of height lh, and returns the width used.
func (d *doc) badge(x, y, lh float64, s assess.Severity, size float64) float64 {
	c, ok := sevColour[s]
	if !ok {
		c = sevColour[assess.None]
	}
	sq := size * 0.3
	d.pdf.SetFillColor(c.r, c.g, c.b)
	d.pdf.Rect(x, y+(lh-sq)/2, sq, sq, "F")
	d.font("B", size, black)
	word := severityWord(s)
	d.pdf.SetXY(x+sq+1.2, y)
	d.pdf.CellFormat(d.pdf.GetStringWidth(word), lh, word, "", 0, "L", false, 0, "")
	return sq + 1.2 + d.pdf.GetStringWidth(word)
}

// severityLine writes "Findings by severity: ■ High 3 ■ Medium 1 ■ Low 0
// ■ Info 0", plus "and N without a flag" when there are such findings.
func (d *doc) severityLine(x float64, counts map[assess.Severity]int) {
	const size, lh = 9.0, 5.0
	p := d.pdf
	d.need(lh + 1)
	y := d.y()
	d.font("", size, textGrey)
	label := "Findings by severity:"
	p.SetXY(x, y)
	p.CellFormat(p.GetStringWidth(label), lh, label, "", 0, "L", false, 0, "")
	x += p.GetStringWidth(label) + 4
	for _, sev := range severities[:4] {
		x += d.badge(x, y, lh, sev, size)
		d.font("", size, black)
		n := " " + strconv.Itoa(counts[sev])
		p.SetXY(x, y)
		p.CellFormat(p.GetStringWidth(n), lh, n, "", 0, "L", false, 0, "")
		x += p.GetStringWidth(n) + 7
	}
	if n := counts[assess.None]; n > 0 {
		d.font("", size, textGrey)
		s := "and " + strconv.Itoa(n) + " without a flag"
		p.SetXY(x-3, y)
		p.CellFormat(p.GetStringWidth(s), lh, s, "", 0, "L", false, 0, "")
	}
	p.SetY(y + lh + 1)
}

// column of a table.
type column struct {
	title string
	w     float64
	align string // "L" or "R"
}

// cell of a table: paragraphs of clean text, each wrapped on its own, an
// optional severity mark before the first paragraph, and an optional link.
type cell struct {
	paras    []string
	style    string
	severity assess.Severity // set to draw a severity badge instead of paras
	internal int             // internal link id, 0 for none
	url      string          // external or relative link target, "" for none
}

// Table layout.
const (
	tableSize     = 8.0 // points
	tablePad      = 1.4 // mm inside each cell
	tableMaxLines = 14  // a cell longer than this is shortened with "…"
)

// table draws a table that fills the content width. Cells wrap (no
// clipping); the header row is repeated after every page break and is
// never left alone at the bottom of a page.
func (d *doc) table(cols []column, rows [][]cell) {
	lh := lineHeight(tableSize)
	d.font("B", tableSize, black)
	headerLines := make([][]string, len(cols))
	headerH := 0.0
	for i, c := range cols {
		headerLines[i] = wrap(d.pdf, c.title, c.w-2*tablePad)
		headerH = max(headerH, float64(len(headerLines[i]))*lh+2*tablePad)
	}
	drawHeader := func() {
		y := d.y()
		d.pdf.SetFillColor(fillGrey.r, fillGrey.g, fillGrey.b)
		d.pdf.Rect(marginL, y, contentW, headerH, "F")
		d.font("B", tableSize, black)
		x := marginL
		for i, c := range cols {
			for j, l := range headerLines[i] {
				d.pdf.SetXY(x+tablePad, y+tablePad+float64(j)*lh)
				d.pdf.CellFormat(c.w-2*tablePad, lh, l, "", 0, c.align, false, 0, "")
			}
			x += c.w
		}
		d.pdf.SetY(y + headerH)
		d.hline(marginL, pageW-marginR, y+headerH, black, 0.3)
	}

	// Lay out every row first, to know its height.
	laid := make([][][]string, len(rows))
	heights := make([]float64, len(rows))
	for r, row := range rows {
		laid[r] = make([][]string, len(cols))
		n := 1
		for i, c := range cols {
			if i >= len(row) {
				break
			}
			d.font(row[i].style, tableSize, black)
			var lines []string
			for _, p := range row[i].paras {
				lines = append(lines, wrap(d.pdf, clean(p), c.w-2*tablePad)...)
			}
			if len(lines) > tableMaxLines {
				lines = lines[:tableMaxLines]
				lines[tableMaxLines-1] = d.fit(lines[tableMaxLines-1]+" …", c.w-2*tablePad)
			}
			laid[r][i] = lines
			n = max(n, len(lines))
		}
		heights[r] = float64(n)*lh + 2*tablePad
	}

	first := 0.0
	if len(rows) > 0 {
		first = heights[0]
	}
	d.need(headerH + first)
	drawHeader()
	prev := d.onBreak
	d.onBreak = func() {
		if prev != nil {
			prev()
		}
		drawHeader()
	}
	defer func() { d.onBreak = prev }()

	for r, row := range rows {
		h := heights[r]
		d.need(h)
		y := d.y()
		x := marginL
		for i, c := range cols {
			if i >= len(row) {
				break
			}
			cl := row[i]
			if cl.severity != "" {
				d.badge(x+tablePad, y+tablePad, lh, cl.severity, tableSize)
			}
			colour := black
			if cl.url != "" || cl.internal != 0 {
				colour = linkBlue
			}
			d.font(cl.style, tableSize, colour)
			for j, l := range laid[r][i] {
				ly := y + tablePad + float64(j)*lh
				tw := d.pdf.GetStringWidth(l)
				lx := x + tablePad
				if c.align == "R" {
					lx = x + c.w - tablePad - tw
				}
				d.pdf.SetXY(lx, ly)
				d.pdf.CellFormat(tw, lh, l, "", 0, "L", false, 0, "")
				if cl.url != "" {
					d.pdf.LinkString(lx, ly, tw, lh, cl.url)
				}
				if cl.internal != 0 {
					d.pdf.Link(lx, ly, tw, lh, cl.internal)
				}
			}
			x += c.w
		}
		d.pdf.SetY(y + h)
		d.hline(marginL, pageW-marginR, y+h, lineGrey, 0.2)
	}
}
