package crawler

import (
	"compress/gzip"
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestSitemap: robots.txt names a sitemap index; its sitemaps (one gzipped,
// served as XML) list a page no link reaches, which is then fetched; an
// off-site URL and a robots-disallowed URL in a sitemap are not; without
// robots.txt handling (IgnoreRobots) sitemaps are not read.
func TestSitemap(t *testing.T) {
	var base string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := ""
		switch r.URL.Path {
		case "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			body = "User-agent: *\nDisallow: /private/\nSitemap: " + base + "/sitemap_index.xml\n"
		case "/sitemap_index.xml":
			w.Header().Set("Content-Type", "application/xml")
			body = `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>` + base + `/sitemap-pages.xml</loc></sitemap><sitemap><loc>` + base + `/sitemap-more.xml.gz</loc></sitemap></sitemapindex>`
		case "/sitemap-pages.xml":
			w.Header().Set("Content-Type", "text/xml")
			body = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>` + base + `/hidden.html</loc></url>
<url><loc>` + base + `/private/secret.html</loc></url>
<url><loc>http://elsewhere.invalid/x.html</loc></url></urlset>`
		case "/sitemap-more.xml.gz":
			w.Header().Set("Content-Type", "application/x-gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(`<?xml version="1.0"?><urlset><url><loc>` + base + `/from-gz.html</loc></url></urlset>`))
			zw.Close()
			return
		case "/", "/hidden.html", "/from-gz.html", "/private/secret.html":
			w.Header().Set("Content-Type", "text/html")
			body = "<p>page</p>"
		default:
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	})
	srv := newTestServer(t, h)
	base = srv.URL
	res, err := runCrawl(t, context.Background(), testConfig(), nil, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	got := requestPaths(srv)
	for _, want := range []string{"/sitemap_index.xml", "/sitemap-pages.xml", "/sitemap-more.xml.gz", "/hidden.html", "/from-gz.html"} {
		if !strings.Contains(got, want) {
			t.Errorf("%s not requested; requests: %s", want, got)
		}
	}
	if strings.Contains(got, "/private/secret.html") {
		t.Errorf("robots-disallowed sitemap URL was requested")
	}
	if p := res.byURL(t, srv.URL+"/hidden.html"); !p.OK() || p.Depth != 1 {
		t.Errorf("hidden page = %s", show(p))
	}
	if p := res.byURL(t, srv.URL+"/sitemap-pages.xml"); p.Error != ErrNotHTML || !strings.HasPrefix(p.ErrorDetail, "sitemap") {
		t.Errorf("sitemap page = %s", show(p))
	}

	srv2 := newTestServer(t, h)
	base = srv2.URL
	cfg := testConfig()
	cfg.IgnoreRobots = true
	if _, err := runCrawl(t, context.Background(), cfg, nil, srv2.URL+"/"); err != nil {
		t.Fatal(err)
	}
	if got := requestPaths(srv2); strings.Contains(got, "sitemap") {
		t.Errorf("with IgnoreRobots, sitemaps were read: %s", got)
	}
}

func TestParseSitemap(t *testing.T) {
	pages, maps := parseSitemap([]byte(`<urlset><url><loc> http://a.example/1 </loc><lastmod>2026</lastmod></url><url><loc>http://a.example/2</loc></url></urlset>`))
	if strings.Join(pages, ",") != "http://a.example/1,http://a.example/2" || len(maps) != 0 {
		t.Errorf("urlset: %q %q", pages, maps)
	}
	pages, maps = parseSitemap([]byte(`<sitemapindex><sitemap><loc>http://a.example/s1.xml</loc></sitemap></sitemapindex>`))
	if len(pages) != 0 || strings.Join(maps, ",") != "http://a.example/s1.xml" {
		t.Errorf("index: %q %q", pages, maps)
	}
	if p, m := parseSitemap([]byte("not xml <<<")); len(p)+len(m) != 0 {
		t.Errorf("garbage: %q %q", p, m)
	}
}

func requestPaths(s *testServer) string {
	var out []string
	for _, r := range s.requests() {
		out = append(out, r.uri)
	}
	return strings.Join(out, " ")
}
