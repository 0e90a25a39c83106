package wacz

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/clinicaudit/clinicaudit/crawler"
)

// Checked is what Check read from a WACZ.
type Checked struct {
	Package PackageDigest
	Pages   []PageLine
	Entries []Entry // CDXJ entries in file order
	// Resolved maps each page id to the CDXJ entry its URL and time
	// resolve to, as a replay tool picks it.
	Resolved map[string]Entry
}

// Check opens the WACZ at path and reads it the way ReplayWeb.page (wabac.js)
// does, failing on the first problem:
//   - datapackage-digest.json holds the sha256 of datapackage.json, and
//     datapackage.json lists every other file with its sha256 and size, both
//     checked against the bytes in the ZIP;
//   - pages/pages.jsonl starts with a json-pages-1.0 header and every page
//     has an id, a URL and an RFC 3339 ts;
//   - indexes/index.cdxj is sorted and every line's key is the SURT of its
//     URL; every entry's offset and length cut exactly one gzip member out
//     of the WARC under archive/, which is a record with the entry's
//     WARC-Target-URI, date, status and payload digest, and whose digests
//     verify;
//   - every page's URL resolves through the index (by SURT key, the capture
//     closest to the page's ts) to a response record with a 2xx status.
func Check(path string) (*Checked, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		if _, dup := files[zf.Name]; dup {
			return nil, fmt.Errorf("%s: %s appears twice", path, zf.Name)
		}
		files[zf.Name] = zf
	}
	read := func(name string) ([]byte, error) {
		zf := files[name]
		if zf == nil {
			return nil, fmt.Errorf("%s: no %s", path, name)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	out := &Checked{Resolved: map[string]Entry{}}

	// Digests: datapackage-digest.json → datapackage.json → every file.
	dj, err := read(DigestPath)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(dj, &out.Package); err != nil {
		return nil, fmt.Errorf("%s: %w", DigestPath, err)
	}
	pj, err := read(PackagePath)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(pj); out.Package.Path != PackagePath || out.Package.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
		return nil, fmt.Errorf("%s: %+v does not match %s (sha256:%x)", DigestPath, out.Package, PackagePath, sum)
	}
	var pkg Package
	if err := json.Unmarshal(pj, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", PackagePath, err)
	}
	if pkg.Profile != "data-package" || pkg.WACZVersion != Version {
		return nil, fmt.Errorf("%s: profile %q, wacz_version %q", PackagePath, pkg.Profile, pkg.WACZVersion)
	}
	if _, err := time.Parse(time.RFC3339, pkg.Created); err != nil {
		return nil, fmt.Errorf("%s: created: %w", PackagePath, err)
	}
	listed := map[string]bool{}
	for _, r := range pkg.Resources {
		zf := files[r.Path]
		if zf == nil {
			return nil, fmt.Errorf("%s lists %s, which is not in the zip", PackagePath, r.Path)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		n, err := io.Copy(h, rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Path, err)
		}
		if got := hashString(h); got != r.Hash || n != r.Bytes {
			return nil, fmt.Errorf("%s: %s, %d bytes; %s says %s, %d bytes", r.Path, got, n, PackagePath, r.Hash, r.Bytes)
		}
		listed[r.Path] = true
	}
	for name := range files {
		if !listed[name] && name != PackagePath && name != DigestPath {
			return nil, fmt.Errorf("%s is in the zip but not in %s", name, PackagePath)
		}
	}

	// Pages.
	pb, err := read(PagesPath)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(pb), "\n"), "\n")
	var hdr pagesHeader
	if err := json.Unmarshal([]byte(lines[0]), &hdr); err != nil || hdr.Format != pagesHeaderFmt {
		return nil, fmt.Errorf("%s:1: header %q, want format %q", PagesPath, lines[0], pagesHeaderFmt)
	}
	ids := map[string]bool{}
	for i, l := range lines[1:] {
		var p PageLine
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", PagesPath, i+2, err)
		}
		if _, err := time.Parse(time.RFC3339, p.TS); err != nil || p.ID == "" || p.URL == "" || ids[p.ID] {
			return nil, fmt.Errorf("%s:%d: page %q needs a unique id, a url and an RFC 3339 ts", PagesPath, i+2, l)
		}
		ids[p.ID] = true
		out.Pages = append(out.Pages, p)
	}

	// Index, and every record it points at.
	ib, err := read(IndexPath)
	if err != nil {
		return nil, err
	}
	byKey := map[string][]Entry{}
	prev := ""
	for i, l := range strings.Split(strings.TrimSuffix(string(ib), "\n"), "\n") {
		if l == "" {
			continue
		}
		e, err := parseCDXJ(l)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", IndexPath, i+1, err)
		}
		if l < prev {
			return nil, fmt.Errorf("%s:%d: not sorted", IndexPath, i+1)
		}
		prev = l
		if e.Key != SURT(e.URL) {
			return nil, fmt.Errorf("%s:%d: key %q, want %q (SURT of %s)", IndexPath, i+1, e.Key, SURT(e.URL), e.URL)
		}
		if err := checkRecord(f, files, e); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", IndexPath, i+1, err)
		}
		out.Entries = append(out.Entries, e)
		byKey[e.Key] = append(byKey[e.Key], e)
	}

	// Every page resolves to a replayable response.
	for _, p := range out.Pages {
		e, ok := resolve(byKey[SURT(p.URL)], p)
		if !ok {
			return nil, fmt.Errorf("page %s (%s) has no capture in %s", p.URL, p.TS, IndexPath)
		}
		if s, _ := strconv.Atoi(e.Status); s < 200 || s > 299 {
			return nil, fmt.Errorf("page %s resolves to a capture with status %s", p.URL, e.Status)
		}
		out.Resolved[p.ID] = e
	}
	return out, nil
}

// parseCDXJ parses `KEY TIMESTAMP {JSON}`.
func parseCDXJ(l string) (Entry, error) {
	head, js, ok := strings.Cut(l, " {")
	if !ok {
		return Entry{}, fmt.Errorf("no JSON block in %q", l)
	}
	key, ts, ok := strings.Cut(head, " ")
	if !ok || len(ts) != 14 {
		return Entry{}, fmt.Errorf("want KEY TIMESTAMP(14 digits) {JSON}, got %q", head)
	}
	var e Entry
	if err := json.Unmarshal([]byte("{"+js), &e); err != nil {
		return Entry{}, err
	}
	d, err := time.Parse("20060102150405", ts)
	if err != nil {
		return Entry{}, err
	}
	e.Key, e.Timestamp, e.Date = key, ts, d
	if e.URL == "" || e.Filename == "" {
		return Entry{}, fmt.Errorf("entry %q lacks url or filename", l)
	}
	return e, nil
}

// resolve picks among the captures of a URL the one closest in time to
// the page's ts (wabac's choice), the earlier one on a tie.
func resolve(cands []Entry, p PageLine) (Entry, bool) {
	ts, _ := time.Parse(time.RFC3339, p.TS)
	var best Entry
	found := false
	for _, e := range cands {
		if e.URL != p.URL {
			continue
		}
		if !found || absDur(e.Date.Sub(ts)) < absDur(best.Date.Sub(ts)) {
			best, found = e, true
		}
	}
	return best, found
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// checkRecord reads the byte range of e out of its WARC entry in the zip
// (a ranged read, as wabac does on a stored file) and checks that it is
// exactly one gzip member holding the record e describes.
func checkRecord(f io.ReaderAt, files map[string]*zip.File, e Entry) error {
	zf := files[archivePrefix+e.Filename]
	if zf == nil {
		return fmt.Errorf("filename %q: no %s%s in the zip", e.Filename, archivePrefix, e.Filename)
	}
	if zf.Method != zip.Store {
		return fmt.Errorf("%s is compressed in the zip; WARC files must be stored", zf.Name)
	}
	off, err1 := strconv.ParseInt(e.Offset, 10, 64)
	n, err2 := strconv.ParseInt(e.Length, 10, 64)
	if err1 != nil || err2 != nil || off < 0 || n <= 0 || off+n > int64(zf.UncompressedSize64) {
		return fmt.Errorf("offset %q length %q outside %s (%d bytes)", e.Offset, e.Length, zf.Name, zf.UncompressedSize64)
	}
	base, err := zf.DataOffset()
	if err != nil {
		return err
	}
	br := bufio.NewReader(io.NewSectionReader(f, base+off, n))
	if b, _ := br.Peek(2); !bytes.Equal(b, []byte{0x1f, 0x8b}) {
		return fmt.Errorf("offset %d of %s is not the start of a gzip member", off, e.Filename)
	}
	rec, _, _, err := gowarc.NewUnmarshaler(crawler.WARCReadOptions()...).Unmarshal(br)
	if err != nil {
		return fmt.Errorf("record at offset %d of %s: %w", off, e.Filename, err)
	}
	got, ok := entryOf(rec)
	if cerr := rec.Close(); cerr != nil { // validates the digests and the member's end
		return fmt.Errorf("record at offset %d of %s: %w", off, e.Filename, cerr)
	}
	if _, err := br.Peek(1); !errors.Is(err, io.EOF) {
		return fmt.Errorf("record at offset %d of %s ends before length %d", off, e.Filename, n)
	}
	if !ok {
		return fmt.Errorf("offset %d of %s holds a %s record, not a capture", off, e.Filename, rec.Type())
	}
	if got.URL != e.URL || got.Timestamp != e.Timestamp || got.Status != e.Status || got.Digest != e.Digest || got.Mime != e.Mime {
		return fmt.Errorf("offset %d of %s holds %s %s %s %s, index says %s %s %s %s",
			off, e.Filename, got.URL, got.Timestamp, got.Status, got.Digest, e.URL, e.Timestamp, e.Status, e.Digest)
	}
	return nil
}
