package screenshot

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/nlnwa/gowarc"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/crawler/wacz"
)

// capture answers requests from a WARC file: the browser never sees
// anything but recorded responses.
type capture struct {
	f     *os.File
	byURL map[string]wacz.Entry // latest capture of each URL
	byID  map[string]wacz.Entry
}

// response is a recorded HTTP response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func openCapture(warcPath string) (*capture, error) {
	idx, err := wacz.Index(warcPath)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(warcPath)
	if err != nil {
		return nil, err
	}
	c := &capture{f: f, byURL: map[string]wacz.Entry{}, byID: map[string]wacz.Entry{}}
	for _, e := range idx.Entries {
		c.byID[e.RecordID] = e
		if old, ok := c.byURL[e.URL]; !ok || e.Date.After(old.Date) || e.Date.Equal(old.Date) {
			c.byURL[e.URL] = e
		}
	}
	return c, nil
}

func (c *capture) close() error { return c.f.Close() }

// lookup returns the recorded response for a URL the browser asks for
// (fragment dropped), or false when the capture has none.
func (c *capture) lookup(u string) (response, bool) {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	e, ok := c.byURL[u]
	if !ok {
		return response{}, false
	}
	r, err := c.read(e)
	return r, err == nil
}

// read reads the response record of an index entry.
func (c *capture) read(e wacz.Entry) (response, error) {
	off, _ := strconv.ParseInt(e.Offset, 10, 64)
	n, _ := strconv.ParseInt(e.Length, 10, 64)
	rec, _, _, err := gowarc.NewUnmarshaler(crawler.WARCReadOptions()...).Unmarshal(bufio.NewReader(io.NewSectionReader(c.f, off, n)))
	if err != nil {
		return response{}, fmt.Errorf("record %s: %w", e.RecordID, err)
	}
	defer rec.Close()
	b, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return response{}, fmt.Errorf("record %s is not an HTTP response", e.RecordID)
	}
	pr, err := b.PayloadBytes()
	if err != nil {
		return response{}, err
	}
	body, err := io.ReadAll(pr)
	if err != nil {
		return response{}, err
	}
	h := http.Header{}
	if hh := b.HttpHeader(); hh != nil {
		h = hh.Clone()
	}
	return response{Status: b.HttpStatusCode(), Header: h, Body: body}, nil
}
