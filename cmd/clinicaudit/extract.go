package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
)

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("extract", stderr)
	ua := fs.String("user-agent", crawler.DefaultUserAgent, "User-Agent header when fetching a URL")
	allowPrivate := fs.Bool("allow-private", false, "allow fetching a URL whose host resolves to a loopback, private or link-local address")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of the request")
	entities := fs.Bool("entities", false, "also print the places and people named (one JSON line per page, kind \"entities\")")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clinicaudit extract [flags] FILE-OR-URL...\n\nPrints the conditions, cell types, prices and claim cues in each page as JSON Lines.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err // flag.ErrHelp after --help: exit 0 (see exitCode)
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr("extract needs at least one FILE or URL")
	}
	if err := checkDuration("timeout", *timeout, false); err != nil {
		return err
	}
	if err := checkUserAgent(*ua); err != nil {
		return err
	}
	cfg := crawler.DefaultConfig()
	cfg.UserAgent, cfg.Timeout, cfg.AllowPrivate = *ua, *timeout, *allowPrivate
	cfg.MaxPages, cfg.MaxDepth, cfg.Delay = 1, 0, 0
	cfg.IgnoreRobots = true // one page the user asked for, not a crawl
	cfg.MaxBodySize = 20 << 20
	ex, err := extract.NewDefault()
	if err != nil {
		return err
	}
	ex.Entities = *entities
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, a := range pos {
		// SIGINT and SIGTERM cancel ctx (main): stop between pages, and
		// between sentences of a page (ExtractContext).
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("extract interrupted: %w", err)
		}
		in, err := readPage(ctx, a, cfg)
		if err != nil {
			return err
		}
		res, err := ex.ExtractContext(ctx, in)
		if ctx.Err() != nil {
			return fmt.Errorf("extract interrupted: %w", ctx.Err())
		}
		if err != nil {
			return usageErr("%s: %v", a, err)
		}
		for _, c := range res.Claims {
			if err := enc.Encode(c); err != nil {
				return err
			}
		}
		if *entities {
			if err := enc.Encode(map[string]any{"url": in.URL, "kind": "entities", "places": res.Places, "people": res.People}); err != nil {
				return err
			}
		}
	}
	return nil
}

// readPage reads a saved page, or fetches a URL once (no crawling) through
// the crawler, so that the fetch obeys the same rules as a scan: the site's
// scope for redirects, the address checks (cfg.AllowPrivate), the timeout
// and the body size limit.
func readPage(ctx context.Context, arg string, cfg crawler.Config) (extract.Input, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		site, err := crawler.NewSite(arg, "")
		if err != nil {
			return extract.Input{}, usageErr("%s: %v", arg, err)
		}
		var got *crawler.Page
		err = crawler.Crawl(ctx, cfg, []crawler.Site{site}, func(p crawler.Page) {
			if got == nil {
				got = &p
			}
		}, nil)
		if err != nil {
			return extract.Input{}, fmt.Errorf("fetch %s: %w", arg, err)
		}
		switch {
		case got == nil:
			return extract.Input{}, fmt.Errorf("fetch %s: nothing fetched", arg)
		case got.Status/100 == 2 && got.Body != nil:
			// HTML, or a PDF the crawler kept (recorded as not_html).
		case got.Error != "":
			return extract.Input{}, fmt.Errorf("fetch %s: %s: %s", arg, got.Error, got.ErrorDetail)
		default:
			return extract.Input{}, fmt.Errorf("fetch %s: HTTP %d", arg, got.Status)
		}
		return extract.Input{URL: got.FinalURL, ContentType: got.ContentType, Body: got.Body}, nil
	}
	body, err := os.ReadFile(arg)
	if err != nil {
		return extract.Input{}, usageErr("%v", err)
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		abs = arg
	}
	return extract.Input{URL: "file://" + filepath.ToSlash(abs), Body: body}, nil
}
