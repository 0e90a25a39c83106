package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/clinicaudit/clinicaudit/crawler"
)

// progress shows a scan's advance on stderr when stderr is a terminal: a
// bar of sites finished out of the total, with pages fetched, fetch errors,
// pages per second and [elapsed:left] time (the bar's estimate from the
// rate at which sites finish):
//
//	1520 pages, 12 errors, 41.3 pages/s; sites  35% |████    | (35/100) [36s:1m7s] When stderr is not a terminal nothing is shown; the
//
// one-line summary at the end is printed either way. Its methods are safe
// for concurrent use and cheap enough for every page callback.
type progress struct {
	bar   *progressbar.ProgressBar // nil: not shown
	start time.Time

	pages, errors atomic.Int64
	requisites    atomic.Int64 // page requisites tried (--requisites)

	mu        sync.Mutex
	described time.Time // last description update
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress returns the progress display of a scan of total sites, done
// of them already finished (a resumed scan). It draws on w only if visible.
func newProgress(w io.Writer, total, done int, visible bool) *progress {
	p := &progress{start: time.Now()}
	if !visible || total == 0 {
		return p
	}
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("starting"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionClearOnFinish(),
	)
	if done > 0 {
		p.bar.Set(done)
	}
	return p
}

// page counts one fetch attempt.
func (p *progress) page(pg crawler.Page) {
	if pg.Kind == crawler.KindRequisite {
		p.requisites.Add(1)
	} else if pg.OK() {
		p.pages.Add(1)
	} else if pg.Error != "" && pg.Error != crawler.ErrRobots {
		p.errors.Add(1)
	}
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.described) >= 250*time.Millisecond {
		p.described = now
		p.bar.Describe(p.description(now))
	}
}

// siteDone counts one finished site.
func (p *progress) siteDone() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Describe(p.description(time.Now()))
	p.bar.Add(1)
}

func (p *progress) description(now time.Time) string {
	n := p.pages.Load()
	rate := float64(n) / max(now.Sub(p.start).Seconds(), 0.001)
	req := ""
	if r := p.requisites.Load(); r > 0 {
		req = fmt.Sprintf(", %d requisites", r)
	}
	return fmt.Sprintf("%d pages%s, %d errors, %.1f pages/s; sites", n, req, p.errors.Load(), rate)
}

// finish removes the bar, so the summary line starts on a clean line.
func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Finish()
	p.bar.Clear()
}
