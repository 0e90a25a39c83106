package extract

import (
	"bytes"
	"io"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Unit kinds: the structural role of a block of visible text.
const (
	UnitHeading   = "heading"
	UnitItem      = "item" // list item, definition
	UnitRow       = "row"  // table row, cells joined by " | "
	UnitParagraph = "paragraph"
	UnitAlt       = "alt" // image alt or title text
	UnitTitle     = "title"
)

// Unit is one block of visible text from a page: a heading, list item,
// table row, paragraph or image description. Sentences never cross units.
type Unit struct {
	Kind    string
	Text    string
	Heading string // the nearest heading above the unit, if any
	Page    int    // the page of a PDF document it is on (from 1); 0 for HTML
	// Columns are the header cells of the table a row is in (its first
	// row, when that is a header), for rows after it; nil otherwise.
	Columns []string
}

// Doc is the text content of an HTML page.
type Doc struct {
	Title string
	Lang  string // from <html lang>, lower-cased primary subtag, or ""
	Units []Unit
	Meta  Meta // what the page says about itself: types, breadcrumbs, h1

	// Fallback is why the page could not be parsed as a tree (for example
	// "html: open stack of elements exceeds 512 nodes"), in which case its
	// units were read with the tokenizer; "" for a normal parse.
	Fallback string
}

// DecodeHTML converts body to UTF-8 using, in order, a byte-order mark, the
// charset in contentType, a <meta> declaration, UTF-8 validity, and
// windows-1252 as the HTML standard's fallback.
func DecodeHTML(body []byte, contentType string) ([]byte, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// ParseHTML extracts the visible text of an HTML document (already UTF-8)
// as units. Scripts, styles, templates, hidden elements and cookie or
// consent banners are skipped; image alt and title text are kept.
//
// A link is its own unit when the block it sits in has no text of its own
// outside links (a menu, a footer of links, a page of bare links), so that
// runs of links never become one unbounded "sentence"; a link inside running
// text ("we treat <a>autism</a> and MS") stays in its sentence.
//
// A document the tree parser rejects (x/net/html refuses nesting deeper
// than 512 elements) is read with the tokenizer instead: text, headings,
// list items, rows and block boundaries are kept, nesting is approximate,
// and Doc.Fallback says why.
func ParseHTML(utf8HTML []byte) (Doc, error) {
	root, err := html.Parse(bytes.NewReader(utf8HTML))
	if err != nil {
		doc := tokenizeHTML(utf8HTML)
		doc.Fallback = err.Error()
		return doc, nil
	}
	w := walker{}
	w.walk(root)
	w.flush()
	w.doc.Meta = pageMeta(root)
	return w.doc, nil
}

type walker struct {
	doc     Doc
	buf     strings.Builder
	kind    string // kind of the unit being collected
	heading string
	row     []string // cells of the current table row
	inRow   bool
	// header is the header row of the current table, rows the number of
	// its rows so far.
	header []string
	rows   int
	// linkUnits is set while inside a block with no text of its own
	// outside links: each link there is a unit of its own.
	linkUnits bool
}

func (w *walker) flush() {
	text := cleanSpace(w.buf.String())
	w.buf.Reset()
	if w.inRow {
		if text != "" {
			w.row = append(w.row, text)
		}
		return
	}
	if !hasWord(text) {
		return // separators between links ("|", "·") are not units
	}
	kind := w.kind
	if kind == "" {
		kind = UnitParagraph
	}
	w.doc.Units = append(w.doc.Units, Unit{Kind: kind, Text: text, Heading: w.heading})
	if kind == UnitHeading {
		w.heading = text
	}
}

func (w *walker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		return
	default:
		return
	}
	if skipElement(n) {
		return
	}
	switch n.DataAtom {
	case atom.Html:
		if l := attr(n, "lang"); l != "" {
			w.doc.Lang = strings.ToLower(strings.SplitN(strings.SplitN(l, "-", 2)[0], "_", 2)[0])
		}
	case atom.Title:
		if w.doc.Title == "" {
			w.doc.Title = cleanSpace(textOf(n))
		}
		return
	case atom.Head:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Title {
				w.walk(c)
			}
		}
		return
	case atom.Br:
		w.flush()
		return
	case atom.A:
		if w.linkUnits {
			w.flush()
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c)
			}
			w.flush()
			return
		}
	case atom.Img, atom.Area:
		w.alt(n)
		return
	case atom.Table:
		outerHeader, outerRows := w.header, w.rows
		w.header, w.rows = nil, 0
		defer func() { w.header, w.rows = outerHeader, outerRows }()
	case atom.Tr:
		w.flush()
		outerKind := w.kind
		w.inRow, w.row = true, nil
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
			w.flush()
		}
		cells := append([]string(nil), w.row...)
		w.endRow()
		w.kind = outerKind
		if w.rows++; w.rows == 1 && headerRow(n) {
			w.header = cells
		}
		return
	}
	kind, block := blockKind(n.DataAtom)
	if block {
		outerLinks := w.linkUnits
		w.linkUnits = !ownText(n)
		defer func() { w.linkUnits = outerLinks }()
	}
	if !block || w.inRow {
		if w.inRow && block {
			w.flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		if w.inRow && block {
			w.flush()
		}
		return
	}
	w.flush()
	outer := w.kind
	if kind != "" {
		w.kind = kind
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	w.flush()
	w.kind = outer
}

// ownText reports whether a block element has visible text (a letter or a
// digit) of its own: outside links, skipped elements and nested blocks,
// each of which is looked at once, by its own block. Table rows count as
// blocks too.
func ownText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if hasWord(c.Data) {
				return true
			}
		case html.ElementNode:
			if _, block := blockKind(c.DataAtom); block || c.DataAtom == atom.A || c.DataAtom == atom.Tr || skipElement(c) {
				continue
			}
			if ownText(c) {
				return true
			}
		}
	}
	return false
}

// alt adds the alt or title text of an image as a unit (or a cell).
func (w *walker) alt(n *html.Node) {
	for _, a := range []string{"alt", "title"} {
		if t := cleanSpace(attr(n, a)); len(t) > 3 && strings.ContainsRune(t, ' ') {
			w.flush()
			if w.inRow {
				w.row = append(w.row, t)
			} else {
				w.doc.Units = append(w.doc.Units, Unit{Kind: UnitAlt, Text: t, Heading: w.heading})
			}
			return
		}
	}
}

// endRow ends the table row being collected, if any, as a unit.
func (w *walker) endRow() {
	if !w.inRow {
		return
	}
	w.flush()
	w.inRow = false
	if len(w.row) > 0 {
		w.doc.Units = append(w.doc.Units, Unit{Kind: UnitRow, Text: strings.Join(w.row, " | "), Heading: w.heading, Columns: w.header})
	}
	w.row = nil
}

// maxKindStack bounds the open elements the tokenizer fallback remembers
// (only those that set a unit kind: headings, list items, paragraphs).
const maxKindStack = 256

// tokenizeHTML reads a document as a stream of tokens, for pages the tree
// parser rejects. Skipped elements (scripts, hidden blocks, cookie
// banners...) are skipped up to their matching end tag; block start and
// end tags end units; the unit kind is that of the innermost open heading,
// list item or paragraph; links stay inline (long runs are split into
// sentences later). The work is linear in the page.
func tokenizeHTML(b []byte) Doc {
	z := html.NewTokenizer(bytes.NewReader(b))
	w := walker{}
	type open struct {
		a    atom.Atom
		kind string
	}
	var kinds []open
	setKind := func() {
		w.kind = ""
		if len(kinds) > 0 {
			w.kind = kinds[len(kinds)-1].kind
		}
	}
	var skipTag string // the element being skipped, and how deep
	skipDepth, inTitle := 0, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			w.endRow()
			w.flush()
			return w.doc
		case html.TextToken:
			switch {
			case skipDepth > 0:
			case inTitle:
				if w.doc.Title == "" {
					w.doc.Title = cleanSpace(string(z.Text()))
				}
			default:
				w.buf.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if skipDepth > 0 {
				if tok.Data == skipTag && tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			n := &html.Node{Type: html.ElementNode, Data: tok.Data, DataAtom: tok.DataAtom, Attr: tok.Attr}
			if skipElement(n) {
				if tt == html.StartTagToken && !voidElement(tok.DataAtom) {
					skipTag, skipDepth = tok.Data, 1
				}
				continue
			}
			switch tok.DataAtom {
			case atom.Html:
				if l := attr(n, "lang"); l != "" {
					w.doc.Lang = strings.ToLower(strings.SplitN(strings.SplitN(l, "-", 2)[0], "_", 2)[0])
				}
			case atom.Title:
				inTitle = tt == html.StartTagToken
			case atom.Br:
				w.flush()
			case atom.Img, atom.Area:
				w.alt(n)
			case atom.Tr:
				w.endRow()
				w.flush()
				w.inRow = true
			case atom.Table:
				w.endRow()
				w.flush()
			default:
				kind, block := blockKind(tok.DataAtom)
				if !block {
					continue
				}
				w.flush()
				if kind != "" && tt == html.StartTagToken && !w.inRow {
					if len(kinds) == maxKindStack {
						kinds = append(kinds[:0], kinds[1:]...)
					}
					kinds = append(kinds, open{tok.DataAtom, kind})
					setKind()
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if skipDepth > 0 {
				if string(name) == skipTag {
					skipDepth--
				}
				continue
			}
			a := atom.Lookup(name)
			switch a {
			case atom.Title:
				inTitle = false
			case atom.Tr, atom.Table:
				w.endRow()
			default:
				kind, block := blockKind(a)
				if !block {
					continue
				}
				w.flush()
				if kind == "" {
					continue
				}
				for i := len(kinds) - 1; i >= 0; i-- {
					if kinds[i].a == a {
						kinds = kinds[:i]
						break
					}
				}
				setKind()
			}
		}
	}
}

// voidElement reports elements that never have an end tag.
func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// blockKind reports whether an element starts a new unit, and of which kind
// ("" keeps the enclosing kind).
func blockKind(a atom.Atom) (string, bool) {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return UnitHeading, true
	case atom.Li, atom.Dt, atom.Dd:
		return UnitItem, true
	case atom.P, atom.Blockquote, atom.Figcaption, atom.Caption, atom.Summary, atom.Pre, atom.Address, atom.Label, atom.Legend, atom.Button, atom.Option:
		return UnitParagraph, true
	case atom.Div, atom.Section, atom.Article, atom.Aside, atom.Header, atom.Footer, atom.Nav, atom.Main,
		atom.Ul, atom.Ol, atom.Dl, atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Form, atom.Fieldset,
		atom.Figure, atom.Details, atom.Hr, atom.Body, atom.Td, atom.Th:
		return "", true
	}
	return "", false
}

// skipElement reports elements whose text is not visible page content.
func skipElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object, atom.Canvas, atom.Select, atom.Textarea, atom.Input:
		return true
	case atom.Del, atom.S, atom.Strike:
		return true // struck-out text: an old price, a withdrawn claim
	}
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	if attr(n, "aria-hidden") == "true" {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	idclass := strings.ToLower(attr(n, "id") + " " + attr(n, "class") + " " + attr(n, "role"))
	for _, w := range []string{"cookie", "consent", "gdpr", "cc-banner", "cc-window"} {
		if strings.Contains(idclass, w) {
			return true
		}
	}
	return false
}

// hasWord reports whether s holds a letter or a digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

// cleanSpace collapses runs of white space (including non-breaking spaces)
// into one space and trims the ends; invisible format characters go.
func cleanSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			space = true
			continue
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			continue
		case unicode.IsControl(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// headerRow reports whether a table's first row is a header: in <thead>,
// or all its cells are <th>.
func headerRow(tr *html.Node) bool {
	if tr.Parent != nil && tr.Parent.DataAtom == atom.Thead {
		return true
	}
	th := 0
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Th:
			th++
		case atom.Td:
			return false
		}
	}
	return th > 0
}
