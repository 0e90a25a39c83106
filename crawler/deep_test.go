package crawler

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestDeepMarkupLinks: a page nested deeper than x/net/html's 512-element
// limit makes colly's parse (goquery) fail, so its OnHTML link callbacks
// never run; the crawler reads the links with the tokenizer instead.
func TestDeepMarkupLinks(t *testing.T) {
	deep := strings.Repeat("<div>", 600)
	srv := newTestServer(t, pages(map[string]string{
		"/": `<html><head><base href="/base/"></head><body>` + deep +
			`<a href="/about">About</a> <area href="/area"> <iframe src="/iframe"></iframe> <a href="relative">r</a> <a href="#top">top</a>`,
		"/about":         `about page`,
		"/area":          `area page`,
		"/iframe":        `iframe page`,
		"/base/relative": `relative page`,
	}))
	res, err := runCrawl(t, context.Background(), testConfig(), nil, srv.URL)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	want := []string{"/", "/about", "/area", "/base/relative", "/iframe"}
	var got []string
	for _, u := range res.urls() {
		got = append(got, strings.TrimPrefix(u, srv.URL))
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
	if p := res.byURL(t, srv.URL+"/"); p.Error != "" || p.Status != http.StatusOK {
		t.Errorf("deep page = %s", show(p))
	}
}
