package extract

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// This file reads the text layer of a PDF with github.com/ledongthuc/pdf
// (objects, streams, filters, font encodings) and lays the shown strings
// out as lines, rows and paragraphs itself. The library is used through a
// guard: every read of the file it makes goes through pdfGuard.ReadAt,
// which stops it (by panicking with a *pdfStop, recovered here) when the
// document's time or read budget is spent or the context is done, so a
// cyclic page tree or a stream that never ends cannot stall a scan. The
// page tree is walked here, not by the library, with bounded depth and
// node count; content streams are measured (decompressed into a counter)
// before they are interpreted, so a compression bomb is skipped, not
// expanded.

// pdfStop is why the guard stopped the reader.
type pdfStop struct{ why string }

func (s *pdfStop) Error() string { return s.why }

// pdfGuard is the io.ReaderAt the PDF reader reads the document through.
type pdfGuard struct {
	ctx      context.Context
	b        []byte
	deadline time.Time
	budget   int64 // bytes that may be read in all (objects are re-read on every use)
	read     int64
	stop     *pdfStop
}

func (g *pdfGuard) ReadAt(p []byte, off int64) (int, error) {
	g.read += int64(len(p))
	switch {
	case g.stop != nil:
	case g.ctx.Err() != nil:
		g.stop = &pdfStop{"canceled"}
	case g.read > g.budget:
		g.stop = &pdfStop{fmt.Sprintf("read budget of %s bytes spent", thousands(int(g.budget)))}
	case !g.deadline.IsZero() && time.Now().After(g.deadline):
		g.stop = &pdfStop{"time budget ran out"}
	}
	if g.stop != nil {
		panic(g.stop)
	}
	if off < 0 || off >= int64(len(g.b)) {
		return 0, io.EOF
	}
	n := copy(p, g.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Bounds on one PDF besides the Extractor's text, claim and time bounds.
const (
	maxPDFTreeDepth  = 32      // nesting of the page tree
	maxPDFContent    = 4 << 20 // decompressed bytes of one page's content streams
	maxPDFCmap       = 1 << 20 // decompressed bytes of one ToUnicode CMap
	maxPDFOps        = 1 << 20 // content-stream operators interpreted per page
	maxPDFWidths     = 1 << 16 // glyph widths read per font
	pdfReadPerByte   = 64      // read budget: this many times the file size...
	pdfReadBaseBytes = 64 << 20
)

// pdfPageText is what one page of a PDF holds.
type pdfPageText struct {
	lines  []pdfLine
	images int // image XObjects on the page (a scanned page has images and no text)
	err    string
}

// pdfLine is text on one baseline: one cell, or several when the gaps
// between runs are wide (a table row, tab stops).
type pdfLine struct {
	cells []string
	x, y  float64
	size  float64
}

// run is one shown string, placed.
type run struct {
	x, y, endX, size float64
	text             string
}

// pdfPages lists the page objects of the document in order, walking the
// page tree with bounded depth and at most max pages. A page met twice (a
// tree that loops) is listed once. total is the page count: the one the
// tree declares when the walk stopped at max pages, else the pages found.
func pdfPages(r *pdf.Reader, max int) (pages []pdf.Page, total int) {
	root := r.Trailer().Key("Root").Key("Pages")
	seen := map[string]bool{} // a page dictionary as written, references unresolved
	visits := 0
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		if depth > maxPDFTreeDepth || len(pages) >= max || visits > 4*max+64 {
			return
		}
		visits++
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
			if k := v.String(); v.Kind() == pdf.Dict && !seen[k] {
				seen[k] = true
				pages = append(pages, pdf.Page{V: v})
			}
			return
		}
		for i := 0; i < kids.Len() && len(pages) < max; i++ {
			walk(kids.Index(i), depth+1)
		}
	}
	walk(root, 0)
	total = len(pages)
	if declared := int(root.Key("Count").Int64()); len(pages) == max && declared > total {
		total = declared
	}
	return pages, total
}

// inherited looks a page attribute up the page tree (Resources, MediaBox),
// at most maxPDFTreeDepth levels.
func inherited(v pdf.Value, key string) pdf.Value {
	for i := 0; i < maxPDFTreeDepth && !v.IsNull(); i++ {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// measure decompresses a stream (or an array of streams) into a counter
// and reports whether it stays within max bytes.
func measure(v pdf.Value, max int64) (int64, bool) {
	var n int64
	add := func(s pdf.Value) bool {
		rc := s.Reader()
		defer rc.Close()
		m, _ := io.Copy(io.Discard, io.LimitReader(rc, max-n+1))
		n += m
		return n <= max
	}
	if v.Kind() == pdf.Array {
		for i := 0; i < v.Len(); i++ {
			if !add(v.Index(i)) {
				return n, false
			}
		}
		return n, true
	}
	return n, add(v)
}

// pdfFont is a font as the text walker needs it: how to cut a string into
// codes, what text and what width each code has.
type pdfFont struct {
	codeLen int // 1 for simple fonts, 2 for composite (Type0) fonts
	cmap    *toUnicode
	enc     pdf.TextEncoding
	first   int
	widths  []float64       // simple fonts: from FirstChar
	cw      map[int]float64 // composite fonts: the W array
	dw      float64         // composite fonts: default width
}

func newPDFFont(v pdf.Value) *pdfFont {
	f := &pdfFont{codeLen: 1, dw: 1000}
	if v.Key("Subtype").Name() == "Type0" {
		f.codeLen = 2
		if d := v.Key("DescendantFonts").Index(0); !d.IsNull() {
			if x := d.Key("DW"); x.Kind() == pdf.Integer || x.Kind() == pdf.Real {
				f.dw = x.Float64()
			}
			f.cw = cidWidths(d.Key("W"))
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if _, ok := measure(tu, maxPDFCmap); ok {
			f.cmap = readToUnicode(tu, v)
		}
	}
	if f.cmap == nil {
		if f.codeLen == 2 {
			f.enc = nil // a composite font without ToUnicode: glyph ids, no text
		} else {
			font := pdf.Font{V: v}
			f.enc = font.Encoder()
		}
	}
	if f.codeLen == 1 {
		f.first = int(v.Key("FirstChar").Int64())
		w := v.Key("Widths")
		for i := 0; i < w.Len() && i < 256; i++ {
			f.widths = append(f.widths, w.Index(i).Float64())
		}
	}
	return f
}

// cidWidths reads a composite font's W array: "c [w1 w2 ...]" and
// "cfirst clast w" entries.
func cidWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	for i := 0; i < w.Len() && len(out) < maxPDFWidths; {
		c := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(out) < maxPDFWidths; j++ {
				out[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		last, width := int(next.Int64()), w.Index(i+2).Float64()
		for k := c; k <= last && len(out) < maxPDFWidths; k++ {
			out[k] = width
		}
		i += 3
	}
	return out
}

// width is a code's advance in thousandths of an em; 0 when unknown.
func (f *pdfFont) width(code int) float64 {
	if f.codeLen == 2 {
		if w, ok := f.cw[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	return 0
}

// decode returns the text of one code.
func (f *pdfFont) decode(raw string) string {
	switch {
	case f.cmap != nil:
		return f.cmap.decode(raw)
	case f.enc != nil:
		return f.enc.Decode(raw)
	}
	return ""
}

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// textState is the graphics and text state the walker tracks.
type textState struct {
	ctm, tm, tlm            matrix
	tfs, th, tc, tw, tl, ts float64
	font                    *pdfFont
}

// pageText interprets one page's content streams and returns its lines.
// maxText bounds the text kept from the page (0: no bound).
func pageText(pg pdf.Page, maxText int) pdfPageText {
	var out pdfPageText
	res := inherited(pg.V, "Resources")
	if xo := res.Key("XObject"); xo.Kind() == pdf.Dict {
		for _, k := range xo.Keys() {
			if xo.Key(k).Key("Subtype").Name() == "Image" {
				out.images++
			}
		}
	}
	contents := pg.V.Key("Contents")
	if contents.IsNull() {
		return out
	}
	if n, ok := measure(contents, maxPDFContent); !ok {
		out.err = fmt.Sprintf("content larger than %s bytes (at least %s); skipped", thousands(maxPDFContent), thousands(int(n)))
		return out
	}
	fontDict := res.Key("Font")
	fonts := map[string]*pdfFont{}
	g := textState{ctm: identity, tm: identity, tlm: identity, th: 1}
	var stack []textState
	var runs []run
	textBytes, ops := 0, 0
	show := func(raw string) {
		f := g.font
		if f == nil {
			f = &pdfFont{codeLen: 1}
		}
		trm := matrix{g.tfs * g.th, 0, 0, g.tfs, 0, g.ts}.mul(g.tm).mul(g.ctm)
		size := math.Hypot(trm[2], trm[3])
		r := run{x: trm[4], y: trm[5], size: size}
		var sb strings.Builder
		for i := 0; i+f.codeLen <= len(raw); i += f.codeLen {
			code := raw[i : i+f.codeLen]
			c := int(code[0])
			if f.codeLen == 2 {
				c = c<<8 | int(code[1])
			}
			w := f.width(c)
			if w == 0 {
				w = 500 // unknown width: half an em
			}
			sb.WriteString(f.decode(code))
			tx := w/1000*g.tfs + g.tc
			if f.codeLen == 1 && c == ' ' {
				tx += g.tw
			}
			g.tm = matrix{1, 0, 0, 1, tx * g.th, 0}.mul(g.tm)
		}
		end := matrix{g.tfs * g.th, 0, 0, g.tfs, 0, g.ts}.mul(g.tm).mul(g.ctm)
		r.endX = end[4]
		r.text = sb.String()
		if r.text != "" && (maxText <= 0 || textBytes < maxText) {
			textBytes += len(r.text)
			runs = append(runs, r)
		}
	}
	nums := func(args []pdf.Value, n int) ([]float64, bool) {
		if len(args) < n {
			return nil, false
		}
		out := make([]float64, n)
		for i := range n {
			out[i] = args[len(args)-n+i].Float64()
		}
		return out, true
	}
	for _, strm := range streams(contents) {
		pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
			if ops++; ops > maxPDFOps {
				panic(&pdfStop{fmt.Sprintf("more than %s operators on a page", thousands(maxPDFOps))})
			}
			args := make([]pdf.Value, stk.Len())
			for i := len(args) - 1; i >= 0; i-- {
				args[i] = stk.Pop()
			}
			switch op {
			case "q":
				if len(stack) < 64 {
					stack = append(stack, g)
				}
			case "Q":
				if n := len(stack); n > 0 {
					g, stack = stack[n-1], stack[:n-1]
				}
			case "cm":
				if a, ok := nums(args, 6); ok {
					g.ctm = matrix{a[0], a[1], a[2], a[3], a[4], a[5]}.mul(g.ctm)
				}
			case "BT":
				g.tm, g.tlm = identity, identity
			case "Tc":
				if a, ok := nums(args, 1); ok {
					g.tc = a[0]
				}
			case "Tw":
				if a, ok := nums(args, 1); ok {
					g.tw = a[0]
				}
			case "Tz":
				if a, ok := nums(args, 1); ok {
					g.th = a[0] / 100
				}
			case "TL":
				if a, ok := nums(args, 1); ok {
					g.tl = a[0]
				}
			case "Ts":
				if a, ok := nums(args, 1); ok {
					g.ts = a[0]
				}
			case "Tf":
				if len(args) >= 2 {
					name := args[len(args)-2].Name()
					f, ok := fonts[name]
					if !ok && len(fonts) < 256 {
						f = newPDFFont(fontDict.Key(name))
						fonts[name] = f
					}
					g.font, g.tfs = f, args[len(args)-1].Float64()
				}
			case "Td", "TD":
				if a, ok := nums(args, 2); ok {
					if op == "TD" {
						g.tl = -a[1]
					}
					g.tlm = matrix{1, 0, 0, 1, a[0], a[1]}.mul(g.tlm)
					g.tm = g.tlm
				}
			case "Tm":
				if a, ok := nums(args, 6); ok {
					g.tlm = matrix{a[0], a[1], a[2], a[3], a[4], a[5]}
					g.tm = g.tlm
				}
			case "T*":
				g.tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(g.tlm)
				g.tm = g.tlm
			case "Tj", "'", "\"":
				if op != "Tj" {
					g.tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(g.tlm)
					g.tm = g.tlm
					if op == "\"" {
						if a, ok := nums(args[:max(0, len(args)-1)], 2); ok {
							g.tw, g.tc = a[0], a[1]
						}
					}
				}
				if len(args) > 0 {
					show(args[len(args)-1].RawString())
				}
			case "TJ":
				if len(args) == 0 {
					return
				}
				a := args[len(args)-1]
				for i := 0; i < a.Len(); i++ {
					x := a.Index(i)
					if x.Kind() == pdf.String {
						show(x.RawString())
					} else {
						g.tm = matrix{1, 0, 0, 1, -x.Float64() / 1000 * g.tfs * g.th, 0}.mul(g.tm)
					}
				}
			}
		})
	}
	out.lines = layoutLines(runs)
	return out
}

// streams returns a page's content streams.
func streams(v pdf.Value) []pdf.Value {
	if v.Kind() != pdf.Array {
		return []pdf.Value{v}
	}
	var out []pdf.Value
	for i := 0; i < v.Len(); i++ {
		out = append(out, v.Index(i))
	}
	return out
}

// layoutLines joins runs into lines in the order the page draws them (so
// columns written one after the other stay apart): a run continues the
// line when it sits on the same baseline to the right of the last one; a
// gap wider than a space adds one, a gap wider than cellGap ems starts a
// new cell.
func layoutLines(runs []run) []pdfLine {
	const cellGap = 2.5
	var lines []pdfLine
	var cur *pdfLine
	var lastEnd float64
	var sb strings.Builder
	flushCell := func() {
		if cur != nil {
			if t := cleanSpace(sb.String()); t != "" {
				cur.cells = append(cur.cells, t)
			}
		}
		sb.Reset()
	}
	for _, r := range runs {
		size := r.size
		if size <= 0 {
			size = 10
		}
		if strings.TrimSpace(r.text) == "" {
			if cur != nil {
				sb.WriteByte(' ')
				lastEnd = r.endX
			}
			continue
		}
		same := cur != nil && math.Abs(r.y-cur.y) <= 0.4*size && r.x >= lastEnd-0.5*size
		if same {
			gap := r.x - lastEnd
			switch {
			case gap > cellGap*size:
				flushCell()
			case gap > 0.2*size:
				sb.WriteByte(' ')
			}
		} else {
			flushCell()
			if cur != nil && len(cur.cells) > 0 {
				lines = append(lines, *cur)
			}
			cur = &pdfLine{x: r.x, y: r.y, size: size}
		}
		sb.WriteString(r.text)
		lastEnd = r.endX
	}
	flushCell()
	if cur != nil && len(cur.cells) > 0 {
		lines = append(lines, *cur)
	}
	return lines
}

// pdfUnits turns a page's lines into units: rows for lines of several
// cells, headings for short lines in a larger type than the page's body
// text, list items for lines that start with a bullet, and paragraphs of
// the lines that follow each other at the body's line spacing.
func pdfUnits(lines []pdfLine, page int, heading *string) []Unit {
	body := bodySize(lines)
	var units []Unit
	var cur *Unit
	var prev pdfLine
	flush := func() {
		if cur != nil {
			cur.Text = cleanSpace(cur.Text)
			if cur.Text != "" {
				units = append(units, *cur)
			}
			cur = nil
		}
	}
	for _, l := range lines {
		text := strings.Join(l.cells, " ")
		kind := UnitParagraph
		switch {
		case len(l.cells) > 1:
			kind, text = UnitRow, strings.Join(l.cells, " | ")
		case body > 0 && l.size >= 1.2*body && utf8.RuneCountInString(text) < 200:
			kind = UnitHeading
		default:
			if t, ok := cutBullet(text); ok {
				kind, text = UnitItem, t
			}
		}
		follows := cur != nil && math.Abs(l.size-prev.size) <= 0.15*l.size &&
			prev.y-l.y > 0 && prev.y-l.y <= 1.9*l.size
		switch {
		case follows && kind == UnitParagraph && (cur.Kind == UnitParagraph || cur.Kind == UnitItem),
			follows && kind == UnitHeading && cur.Kind == UnitHeading:
			cur.Text = joinLines(cur.Text, text)
		default:
			flush()
			if kind == UnitHeading {
				*heading = text
			}
			cur = &Unit{Kind: kind, Text: text, Heading: *heading, Page: page}
			if kind == UnitHeading {
				cur.Heading = ""
			}
		}
		if kind == UnitHeading && cur.Kind == UnitHeading {
			*heading = cleanSpace(cur.Text)
		}
		if kind == UnitRow {
			flush()
		}
		prev = l
	}
	flush()
	return units
}

// bodySize is the type size most of a page's text is set in.
func bodySize(lines []pdfLine) float64 {
	chars := map[float64]int{}
	best, bestN := 0.0, 0
	for _, l := range lines {
		s := math.Round(l.size*2) / 2
		for _, c := range l.cells {
			chars[s] += len(c)
		}
		if chars[s] > bestN {
			best, bestN = s, chars[s]
		}
	}
	return best
}

// cutBullet strips a list bullet from the start of a line.
func cutBullet(s string) (string, bool) {
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case '•', '◦', '▪', '‣', '●', '○', '■', '□', '–', '-', '*', '·', '\uf0b7', '➢', '✓', '✔':
		if rest := strings.TrimSpace(s[n:]); rest != "" && n < len(s) && unicode.IsSpace(rune(s[n])) {
			return rest, true
		}
	}
	return s, false
}

// joinLines joins a line to the text above it, undoing end-of-line
// hyphenation ("treat-" + "ment").
func joinLines(a, b string) string {
	if strings.HasSuffix(a, "-") && len(a) > 1 {
		r, _ := utf8.DecodeLastRuneInString(a[:len(a)-1])
		n, _ := utf8.DecodeRuneInString(b)
		if unicode.IsLetter(r) && unicode.IsLower(n) {
			return a[:len(a)-1] + b
		}
	}
	return a + " " + b
}

// toUnicode is a ToUnicode CMap: code ranges to text.
type toUnicode struct {
	space  [4][][2]string // codespace ranges by code length
	chars  map[string]string
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi string
	dst    string   // first destination (UTF-16BE), incremented along the range
	arr    []string // or one destination per code
}

// readToUnicode parses a ToUnicode CMap stream. scratch is a dictionary
// value handed to the CMap's "findresource ... begin" (the PDF reader
// wants a dictionary there, and one cannot be made outside its package);
// the CMap's own definitions go to the "dict begin" it opens next.
func readToUnicode(v, scratch pdf.Value) *toUnicode {
	m := &toUnicode{chars: map[string]string{}}
	pdf.Interpret(v, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "findresource":
			stk.Push(scratch)
		case "endcodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				lo, hi := args[i].RawString(), args[i+1].RawString()
				if n := len(lo); n >= 1 && n <= 4 && len(hi) == n {
					m.space[n-1] = append(m.space[n-1], [2]string{lo, hi})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(args) && len(m.chars) < maxPDFWidths; i += 2 {
				m.chars[args[i].RawString()] = args[i+1].RawString()
			}
		case "endbfrange":
			for i := 0; i+2 < len(args) && len(m.ranges) < maxPDFWidths; i += 3 {
				r := cmapRange{lo: args[i].RawString(), hi: args[i+1].RawString()}
				if d := args[i+2]; d.Kind() == pdf.Array {
					for j := 0; j < d.Len() && j < 256; j++ {
						r.arr = append(r.arr, d.Index(j).RawString())
					}
				} else {
					r.dst = d.RawString()
				}
				if len(r.lo) == len(r.hi) && len(r.lo) > 0 {
					m.ranges = append(m.ranges, r)
				}
			}
		}
	})
	return m
}

// decode returns the text of a string of codes.
func (m *toUnicode) decode(raw string) string {
	var sb strings.Builder
	for len(raw) > 0 {
		n := m.codeLen(raw)
		code := raw[:n]
		raw = raw[n:]
		if s, ok := m.chars[code]; ok {
			sb.WriteString(utf16Text(s))
			continue
		}
		for _, r := range m.ranges {
			if len(r.lo) != n || code < r.lo || code > r.hi {
				continue
			}
			off := codeValue(code) - codeValue(r.lo)
			if r.arr != nil {
				if off < len(r.arr) {
					sb.WriteString(utf16Text(r.arr[off]))
				}
				break
			}
			b := []byte(r.dst)
			// Add off to the destination as a big-endian number (the last
			// two bytes: one UTF-16 unit).
			if len(b) >= 2 {
				v := int(b[len(b)-2])<<8 | int(b[len(b)-1]) + off
				b[len(b)-2], b[len(b)-1] = byte(v>>8), byte(v)
			} else if len(b) == 1 {
				b[0] += byte(off)
			}
			sb.WriteString(utf16Text(string(b)))
			break
		}
	}
	return sb.String()
}

// codeLen is the length of the code at the start of raw, by the codespace
// ranges (two bytes when there are none, as for Identity-H).
func (m *toUnicode) codeLen(raw string) int {
	for n := 1; n <= 4 && n <= len(raw); n++ {
		for _, sp := range m.space[n-1] {
			if raw[:n] >= sp[0] && raw[:n] <= sp[1] {
				return n
			}
		}
	}
	if len(raw) >= 2 && len(m.space[0])+len(m.space[1])+len(m.space[2])+len(m.space[3]) == 0 {
		return 2
	}
	return 1
}

func codeValue(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v<<8 | int(s[i])
	}
	return v
}

// utf16Text decodes UTF-16BE, dropping control characters.
func utf16Text(s string) string {
	var sb strings.Builder
	for i := 0; i+1 < len(s); i += 2 {
		r := rune(s[i])<<8 | rune(s[i+1])
		if r >= 0xD800 && r < 0xDC00 && i+3 < len(s) {
			r2 := rune(s[i+2])<<8 | rune(s[i+3])
			r = (r-0xD800)<<10 + (r2 - 0xDC00) + 0x10000
			i += 2
		}
		if r == 0xFFFD || unicode.IsControl(r) {
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
