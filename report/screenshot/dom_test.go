package screenshot

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func openDOM(t *testing.T) *DOMRenderer {
	t.Helper()
	r, err := OpenDOM(context.Background(), "")
	if errors.Is(err, ErrNoBrowser) {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// A React-style page: an empty root, a same-site script that fetches JSON
// and writes the text; a script elsewhere and an image are refused.
func TestRenderDOM(t *testing.T) {
	r := openDOM(t)
	const base = "http://clinic.test/"
	files := map[string]string{
		base + "app.js": `fetch("/api/offer.json").then(r => r.json()).then(o => {
			document.getElementById("root").innerHTML = "<h1>" + o.title + "</h1><p>" + o.text + "</p>";
		});`,
		base + "api/offer.json": `{"title":"Stem cells for autism","text":"Our stem cell treatment for autism costs $14,500."}`,
	}
	var mu sync.Mutex // Render calls Fetch from several goroutines
	var asked []string
	fetch := func(ctx context.Context, u, accept string) (int, http.Header, []byte, error) {
		mu.Lock()
		asked = append(asked, u)
		mu.Unlock()
		body, ok := files[u]
		if !ok {
			return 0, nil, nil, errors.New("not on the site")
		}
		ct := "application/javascript"
		if strings.HasSuffix(u, ".json") {
			ct = "application/json"
		}
		return 200, http.Header{"Content-Type": {ct}}, []byte(body), nil
	}
	page := DOMPage{URL: base, ContentType: "text/html; charset=utf-8", Fetch: fetch, Body: []byte(`<!doctype html><html><head>
		<script src="https://cdn.other.test/analytics.js"></script></head>
		<body><div id="root"></div><img src="/logo.png"><script src="/app.js"></script></body></html>`)}
	dom, err := r.Render(context.Background(), page, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if dom.TimedOut {
		t.Fatalf("timed out: %+v", dom)
	}
	if !strings.Contains(string(dom.HTML), "costs $14,500") || !strings.Contains(string(dom.HTML), "<h1>Stem cells for autism</h1>") {
		t.Fatalf("rendered DOM lacks the script's text:\n%s", dom.HTML)
	}
	if len(dom.Fetched) != 2 {
		t.Errorf("fetched %v, want app.js and offer.json", dom.Fetched)
	}
	refused := strings.Join(dom.Refused, "\n")
	if !strings.Contains(refused, "logo.png: image is not fetched") || !strings.Contains(refused, "analytics.js") {
		t.Errorf("refused: %s", refused)
	}

	// A page that loops forever ends at the timeout, and the renderer
	// recovers for the next page.
	loop := DOMPage{URL: base + "loop", ContentType: "text/html", Fetch: fetch,
		Body: []byte(`<html><body><p>Loading</p><script>while (true) {}</script></body></html>`)}
	t0 := time.Now()
	dom, err = r.Render(context.Background(), loop, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !dom.TimedOut {
		t.Fatalf("looping page did not time out: %+v", dom)
	}
	if el := time.Since(t0); el > 8*time.Second {
		t.Errorf("looping page took %v with a 2s timeout", el)
	}
	dom, err = r.Render(context.Background(), page, 10*time.Second)
	if err != nil || !strings.Contains(string(dom.HTML), "costs $14,500") {
		t.Fatalf("after the loop: %v %+v", err, dom)
	}
}
