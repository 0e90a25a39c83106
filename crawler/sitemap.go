package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"strings"
)

// maxSitemapBytes bounds a (decompressed) sitemap; the protocol allows 50 MB,
// far more than a clinic site needs, and MaxPages caps what is queued anyway.
const maxSitemapBytes = 10 << 20

// parseSitemap reads a sitemap (urlset) or a sitemap index, plain or
// gzipped, and returns the page URLs and the nested sitemap URLs it lists.
// Anything unreadable yields what was read before it.
func parseSitemap(body []byte) (pages, sitemaps []string) {
	var r io.Reader = bytes.NewReader(body)
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, nil
		}
		defer zr.Close()
		r = zr
	}
	dec := xml.NewDecoder(io.LimitReader(r, maxSitemapBytes))
	dec.Strict = false
	var parent string // "url" or "sitemap" while inside one
	for {
		tok, err := dec.Token()
		if err != nil {
			return pages, sitemaps
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "url", "sitemap":
				parent = t.Name.Local
			case "loc":
				var loc string
				if dec.DecodeElement(&loc, &t) != nil {
					return pages, sitemaps
				}
				loc = strings.TrimSpace(loc)
				if loc == "" {
					continue
				}
				if parent == "sitemap" {
					sitemaps = append(sitemaps, loc)
				} else {
					pages = append(pages, loc)
				}
			}
		case xml.EndElement:
			if t.Name.Local == parent {
				parent = ""
			}
		}
	}
}
