package seeds

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// Seed is one line of a seed list: a site to scan.
type Seed struct {
	URL  string
	Name string // display name, may be empty
	File string // where the seed came from ("" for the command line)
	Line int
}

// ParseSeed checks one seed URL: it must be an absolute http or https URL
// with a host. A bare host ("clinic.example") gets "https://".
func ParseSeed(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("empty URL")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("bad URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("bad URL %q: scheme must be http or https", raw)
	}
	if u.Hostname() == "" || strings.ContainsAny(u.Hostname(), " \t") {
		return "", fmt.Errorf("bad URL %q: no host", raw)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("bad URL %q: port %s is not between 1 and 65535", raw, p)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return "", fmt.Errorf("bad URL %q: empty port", raw)
	}
	return u.String(), nil
}

// maxLineBytes bounds a line of a seed list; a longer line is reported as
// too long and skipped without being held in memory.
const maxLineBytes = 1 << 20

// maxProblems is how many bad lines of a seed list are listed; the rest are
// counted.
const maxProblems = 100

// readLine reads one line (without its "\n" or "\r\n"). A line longer than
// max is consumed to its end and reported as long, with raw nil. At the end
// of the input it returns io.EOF, with the last line when it had no "\n".
func readLine(br *bufio.Reader, max int) (raw []byte, long bool, err error) {
	n := 0
	for {
		chunk, err := br.ReadSlice('\n')
		n += len(chunk)
		if n <= max+2 { // room for "\r\n"
			raw = append(raw, chunk...)
		} else {
			raw, long = nil, true
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && n > 0 {
			err = nil // the last line, without "\n"; io.EOF comes next
		}
		return trimEOL(raw), long, err
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// ParseList reads a seed list: one site a line, "URL" or "URL<TAB>name";
// blank lines and lines starting with # are ignored. Every bad line is
// reported as "name:line: problem"; any bad line makes the whole list an
// error, so a scan never starts on half a list.
func ParseList(r io.Reader, name string) ([]Seed, error) {
	var out []Seed
	var probs []string
	br, err := utf8Reader(r, name)
	if err != nil {
		return nil, err
	}
	for line := 1; ; line++ {
		raw, long, err := readLine(br, maxLineBytes)
		if err == io.EOF {
			break
		}
		if err != nil {
			probs = append(probs, fmt.Sprintf("%s:%d: %v", name, line, err))
			break
		}
		if long {
			probs = append(probs, fmt.Sprintf("%s:%d: line too long (over %d bytes)", name, line, maxLineBytes))
			continue
		}
		text := strings.TrimSpace(strings.TrimPrefix(string(raw), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		u, n, _ := strings.Cut(text, "\t")
		if strings.ContainsAny(strings.TrimSpace(u), " ") && !strings.Contains(text, "\t") {
			probs = append(probs, fmt.Sprintf("%s:%d: %q: URL and name must be separated by a tab", name, line, text))
			continue
		}
		seed, err := ParseSeed(u)
		if err != nil {
			probs = append(probs, fmt.Sprintf("%s:%d: %v", name, line, err))
			continue
		}
		out = append(out, Seed{URL: seed, Name: strings.TrimSpace(n), File: name, Line: line})
	}
	if len(probs) > maxProblems {
		probs = append(probs[:maxProblems], fmt.Sprintf("... and %d more problems not listed (%d in all)", len(probs)-maxProblems, len(probs)))
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(probs, "\n"))
	}
	return out, nil
}
