package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", s, err)
	}
	return u
}

func TestSiteID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://Clinic.Example/x", "clinic.example"},
		{"https://clinic.example:443/", "clinic.example"},
		{"http://clinic.example:80", "clinic.example"},
		{"http://clinic.example:443/", "clinic.example:443"}, // not http's default
		{"https://clinic.example:8443/", "clinic.example:8443"},
		{"http://127.0.0.1:41233/", "127.0.0.1:41233"},
		{"http://clinic.example./", "clinic.example"},
		{"http://[::1]:8080/", "[::1]:8080"},
		{"http://[::1]/", "[::1]"},
	}
	for _, tt := range tests {
		if got := SiteID(mustParse(t, tt.in)); got != tt.want {
			t.Errorf("SiteID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNewSite(t *testing.T) {
	tests := []struct {
		seed, wantID string
	}{
		{"clinic.example", "clinic.example"},
		{"  clinic.example/home  ", "clinic.example"},
		{"//clinic.example", "clinic.example"},
		{"clinic.example:8080", "clinic.example:8080"},
		{"https://WWW.Clinic.Example:443/x#top", "www.clinic.example"},
		{"http://127.0.0.1:41233", "127.0.0.1:41233"},
	}
	for _, tt := range tests {
		s, err := NewSite(tt.seed, " Name ")
		if err != nil {
			t.Errorf("NewSite(%q): %v", tt.seed, err)
			continue
		}
		if s.ID != tt.wantID || s.Name != "Name" {
			t.Errorf("NewSite(%q) = %+v, want ID %q and Name %q", tt.seed, s, tt.wantID, "Name")
		}
	}
	for _, bad := range []string{"", "   ", "ftp://clinic.example/", "mailto:info@clinic.example", "http://", "http://clinic.example:99999/", "http://exa mple.com/"} {
		if s, err := NewSite(bad, ""); err == nil {
			t.Errorf("NewSite(%q) = %+v, want an error", bad, s)
		}
	}
	if u, _ := parseSeed("clinic.example"); u.String() != "http://clinic.example/" {
		t.Errorf("parseSeed(clinic.example) = %s, want http://clinic.example/", u)
	}
}

func TestCanonicalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTP://Clinic.Example", "http://clinic.example/"},
		{"http://clinic.example:80/a", "http://clinic.example/a"},
		{"https://clinic.example:443/a", "https://clinic.example/a"},
		{"http://clinic.example:8080/a", "http://clinic.example:8080/a"},
		{"http://clinic.example/a#section", "http://clinic.example/a"},
		{"http://user:pw@clinic.example/a", "http://clinic.example/a"},
		{"http://clinic.example/a?", "http://clinic.example/a"},
		{"http://clinic.example/a?b=2&a=1", "http://clinic.example/a?a=1&b=2"},
		{"http://clinic.example/a?x=2&a=1&x=1", "http://clinic.example/a?a=1&x=2&x=1"},
		{"http://clinic.example/a?utm_source=fb&UTM_Medium=x&gclid=1&fbclid=2&mc_cid=3&mc_eid=4&id=7", "http://clinic.example/a?id=7"},
		{"http://clinic.example/a?ref=home", "http://clinic.example/a?ref=home"},
		{"http://clinic.example/a?q=caf%C3%A9&print", "http://clinic.example/a?print&q=caf%C3%A9"},
		{"http://clinic.example/index.html", "http://clinic.example/index.html"},
		{"http://clinic.example/Path/With/Case", "http://clinic.example/Path/With/Case"},
	}
	for _, tt := range tests {
		c, ok := canonicalize(mustParse(t, tt.in))
		if !ok || c.String() != tt.want {
			t.Errorf("canonicalize(%q) = %v, %v; want %q", tt.in, c, ok, tt.want)
		}
	}
	for _, bad := range []string{"mailto:info@clinic.example", "tel:+15551234", "javascript:void(0)", "ftp://clinic.example/", "/relative", "http:opaque"} {
		if c, ok := canonicalize(mustParse(t, bad)); ok {
			t.Errorf("canonicalize(%q) = %v, want not ok", bad, c)
		}
	}
}

func TestScope(t *testing.T) {
	tests := []struct {
		seed, u string
		want    bool
	}{
		{"http://clinic.example/", "http://clinic.example/a", true},
		{"http://clinic.example/", "https://www.clinic.example/a", true},
		{"http://www.clinic.example/", "http://clinic.example/a", true},
		{"http://www.clinic.example/", "http://shop.clinic.example/a", true},
		{"http://clinic.co.uk/", "http://www.clinic.co.uk/", true},
		{"http://clinic.co.uk/", "http://other.co.uk/", false},
		{"http://clinic.example/", "http://otherclinic.example/", false},
		{"http://clinic.example/", "http://clinic.example.evil.example/", false},
		{"http://clinic.example/", "http://evil.example/clinic.example", false},
		{"http://clinic.example/", "http://clinic.example:8080/", false},
		{"http://clinic.example/", "https://clinic.example:443/", true},
		{"https://clinic.example/", "http://clinic.example:80/", true},
		{"http://clinic.example:8080/", "http://clinic.example:8080/x", true},
		{"http://clinic.example:8080/", "http://clinic.example/x", false},
		{"http://127.0.0.1:4000/", "http://127.0.0.1:4000/x", true},
		{"http://127.0.0.1:4000/", "http://127.0.0.1:4001/x", false},
		{"http://127.0.0.1:4000/", "http://127.0.0.2:4000/x", false},
		{"http://localhost:4000/", "http://localhost:4000/x", true},
		{"http://clinic.example/", "ftp://clinic.example/", false},
		// Hosting platforms on the public suffix list are separate sites.
		{"https://clinic-a.github.io/", "https://clinic-b.github.io/", false},
	}
	for _, tt := range tests {
		sc := newScope(mustParse(t, tt.seed))
		if got := sc.allows(mustParse(t, tt.u)); got != tt.want {
			t.Errorf("scope(%s).allows(%s) = %v, want %v", tt.seed, tt.u, got, tt.want)
		}
	}
}

func TestLinkFilters(t *testing.T) {
	tests := []struct {
		u          string
		skip, trap bool
	}{
		{"http://c.example/about", false, false},
		{"http://c.example/brochure.pdf", false, false},
		{"http://c.example/photo.JPG", true, false},
		{"http://c.example/clip.mp4", true, false},
		{"http://c.example/site.css", true, false},
		{"http://c.example/app.js?v=3", true, false},
		{"http://c.example/files/all.zip", true, false},
		{"http://c.example/font.woff2", true, false},
		{"http://c.example/en/en/en/about", false, true},
		{"http://c.example/a/b/a/b/a/b", false, true},
		{"http://c.example/2024/01/01/post", false, false},
		{"http://c.example/" + strings.Repeat("x/", 40), false, true},
		{"http://c.example/?q=" + strings.Repeat("y", 2100), false, true},
	}
	for _, tt := range tests {
		u := mustParse(t, tt.u)
		if got := skippedExt(u); got != tt.skip {
			t.Errorf("skippedExt(%s) = %v, want %v", tt.u, got, tt.skip)
		}
		if got := looksLikeTrap(u); got != tt.trap {
			t.Errorf("looksLikeTrap(%s) = %v, want %v", tt.u, got, tt.trap)
		}
	}
}

func TestRetryWait(t *testing.T) {
	now := time.Now()
	h := func(ra string) http.Header {
		hd := http.Header{}
		if ra != "" {
			hd.Set("Retry-After", ra)
		}
		return hd
	}
	tests := []struct {
		status  int
		ra      string
		attempt int
		delay   time.Duration
		want    time.Duration
		ok      bool
	}{
		{503, "", 0, time.Second, 2 * time.Second, true},
		{503, "", 1, time.Second, 4 * time.Second, true},
		{503, "", 2, time.Second, 0, false}, // two retries at most
		{429, "", 0, 0, 2 * minBackoff, true},
		{429, "7", 0, time.Second, 7 * time.Second, true},
		{503, "3600", 0, time.Second, 0, false}, // longer than we wait: give up now
		{503, "999999999999", 0, time.Second, 0, false},
		{503, now.Add(10 * time.Second).UTC().Format(http.TimeFormat), 0, time.Second, 9 * time.Second, true},
		{500, "", 0, time.Second, 0, false},
		{404, "1", 0, time.Second, 0, false},
		{503, "", 0, 20 * time.Second, maxRetryWait, true},
	}
	for _, tt := range tests {
		got, ok := retryWait(tt.status, h(tt.ra), tt.attempt, tt.delay)
		// HTTP dates have one-second resolution.
		if ok != tt.ok || got < tt.want || got > tt.want+time.Second || (tt.ra == "" && got != tt.want) {
			t.Errorf("retryWait(%d, %q, %d, %v) = %v, %v; want %v, %v", tt.status, tt.ra, tt.attempt, tt.delay, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseRobotsLenient(t *testing.T) {
	// temoto/robotstxt rejects this whole file; we keep the valid rules.
	body := []byte("Disallow: /before-any-agent\n\nUser-agent: *\nCrawl-delay: soon\nDisallow: /private\n")
	d := parseRobots(body)
	if d == nil {
		t.Fatal("parseRobots returned nil")
	}
	g := d.FindGroup(DefaultUserAgent)
	if g.Test("/private/x") {
		t.Error("/private/x allowed, want disallowed")
	}
	if !g.Test("/public") || !g.Test("/before-any-agent") {
		t.Error("/public or /before-any-agent disallowed, want allowed")
	}
}

// TestUnicodeHost checks that a Unicode host name and its IDNA ASCII form
// are one site: one id, one scope, and a full crawl from either seed.
func TestUnicodeHost(t *testing.T) {
	uni, err := NewSite("http://MÜNCHEN.test/", "")
	if err != nil {
		t.Fatal(err)
	}
	ascii, err := NewSite("xn--mnchen-3ya.test", "")
	if err != nil {
		t.Fatal(err)
	}
	if uni.ID != "xn--mnchen-3ya.test" || ascii.ID != uni.ID {
		t.Errorf("site ids %q and %q, want both xn--mnchen-3ya.test", uni.ID, ascii.ID)
	}
	if sc := newScope(mustParse(t, "http://münchen.test/")); !sc.allows(mustParse(t, "http://www.xn--mnchen-3ya.test/x")) ||
		!sc.allows(mustParse(t, "http://www.münchen.test/x")) {
		t.Errorf("scope %+v does not allow both forms of www.münchen.test", sc)
	}

	// 14 pages linked in both forms, relative and absolute.
	docs := map[string]string{"/robots.txt": "User-agent: *\nDisallow: /private\n"}
	home := ""
	for i := 1; i <= 13; i++ {
		host := "münchen.test"
		if i%2 == 0 {
			host = "xn--mnchen-3ya.test"
		}
		switch i % 3 {
		case 0:
			home += fmt.Sprintf(`<a href="/p%d">p</a>`, i)
		default:
			home += fmt.Sprintf(`<a href="http://%s/p%d">p</a>`, host, i)
		}
		docs[fmt.Sprintf("/p%d", i)] = `<a href="/">home</a><a href="http://münchen.test/private">x</a>`
	}
	docs["/"] = home
	for _, seed := range []string{"http://münchen.test/", "http://xn--mnchen-3ya.test/"} {
		t.Run(seed, func(t *testing.T) {
			srv := newTestServer(t, pages(docs))
			var dialed sync.Map
			cfg := testConfig()
			tr := mappedTransport(cfg, map[string]string{"xn--mnchen-3ya.test": srv.Listener.Addr().String()}, &dialed)
			res, err := runCrawl(t, context.Background(), cfg, tr, seed)
			if err != nil {
				t.Fatal(err)
			}
			got := res.site(t, "xn--mnchen-3ya.test")
			if got.Fetched != 14 || got.Robots != 1 {
				t.Errorf("SiteResult = %+v, want 14 pages fetched and 1 robots exclusion; pages %v", got, res.urls())
			}
			if n := srv.count("/robots.txt"); n != 1 {
				t.Errorf("robots.txt fetched %d times, want 1", n)
			}
		})
	}
}
