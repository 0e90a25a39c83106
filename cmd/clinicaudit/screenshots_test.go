package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/report/screenshot"
)

// TestDemoScreenshots: with --screenshots every page quoted by a high or
// medium finding has a screenshot rendered from the capture, every quote on
// it is highlighted inside its crop, and the files match their sha256.
func TestDemoScreenshots(t *testing.T) {
	if screenshot.Find() == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium not installed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	list, _, stop, err := demoServers(ctx, func(_ string, h http.Handler) http.Handler { return h })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	dir := filepath.Join(t.TempDir(), "out")
	o := scanOptions{out: dir, crawl: crawler.DefaultConfig(), shots: true, requisites: requisitesQuoted}
	o.crawl.Delay = 20 * time.Millisecond
	var stdout, stderr bytes.Buffer
	if err := scan(ctx, o, list, &stdout, &stderr); err != nil {
		t.Fatalf("scan: %v\n%s", err, stderr.String())
	}

	findings, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	shots, err := report.ReadJSONL[shotLine](filepath.Join(dir, "screenshots.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]shotLine{}
	for _, s := range shots {
		byID[s.WARCRecordID] = s
		checkFile(t, dir, s.File, s.SHA256)
		if len(s.Refused) > 0 { // --requisites quoted: the demo's images are same-site
			t.Errorf("%s: the capture lacks %v", s.URL, s.Refused)
		}
	}
	quoted := 0
	for _, f := range findings {
		if f.Severity != assess.High && f.Severity != assess.Medium {
			continue
		}
		for _, q := range f.Quotes {
			if q.PDFPage > 0 {
				continue // PDF documents are not rendered
			}
			s, ok := byID[q.WARCRecordID]
			if !ok {
				t.Errorf("quoted page %s (%s) has no screenshot", q.URL, q.WARCRecordID)
				continue
			}
			quoted++
			var sq *shotQuote
			for i := range s.Quotes {
				if s.Quotes[i].Sentence == q.Sentence {
					sq = &s.Quotes[i]
				}
			}
			if sq == nil || !sq.Found || sq.Box.W == 0 || !sq.Box.Inside(sq.Crop) || !sq.Crop.Inside(screenshot.Box{W: s.Width, H: s.Height}) {
				t.Errorf("quote %q on %s: %+v", q.Sentence, q.URL, sq)
				continue
			}
			checkFile(t, dir, sq.File, sq.SHA256)
			if want := (assess.Screenshot{Path: filepath.ToSlash(sq.File), SHA256: sq.SHA256}); q.Screenshot != want {
				t.Errorf("quote %q on %s: findings.jsonl screenshot %+v, want %+v", q.Sentence, q.URL, q.Screenshot, want)
			}
		}
	}
	if quoted == 0 {
		t.Fatal("no quotes of high or medium findings in the demo")
	}
	// Each site PDF with a screenshot embeds it; `report DIR` renders the
	// same bytes from the files on disk, without a browser.
	hashes := func() map[string]string {
		out := map[string]string{}
		files, _ := filepath.Glob(filepath.Join(dir, "reports", "*.pdf"))
		files = append(files, filepath.Join(dir, "findings.jsonl"), filepath.Join(dir, "summary.pdf"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			out[filepath.Base(f)] = hex.EncodeToString(sum[:])
		}
		return out
	}
	before := hashes()
	t.Setenv("PATH", t.TempDir()) // no Chromium, no poppler: report needs neither
	if code, _, stderr := runCLI("report", dir); code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	for f, h := range hashes() {
		if before[f] != h {
			t.Errorf("%s changed when re-rendered by report", f)
		}
	}
}

func checkFile(t *testing.T, dir, name, sum string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Errorf("screenshot file: %v", err)
		return
	}
	if got := sha256.Sum256(b); hex.EncodeToString(got[:]) != sum {
		t.Errorf("%s: sha256 %x, screenshots.jsonl says %s", name, got, sum)
	}
}
