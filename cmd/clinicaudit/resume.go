package main

// Resuming an interrupted scan: `scan --resume --out DIR [SEED...]`.
//
// A scan writes scan.json (complete: false) and seeds.txt before its first
// fetch, and a site's pages and claims before the sites.jsonl line that
// marks the site finished. A resumed scan trusts sites.jsonl alone: lines of
// pages.jsonl and claims.jsonl that belong to any other site were written by
// a scan killed between those writes, and are dropped before anything is
// fetched; those sites are crawled again. The WARC capture is appended to
// (its records of unfinished sites stay, unreferenced).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// seedsFile keeps the seed list of a scan with display names, which
// scan.json does not record, so a resumed scan can name its sites.
const seedsFile = "seeds.txt"

// readScanMeta reads DIR/scan.json.
func readScanMeta(dir string) (report.Scan, error) {
	var meta report.Scan
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return meta, usageErr("%s is a file, not a scan folder", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "scan.json"))
	if errors.Is(err, os.ErrNotExist) {
		return meta, usageErr("%s is not a scan folder (no scan.json)", dir)
	}
	if err != nil {
		return meta, err
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, usageErr("%s: %v", filepath.Join(dir, "scan.json"), err)
	}
	return meta, nil
}

// resumeDefaults fills, for `scan --resume`, what the command line left
// out from the interrupted scan's scan.json: the seeds (with the names kept
// in seeds.txt) when no SEED is given, the crawl options whose flags were
// not set, and the evidence table when it was a file.
func resumeDefaults(fs *flag.FlagSet, o *scanOptions, meta report.Scan, pos []string) ([]seeds.Seed, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	opt := meta.Options
	if !set["max-pages"] && opt.MaxPages > 0 {
		o.crawl.MaxPages = opt.MaxPages
	}
	if !set["max-depth"] {
		o.crawl.MaxDepth = opt.MaxDepth
	}
	if !set["sites"] && opt.Sites > 0 {
		o.crawl.Sites = opt.Sites
	}
	if !set["user-agent"] && opt.UserAgent != "" {
		o.crawl.UserAgent = opt.UserAgent
	}
	if !set["ignore-robots"] {
		o.crawl.IgnoreRobots = opt.IgnoreRobots
	}
	if !set["allow-private"] {
		o.crawl.AllowPrivate = opt.AllowPrivate
	}
	for _, d := range []struct {
		flag, value string
		dst         *time.Duration
	}{{"delay", opt.Delay, &o.crawl.Delay}, {"timeout", opt.Timeout, &o.crawl.Timeout}} {
		if set[d.flag] || d.value == "" {
			continue
		}
		v, err := time.ParseDuration(d.value)
		if err != nil {
			return nil, usageErr("%s: options.%s %q: %v", filepath.Join(o.out, "scan.json"), d.flag, d.value, err)
		}
		*d.dst = v
	}
	if !set["evidence"] && meta.Evidence.Source != "" && meta.Evidence.Source != "built-in" {
		o.evidence = meta.Evidence.Source
	}
	if len(pos) > 0 {
		return readSeeds(pos)
	}
	if len(meta.Seeds) == 0 {
		return nil, usageErr("%s lists no seeds; give the SEEDs to resume with", filepath.Join(o.out, "scan.json"))
	}
	names := map[string]string{}
	if f, err := os.Open(filepath.Join(o.out, seedsFile)); err == nil {
		l, err := seeds.ParseList(f, filepath.Join(o.out, seedsFile))
		f.Close()
		if err == nil {
			for _, s := range l {
				names[s.URL] = s.Name
			}
		}
	}
	out := make([]seeds.Seed, 0, len(meta.Seeds))
	for _, u := range meta.Seeds {
		out = append(out, seeds.Seed{URL: u, Name: names[u]})
	}
	return out, nil
}

// writeSeedsFile writes the seed list, names included, as a seed file.
func writeSeedsFile(dir string, list []seeds.Seed) error {
	var b bytes.Buffer
	b.WriteString("# The seeds of this scan (clinicaudit scan --resume reads the names from here).\n")
	for _, s := range list {
		name := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, s.Name)
		if name != "" {
			fmt.Fprintf(&b, "%s\t%s\n", s.URL, name)
		} else {
			fmt.Fprintf(&b, "%s\n", s.URL)
		}
	}
	return writeFileAtomic(filepath.Join(dir, seedsFile), b.Bytes())
}

// writeScanMeta writes DIR/scan.json (report.Write rewrites it at the end).
func writeScanMeta(dir string, meta report.Scan) error {
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, "scan.json"), append(b, '\n'))
}

// finishedSites reads sites.jsonl: the ids of the sites a scan finished.
func finishedSites(dir string) (map[string]bool, error) {
	done := map[string]bool{}
	recs, err := report.ReadJSONL[siteRecord](filepath.Join(dir, "sites.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	for _, r := range recs {
		done[r.Site.ID] = true
	}
	return done, nil
}

// keepFinished rewrites a JSON Lines file keeping only the complete lines
// whose "site" is in done, through a temporary file renamed into place. It
// returns how many lines it dropped. A missing file is left missing.
func keepFinished(path string, done map[string]bool) (dropped int, err error) {
	in, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(tmp, 64<<10)
	for n := 1; ; n++ {
		line, rerr := r.ReadBytes('\n')
		if errors.Is(rerr, io.EOF) {
			if len(line) > 0 {
				dropped++ // a fragment without its "\n": a write cut short
			}
			break
		}
		if rerr != nil {
			return 0, rerr
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v struct {
			Site string `json:"site"`
		}
		if err := json.Unmarshal(line, &v); err != nil {
			return 0, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if !done[v.Site] {
			dropped++
			continue
		}
		if _, err := w.Write(line); err != nil {
			return 0, err
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp made it 0600
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	return dropped, os.Rename(tmp.Name(), path)
}

// prepareResume makes an interrupted scan's folder consistent before new
// fetches: sites.jsonl decides which sites are finished, and lines of
// pages.jsonl and claims.jsonl of other sites are dropped.
func prepareResume(dir string, stderr io.Writer) (map[string]bool, error) {
	done, err := finishedSites(dir)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"pages.jsonl", "claims.jsonl"} {
		n, err := keepFinished(filepath.Join(dir, name), done)
		if err != nil {
			return nil, fmt.Errorf("resume: %w", err)
		}
		if n > 0 {
			fmt.Fprintf(stderr, "clinicaudit: resume: dropped %d lines of unfinished sites from %s\n", n, name)
		}
	}
	return done, nil
}

// writeFileAtomic writes data to path with report.WriteAtomic.
func writeFileAtomic(path string, data []byte) error {
	return report.WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
