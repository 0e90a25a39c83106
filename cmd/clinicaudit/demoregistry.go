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
// search: search/COND--INTR.json, or COND--INTR--recruiting.json with
// filter.overallStatus=RECRUITING, COND and INTR the query.cond and
// query.intr terms as slugs; a search without a fixture finds no studies).
// The fixtures are shaped exactly like API v2 responses (totalCount is
// there because the searches ask for countTotal, and they hold at most the
// pageSize of 3 studies) and their NCT numbers are fictional.
func demoRegistryHandler(fixtures fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean(r.URL.Path)
		file := ""
		switch {
		case p == "/version":
			file = "version.json"
		case p == "/studies":
			q := r.URL.Query()
			name := "search/" + demoSlug(q.Get("query.cond")) + "--" + demoSlug(q.Get("query.intr"))
			if strings.Contains(q.Get("filter.overallStatus"), registry.StatusRecruiting) {
				name += "--recruiting"
			}
			w.Header().Set("Content-Type", "application/json")
			if b, err := fs.ReadFile(fixtures, name+".json"); err == nil {
				w.Write(b)
			} else {
				fmt.Fprint(w, `{"totalCount":0,"studies":[]}`)
			}
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

// demoSlug names a search term in a fixture file: lower case, runs of
// other characters than letters and digits as one "-", at most 60 bytes.
func demoSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	out := b.String()
	if len(out) > 60 {
		out = strings.TrimRight(out[:60], "-")
	}
	return out
}
