package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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
		in, err := readPage(ctx, a, *ua)
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

// readPage reads a saved page, or fetches a URL once (no crawling).
func readPage(ctx context.Context, arg, ua string) (extract.Input, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, arg, nil)
		if err != nil {
			return extract.Input{}, usageErr("%s: %v", arg, err)
		}
		req.Header.Set("User-Agent", ua)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return extract.Input{}, fmt.Errorf("fetch %s: %w", arg, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return extract.Input{}, fmt.Errorf("fetch %s: HTTP %d", arg, resp.StatusCode)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 20<<20))
		if err != nil {
			return extract.Input{}, fmt.Errorf("fetch %s: %w", arg, err)
		}
		return extract.Input{URL: resp.Request.URL.String(), ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
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
