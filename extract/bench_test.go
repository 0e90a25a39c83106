package extract

import (
	"io/fs"
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
