package registry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeAPI serves the testdata fixtures like the API v2: /version,
// /studies/{id} (404 for an unknown id) and /studies (a search; 400 for a
// bad filter.overallStatus). Hits counts the requests per path.
type fakeAPI struct {
	mu   sync.Mutex
	hits map[string]int
}

func (f *fakeAPI) count(p string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[p]
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	if f.hits == nil {
		f.hits = map[string]int{}
	}
	f.hits[r.URL.Path]++
	f.mu.Unlock()
	serveFixture(w, r)
}

func serveFixture(w http.ResponseWriter, r *http.Request) {
	file := ""
	switch p := r.URL.Path; {
	case p == "/version":
		file = "version.json"
	case p == "/studies":
		if st := r.URL.Query().Get("filter.overallStatus"); st != "" && st != "RECRUITING" {
			http.Error(w, "filter.overallStatus: unknown value "+st, http.StatusBadRequest)
			return
		}
		file = "search-knee-msc.json"
	case strings.HasPrefix(p, "/studies/"):
		file = strings.TrimPrefix(p, "/studies/") + ".json"
	}
	b, err := os.ReadFile(filepath.Join("testdata", filepath.Base(file)))
	if file == "" || err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// client returns a quick client for tests: short gaps and backoff.
func client(base string, cache *Cache) *Client {
	return &Client{BaseURL: base, Gap: time.Millisecond, Backoff: 5 * time.Millisecond, Timeout: 2 * time.Second, Cache: cache, UserAgent: "clinicaudit-test"}
}

func TestStudyFieldsAndCache(t *testing.T) {
	api := &fakeAPI{}
	base := serve(t, api)
	path := filepath.Join(t.TempDir(), "registry.jsonl")
	cache, err := OpenCache(path, true)
	if err != nil {
		t.Fatal(err)
	}
	c := client(base, cache)
	ctx := context.Background()
	s, err := c.Study(ctx, "nct09284416")
	if err != nil {
		t.Fatal(err)
	}
	want := Study{NCTID: "NCT09284416", Found: true, URL: "https://clinicaltrials.gov/study/NCT09284416",
		Title: "Mesenchymal Stromal Cells for Knee Osteoarthritis (KNEE-MSC-2)", OverallStatus: "RECRUITING",
		StudyType: "INTERVENTIONAL", Phases: []string{"PHASE2"}, LeadSponsor: "Ridgeline University", SponsorClass: "OTHER",
		Collaborators: []string{"Cascade Orthopaedic Research Network"}, Conditions: []string{"Knee Osteoarthritis"},
		Keywords: []string{"mesenchymal stromal cells", "intra-articular injection", "cartilage"},
		Interventions: []Intervention{
			{Type: "BIOLOGICAL", Name: "Allogeneic mesenchymal stromal cells", Description: "A single intra-articular injection of 40 million bone marrow-derived mesenchymal stromal cells.", OtherNames: []string{"MSC"}},
			{Type: "OTHER", Name: "Saline", Description: "A single intra-articular injection of saline."}},
		Locations: []Location{{Facility: "Ridgeline University Orthopaedic Research Center", City: "Ridgeline", State: "Oregon", Country: "United States"},
			{Facility: "Cascade Valley Medical Center", City: "Bend", State: "Oregon", Country: "United States"}},
		Countries: []string{"United States"}}
	if s.CheckedAt == "" {
		t.Error("CheckedAt is empty")
	}
	want.CheckedAt = s.CheckedAt
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Study = %+v\nwant    %+v", s, want)
	}
	// The second lookup is served from the cache.
	if _, err := c.Study(ctx, "NCT09284416"); err != nil {
		t.Fatal(err)
	}
	if n := api.count("/studies/NCT09284416"); n != 1 {
		t.Errorf("%d requests for one study, want 1 (cached)", n)
	}
	if err := cache.Close(); err != nil {
		t.Fatal(err)
	}
	// Offline, from the file alone: the same record, byte for byte.
	off, err := OpenCache(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if off.Len() != 1 {
		t.Errorf("registry.jsonl holds %d entries, want 1", off.Len())
	}
	oc := &Client{BaseURL: "http://127.0.0.1:1", Cache: off, Offline: true}
	s2, err := oc.Study(ctx, "NCT09284416")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s2, s) {
		t.Errorf("offline Study = %+v, want %+v", s2, s)
	}
	if _, err := oc.Study(ctx, "NCT09571348"); !errors.Is(err, ErrNotCached) {
		t.Errorf("offline lookup of an uncached study: err = %v, want ErrNotCached", err)
	}
}

func TestStudyNotFound(t *testing.T) {
	api := &fakeAPI{}
	c := client(serve(t, api), &Cache{entries: map[string]Entry{}})
	for range 2 {
		s, err := c.Study(context.Background(), "NCT00000404")
		if err != nil {
			t.Fatal(err)
		}
		if s.Found || s.NCTID != "NCT00000404" {
			t.Errorf("Study(unknown) = %+v, want Found false", s)
		}
	}
	if n := api.count("/studies/NCT00000404"); n != 1 {
		t.Errorf("%d requests, want 1 (a 404 is cached)", n)
	}
	if n := api.count("/version"); n != 1 {
		t.Errorf("/version asked %d times, want once", n)
	}
}

// A 404 from a server that is not the API (a wrong --registry-url) must
// not say the study does not exist.
func TestNotFoundFromSomethingElse(t *testing.T) {
	c := client(serve(t, http.NotFoundHandler()), nil)
	_, err := c.Study(context.Background(), "NCT09284416")
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
}

func TestBadRequestNotRetried(t *testing.T) {
	api := &fakeAPI{}
	c := client(serve(t, api), nil)
	_, err := c.Search(context.Background(), Query{Cond: "knee osteoarthritis", Status: []string{"BOGUS"}})
	if !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), "unknown value BOGUS") {
		t.Errorf("err = %v, want ErrBadRequest with the registry's message", err)
	}
	if n := api.count("/studies"); n != 1 {
		t.Errorf("%d requests, want 1 (400 is not retried)", n)
	}
	if _, err := c.Study(context.Background(), "NCT123"); !errors.Is(err, ErrBadRequest) {
		t.Errorf("malformed NCT number: err = %v, want ErrBadRequest", err)
	}
}

func TestSearch(t *testing.T) {
	var got string
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.RawQuery
		serveFixture(w, r)
	}))
	r, err := client(base, nil).Search(context.Background(), Query{Cond: "knee osteoarthritis", Intr: "mesenchymal", Status: []string{"RECRUITING"},
		Advanced: "AREA[StudyType]INTERVENTIONAL", PageSize: 3, CountTotal: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 2 || len(r.Studies) != 2 || r.Studies[0].NCTID != "NCT09284416" || r.Studies[1].OverallStatus != "WITHDRAWN" {
		t.Errorf("Search = %+v", r)
	}
	for _, p := range []string{"query.cond=knee+osteoarthritis", "query.intr=mesenchymal", "filter.overallStatus=RECRUITING", "countTotal=true", "pageSize=3", "filter.advanced=AREA%5BStudyType%5DINTERVENTIONAL"} {
		if !strings.Contains(got, p) {
			t.Errorf("query %q lacks %q", got, p)
		}
	}
}

func TestRetryAfter429(t *testing.T) {
	var n atomic.Int32
	var first, second time.Time
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
			return
		}
		second = time.Now()
		serveFixture(w, r)
	}))
	s, err := client(base, nil).Study(context.Background(), "NCT09284416")
	if err != nil || !s.Found {
		t.Fatalf("Study = %+v, %v", s, err)
	}
	if n.Load() != 2 {
		t.Errorf("%d requests, want 2", n.Load())
	}
	if gap := second.Sub(first); gap < time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 1, want at least 1s", gap)
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	start := time.Now()
	_, err := client(base, nil).Study(context.Background(), "NCT09284416")
	if !errors.Is(err, ErrUnavailable) || time.Since(start) > time.Second {
		t.Errorf("err = %v after %v, want ErrUnavailable at once", err, time.Since(start))
	}
}

func TestRetry5xx(t *testing.T) {
	var n atomic.Int32
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			http.Error(w, "upstream error", http.StatusBadGateway)
			return
		}
		serveFixture(w, r)
	}))
	if _, err := client(base, nil).Study(context.Background(), "NCT09284416"); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 3 {
		t.Errorf("%d requests, want 3", n.Load())
	}

	n.Store(-100) // always failing now
	c := client(base, nil)
	c.Attempts = 3
	_, err := c.Study(context.Background(), "NCT09571348")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "502") {
		t.Errorf("err = %v, want ErrUnavailable naming the 502", err)
	}
	if got := n.Load() + 100; got != 3 {
		t.Errorf("%d attempts, want 3", got)
	}
	if c.Down() != nil {
		t.Errorf("Down() = %v after HTTP errors; only network failures mark the registry down", c.Down())
	}
}

func TestMalformed(t *testing.T) {
	for _, body := range []string{`{"protocolSection": {"identificationModule": `, `<html>maintenance</html>`, `{"studies": "none"}`, `{}`} {
		var n atomic.Int32
		base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
		}))
		cache := &Cache{entries: map[string]Entry{}}
		c := client(base, cache)
		if _, err := c.Study(context.Background(), "NCT09284416"); !errors.Is(err, ErrMalformed) {
			t.Errorf("Study with body %q: err = %v, want ErrMalformed", body, err)
		}
		if _, err := c.Search(context.Background(), Query{Cond: "x"}); !errors.Is(err, ErrMalformed) {
			t.Errorf("Search with body %q: err = %v, want ErrMalformed", body, err)
		}
		if cache.Len() != 0 {
			t.Errorf("malformed body %q was cached", body)
		}
		if n.Load() != 2 {
			t.Errorf("body %q: %d requests, want 2 (not retried)", body, n.Load())
		}
	}
}

func TestSlowServer(t *testing.T) {
	var n atomic.Int32
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	c := client(base, nil)
	c.Timeout, c.Attempts = 100*time.Millisecond, 2
	start := time.Now()
	_, err := c.Study(context.Background(), "NCT09284416")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "timeout") {
		t.Errorf("err = %v, want ErrUnavailable (timeout)", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v, want about 2 × 100ms", d)
	}
	if c.Down() == nil {
		t.Error("Down() = nil after timeouts on every attempt")
	}
	// The registry is down: the next lookup does not wait for it again.
	start = time.Now()
	if _, err := c.Study(context.Background(), "NCT09571348"); !errors.Is(err, ErrUnavailable) || time.Since(start) > 50*time.Millisecond {
		t.Errorf("lookup after down: err = %v after %v", err, time.Since(start))
	}
	if n.Load() != 2 {
		t.Errorf("%d requests reached the slow server, want 2", n.Load())
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now
	c := client(base, nil)
	if _, err := c.Study(context.Background(), "NCT09284416"); !errors.Is(err, ErrUnavailable) || c.Down() == nil {
		t.Errorf("err = %v, Down = %v; want ErrUnavailable and down", err, c.Down())
	}
}

func TestCancelDuringRetryAfter(t *testing.T) {
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client(base, nil).Study(ctx, "NCT09284416")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("err = %v after %v, want the context's error promptly", err, time.Since(start))
	}
}

// Requests are made one at a time, at least Gap apart, however many
// goroutines ask at once.
func TestPoliteRate(t *testing.T) {
	var mu sync.Mutex
	var starts []time.Time
	var inFlight, maxInFlight atomic.Int32
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := inFlight.Add(1); v > maxInFlight.Load() {
			maxInFlight.Store(v)
		}
		defer inFlight.Add(-1)
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		serveFixture(w, r)
	}))
	c := client(base, nil)
	c.Gap = 40 * time.Millisecond
	var wg sync.WaitGroup
	for _, q := range []string{"a", "b", "c", "d", "e"} {
		wg.Go(func() {
			if _, err := c.Search(context.Background(), Query{Cond: q}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := 1; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-1]); d < 35*time.Millisecond {
			t.Errorf("requests %d and %d were %v apart, want at least the 40ms gap", i-1, i, d)
		}
	}
	if maxInFlight.Load() > 1 {
		t.Errorf("%d requests in flight at once, want 1", maxInFlight.Load())
	}
}

func TestCacheFileRepair(t *testing.T) {
	path := filepath.Join(t.TempDir(), "registry.jsonl")
	good := `{"request":"/version","url":"x","status":200,"fetched_at":"2026-11-20T09:00:00Z","sha256":"` + digest([]byte(`{"apiVersion":"2"}`)) + `","body":"{\"apiVersion\":\"2\"}"}`
	tampered := `{"request":"/studies/NCT00000001","status":200,"sha256":"00","body":"{}"}`
	if err := os.WriteFile(path, []byte(good+"\n"+tampered+"\n"+`{"request":"/stud`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := OpenCache(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 1 {
		t.Errorf("%d entries read, want 1 (tampered and cut lines skipped)", c.Len())
	}
	if err := c.Put(Entry{Request: "/studies/NCT00000002", Status: 404, Body: "not found"}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], `{"request":"/studies/NCT00000002"`) {
		t.Errorf("registry.jsonl after repair and append:\n%s", b)
	}
	again, _ := OpenCache(path, false)
	if again.Len() != 2 {
		t.Errorf("%d entries after reopening, want 2", again.Len())
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{{"", 0}, {"5", 5 * time.Second}, {"-1", 0}, {"soon", 0}, {"Fri, 20 Nov 2026 09:00:30 GMT", 30 * time.Second}, {"Fri, 20 Nov 2026 08:00:00 GMT", 0}} {
		if got := retryAfter(tc.in, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestFindNCT(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"registered at ClinicalTrials.gov under NCT09571348.", []string{"NCT09571348"}},
		{"nct 09284416 and NCT09284416, then NCT01234567", []string{"NCT09284416", "NCT01234567"}},
		{"NCT123456789 is too long; NCT1234567 too short", nil},
		{"no number here", nil},
	} {
		if got := FindNCT(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FindNCT(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
