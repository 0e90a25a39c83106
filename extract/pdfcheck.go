package extract

import (
	"bytes"
	"fmt"
	"strconv"
)

// maxPDFObjects bounds the object numbers a PDF may declare. The PDF
// reader sizes its cross-reference table from the file's /Size, /Index and
// xref subsection numbers before it reads any object, so a 200-byte file
// declaring 2,000,000,000 objects would make it allocate tens of gigabytes.
// 2^21 objects is a table of 64 MiB; real brochures have a few thousand.
const maxPDFObjects = 1 << 21

// checkXref refuses a PDF whose cross-reference numbers exceed
// maxPDFObjects, before the reader sees it. It looks at every /Size and
// /Index entry (names with #xx escapes decoded) and at the subsection
// headers of the xref table the trailer's startxref and any /Prev point
// to: the numbers the reader allocates from.
func checkXref(b []byte) error {
	for i := 0; i < len(b); i++ {
		if b[i] != '/' {
			continue
		}
		name, j := pdfName(b, i+1)
		switch name {
		case "Size":
			if n, _, ok := pdfInt(b, j); ok && n > maxPDFObjects {
				return fmt.Errorf("cross-reference size %d exceeds %d objects", n, maxPDFObjects)
			}
		case "Index":
			k := skipSpace(b, j)
			if k < len(b) && b[k] == '[' {
				k++
				var nums []int64
				for len(nums) < 2*maxPDFObjects {
					n, next, ok := pdfInt(b, k)
					if !ok {
						break
					}
					nums, k = append(nums, n), next
				}
				for p := 0; p+1 < len(nums); p += 2 {
					if nums[p] < 0 || nums[p+1] < 0 || nums[p]+nums[p+1] > maxPDFObjects {
						return fmt.Errorf("cross-reference index %d+%d exceeds %d objects", nums[p], nums[p+1], maxPDFObjects)
					}
				}
			}
		case "Prev":
			if off, _, ok := pdfInt(b, j); ok {
				if err := checkXrefTable(b, off); err != nil {
					return err
				}
			}
		}
		i = j - 1
	}
	// startxref, found as the reader finds it: in the last 100 bytes.
	tail := b[max(0, len(b)-100):]
	if k := bytes.LastIndex(tail, []byte("startxref")); k >= 0 {
		if off, _, ok := pdfInt(tail, k+len("startxref")); ok {
			return checkXrefTable(b, off)
		}
	}
	return nil
}

// checkXrefTable checks the subsection headers ("start count") of an xref
// table at offset off, if one is there.
func checkXrefTable(b []byte, off int64) error {
	if off < 0 || off >= int64(len(b)) {
		return nil
	}
	k := skipSpace(b, int(off))
	if !bytes.HasPrefix(b[k:], []byte("xref")) {
		return nil // an xref stream: its /Size and /Index were checked
	}
	k += len("xref")
	for {
		start, next, ok := pdfInt(b, k)
		if !ok {
			return nil
		}
		count, next, ok := pdfInt(b, next)
		if !ok {
			return nil
		}
		if start < 0 || count < 0 || start+count > maxPDFObjects {
			return fmt.Errorf("cross-reference subsection %d+%d exceeds %d objects", start, count, maxPDFObjects)
		}
		k = next
		// Skip the entries: three tokens each.
		for e := int64(0); e < 3*count; e++ {
			k = skipSpace(b, k)
			from := k
			for k < len(b) && !isPDFSpace(b[k]) && !isPDFDelim(b[k]) {
				k++
			}
			if k >= len(b) || k == from {
				return nil // the end, or not an entry: the reader stops there too
			}
		}
	}
}

// pdfName reads a name's characters from b[i:], decoding #xx escapes, and
// returns it with the index after it.
func pdfName(b []byte, i int) (string, int) {
	var out []byte
	for i < len(b) && !isPDFSpace(b[i]) && !isPDFDelim(b[i]) && len(out) < 64 {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 3
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return string(out), i
}

// pdfInt reads an integer (optional sign, digits) after white space and
// comments at b[i:].
func pdfInt(b []byte, i int) (int64, int, bool) {
	i = skipSpace(b, i)
	j := i
	if j < len(b) && (b[j] == '+' || b[j] == '-') {
		j++
	}
	d := j
	for j < len(b) && b[j] >= '0' && b[j] <= '9' && j-d < 18 {
		j++
	}
	if j == d || j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.') {
		return 0, i, false // not an integer, or one too long to be sane
	}
	n, err := strconv.ParseInt(string(b[i:j]), 10, 64)
	if err != nil {
		return 0, i, false
	}
	return n, j, true
}

// skipSpace skips PDF white space and comments.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch {
		case isPDFSpace(b[i]):
			i++
		case b[i] == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return c == '<' || c == '>' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
}
