// Package wacz packages a crawl's WARC capture as a WACZ 1.1.1 file
// (https://specs.webrecorder.net/wacz/1.1.1/), the format ReplayWeb.page and
// other Webrecorder tools open directly: a ZIP holding the WARC under
// archive/, a CDXJ index of its records under indexes/, the list of pages
// under pages/, and datapackage.json with the sha256 and size of every file.
//
// The package reads the WARC the crawler wrote (one gzip member per record)
// and never changes it; it does not fetch anything. Check reads a WACZ back
// the way a replay tool does and is the package's acceptance test.
package wacz

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Version is the WACZ specification version written.
const Version = "1.1.1"

// Paths inside a WACZ.
const (
	PagesPath      = "pages/pages.jsonl"
	IndexPath      = "indexes/index.cdxj"
	PackagePath    = "datapackage.json"
	DigestPath     = "datapackage-digest.json"
	archivePrefix  = "archive/"
	pagesHeaderFmt = "json-pages-1.0"
)

// Page is a page to list in pages/pages.jsonl: an HTML page the crawl
// fetched, named by the WARC-Record-ID of its response record.
type Page struct {
	URL      string    // the URL fetched; the record's WARC-Target-URI is listed when the record is found
	Title    string    // may be empty
	RecordID string    // WARC-Record-ID of the response record, angle brackets included
	Fetched  time.Time // used when the record has no usable WARC-Date
}

// Options describe the package in datapackage.json.
type Options struct {
	Software    string    // e.g. "clinicaudit/0.1.0"
	Title       string    // may be empty
	Description string    // may be empty
	Created     time.Time // zero means now; also the ZIP entries' modification time
}

// Result tells what Write packaged.
type Result struct {
	Records  int      // WARC records indexed (response, revisit, resource)
	Pages    int      // pages listed
	Unlisted []string // URLs of pages left out because their record is not in the WARC
}

// PageLine is a line of pages/pages.jsonl after the header line.
type PageLine struct {
	URL   string `json:"url"`
	TS    string `json:"ts"` // RFC 3339, UTC
	Title string `json:"title,omitempty"`
	ID    string `json:"id"`
}

// pagesHeader is the first line of pages/pages.jsonl.
type pagesHeader struct {
	Format string `json:"format"`
	ID     string `json:"id"`
	Title  string `json:"title"`
}

// Resource is an entry of datapackage.json's resources.
type Resource struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Hash  string `json:"hash"` // "sha256:" and lower-case hex
	Bytes int64  `json:"bytes"`
}

// Package is datapackage.json.
type Package struct {
	Profile     string     `json:"profile"`
	WACZVersion string     `json:"wacz_version"`
	Software    string     `json:"software,omitempty"`
	Created     string     `json:"created"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Resources   []Resource `json:"resources"`
}

// PackageDigest is datapackage-digest.json.
type PackageDigest struct {
	Path string `json:"path"`
	Hash string `json:"hash"`
}

// Write builds the WACZ of the WARC file warcPath at dst: it indexes the
// WARC, lists pages (in the order given), and writes the ZIP to a
// temporary file in dst's folder that is synced and renamed over dst, so
// dst is either the previous file or the complete new one. The WARC is
// stored uncompressed in the ZIP (its records are gzip members already),
// which keeps every CDXJ offset a plain byte range inside the ZIP entry.
func Write(dst, warcPath string, pages []Page, opt Options) (Result, error) {
	var res Result
	removeStale(dst)
	idx, err := Index(warcPath)
	if err != nil {
		return res, err
	}
	res.Records = len(idx.Entries)
	warcName := filepath.Base(warcPath)
	for i := range idx.Entries {
		idx.Entries[i].Filename = warcName
	}

	var pagesBuf bytes.Buffer
	enc := json.NewEncoder(&pagesBuf)
	enc.SetEscapeHTML(false)
	enc.Encode(pagesHeader{Format: pagesHeaderFmt, ID: "pages", Title: "All Pages"})
	for _, p := range pages {
		e, ok := idx.byID[p.RecordID]
		if !ok {
			res.Unlisted = append(res.Unlisted, p.URL)
			continue
		}
		ts := e.Date
		if ts.IsZero() {
			ts = p.Fetched
		}
		line := PageLine{URL: e.URL, TS: ts.UTC().Format(time.RFC3339), Title: strings.TrimSpace(p.Title), ID: recordUUID(p.RecordID)}
		if err := enc.Encode(line); err != nil {
			return res, fmt.Errorf("page %s: %w", p.URL, err)
		}
		res.Pages++
	}
	var cdxj bytes.Buffer
	if err := idx.WriteCDXJ(&cdxj); err != nil {
		return res, err
	}

	created := opt.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	err = writeAtomic(dst, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		pkg := Package{Profile: "data-package", WACZVersion: Version, Software: opt.Software,
			Created: created.Format(time.RFC3339), Title: opt.Title, Description: opt.Description}
		add := func(name string, method uint16, src io.Reader) (int64, error) {
			fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: created})
			if err != nil {
				return 0, err
			}
			h := sha256.New()
			n, err := io.Copy(io.MultiWriter(fw, h), src)
			if err != nil {
				return n, fmt.Errorf("%s: %w", name, err)
			}
			if name != PackagePath && name != DigestPath {
				pkg.Resources = append(pkg.Resources, Resource{Name: filepath.Base(name), Path: name, Hash: hashString(h), Bytes: n})
			}
			return n, nil
		}
		f, err := os.Open(warcPath)
		if err != nil {
			return err
		}
		n, err := add(archivePrefix+warcName, zip.Store, f)
		f.Close()
		if err != nil {
			return err
		}
		if n != idx.Size {
			return fmt.Errorf("%s changed while it was packaged (%d bytes indexed, %d copied)", warcPath, idx.Size, n)
		}
		if _, err := add(IndexPath, zip.Deflate, &cdxj); err != nil {
			return err
		}
		if _, err := add(PagesPath, zip.Deflate, &pagesBuf); err != nil {
			return err
		}
		pj, err := json.MarshalIndent(pkg, "", "  ")
		if err != nil {
			return err
		}
		if _, err := add(PackagePath, zip.Deflate, bytes.NewReader(pj)); err != nil {
			return err
		}
		sum := sha256.Sum256(pj)
		dj, err := json.MarshalIndent(PackageDigest{Path: PackagePath, Hash: "sha256:" + hex.EncodeToString(sum[:])}, "", "  ")
		if err != nil {
			return err
		}
		if _, err := add(DigestPath, zip.Deflate, bytes.NewReader(dj)); err != nil {
			return err
		}
		return zw.Close()
	})
	return res, err
}

// recordUUID returns the uuid of "<urn:uuid:...>", or the id itself.
func recordUUID(id string) string {
	return strings.TrimSuffix(strings.TrimPrefix(id, "<urn:uuid:"), ">")
}

func tempPattern(dst string) string { return "." + filepath.Base(dst) + ".*.tmp" }

// removeStale removes the temporary files of earlier writes of dst that
// were killed before they could clean up.
func removeStale(dst string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), tempPattern(dst)))
	for _, s := range stale {
		os.Remove(s)
	}
}

func hashString(h hash.Hash) string { return "sha256:" + hex.EncodeToString(h.Sum(nil)) }

// writeAtomic writes dst through a temporary file in the same folder,
// synced and renamed into place; on failure dst is left as it was.
func writeAtomic(dst string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(dst), tempPattern(dst))
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if err := write(f); err != nil {
		return fail(err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}
