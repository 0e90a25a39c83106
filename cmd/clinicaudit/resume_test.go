package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/seeds"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// clinicauditBinary builds the command once per test run.
func clinicauditBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "clinicaudit-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "clinicaudit")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// requestLog records when the test servers received each request.
type requestLog struct {
	mu    sync.Mutex
	times []time.Time
}

func (l *requestLog) wrap(_ string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.times = append(l.times, time.Now())
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (l *requestLog) after(t time.Time) []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []time.Time
	for _, at := range l.times {
		if at.After(t) {
			out = append(out, at)
		}
	}
	return out
}

// manyDemoSites serves the demo clinics n times over (each copy on its own
// ports, so its own sites) and writes them to a seed file.
func manyDemoSites(t *testing.T, n int, log *requestLog) (seedFile string, count int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var b strings.Builder
	for range n {
		list, _, stop, err := demoServers(ctx, log.wrap)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(stop)
		for _, s := range list {
			fmt.Fprintf(&b, "%s\t%s\n", s.URL, s.Name)
			count++
		}
	}
	t.Cleanup(cancel)
	seedFile = filepath.Join(t.TempDir(), "seeds.txt")
	if err := os.WriteFile(seedFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return seedFile, count
}

// countLines returns the number of complete lines in a file (0 if missing).
func countLines(path string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte("\n"))
}

// waitForLines waits until path has at least n complete lines.
func waitForLines(t *testing.T, path string, n int, cmd *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for countLines(path) < n {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("%s never reached %d lines", path, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// scanResult is what a finished output folder says, in a comparable form.
type scanResult struct {
	sites    []string // site ids of sites.jsonl
	pages    []string // site + url of pages.jsonl lines
	claims   []string // claims without capture time and record id
	findings []string // site, condition, severity, flags
	pageIDs  map[string]bool
}

func readResult(t *testing.T, dir string) scanResult {
	t.Helper()
	var r scanResult
	recs, err := report.ReadJSONL[siteRecord](filepath.Join(dir, "sites.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range recs {
		r.sites = append(r.sites, s.Site.ID)
	}
	pages, err := report.ReadJSONL[crawler.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	r.pageIDs = map[string]bool{}
	for _, p := range pages {
		r.pages = append(r.pages, p.Site+" "+p.URL)
		if p.WARCRecordID != "" {
			r.pageIDs[p.WARCRecordID] = true
		}
	}
	claims, err := report.ReadJSONL[extract.Claim](filepath.Join(dir, "claims.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		c.CapturedAt, c.WARCRecordID = "", ""
		b, _ := json.Marshal(c)
		r.claims = append(r.claims, string(b))
	}
	findings, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		var flags []string
		for _, fl := range f.Flags {
			flags = append(flags, fl.ID+"/"+string(fl.Severity))
		}
		r.findings = append(r.findings, fmt.Sprintf("%s %s %s %v", f.Site, f.Condition, f.Severity, flags))
	}
	for _, s := range []*[]string{&r.sites, &r.pages, &r.claims, &r.findings} {
		sort.Strings(*s)
	}
	return r
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf(" got %.400s\nwant %.400s", got[i], want[i])
		}
	}
	return fmt.Sprintf("one list is a prefix of the other (%d, %d)", len(got), len(want))
}

func duplicates(s []string) []string {
	var d []string
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			d = append(d, s[i])
		}
	}
	return d
}

// warcResponses reads a capture with gowarc's reader (every violation an
// error) and returns its response record ids and how many warcinfo
// records it has; it also checks that every gzip member decompresses.
func warcResponses(t *testing.T, path string) (map[string]bool, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	for {
		if _, err := br.Peek(1); err == io.EOF {
			break
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatalf("gzip member: %v", err)
		}
	}
	r, err := gowarc.NewWarcFileReader(path, 0, crawler.WARCReadOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ids, infos := map[string]bool{}, 0
	for {
		rec, off, v, err := r.Next()
		if err == io.EOF {
			return ids, infos
		}
		if err != nil || !v.Valid() {
			t.Fatalf("%s at %d: %v %v", path, off, err, v)
		}
		switch rec.Type() {
		case gowarc.Response:
			ids[rec.WarcHeader().Get(gowarc.WarcRecordID)] = true
		case gowarc.Warcinfo:
			infos++
		}
	}
}

// TestKillAndResume kills a scan with SIGKILL after some sites finished,
// resumes it, and compares the result with an uninterrupted scan of the
// same sites: the same sites, page URLs, claims and findings, no
// duplicate lines, and a capture that reads back with every page's record.
func TestKillAndResume(t *testing.T) {
	bin := clinicauditBinary(t)
	log := &requestLog{}
	seedFile, n := manyDemoSites(t, 3, log)
	flags := []string{"--delay", "15ms", "--sites", "3", "--timeout", "5s"}

	// The reference: one uninterrupted scan.
	ref := filepath.Join(t.TempDir(), "ref")
	if out, err := exec.Command(bin, append(append([]string{"scan", "--out", ref}, flags...), seedFile)...).CombinedOutput(); err != nil {
		t.Fatalf("reference scan: %v\n%s", err, out)
	}

	dir := filepath.Join(t.TempDir(), "killed")
	var stderr bytes.Buffer
	cmd := exec.Command(bin, append(append([]string{"scan", "--out", dir}, flags...), seedFile)...)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForLines(t, filepath.Join(dir, "sites.jsonl"), n/3, cmd)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	before := countLines(filepath.Join(dir, "sites.jsonl"))
	if before >= n {
		t.Fatalf("all %d sites finished before the kill; the test needs slower sites", n)
	}
	// As if the kill had come between a site's page lines and its sites.jsonl
	// line: a line of an unfinished site, and a cut-off fragment.
	f, err := os.OpenFile(filepath.Join(dir, "pages.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(f, `{"site":"unfinished.example","url":"http://unfinished.example/"}`+"\n"+`{"site":"127.0.0.1:1","url":"http://127`)
	f.Close()

	resumedAt := time.Now()
	out, err := exec.Command(bin, "scan", "--resume", "--out", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), fmt.Sprintf("%d of %d sites finished", before, n)) {
		t.Errorf("resume output does not say how many sites were finished (%d of %d):\n%s", before, n, out)
	}
	got, want := readResult(t, dir), readResult(t, ref)
	for _, c := range []struct {
		name      string
		got, want []string
	}{{"sites", got.sites, want.sites}, {"pages", got.pages, want.pages}, {"claims", got.claims, want.claims}, {"findings", got.findings, want.findings}} {
		if d := duplicates(c.got); len(d) > 0 {
			t.Errorf("%s: duplicate lines after resume: %.300q", c.name, d)
		}
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s after kill and resume differ from an uninterrupted scan: %d vs %d lines; first difference:\n%s", c.name, len(c.got), len(c.want), firstDiff(c.got, c.want))
		}
	}
	if len(got.sites) != n {
		t.Errorf("%d sites finished, want %d", len(got.sites), n)
	}

	// Finished sites were not fetched again: the resumed session asked for
	// fewer pages than a whole scan.
	refetched := len(log.after(resumedAt))
	if whole := countLines(filepath.Join(ref, "pages.jsonl")); refetched >= whole {
		t.Errorf("resume made %d requests; a whole scan has %d pages", refetched, whole)
	}

	// The capture: readable after the kill and the append, one warcinfo per
	// session, every page line's record in it.
	ids, infos := warcResponses(t, filepath.Join(dir, "capture.warc.gz"))
	if infos != 2 {
		t.Errorf("%d warcinfo records, want 2 (one per session)", infos)
	}
	for id := range got.pageIDs {
		if !ids[id] {
			t.Errorf("pages.jsonl names record %s, not in the capture", id)
		}
	}
	if len(got.pageIDs) == 0 {
		t.Error("no page names a WARC record")
	}
	checkWACZ(t, dir) // the resumed scan's package lists the pages of both sessions
}

// TestInterruptStopsFetching sends SIGINT to a running scan and checks
// that no request reaches the servers more than 2 s later, that the sites
// finished so far are written, and that the exit status is 1.
func TestInterruptStopsFetching(t *testing.T) {
	bin := clinicauditBinary(t)
	log := &requestLog{}
	seedFile, n := manyDemoSites(t, 2, log)
	dir := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "scan", "--out", dir, "--delay", "50ms", "--sites", "4", seedFile)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForLines(t, filepath.Join(dir, "sites.jsonl"), 1, cmd)
	signalled := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFailed {
		t.Errorf("exit after SIGINT: %v, want status %d\n%s", err, exitFailed, stderr.String())
	}
	if late := log.after(signalled.Add(2 * time.Second)); len(late) > 0 {
		t.Errorf("%d requests more than 2s after SIGINT (last at +%v)", len(late), late[len(late)-1].Sub(signalled))
	}
	sites := countLines(filepath.Join(dir, "sites.jsonl"))
	if sites == 0 || sites >= n {
		t.Errorf("%d of %d sites written after SIGINT, want some but not all", sites, n)
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.pdf")); err != nil {
		t.Errorf("no summary after SIGINT: %v", err)
	}
	if !strings.Contains(stderr.String(), "--resume") {
		t.Errorf("stderr does not say how to finish the scan:\n%s", stderr.String())
	}
	warcResponses(t, filepath.Join(dir, "capture.warc.gz"))
}

// TestPrepareResume checks the repair of a folder killed between writes:
// lines of sites missing from sites.jsonl and a cut-off last line are
// dropped from pages.jsonl and claims.jsonl; finished sites' lines stay.
func TestPrepareResume(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sites.jsonl", `{"site":{"site":"a.example"}}`+"\n"+`{"site":{"site":"c.example"}}`+"\n"+`{"site":{"site":"b.exa`)
	write("pages.jsonl", `{"site":"a.example","url":"http://a.example/"}`+"\n"+
		`{"site":"b.example","url":"http://b.example/"}`+"\n"+
		`{"site":"c.example","url":"http://c.example/"}`+"\n"+
		`{"site":"b.example","url":"http://b.exa`)
	write("claims.jsonl", `{"site":"b.example","id":"autism"}`+"\n"+`{"site":"a.example","id":"als"}`+"\n")
	var stderr bytes.Buffer
	done, err := prepareResume(dir, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 2 || !done["a.example"] || !done["c.example"] {
		t.Errorf("finished sites = %v, want a.example and c.example", done)
	}
	for name, want := range map[string]string{
		"pages.jsonl":  `{"site":"a.example","url":"http://a.example/"}` + "\n" + `{"site":"c.example","url":"http://c.example/"}` + "\n",
		"claims.jsonl": `{"site":"a.example","id":"als"}` + "\n",
	} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if string(b) != want {
			t.Errorf("%s after repair:\n%s\nwant:\n%s", name, b, want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestResumeOptions checks that a resume without SEEDs takes the seeds
// (with their names) and options of the interrupted scan, and that flags
// given on the command line win.
func TestResumeOptions(t *testing.T) {
	dir := t.TempDir()
	meta := report.Scan{Seeds: []string{"http://a.example/", "http://b.example/"}, Options: report.Options{
		MaxPages: 7, MaxDepth: 2, Delay: "1.5s", Sites: 3, Timeout: "9s", UserAgent: "ua/1", IgnoreRobots: true},
		Evidence: report.Evidence{Source: "my-evidence.csv"}}
	if err := writeScanMeta(dir, meta); err != nil {
		t.Fatal(err)
	}
	if err := writeSeedsFile(dir, []seeds.Seed{{URL: "http://a.example/", Name: "Clinic A"}, {URL: "http://b.example/"}}); err != nil {
		t.Fatal(err)
	}
	fs := newFlagSet("scan", io.Discard)
	var o scanOptions
	scanFlags(fs, &o, "x")
	if _, err := parseInterspersed(fs, []string{"--resume", "--out", dir, "--delay", "2s"}); err != nil {
		t.Fatal(err)
	}
	list, err := resumeDefaults(fs, &o, meta, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Clinic A" || list[1].URL != "http://b.example/" {
		t.Errorf("seeds = %+v", list)
	}
	c := o.crawl
	if c.MaxPages != 7 || c.MaxDepth != 2 || c.Delay != 2*time.Second || c.Sites != 3 || c.Timeout != 9*time.Second ||
		c.UserAgent != "ua/1" || !c.IgnoreRobots || o.evidence != "my-evidence.csv" {
		t.Errorf("options = %+v, evidence %q", c, o.evidence)
	}
	// Without --resume a folder holding a scan is refused.
	if code, _, stderr := runCLI("scan", "--out", dir, "http://a.example/"); code != exitUsage || !strings.Contains(stderr, "--resume") {
		t.Errorf("scan into a scan folder: exit %d, %s", code, stderr)
	}
	// --resume on a folder without a scan is bad usage.
	if code, _, _ := runCLI("scan", "--resume", "--out", t.TempDir()); code != exitUsage {
		t.Errorf("--resume without a scan: exit %d, want %d", code, exitUsage)
	}
}
