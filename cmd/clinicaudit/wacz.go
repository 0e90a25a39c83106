package main

import (
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"time"

	"github.com/clinicaudit/clinicaudit/crawler/wacz"
	"github.com/clinicaudit/clinicaudit/report"
)

// writeWACZ packages the folder's capture.warc.gz as capture.wacz, listing
// every HTML page of pages.jsonl (the finished sites' pages, all sessions
// of a resumed scan included), so ReplayWeb.page shows the page list.
func writeWACZ(dir string, meta report.Scan, stderr io.Writer) error {
	pages, err := report.ReadJSONL[report.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		return err
	}
	var list []wacz.Page
	for _, p := range pages {
		if !p.OK() || p.WARCRecordID == "" || p.Kind != "" || !isHTMLPage(p) {
			continue
		}
		list = append(list, wacz.Page{URL: p.URL, Title: p.Title, RecordID: p.WARCRecordID, Fetched: p.FetchedAt})
	}
	dst := filepath.Join(dir, "capture.wacz")
	res, err := wacz.Write(dst, filepath.Join(dir, "capture.warc.gz"), list, wacz.Options{
		Software:    "clinicaudit/" + version,
		Title:       "clinicaudit scan of " + meta.StartedAt.Format("2006-01-02 15:04 UTC"),
		Description: fmt.Sprintf("Capture of %d stem-cell clinic websites by clinicaudit; pages.jsonl and findings.jsonl of the scan folder name each page's WARC record.", len(meta.Seeds)),
		Created:     time.Now(),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "clinicaudit: evidence package %s: %d pages listed, %d captures indexed (open it in ReplayWeb.page)\n", dst, res.Pages, res.Records)
	if n := len(res.Unlisted); n > 0 {
		fmt.Fprintf(stderr, "clinicaudit: %d pages of pages.jsonl have no record in the capture and are not listed (first: %s)\n", n, res.Unlisted[0])
	}
	return nil
}

// isHTMLPage reports whether a fetched page is an HTML document: served as
// HTML, or analysed as one by extract.
func isHTMLPage(p report.Page) bool {
	mt, _, _ := mime.ParseMediaType(p.ContentType)
	return mt == "text/html" || mt == "application/xhtml+xml" || p.Role != ""
}
