package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/seeds"
)

// demoSite is a row of seeds/demo/sites.csv.
type demoSite struct {
	Slug, Name, Kind, Lang string
	ExpectHigh             bool
}

func demoSites() ([]demoSite, error) {
	data, err := fs.ReadFile(seeds.Demo(), "sites.csv")
	if err != nil {
		return nil, err
	}
	var out []demoSite
	err = seeds.ReadCSV(bytes.NewReader(data), "seeds/demo/sites.csv", []string{"slug", "name", "kind", "lang", "expect_high"}, nil,
		func(line int, r map[string]string) error {
			out = append(out, demoSite{Slug: r["slug"], Name: r["name"], Kind: r["kind"], Lang: r["lang"], ExpectHigh: r["expect_high"] == "yes"})
			return nil
		})
	return out, err
}

// demoHandler serves one demo site from its directory: "/" is index.html,
// other paths map to files; anything else is 404.
func demoHandler(site fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p == "" || strings.HasSuffix(r.URL.Path, "/") {
			p = path.Join(p, "index.html")
		}
		data, err := fs.ReadFile(site, p)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(data))
	})
}

// demoServers serves every demo site on its own 127.0.0.1 port until ctx
// ends. It returns the seeds to scan and a function that stops the servers
// and waits for them. wrap, when not nil, wraps each site's handler (tests
// use it to log requests at the server).
func demoServers(ctx context.Context, wrap func(slug string, h http.Handler) http.Handler) ([]seeds.Seed, []demoSite, func(), error) {
	list, err := demoSites()
	if err != nil {
		return nil, nil, nil, err
	}
	var srvs []*http.Server
	var errc []chan error
	stop := func() {
		for i, s := range srvs {
			s.Close()
			<-errc[i]
		}
	}
	var out []seeds.Seed
	for _, d := range list {
		sub, err := fs.Sub(seeds.Demo(), d.Slug)
		if err != nil {
			stop()
			return nil, nil, nil, err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			stop()
			return nil, nil, nil, fmt.Errorf("demo server: %w", err)
		}
		h := demoHandler(sub)
		if wrap != nil {
			h = wrap(d.Slug, h)
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second,
			BaseContext: func(net.Listener) context.Context { return ctx }}
		ch := make(chan error, 1)
		go func() { ch <- srv.Serve(ln) }()
		srvs, errc = append(srvs, srv), append(errc, ch)
		out = append(out, seeds.Seed{URL: "http://" + ln.Addr().String() + "/", Name: d.Name})
	}
	return out, list, stop, nil
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", stderr)
	var o scanOptions
	scanFlags(fs, &o, "clinicaudit-demo")
	// The demo servers are on this machine: a short gap keeps the demo quick
	// while still exercising the per-host politeness of a real scan.
	o.crawl.Delay = 100 * time.Millisecond
	fs.Lookup("delay").DefValue = o.crawl.Delay.String()
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clinicaudit demo [--out DIR] [scan flags]\n\nServes the built-in fictional clinic websites on 127.0.0.1 and scans them as `scan` would.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err // flag.ErrHelp after --help: exit 0 (see exitCode)
	}
	if len(pos) > 0 {
		return usageErr("demo takes no arguments, got %q", pos)
	}
	if err := validateScanOptions(o); err != nil {
		return err
	}
	if err := removeOldDemo(o.out); err != nil {
		return err
	}
	if err := markDemo(o.out); err != nil {
		return err
	}
	list, _, stop, err := demoServers(ctx, nil)
	if err != nil {
		return err
	}
	defer stop()
	// The demo's registry is its own: fixtures served on 127.0.0.1, unless
	// --registry-url names another.
	if set := flagSet(fs); !set["registry-url"] && o.registry.mode != "off" {
		url, stopRegistry, err := demoRegistry(ctx)
		if err != nil {
			return err
		}
		defer stopRegistry()
		o.registry.url = url
	}
	return scan(ctx, o, list, stdout, stderr)
}
