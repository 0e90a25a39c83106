package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/report/screenshot"
)

// shotLine is a line of screenshots.jsonl: one rendered page and where each
// quote on it is highlighted.
type shotLine struct {
	Site         string      `json:"site"`
	URL          string      `json:"url"`
	WARCRecordID string      `json:"warc_record_id"`
	File         string      `json:"file"`   // relative to the scan folder
	SHA256       string      `json:"sha256"` // of File
	Width        int         `json:"width"`
	Height       int         `json:"height"`
	Truncated    bool        `json:"truncated"`
	Refused      []string    `json:"refused"` // requests the capture could not answer (page requisites not captured)
	Quotes       []shotQuote `json:"quotes"`
	RenderedAt   time.Time   `json:"rendered_at"`
}

type shotQuote struct {
	Sentence string         `json:"sentence"`
	Found    bool           `json:"found"`
	Box      screenshot.Box `json:"box"`  // in the page image
	Crop     screenshot.Box `json:"crop"` // in the page image
	File     string         `json:"file,omitempty"`
	SHA256   string         `json:"sha256,omitempty"`
	Note     string         `json:"note,omitempty"`
}

// writeScreenshots renders, from the capture, every page quoted by a high
// or medium finding of findings.jsonl, with its quoted sentences
// highlighted: screenshots/SITE/RECORD.png (full page) and
// RECORD-qN.png (the crop of quote N), listed in screenshots.jsonl.
// Without Chromium it prints one line and does nothing.
func writeScreenshots(ctx context.Context, dir string, stderr io.Writer) error {
	findings, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		return err
	}
	type page struct {
		site, url, id string
		quotes        []string
	}
	pages := map[string]*page{}
	for _, f := range findings {
		if f.Severity != assess.High && f.Severity != assess.Medium {
			continue
		}
		for _, q := range f.Quotes {
			if q.WARCRecordID == "" || strings.TrimSpace(q.Sentence) == "" || q.PDFPage > 0 { // PDFs are not rendered
				continue
			}
			p := pages[q.WARCRecordID]
			if p == nil {
				p = &page{site: f.Site, url: q.URL, id: q.WARCRecordID}
				pages[q.WARCRecordID] = p
			}
			if !containsStr(p.quotes, q.Sentence) {
				p.quotes = append(p.quotes, q.Sentence)
			}
		}
	}
	if len(pages) == 0 {
		return nil
	}
	browser := screenshot.Find()
	if browser == "" {
		fmt.Fprintf(stderr, "clinicaudit: no screenshots of the %d quoted pages: Chromium is not installed (apt-get install chromium)\n", len(pages))
		return nil
	}
	r, err := screenshot.Open(ctx, browser, filepath.Join(dir, "capture.warc.gz"))
	if err != nil {
		return err
	}
	defer r.Close()
	list := make([]*page, 0, len(pages))
	for _, p := range pages {
		list = append(list, p)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].site != list[j].site {
			return list[i].site < list[j].site
		}
		return list[i].url < list[j].url || list[i].url == list[j].url && list[i].id < list[j].id
	})
	out, err := report.OpenJSONL(filepath.Join(dir, "screenshots.jsonl"), false)
	if err != nil {
		return err
	}
	defer out.Close()
	failed, rendered := 0, 0
	var firstErr error
	for _, p := range list {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		shot, err := r.Render(ctx, p.id, p.quotes)
		if errors.Is(err, screenshot.ErrNotHTML) || errors.Is(err, screenshot.ErrNotInCapture) { // PDFs; rendered DOMs (--render)
			continue
		}
		if err != nil {
			if failed++; firstErr == nil {
				firstErr = err
			}
			continue
		}
		folder := strings.TrimSuffix(report.SiteFileName(p.site), ".pdf")
		base := filepath.Join("screenshots", folder, screenshot.SafeName(p.id))
		if err := os.MkdirAll(filepath.Join(dir, "screenshots", folder), 0o755); err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(dir, base+".png"), shot.PNG); err != nil {
			return err
		}
		line := shotLine{Site: p.site, URL: shot.URL, WARCRecordID: p.id, File: base + ".png", SHA256: shot.SHA256,
			Width: shot.Width, Height: shot.Height, Truncated: shot.Truncated, Refused: shot.Refused, RenderedAt: time.Now().UTC().Truncate(time.Second)}
		for i, h := range shot.Highlights {
			q := shotQuote{Sentence: h.Quote, Found: h.Found, Box: h.Box, Crop: h.Crop, Note: h.Note}
			if h.PNG != nil {
				q.File = fmt.Sprintf("%s-q%d.png", base, i+1)
				sum := sha256.Sum256(h.PNG)
				q.SHA256 = hex.EncodeToString(sum[:])
				if err := writeFileAtomic(filepath.Join(dir, q.File), h.PNG); err != nil {
					return err
				}
			}
			line.Quotes = append(line.Quotes, q)
		}
		if err := out.Write(line); err != nil {
			return err
		}
		rendered++
	}
	fmt.Fprintf(stderr, "clinicaudit: screenshots of %d quoted pages rendered from the capture in %s\n", rendered, filepath.Join(dir, "screenshots"))
	if failed > 0 {
		fmt.Fprintf(stderr, "clinicaudit: %d quoted pages could not be rendered (first: %v)\n", failed, firstErr)
	}
	return nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// attachScreenshots sets Quote.Screenshot on the quotes of sites that
// screenshots.jsonl in dir has a crop for (joined by warc_record_id and
// sentence). Without screenshots.jsonl it changes nothing. It reports
// whether any quote got one.
func attachScreenshots(dir string, sites []report.Site) (bool, error) {
	lines, err := report.ReadJSONL[shotLine](filepath.Join(dir, "screenshots.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	type key struct{ id, sentence string }
	crops := map[key]assess.Screenshot{}
	for _, l := range lines {
		for _, q := range l.Quotes {
			if q.File != "" && q.SHA256 != "" {
				crops[key{l.WARCRecordID, q.Sentence}] = assess.Screenshot{Path: filepath.ToSlash(q.File), SHA256: q.SHA256}
			}
		}
	}
	any := false
	for i := range sites {
		for j := range sites[i].Findings {
			f := &sites[i].Findings[j]
			if f.Severity != assess.High && f.Severity != assess.Medium {
				continue
			}
			for k := range f.Quotes {
				if sh, ok := crops[key{f.Quotes[k].WARCRecordID, f.Quotes[k].Sentence}]; ok {
					f.Quotes[k].Screenshot = sh
					any = true
				}
			}
		}
	}
	return any, nil
}

// embedScreenshots puts the crops writeScreenshots made into the reports:
// it re-renders the PDF of each site with a screenshot (its pages and
// claims read back from dir, its findings those of done) and rewrites the
// batch files, so findings.jsonl names each crop and its sha256. The
// result is what `clinicaudit report DIR` renders from the same folder.
func embedScreenshots(ctx context.Context, dir string, meta report.Scan, done []report.Site) error {
	any, err := attachScreenshots(dir, done)
	if err != nil || !any {
		return err
	}
	_, full, err := loadScan(dir)
	if err != nil {
		return err
	}
	byID := map[string]*report.Site{}
	for i := range done {
		byID[done[i].Site.ID] = &done[i]
	}
	for _, s := range full {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d := byID[s.Site.ID]
		if d == nil || !hasScreenshot(d.Findings) {
			continue
		}
		s.Findings, s.OtherPrices = d.Findings, d.OtherPrices
		if err := report.WriteSite(dir, meta, s); err != nil {
			return err
		}
	}
	return report.WriteIndex(dir, meta, done)
}

func hasScreenshot(fs []assess.Finding) bool {
	for _, f := range fs {
		for _, q := range f.Quotes {
			if q.Screenshot.Path != "" {
				return true
			}
		}
	}
	return false
}
