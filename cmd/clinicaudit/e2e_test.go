package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
	"github.com/clinicaudit/clinicaudit/report"
)

// demoScan serves the demo sites, logs every request at the servers, scans
// them into a temp dir and returns the dir, the request log by slug, the
// demo site list and the site id of each slug.
func demoScan(t *testing.T) (dir string, requests map[string][]string, sites []demoSite, idOf map[string]string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	requests = map[string][]string{}
	wrap := func(slug string, h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			requests[slug] = append(requests[slug], r.URL.Path)
			mu.Unlock()
			h.ServeHTTP(w, r)
		})
	}
	list, sites, stop, err := demoServers(ctx, wrap)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	idOf = map[string]string{}
	for i, s := range list {
		site, err := crawler.NewSite(s.URL, s.Name)
		if err != nil {
			t.Fatal(err)
		}
		idOf[sites[i].Slug] = site.ID
	}
	dir = filepath.Join(t.TempDir(), "out")
	var o scanOptions
	o.out = dir
	o.crawl = crawler.DefaultConfig()
	o.crawl.Delay = 20 * time.Millisecond
	var stdout, stderr bytes.Buffer
	if err := scan(ctx, o, list, &stdout, &stderr); err != nil {
		t.Fatalf("scan: %v\n%s", err, stderr.String())
	}
	if got := strings.TrimSpace(stdout.String()); got != filepath.Join(dir, "summary.pdf") {
		t.Errorf("stdout = %q, want the summary path", got)
	}
	return dir, requests, sites, idOf
}

func TestDemoEndToEnd(t *testing.T) {
	dir, requests, sites, idOf := demoScan(t)
	findings, err := report.ReadJSONL[assess.Finding](filepath.Join(dir, "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	claims, err := report.ReadJSONL[extract.Claim](filepath.Join(dir, "claims.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := report.ReadJSONL[crawler.Page](filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	bySite := map[string][]assess.Finding{}
	for _, f := range findings {
		bySite[f.Site] = append(bySite[f.Site], f)
	}
	for _, s := range sites {
		id := idOf[s.Slug]
		var high []assess.Finding
		paid := 0
		for _, f := range bySite[id] {
			if f.Severity == assess.High {
				high = append(high, f)
			}
			for _, fl := range f.Flags {
				if fl.ID == assess.FlagUnprovenPaid && fl.Severity == assess.High {
					paid++
					if len(f.Quotes) == 0 || f.Quotes[0].Sentence == "" || !strings.HasPrefix(f.Quotes[0].URL, "http://"+id) {
						t.Errorf("%s: unproven-paid finding %s has no quote from the site: %+v", s.Slug, f.Condition, f.Quotes)
					}
				}
			}
		}
		switch {
		case s.Kind == "control" && len(high) > 0:
			t.Errorf("negative control %s has high findings: %+v", s.Slug, high)
		case s.Kind == "clinic" && paid == 0:
			t.Errorf("clinic %s has no high unproven-paid-therapy finding; findings: %+v", s.Slug, bySite[id])
		}
		if s.ExpectHigh != (len(high) > 0) {
			t.Errorf("%s: expect_high=%v but %d high findings", s.Slug, s.ExpectHigh, len(high))
		}
		if _, err := os.Stat(filepath.Join(dir, "reports", report.SiteFileName(id))); err != nil {
			t.Errorf("%s: no PDF report: %v", s.Slug, err)
		}
	}

	// The Spanish site: conditions and prices found, "$" ambiguity stated.
	es := idOf["clinica-renacer"]
	conds, prices := map[string]bool{}, map[string]extract.Claim{}
	for _, c := range claims {
		if c.Site != es || c.Negated {
			continue
		}
		switch c.Kind {
		case extract.KindCondition:
			conds[c.ID] = true
		case extract.KindPrice:
			prices[c.Text] = c
		}
		if (c.Kind == extract.KindCondition || c.Kind == extract.KindPrice) && c.Lang != "es" {
			t.Errorf("Spanish site claim lang %q: %+v", c.Lang, c)
		}
	}
	for _, want := range []string{"multiple-sclerosis", "autism", "parkinsons", "als", "type-2-diabetes", "copd", "spinal-cord-injury"} {
		if !conds[want] {
			t.Errorf("Spanish site: condition %s not found (found %v)", want, conds)
		}
	}
	if p, ok := prices["$95,000 MXN"]; !ok || p.Currency != "MXN" || p.Amount != 95000 {
		t.Errorf("Spanish site: $95,000 MXN not read as MXN 95000: %+v (prices %v)", p, keys(prices))
	}
	if p, ok := prices["4,500 USD"]; !ok || p.Currency != "USD" || p.Qualifier != "from" {
		t.Errorf("Spanish site: desde 4,500 USD: %+v (prices %v)", p, keys(prices))
	}
	if p, ok := prices["$3,500"]; !ok || p.Currency != "" || !strings.Contains(p.CurrencyNote, "MXN") {
		t.Errorf("Spanish site: bare $3,500 should be ambiguous: %+v", p)
	}
	negatedCancer := false
	for _, c := range claims {
		if c.Site == es && c.ID == "cancer" && c.Negated && strings.Contains(c.Sentence, "No tratamos") {
			negatedCancer = true
		}
	}
	if !negatedCancer {
		t.Errorf("Spanish site: 'No tratamos el cáncer' not recorded as a negated mention")
	}
	for _, f := range bySite[es] {
		if f.Condition == "cancer" {
			t.Errorf("Spanish site: cancer, which it says it does not treat, became a finding: %+v", f)
		}
	}

	// robots.txt: the disallowed page is never requested, and is recorded.
	for _, p := range requests["harborview-cellular"] {
		if p == "/special-offer.html" {
			t.Errorf("robots-disallowed page was requested")
		}
	}
	robotsLine := false
	for _, p := range pages {
		if p.Site == idOf["harborview-cellular"] && strings.HasSuffix(p.URL, "/special-offer.html") {
			robotsLine = p.Error == crawler.ErrRobots && p.Status == 0
		}
	}
	if !robotsLine {
		t.Errorf("no robots line for /special-offer.html in pages.jsonl")
	}
	for _, c := range claims {
		if c.Site == idOf["harborview-cellular"] && (c.ID == "alzheimers" || strings.Contains(c.Text, "9,250")) {
			t.Errorf("claim from the robots-disallowed page: %+v", c)
		}
	}

	// The CSV opens and has a row per site.
	f, err := os.Open(filepath.Join(dir, "sites.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != len(sites)+1 {
		t.Errorf("sites.csv: %d rows, err %v; want %d", len(rows), err, len(sites)+1)
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.pdf")); err != nil {
		t.Error(err)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
