package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/report"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// No test may reach the public registry: unless a test names its own
// loopback registry, lookups go to a closed port on 127.0.0.1 (and the
// scan reports the registry unreachable). Subprocesses inherit this.
func init() {
	if os.Getenv(registryURLEnv) == "" {
		os.Setenv(registryURLEnv, "http://127.0.0.1:1")
	}
}

// testRegistry serves the demo registry fixtures on 127.0.0.1 and counts
// the requests per path.
func testRegistry(t *testing.T) (string, func(string) int) {
	t.Helper()
	sub, err := fs.Sub(seeds.Demo(), "registry")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	hits := map[string]int{}
	h := demoRegistryHandler(sub)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func(p string) int { mu.Lock(); defer mu.Unlock(); return hits[p] }
}

func TestTrialsCommand(t *testing.T) {
	base, _ := testRegistry(t)
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"trials", "--registry-url", base, "NCT09284416", "nct09571348", "NCT00000001"}, &out, &errb)
	if err != nil {
		t.Fatalf("trials: %v\n%s", err, errb.String())
	}
	var lines []trialLine
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var tl trialLine
		if err := json.Unmarshal([]byte(l), &tl); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		lines = append(lines, tl)
	}
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out.String())
	}
	if l := lines[0]; !l.Found || l.OverallStatus != "RECRUITING" || l.LeadSponsor != "Ridgeline University" || l.SponsorClass != "OTHER" ||
		len(l.Interventions) != 2 || len(l.Countries) != 1 || l.Countries[0] != "United States" {
		t.Errorf("NCT09284416: %+v", l)
	}
	if l := lines[1]; l.NCTID != "NCT09571348" || l.OverallStatus != "WITHDRAWN" {
		t.Errorf("NCT09571348: %+v", l)
	}
	if l := lines[2]; l.Found || l.NCTID != "NCT00000001" || l.Error != "" {
		t.Errorf("unknown number: %+v, want found false and no error", l)
	}
	if !strings.Contains(out.String(), `"found":false`) {
		t.Errorf("output does not say found false:\n%s", out.String())
	}
}

func TestTrialsBadUsage(t *testing.T) {
	for _, args := range [][]string{{"trials"}, {"trials", "NCT123"}, {"trials", "12345678"}, {"trials", "--registry-url", "ftp://x", "NCT09284416"}} {
		err := run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{})
		if code := exitCode(err, &bytes.Buffer{}); code != exitUsage {
			t.Errorf("%q: exit %d (%v), want %d", args, code, err, exitUsage)
		}
	}
}

func TestTrialsUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	var out bytes.Buffer
	err := run(context.Background(), []string{"trials", "--registry-url", srv.URL, "NCT09284416"}, &out, &bytes.Buffer{})
	if code := exitCode(err, &bytes.Buffer{}); code != exitFailed {
		t.Errorf("exit %d (%v), want %d", code, err, exitFailed)
	}
	var tl trialLine
	if json.Unmarshal(out.Bytes(), &tl) != nil || tl.Error == "" || tl.NCTID != "NCT09284416" {
		t.Errorf("output %q, want a line with the error", out.String())
	}
}

// registryScan scans the two demo sites that cite NCT numbers, with the
// registry at base (mode online), and returns the output folder and
// stderr.
func registryScan(t *testing.T, base string) (string, string) {
	t.Helper()
	return registryScanMode(t, base, "online")
}

// registryScanMode is registryScan with a --registry mode.
func registryScanMode(t *testing.T, base, mode string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	list, sites, stop, err := demoServers(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	var keep []seeds.Seed
	for i, s := range sites {
		if s.Slug == "novacell-institute" || s.Slug == "ridgeline-knee-trial" {
			keep = append(keep, list[i])
		}
	}
	dir := filepath.Join(t.TempDir(), "out")
	o := scanOptions{out: dir, crawl: crawler.DefaultConfig(), registry: registryOptions{mode: mode, url: base}}
	o.crawl.Delay = 10 * time.Millisecond
	var stdout, stderr bytes.Buffer
	if err := scan(ctx, o, keep, &stdout, &stderr); err != nil {
		t.Fatalf("scan: %v\n%s", err, stderr.String())
	}
	return dir, stderr.String()
}

func findingsBySite(t *testing.T, dir string) map[string][]assess.Finding {
	t.Helper()
	fs, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	_, sites, err := loadScan(dir)
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{}
	for _, s := range sites {
		name[s.Site.ID] = s.Site.Name
	}
	out := map[string][]assess.Finding{}
	for _, f := range fs {
		out[name[f.Site]] = append(out[name[f.Site]], f)
	}
	return out
}

func registryOf(fs []assess.Finding) (assess.Finding, bool) {
	for _, f := range fs {
		if len(f.Registry) > 0 {
			return f, true
		}
	}
	return assess.Finding{}, false
}

// TestScanChecksCitedNCT scans the demo's pay-to-participate "study" and
// its university trial against the demo registry: the clinic's withdrawn,
// knee-only study is a high registry-mismatch; the trial matches and gets
// no flag. `report DIR` then re-renders from registry.jsonl alone, byte
// for byte, without asking the registry.
func TestScanChecksCitedNCT(t *testing.T) {
	base, hits := testRegistry(t)
	dir, _ := registryScan(t, base)
	by := findingsBySite(t, dir)

	nova, ok := registryOf(by["NovaCell Regenerative Research Institute"])
	if !ok {
		t.Fatalf("NovaCell has no registry finding: %+v", by["NovaCell Regenerative Research Institute"])
	}
	if nova.Severity != assess.High || len(nova.Flags) != 1 || nova.Flags[0].ID != assess.FlagRegistryMismatch {
		t.Errorf("NovaCell registry finding: severity %s flags %+v, want high registry-mismatch", nova.Severity, nova.Flags)
	}
	if r := nova.Registry[0]; r.NCTID != "NCT09571348" || r.OverallStatus != "WITHDRAWN" || !r.SponsorMatch || !strings.Contains(strings.Join(r.Mismatches, " "), "withdrawn") {
		t.Errorf("NovaCell check: %+v", r)
	}
	ridge, ok := registryOf(by["Ridgeline University KNEE-MSC-2 Study"])
	if !ok {
		t.Fatalf("Ridgeline has no registry finding: %+v", by["Ridgeline University KNEE-MSC-2 Study"])
	}
	if r := ridge.Registry[0]; ridge.Severity != assess.None || len(r.Mismatches) != 0 || !r.SponsorMatch || !r.Found {
		t.Errorf("Ridgeline registry finding: severity %s, check %+v; want a matching study and no flag", ridge.Severity, r)
	}
	for _, f := range by["Ridgeline University KNEE-MSC-2 Study"] {
		if f.Severity == assess.High {
			t.Errorf("negative control has a high finding: %+v", f)
		}
	}
	cache, err := os.ReadFile(filepath.Join(dir, registryFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(cache), `{"request":"/studies/NCT`); n != 2 {
		t.Errorf("registry.jsonl has %d study lines, want 2 (one per study):\n%s", n, cache)
	}
	asked := hits("/studies/NCT09571348") + hits("/studies/NCT09284416")

	hashes := func() map[string]string {
		out := map[string]string{}
		files, _ := filepath.Glob(filepath.Join(dir, "reports", "*.pdf"))
		files = append(files, filepath.Join(dir, "summary.pdf"), filepath.Join(dir, "findings.jsonl"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(f)] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
		return out
	}
	before := hashes()
	// Offline: the default of report is the cache; a dead --registry-url
	// proves nothing is asked.
	if code, _, stderr := runCLI("report", "--registry-url", "http://127.0.0.1:1", dir); code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	for f, h := range hashes() {
		if before[f] != h {
			t.Errorf("%s changed when re-rendered from the registry cache", f)
		}
	}
	if now := hits("/studies/NCT09571348") + hits("/studies/NCT09284416"); now != asked {
		t.Errorf("report asked the registry %d times, want 0", now-asked)
	}
}

// TestScanRegistryUnreachable: the default online mode with no registry
// says so in one line and the scan succeeds without registry findings.
func TestScanRegistryUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	dir, stderr := registryScan(t, srv.URL)
	if n := strings.Count(stderr, "ClinicalTrials.gov is unreachable"); n != 1 {
		t.Errorf("%d unreachable messages, want 1:\n%s", n, stderr)
	}
	for site, fs := range findingsBySite(t, dir) {
		if _, ok := registryOf(fs); ok {
			t.Errorf("%s has a registry finding without a registry", site)
		}
	}
}
