package screenshot

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/crawler"
)

const (
	quoteInline = "Our stem cell therapy reverses multiple sclerosis in 92% of patients."
	quoteBottom = "Treatment packages start at $14,500 per infusion, financing available."
	quoteAbsent = "This sentence is on no page of the site."
)

// fixture crawls a loopback site into a WARC and closes the site, so
// anything rendered afterwards can only come from the capture. It returns
// the WARC and the response record id of each page by path.
func fixture(t *testing.T) (warcPath string, ids map[string]string) {
	t.Helper()
	filler := strings.Repeat("<p>Regenerative medicine is a field of research.</p>\n", 60)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>Clinic</title>
<style>body{font-family:sans-serif;margin:40px} h1{color:#036}</style>
<link rel="stylesheet" href="/missing.css"></head>
<body><h1>Clinic “Nueva Vida”</h1><img src="/logo.png" alt="logo"><img src="http://203.0.113.7/pixel.png" alt="">
<p>Welcome. Our <b>stem cell</b> therapy   reverses
<a href="/ms">multiple sclerosis</a> in 92%% of patients. Call us.</p>
%s<ul><li>Treatment packages start at $14,500 per infusion, financing available.</li></ul>
<script>document.body.innerHTML = "scripts must not run"</script></body></html>`, filler)
	})
	mux.HandleFunc("/ms", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><title>MS</title><p>Multiple sclerosis.</p>")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	warcPath = filepath.Join(t.TempDir(), "capture.warc.gz")
	w, err := crawler.OpenWARC(warcPath, crawler.WARCInfo{Software: "clinicaudit/test", UserAgent: crawler.DefaultUserAgent, Robots: "obey"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := crawler.DefaultConfig()
	cfg.Delay, cfg.WARC = 0, w
	site, _ := crawler.NewSite(srv.URL, "")
	var mu sync.Mutex
	ids = map[string]string{}
	err = crawler.Crawl(context.Background(), cfg, []crawler.Site{site}, func(p crawler.Page) {
		mu.Lock()
		defer mu.Unlock()
		if p.OK() {
			ids[strings.TrimPrefix(p.URL, srv.URL)] = p.WARCRecordID
		}
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if ids["/"] == "" || ids["/ms"] == "" {
		t.Fatalf("crawl recorded %v", ids)
	}
	return warcPath, ids
}

func openRenderer(t *testing.T, warcPath string) *Renderer {
	t.Helper()
	r, err := Open(context.Background(), "", warcPath)
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

// TestRender renders a captured page after its site is gone: the quotes
// are highlighted where their boxes say, each crop holds its box, nothing
// outside the capture was fetched, and a re-render is byte-identical.
func TestRender(t *testing.T) {
	warcPath, ids := fixture(t)
	r := openRenderer(t, warcPath)
	ctx := context.Background()
	quotes := []string{quoteInline, quoteBottom, quoteAbsent}
	shot, err := r.Render(ctx, ids["/"], quotes)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SCREENSHOT_OUT"); dir != "" { // to look at them
		os.WriteFile(filepath.Join(dir, "page.png"), shot.PNG, 0o644)
		os.WriteFile(filepath.Join(dir, "crop.png"), shot.Highlights[0].PNG, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(shot.PNG))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != Width || b.Dy() != shot.Height || shot.Height < 1500 || shot.Truncated {
		t.Errorf("screenshot %v, height %d (truncated %v): want the whole page, %d wide", b, shot.Height, shot.Truncated, Width)
	}
	full := Box{0, 0, shot.Width, shot.Height}
	for i, h := range shot.Highlights[:2] {
		if !h.Found || h.Box.W < 50 || h.Box.H < 10 || !h.Box.Inside(h.Crop) || !h.Crop.Inside(full) {
			t.Fatalf("quote %d: %+v", i, h)
		}
		// The highlight's red border is at the box's left edge, in the
		// full screenshot and in the crop.
		if c := img.At(h.Box.X+1, h.Box.Y+h.Box.H/2); !reddish(c) {
			t.Errorf("quote %d: pixel at the box's left edge is %v, want the red highlight border", i, c)
		}
		crop, err := png.Decode(bytes.NewReader(h.PNG))
		if err != nil {
			t.Fatal(err)
		}
		if b := crop.Bounds(); b.Dx() != h.Crop.W || b.Dy() != h.Crop.H {
			t.Errorf("quote %d: crop image %v, want %+v", i, b, h.Crop)
		}
		if c := crop.At(h.Box.X+1, h.Box.Y-h.Crop.Y+h.Box.H/2); !reddish(c) {
			t.Errorf("quote %d: crop pixel at the box's left edge is %v", i, c)
		}
	}
	if shot.Highlights[1].Box.Y < shot.Highlights[0].Box.Y+1000 {
		t.Errorf("bottom quote box %+v is not far below the first %+v", shot.Highlights[1].Box, shot.Highlights[0].Box)
	}
	if h := shot.Highlights[2]; h.Found || h.PNG != nil || h.Note == "" {
		t.Errorf("absent quote: %+v", h)
	}
	// Requests the capture cannot answer were refused, not fetched.
	for _, want := range []string{"/missing.css", "/logo.png", "http://203.0.113.7/pixel.png"} {
		if !containsSuffix(shot.Refused, want) {
			t.Errorf("refused %v, want %s among them", shot.Refused, want)
		}
	}

	again, err := r.Render(ctx, ids["/"], quotes)
	if err != nil {
		t.Fatal(err)
	}
	if again.SHA256 != shot.SHA256 || !bytes.Equal(again.Highlights[0].PNG, shot.Highlights[0].PNG) {
		t.Errorf("re-render differs: %s vs %s", again.SHA256, shot.SHA256)
	}
	// Another renderer (a new browser) gives the same image too.
	r2 := openRenderer(t, warcPath)
	third, err := r2.Render(ctx, ids["/"], quotes)
	if err != nil {
		t.Fatal(err)
	}
	if third.SHA256 != shot.SHA256 {
		t.Errorf("render in a new browser differs: %s vs %s", third.SHA256, shot.SHA256)
	}
	// A different page renders differently.
	other, err := r.Render(ctx, ids["/ms"], nil)
	if err != nil {
		t.Fatal(err)
	}
	if other.SHA256 == shot.SHA256 {
		t.Error("two pages render to the same image")
	}
	robots := ""
	for u, e := range r.cap.byURL {
		if strings.HasSuffix(u, "/robots.txt") {
			robots = e.RecordID
		}
	}
	if _, err := r.Render(ctx, robots, nil); !errors.Is(err, ErrNotHTML) {
		t.Errorf("Render of robots.txt: %v, want ErrNotHTML", err)
	}
	if _, err := r.Render(ctx, "<urn:uuid:nope>", nil); err == nil {
		t.Error("Render of a record not in the capture succeeded")
	}
}

func reddish(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, g, b, _ := c.RGBA()
	return r>>8 > 180 && g>>8 < 90 && b>>8 < 90
}

func containsSuffix(list []string, suffix string) bool {
	for _, s := range list {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}

// TestBrowserDiesWithParent: when the process rendering is killed outright
// (SIGKILL, as a killed scan is), its Chromium goes too.
func TestBrowserDiesWithParent(t *testing.T) {
	if os.Getenv("SCREENSHOT_HELPER") != "" {
		r, err := Open(context.Background(), "", os.Getenv("SCREENSHOT_HELPER"))
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Println("PROFILE", r.b.profile)
		select {} // until killed
	}
	if Find() == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium not installed")
	}
	warcPath, _ := fixture(t)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBrowserDiesWithParent$")
	cmd.Env = append(os.Environ(), "SCREENSHOT_HELPER="+warcPath)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "PROFILE ") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper: %q %v", line, err)
	}
	profile := strings.TrimSpace(strings.TrimPrefix(line, "PROFILE "))
	defer os.RemoveAll(profile) // the killed helper could not remove it
	if len(browserProcs(profile)) == 0 {
		t.Fatal("no browser process found for the helper's profile")
	}
	cmd.Process.Kill()
	cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for len(browserProcs(profile)) > 0 {
		if time.Now().After(deadline) {
			procs := browserProcs(profile)
			for _, p := range procs {
				syscall.Kill(p, syscall.SIGKILL) // started by this test
			}
			t.Fatalf("browser processes %v outlived their killed parent", procs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// browserProcs returns the pids whose command line names profile.
func browserProcs(profile string) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(b, []byte("--user-data-dir="+profile)) {
			if st, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil && bytes.Contains(st, []byte(") Z ")) {
				continue // a zombie: already dead
			}
			out = append(out, pid)
		}
	}
	return out
}
