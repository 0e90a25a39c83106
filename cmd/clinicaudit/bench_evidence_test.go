package main

// Evidence benchmarks (BENCHMARKS.md, "## Evidence: WACZ and screenshots"):
// the same 50-site scan without and with screenshots, and the demo sites.
// Peak RSS of the browser is not in the scan's getrusage figure; it is
// sampled by the command given in BENCHMARKS.md.

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkEvidence: 50 hosts × 20 claim-dense pages, zero delay.
func BenchmarkEvidence(b *testing.B) {
	list := benchSites(b, 50, 20, 10_000)
	for _, shots := range []bool{false, true} {
		name := "scan"
		if shots {
			name = "scan+screenshots"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				o := benchOptions(b, 0, 50)
				o.shots = shots
				start := time.Now()
				if err := scan(context.Background(), o, list, io.Discard, io.Discard); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(time.Since(start).Seconds(), "s/scan")
				b.ReportMetric(float64(countLines(filepath.Join(o.out, "screenshots.jsonl"))), "screenshots")
				if st, err := os.Stat(filepath.Join(o.out, "capture.wacz")); err == nil {
					b.ReportMetric(float64(st.Size())/1e6, "wacz-MB")
				}
				os.RemoveAll(o.out)
			}
		})
	}
}

// BenchmarkDemoEvidence: the built-in demo sites, without and with
// screenshots.
func BenchmarkDemoEvidence(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	list, _, stop, err := demoServers(ctx, func(_ string, h http.Handler) http.Handler { return h })
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	for _, shots := range []bool{false, true} {
		name := "scan"
		if shots {
			name = "scan+screenshots"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				o := benchOptions(b, 0, 8)
				o.shots = shots
				start := time.Now()
				if err := scan(ctx, o, list, io.Discard, io.Discard); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(time.Since(start).Seconds(), "s/scan")
				b.ReportMetric(float64(countLines(filepath.Join(o.out, "screenshots.jsonl"))), "screenshots")
				os.RemoveAll(o.out)
			}
		})
	}
}
