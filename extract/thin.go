package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Thresholds for a thin page (Result.Thin).
const (
	// thinText: a page with at least this many bytes of visible text is
	// never thin, whatever scripts it has.
	thinText = 1024
	// thinScript: inline script bytes that make a short page thin.
	thinScript = 16 << 10
	// bareText: below this much text, one external script is enough.
	bareText = 32
)

// isThin reports whether an HTML page (UTF-8) with textBytes of visible
// text looks built by scripts the crawler does not run: its text is short
// and it has a known client-side application root (an empty
// <div id="root"> or id="app", id="__next", "__nuxt" or "___gatsby",
// __NEXT_DATA__, ng-app, ng-version, data-reactroot), or 16 KiB of inline
// script, or, with almost no text, any external script.
func isThin(page []byte, textBytes int) bool {
	if textBytes >= thinText {
		return false
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	inScript, inline, external := false, 0, 0
	emptyRoot := "" // the tag of an id="root"/"app" element just opened
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return inline >= thinScript || external > 0 && textBytes < bareText
		case html.TextToken:
			if inScript {
				inline += len(z.Raw())
			} else if emptyRoot != "" && len(bytes.TrimSpace(z.Raw())) > 0 {
				emptyRoot = ""
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if emptyRoot != "" && string(name) == emptyRoot {
				return true // <div id="root"></div>
			}
			if string(name) == "script" {
				inScript = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			emptyRoot = ""
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				key, val := string(k), string(v)
				switch {
				case key == "id" && (val == "__next" || val == "__nuxt" || val == "___gatsby" || val == "__NEXT_DATA__"):
					return true
				case key == "id" && (val == "root" || val == "app") && tt == html.StartTagToken:
					emptyRoot = tag
				case key == "ng-app" || key == "data-ng-app" || key == "ng-version" || key == "data-reactroot":
					return true
				case tag == "script" && key == "src" && strings.TrimSpace(val) != "":
					external++
				}
			}
			if tag == "script" && tt == html.StartTagToken {
				inScript = true
			}
		}
	}
}
