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

func TestMergeNames(t *testing.T) {
	got := mergeNames(map[string]int{"Mariana Ortega": 2, "Mariana Ortega Villaseñor": 1, "Ana Ruiz": 1, "Ana Ruiz Soto": 1, "Ana Ruiz Diaz": 1})
	want := map[string]int{"Mariana Ortega Villaseñor": 3, "Ana Ruiz": 1, "Ana Ruiz Soto": 1, "Ana Ruiz Diaz": 1}
	if len(got) != len(want) {
		t.Fatalf("mergeNames = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("mergeNames = %v, want %v", got, want)
		}
	}
}
