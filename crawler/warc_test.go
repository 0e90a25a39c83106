package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc"
)

// handRecord is a WARC record parsed without the WARC library: one gzip
// member, its header fields and its content block.
type handRecord struct {
	header  map[string]string // field names lower-cased
	block   []byte
	payload []byte // block after the HTTP head, for application/http records
}

// readWARCByHand parses a .warc.gz with the standard library only, checking
// what a WARC reader relies on: every gzip member holds exactly one
// WARC/1.1 record, Content-Length matches the block, the record ends with
// CRLFCRLF, and the sha256 block and payload digests match the bytes.
func readWARCByHand(t *testing.T, path string) []handRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var out []handRecord
	for member := 0; ; member++ {
		if _, err := br.Peek(1); err == io.EOF {
			return out
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatalf("member %d: %v", member, err)
		}
		zr.Multistream(false)
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("member %d: %v", member, err)
		}
		head, rest, ok := bytes.Cut(data, []byte("\r\n\r\n"))
		if !ok {
			t.Fatalf("member %d: no end of WARC header", member)
		}
		lines := strings.Split(string(head), "\r\n")
		if lines[0] != "WARC/1.1" {
			t.Fatalf("member %d: version line %q", member, lines[0])
		}
		rec := handRecord{header: map[string]string{}}
		for _, l := range lines[1:] {
			k, v, ok := strings.Cut(l, ":")
			if !ok {
				t.Fatalf("member %d: bad header line %q", member, l)
			}
			rec.header[strings.ToLower(k)] = strings.TrimSpace(v)
		}
		n, err := strconv.Atoi(rec.header["content-length"])
		if err != nil || n+4 != len(rest) || !bytes.HasSuffix(rest, []byte("\r\n\r\n")) {
			t.Fatalf("member %d: Content-Length %q, %d bytes follow the header: want Content-Length + CRLFCRLF, one record per member",
				member, rec.header["content-length"], len(rest))
		}
		rec.block = rest[:n]
		checkDigest(t, member, "WARC-Block-Digest", rec.header["warc-block-digest"], rec.block)
		if strings.HasPrefix(rec.header["content-type"], "application/http") {
			_, p, ok := bytes.Cut(rec.block, []byte("\r\n\r\n"))
			if !ok {
				t.Fatalf("member %d: HTTP block without end of head", member)
			}
			rec.payload = p
			checkDigest(t, member, "WARC-Payload-Digest", rec.header["warc-payload-digest"], p)
		}
		out = append(out, rec)
	}
}

func checkDigest(t *testing.T, member int, name, got string, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	if want := "sha256:" + hex.EncodeToString(sum[:]); !strings.EqualFold(got, want) {
		t.Errorf("member %d: %s = %q, want %q", member, name, got, want)
	}
}

// readWARCWithLibrary reads the file with gowarc's reader, digests checked
// and every violation an error, and returns the records' headers.
func readWARCWithLibrary(t *testing.T, path string) []*gowarc.WarcFields {
	t.Helper()
	r, err := gowarc.NewWarcFileReader(path, 0, WARCReadOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []*gowarc.WarcFields
	for {
		rec, off, v, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("gowarc reader at offset %d: %v", off, err)
		}
		if !v.Valid() {
			t.Fatalf("gowarc reader at offset %d: %v", off, v)
		}
		out = append(out, rec.WarcHeader())
	}
}

func openTestWARC(t *testing.T) (*WARCWriter, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "capture.warc.gz")
	w, err := OpenWARC(path, WARCInfo{Software: "clinicaudit/test", UserAgent: DefaultUserAgent, Robots: "obey"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, path
}

// TestWARCCapture crawls a site with every kind of answer and checks that
// the capture holds a request and a response record for every request the
// server saw (robots.txt, redirect hops, skipped and oversized bodies
// included), that each page names its response record, and that the file
// reads back with gowarc's reader and with a hand-written parser.
func TestWARCCapture(t *testing.T) {
	big := strings.Repeat("x", 3000)
	gzHTML := []byte("<html><body>compressed page</body></html>")
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<a href="/old">old</a><a href="/missing">m</a><a href="/gz">gz</a><a href="/img.php">img</a><a href="/big">big</a><a href="/private">p</a>`)
		case "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/new":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<p>moved here</p>")
		case "/gz":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(gzHTML)
			zw.Close()
		case "/img.php":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(bytes.Repeat([]byte{0xff}, 5000))
		case "/big":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", strconv.Itoa(len(big)))
			fmt.Fprint(w, big)
		default:
			http.NotFound(w, r)
		}
	}))
	w, path := openTestWARC(t)
	cfg := testConfig()
	cfg.MaxBodySize = 2000
	cfg.WARC = w
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	hand := readWARCByHand(t, path)
	lib := readWARCWithLibrary(t, path)
	if len(hand) != len(lib) {
		t.Fatalf("hand parser found %d records, gowarc %d", len(hand), len(lib))
	}
	if len(hand) == 0 || hand[0].header["warc-type"] != "warcinfo" || !bytes.Contains(hand[0].block, []byte("software: clinicaudit/test")) {
		t.Fatalf("first record is not a warcinfo naming the software: %+v", hand[0])
	}
	infoID := hand[0].header["warc-record-id"]
	responses := map[string]handRecord{}
	var requestURIs []string
	for i, r := range hand[1:] {
		if r.header["warc-warcinfo-id"] != infoID {
			t.Errorf("record %d: WARC-Warcinfo-ID %q, want %q", i+1, r.header["warc-warcinfo-id"], infoID)
		}
		switch r.header["warc-type"] {
		case "request":
			requestURIs = append(requestURIs, r.header["warc-target-uri"])
			if !bytes.Contains(r.block, []byte("User-Agent: "+DefaultUserAgent+"\r\n")) {
				t.Errorf("request record without our User-Agent:\n%s", r.block)
			}
		case "response":
			responses[r.header["warc-record-id"]] = r
		default:
			t.Errorf("record %d: unexpected type %q", i+1, r.header["warc-type"])
		}
	}
	// Every request the server saw, and only those, is in the capture.
	var served []string
	for _, l := range srv.requests() {
		served = append(served, srv.URL+l.uri)
	}
	if fmt.Sprint(sortedCopy(served)) != fmt.Sprint(sortedCopy(requestURIs)) {
		t.Errorf("request records for %v,\nserver saw %v", sortedCopy(requestURIs), sortedCopy(served))
	}
	if len(responses) != len(served) {
		t.Errorf("%d response records, want %d", len(responses), len(served))
	}
	if !containsString(requestURIs, srv.URL+"/robots.txt") {
		t.Error("robots.txt fetch not captured")
	}

	// Each page names its response record; complete bodies match their digest.
	want := map[string]struct {
		truncated string
		sha       bool
	}{
		"/":        {"", true},
		"/old":     {"", true}, // followed: the page is /new's record
		"/missing": {"", true},
		"/gz":      {"", true},
		"/img.php": {"unspecified", false},
		"/big":     {"length", false},
	}
	for path, w := range want {
		p := res.byURL(t, srv.URL+path)
		rec, ok := responses[p.WARCRecordID]
		if !ok {
			t.Errorf("%s: WARCRecordID %q names no response record", path, p.WARCRecordID)
			continue
		}
		if rec.header["warc-target-uri"] != p.FinalURL {
			t.Errorf("%s: record is for %s, page's final URL %s", path, rec.header["warc-target-uri"], p.FinalURL)
		}
		if got := rec.header["warc-truncated"]; got != w.truncated {
			t.Errorf("%s: WARC-Truncated %q, want %q", path, got, w.truncated)
		}
		if w.sha != (p.SHA256 != "") {
			t.Errorf("%s: sha256 %q, want set=%v", path, p.SHA256, w.sha)
		}
		if p.SHA256 != "" && !strings.EqualFold("sha256:"+p.SHA256, rec.header["warc-payload-digest"]) {
			t.Errorf("%s: page sha256 %s, record payload digest %s", path, p.SHA256, rec.header["warc-payload-digest"])
		}
		if p.Body != nil && !bytes.Equal(p.Body, rec.payload) {
			t.Errorf("%s: record payload differs from the page body", path)
		}
	}
	if gz := res.byURL(t, srv.URL+"/gz"); !bytes.Equal(responses[gz.WARCRecordID].payload, gzHTML) {
		t.Errorf("gzip page: record payload %q, want the decoded body", responses[gz.WARCRecordID].payload)
	}
	if p := res.byURL(t, srv.URL+"/private"); p.Error != ErrRobots || p.WARCRecordID != "" {
		t.Errorf("robots-excluded page: %s, want no record", show(p))
	}
}

// TestWARCConcurrentSites crawls many sites at once into one capture and
// checks that no records interleave: every gzip member is one whole record
// and each response directly follows its own request.
func TestWARCConcurrentSites(t *testing.T) {
	docs := map[string]string{"/": ""}
	for i := range 8 {
		docs["/"] += fmt.Sprintf(`<a href="/p%d">p</a>`, i)
		docs[fmt.Sprintf("/p%d", i)] = strings.Repeat(fmt.Sprintf("<p>page %d</p>", i), 300)
	}
	var seeds []string
	total := 0
	var servers []*testServer
	for range 12 {
		s := newTestServer(t, pages(docs))
		servers = append(servers, s)
		seeds = append(seeds, s.URL)
	}
	w, path := openTestWARC(t)
	cfg := testConfig()
	cfg.Sites = len(seeds)
	cfg.WARC = w
	res, err := runCrawl(t, context.Background(), cfg, nil, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	for _, s := range servers {
		total += len(s.requests())
	}
	hand := readWARCByHand(t, path)
	if got := len(readWARCWithLibrary(t, path)); got != len(hand) {
		t.Fatalf("gowarc read %d records, hand parser %d", got, len(hand))
	}
	if len(hand) != 1+2*total {
		t.Fatalf("%d records, want warcinfo + 2 x %d requests", len(hand), total)
	}
	for i := 1; i < len(hand); i += 2 {
		req, resp := hand[i], hand[i+1]
		if req.header["warc-type"] != "request" || resp.header["warc-type"] != "response" ||
			resp.header["warc-concurrent-to"] != req.header["warc-record-id"] ||
			resp.header["warc-target-uri"] != req.header["warc-target-uri"] {
			t.Fatalf("records %d and %d are not a request and its response: %v / %v", i, i+1, req.header, resp.header)
		}
	}
	for _, p := range res.pages {
		if p.WARCRecordID == "" {
			t.Errorf("page without record id: %s", show(p))
		}
	}
}

// TestWARCRepair checks that reopening a capture whose last record was cut
// short by a crash drops that record and appends after the complete ones,
// and that damage elsewhere is reported instead of truncated away.
func TestWARCRepair(t *testing.T) {
	srv := newTestServer(t, pages(map[string]string{"/": `<a href="/a">a</a>`, "/a": "a page"}))
	w, path := openTestWARC(t)
	cfg := testConfig()
	cfg.WARC = w
	if _, err := runCrawl(t, context.Background(), cfg, nil, srv.URL); err != nil {
		t.Fatal(err)
	}
	w.Close()
	whole := readWARCByHand(t, path)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)-7], 0o644) // the last member loses its end

	w2, err := OpenWARC(path, WARCInfo{Software: "clinicaudit/test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Close(); err != nil {
		t.Fatal(err)
	}
	got := readWARCByHand(t, path)
	readWARCWithLibrary(t, path)
	// The cut record is gone and a second warcinfo follows the rest.
	if len(got) != len(whole) || got[len(got)-1].header["warc-type"] != "warcinfo" {
		t.Fatalf("after repair: %d records (last %q), want %d ending with a new warcinfo",
			len(got), got[len(got)-1].header["warc-type"], len(whole))
	}

	// A damaged member before the end is not silently cut off.
	data, _ = os.ReadFile(path)
	data[40] ^= 0xff
	os.WriteFile(path, data, 0o644)
	if _, err := OpenWARC(path, WARCInfo{}); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("OpenWARC on a damaged file = %v, want a damaged error", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Error("a damaged capture was modified")
	}
}

// TestWARCWriteFailureStopsCrawl checks that a capture that cannot be
// written stops the crawl with the error instead of losing evidence.
func TestWARCWriteFailureStopsCrawl(t *testing.T) {
	docs := map[string]string{"/": `<a href="/a">a</a><a href="/b">b</a>`, "/a": "a", "/b": "b"}
	srv := newTestServer(t, pages(docs))
	w, _ := openTestWARC(t)
	w.Close() // every write now fails
	cfg := testConfig()
	cfg.WARC = w
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
	if !errors.Is(err, os.ErrClosed) {
		t.Fatalf("Crawl = %v, want the write error", err)
	}
	if len(res.sites) != 1 || !res.sites[0].Interrupted {
		t.Errorf("sites = %+v, want the site interrupted", res.sites)
	}
}

// TestWARCWarcio reads a capture with warcio.js (webrecorder's reader,
// `npm install -g warcio`) when it is installed.
func TestWARCWarcio(t *testing.T) {
	bin, err := exec.LookPath("warcio")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("warcio (npm) is not installed; .ci/run installs it")
		}
		t.Skip("warcio (npm) not installed")
	}
	srv := newTestServer(t, pages(map[string]string{"/": `<a href="/a">a</a>`, "/a": "a page"}))
	w, path := openTestWARC(t)
	cfg := testConfig()
	cfg.WARC = w
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	out, err := exec.Command(bin, "index", path, "--fields", "warc-type,warc-target-uri,warc-record-id,warc-payload-digest").Output()
	if err != nil {
		t.Fatalf("warcio index: %v", err)
	}
	got := map[string]map[string]string{}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var m map[string]string
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("warcio output %q: %v", l, err)
		}
		got[m["warc-record-id"]] = m
		n++
	}
	if n != 1+2*len(srv.requests()) {
		t.Errorf("warcio indexed %d records, want %d", n, 1+2*len(srv.requests()))
	}
	for _, p := range res.pages {
		m := got[p.WARCRecordID]
		if m["warc-type"] != "response" || m["warc-target-uri"] != p.FinalURL || !strings.EqualFold(m["warc-payload-digest"], "sha256:"+p.SHA256) {
			t.Errorf("page %s: warcio sees %v", p.URL, m)
		}
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func containsString(s []string, x string) bool { return slices.Contains(s, x) }
