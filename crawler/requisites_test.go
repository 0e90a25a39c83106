package crawler

import (
	"context"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRequisiteLinks(t *testing.T) {
	body := `<html><head><base href="/sub/">
<link rel="stylesheet" href="a.css"><link rel="Shortcut Icon" href="/fav.ico"><link rel="preload" href="skip.js">
<style>@import "imp.css"; .x{background:url('bg.png')} .y{background:url(data:image/png;base64,AAAA)}</style>
</head><body style="background-image: url(&quot;body.png&quot;)">
<img src="i.png"><img src="i.png#frag"><img src="mailto:x"><img srcset="s.png 2x">
<input type="image" src="btn.png"><input type="text" src="no.png"><video poster="poster.jpg"></video>
<script src="skip2.js"></script><a href="page.html">page</a>
<img src="http://cdn.example/c.png"></body></html>`
	got := RequisiteLinks([]byte(body), "http://clinic.example/dir/page")
	want := []string{
		"http://clinic.example/sub/a.css", "http://clinic.example/fav.ico",
		"http://clinic.example/sub/imp.css", "http://clinic.example/sub/bg.png",
		"http://clinic.example/sub/body.png", "http://clinic.example/sub/i.png",
		"http://clinic.example/sub/btn.png", "http://clinic.example/sub/poster.jpg",
		"http://cdn.example/c.png",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RequisiteLinks:\n got %q\nwant %q", got, want)
	}
}

// requisiteServer serves a site whose /quoted page references a style
// sheet (which references an image and imports another sheet), images, an
// image robots.txt disallows, an image over the size limit and an image on
// another site; /plain references an image of its own.
func requisiteServer(t *testing.T, other string) *testServer {
	big := strings.Repeat("x", 2<<20)
	docs := map[string][2]string{
		"/robots.txt":    {"text/plain", "User-agent: *\nDisallow: /private/\n"},
		"/":              {"text/html", `<a href="/quoted">q</a> <a href="/plain">p</a>`},
		"/quoted":        {"text/html", `<link rel="stylesheet" href="/s.css"><img src="/img/a.png"><img src="/private/b.png"><img src="/img/big.png"><img src="` + other + `/c.png"><a href="/">home</a>`},
		"/plain":         {"text/html", `<img src="/img/plain.png">`},
		"/s.css":         {"text/css; charset=utf-8", `@import "/t.css"; body{background:url("/img/bg.png")}`},
		"/t.css":         {"text/css", `p{color:red}`},
		"/img/a.png":     {"image/png", "\x89PNG a"},
		"/img/bg.png":    {"image/png", "\x89PNG bg"},
		"/img/plain.png": {"image/png", "\x89PNG plain"},
		"/img/big.png":   {"image/png", big},
		"/private/b.png": {"image/png", "\x89PNG b"},
	}
	return newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", d[0])
		w.Write([]byte(d[1]))
	}))
}

// requisiteCrawl (not named crawlWith…: checkNoLeaks looks for that) crawls seed with Config.Requisites returning the
// requisite links of /quoted only, as the scan does for quoted pages.
func requisiteCrawl(t *testing.T, cfg Config, seed string) *result {
	var mu sync.Mutex
	links := map[string][]string{}
	res := &result{}
	page := func(p Page) {
		if p.Kind == "" && strings.HasSuffix(p.URL, "/quoted") {
			mu.Lock()
			links[p.Site] = RequisiteLinks(p.Body, p.FinalURL)
			mu.Unlock()
		}
		res.page(p)
	}
	cfg.Requisites = func(s Site) []string {
		mu.Lock()
		defer mu.Unlock()
		return links[s.ID]
	}
	site, err := NewSite(seed, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := Crawl(context.Background(), cfg, []Site{site}, page, res.done); err != nil {
		t.Fatal(err)
	}
	checkNoLeaks(t)
	return res
}

// TestRequisites: the requisites of the quoted page only are fetched, after
// its pages, once each, through the politeness gate, robots.txt and size
// limit, into the WARC, same-site only; they are marked and counted apart.
func TestRequisites(t *testing.T) {
	other := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG c"))
	}))
	srv := requisiteServer(t, other.URL)
	cfg := testConfig()
	cfg.Delay = 30 * time.Millisecond
	w, err := OpenWARC(filepath.Join(t.TempDir(), "c.warc.gz"), WARCInfo{Software: "clinicaudit/test"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cfg.WARC = w
	res := requisiteCrawl(t, cfg, srv.URL+"/")

	for uri, n := range map[string]int{"/s.css": 1, "/t.css": 1, "/img/a.png": 1, "/img/bg.png": 1, "/img/big.png": 1, "/img/plain.png": 0, "/private/b.png": 0} {
		if got := srv.count(uri); got != n {
			t.Errorf("%s requested %d times, want %d", uri, got, n)
		}
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other site got %d requests, want 0 (same-site requisites only)", n)
	}
	// 3 pages + robots.txt + 5 requisites, one at a time and 30 ms apart.
	checkPolite(t, srv, cfg.Delay, 9)

	kinds := map[string]Page{}
	pagesSeen := 0
	for _, p := range res.pages {
		if p.Kind != KindRequisite {
			pagesSeen++
			continue
		}
		kinds[strings.TrimPrefix(p.URL, srv.URL)] = p
	}
	if pagesSeen != 3 {
		t.Errorf("%d pages, want 3", pagesSeen)
	}
	for _, uri := range []string{"/s.css", "/t.css", "/img/a.png", "/img/bg.png"} {
		p, ok := kinds[uri]
		if !ok || !p.OK() || p.WARCRecordID == "" || p.SHA256 == "" || p.Bytes == 0 {
			t.Errorf("requisite %s: %s", uri, show(p))
		}
		if (p.Body != nil) != strings.HasSuffix(uri, ".css") {
			t.Errorf("requisite %s: body kept %v, want only for style sheets", uri, p.Body != nil)
		}
	}
	if p := kinds["/private/b.png"]; p.Error != ErrRobots {
		t.Errorf("disallowed requisite: %s, want a robots page", show(p))
	}
	if p := kinds["/img/big.png"]; p.Error != ErrTooLarge {
		t.Errorf("oversized requisite: %s, want %s", show(p), ErrTooLarge)
	}
	if len(kinds) != 6 {
		t.Errorf("%d requisite pages, want 6: %v", len(kinds), kinds)
	}
	s := res.site(t, SiteID(mustParse(t, srv.URL)))
	if s.Pages != 3 || s.Fetched != 3 || s.Errors != 0 || s.Robots != 0 || s.Requisites != 6 {
		t.Errorf("site result %+v: want 3 pages, no errors, 6 requisites", s)
	}
}

// TestRequisitesCrossSite: with RequisitesCrossSite the other site's image
// is fetched too, after its own robots.txt.
func TestRequisitesCrossSite(t *testing.T) {
	other := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG c"))
	}))
	srv := requisiteServer(t, other.URL)
	cfg := testConfig()
	cfg.RequisitesCrossSite = true
	res := requisiteCrawl(t, cfg, srv.URL+"/")
	if n := other.count("/c.png"); n != 1 {
		t.Errorf("cross-site requisite requested %d times, want 1", n)
	}
	if n := other.count("/robots.txt"); n != 1 {
		t.Errorf("other site's robots.txt requested %d times, want 1", n)
	}
	if p := res.byURL(t, other.URL+"/c.png"); p.Kind != KindRequisite || !p.OK() {
		t.Errorf("cross-site requisite: %s", show(p))
	}
}

// TestRequisitesNone: without Config.Requisites nothing but pages is fetched.
func TestRequisitesNone(t *testing.T) {
	srv := requisiteServer(t, "http://127.0.0.1:1")
	res, err := runCrawl(t, context.Background(), testConfig(), nil, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.pages {
		if p.Kind != "" {
			t.Errorf("requisite fetched without Config.Requisites: %s", show(p))
		}
	}
	if n := len(srv.requests()); n != 4 {
		t.Errorf("%d requests, want 4 (robots.txt and 3 pages)", n)
	}
}
