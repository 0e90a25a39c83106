package main

// BenchmarkRender (BENCHMARKS.md, "## Rendering thin pages"): one site of
// N React-style thin pages, each fetching its script and its JSON offer
// through the crawler (zero delay, loopback), scanned with --render. It
// reports the time per rendered page and the peak RSS of this process plus
// every process under it (Chromium's browser, renderer, GPU and utility
// processes), sampled every 50 ms from /proc.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/report/screenshot"
	"github.com/clinicaudit/clinicaudit/seeds"
)

func BenchmarkRender(b *testing.B) {
	if screenshot.Find() == "" {
		b.Skip("chromium not installed")
	}
	for _, n := range []int{20} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch p := r.URL.Path; {
				case p == "/":
					w.Header().Set("Content-Type", "text/html")
					var links strings.Builder
					for i := range n {
						fmt.Fprintf(&links, `<li><a href="/t/%d">treatment %d</a></li>`, i, i)
					}
					fmt.Fprintf(w, "<html><head><title>Clinic</title></head><body><h1>Clinic</h1><p>Our treatments and prices are listed below for every patient who asks.</p><ul>%s</ul></body></html>", links.String())
				case strings.HasPrefix(p, "/t/"):
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprintf(w, `<html><head><title>Treatment</title></head><body><div id="root"></div><script src="/static/app.js"></script></body></html>`)
				case p == "/static/app.js":
					w.Header().Set("Content-Type", "application/javascript")
					w.Write([]byte(`fetch("/api" + location.pathname + ".json").then(r => r.json()).then(o => {
	document.getElementById("root").innerHTML = "<h1>" + o.title + "</h1><p>" + o.text + "</p>";
});`))
				case strings.HasPrefix(p, "/api/t/"):
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(`{"title":"Stem cells for multiple sclerosis","text":"Stem cell therapy for multiple sclerosis costs $12,000 per infusion."}`))
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			for b.Loop() {
				dir := filepath.Join(b.TempDir(), "out")
				o := scanOptions{out: dir, crawl: crawler.DefaultConfig(), render: true, renderTO: screenshot.DefaultRenderTimeout}
				o.crawl.Delay = 0
				var stop atomic.Bool
				peak := make(chan [2]int64)
				go func() {
					var max [2]int64
					for !stop.Load() {
						rss, pss := treeRSS(os.Getpid())
						max[0], max[1] = maxInt64(max[0], rss), maxInt64(max[1], pss)
						time.Sleep(50 * time.Millisecond)
					}
					peak <- max
				}()
				var so, se bytes.Buffer
				start := time.Now()
				if err := scan(context.Background(), o, []seeds.Seed{{URL: srv.URL}}, &so, &se); err != nil {
					b.Fatalf("scan: %v\n%s", err, se.String())
				}
				wall := time.Since(start)
				stop.Store(true)
				pk := <-peak
				line := ""
				for _, l := range strings.Split(se.String(), "\n") {
					if strings.Contains(l, "rendered in Chromium") {
						line = l
					}
				}
				if !strings.Contains(line, fmt.Sprintf("%d thin pages rendered", n)) {
					b.Fatalf("not every page rendered: %s", se.String())
				}
				b.ReportMetric(wall.Seconds(), "scan-s")
				b.ReportMetric(float64(pk[0])/(1<<20), "peak-tree-RSS-MB")
				b.ReportMetric(float64(pk[1])/(1<<20), "peak-tree-PSS-MB")
				b.Log(line)
			}
		})
	}
}

func maxInt64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// treeRSS sums VmRSS and Pss (shared pages divided among their users, so
// the processes' memory is not counted twice) of pid and all its
// descendants, in bytes.
func treeRSS(pid int) (rss, pss int64) {
	ents, _ := os.ReadDir("/proc")
	children := map[int][]int{}
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
		f := strings.Fields(string(st[bytes.LastIndexByte(st, ')')+1:]))
		if len(f) > 1 {
			pp, _ := strconv.Atoi(f[1])
			children[pp] = append(children[pp], p)
		}
	}
	field := func(file, name string) int64 {
		s, _ := os.ReadFile(file)
		for _, l := range strings.Split(string(s), "\n") {
			if strings.HasPrefix(l, name) {
				kb, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
				return kb << 10
			}
		}
		return 0
	}
	for todo := []int{pid}; len(todo) > 0; {
		p := todo[0]
		todo = append(todo[1:], children[p]...)
		rss += field(fmt.Sprintf("/proc/%d/status", p), "VmRSS:")
		pss += field(fmt.Sprintf("/proc/%d/smaps_rollup", p), "Pss:")
	}
	return rss, pss
}
