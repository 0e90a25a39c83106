package crawler

// Evidence capture: every HTTP exchange of a crawl (pages, redirect hops,
// retries and robots.txt) is appended to a WARC file.
//
// Library choice. Two maintained Go WARC libraries install here:
//
//   - github.com/internetarchive/gowarc v0.8.101 records the exact bytes on
//     the wire, but only through its own *http.Client: its transport dials
//     and resolves DNS itself (miekg/dns), sends "Connection: close" (no
//     keep-alive, so one TCP and TLS handshake per page on small clinic
//     servers), writes records asynchronously from its own goroutines (an
//     ErrChan to drain, and no record id handed back to the caller), and
//     pulls in utls, otter, cobra, socks5 and more. Adopting it would mean
//     replacing the crawler's transport stack — the per-host gates, the
//     timeouts, the dialer the tests substitute and the error classes built
//     on net/http's errors — and pairing pages with record ids after the fact.
//   - github.com/nlnwa/gowarc v1.0.0 (the National Library of Norway's
//     library behind warchaeology; v2/v3 are not reachable through the module
//     proxy here) builds, validates, marshals and reads records and leaves
//     the HTTP client to us. It computes the block and payload digests and
//     validates every record it builds, and its reader checks them back.
//
// We use nlnwa/gowarc: the crawler keeps its polite keep-alive transport and
// records at its transport layer (recordTransport), synchronously, so every
// Page knows the WARC-Record-ID of its response record. The price is that a
// response record is the response as net/http delivered it rather than the
// raw wire bytes: transfer coding removed and, when net/http decompressed a
// gzip body itself, Content-Encoding and Content-Length removed from the
// headers along with the coding. The record is self-consistent (its headers
// describe its payload) and its payload is exactly Page.Body, so
// WARC-Payload-Digest (sha256, base16) equals the page's sha256.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/nlnwa/gowarc"
)

// WARCInfo describes a capture session; it becomes the warcinfo record that
// opens the session's part of the file.
type WARCInfo struct {
	Software    string // tool and version, e.g. "clinicaudit/0.1.0"
	UserAgent   string // the User-Agent requests were sent with
	Robots      string // "obey" or "ignore"
	Description string // free text, may be empty
}

// WARCWriter appends WARC/1.1 records to a file, each record compressed as
// its own gzip member (the ".warc.gz" convention, so readers can seek to any
// record). Every record carries WARC-Block-Digest and, for HTTP records,
// WARC-Payload-Digest, both sha256 in base16.
//
// A WARCWriter is safe for concurrent use: records are built and compressed
// by the calling goroutine and each request/response pair is appended with a
// single write under a lock, so pairs from concurrent sites never interleave.
// Memory is bounded by the records in progress: nothing is kept after a
// write.
type WARCWriter struct {
	path   string
	infoID string // WARC-Record-ID of this session's warcinfo record

	mu  sync.Mutex
	f   *os.File
	err error // first failure; later writes return it
}

// warcOptions are the record options of every record written and read.
var warcOptions = []gowarc.WarcRecordOption{
	gowarc.WithDefaultDigestAlgorithm("sha256"),
	gowarc.WithDefaultDigestEncoding(gowarc.Base16),
	gowarc.WithAddMissingDigest(true),
	gowarc.WithAddMissingContentLength(true),
	gowarc.WithAddMissingRecordId(false), // ids are ours, made before building
}

// WARCReadOptions are the options to read a capture back with
// gowarc.NewWarcFileReader: digests are checked and any syntax error,
// specification violation or unknown record type is an error.
func WARCReadOptions() []gowarc.WarcRecordOption {
	return append([]gowarc.WarcRecordOption{
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
		gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrFail),
	}, warcOptions...)
}

// OpenWARC opens path for appending, creating it if needed, and writes a
// warcinfo record for this session. When the file ends in a record that a
// crash left incomplete, that record is cut off first; any other damage is
// an error (nothing is truncated away then).
func OpenWARC(path string, info WARCInfo) (*WARCWriter, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	end, err := completeMembers(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Truncate(end); err != nil {
		f.Close()
		return nil, fmt.Errorf("repair %s: %w", path, err)
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	w := &WARCWriter{path: path, f: f}
	if err := w.writeInfo(info); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Path returns the file name the writer appends to.
func (w *WARCWriter) Path() string { return w.path }

// Close syncs the file to stable storage and closes it. It returns the
// first write error, if any write failed.
func (w *WARCWriter) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return w.err
	}
	f := w.f
	w.f = nil
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if w.err != nil {
		return w.err
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", w.path, err)
	}
	return nil
}

func (w *WARCWriter) writeInfo(info WARCInfo) error {
	var fields bytes.Buffer
	add := func(k, v string) {
		if v = strings.TrimSpace(strings.NewReplacer("\r", " ", "\n", " ").Replace(v)); v != "" {
			fmt.Fprintf(&fields, "%s: %s\r\n", k, v)
		}
	}
	add("software", info.Software)
	add("format", "WARC File Format 1.1")
	add("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	add("http-header-user-agent", info.UserAgent)
	add("robots", info.Robots)
	add("description", info.Description)
	id := newRecordID()
	b := newRecordBuilder(gowarc.Warcinfo)
	b.AddWarcHeader(gowarc.WarcRecordID, id)
	b.AddWarcHeaderTime(gowarc.WarcDate, time.Now())
	b.AddWarcHeader(gowarc.WarcFilename, filepath.Base(w.path))
	b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	if _, err := b.Write(fields.Bytes()); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := appendRecord(&out, b); err != nil {
		return fmt.Errorf("warcinfo record: %w", err)
	}
	if err := w.append(out.Bytes()); err != nil {
		return err
	}
	w.infoID = id
	return nil
}

// exchange is one HTTP request and the response that answered it, as
// recordTransport saw them.
type exchange struct {
	req       *http.Request  // as sent to the base transport
	addedGzip bool           // the base transport added "Accept-Encoding: gzip"
	resp      *http.Response // status and headers (Body not used)
	body      []byte         // the bytes read (after transfer and content decoding)
	truncated string         // WARC-Truncated reason, "" when the body is complete
	started   time.Time      // when the request was sent
	ip        string         // remote address, "" when unknown
}

// write appends a request record and its response record and returns the
// response record's WARC-Record-ID.
func (w *WARCWriter) write(ex *exchange) (string, error) {
	reqID, respID := newRecordID(), newRecordID()
	target := ex.req.URL.String()
	var out bytes.Buffer

	rq := newRecordBuilder(gowarc.Request)
	w.commonHeaders(rq, reqID, target, ex)
	rq.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
	writeRequestHead(rq, ex.req, ex.addedGzip)
	if err := appendRecord(&out, rq); err != nil {
		return "", fmt.Errorf("request record for %s: %w", target, err)
	}

	rs := newRecordBuilder(gowarc.Response)
	w.commonHeaders(rs, respID, target, ex)
	rs.AddWarcHeader(gowarc.WarcConcurrentTo, reqID)
	rs.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	if ex.truncated != "" {
		rs.AddWarcHeader(gowarc.WarcTruncated, ex.truncated)
	}
	writeResponseHead(rs, ex.resp)
	rs.Write(ex.body)
	if err := appendRecord(&out, rs); err != nil {
		return "", fmt.Errorf("response record for %s: %w", target, err)
	}
	if err := w.append(out.Bytes()); err != nil {
		return "", err
	}
	return respID, nil
}

func (w *WARCWriter) commonHeaders(b gowarc.WarcRecordBuilder, id, target string, ex *exchange) {
	b.AddWarcHeader(gowarc.WarcRecordID, id)
	b.AddWarcHeaderTime(gowarc.WarcDate, ex.started)
	b.AddWarcHeader(gowarc.WarcTargetURI, target)
	if ex.ip != "" {
		b.AddWarcHeader(gowarc.WarcIPAddress, ex.ip)
	}
	b.AddWarcHeader(gowarc.WarcWarcinfoID, w.infoID)
}

// append writes data (whole gzip members) with one write at the end of the file.
func (w *WARCWriter) append(data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if w.f == nil {
		return fmt.Errorf("write %s: %w", w.path, os.ErrClosed)
	}
	if _, err := w.f.Write(data); err != nil {
		w.err = fmt.Errorf("write %s: %w", w.path, err)
		return w.err
	}
	return nil
}

// writeRequestHead writes the request line and headers as sent: the
// headers the client set plus Host and, when the transport added it,
// Accept-Encoding.
func writeRequestHead(w io.Writer, r *http.Request, addedGzip bool) {
	h := r.Header.Clone()
	if addedGzip {
		h.Set("Accept-Encoding", "gzip")
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	fmt.Fprintf(w, "%s %s HTTP/1.1\r\nHost: %s\r\n", r.Method, r.URL.RequestURI(), host)
	h.Write(w)
	io.WriteString(w, "\r\n")
}

// writeResponseHead writes the status line and headers (sorted by name) of resp.
func writeResponseHead(w io.Writer, resp *http.Response) {
	proto := resp.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	status := resp.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	fmt.Fprintf(w, "%s %s\r\n", proto, status)
	resp.Header.Write(w)
	io.WriteString(w, "\r\n")
}

// appendRecord builds a record, checks it and appends it to out as one gzip member.
func appendRecord(out *bytes.Buffer, b gowarc.WarcRecordBuilder) error {
	rec, v, err := b.Build()
	if err != nil {
		b.Close()
		return err
	}
	defer rec.Close()
	if !v.Valid() {
		return fmt.Errorf("invalid record: %v", v)
	}
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(out)
	if _, _, err := gowarc.NewMarshaler().Marshal(zw, rec, 0); err != nil {
		return err
	}
	return zw.Close()
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// uuidMu serialises gowarc.NewRecordBuilder and uuid generation:
// NewRecordBuilder calls uuid.EnableRandPool, which writes a package
// variable of github.com/google/uuid that uuid.NewRandom reads (a data race
// when records are built concurrently).
var uuidMu sync.Mutex

// newRecordBuilder is gowarc.NewRecordBuilder with our options, race-free.
func newRecordBuilder(t gowarc.RecordType) gowarc.WarcRecordBuilder {
	uuidMu.Lock()
	defer uuidMu.Unlock()
	return gowarc.NewRecordBuilder(t, warcOptions...)
}

// newRecordID returns a fresh WARC-Record-ID, angle brackets included.
func newRecordID() string {
	uuidMu.Lock()
	defer uuidMu.Unlock()
	return "<urn:uuid:" + uuid.NewString() + ">"
}

// completeMembers returns the offset just past the last complete gzip
// member of f, reading it from the start. A final member cut short (by a
// crash while appending) ends the scan there; a member that is corrupt in
// any other way, or data that is not gzip, is an error.
func completeMembers(f *os.File) (int64, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	cr := &countingReader{r: f}
	br := bufio.NewReaderSize(cr, 64<<10)
	var zr *gzip.Reader
	for {
		start := cr.n - int64(br.Buffered())
		if _, err := br.Peek(1); err == io.EOF {
			return start, nil
		}
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(br)
		} else {
			err = zr.Reset(br)
		}
		if err == nil {
			zr.Multistream(false)
			_, err = io.Copy(io.Discard, zr)
		}
		switch {
		case err == nil:
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			return start, nil // the last member is incomplete: a crash while appending
		default:
			return 0, fmt.Errorf("damaged at byte %d (%v); move the file away to start a new capture", start, err)
		}
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
