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
}

// Doc is the text content of an HTML page.
type Doc struct {
	Title string
	Lang  string // from <html lang>, lower-cased primary subtag, or ""
	Units []Unit
	Meta  Meta // what the page says about itself: types, breadcrumbs, h1
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
func ParseHTML(utf8HTML []byte) (Doc, error) {
	root, err := html.Parse(bytes.NewReader(utf8HTML))
	if err != nil {
		return Doc{}, err
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
	if text == "" {
		return
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
	case atom.Img, atom.Area:
		for _, a := range []string{"alt", "title"} {
			if t := cleanSpace(attr(n, a)); len(t) > 3 && strings.ContainsRune(t, ' ') {
				w.flush()
				if w.inRow {
					w.row = append(w.row, t)
				} else {
					w.doc.Units = append(w.doc.Units, Unit{Kind: UnitAlt, Text: t, Heading: w.heading})
				}
				break
			}
		}
		return
	case atom.Tr:
		w.flush()
		outerKind := w.kind
		w.inRow, w.row = true, nil
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
			w.flush()
		}
		w.inRow = false
		if len(w.row) > 0 {
			w.doc.Units = append(w.doc.Units, Unit{Kind: UnitRow, Text: strings.Join(w.row, " | "), Heading: w.heading})
		}
		w.row, w.kind = nil, outerKind
		return
	}
	kind, block := blockKind(n.DataAtom)
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
