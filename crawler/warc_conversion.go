package crawler

import (
	"bytes"
	"fmt"
	"time"

	"github.com/nlnwa/gowarc"
)

// WriteConversion appends a WARC `conversion` record: content derived from
// the response record refersTo (for a rendered page, the DOM the browser
// built from it), with target the page's URL. It returns the record's id.
// The record carries WARC-Refers-To, the block digest and, as a
// conversion record, no HTTP headers: the block is the content itself.
func (w *WARCWriter) WriteConversion(target, refersTo string, at time.Time, contentType string, body []byte) (string, error) {
	id := newRecordID()
	b := newRecordBuilder(gowarc.Conversion)
	b.AddWarcHeader(gowarc.WarcRecordID, id)
	b.AddWarcHeaderTime(gowarc.WarcDate, at)
	b.AddWarcHeader(gowarc.WarcTargetURI, target)
	if refersTo != "" {
		b.AddWarcHeader(gowarc.WarcRefersTo, refersTo)
	}
	b.AddWarcHeader(gowarc.WarcWarcinfoID, w.infoID)
	b.AddWarcHeader(gowarc.ContentType, contentType)
	if _, err := b.Write(body); err != nil {
		b.Close()
		return "", err
	}
	var out bytes.Buffer
	if err := appendRecord(&out, b); err != nil {
		return "", fmt.Errorf("conversion record for %s: %w", target, err)
	}
	if err := w.append(out.Bytes()); err != nil {
		return "", err
	}
	return id, nil
}
