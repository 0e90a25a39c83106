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
	o := scanOptions{out: dir, crawl: crawler.DefaultConfig(), shots: true}
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
		}
	}
	if quoted == 0 {
		t.Fatal("no quotes of high or medium findings in the demo")
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
