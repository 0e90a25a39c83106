package main

// Crawler benchmarks (BENCHMARKS.md, "## Crawler"). The sites are served by
// a child process (this test binary re-run with CLINICAUDIT_BENCH_SERVE
// set), on several 127.0.0.x addresses, so the server's memory and
// goroutines are not counted in the scan's peak RSS. Run one
// sub-benchmark per process when reading peak-RSS-MB: it is the process's
// high-water mark (getrusage), not the sub-benchmark's.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/seeds"
)

const benchServeEnv = "CLINICAUDIT_BENCH_SERVE" // "HOSTS,PAGES,BYTES"

func TestMain(m *testing.M) {
	if spec := os.Getenv(benchServeEnv); spec != "" {
		serveBenchSites(spec)
		return
	}
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath)) // built by clinicauditBinary
	}
	os.Exit(code)
}

// benchSentences make up the synthetic clinic pages: ordinary copy with
// conditions, cell types, prices and cues for the extractor to find.
var benchSentences = []string{
	"Our clinic offers regenerative treatments in a calm, modern setting with a caring team.",
	"We treat knee osteoarthritis with injections of your own adipose-derived stem cells.",
	"Patients with multiple sclerosis travel to us for umbilical cord mesenchymal stem cell infusions.",
	"A typical treatment costs $5,000 per injection; packages start from $12,500.",
	"Many patients report less pain within weeks, and some say they feel ten years younger.",
	"Call our patient coordinators for a free consultation and a personalised treatment plan.",
	"We also help patients living with Parkinson's disease, COPD and type 2 diabetes.",
	"Stem cell therapy is not approved by the FDA for these conditions; results vary.",
	"Read the success stories of patients who came to us from around the world.",
	"Our laboratory follows strict quality standards and every batch is tested before use.",
	"Financing is available, and we accept most major credit cards.",
	"The procedure takes about two hours and most patients return home the same day.",
}

// benchPage returns page i (0 = home) of a synthetic site: about size
// bytes of HTML linking to the home page, a few neighbours and, from the
// home page, every page.
func benchPage(i, pages, size int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Clinic page %d</title></head><body>\n", i)
	b.WriteString(`<nav><a href="/">Home</a>`)
	if i == 0 {
		for j := 1; j < pages; j++ {
			fmt.Fprintf(&b, ` <a href="/p/%d">Page %d</a>`, j, j)
		}
	} else {
		for _, j := range []int{i - 1, i + 1, (i * 7) % pages} {
			if j > 0 && j < pages {
				fmt.Fprintf(&b, ` <a href="/p/%d">Page %d</a>`, j, j)
			}
		}
	}
	b.WriteString("</nav>\n")
	fmt.Fprintf(&b, "<h1>Section %d</h1>\n", i)
	for k := 0; b.Len() < size-20; k++ {
		if k%6 == 0 {
			fmt.Fprintf(&b, "<h2>Topic %d</h2>\n", k/6)
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", benchSentences[(i*5+k)%len(benchSentences)])
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// serveBenchSites serves HOSTS synthetic sites of PAGES pages of about BYTES
// each, on 127.0.0.2... (50 sites per address), prints one seed URL a line,
// then "ready", and serves until its stdin closes.
func serveBenchSites(spec string) {
	var hosts, pages, size int
	if _, err := fmt.Sscanf(spec, "%d,%d,%d", &hosts, &pages, &size); err != nil {
		fmt.Fprintln(os.Stderr, "bad", benchServeEnv, spec)
		os.Exit(2)
	}
	docs := make([][]byte, pages)
	for i := range docs {
		docs[i] = benchPage(i, pages, size)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := 0
		switch {
		case r.URL.Path == "/":
		case r.URL.Path == "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
			return
		case strings.HasPrefix(r.URL.Path, "/p/"):
			n, err := strconv.Atoi(r.URL.Path[3:])
			if err != nil || n <= 0 || n >= pages {
				http.NotFound(w, r)
				return
			}
			i = n
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(docs[i])
	})
	out := bufio.NewWriter(os.Stdout)
	for n := range hosts {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", 2+n/50))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go http.Serve(ln, h)
		fmt.Fprintf(out, "http://%s/\n", ln.Addr())
	}
	fmt.Fprintln(out, "ready")
	out.Flush()
	io.Copy(io.Discard, os.Stdin)
}

// benchSites starts the server process and returns its seeds.
func benchSites(b *testing.B, hosts, pages, size int) []seeds.Seed {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d,%d,%d", benchServeEnv, hosts, pages, size))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	var list []seeds.Seed
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && sc.Text() != "ready" {
		list = append(list, seeds.Seed{URL: sc.Text()})
	}
	if len(list) != hosts {
		b.Fatalf("server process gave %d seeds, want %d", len(list), hosts)
	}
	return list
}

func peakRSSMB() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024 // KB on Linux
}

func benchOptions(b *testing.B, delay time.Duration, sites int) scanOptions {
	o := scanOptions{out: filepath.Join(b.TempDir(), "out"), crawl: crawler.DefaultConfig()}
	o.crawl.Delay = delay
	o.crawl.Sites = sites
	return o
}

// benchScan runs the whole scan (crawl, WARC, extract, assess, JSONL,
// reports) b.N times and reports pages/s and peak RSS.
func benchScan(b *testing.B, list []seeds.Seed, delay time.Duration, sites int) time.Duration {
	var pages int
	var took time.Duration
	for range b.N {
		o := benchOptions(b, delay, sites)
		start := time.Now()
		if err := scan(context.Background(), o, list, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
		pages += countLines(filepath.Join(o.out, "pages.jsonl"))
		os.RemoveAll(o.out)
	}
	b.ReportMetric(float64(pages)/took.Seconds(), "pages/s")
	b.ReportMetric(took.Seconds()/float64(b.N), "s/scan")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	return took / time.Duration(b.N)
}

// BenchmarkPoliteness: 50 hosts × 20 pages of ~10 KB at --delay 200ms,
// --sites 50, the whole scan and the crawl alone. Each host needs
// robots.txt plus 20 pages, so 20 gaps; the ideal counts the 19
// gaps between pages (3.8 s), and x-ideal is relative to it.
func BenchmarkPoliteness(b *testing.B) {
	const delay = 200 * time.Millisecond
	list := benchSites(b, 50, 20, 10_000)
	b.Run("scan", func(b *testing.B) {
		per := benchScan(b, list, delay, 50)
		b.ReportMetric(per.Seconds()/(19*delay).Seconds(), "x-ideal")
	})
	b.Run("fetch", func(b *testing.B) {
		per := benchFetch(b, list, delay, 50)
		b.ReportMetric(per.Seconds()/(19*delay).Seconds(), "x-ideal")
	})
}

// BenchmarkCPU: 100 hosts × 100 pages of ~10 KB at zero delay, all sites
// at once: the whole scan, and fetching alone (crawler and WARC capture).
func BenchmarkCPU(b *testing.B) {
	list := benchSites(b, 100, 100, 10_000)
	b.Run("scan", func(b *testing.B) { benchScan(b, list, 0, 100) })
	b.Run("fetch", func(b *testing.B) { benchFetch(b, list, 0, 100) })
}

// benchFetch runs the crawl alone (with the WARC capture, without
// extraction, assessment or reports) b.N times.
func benchFetch(b *testing.B, list []seeds.Seed, delay time.Duration, concurrency int) time.Duration {
	var sites []crawler.Site
	for _, s := range list {
		site, _ := crawler.NewSite(s.URL, "")
		sites = append(sites, site)
	}
	var n atomic.Int64
	var took time.Duration
	for range b.N {
		path := filepath.Join(b.TempDir(), "capture.warc.gz")
		w, err := crawler.OpenWARC(path, crawler.WARCInfo{Software: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		cfg := crawler.DefaultConfig()
		cfg.Delay, cfg.Sites, cfg.WARC = delay, concurrency, w
		start := time.Now()
		if err := crawler.Crawl(context.Background(), cfg, sites, func(crawler.Page) { n.Add(1) }, nil); err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
		w.Close()
		os.Remove(path)
	}
	b.ReportMetric(float64(n.Load())/took.Seconds(), "pages/s")
	b.ReportMetric(took.Seconds()/float64(b.N), "s/crawl")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	return took / time.Duration(b.N)
}

// BenchmarkRSS: 2,000 and 20,000 pages (20 and 200 hosts × 100 pages of
// ~10 KB, 20 sites at once, zero delay), the whole scan and the crawl
// alone. Run each one in its own process to read peak-RSS-MB.
func BenchmarkRSS(b *testing.B) {
	for _, stage := range []string{"scan", "fetch"} {
		for _, hosts := range []int{20, 200} {
			b.Run(fmt.Sprintf("%s/pages=%d", stage, hosts*100), func(b *testing.B) {
				list := benchSites(b, hosts, 100, 10_000)
				b.ResetTimer()
				if stage == "scan" {
					benchScan(b, list, 0, 20)
				} else {
					benchFetch(b, list, 0, 20)
				}
			})
		}
	}
}
