package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/report/screenshot"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// renderSite is a loopback clinic whose offer exists only once a script
// runs: /treatment is an empty React-style root, its script fetches the
// offer as JSON and writes it into the page. /loading loops forever in
// script. The script also asks for a robots-disallowed URL and another
// domain, which must never be fetched.
func renderSite(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var asked []string
	mux := http.NewServeMux()
	html := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("User-agent: *\nDisallow: /private/\n")) })
	mux.HandleFunc("/{$}", html(`<!doctype html><html><head><title>Renew Cells Clinic</title></head><body><h1>Renew Cells Clinic</h1>
		<p>Welcome to our clinic. Read about <a href="/treatment">our treatment</a> and <a href="/loading">news</a>.</p></body></html>`))
	mux.HandleFunc("/treatment", html(`<!doctype html><html><head><title>Treatment</title></head>
		<body><div id="root"></div><script src="/static/app.js"></script></body></html>`))
	mux.HandleFunc("/loading", html(`<!doctype html><html><head><title>News</title></head>
		<body><div id="root"></div><script>while (true) {}</script></body></html>`))
	mux.HandleFunc("/static/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		w.Write([]byte(`fetch("/private/tracking.json").catch(() => {});
fetch("http://other.example/pixel.js").catch(() => {});
fetch("/api/offer.json").then(r => r.json()).then(o => {
	const root = document.getElementById("root");
	root.innerHTML = "<h1>" + o.title + "</h1><p>" + o.text + "</p><p>" + o.price + "</p>";
});`))
	})
	mux.HandleFunc("/api/offer.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"title":"Stem cell therapy for autism","text":"We treat autism with mesenchymal stem cell injections.","price":"The stem cell treatment for autism costs $14,500 per treatment."}`))
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

func renderScan(t *testing.T, render bool) (dir string, pages map[string]report.Page, claims []extract.Claim, asked []string, stderr string) {
	t.Helper()
	srv, seen := renderSite(t)
	dir = filepath.Join(t.TempDir(), "out")
	o := scanOptions{out: dir, crawl: crawler.DefaultConfig(), render: render, renderTO: 3 * time.Second}
	o.crawl.Delay = 10 * time.Millisecond
	var so, se bytes.Buffer
	if err := scan(context.Background(), o, []seeds.Seed{{URL: srv.URL}}, &so, &se); err != nil {
		t.Fatalf("scan: %v\n%s", err, se.String())
	}
	ps, err := report.ReadJSONL[report.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	pages = map[string]report.Page{}
	for _, p := range ps {
		pages[strings.TrimPrefix(p.URL, srv.URL)] = p
	}
	if claims, err = report.ReadJSONL[extract.Claim](filepath.Join(dir, "claims.jsonl")); err != nil {
		t.Fatal(err)
	}
	return dir, pages, claims, seen(), se.String()
}

func TestRenderThinPages(t *testing.T) {
	if screenshot.Find() == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium not installed")
	}
	dir, pages, claims, asked, stderr := renderScan(t, true)

	app := pages["/treatment"]
	if app.Render != "rendered" || app.Thin || app.RenderRecordID == "" || !strings.Contains(app.AnalysisNote, "rendered in Chromium") {
		t.Fatalf("/treatment: render %q thin %v record %q note %q", app.Render, app.Thin, app.RenderRecordID, app.AnalysisNote)
	}
	var condition, price bool
	for _, c := range claims {
		if !strings.HasSuffix(c.URL, "/treatment") {
			continue
		}
		if c.WARCRecordID != app.RenderRecordID {
			t.Errorf("claim %q names record %s, want the rendered DOM's %s", c.Sentence, c.WARCRecordID, app.RenderRecordID)
		}
		condition = condition || c.Kind == "condition" && c.ID == "autism"
		price = price || c.Kind == "price" && c.Amount == 14500
	}
	if !condition || !price {
		t.Errorf("claims of the rendered page: condition %v, price %v; claims %+v", condition, price, claims)
	}

	loop := pages["/loading"]
	if loop.Render != "timeout" || !loop.Thin || !strings.Contains(loop.AnalysisNote, "timed out after 3s") {
		t.Errorf("/loading: render %q thin %v note %q", loop.Render, loop.Thin, loop.AnalysisNote)
	}
	if !strings.Contains(stderr, "1 timed out after 3s") {
		t.Errorf("stderr: %s", stderr)
	}

	// Sub-requests went through the crawler: the script and the JSON were
	// fetched, robots.txt and the other domain were obeyed.
	got := strings.Join(asked, " ")
	for _, want := range []string{"/static/app.js", "/api/offer.json"} {
		if !strings.Contains(got, want) {
			t.Errorf("%s was not fetched: %s", want, got)
		}
	}
	if !strings.Contains(app.AnalysisNote, "(2 sub-requests fetched, ") { // not robots.txt-disallowed, other.example, favicon
		t.Errorf("/treatment note: %s", app.AnalysisNote)
	}
	if strings.Contains(got, "/private/") {
		t.Errorf("a robots-disallowed sub-request was fetched: %s", got)
	}

	// The rendered DOM is a conversion record referring to the response,
	// and the sub-requests are in the capture.
	rd, err := gowarc.NewWarcFileReader(filepath.Join(dir, "capture.warc.gz"), 0, crawler.WARCReadOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var conv, js bool
	for {
		rec, off, v, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil || !v.Valid() {
			t.Fatalf("capture at %d: %v %v", off, err, v)
		}
		h := rec.WarcHeader()
		switch {
		case rec.Type() == gowarc.Conversion && h.Get(gowarc.WarcRecordID) == app.RenderRecordID:
			conv = h.Get(gowarc.WarcRefersTo) == app.WARCRecordID && strings.HasSuffix(h.Get(gowarc.WarcTargetURI), "/treatment")
		case rec.Type() == gowarc.Response && strings.HasSuffix(h.Get(gowarc.WarcTargetURI), "/static/app.js"):
			js = true
		}
		rec.Close()
	}
	if !conv || !js {
		t.Errorf("capture: conversion record linked %v, script response recorded %v", conv, js)
	}
}

func TestRenderOff(t *testing.T) {
	_, pages, claims, asked, _ := renderScan(t, false)
	if p := pages["/treatment"]; !p.Thin || p.Render != "" {
		t.Errorf("/treatment with --render=false: thin %v render %q", p.Thin, p.Render)
	}
	for _, c := range claims {
		if c.Kind == "price" {
			t.Errorf("a price without rendering: %+v", c)
		}
	}
	if got := strings.Join(asked, " "); strings.Contains(got, "app.js") {
		t.Errorf("sub-requests without rendering: %s", got)
	}
}

// Without Chromium, --render is a one-line note and the pages stay thin.
func TestRenderNoChromium(t *testing.T) {
	t.Setenv("CHROMIUM", "")
	t.Setenv("PATH", t.TempDir())
	_, pages, _, _, stderr := renderScan(t, true)
	if !strings.Contains(stderr, "thin pages are not rendered: Chromium is not installed") {
		t.Errorf("stderr: %s", stderr)
	}
	if p := pages["/treatment"]; !p.Thin || p.Render != "" {
		t.Errorf("/treatment without Chromium: thin %v render %q", p.Thin, p.Render)
	}
}

// A browser that does not start fails each thin page's render at once,
// with the reason in its note; the scan goes on.
func TestRenderBrokenChromium(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "chromium")
	if err := os.WriteFile(bad, []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHROMIUM", bad)
	_, pages, _, _, _ := renderScan(t, true)
	for _, u := range []string{"/treatment", "/loading"} {
		if p := pages[u]; !p.Thin || p.Render != "failed" || !strings.Contains(p.AnalysisNote, "not rendered: start browser") {
			t.Errorf("%s: thin %v render %q note %q", u, p.Thin, p.Render, p.AnalysisNote)
		}
	}
}
