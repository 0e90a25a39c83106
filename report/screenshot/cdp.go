package screenshot

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/net/websocket"
)

// The Chrome DevTools protocol over golang.org/x/net/websocket: the few
// commands rendering needs (navigate, evaluate, intercept, screenshot), with
// no dependency beyond the module's own.

// browserArgs confine Chromium to loopback: background services off, every
// host but 127.0.0.1 unresolvable, any other request sent to a closed port.
// Rendering intercepts every request anyway (Fetch domain), so nothing is
// fetched from the network at all.
var browserArgs = []string{
	"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
	"--remote-debugging-port=0", "--remote-allow-origins=*",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
	"--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-pings",
	"--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
	"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
	"--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
	"--hide-scrollbars", "--font-render-hinting=none", "--force-color-profile=srgb",
}

var devtoolsURL = regexp.MustCompile(`DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)`)

// browser is a headless Chromium process and a connection to its first tab.
type browser struct {
	cmd     *exec.Cmd
	profile string
	tab     *conn
}

func startBrowser(ctx context.Context, path string) (*browser, error) {
	profile, err := os.MkdirTemp("", "clinicaudit-chromium-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, append(append([]string{"--user-data-dir=" + profile}, browserArgs...), "about:blank")...)
	cmd.SysProcAttr = browserProcAttr()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(profile)
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	b := &browser{cmd: cmd, profile: profile}
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			if m := devtoolsURL.FindStringSubmatch(sc.Text()); m != nil && !sent {
				port <- m[2]
				sent = true
			}
		}
		if !sent {
			close(port)
		}
		io.Copy(io.Discard, stderr)
	}()
	var p string
	select {
	case p = <-port:
	case <-time.After(30 * time.Second):
	case <-ctx.Done():
	}
	if p == "" {
		b.close()
		return nil, fmt.Errorf("%s did not start its DevTools server", path)
	}
	ws, err := pageTarget(ctx, p)
	if err != nil {
		b.close()
		return nil, err
	}
	b.tab = newConn(ws)
	return b, nil
}

// pageTarget connects to the browser's first tab.
func pageTarget(ctx context.Context, port string) (*websocket.Conn, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://127.0.0.1:"+port+"/json/list", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&targets); err != nil {
		return nil, fmt.Errorf("devtools target list: %w", err)
	}
	for _, t := range targets {
		if t.Type == "page" {
			return websocket.Dial(t.WS, "", "http://127.0.0.1/")
		}
	}
	return nil, errors.New("the browser has no tab")
}

// close stops the browser (SIGTERM, so it closes its profile and child
// processes; SIGKILL after 10 s) and removes its profile.
func (b *browser) close() {
	if b.tab != nil {
		b.tab.close()
	}
	b.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		b.cmd.Process.Kill()
		<-done
	}
	os.RemoveAll(b.profile)
}

// conn is a DevTools connection: calls wait for their reply; events go to
// the handler, which runs on the reading goroutine and must not call (it
// may send).
type conn struct {
	ws *websocket.Conn

	mu      sync.Mutex
	next    int
	pending map[int]chan reply
	handler func(method string, params json.RawMessage)
	err     error // the read loop's end
	done    chan struct{}
}

type reply struct {
	Result json.RawMessage
	Err    error
}

type message struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func newConn(ws *websocket.Conn) *conn {
	c := &conn{ws: ws, pending: map[int]chan reply{}, done: make(chan struct{})}
	go c.read()
	return c
}

func (c *conn) read() {
	defer close(c.done)
	for {
		var m message
		if err := websocket.JSON.Receive(c.ws, &m); err != nil {
			c.mu.Lock()
			c.err = err
			for id, ch := range c.pending {
				ch <- reply{Err: fmt.Errorf("devtools connection: %w", err)}
				delete(c.pending, id)
			}
			c.mu.Unlock()
			return
		}
		if m.ID == 0 {
			c.mu.Lock()
			h := c.handler
			c.mu.Unlock()
			if h != nil {
				h(m.Method, m.Params)
			}
			continue
		}
		c.mu.Lock()
		ch := c.pending[m.ID]
		delete(c.pending, m.ID)
		c.mu.Unlock()
		if ch == nil {
			continue // a reply to send's fire-and-forget command
		}
		r := reply{Result: m.Result}
		if m.Error != nil {
			r.Err = errors.New(m.Error.Message)
		}
		ch <- r
	}
}

func (c *conn) onEvent(h func(method string, params json.RawMessage)) {
	c.mu.Lock()
	c.handler = h
	c.mu.Unlock()
}

// send issues a command without waiting for its reply.
func (c *conn) send(method string, params any) error {
	_, err := c.issue(method, params, false)
	return err
}

func (c *conn) issue(method string, params any, wait bool) (chan reply, error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return nil, fmt.Errorf("devtools connection: %w", c.err)
	}
	c.next++
	id := c.next
	var ch chan reply
	if wait {
		ch = make(chan reply, 1)
		c.pending[id] = ch
	}
	c.mu.Unlock()
	if err := websocket.JSON.Send(c.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	return ch, nil
}

// call issues a command and waits for its result.
func (c *conn) call(ctx context.Context, method string, params any, result any) error {
	ch, err := c.issue(method, params, true)
	if err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.Err != nil {
			return fmt.Errorf("%s: %w", method, r.Err)
		}
		if result != nil {
			return json.Unmarshal(r.Result, result)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// eval runs a JavaScript expression in the page (awaiting a promise) and
// decodes its value into result.
func (c *conn) eval(ctx context.Context, expr string, result any) error {
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
	if err := c.call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "awaitPromise": true, "returnByValue": true}, &r); err != nil {
		return err
	}
	if r.ExceptionDetails != nil {
		return fmt.Errorf("script: %s %s", r.ExceptionDetails.Text, strings.TrimSpace(r.ExceptionDetails.Exception.Description))
	}
	if result == nil {
		return nil
	}
	return json.Unmarshal(r.Result.Value, result)
}

func (c *conn) close() {
	c.ws.Close()
	<-c.done
}
