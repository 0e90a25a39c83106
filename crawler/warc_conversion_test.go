package crawler

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"
)

// TestWARCConversion: a rendered DOM is a valid conversion record that
// refers to the page's response record, for gowarc and for warcio.
func TestWARCConversion(t *testing.T) {
	srv := newTestServer(t, pages(map[string]string{"/": `<div id="root"></div>`}))
	w, path := openTestWARC(t)
	cfg := testConfig()
	cfg.WARC = w
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	page := res.pages[0]
	dom := []byte(`<!DOCTYPE html><html><head></head><body><div id="root"><p>Stem cells for autism: $14,500.</p></div></body></html>`)
	id, err := w.WriteConversion(page.FinalURL, page.WARCRecordID, time.Now(), "text/html; charset=utf-8", dom)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	var found bool
	for _, h := range readWARCWithLibrary(t, path) {
		if h.Get(gowarc.WarcRecordID) == id {
			found = h.Get(gowarc.WarcType) == "conversion" && h.Get(gowarc.WarcRefersTo) == page.WARCRecordID &&
				h.Get(gowarc.WarcTargetURI) == page.FinalURL && strings.HasPrefix(h.Get(gowarc.WarcBlockDigest), "sha256:")
		}
	}
	if !found {
		t.Fatal("conversion record missing or wrong")
	}
	bin, err := exec.LookPath("warcio")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("warcio (npm) is not installed; .ci/run installs it")
		}
		t.Skip("warcio (npm) not installed")
	}
	out, err := exec.Command(bin, "index", path, "--fields", "warc-type,warc-record-id,warc-refers-to").Output()
	if err != nil {
		t.Fatalf("warcio index: %v", err)
	}
	ok := false
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var m map[string]string
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("warcio output %q: %v", l, err)
		}
		if m["warc-record-id"] == id {
			ok = m["warc-type"] == "conversion" && m["warc-refers-to"] == page.WARCRecordID
		}
	}
	if !ok {
		t.Errorf("warcio does not see the conversion record: %s", out)
	}
}
