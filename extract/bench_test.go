package extract

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/seeds"
)

// demoPages returns the HTML pages of the built-in demo sites: realistic
// clinic pages of 5–12 KB.
func demoPages(b *testing.B) [][]byte {
	b.Helper()
	var pages [][]byte
	err := fs.WalkDir(seeds.Demo(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := fs.ReadFile(seeds.Demo(), p)
		pages = append(pages, data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return pages
}

func benchExtract(b *testing.B, entities bool) {
	e, err := NewDefault()
	if err != nil {
		b.Fatal(err)
	}
	e.Entities = entities
	pages := demoPages(b)
	var bytes int64
	for _, p := range pages {
		bytes += int64(len(p))
	}
	b.SetBytes(bytes / int64(len(pages)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			p := pages[i%len(pages)]
			i++
			if _, err := e.Extract(Input{URL: "http://clinic.example/p.html", ContentType: "text/html; charset=utf-8", Body: p}); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkExtract is the scan's configuration (named entities on).
func BenchmarkExtract(b *testing.B) { benchExtract(b, true) }

// BenchmarkExtractNoEntities is `clinicaudit extract` without --entities.
func BenchmarkExtractNoEntities(b *testing.B) { benchExtract(b, false) }

// BenchmarkSegment measures the prose sentence segmentation share.
func BenchmarkSegment(b *testing.B) {
	pages := demoPages(b)
	var docs [][]Unit
	for _, p := range pages {
		d, err := ParseHTML(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d.Units)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			segment(docs[i%len(docs)])
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// hostilePages are the hostile probe's pages: each once ran past 120 s or
// used gigabytes, and is now bounded by the Extractor's limits.
func hostilePages() []struct {
	name string
	body []byte
} {
	var prices, links strings.Builder
	prices.WriteString("<p>")
	for i := range 1_000_000 {
		fmt.Fprintf(&prices, "$%d ", i%1000) // a million prices (4.9 MB), no full stop
	}
	for i := range 10_000 {
		fmt.Fprintf(&links, "<a href=/p/%d>stem cell autism $%d</a>", i, i)
	}
	line := strings.Repeat("stem cells for autism and knee pain ", 20<<20/36) // 20 MB, no punctuation
	title := strings.Repeat("autism stem cells ", 10<<20/18)                  // 10 MB title
	return []struct {
		name string
		body []byte
	}{
		{"prices-1M", []byte(prices.String())},
		{"line-20MB", []byte("<p>" + line)},
		{"title-10MB", []byte("<title>" + title + "</title><p>Stem cells.</p>")},
		{"links-10000", []byte(links.String())},
		{"deep-divs", []byte(strings.Repeat("<div>", 600) + links.String())},
	}
}

// BenchmarkHostile extracts each hostile page with the default limits and
// named entities on (as scan runs): time per page, and what was kept.
func BenchmarkHostile(b *testing.B) {
	e, err := NewDefault()
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range hostilePages() {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(p.body)))
			var r Result
			for b.Loop() {
				r, err = e.Extract(Input{URL: "http://clinic.example/p", ContentType: "text/html; charset=utf-8", Body: p.body})
				if err != nil {
					b.Fatal(err)
				}
			}
			quoted := 0
			for _, c := range r.Claims {
				quoted += len(c.Sentence)
			}
			b.ReportMetric(float64(len(r.Claims)), "claims")
			b.ReportMetric(float64(quoted), "quoted-bytes")
			b.ReportMetric(float64(r.AnalysedBytes), "analysed-bytes")
			b.Logf("%s: %s %s", p.name, r.Analysis, r.AnalysisNote)
		})
	}
}

// BenchmarkDetectLang measures page-language detection on one paragraph
// sample: declared and confirmed by common words (no detector call), and
// undeclared (the lingua-go detector).
func BenchmarkDetectLang(b *testing.B) {
	sample := sampleText("", []Unit{{Kind: UnitParagraph, Text: "Unsere Klinik bietet eine Stammzelltherapie bei Kniearthrose, Multipler Sklerose und Autismus an. Die Behandlung verwendet Zellen aus Ihrem eigenen Fettgewebe, die in einer Mini-Liposuktion unter örtlicher Betäubung gewonnen werden. Die meisten Patienten kehren am nächsten Tag nach Hause zurück. Die Kosten betragen ab 4.500 € pro Knie; eine Erstberatung kostet 150 €. Wir behandeln keine Krebserkrankungen und keine Kinder unter 18 Jahren."}})
	detectLang("", sample) // load the models
	for _, tt := range []struct{ name, declared string }{{"declared", "de"}, {"undeclared", ""}} {
		b.Run(tt.name, func(b *testing.B) {
			for range b.N {
				if detectLang(tt.declared, sample) != "de" {
					b.Fatal("not German")
				}
			}
		})
	}
}

// BenchmarkExtractLang measures extraction of each language's dev corpus
// (testdata/lang/CODE/dev), one goroutine, without named entities: the
// language packs' terms, wildcards and price words at work.
func BenchmarkExtractLang(b *testing.B) {
	e, _ := NewDefault()
	e.Entities = false
	for _, l := range []string{"pt", "de", "fr", "pl"} {
		files, _ := filepath.Glob("testdata/lang/" + l + "/dev/*.html")
		var pages [][]byte
		for _, f := range files {
			d, _ := os.ReadFile(f)
			pages = append(pages, d)
		}
		if len(pages) == 0 {
			continue
		}
		b.Run(l, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				e.Extract(Input{URL: "http://x.example/", Body: pages[i%len(pages)]})
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
