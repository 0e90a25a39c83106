package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// TestCharsetsEndToEnd serves pages whose charset is declared only by a
// <meta> element (the HTTP header names none), crawls them and decodes
// what the crawler kept with extract.DecodeHTML, as the scan does: the text
// must come out right. A malformed page must still be crawled through and
// its claims extracted.
func TestCharsetsEndToEnd(t *testing.T) {
	const (
		russian      = "Лечение рассеянного склероза стволовыми клетками"
		spanish      = "Tratamiento de rodilla con células madre: 4.500 € por sesión."
		japaneseText = "幹細胞治療の費用は50万円です"
	)
	docs := map[string][]byte{
		"/": []byte(`<html><head><title>Index</title></head><body>
<a href="/cp1251">ru</a> <a href="/latin9">es</a> <a href="/sjis">ja</a> <a href="/broken">broken</a></body></html>`),
		"/cp1251": append(append([]byte(`<html><head><meta charset="windows-1251"><title>ru</title></head><body><p>`),
			encode(t, charmap.Windows1251, russian)...), "</p></body></html>"...),
		"/latin9": append(append([]byte(`<html lang="es"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"></head><body><p>`),
			encode(t, charmap.ISO8859_15, spanish)...), "</p></body></html>"...),
		"/sjis": append(append([]byte(`<html><head><meta charset="Shift_JIS"></head><body><p>`),
			encode(t, japanese.ShiftJIS, japaneseText)...), "</p></body></html>"...),
		// Unclosed and stray tags, an unquoted attribute, a table cell
		// outside a table, a comment that never ends a paragraph.
		"/broken": []byte(`<html><body><div><p>We treat multiple sclerosis with umbilical cord stem cells.
<p>Treatment costs $5,000 per infusion.</div></div></span><td>stray cell<b><i>bold italic</b></i>
<a href=/after-broken>next</a><!-- unclosed comment`),
		"/after-broken": []byte(`<p>Reached through a malformed page.`),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html") // no charset: only <meta> says
		w.Write(b)
	}))
	defer srv.Close()
	site, err := crawler.NewSite(srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg := crawler.DefaultConfig()
	cfg.Delay = 0
	cfg.Timeout = 5 * time.Second
	var mu sync.Mutex
	got := map[string]crawler.Page{}
	err = crawler.Crawl(context.Background(), cfg, []crawler.Site{site}, func(p crawler.Page) {
		mu.Lock()
		got[strings.TrimPrefix(p.URL, srv.URL)] = p
		mu.Unlock()
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/cp1251": russian, "/latin9": spanish, "/sjis": japaneseText} {
		p, ok := got[path]
		if !ok || !p.OK() {
			t.Errorf("%s: not fetched: %+v", path, p)
			continue
		}
		if !bytes.Equal(p.Body, docs[path]) {
			t.Errorf("%s: the crawler changed the body bytes", path)
		}
		text, err := extract.DecodeHTML(p.Body, p.ContentType)
		if err != nil {
			t.Errorf("%s: DecodeHTML: %v", path, err)
			continue
		}
		if !strings.Contains(string(text), want) {
			t.Errorf("%s: decoded text %q does not contain %q", path, text, want)
		}
	}
	if _, ok := got["/after-broken"]; !ok {
		t.Error("the link inside the malformed page was not followed")
	}

	ex, err := extract.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	claims := func(path string) []extract.Claim {
		p := got[path]
		r, err := ex.Extract(extract.Input{URL: p.FinalURL, Site: p.Site, ContentType: p.ContentType, Body: p.Body})
		if err != nil {
			t.Fatalf("%s: Extract: %v", path, err)
		}
		return r.Claims
	}
	euro := false
	for _, c := range claims("/latin9") {
		if c.Kind == extract.KindPrice && c.Currency == "EUR" && c.Amount == 4500 {
			euro = true
		}
	}
	if !euro {
		t.Errorf("ISO-8859-15 page: no EUR 4500 price in %+v", claims("/latin9"))
	}
	var ms, price bool
	for _, c := range claims("/broken") {
		ms = ms || c.ID == "multiple-sclerosis"
		price = price || (c.Kind == extract.KindPrice && c.Amount == 5000)
	}
	if !ms || !price {
		t.Errorf("malformed page: multiple sclerosis %v, $5,000 %v; claims %+v", ms, price, claims("/broken"))
	}
}
