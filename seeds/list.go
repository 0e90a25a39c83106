package seeds

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
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
	return u.String(), nil
}

// ParseList reads a seed list: one site a line, "URL" or "URL<TAB>name";
// blank lines and lines starting with # are ignored. Every bad line is
// reported as "name:line: problem"; any bad line makes the whole list an
// error, so a scan never starts on half a list.
func ParseList(r io.Reader, name string) ([]Seed, error) {
	var out []Seed
	var probs []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
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
	if err := sc.Err(); err != nil {
		probs = append(probs, fmt.Sprintf("%s:%d: %v", name, line+1, err))
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(probs, "\n"))
	}
	return out, nil
}
