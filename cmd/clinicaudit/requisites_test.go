package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/report/screenshot"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// requisiteCSS draws a green square in the top left corner of every page
// that loads it.
const requisiteCSS = `body::after{content:"";position:fixed;top:0;left:0;width:24px;height:24px;background:#00c853;z-index:2147483647}`

// refName is the image a page at path references only for itself.
func refName(path string) string {
	if path == "/" || path == "" {
		return "/ref/index.png"
	}
	return "/ref/" + strings.ReplaceAll(strings.Trim(path, "/"), "/", "_") + ".png"
}

// requisiteScan scans one demo clinic whose pages each link /style.css and
// reference an image of their own (refName), an image robots.txt
// disallows and an image on another site. It returns the folder, the
// clinic's request counts by path and the other site's request count.
func requisiteScan(t *testing.T, mode string) (dir string, reqs map[string]int, otherReqs func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	reqs = map[string]int{}
	var otherN int
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		otherN++
		mu.Unlock()
		http.NotFound(w, r)
	}))
	t.Cleanup(other.Close)
	tiny := func() []byte {
		var b bytes.Buffer
		png.Encode(&b, image1x1())
		return b.Bytes()
	}()
	wrap := func(_ string, h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			reqs[r.URL.Path]++
			mu.Unlock()
			switch p := r.URL.Path; {
			case p == "/robots.txt":
				w.Header().Set("Content-Type", "text/plain")
				w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
			case p == "/style.css":
				w.Header().Set("Content-Type", "text/css")
				w.Write([]byte(requisiteCSS))
			case strings.HasPrefix(p, "/ref/") || strings.HasPrefix(p, "/private/"):
				w.Header().Set("Content-Type", "image/png")
				w.Write(tiny)
			default:
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				body := rec.Body.Bytes()
				if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
					body = bytes.Replace(body, []byte("</head>"), []byte(`<link rel="stylesheet" href="/style.css"></head>`), 1)
					body = bytes.Replace(body, []byte("</body>"), []byte(`<img src="`+refName(p)+`" alt=""><img src="/private/p.png" alt=""><img src="`+other.URL+`/o.png" alt=""></body>`), 1)
				}
				for k, v := range rec.Header() {
					if k != "Content-Length" {
						w.Header()[k] = v
					}
				}
				w.WriteHeader(rec.Code)
				w.Write(body)
			}
		})
	}
	list, sites, stop, err := demoServers(ctx, wrap)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	var seed []seeds.Seed
	for i, s := range sites {
		if s.Slug == "aurelia-cell-clinic" {
			seed = list[i : i+1]
		}
	}
	if seed == nil {
		t.Fatal("no aurelia-cell-clinic demo site")
	}
	dir = filepath.Join(t.TempDir(), "out")
	o := scanOptions{out: dir, crawl: crawler.DefaultConfig(), shots: true, requisites: mode}
	o.crawl.Delay = 20 * time.Millisecond
	var stdout, stderr bytes.Buffer
	if err := scan(ctx, o, seed, &stdout, &stderr); err != nil {
		t.Fatalf("scan: %v\n%s", err, stderr.String())
	}
	return dir, reqs, func() int { mu.Lock(); defer mu.Unlock(); return otherN }
}

// TestRequisitesQuoted: with --requisites quoted the style sheet and the
// images of the pages quoted by a high or medium finding are fetched (once,
// same-site, robots.txt obeyed), and only theirs; they are in pages.jsonl
// as kind requisite, in the WARC, and the screenshots show the style sheet.
// With --requisites none the same page renders without it.
func TestRequisitesQuoted(t *testing.T) {
	if screenshot.Find() == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium not installed")
	}
	dir, reqs, otherReqs := requisiteScan(t, requisitesQuoted)
	findings, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	quoted := map[string]bool{}
	for _, f := range findings {
		if f.Severity == assess.High || f.Severity == assess.Medium {
			for _, q := range f.Quotes {
				if q.PDFPage == 0 {
					quoted[q.WARCRecordID] = true
				}
			}
		}
	}
	pages, err := report.ReadJSONL[report.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	requisites := map[string]report.Page{}
	for _, p := range pages {
		if p.Kind == crawler.KindRequisite {
			u, _ := url.Parse(p.URL)
			requisites[u.Path] = p
		}
	}
	nQuoted := 0
	for _, p := range pages {
		if p.Kind != "" || !p.OK() || !strings.HasPrefix(p.ContentType, "text/html") {
			continue
		}
		u, _ := url.Parse(p.FinalURL)
		ref := refName(u.Path)
		_, fetched := requisites[ref]
		if quoted[p.WARCRecordID] {
			nQuoted++
		}
		if fetched != quoted[p.WARCRecordID] || reqs[ref] != map[bool]int{true: 1}[quoted[p.WARCRecordID]] {
			t.Errorf("page %s (quoted %v): its image %s recorded %v, requested %d times", p.FinalURL, quoted[p.WARCRecordID], ref, fetched, reqs[ref])
		}
	}
	if nQuoted == 0 {
		t.Fatal("no quoted HTML page")
	}
	t.Logf("%d quoted pages, %d requisites", nQuoted, len(requisites))
	if reqs["/style.css"] != 1 {
		t.Errorf("style sheet requested %d times, want 1", reqs["/style.css"])
	}
	if p, ok := requisites["/style.css"]; !ok || !p.OK() || p.WARCRecordID == "" {
		t.Errorf("style sheet in pages.jsonl: %+v", p)
	}
	if reqs["/private/p.png"] != 0 || requisites["/private/p.png"].Error != crawler.ErrRobots {
		t.Errorf("disallowed image requested %d times, recorded %+v", reqs["/private/p.png"], requisites["/private/p.png"])
	}
	if n := otherReqs(); n != 0 {
		t.Errorf("the other site got %d requests with --requisites quoted", n)
	}
	sites, err := report.ReadJSONL[siteRecord](filepath.Join(dir, "sites.jsonl"))
	if err != nil || len(sites) != 1 || sites[0].Requisites != len(requisites) {
		t.Errorf("sites.jsonl: %+v (%v), want %d requisites", sites, err, len(requisites))
	}
	checkCorner(t, dir, true)

	dir, reqs, _ = requisiteScan(t, requisitesNone)
	if reqs["/style.css"] != 0 {
		t.Errorf("--requisites none: style sheet requested %d times", reqs["/style.css"])
	}
	checkCorner(t, dir, false)
}

// checkCorner checks that every screenshot in dir shows (or not) the green
// square requisiteCSS draws.
func checkCorner(t *testing.T, dir string, want bool) {
	t.Helper()
	shots, err := report.ReadJSONL[shotLine](filepath.Join(dir, "screenshots.jsonl"))
	if err != nil || len(shots) == 0 {
		t.Fatalf("screenshots.jsonl: %d lines, %v", len(shots), err)
	}
	for _, s := range shots {
		f, err := os.Open(filepath.Join(dir, s.File))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		r, g, b, _ := img.At(8, 8).RGBA()
		green := r>>8 < 16 && g>>8 > 180 && g>>8 < 220 && b>>8 > 64 && b>>8 < 100 // #00c853
		if green != want {
			t.Errorf("%s: pixel (8,8) is %d,%d,%d; style sheet applied %v, want %v", s.URL, r>>8, g>>8, b>>8, green, want)
		}
	}
}

func image1x1() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{200, 0, 0, 255})
	return img
}

func TestRequisitesFlag(t *testing.T) {
	code, _, stderr := runCLI("scan", "--requisites", "some", "--out", filepath.Join(t.TempDir(), "o"), "http://127.0.0.1:1/")
	if code != exitUsage || !strings.Contains(stderr, "want none, quoted or all") {
		t.Errorf("--requisites some: exit %d, stderr %q", code, stderr)
	}
}
