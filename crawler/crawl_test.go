package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCrawlFollowsLinks checks link extraction, scope, skipping and
// de-duplication on one site, and the fields of the recorded pages.
func TestCrawlFollowsLinks(t *testing.T) {
	other := newTestServer(t, pages(map[string]string{"/": "other site"}))
	var srv *testServer
	srv = newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages(map[string]string{
			"/": `<html><head><base href="/base/"></head><body>
				<a href="/about">About</a>
				<a href="/about#team">About, again</a>
				<a href="/about?utm_source=news&utm_medium=email">About, tracked</a>
				<a href="` + strings.ToUpper(srv.URL[:len("http://")]) + srv.URL[len("http://"):] + `/about">About, absolute</a>
				<a href="relative">Relative to base</a>
				<map><area href="/area" alt="x"></map>
				<iframe src="/iframe"></iframe>
				<a href="mailto:info@clinic.example">mail</a>
				<a href="tel:+15551234567">call</a>
				<a href="javascript:void(0)">js</a>
				<a href="#top">top</a>
				<a href="/photo.jpg">photo</a>
				<a href="/clip.mp4">video</a>
				<a href="http://clinic-elsewhere.example/">other domain</a>
				<a href="` + other.URL + `/">same IP, other port</a>
			</body></html>`,
			"/about":         `<html><frameset><frame src="/frame"><frame src="/"></frameset></html>`,
			"/base/relative": `relative page`,
			"/area":          `area page`,
			"/iframe":        `iframe page`,
			"/frame":         `frame page`,
		}).ServeHTTP(w, r)
	}))
	cfg := testConfig()
	cfg.UserAgent = "clinicaudit-test/1.0 (+https://example.org/bot)"
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	want := []string{"/", "/about", "/area", "/base/relative", "/frame", "/iframe"}
	var got []string
	for _, u := range res.urls() {
		got = append(got, strings.TrimPrefix(u, srv.URL))
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
	for _, r := range srv.requests() {
		if r.ua != cfg.UserAgent {
			t.Errorf("request %s had User-Agent %q, want %q", r.uri, r.ua, cfg.UserAgent)
		}
		if r.uri != "/robots.txt" && !slices.Contains(want, r.uri) {
			t.Errorf("unexpected request %s", r.uri)
		}
	}
	if n := srv.count("/about"); n != 1 {
		t.Errorf("/about requested %d times, want 1", n)
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other port's server got %d requests, want 0", n)
	}

	site := SiteID(mustParse(t, srv.URL))
	about := res.byURL(t, srv.URL+"/about")
	sum := sha256.Sum256(about.Body)
	if about.Site != site || about.Depth != 1 || about.Status != 200 || !about.OK() ||
		about.FinalURL != about.URL || about.SHA256 != hex.EncodeToString(sum[:]) ||
		about.Bytes != len(about.Body) || about.ContentType != "text/html; charset=utf-8" ||
		about.FetchedAt.Location() != time.UTC || about.FetchedAt.IsZero() {
		t.Errorf("page /about = %s", show(about))
	}
	if p := res.byURL(t, srv.URL+"/frame"); p.Depth != 2 {
		t.Errorf("/frame depth = %d, want 2", p.Depth)
	}
	sr := res.site(t, site)
	if sr.Pages != 6 || sr.Fetched != 6 || sr.Errors != 0 || sr.Robots != 0 || sr.Unreachable != "" || sr.Interrupted {
		t.Errorf("SiteResult = %+v", sr)
	}
}

// TestBodyIsRaw checks that Page.Body holds the bytes the server sent: no
// charset conversion (colly converts when Content-Type names a charset), but
// Content-Encoding gzip undone.
func TestBodyIsRaw(t *testing.T) {
	// "Стволовые клетки" (stem cells) in windows-1251.
	cp1251 := []byte("<html><head><title>\xd1\xf2\xe2\xee\xeb\xee\xe2\xfb\xe5 \xea\xeb\xe5\xf2\xea\xe8</title></head><body><a href=\"/gz\">gz</a></body></html>")
	gzHTML := []byte("<html><body>compressed page \xe2\x82\xac</body></html>")
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=windows-1251")
			w.Write(cp1251)
		case "/gz":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(gzHTML)
			zw.Close()
		default:
			http.NotFound(w, r)
		}
	}))
	res, err := runCrawl(t, context.Background(), testConfig(), nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	home := res.byURL(t, srv.URL+"/")
	if !bytes.Equal(home.Body, cp1251) {
		t.Errorf("windows-1251 body changed:\n got %q\nwant %q", home.Body, cp1251)
	}
	if home.ContentType != "text/html; charset=windows-1251" {
		t.Errorf("ContentType = %q", home.ContentType)
	}
	gz := res.byURL(t, srv.URL+"/gz")
	if !bytes.Equal(gz.Body, gzHTML) || gz.Bytes != len(gzHTML) {
		t.Errorf("gzip body = %q (%d bytes), want %q", gz.Body, gz.Bytes, gzHTML)
	}
}

// TestPoliteness measures at the servers that no host ever sees two requests
// at once or two request starts closer than Delay, while many sites are
// crawled together — including pairs of sites on the same host, which
// would overlap without the per-host gate.
func TestPoliteness(t *testing.T) {
	const delay = 60 * time.Millisecond
	docs := map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /nothing\n",
		"/":           `<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>`,
		"/a":          `<a href="/b">b</a>`,
		"/b":          `<a href="/c">c</a>`,
		"/c":          `<a href="/">home</a>`,
	}
	var servers []*testServer
	var seeds []string
	for range 6 {
		s := newTestServer(t, slowHandler(5*time.Millisecond, pages(docs)))
		servers = append(servers, s)
		// Two sites per host: each seed is its own site entry.
		seeds = append(seeds, s.URL+"/", s.URL+"/b")
	}
	cfg := testConfig()
	cfg.Delay = delay
	cfg.Sites = len(seeds)
	res, err := runCrawl(t, context.Background(), cfg, nil, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range servers {
		checkPolite(t, s, delay, 9) // robots.txt, then 4 pages for each of the two sites
	}
	if len(res.sites) != len(seeds) {
		t.Errorf("%d SiteResults, want %d", len(res.sites), len(seeds))
	}
}

// TestCrawlDelay checks that a robots.txt Crawl-delay larger than Delay wins.
func TestCrawlDelay(t *testing.T) {
	srv := newTestServer(t, pages(map[string]string{
		"/robots.txt": "User-agent: *\nCrawl-delay: 0.25\n",
		"/":           `<a href="/a">a</a><a href="/b">b</a>`,
		"/a":          "a",
		"/b":          "b",
	}))
	cfg := testConfig()
	cfg.Delay = 20 * time.Millisecond
	if _, err := runCrawl(t, context.Background(), cfg, nil, srv.URL); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4 (robots.txt and 3 pages)", len(reqs))
	}
	// The robots.txt request precedes the Crawl-delay; the pages follow it.
	for i := 2; i < len(reqs); i++ {
		if gap := reqs[i].at.Sub(reqs[i-1].at); gap < 250*time.Millisecond {
			t.Errorf("gap before %s = %v, want >= 250ms (Crawl-delay)", reqs[i].uri, gap)
		}
	}
}

// TestRobots checks that disallowed URLs are never requested and are
// recorded as robots pages, that robots.txt is fetched once per host even
// when two sites need it at once, and that IgnoreRobots turns it all off.
func TestRobots(t *testing.T) {
	docs := map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /private\n\nUser-agent: clinicaudit\nDisallow: /claims\nDisallow: /private\n",
		"/":           `<a href="/claims">claims</a><a href="/private/x">private</a><a href="/public">public</a>`,
		"/public":     `<a href="/claims?page=2">more claims</a>`,
		"/claims":     "secret claims",
		"/private/x":  "private",
	}
	srv := newTestServer(t, pages(docs))
	cfg := testConfig()
	cfg.Sites = 2
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL+"/", srv.URL+"/public")
	if err != nil {
		t.Fatal(err)
	}
	for _, uri := range []string{"/claims", "/claims?page=2", "/private/x"} {
		if n := srv.count(uri); n != 0 {
			t.Errorf("%s requested %d times, want 0 (disallowed)", uri, n)
		}
	}
	if n := srv.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt requested %d times, want 1", n)
	}
	res.mu.Lock()
	robots := map[string]int{}
	for _, p := range res.pages {
		if p.Error == ErrRobots {
			robots[strings.TrimPrefix(p.URL, srv.URL)]++
			if p.Status != 0 || p.Body != nil || p.SHA256 != "" {
				t.Errorf("robots page %s has a status or body", show(p))
			}
		}
	}
	res.mu.Unlock()
	for _, uri := range []string{"/claims", "/claims?page=2", "/private/x"} {
		if robots[uri] == 0 {
			t.Errorf("no robots page for %s; robots pages: %v", uri, robots)
		}
	}
	site := SiteID(mustParse(t, srv.URL))
	for _, sr := range res.sites {
		if sr.Site.ID != site || sr.Robots == 0 || sr.Unreachable != "" {
			t.Errorf("SiteResult = %+v", sr)
		}
	}

	t.Run("IgnoreRobots", func(t *testing.T) {
		srv := newTestServer(t, pages(docs))
		cfg := testConfig()
		cfg.IgnoreRobots = true
		res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if n := srv.count("/robots.txt"); n != 0 {
			t.Errorf("robots.txt requested %d times, want 0", n)
		}
		for _, uri := range []string{"/claims", "/private/x"} {
			if p := res.byURL(t, srv.URL+uri); !p.OK() {
				t.Errorf("%s = %s, want fetched", uri, show(p))
			}
		}
	})
}

// TestRobotsStatus checks robots.txt answers other than 2xx: 4xx allows
// everything; 5xx and network errors keep the whole host uncrawled and make
// the site unreachable; a disallowed home page too.
func TestRobotsStatus(t *testing.T) {
	home := `<a href="/a">a</a>`
	allow404 := newTestServer(t, pages(map[string]string{"/": home, "/a": "a"}))
	fail500 := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		}
		w.Write([]byte(home))
	}))
	hangup := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.Write([]byte(home))
	}))
	noHome := newTestServer(t, pages(map[string]string{"/robots.txt": "User-agent: *\nDisallow: /\n", "/": home}))

	res, err := runCrawl(t, context.Background(), testConfig(), nil, allow404.URL, fail500.URL, hangup.URL, noHome.URL)
	if err != nil {
		t.Fatal(err)
	}
	if p := res.byURL(t, allow404.URL+"/a"); !p.OK() {
		t.Errorf("404 robots.txt: /a = %s, want fetched", show(p))
	}
	tests := []struct {
		srv         *testServer
		class       string
		unreachable string
	}{
		{fail500, ErrRobotsUnavailable, "robots.txt unavailable (HTTP 500)"},
		{hangup, ErrConn, "connection failed"},
		{noHome, ErrRobots, "robots.txt disallows the home page"},
	}
	for _, tt := range tests {
		p := res.byURL(t, tt.srv.URL+"/")
		if p.Error != tt.class || p.Status != 0 || p.Body != nil {
			t.Errorf("%s: seed page = %s, want error %q and no status", tt.class, show(p), tt.class)
		}
		sr := res.site(t, SiteID(mustParse(t, tt.srv.URL)))
		if sr.Unreachable != tt.unreachable || sr.Pages != 1 {
			t.Errorf("%s: SiteResult = %+v, want Unreachable %q after 1 page", tt.class, sr, tt.unreachable)
		}
		for _, r := range tt.srv.requests() {
			if r.uri != "/robots.txt" {
				t.Errorf("%s: %s requested, want only /robots.txt", tt.class, r.uri)
			}
		}
	}
}

// TestScopeSubdomains crawls named hosts (dialed to a loopback server) and
// checks that www. and other subdomains are in scope, each with its own
// robots.txt, while other domains are never contacted.
func TestScopeSubdomains(t *testing.T) {
	var robotsHosts sync.Map
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/robots.txt" {
			if _, dup := robotsHosts.LoadOrStore(r.Host, true); dup {
				t.Errorf("robots.txt of %s fetched twice", r.Host)
			}
			http.NotFound(w, r)
			return
		}
		switch r.Host + r.URL.Path {
		case "clinic.test/":
			w.Write([]byte(`<a href="http://www.clinic.test/team">team</a>
				<a href="https://shop.clinic.test:443/cart">cart (https, not served)</a>
				<a href="http://evil.test/">evil</a>
				<a href="http://clinic.test.evil.test/">look-alike</a>
				<a href="http://clinic.test:8080/">other port</a>`))
		case "www.clinic.test/team":
			w.Write([]byte(`<a href="http://blog.clinic.test/post">post</a>`))
		case "blog.clinic.test/post":
			w.Write([]byte(`post`))
		default:
			http.NotFound(w, r)
		}
	}))
	addr := srv.Listener.Addr().String()
	var dialed sync.Map
	cfg := testConfig()
	tr := mappedTransport(cfg, map[string]string{
		"clinic.test": addr, "www.clinic.test": addr, "blog.clinic.test": addr, "shop.clinic.test": addr,
	}, &dialed)
	res, err := runCrawl(t, context.Background(), cfg, tr, "http://clinic.test/")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"http://clinic.test/", "http://www.clinic.test/team", "http://blog.clinic.test/post"} {
		if p := res.byURL(t, u); !p.OK() || p.Site != "clinic.test" {
			t.Errorf("%s = %s, want fetched for site clinic.test", u, show(p))
		}
	}
	// https://shop.clinic.test is in scope; it fails here (the server speaks plain HTTP).
	if p := res.byURL(t, "https://shop.clinic.test/cart"); p.Error == "" {
		t.Errorf("shop page = %s, want a failure", show(p))
	}
	for _, host := range []string{"evil.test", "clinic.test.evil.test"} {
		if _, ok := dialed.Load(host); ok {
			t.Errorf("%s was contacted", host)
		}
	}
	for _, r := range srv.requests() {
		if strings.Contains(r.host, ":8080") {
			t.Errorf("request to other port: %+v", r)
		}
	}
}

// TestLimits checks MaxDepth and MaxPages; robots exclusions do not use the
// page budget.
func TestLimits(t *testing.T) {
	docs := map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /no\n",
		"/":           `<a href="/no1">x</a><a href="/no2">x</a><a href="/d1">d1</a>`,
		"/d1":         `<a href="/d2">d2</a>`,
		"/d2":         `<a href="/d3">d3</a>`,
		"/d3":         `<a href="/d4">d4</a>`,
	}
	for i := range 20 {
		docs["/"] += fmt.Sprintf(`<a href="/w%d">w</a>`, i)
		docs[fmt.Sprintf("/w%d", i)] = "wide"
	}
	t.Run("MaxDepth", func(t *testing.T) {
		srv := newTestServer(t, pages(docs))
		cfg := testConfig()
		cfg.MaxDepth = 2
		res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if p := res.byURL(t, srv.URL+"/d2"); !p.OK() || p.Depth != 2 {
			t.Errorf("/d2 = %s, want fetched at depth 2", show(p))
		}
		if n := srv.count("/d3"); n != 0 {
			t.Errorf("/d3 (depth 3) requested %d times", n)
		}
		if got := res.site(t, SiteID(mustParse(t, srv.URL))); got.Fetched != 23 || got.Robots != 2 {
			t.Errorf("SiteResult = %+v, want 23 fetched (/, 20 wide, d1, d2) and 2 robots", got)
		}
	})
	t.Run("MaxPages", func(t *testing.T) {
		srv := newTestServer(t, pages(docs))
		cfg := testConfig()
		cfg.MaxPages = 5
		res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		fetched := 0
		for _, r := range srv.requests() {
			if r.uri != "/robots.txt" {
				fetched++
			}
		}
		sr := res.site(t, SiteID(mustParse(t, srv.URL)))
		if fetched != 5 || sr.Fetched != 5 || sr.Robots != 2 || sr.Pages != 7 {
			t.Errorf("%d requests, SiteResult %+v; want 5 fetched plus 2 robots pages", fetched, sr)
		}
	})
}

// TestLinkTraps checks that endless query-string variants and self-repeating
// relative paths stop.
func TestLinkTraps(t *testing.T) {
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch {
		case r.URL.Path == "/":
			fmt.Fprint(w, `<a href="/calendar?month=1">calendar</a><a href="en/">english</a>`)
		case r.URL.Path == "/calendar":
			var m int
			fmt.Sscan(r.URL.Query().Get("month"), &m)
			fmt.Fprintf(w, `<a href="/calendar?month=%d">next</a><a href="/calendar?month=%d&utm_source=x">next, tracked</a>`, m+1, m+1)
		case strings.HasPrefix(r.URL.Path, "/en/"):
			fmt.Fprint(w, `<a href="en/">english again</a>`) // resolves to /en/en/, /en/en/en/, ...
		default:
			http.NotFound(w, r)
		}
	}))
	cfg := testConfig()
	cfg.MaxDepth = 50
	cfg.MaxPages = 100
	if _, err := runCrawl(t, context.Background(), cfg, nil, srv.URL); err != nil {
		t.Fatal(err)
	}
	calendar, english := 0, 0
	for _, r := range srv.requests() {
		switch {
		case strings.HasPrefix(r.uri, "/calendar"):
			calendar++
		case strings.HasPrefix(r.uri, "/en/"):
			english++
		}
	}
	if calendar != maxQueryVariants {
		t.Errorf("calendar fetched %d times, want %d", calendar, maxQueryVariants)
	}
	if english != maxSegmentRepeat {
		t.Errorf("/en/... fetched %d times, want %d", english, maxSegmentRepeat)
	}
}

// TestRedirects checks Page.URL and FinalURL, links resolved against the
// final URL, and that the target is not fetched again when linked.
func TestRedirects(t *testing.T) {
	other := newTestServer(t, pages(map[string]string{"/": "elsewhere"}))
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			w.Write([]byte(`<a href="/old/page">old</a><a href="/new/page">new</a><a href="/away">away</a>`))
		case "/old/page":
			http.Redirect(w, r, "/new/page", http.StatusMovedPermanently)
		case "/new/page":
			w.Write([]byte(`<a href="sibling">sibling</a>`))
		case "/new/sibling":
			w.Write([]byte(`sibling`))
		case "/away":
			http.Redirect(w, r, other.URL+"/", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	res, err := runCrawl(t, context.Background(), testConfig(), nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	old := res.byURL(t, srv.URL+"/old/page")
	if !old.OK() || old.FinalURL != srv.URL+"/new/page" {
		t.Errorf("/old/page = %s, want OK with FinalURL /new/page", show(old))
	}
	if n := srv.count("/new/page"); n != 1 {
		t.Errorf("/new/page requested %d times, want 1", n)
	}
	if p := res.byURL(t, srv.URL+"/new/sibling"); !p.OK() {
		t.Errorf("/new/sibling = %s, want fetched (link resolved against the final URL)", show(p))
	}
	away := res.byURL(t, srv.URL+"/away")
	if away.Error != ErrOffScope || away.Status != http.StatusFound || !strings.Contains(away.ErrorDetail, other.URL) {
		t.Errorf("/away = %s, want off_scope with status 302 naming the target", show(away))
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("off-scope redirect target got %d requests, want 0", n)
	}
}

// TestFetchErrors records each kind of failure as data, with the seed's
// failure as the site's Unreachable reason, in one crawl of many sites.
func TestFetchErrors(t *testing.T) {
	cfg := testConfig()
	// Long enough that a loaded machine (TLS handshakes under -race) does
	// not time out the cases that must fail otherwise; the hanging cases
	// wait 5 s.
	cfg.Timeout = 3 * time.Second
	cfg.MaxBodySize = 64 << 10
	big := bytes.Repeat([]byte("<p>stem cells</p>\n"), 8<<10) // 144 KiB
	var bomb bytes.Buffer                                     // 2 MiB of zeros inflated (32 times the limit), 2 KiB on the wire
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write(make([]byte, 2<<20))
	zw.Close()

	handler := func(f http.HandlerFunc) string { return newTestServer(t, f).URL }
	refused := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}()
	tlsSrv := httptest.NewTLSServer(pages(map[string]string{"/": "tls"}))
	t.Cleanup(tlsSrv.Close)

	tests := []struct {
		name        string
		seed        string
		class       string
		status      int
		unreachable string
		body        bool
	}{
		{"timeout", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			}
		}), ErrTimeout, 0, "timeout after 3s", false},
		{"slow body", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Write([]byte("<html>start"))
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			}
		}), ErrTimeout, 200, "timeout after 3s", false},
		{"refused", refused, ErrConnRefused, 0, "connection refused", false},
		{"dns", "http://no-such-clinic.invalid/", ErrDNS, 0, "DNS lookup failed", false},
		{"tls", tlsSrv.URL, ErrTLS, 0, "TLS error", false},
		{"404", handler(http.NotFound), ErrHTTP4xx, 404, "HTTP 404", false},
		{"500", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				http.Error(w, "boom", 500)
			}
		}), ErrHTTP5xx, 500, "HTTP 500", false},
		{"redirect loop", handler(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/":
				http.Redirect(w, r, "/a", http.StatusFound)
			case "/a":
				http.Redirect(w, r, "/", http.StatusFound)
			}
		}), ErrRedirectLoop, 302, "redirect loop", false},
		{"too many redirects", handler(func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/r"), &n)
			if r.URL.Path != "/robots.txt" {
				http.Redirect(w, r, fmt.Sprintf("/r%d", n+1), http.StatusFound)
			}
		}), ErrTooManyRedir, 302, "more than 10 redirects", false},
		{"too large, declared", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Header().Set("Content-Length", fmt.Sprint(len(big)))
				w.Write(big)
			}
		}), ErrTooLarge, 200, "home page larger than 65536 bytes", false},
		{"too large, chunked", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Header().Set("Content-Type", "text/html")
				w.Write(big[:4096])
				w.(http.Flusher).Flush() // no Content-Length
				w.Write(big)
			}
		}), ErrTooLarge, 200, "home page larger than 65536 bytes", false},
		{"gzip bomb", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(bomb.Bytes())
			}
		}), ErrTooLarge, 200, "home page larger than 65536 bytes", false},
		{"pdf", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Header().Set("Content-Type", "application/pdf")
				w.Write([]byte("%PDF-1.4 brochure"))
			}
		}), ErrNotHTML, 200, "home page is not HTML (application/pdf)", true},
		{"203", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusNonAuthoritativeInfo)
				w.Write([]byte("<p>proxied page</p>"))
			}
		}), "", 203, "", true},
		{"204", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.WriteHeader(http.StatusNoContent)
			}
		}), "", 204, "", false},
		{"image seed", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/logo.png" {
				w.Header().Set("Content-Type", "image/png")
				w.Write([]byte("\x89PNG"))
			}
		}) + "/logo.png", ErrNotHTML, 200, "home page is not HTML (image/png)", false},
		{"no content type", handler(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Header()["Content-Type"] = nil // suppress sniffing by the server
				w.Write([]byte("<!DOCTYPE html><html><body>untyped</body></html>"))
			}
		}), "", 200, "", true},
	}
	var seeds []string
	for _, tt := range tests {
		seeds = append(seeds, tt.seed)
	}
	cfg.Sites = len(seeds)
	res, err := runCrawl(t, context.Background(), cfg, noDNSTransport(cfg), seeds...)
	if err != nil {
		t.Fatalf("Crawl returned %v; failed fetches must not abort the crawl", err)
	}
	for _, tt := range tests {
		site, _ := NewSite(tt.seed, "")
		u, _ := parseSeed(tt.seed)
		p := res.byURL(t, u.String())
		if p.Error != tt.class || p.Status != tt.status || (p.Body != nil) != tt.body || p.Site != site.ID {
			t.Errorf("%s: page = %s; want error %q, status %d, body %v",
				tt.name, show(p), tt.class, tt.status, tt.body)
		}
		if p.Error != "" && p.ErrorDetail == "" {
			t.Errorf("%s: no ErrorDetail", tt.name)
		}
		if p.Body != nil && p.SHA256 == "" {
			t.Errorf("%s: body without SHA256", tt.name)
		}
		if p.Error == ErrTooLarge && p.Bytes <= int(cfg.MaxBodySize) {
			t.Errorf("%s: Bytes = %d, want more than the limit", tt.name, p.Bytes)
		}
		if sr := res.site(t, site.ID); sr.Unreachable != tt.unreachable {
			t.Errorf("%s: Unreachable = %q, want %q", tt.name, sr.Unreachable, tt.unreachable)
		}
	}
}

// TestRetries checks that 429 and 503 are retried (at most twice, honouring
// Retry-After) and other errors are not.
func TestRetries(t *testing.T) {
	var flaky atomic.Int32
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			w.Write([]byte(`<a href="/flaky">x</a><a href="/busy">x</a><a href="/later">x</a><a href="/broken">x</a>`))
		case "/flaky": // 503 with Retry-After: 1, then fine
			if flaky.Add(1) == 1 {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.Write([]byte("ok now"))
		case "/busy": // always 429, no Retry-After
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "/later": // asks for more than we wait
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		case "/broken":
			http.Error(w, "bug", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	cfg := testConfig()
	cfg.Delay = 10 * time.Millisecond
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var flakyAt []time.Time
	for _, r := range srv.requests() {
		if r.uri == "/flaky" {
			flakyAt = append(flakyAt, r.at)
		}
	}
	if len(flakyAt) != 2 || flakyAt[1].Sub(flakyAt[0]) < time.Second {
		t.Errorf("/flaky requested at %v, want twice, 1s apart (Retry-After)", flakyAt)
	}
	if p := res.byURL(t, srv.URL+"/flaky"); !p.OK() {
		t.Errorf("/flaky = %s, want OK after a retry", show(p))
	}
	busy := res.byURL(t, srv.URL+"/busy")
	if n := srv.count("/busy"); n != 1+maxRetries || busy.Error != ErrHTTP4xx || busy.Status != 429 || !strings.Contains(busy.ErrorDetail, "3 attempts") {
		t.Errorf("/busy: %d requests, page %s; want %d requests and http_4xx", n, show(busy), 1+maxRetries)
	}
	for _, uri := range []string{"/later", "/broken"} {
		if n := srv.count(uri); n != 1 {
			t.Errorf("%s requested %d times, want 1 (no retry)", uri, n)
		}
	}
}

// TestNotHTMLNotDownloaded checks that an image found behind an
// extension-less link is recognised by its Content-Type and its download
// abandoned, while image links with an extension are not requested at all.
func TestNotHTMLNotDownloaded(t *testing.T) {
	const size = 32 << 20
	hungUp := make(chan bool, 1)
	srv := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Write([]byte(`<a href="/gallery/photo">photo</a><a href="/img/logo.png">logo</a>`))
		case "/gallery/photo":
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Content-Length", fmt.Sprint(size))
			chunk := make([]byte, 64<<10)
			for sent := 0; sent < size; sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					hungUp <- true
					return
				}
			}
			hungUp <- false
		default:
			http.NotFound(w, r)
		}
	}))
	res, err := runCrawl(t, context.Background(), testConfig(), nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	p := res.byURL(t, srv.URL+"/gallery/photo")
	if p.Error != ErrNotHTML || p.ContentType != "image/png" || p.Body != nil || p.Status != 200 {
		t.Errorf("photo = %s, want not_html image/png without body", show(p))
	}
	select {
	case h := <-hungUp:
		if !h {
			t.Error("the server sent the whole image; want the download abandoned")
		}
	case <-time.After(5 * time.Second):
		t.Error("image handler still writing")
	}
	if n := srv.count("/img/logo.png"); n != 0 {
		t.Errorf("/img/logo.png requested %d times, want 0", n)
	}
}

// TestCancel cancels a crawl of slow sites and checks that it returns
// context.Canceled promptly, aborts requests in flight, reports every started
// site as interrupted and leaves nothing running.
func TestCancel(t *testing.T) {
	firstBlocked := make(chan struct{}, 100)
	srv := func() string {
		return newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/":
				fmt.Fprint(w, `<a href="/slow1">1</a><a href="/slow2">2</a><a href="/slow3">3</a>`)
			case "/robots.txt":
				http.NotFound(w, r)
			default: // hang until the client goes away
				firstBlocked <- struct{}{}
				select {
				case <-r.Context().Done():
				case <-time.After(30 * time.Second):
				}
			}
		})).URL
	}
	var seeds []string
	for range 6 {
		seeds = append(seeds, srv())
	}
	cfg := testConfig()
	cfg.Sites = 3
	cfg.Timeout = 30 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-firstBlocked
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	// runCrawl also checks that nothing runs and no callback comes after Crawl returns.
	res, err := runCrawl(t, ctx, cfg, nil, seeds...)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Crawl = %v, want context.Canceled", err)
	}
	// Sites beyond the first cfg.Sites were never started (their servers saw
	// nothing), except one that the pool may hand out as cancellation lands.
	if len(res.sites) < cfg.Sites || len(res.sites) > cfg.Sites+1 {
		t.Errorf("%d sites reported, want the %d started ones", len(res.sites), cfg.Sites)
	}
	for _, sr := range res.sites {
		if !sr.Interrupted || sr.Unreachable != "" {
			t.Errorf("SiteResult = %+v, want Interrupted and reachable", sr)
		}
	}
	canceled := 0
	for _, p := range res.pages {
		if p.Error == ErrCanceled {
			canceled++
		}
	}
	if canceled == 0 {
		t.Error("no page recorded as canceled; want the requests in flight")
	}
}

// TestCancelReturnsPromptly measures the time from cancel to return of
// Crawl alone, with requests hanging at the servers.
func TestCancelReturnsPromptly(t *testing.T) {
	hanging := make(chan struct{}, 10)
	var seeds []string
	for range 3 {
		seeds = append(seeds, newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				hanging <- struct{}{}
				select {
				case <-r.Context().Done():
				case <-time.After(30 * time.Second):
				}
			}
		})).URL)
	}
	var sites []Site
	for _, s := range seeds {
		site, _ := NewSite(s, "")
		sites = append(sites, site)
	}
	cfg := testConfig()
	cfg.Timeout = 30 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	var cancelledAt atomic.Int64
	go func() {
		for range seeds {
			<-hanging
		}
		cancelledAt.Store(time.Now().UnixNano())
		cancel()
	}()
	var done atomic.Int32
	err := Crawl(ctx, cfg, sites, nil, func(sr SiteResult) {
		done.Add(1)
		if !sr.Interrupted {
			t.Errorf("site %s not marked interrupted", sr.Site.ID)
		}
	})
	returned := time.Now()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Crawl = %v, want context.Canceled", err)
	}
	if d := returned.Sub(time.Unix(0, cancelledAt.Load())); d > 2*time.Second {
		t.Errorf("Crawl returned %v after cancel, want within 2s", d)
	}
	if n := done.Load(); n != int32(len(sites)) {
		t.Errorf("done called %d times, want %d", n, len(sites))
	}
	checkNoLeaks(t)
}

// TestBoundedGoroutines checks that no more than cfg.Sites site workers
// run at once, however many sites there are.
func TestBoundedGoroutines(t *testing.T) {
	docs := map[string]string{"/": `<a href="/a">a</a><a href="/b">b</a>`, "/a": "a", "/b": "b"}
	var seeds []string
	for range 12 {
		seeds = append(seeds, newTestServer(t, pages(docs)).URL)
	}
	cfg := testConfig()
	cfg.Sites = 3
	cfg.Delay = 5 * time.Millisecond
	var most atomic.Int32
	var sites []Site
	for _, s := range seeds {
		site, _ := NewSite(s, "")
		sites = append(sites, site)
	}
	var n atomic.Int32
	err := Crawl(context.Background(), cfg, sites, func(Page) {
		n.Add(1)
		g := int32(goroutines("crawler.(*siteCrawler)"))
		for {
			m := most.Load()
			if g <= m || most.CompareAndSwap(m, g) {
				break
			}
		}
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != int32(3*len(seeds)) {
		t.Errorf("%d pages, want %d", n.Load(), 3*len(seeds))
	}
	if m := most.Load(); m > int32(cfg.Sites) || m < 1 {
		t.Errorf("up to %d site workers at once, want 1..%d", m, cfg.Sites)
	}
	checkNoLeaks(t)
}

// TestKeepAlive checks that one site's requests reuse a connection.
func TestKeepAlive(t *testing.T) {
	docs := map[string]string{"/": ""}
	for i := range 8 {
		docs["/"] += fmt.Sprintf(`<a href="/p%d">p</a>`, i)
		docs[fmt.Sprintf("/p%d", i)] = "page"
	}
	srv := httptest.NewUnstartedServer(pages(docs))
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	cfg := testConfig()
	cfg.Delay = 5 * time.Millisecond
	res, err := runCrawl(t, context.Background(), cfg, nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.pages) != 9 {
		t.Fatalf("%d pages, want 9", len(res.pages))
	}
	if n := conns.Load(); n > 2 {
		t.Errorf("%d connections for 10 requests, want keep-alive reuse (<= 2)", n)
	}
}

// TestInvalidSeed checks that a site whose seed cannot be crawled is reported
// unreachable without any request.
func TestInvalidSeed(t *testing.T) {
	var got []SiteResult
	err := Crawl(context.Background(), testConfig(), []Site{{ID: "clinic.example", Seed: "ftp://clinic.example/"}},
		func(p Page) { t.Errorf("unexpected page %s", show(p)) },
		func(sr SiteResult) { got = append(got, sr) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.HasPrefix(got[0].Unreachable, "invalid seed: ") {
		t.Errorf("SiteResults = %+v, want one unreachable with an invalid seed", got)
	}
}

// BenchmarkCrawl crawls 10 loopback hosts of 20 small pages each at zero
// delay: the crawler's own overhead per page (robots.txt, colly, parsing).
func BenchmarkCrawl(b *testing.B) {
	docs := map[string]string{"/": ""}
	for i := range 19 {
		docs["/"] += fmt.Sprintf(`<a href="/p%d">page %d</a>`, i, i)
		docs[fmt.Sprintf("/p%d", i)] = strings.Repeat("<p>Stem cell therapy for knees. From $5,000.</p>", 40)
	}
	var sites []Site
	for range 10 {
		srv := httptest.NewServer(pages(docs))
		b.Cleanup(srv.Close)
		site, _ := NewSite(srv.URL, "")
		sites = append(sites, site)
	}
	cfg := testConfig()
	cfg.Sites = len(sites)
	var n atomic.Int64
	b.ResetTimer()
	for range b.N {
		if err := Crawl(context.Background(), cfg, sites, func(Page) { n.Add(1) }, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "pages/s")
}
