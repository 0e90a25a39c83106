package wacz

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/clinicaudit/clinicaudit/crawler"
)

// Entry is one CDXJ line: a replayable record of the WARC and where it is.
type Entry struct {
	Key       string    `json:"-"` // SURT of URL
	Timestamp string    `json:"-"` // WARC-Date as 14 digits, UTC
	Date      time.Time `json:"-"` // WARC-Date
	RecordID  string    `json:"-"` // WARC-Record-ID

	URL      string `json:"url"`
	Mime     string `json:"mime,omitempty"`
	Status   string `json:"status,omitempty"`
	Digest   string `json:"digest,omitempty"` // WARC-Payload-Digest as written
	Length   string `json:"length"`           // bytes of the record's gzip member
	Offset   string `json:"offset"`           // byte offset of the member in the WARC file
	Filename string `json:"filename"`         // the WARC's name under archive/
}

// IndexFile is the index of one WARC file.
type IndexFile struct {
	Entries []Entry // in file order
	Size    int64   // bytes of the WARC file indexed
	byID    map[string]Entry
}

// Index reads the WARC file at path (one gzip member per record, as the
// crawler writes it) and returns an entry for every response, revisit and
// resource record, with the offset and length of the record's gzip member.
// Records are read with crawler.WARCReadOptions: a record that does not
// parse or whose digests do not match is an error.
func Index(path string) (*IndexFile, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	r, err := gowarc.NewWarcFileReader(path, 0, crawler.WARCReadOptions()...)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	idx := &IndexFile{Size: st.Size(), byID: map[string]Entry{}}
	var last *Entry // waiting for the next offset to know its length
	var lastOff int64
	for {
		rec, off, _, err := r.Next()
		if last != nil && (err == nil || errors.Is(err, io.EOF)) {
			end := off
			if errors.Is(err, io.EOF) {
				end = idx.Size
			}
			last.Length = strconv.FormatInt(end-lastOff, 10)
			idx.Entries = append(idx.Entries, *last)
			idx.byID[last.RecordID] = *last
			last = nil
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: record at byte %d: %w", path, off, err)
		}
		e, ok := entryOf(rec)
		if !ok {
			continue
		}
		e.Offset = strconv.FormatInt(off, 10)
		last, lastOff = &e, off
	}
	return idx, nil
}

// entryOf returns the index entry of a replayable record.
func entryOf(rec gowarc.WarcRecord) (Entry, bool) {
	h := rec.WarcHeader()
	e := Entry{URL: h.Get(gowarc.WarcTargetURI), RecordID: h.Get(gowarc.WarcRecordID), Digest: h.Get(gowarc.WarcPayloadDigest)}
	switch rec.Type() {
	case gowarc.Response, gowarc.Revisit:
		if b, ok := rec.Block().(gowarc.HttpResponseBlock); ok {
			e.Status = strconv.Itoa(b.HttpStatusCode())
			if hh := b.HttpHeader(); hh != nil {
				e.Mime = mediaType(hh.Get("Content-Type"))
			}
		}
		if rec.Type() == gowarc.Revisit && e.Mime == "" {
			e.Mime = "warc/revisit"
		}
	case gowarc.Resource:
		e.Status, e.Mime = "200", mediaType(h.Get(gowarc.ContentType))
	default:
		return Entry{}, false
	}
	if e.URL == "" {
		return Entry{}, false
	}
	if d, err := rec.Date(); err == nil {
		e.Date = d.UTC()
		e.Timestamp = e.Date.Format("20060102150405")
	}
	e.Key = SURT(e.URL)
	return e, true
}

// mediaType returns the media type of a Content-Type value, lower-case and
// without parameters.
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// WriteCDXJ writes the entries as CDXJ lines sorted by key and timestamp:
// `SURT TIMESTAMP {"url":...,"mime":...,"status":...,"digest":...,"length":...,"offset":...,"filename":...}`.
func (idx *IndexFile) WriteCDXJ(w io.Writer) error {
	lines := make([]string, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(e); err != nil {
			return err
		}
		lines = append(lines, e.Key+" "+e.Timestamp+" "+strings.TrimSuffix(b.String(), "\n"))
	}
	sort.Strings(lines) // keys hold no spaces: this is key, then timestamp order
	for _, l := range lines {
		if _, err := io.WriteString(w, l+"\n"); err != nil {
			return err
		}
	}
	return nil
}

var wwwPrefix = regexp.MustCompile(`^(https?://)www\d*\.`)

// SURT returns the Sort-friendly URI Reordering Transform of an http(s)
// URL, computed as warcio.js's getSurt (which ReplayWeb.page uses to look
// URLs up): "www<n>." dropped, lower-cased, host labels reversed and joined
// by commas, the port when not the scheme's default, ")", the path, and the
// query parameters sorted. "https://www.Clinic.example:8443/a?b=1&a=2"
// becomes "example,clinic:8443)/a?a=2&b=1". Other strings are returned as
// they are.
func SURT(raw string) string {
	if !strings.HasPrefix(raw, "https:") && !strings.HasPrefix(raw, "http:") {
		return raw
	}
	s := strings.ToLower(wwwPrefix.ReplaceAllString(raw, "$1"))
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return raw
	}
	labels := strings.Split(u.Hostname(), ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	key := strings.Join(labels, ",")
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		key += ":" + p
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	key += ")" + path
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		sort.Strings(params)
		key += "?" + strings.Join(params, "&")
	}
	return key
}
