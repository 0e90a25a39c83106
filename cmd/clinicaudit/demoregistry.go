package main

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/assess/registry"
	"github.com/clinicaudit/clinicaudit/seeds"
)

// demoRegistryHandler serves seeds/demo/registry like the ClinicalTrials.gov
// API v2: GET /version, GET /studies/{nctId} (studies/NCT....json; 404 for
// any other valid number, 400 for a malformed one) and GET /studies (a
// search answered with no studies). The fixtures are shaped exactly like
// API v2 responses and their NCT numbers are fictional.
func demoRegistryHandler(fixtures fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean(r.URL.Path)
		file := ""
		switch {
		case p == "/version":
			file = "version.json"
		case p == "/studies":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"totalCount":0,"studies":[]}`)
			return
		case strings.HasPrefix(p, "/studies/"):
			id := strings.TrimPrefix(p, "/studies/")
			if !registry.ValidNCT(id) {
				http.Error(w, "The NCT number "+id+" is not valid", http.StatusBadRequest)
				return
			}
			file = "studies/" + id + ".json"
		}
		b, err := fs.ReadFile(fixtures, file)
		if file == "" || err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	})
}

// demoRegistry serves the demo's registry fixtures on 127.0.0.1 until ctx
// ends; it returns the base URL and a function that stops the server and
// waits for it.
func demoRegistry(ctx context.Context) (string, func(), error) {
	sub, err := fs.Sub(seeds.Demo(), "registry")
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("demo registry: %w", err)
	}
	srv := &http.Server{Handler: demoRegistryHandler(sub), ReadHeaderTimeout: 5 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { srv.Close(); <-done }, nil
}
