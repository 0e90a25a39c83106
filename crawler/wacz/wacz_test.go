package wacz

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/clinicaudit/clinicaudit/crawler"
)

// capture crawls a small loopback site (pages, a redirect, an image, a 404)
// into a WARC and returns its path and the pages the crawler reported.
func capture(t *testing.T) (string, []crawler.Page) {
	t.Helper()
	mux := http.NewServeMux()
	html := func(title, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><title>%s</title><body>%s</body>", title, body)
		}
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/{$}", html("Home", `<a href="/about">about</a> <a href="/old">old</a> <a href="/pricing?b=2&a=1">pricing</a> <a href="/missing">x</a> <img src="/logo.png">`))
	mux.HandleFunc("/about", html("About us", `<a href="/">home</a>`))
	mux.HandleFunc("/new", html("Moved here", "new page"))
	mux.HandleFunc("/pricing", html("Prices — “stem cells”", "$5,000"))
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusMovedPermanently) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	path := filepath.Join(t.TempDir(), "capture.warc.gz")
	w, err := crawler.OpenWARC(path, crawler.WARCInfo{Software: "clinicaudit/test", UserAgent: crawler.DefaultUserAgent, Robots: "obey"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := crawler.DefaultConfig()
	cfg.Delay, cfg.WARC = 0, w
	site, err := crawler.NewSite(srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var pages []crawler.Page
	err = crawler.Crawl(context.Background(), cfg, []crawler.Site{site}, func(p crawler.Page) {
		mu.Lock()
		defer mu.Unlock()
		pages = append(pages, p)
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path, pages
}

// htmlPages turns the crawler's HTML pages into Pages, with titles.
func htmlPages(pages []crawler.Page) []Page {
	var out []Page
	for _, p := range pages {
		if p.OK() && strings.HasPrefix(p.ContentType, "text/html") {
			title := ""
			if i := bytes.Index(p.Body, []byte("<title>")); i >= 0 {
				title = string(p.Body[i+7 : i+bytes.Index(p.Body[i:], []byte("</title>"))])
			}
			out = append(out, Page{URL: p.URL, Title: title, RecordID: p.WARCRecordID, Fetched: p.FetchedAt})
		}
	}
	return out
}

func writeTestWACZ(t *testing.T) (string, string, []crawler.Page, Result) {
	t.Helper()
	warcPath, pages := capture(t)
	dst := filepath.Join(filepath.Dir(warcPath), "capture.wacz")
	res, err := Write(dst, warcPath, htmlPages(pages), Options{Software: "clinicaudit/test", Title: "test scan"})
	if err != nil {
		t.Fatal(err)
	}
	return dst, warcPath, pages, res
}

func zipFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = b
		if strings.HasPrefix(f.Name, archivePrefix) && f.Method != zip.Store {
			t.Errorf("%s: method %d, want stored", f.Name, f.Method)
		}
	}
	return out
}

// TestWriteStructure checks the WACZ 1.1.1 layout and every digest, by
// hand rather than through Check.
func TestWriteStructure(t *testing.T) {
	dst, warcPath, pages, res := writeTestWACZ(t)
	files := zipFiles(t, dst)
	want := []string{"archive/capture.warc.gz", IndexPath, PagesPath, PackagePath, DigestPath}
	if len(files) != len(want) {
		t.Errorf("zip holds %d files, want %v", len(files), want)
	}
	for _, n := range want {
		if _, ok := files[n]; !ok {
			t.Errorf("zip lacks %s", n)
		}
	}
	warc, _ := os.ReadFile(warcPath)
	if !bytes.Equal(files["archive/capture.warc.gz"], warc) {
		t.Error("archive/capture.warc.gz differs from the WARC")
	}

	var dg PackageDigest
	if err := json.Unmarshal(files[DigestPath], &dg); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(files[PackagePath])
	if dg.Path != PackagePath || dg.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Errorf("datapackage-digest.json = %+v, want sha256 %x of datapackage.json", dg, sum)
	}
	var pkg map[string]any
	if err := json.Unmarshal(files[PackagePath], &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg["profile"] != "data-package" || pkg["wacz_version"] != "1.1.1" || pkg["software"] != "clinicaudit/test" || pkg["title"] != "test scan" {
		t.Errorf("datapackage.json = %s", files[PackagePath])
	}
	resources, _ := pkg["resources"].([]any)
	if len(resources) != 3 {
		t.Errorf("resources = %v, want the WARC, the index and the pages", resources)
	}
	for _, r := range resources {
		m := r.(map[string]any)
		p, _ := m["path"].(string)
		sum := sha256.Sum256(files[p])
		if m["hash"] != "sha256:"+hex.EncodeToString(sum[:]) || m["bytes"] != float64(len(files[p])) || m["name"] != filepath.Base(p) {
			t.Errorf("resource %v: file has sha256:%x, %d bytes", m, sum, len(files[p]))
		}
	}

	// pages.jsonl: the header, then every HTML page by its final URL.
	lines := strings.Split(strings.TrimSpace(string(files[PagesPath])), "\n")
	if lines[0] != `{"format":"json-pages-1.0","id":"pages","title":"All Pages"}` {
		t.Errorf("pages header = %s", lines[0])
	}
	wantPages := map[string]string{}
	for _, p := range pages {
		if p.OK() && strings.HasPrefix(p.ContentType, "text/html") {
			wantPages[p.FinalURL] = strings.TrimSuffix(strings.TrimPrefix(p.WARCRecordID, "<urn:uuid:"), ">")
		}
	}
	if len(wantPages) != 4 || res.Pages != 4 || len(lines) != 5 || len(res.Unlisted) != 0 {
		t.Fatalf("pages.jsonl =\n%s\nresult %+v, want the 4 HTML pages %v", files[PagesPath], res, wantPages)
	}
	titles := map[string]string{}
	for _, l := range lines[1:] {
		var p map[string]string
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatal(err)
		}
		if wantPages[p["url"]] != p["id"] {
			t.Errorf("page %s: id %s, want the response record id %s", p["url"], p["id"], wantPages[p["url"]])
		}
		if _, err := time.Parse(time.RFC3339, p["ts"]); err != nil {
			t.Errorf("page %s: ts %q: %v", p["url"], p["ts"], err)
		}
		titles[strings.TrimPrefix(p["url"], pages[0].URL[:strings.Index(pages[0].URL[8:], "/")+8])] = p["title"]
	}
	if titles["/new"] != "Moved here" || titles["/pricing?a=1&b=2"] != "Prices — “stem cells”" || titles["/"] != "Home" {
		t.Errorf("titles = %v", titles)
	}
}

// TestIndexOffsets reads every record back at its CDXJ offset, by hand
// (one gzip member, parsed with gowarc), and checks the index covers every
// response record of the WARC and nothing else.
func TestIndexOffsets(t *testing.T) {
	dst, warcPath, pages, _ := writeTestWACZ(t)
	files := zipFiles(t, dst)
	warc := files["archive/capture.warc.gz"]
	lines := strings.Split(strings.TrimSpace(string(files[IndexPath])), "\n")
	responses := 0 // response records in the WARC, counted by gowarc's reader
	r, err := gowarc.NewWarcFileReader(warcPath, 0, crawler.WARCReadOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, _, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type() == gowarc.Response {
			responses++
		}
	}
	r.Close()
	if len(lines) != responses {
		t.Errorf("index has %d lines, want %d (one per response record):\n%s", len(lines), responses, files[IndexPath])
	}
	seen := map[string]bool{}
	end := 0
	for _, l := range lines {
		e, err := parseCDXJ(l)
		if err != nil {
			t.Fatal(err)
		}
		off, _ := strconv.Atoi(e.Offset)
		n, _ := strconv.Atoi(e.Length)
		if e.Filename != "capture.warc.gz" || off+n > len(warc) {
			t.Fatalf("entry %s: outside the WARC", l)
		}
		zr, err := gzip.NewReader(bytes.NewReader(warc[off : off+n]))
		if err != nil {
			t.Fatalf("entry %s: %v", l, err)
		}
		zr.Multistream(false)
		rec, _, _, err := gowarc.NewUnmarshaler(crawler.WARCReadOptions()...).Unmarshal(bufio.NewReader(zr))
		if err != nil {
			t.Fatalf("entry %s: %v", l, err)
		}
		if rec.Type() != gowarc.Response || rec.WarcHeader().Get(gowarc.WarcTargetURI) != e.URL {
			t.Errorf("entry %s: offset holds a %s record for %s", l, rec.Type(), rec.WarcHeader().Get(gowarc.WarcTargetURI))
		}
		if got := rec.WarcHeader().Get(gowarc.WarcPayloadDigest); got != e.Digest {
			t.Errorf("entry %s: digest %s in the record", l, got)
		}
		rec.Close()
		if rest, _ := io.ReadAll(zr); len(rest) != 0 {
			t.Errorf("entry %s: %d bytes after the record in its member", l, len(rest))
		}
		seen[rec.WarcHeader().Get(gowarc.WarcRecordID)] = true
		end = max(end, off+n)
	}
	for _, p := range pages {
		if p.WARCRecordID != "" && !seen[p.WARCRecordID] {
			t.Errorf("page %s: record %s not indexed", p.URL, p.WARCRecordID)
		}
	}
	if end > len(warc) {
		t.Errorf("index reaches byte %d of a %d-byte WARC", end, len(warc))
	}
	// Index of the file alone agrees with what was packaged.
	idx, err := Index(warcPath)
	if err != nil {
		t.Fatal(err)
	}
	for i := range idx.Entries {
		idx.Entries[i].Filename = "capture.warc.gz"
	}
	var b bytes.Buffer
	idx.WriteCDXJ(&b)
	if b.String() != string(files[IndexPath]) {
		t.Errorf("index differs:\n%s\nvs\n%s", b.String(), files[IndexPath])
	}
	// Redirect hops, errors and robots.txt are replayable captures too.
	for _, want := range []string{`)/old 2`, `"status":"301"`, `)/missing 2`, `"status":"404"`, `)/robots.txt 2`} {
		if !strings.Contains(string(files[IndexPath]), want) {
			t.Errorf("index lacks %s:\n%s", want, files[IndexPath])
		}
	}
}

// TestCheck reads the package back the way a replay tool does; every page
// resolves to its own response record.
func TestCheck(t *testing.T) {
	dst, _, pages, _ := writeTestWACZ(t)
	c, err := Check(dst)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Pages) != 4 || len(c.Resolved) != 4 {
		t.Fatalf("Check: %d pages, %d resolved", len(c.Pages), len(c.Resolved))
	}
	byID := map[string]crawler.Page{}
	for _, p := range pages {
		byID[recordUUID(p.WARCRecordID)] = p
	}
	for _, p := range c.Pages {
		e := c.Resolved[p.ID]
		if e.URL != byID[p.ID].FinalURL || e.Status != "200" || e.Mime != "text/html" || !strings.EqualFold(e.Digest, "sha256:"+byID[p.ID].SHA256) {
			t.Errorf("page %s resolves to %+v, want its record (sha256 %s)", p.URL, e, byID[p.ID].SHA256)
		}
	}
}

// TestCheckCatchesDamage: Check must fail on a package whose index points
// at the wrong bytes, whose digests are wrong, or whose WARC is compressed.
func TestCheckCatchesDamage(t *testing.T) {
	dst, _, _, _ := writeTestWACZ(t)
	orig := zipFiles(t, dst)
	rewrite := func(t *testing.T, change func(files map[string][]byte), method uint16) string {
		files := map[string][]byte{}
		for k, v := range orig {
			files[k] = bytes.Clone(v)
		}
		change(files)
		p := filepath.Join(t.TempDir(), "bad.wacz")
		f, _ := os.Create(p)
		zw := zip.NewWriter(f)
		for _, n := range []string{"archive/capture.warc.gz", IndexPath, PagesPath, PackagePath, DigestPath} {
			m := uint16(zip.Deflate)
			if strings.HasPrefix(n, archivePrefix) {
				m = method
			}
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: m})
			w.Write(files[n])
		}
		zw.Close()
		f.Close()
		return p
	}
	// Keep the digests consistent after a change, so only the change fails.
	rehash := func(files map[string][]byte) {
		var pkg Package
		json.Unmarshal(files[PackagePath], &pkg)
		for i, r := range pkg.Resources {
			sum := sha256.Sum256(files[r.Path])
			pkg.Resources[i].Hash, pkg.Resources[i].Bytes = "sha256:"+hex.EncodeToString(sum[:]), int64(len(files[r.Path]))
		}
		files[PackagePath], _ = json.Marshal(pkg)
		sum := sha256.Sum256(files[PackagePath])
		files[DigestPath], _ = json.Marshal(PackageDigest{Path: PackagePath, Hash: "sha256:" + hex.EncodeToString(sum[:])})
	}
	shiftOffsets := func(files map[string][]byte) {
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(string(files[IndexPath])), "\n") {
			e, _ := parseCDXJ(l)
			n, _ := strconv.Atoi(e.Length)
			o, _ := strconv.Atoi(e.Offset)
			l = strings.Replace(l, `"offset":"`+e.Offset+`"`, `"offset":"`+strconv.Itoa(o+n)+`"`, 1)
			out = append(out, l)
		}
		files[IndexPath] = []byte(strings.Join(out, "\n") + "\n")
		rehash(files)
	}
	for _, tc := range []struct {
		name   string
		change func(map[string][]byte)
		method uint16
	}{
		{"offsets shifted by one record", shiftOffsets, zip.Store},
		{"page digest wrong", func(f map[string][]byte) { f[PagesPath] = append(f[PagesPath], '\n') }, zip.Store},
		{"package digest wrong", func(f map[string][]byte) { f[PackagePath] = append(f[PackagePath], ' ') }, zip.Store},
		{"WARC deflated", func(map[string][]byte) {}, zip.Deflate},
		{"page without capture", func(f map[string][]byte) {
			f[PagesPath] = append(f[PagesPath], `{"url":"http://127.0.0.1:1/nope","ts":"2026-01-01T00:00:00Z","id":"x"}`+"\n"...)
			rehash(f)
		}, zip.Store},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Check(rewrite(t, tc.change, tc.method)); err == nil {
				t.Error("Check passed a damaged package")
			} else {
				t.Log(err)
			}
		})
	}
	// The unchanged rewrite passes: the failures above are the changes.
	if _, err := Check(rewrite(t, func(map[string][]byte) {}, zip.Store)); err != nil {
		t.Errorf("Check of an intact rewrite: %v", err)
	}
}

// TestWriteAtomic: a failed Write leaves an existing package untouched and
// no temporary file behind, not even one an earlier killed write left.
func TestWriteAtomic(t *testing.T) {
	dst, warcPath, pages, _ := writeTestWACZ(t)
	before, _ := os.ReadFile(dst)
	stale := filepath.Join(filepath.Dir(dst), ".capture.wacz.123.tmp") // as a killed write leaves it
	os.WriteFile(stale, []byte("partial"), 0o644)
	if err := os.WriteFile(warcPath, []byte("not a warc"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dst, warcPath, htmlPages(pages), Options{}); err == nil {
		t.Fatal("Write of a broken WARC succeeded")
	}
	after, _ := os.ReadFile(dst)
	if !bytes.Equal(before, after) {
		t.Error("a failed Write changed the existing package")
	}
	ents, _ := os.ReadDir(filepath.Dir(dst))
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestSURT(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.Clinic.example/a/B?z=1&a=2", "example,clinic)/a/b?a=2&z=1"},
		{"http://127.0.0.1:41233/", "1,0,0,127:41233)/"},
		{"http://127.0.0.1:41233", "1,0,0,127:41233)/"},
		{"https://clinic.example:443/x", "example,clinic)/x"},
		{"http://www2.clinic.example:80/", "example,clinic)/"},
		{"https://sub.clinic.example/p%C3%A1gina", "example,clinic,sub)/p%c3%a1gina"},
		{"urn:x", "urn:x"},
	} {
		if got := SURT(tc.in); got != tc.want {
			t.Errorf("SURT(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestIndexMatchesWarcio compares index.cdxj with the CDXJ index that
// warcio.js (the WARC library inside ReplayWeb.page, `npm install -g
// warcio`) makes of the same WARC: same keys, timestamps, URLs, statuses,
// mime types, offsets and lengths.
func TestIndexMatchesWarcio(t *testing.T) {
	bin, err := exec.LookPath("warcio")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("warcio (npm) is not installed; .ci/run installs it")
		}
		t.Skip("warcio (npm) not installed")
	}
	dst, warcPath, _, _ := writeTestWACZ(t)
	out, err := exec.Command(bin, "cdx-index", warcPath).Output()
	if err != nil {
		t.Fatalf("warcio cdx-index: %v", err)
	}
	theirs := map[string]Entry{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		e, err := parseCDXJ(l)
		if err != nil {
			t.Fatalf("warcio line %q: %v", l, err)
		}
		theirs[e.Offset] = e
	}
	ours := strings.Split(strings.TrimSpace(string(zipFiles(t, dst)[IndexPath])), "\n")
	if len(ours) != len(theirs) {
		t.Errorf("index has %d lines, warcio %d:\n%s", len(ours), len(theirs), out)
	}
	for _, l := range ours {
		e, _ := parseCDXJ(l)
		w, ok := theirs[e.Offset]
		if !ok || w.Key != e.Key || w.Timestamp != e.Timestamp || w.URL != e.URL || w.Status != e.Status || w.Mime != e.Mime || w.Length != e.Length ||
			!strings.EqualFold(strings.TrimPrefix(w.Digest, "sha256:"), strings.TrimPrefix(e.Digest, "sha256:")) {
			t.Errorf("ours:   %s\nwarcio: %+v", l, w)
		}
	}
}
