package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/crawler"
)

// TestProgress checks what the progress display shows on a terminal (sites
// done of the total, pages, errors, rate, time left) and that it draws
// nothing when stderr is not a terminal.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 10, 2, true)
	for range 5 {
		p.page(crawler.Page{Status: 200})
	}
	p.page(crawler.Page{Error: crawler.ErrTimeout})
	p.page(crawler.Page{Error: crawler.ErrRobots})
	p.siteDone()
	out := buf.String()
	for _, want := range []string{"(3/10)", "sites", "5 pages", "1 errors", "pages/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output lacks %q:\n%q", want, out)
		}
	}
	p.finish()

	buf.Reset()
	q := newProgress(&buf, 10, 0, false)
	q.page(crawler.Page{Status: 200})
	q.siteDone()
	q.finish()
	if buf.Len() != 0 {
		t.Errorf("hidden progress wrote %q", buf.String())
	}

	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) || isTerminal(&buf) {
		t.Error("a file or a buffer taken for a terminal")
	}
}
