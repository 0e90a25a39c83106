package seeds

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// utf8Reader returns a reader over r's text with a UTF-8 byte-order mark
// removed, or an error naming the encoding when the file is UTF-16 or
// UTF-32 (by its byte-order mark, or by the NUL bytes of ASCII text in
// those encodings): the data files are UTF-8.
func utf8Reader(r io.Reader, name string) (*bufio.Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	head, _ := br.Peek(4)
	enc := ""
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		return br, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}):
		enc = "UTF-32 (little-endian, with a byte-order mark)"
	case bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		enc = "UTF-32 (big-endian, with a byte-order mark)"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		enc = "UTF-16 (little-endian, with a byte-order mark)"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		enc = "UTF-16 (big-endian, with a byte-order mark)"
	case len(head) >= 2 && head[0] != 0 && head[1] == 0:
		enc = "UTF-16 (little-endian)"
	case len(head) >= 2 && head[0] == 0 && head[1] != 0:
		enc = "UTF-16 (big-endian)"
	}
	if enc != "" {
		return nil, fmt.Errorf("%s:1: the file is %s text; save it as UTF-8", name, enc)
	}
	return br, nil
}
