//go:build linux

package wacz

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// The replay acceptance test: ReplayWeb.page itself (the npm package
// `replaywebpage`, its prebuilt index.html, ui.js and sw.js) is served on
// 127.0.0.1 with the WACZ, Debian's Chromium opens it headless with
// ?source=, and the test asks ReplayWeb.page's service worker — the API its
// page list is drawn from — which pages the archive lists, then replays
// each one from the archive.
//
// REPLAYWEBPAGE_DIR names the unpacked package (.ci/run sets it up with
// `npm pack replaywebpage`); CHROMIUM names the browser (default: chromium
// on PATH). Without them the test is skipped, and fails when CI is set.
//
// Nothing leaves the machine: Chromium's background services are off, every
// host name but 127.0.0.1 resolves to nothing, and any other request goes to
// a closed port on loopback.

func replayTools(t *testing.T) (dir, browser string) {
	t.Helper()
	dir = os.Getenv("REPLAYWEBPAGE_DIR")
	browser = os.Getenv("CHROMIUM")
	if browser == "" {
		browser, _ = exec.LookPath("chromium")
	}
	missing := ""
	if _, err := os.Stat(filepath.Join(dir, "sw.js")); dir == "" || err != nil {
		missing = "REPLAYWEBPAGE_DIR (an unpacked `npm pack replaywebpage`)"
	} else if browser == "" {
		missing = "chromium (apt-get install chromium)"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing; .ci/run sets it up", missing)
		}
		t.Skipf("%s is missing", missing)
	}
	return dir, browser
}

func TestReplayWebPage(t *testing.T) {
	rwp, browser := replayTools(t)
	// REPLAY_WACZ checks a given package (e.g. a demo scan's) instead of the fixture.
	dst := os.Getenv("REPLAY_WACZ")
	if dst == "" {
		dst, _, _, _ = writeTestWACZ(t)
	}
	want := map[string]string{} // url → title, from the package
	for _, p := range mustCheck(t, dst).Pages {
		want[p.URL] = p.Title
	}
	if len(want) == 0 {
		t.Fatal("the package lists no pages")
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/capture.wacz", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, dst) }) // Range requests included
	mux.Handle("/", http.FileServer(http.Dir(rwp)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	page := openBrowser(ctx, t, browser)
	source := srv.URL + "/capture.wacz"
	if _, err := page.call("Page.navigate", map[string]any{"url": srv.URL + "/?source=" + source}); err != nil {
		t.Fatal(err)
	}

	// Wait until the service worker has loaded the archive and its pages.
	type listed struct {
		Coll  string `json:"coll"`
		Pages []struct {
			URL   string `json:"url"`
			Title string `json:"title"`
			TS    any    `json:"ts"`
		} `json:"pages"`
		Err string `json:"err"`
	}
	var got listed
	for {
		raw, err := page.eval(`(async () => {
			if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return {err: "no service worker yet"};
			const idx = await (await fetch("/w/api/coll-index")).json();
			const coll = (idx.colls || []).find(c => c.sourceUrl === ` + jsString(source) + ` || (c.config && c.config.sourceUrl === ` + jsString(source) + `));
			if (!coll) return {err: "archive not loaded yet: " + JSON.stringify(idx).slice(0, 300)};
			const pages = await (await fetch("/w/api/c/" + coll.id + "/pages")).json();
			return {coll: coll.id, pages: pages.pages || []};
		})()`)
		if err == nil {
			got = listed{}
			err = json.Unmarshal(raw, &got)
		}
		if err == nil && got.Err == "" && len(got.Pages) >= len(want) {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("ReplayWeb.page did not list the pages: %v %s", err, got.Err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("ReplayWeb.page collection %s lists %d pages", got.Coll, len(got.Pages))
	if len(got.Pages) != len(want) {
		t.Errorf("ReplayWeb.page lists %d pages, the package %d", len(got.Pages), len(want))
	}
	for _, p := range got.Pages {
		title, ok := want[p.URL]
		if !ok || p.Title != title {
			t.Errorf("ReplayWeb.page lists %s %q; the package has %q", p.URL, p.Title, title)
		}
	}

	// Replay every page from the archive (id_: the captured bytes).
	for u, title := range want {
		raw, err := page.eval(`(async () => {
			const r = await fetch("/w/` + got.Coll + `/id_/" + ` + jsString(u) + `);
			return {status: r.status, body: await r.text()};
		})()`)
		var rep struct {
			Status int    `json:"status"`
			Body   string `json:"body"`
		}
		if err == nil {
			err = json.Unmarshal(raw, &rep)
		}
		if err != nil || rep.Status != 200 || !strings.Contains(html.UnescapeString(rep.Body), "<title>"+title+"</title>") {
			t.Errorf("replay of %s: %v, status %d, body %.200q", u, err, rep.Status, rep.Body)
		}
	}
}

func mustCheck(t *testing.T, path string) *Checked {
	t.Helper()
	c, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// cdpPage is a DevTools protocol connection to one browser tab.
type cdpPage struct {
	ws *websocket.Conn
	id int
}

var devtoolsURL = regexp.MustCompile(`DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)`)

// openBrowser starts headless Chromium confined to loopback and returns its
// first tab; the browser is stopped when the test ends.
func openBrowser(ctx context.Context, t *testing.T, browser string) *cdpPage {
	t.Helper()
	profile, err := os.MkdirTemp("", "clinicaudit-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, browser,
		"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--user-data-dir="+profile, "--remote-debugging-port=0", "--remote-allow-origins=*",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
		"--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-pings",
		"--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
		"about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the test
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// SIGTERM lets Chromium stop its child processes and close its
		// profile before the folder is removed.
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		os.RemoveAll(profile)
	})
	var port string
	sc := bufio.NewScanner(stderr)
	var log strings.Builder
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if m := devtoolsURL.FindStringSubmatch(sc.Text()); m != nil {
			port = m[2]
			break
		}
	}
	if port == "" {
		t.Fatalf("chromium did not start its DevTools server:\n%s", log.String())
	}
	go io.Copy(io.Discard, stderr)

	resp, err := http.Get("http://127.0.0.1:" + port + "/json/list")
	if err != nil {
		t.Fatal(err)
	}
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	err = json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		if tg.Type == "page" {
			ws, err := websocket.Dial(tg.WS, "", "http://127.0.0.1/")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ws.Close() })
			if dl, ok := ctx.Deadline(); ok {
				ws.SetDeadline(dl)
			}
			return &cdpPage{ws: ws}
		}
	}
	t.Fatalf("chromium has no page target: %+v", targets)
	return nil
}

// call sends a DevTools command and returns its result, skipping events.
func (c *cdpPage) call(method string, params any) (json.RawMessage, error) {
	c.id++
	if err := websocket.JSON.Send(c.ws, map[string]any{"id": c.id, "method": method, "params": params}); err != nil {
		return nil, err
	}
	for {
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := websocket.JSON.Receive(c.ws, &msg); err != nil {
			return nil, err
		}
		if msg.ID != c.id {
			continue
		}
		if msg.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, msg.Error.Message)
		}
		return msg.Result, nil
	}
}

// eval runs an expression (a promise is awaited) in the tab and returns its
// value as JSON.
func (c *cdpPage) eval(expr string) (json.RawMessage, error) {
	raw, err := c.call("Runtime.evaluate", map[string]any{"expression": expr, "awaitPromise": true, "returnByValue": true})
	if err != nil {
		return nil, err
	}
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	if r.ExceptionDetails != nil {
		return nil, fmt.Errorf("%s %s", r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	return r.Result.Value, nil
}
