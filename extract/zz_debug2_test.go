package extract

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDebugCorpus(t *testing.T) {
	home, _ := os.UserHomeDir()
	var files []string
	for _, d := range []string{"FuzzPDF", "FuzzPDFDebug"} {
		m, _ := filepath.Glob(filepath.Join(home, ".cache/go-build/fuzz/github.com/clinicaudit/clinicaudit/extract", d, "*"))
		files = append(files, m...)
	}
	e := testExtractor(t)
	e.Entities = false
	e.Budget = 2 * time.Second
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		lines := strings.SplitN(string(raw), "\n", 2)
		s := strings.TrimSpace(lines[1])
		s = strings.TrimSuffix(strings.TrimPrefix(s, "[]byte("), ")")
		b, err := strconv.Unquote(s)
		if err != nil {
			t.Logf("%s: %v", f, err)
			continue
		}
		start := time.Now()
		res, _ := e.Extract(Input{URL: "x.pdf", Body: []byte(b)})
		t.Logf("%v %s %d %s %q", time.Since(start).Round(time.Millisecond), filepath.Base(f), len(b), res.Analysis, clipNote(res.AnalysisNote))
	}
}
