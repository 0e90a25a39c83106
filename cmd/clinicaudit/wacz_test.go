package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/crawler/wacz"
	"github.com/clinicaudit/clinicaudit/report"
)

// checkWACZ reads dir/capture.wacz back as a replay tool does and checks
// that it lists exactly the HTML pages of dir/pages.jsonl, each resolving
// to its own response record (same URL, same payload digest).
func checkWACZ(t *testing.T, dir string) {
	t.Helper()
	c, err := wacz.Check(filepath.Join(dir, "capture.wacz"))
	if err != nil {
		t.Fatalf("capture.wacz: %v", err)
	}
	pages, err := report.ReadJSONL[report.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]report.Page{}
	for _, p := range pages {
		if p.OK() && p.WARCRecordID != "" && isHTMLPage(p) {
			want[strings.TrimSuffix(strings.TrimPrefix(p.WARCRecordID, "<urn:uuid:"), ">")] = p
		}
	}
	if len(want) == 0 || len(c.Pages) != len(want) {
		t.Errorf("capture.wacz lists %d pages, pages.jsonl has %d HTML pages", len(c.Pages), len(want))
	}
	for _, lp := range c.Pages {
		p, ok := want[lp.ID]
		e := c.Resolved[lp.ID]
		if !ok || lp.URL != p.FinalURL || lp.Title != strings.TrimSpace(p.Title) || !strings.EqualFold(e.Digest, "sha256:"+p.SHA256) {
			t.Errorf("listed page %+v resolves to %+v; pages.jsonl has %+v", lp, e, p.Page)
		}
	}
}

// TestDemoWACZ: a scan ends with capture.wacz beside the WARC, listing
// every HTML page it fetched.
func TestDemoWACZ(t *testing.T) {
	dir, _, _, _ := demoScan(t)
	checkWACZ(t, dir)
}
