package report

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/sourcegraph/conc/pool"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/extract"
)

// Write writes the files of the output folder that report owns into dir:
// reports/FILE.pdf for every site (FILE from SiteFileName), then the index
// files (see WriteIndex). pages.jsonl and claims.jsonl are written by the
// caller as the scan runs.
//
// Every file is written to a temporary name in its final directory and
// renamed into place, so a crash never leaves a truncated file behind.
// Site reports are rendered concurrently, at most GOMAXPROCS at a time;
// Write returns once every rendering goroutine has finished. It stops early
// when ctx is cancelled and returns the first error.
func Write(ctx context.Context, dir string, scan Scan, sites []Site) error {
	p := pool.New().WithContext(ctx).WithCancelOnError().WithFirstError().
		WithMaxGoroutines(max(1, runtime.GOMAXPROCS(0)))
	for _, s := range sites {
		if ctx.Err() != nil {
			break // Go would block on a full pool; stop submitting instead
		}
		p.Go(func(ctx context.Context) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return WriteSite(dir, scan, s)
		})
	}
	if err := p.Wait(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return WriteIndex(dir, scan, sites)
}

// WriteSite renders one site's report to reports/FILE.pdf in dir. A site
// report depends only on the scan's start time and identity and on the
// site itself, so a scan renders each site as soon as it is finished and
// then keeps only a Compact copy. WriteSite is safe for concurrent use.
func WriteSite(dir string, scan Scan, site Site) error {
	reports := filepath.Join(dir, "reports")
	if err := os.MkdirAll(reports, 0o755); err != nil {
		return err
	}
	site.Images = loadImages(dir, site)
	var buf bytes.Buffer
	if err := SitePDF(&buf, scan, site); err != nil {
		return fmt.Errorf("render report of %s: %w", site.Site.ID, err)
	}
	return WriteAtomic(filepath.Join(reports, SiteFileName(site.Site.ID)), func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// WriteIndex writes the files about the whole batch: findings.jsonl,
// sites.csv, findings.csv, changes.jsonl (when the scan was compared with an
// earlier one), summary.pdf and, last, scan.json. It needs of each site only
// what Compact keeps.
func WriteIndex(dir string, scan Scan, sites []Site) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var findings []assess.Finding
	for _, s := range sites {
		findings = append(findings, s.Findings...)
	}
	steps := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"findings.jsonl", func(w io.Writer) error { return writeJSONLines(w, findings) }},
		{"sites.csv", func(w io.Writer) error { return WriteSitesCSV(w, sites) }},
		{"findings.csv", func(w io.Writer) error { return WriteFindingsCSV(w, sites) }},
	}
	if scan.Previous != nil {
		steps = append(steps, struct {
			name string
			fn   func(io.Writer) error
		}{"changes.jsonl", func(w io.Writer) error { return writeJSONLines(w, scan.Changes) }})
	}
	for _, st := range steps {
		if err := WriteAtomic(filepath.Join(dir, st.name), st.fn); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := SummaryPDF(&buf, scan, sites); err != nil {
		return fmt.Errorf("render summary: %w", err)
	}
	err := WriteAtomic(filepath.Join(dir, "summary.pdf"), func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	// scan.json last: a scan that says "complete" has every batch file.
	return WriteAtomic(filepath.Join(dir, "scan.json"), func(w io.Writer) error {
		b, err := json.MarshalIndent(scan, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// Compact returns the part of a site that WriteIndex and Changes need: its
// result, findings, price claims, one claim per condition and cell type
// (for their labels) and the pages that failed or were excluded. A scan
// keeps this, not the whole site, once the site's report is written, so
// its memory does not grow with the pages it reads.
func Compact(s Site) Site {
	out := Site{SiteResult: s.SiteResult, Findings: s.Findings, Places: s.Places, People: s.People, ClaimCount: s.Claimed(), OtherPrices: s.OtherPrices}
	seen := map[string]bool{}
	for _, c := range s.Claims {
		switch c.Kind {
		case extract.KindPrice:
			// Distinct prices only, without their sentences: the batch
			// files need amounts, currency and unit.
			if k := fmt.Sprint(c.Text, c.Amount, c.AmountMax, c.Currency, c.Per, c.Qualifier); !c.Negated && c.Price != nil && !seen[k] {
				seen[k] = true
				c.Sentence, c.Heading = "", ""
				out.Claims = append(out.Claims, c)
			}
		case extract.KindCondition, extract.KindCellType:
			if k := c.Kind + c.ID; !seen[k] {
				seen[k] = true
				c.Sentence = "" // labels only
				out.Claims = append(out.Claims, c)
			}
		}
	}
	for _, p := range s.Pages {
		if p.Kind == "" && (p.Error != "" || p.Analysis == extract.AnalysisNotLanguage || p.Thin) {
			out.Pages = append(out.Pages, p)
		}
	}
	return out
}

// WriteAtomic writes path atomically: fill writes to a temporary file in
// the same directory, which is synced and renamed over path only when
// everything succeeded, so a crash never leaves a truncated file behind.
func WriteAtomic(path string, fill func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = fill(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// SiteFileName returns the report file name of a site id, safe on every
// common file system: "127.0.0.1:41233" gives "127.0.0.1_41233.pdf". It
// lower-cases the id, keeps ASCII letters, digits, '.' and '-', replaces
// every other byte with '_', avoids names Windows reserves (CON, NUL,
// COM1...) and keeps names short. Distinct ids can share a name; Write and
// SummaryPDF use ReportFiles, which tells them apart.
func SiteFileName(siteID string) string {
	var b strings.Builder
	for i := 0; i < len(siteID); i++ {
		c := siteID[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.', c == '-':
			b.WriteByte(c)
		default:
			b.WriteByte('_')
		}
	}
	name := strings.Trim(b.String(), ".") // no hidden files, no trailing dot (Windows)
	if name == "" {
		name = "site"
	}
	if reservedName(name) {
		name = "_" + name
	}
	// The name must identify the site on its own (reports are written as
	// each site finishes, before the others are known): when making it safe
	// lost information, a short hash of the id keeps two ids apart.
	lossless := strings.ReplaceAll(siteID, ":", "_")
	const maxLen = 120
	if len(name) > maxLen || name != lossless || strings.Contains(siteID, "_") {
		sum := sha256.Sum256([]byte(siteID))
		name = name[:min(len(name), maxLen-13)] + "-" + hex.EncodeToString(sum[:6])
	}
	return name + ".pdf"
}

// reservedName reports whether a file name is reserved on Windows, whatever
// its extension.
func reservedName(name string) bool {
	base := strings.ToUpper(strings.SplitN(name, ".", 2)[0])
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) &&
		base[3] >= '0' && base[3] <= '9' {
		return true
	}
	return false
}

// ReportFiles maps every site id to the file name of its report in
// reports/: SiteFileName, with "-2", "-3"... added in the order given when
// two ids would share a name. The summary's links use the same mapping.
func ReportFiles(sites []Site) map[string]string {
	out := make(map[string]string, len(sites))
	used := make(map[string]bool, len(sites))
	for _, s := range sites {
		if _, ok := out[s.Site.ID]; ok {
			continue
		}
		name := SiteFileName(s.Site.ID)
		base := strings.TrimSuffix(name, ".pdf")
		for n := 2; used[name]; n++ {
			name = fmt.Sprintf("%s-%d.pdf", base, n)
		}
		used[name] = true
		out[s.Site.ID] = name
	}
	return out
}

// loadImages reads the screenshot crops the site's quotes name from dir,
// keeping those whose sha256 matches the quote's: a missing or changed
// file is left out of the report rather than shown unverified.
func loadImages(dir string, site Site) map[string][]byte {
	var out map[string][]byte
	for _, f := range site.Findings {
		for _, q := range f.Quotes {
			sh := q.Screenshot
			if sh.Path == "" || out[sh.Path] != nil || !filepath.IsLocal(sh.Path) {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, sh.Path))
			if err != nil {
				continue
			}
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != sh.SHA256 {
				continue
			}
			if out == nil {
				out = map[string][]byte{}
			}
			out[sh.Path] = b
		}
	}
	return out
}
