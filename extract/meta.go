package extract

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cartWords are (folded) words of add-to-cart controls.
var cartWords = []string{"add to cart", "add to bag", "buy now", "anadir al carrito", "agregar al carrito", "comprar ahora",
	"adicionar ao carrinho", "comprar agora", "in den warenkorb", "jetzt kaufen", "ajouter au panier", "acheter maintenant",
	"dodaj do koszyka", "kup teraz"}

// Meta is what a page says about itself besides its visible text: the
// signals page roles are read from.
type Meta struct {
	H1          string   // the first top-level heading
	Breadcrumbs []string // breadcrumb trail items, in order
	Types       []string // schema.org types (JSON-LD @type, microdata itemtype) and og:type, lower-cased
	Byline      bool     // an article byline or publication date (<time>, rel=author, "posted on")
	CartButtons int      // "add to cart", "buy now" controls
	Forms       int      // forms that ask for an e-mail address or phone number
}

// maxJSONLD bounds the JSON-LD read per page.
const maxJSONLD = 256 << 10

// pageMeta reads a parsed page's Meta in one walk of the tree.
func pageMeta(root *html.Node) Meta {
	var m Meta
	jsonld := 0
	var walk func(n *html.Node, inForm *bool)
	walk = func(n *html.Node, inForm *bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil && jsonld < maxJSONLD {
					jsonld += len(n.FirstChild.Data)
					m.Types = append(m.Types, jsonLDTypes(n.FirstChild.Data)...)
				}
				return
			case atom.Style, atom.Template:
				return
			case atom.Meta:
				if p := strings.ToLower(attr(n, "property")); p == "og:type" {
					if t := strings.ToLower(strings.TrimSpace(attr(n, "content"))); t != "" {
						m.Types = append(m.Types, "og:"+t)
					}
				}
			case atom.H1:
				if m.H1 == "" {
					m.H1 = cleanSpace(textOf(n))
				}
			case atom.Time:
				m.Byline = true
			case atom.A, atom.Link:
				if strings.EqualFold(attr(n, "rel"), "author") {
					m.Byline = true
				}
			case atom.Button, atom.Input:
				t := fold(cleanSpace(textOf(n) + " " + attr(n, "value") + " " + attr(n, "aria-label"))).text
				for _, c := range cartWords {
					if strings.Contains(t, c) {
						m.CartButtons++
						break
					}
				}
				if n.DataAtom == atom.Input && inForm != nil && !*inForm {
					switch strings.ToLower(attr(n, "type")) {
					case "email", "tel":
						*inForm = true
						m.Forms++
					}
				}
			case atom.Form:
				found := false
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c, &found)
				}
				return
			}
			if t := attr(n, "itemtype"); t != "" {
				m.Types = append(m.Types, schemaName(t))
			}
			idc := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "aria-label"))
			if strings.Contains(idc, "breadcrumb") && len(m.Breadcrumbs) == 0 {
				m.Breadcrumbs = breadcrumbItems(n)
				return
			}
			if strings.Contains(idc, "byline") || strings.Contains(idc, "post-meta") || strings.Contains(idc, "entry-meta") || strings.Contains(idc, "author") {
				m.Byline = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inForm)
		}
	}
	walk(root, nil)
	return m
}

// breadcrumbItems returns the link and item texts of a breadcrumb trail.
func breadcrumbItems(n *html.Node) []string {
	var out []string
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.A || n.DataAtom == atom.Li || n.DataAtom == atom.Span && n.FirstChild != nil && n.FirstChild.Type == html.TextNode) {
			if t := strings.Trim(cleanSpace(textOf(n)), " ›»>/|"); t != "" && len(t) < 80 {
				out = append(out, t)
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	if len(out) == 0 {
		if t := cleanSpace(textOf(n)); t != "" {
			for _, p := range strings.FieldsFunc(t, func(r rune) bool { return r == '›' || r == '»' || r == '>' || r == '/' || r == '|' }) {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// schemaName turns "https://schema.org/MedicalClinic" into "medicalclinic".
func schemaName(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.LastIndexAny(t, "/#"); i >= 0 {
		t = t[i+1:]
	}
	return strings.ToLower(t)
}

// jsonLDTypes returns every @type named in a JSON-LD block (nested objects
// and @graph included). A block that does not parse gives nothing.
func jsonLDTypes(src string) []string {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return nil
	}
	// Only the page's own entities count: top-level objects and @graph
	// members, not the clinic's Physician nested in every page's footer data.
	var out []string
	add := func(x map[string]any) {
		switch t := x["@type"].(type) {
		case string:
			out = append(out, schemaName(t))
		case []any:
			for _, e := range t {
				if s, ok := e.(string); ok {
					out = append(out, schemaName(s))
				}
			}
		}
	}
	var top []any
	switch x := v.(type) {
	case []any:
		top = x
	default:
		top = []any{x}
	}
	for _, e := range top {
		x, ok := e.(map[string]any)
		if !ok {
			continue
		}
		add(x)
		if g, ok := x["@graph"].([]any); ok {
			for _, ge := range g {
				if gx, ok := ge.(map[string]any); ok && len(out) < 32 {
					add(gx)
				}
			}
		}
	}
	return out
}
