package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

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
