package main

// Registry benchmark (BENCHMARKS.md, "Registry time on 100 sites"): the
// registry lookups a scan of 100 sites makes after assessment (each site
// cites one NCT number and sells 6 conditions with 1 or 2 cell classes
// each, so the trial context needs searches for the condition × cell pairs
// not asked before), against a loopback registry that answers after a
// fixed latency, and then again from the registry.jsonl it filled.

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// benchRegistrySites returns the assessments of n synthetic sites whose
// condition findings use the terms of the built-in trial queries.
func benchRegistrySites(tb testing.TB, n int) (*assess.TrialQueries, []assess.Assessment, [][]string) {
	st, err := loadStages("")
	if err != nil {
		tb.Fatal(err)
	}
	var conds, cells []string
	for c := range st.trials.Conditions {
		conds = append(conds, c)
	}
	for c := range st.trials.Cells {
		cells = append(cells, c)
	}
	sort.Strings(conds)
	sort.Strings(cells)
	var out []assess.Assessment
	var cited [][]string
	for i := 0; i < n; i++ {
		var as assess.Assessment
		for j := 0; j < 6; j++ {
			k := (i*7 + j*13) % len(conds)
			f := assess.Finding{Condition: conds[k], Status: assess.NoClinicalEvidence, CellTypes: []string{cells[(i+j)%len(cells)]}}
			if (i+j)%3 == 0 {
				f.CellTypes = append(f.CellTypes, cells[(i*5+j)%len(cells)])
			}
			as.Findings = append(as.Findings, f)
		}
		out = append(out, as)
		cited = append(cited, []string{fmt.Sprintf("NCT09%06d", i)})
	}
	return st.trials, out, cited
}

func BenchmarkRegistry100Sites(b *testing.B) {
	latency := 200 * time.Millisecond
	if s := os.Getenv("CLINICAUDIT_BENCH_REGISTRY_LATENCY"); s != "" {
		if d, err := time.ParseDuration(s); err == nil {
			latency = d
		}
	}
	sub, _ := fs.Sub(seeds.Demo(), "registry")
	search, _ := fs.ReadFile(sub, "search/stroke--mesenchymal-stem-cells-or-mesenchymal-stromal-cells.json")
	study, _ := fs.ReadFile(sub, "studies/NCT09284416.json")
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		time.Sleep(latency)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/studies" {
			w.Write(search)
		} else {
			w.Write(study)
		}
	}))
	defer srv.Close()
	tq, sites, cited := benchRegistrySites(b, 100)
	run := func(l *lookups) {
		ctx := context.Background()
		for i, as := range sites {
			l.studies(ctx, cited[i])
			tq.AddTrials(as, l.trials(ctx, tq.TrialSearches(as)))
		}
	}
	for _, mode := range []string{"loopback-" + latency.String(), "cached"} {
		b.Run(mode, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := b.TempDir()
				l, err := openLookups(registryOptions{mode: "online", url: srv.URL}, dir, true, 20*time.Second, io.Discard)
				if err != nil {
					b.Fatal(err)
				}
				if mode == "cached" {
					run(l) // fill registry.jsonl, then re-open it as a later scan would
					l.Close()
					if l, err = openLookups(registryOptions{mode: "cache", url: srv.URL}, dir, true, 20*time.Second, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
				before := requests.Load()
				b.StartTimer()
				run(l)
				b.StopTimer()
				b.ReportMetric(float64(requests.Load()-before), "requests")
				if fi, err := os.Stat(filepath.Join(dir, registryFile)); err == nil {
					b.ReportMetric(float64(fi.Size())/1e3, "cache-kB")
				}
				l.Close()
			}
		})
	}
}
