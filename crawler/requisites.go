package crawler

import (
	"bytes"
	"context"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// KindRequisite marks a Page that is a page requisite (a style sheet, an
// image, or what a fetched style sheet references), fetched after the site's
// pages for Config.Requisites.
const KindRequisite = "requisite"

// maxRequisiteLinks bounds the requisite links kept from one page or style
// sheet.
const maxRequisiteLinks = 500

// RequisiteLinks returns the absolute URLs of the style sheets and images an
// HTML page references, in document order, without duplicates: <link
// rel=stylesheet|icon href>, <img src>, <input type=image src>, <video
// poster>, and url(...) and @import in <style> elements and style
// attributes, resolved against the first <base href> or pageURL. data: and
// other non-http(s) URLs are left out.
func RequisiteLinks(body []byte, pageURL string) []string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(ref string) {
		ref = strings.TrimSpace(ref)
		if ref == "" || strings.HasPrefix(ref, "#") || len(out) >= maxRequisiteLinks {
			return
		}
		u, err := base.Parse(ref)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return
		}
		u.Fragment, u.RawFragment = "", ""
		if s := u.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	baseSeen, inStyle := false, false
	for len(out) < maxRequisiteLinks {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if inStyle {
				for _, ref := range cssRefs(z.Text()) {
					add(ref)
				}
			}
			continue
		case html.EndTagToken:
			inStyle = false
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		tok := z.Token()
		attr := func(k string) (string, bool) {
			for _, a := range tok.Attr {
				if a.Key == k {
					return a.Val, true
				}
			}
			return "", false
		}
		if st, ok := attr("style"); ok {
			for _, ref := range cssRefs([]byte(st)) {
				add(ref)
			}
		}
		switch tok.DataAtom {
		case atom.Base:
			if h, ok := attr("href"); ok && !baseSeen {
				if b, err := base.Parse(strings.TrimSpace(h)); err == nil {
					base, baseSeen = b, true
				}
			}
		case atom.Style:
			inStyle = tt == html.StartTagToken
		case atom.Link:
			rel, _ := attr("rel")
			for _, r := range strings.Fields(strings.ToLower(rel)) {
				if r == "stylesheet" || r == "icon" {
					h, _ := attr("href")
					add(h)
					break
				}
			}
		case atom.Img:
			s, _ := attr("src")
			add(s)
		case atom.Input:
			if t, _ := attr("type"); strings.EqualFold(t, "image") {
				s, _ := attr("src")
				add(s)
			}
		case atom.Video:
			s, _ := attr("poster")
			add(s)
		}
	}
	return out
}

// cssURL and cssImport find the references of a style sheet.
var (
	cssURL    = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImport = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// cssRefs returns the url(...) and @import "..." references of CSS text,
// data: URIs left out.
func cssRefs(css []byte) []string {
	var out []string
	for _, re := range []*regexp.Regexp{cssImport, cssURL} {
		for _, m := range re.FindAllSubmatch(css, maxRequisiteLinks) {
			for _, g := range m[1:] {
				if s := strings.TrimSpace(string(g)); s != "" && !strings.HasPrefix(strings.ToLower(s), "data:") {
					out = append(out, s)
					break
				}
			}
		}
	}
	return out
}

// fetchRequisites fetches a site's page requisites once its pages are
// crawled: the URLs Config.Requisites returns for it, then what the style
// sheets among them reference (url(...), @import), each at most once. They
// go through the same host gates (politeness delay, one request per host),
// robots.txt, size limit and WARC as pages. Same-site URLs only (the site's
// registrable domain and port), unless Config.RequisitesCrossSite; at most
// Config.MaxPages requisites per site. Each attempt is a Page with Kind
// KindRequisite, counted in SiteResult.Requisites, not in Pages, Fetched,
// Errors or Robots. A style sheet's Page keeps its Body; others do not.
func (s *siteCrawler) fetchRequisites(ctx context.Context, urls []string) {
	cfg := s.cr.cfg
	queue := append([]string(nil), urls...)
	seen := map[string]bool{}
	for n := 0; len(queue) > 0 && n < cfg.MaxPages; {
		if ctx.Err() != nil {
			s.res.Interrupted = true
			return
		}
		raw := queue[0]
		queue = queue[1:]
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		c, ok := canonicalize(u)
		if !ok || seen[c.String()] || s.fetched[c.String()] {
			continue // pages already fetched are in the capture
		}
		seen[c.String()] = true
		if !s.scope.allows(c) && !cfg.RequisitesCrossSite {
			continue
		}
		n++
		// The URL as the page wrote it (not canonical): the browser asks
		// the capture for that one.
		p, _ := s.visitURL(ctx, queued{u: u, requisite: true})
		p.Kind, p.Depth = KindRequisite, 0
		if p.OK() && isCSS(p.ContentType) {
			for _, ref := range cssRefs(p.Body) {
				if r, err := url.Parse(p.FinalURL); err == nil {
					if v, err := r.Parse(ref); err == nil {
						queue = append(queue, v.String())
					}
				}
			}
		} else {
			p.Body = nil
		}
		s.res.Requisites++
		s.page(p)
		if p.Error == ErrCanceled {
			s.res.Interrupted = true
		}
	}
}

func isCSS(contentType string) bool {
	mt, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	return strings.TrimSpace(mt) == "text/css"
}
