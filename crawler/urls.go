package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Link-trap limits. A URL beyond any of them is not queued.
const (
	maxURLLength     = 2048 // characters in the canonical URL
	maxPathSegments  = 32   // path segments
	maxSegmentRepeat = 2    // occurrences of one path segment ("/en/en/en/..." is a relative-link trap)
	maxQueryVariants = 5    // distinct query strings queued per scheme+host+path (calendars, facets)
)

// normHost returns the form of a host name used for scope, robots.txt,
// politeness and site ids: lower case, no trailing dot, and a Unicode name in
// its ASCII (IDNA, "xn--") form, so that "münchen.test" and
// "xn--mnchen-3ya.test" are one host. A name IDNA rejects is only
// lower-cased (it will fail to resolve as it would anyway).
func normHost(h string) string {
	h = strings.TrimSuffix(h, ".")
	for i := 0; i < len(h); i++ {
		if h[i] >= utf8.RuneSelf {
			if a, err := idna.Lookup.ToASCII(h); err == nil {
				return strings.TrimSuffix(a, ".")
			}
			break
		}
	}
	return strings.ToLower(h)
}

// SiteID returns the site identity of a URL: its host (normHost: lower-cased,
// IDNA ASCII form), with the
// port when it is not the scheme's default ("clinic.example",
// "127.0.0.1:41233"). A trailing dot is dropped and IPv6 literals keep their
// brackets ("[::1]", "[::1]:8080").
func SiteID(u *url.URL) string {
	host := normHost(u.Hostname())
	port := effectivePort(u)
	switch {
	case port != "":
		return net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		return "[" + host + "]"
	default:
		return host
	}
}

// NewSite validates a seed and returns its Site. A seed without a scheme
// ("clinic.example", "clinic.example:8080/home") is taken as http://, the
// scheme every web server can answer on; a site served only over https
// redirects there and stays in scope, because http and https default ports
// are interchangeable. Only http and https seeds with a host are accepted.
// Site.Seed keeps the seed as given (trimmed); name is the display name and may
// be empty.
func NewSite(seed, name string) (Site, error) {
	u, err := parseSeed(seed)
	if err != nil {
		return Site{}, err
	}
	return Site{ID: SiteID(u), Name: strings.TrimSpace(name), Seed: strings.TrimSpace(seed)}, nil
}

// parseSeed turns a seed as written by a user into its canonical URL.
func parseSeed(seed string) (*url.URL, error) {
	s := strings.TrimSpace(seed)
	if s == "" {
		return nil, errors.New("empty seed")
	}
	if !strings.Contains(s, "://") {
		// "mailto:x" names a scheme; "clinic.example:8080" names a port.
		if before, after, found := strings.Cut(s, ":"); found && isScheme(before) && (after == "" || after[0] < '0' || after[0] > '9') {
			return nil, fmt.Errorf("seed %q: unsupported scheme %q (want http or https)", seed, before)
		}
		if strings.HasPrefix(s, "//") {
			s = "http:" + s
		} else {
			s = "http://" + s
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("parse seed %q: %w", seed, err)
	}
	if sc := strings.ToLower(u.Scheme); sc != "http" && sc != "https" {
		return nil, fmt.Errorf("seed %q: unsupported scheme %q (want http or https)", seed, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("seed %q has no host", seed)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("seed %q: invalid port %q", seed, p)
		}
	}
	c, ok := canonicalize(u)
	if !ok {
		return nil, fmt.Errorf("seed %q is not a crawlable URL", seed)
	}
	return c, nil
}

// isScheme reports whether s has the syntax of a URL scheme (RFC 3986).
func isScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return true
}

// defaultPort returns the port implied by an http or https scheme.
func defaultPort(scheme string) string {
	switch strings.ToLower(scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// effectivePort returns u's port, or "" when it is absent or the scheme's
// default, so that http://h, http://h:80 and https://h:443 all give "".
func effectivePort(u *url.URL) string {
	p := u.Port()
	if p == defaultPort(u.Scheme) {
		return ""
	}
	return p
}

// trackingParams are query parameters that identify a campaign or a click,
// not a page. "ref" is deliberately kept: on small sites it often selects
// content (a product or treatment reference).
var trackingParams = map[string]bool{
	"gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "fbclid": true,
	"msclkid": true, "yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
}

func isTrackingParam(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || trackingParams[k]
}

// canonicalize returns the form of u used for de-duplication and requests:
// lower-case scheme and host, no default port, no user info, no fragment, a
// path of at least "/", tracking parameters removed and the remaining query
// parameters sorted by name (stable, so repeated names keep their order; the
// original encoding of each parameter is kept). Paths are left alone:
// "/index.html" and "/" stay distinct. ok is false for anything but an
// absolute http or https URL with a host.
func canonicalize(u *url.URL) (c *url.URL, ok bool) {
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Opaque != "" {
		return nil, false
	}
	host := normHost(u.Hostname())
	if host == "" {
		return nil, false
	}
	cu := *u
	cu.Scheme = scheme
	cu.User = nil
	cu.Fragment, cu.RawFragment = "", ""
	cu.ForceQuery = false
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := effectivePort(u); p != "" {
		host += ":" + p
	}
	cu.Host = host
	if cu.Path == "" {
		cu.Path, cu.RawPath = "/", ""
	}
	cu.RawQuery = cleanQuery(u.RawQuery)
	return &cu, true
}

// cleanQuery drops tracking parameters and empty pieces from a raw query and
// sorts the rest by parameter name.
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct{ key, raw string }
	var kept []param
	for _, piece := range strings.Split(raw, "&") {
		if piece == "" {
			continue
		}
		k, _, _ := strings.Cut(piece, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if isTrackingParam(k) {
			continue
		}
		kept = append(kept, param{k, piece})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].key < kept[j].key })
	parts := make([]string, len(kept))
	for i, p := range kept {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}

// registrableDomain returns the registrable domain of a host name
// ("www.clinic.example" → "clinic.example", "a.b.clinic.co.uk" →
// "clinic.co.uk"). IP addresses, localhost and names without a registrable
// part (a bare public suffix, a single label) are their own domain.
func registrableDomain(host string) string {
	host = normHost(host)
	if host == "localhost" || net.ParseIP(host) != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// scope is what one site may fetch: host names under the seed's registrable
// domain, on the seed's port (80 and 443 count as the same "default" port, so
// http://clinic.example may move to https://www.clinic.example).
type scope struct {
	domain string // registrable domain, or the host itself for IPs and localhost
	port   string // the seed's effective port; "" for a scheme default
}

func newScope(seed *url.URL) scope {
	return scope{domain: registrableDomain(seed.Hostname()), port: effectivePort(seed)}
}

// allows reports whether u may be fetched for the site.
func (s scope) allows(u *url.URL) bool {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return false
	}
	if effectivePort(u) != s.port {
		return false
	}
	host := normHost(u.Hostname())
	if host == s.domain {
		return true
	}
	// Subdomains only for real domain names: "1.127.0.0.1" is not under an IP.
	if net.ParseIP(s.domain) != nil {
		return false
	}
	return strings.HasSuffix(host, "."+s.domain)
}

// skippedExts are path extensions of content that is never a page: they are
// not requested at all. PDFs are fetched (clinics publish brochures as PDF).
var skippedExts = map[string]bool{
	// images
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true,
	".bmp": true, ".ico": true, ".tif": true, ".tiff": true, ".avif": true, ".heic": true,
	// video
	".mp4": true, ".webm": true, ".mov": true, ".avi": true, ".mkv": true, ".m4v": true,
	".wmv": true, ".flv": true, ".mpg": true, ".mpeg": true, ".3gp": true,
	// audio
	".mp3": true, ".wav": true, ".ogg": true, ".oga": true, ".m4a": true, ".aac": true,
	".flac": true, ".wma": true,
	// archives, binaries and office files
	".zip": true, ".gz": true, ".tgz": true, ".tar": true, ".rar": true, ".7z": true,
	".bz2": true, ".xz": true, ".dmg": true, ".exe": true, ".msi": true, ".iso": true,
	".apk": true, ".bin": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true,
	".ppt": true, ".pptx": true,
	// fonts, styles, scripts, feeds and data
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true,
	".css": true, ".js": true, ".mjs": true, ".map": true, ".json": true,
	".rss": true, ".atom": true,
}

// skippedExt reports whether u's path names content that is not worth
// requesting.
func skippedExt(u *url.URL) bool {
	return skippedExts[strings.ToLower(path.Ext(u.Path))]
}

// looksLikeTrap reports whether a canonical URL is too long or has a path
// that repeats itself, the usual shapes of endless generated URLs.
func looksLikeTrap(u *url.URL) bool {
	if len(u.String()) > maxURLLength {
		return true
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > maxPathSegments {
		return true
	}
	count := make(map[string]int, len(segs))
	for _, s := range segs {
		if s == "" {
			continue
		}
		count[s]++
		if count[s] > maxSegmentRepeat {
			return true
		}
	}
	return false
}

// robotsPath is the part of u that robots.txt rules match against.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// robotsKey identifies the robots.txt that governs u: one per scheme and host.
func robotsKey(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + SiteID(u)
}
