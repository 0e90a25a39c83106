package main

// Wiring of the ClinicalTrials.gov lookups (package assess/registry) into
// scan, report, demo and trials: flags, the registry.jsonl cache of an
// output folder, and the one-line message when the registry is
// unreachable. assess never fetches: cmd looks the cited numbers up and
// passes the records to assess as data.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/assess/registry"
	"github.com/clinicaudit/clinicaudit/report"
)

// registryFile is the cache of registry responses in an output folder.
const registryFile = "registry.jsonl"

// registryURLEnv overrides the default of --registry-url (a mirror, or a
// test server).
const registryURLEnv = "CLINICAUDIT_REGISTRY_URL"

// registryOptions are the --registry and --registry-url flags.
type registryOptions struct {
	mode string
	url  string
}

func defaultRegistryURL() string {
	if u := os.Getenv(registryURLEnv); u != "" {
		return u
	}
	return registry.DefaultURL
}

// registryFlags adds --registry (when defMode is not "") and
// --registry-url.
func registryFlags(fs *flag.FlagSet, o *registryOptions, defMode string) {
	if defMode != "" {
		fs.StringVar(&o.mode, "registry", defMode, "ClinicalTrials.gov lookups of cited NCT numbers: online (cache first, then the registry), cache (registry.jsonl only) or off")
	}
	fs.StringVar(&o.url, "registry-url", defaultRegistryURL(), "base URL of the ClinicalTrials.gov API v2 (a mirror or a test server may stand in; default from $"+registryURLEnv+" when set)")
}

// newClient returns a client for the base URL. The public API gets the
// polite gap; a registry on a loopback address (a local mirror, the
// demo's, a test server) gets none.
func newClient(base string, timeout time.Duration) (*registry.Client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageErr("--registry-url %q: want an http or https URL", base)
	}
	c := &registry.Client{BaseURL: base, Timeout: timeout, UserAgent: "clinicaudit/" + version + " (+https://github.com/clinicaudit/clinicaudit; registry checks of clinic websites)"}
	if ip := net.ParseIP(u.Hostname()); ip != nil && ip.IsLoopback() || u.Hostname() == "localhost" {
		c.Gap, c.Backoff = time.Millisecond, 50*time.Millisecond
	}
	return c, nil
}

// lookups looks cited NCT numbers up for the sites of one run. It is safe
// for concurrent use. A nil *lookups (--registry off) looks nothing up.
type lookups struct {
	client *registry.Client
	cache  *registry.Cache
	stderr io.Writer
	m      registry.Mode
	once   sync.Once // the "unreachable" message
}

// openLookups opens the registry for a run writing into dir. record makes
// the responses fetched from now on go to dir/registry.jsonl; mode
// "cache" serves registry.jsonl only.
func openLookups(o registryOptions, dir string, record bool, timeout time.Duration, stderr io.Writer) (*lookups, error) {
	if o.mode == "" {
		o.mode = string(registry.Off) // options built in code, not from flags
	}
	mode, err := registry.ParseMode(o.mode)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if mode == registry.Off {
		return nil, nil
	}
	c, err := newClient(o.url, timeout)
	if err != nil {
		return nil, err
	}
	cache, err := registry.OpenCache(filepath.Join(dir, registryFile), record && mode == registry.Online)
	if err != nil {
		return nil, fmt.Errorf("registry cache: %w", err)
	}
	c.Cache, c.Offline = cache, mode == registry.CacheOnly
	return &lookups{client: c, cache: cache, stderr: stderr, m: mode}, nil
}

// mode returns the registry mode ("off" for a nil lookups).
func (l *lookups) mode() string {
	if l == nil {
		return string(registry.Off)
	}
	return string(l.m)
}

// url returns the registry's base URL, or "" when it is off.
func (l *lookups) url() string {
	if l == nil {
		return ""
	}
	return l.client.BaseURL
}

// flagSet returns the names of the flags set on the command line.
func flagSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// assessSite assesses a site and, unless the registry is off, checks the
// NCT numbers it cites against the registry records.
func assessSite(ctx context.Context, st *stages, l *lookups, s report.Site) assess.Assessment {
	as := st.as.Assess(s.Site.ID, s.Claims)
	if l == nil {
		return as
	}
	studies, failed := l.studies(ctx, assess.CitedNCT(s.Claims))
	why := map[string]string{}
	for id, err := range failed {
		why[id] = err.Error()
	}
	as = st.as.CheckRegistry(as, s.Claims, assess.Registry{Studies: studies, Failed: why, SiteName: s.Site.Name, Places: s.Places})
	return st.trials.AddTrials(as, l.trials(ctx, st.trials.TrialSearches(as)))
}

// trials runs the searches of the trial context: per query, one page of
// interventional studies and one of those recruiting (three studies each,
// with countTotal). A query whose searches fail is left out (the finding
// gets no trial context); an unreachable registry is said once.
func (l *lookups) trials(ctx context.Context, qs []assess.TrialQuery) map[assess.TrialQuery]assess.TrialResult {
	if l == nil || len(qs) == 0 {
		return nil
	}
	out := map[assess.TrialQuery]assess.TrialResult{}
	for _, q := range qs {
		base := registry.Query{Cond: q.Cond, Intr: q.Intr, Advanced: "AREA[StudyType]INTERVENTIONAL",
			PageSize: assess.MaxTrialExamples, CountTotal: true, Fields: registry.SearchFields}
		rec := base
		rec.Status = []string{registry.StatusRecruiting}
		recruiting, err := l.client.Search(ctx, rec)
		if err != nil {
			l.failed(err, "trial context is left out")
			continue
		}
		all, err := l.client.Search(ctx, base)
		if err != nil {
			l.failed(err, "trial context is left out")
			continue
		}
		out[q] = assess.TrialResult{Total: all.Total, Recruiting: recruiting.Total,
			Studies: append(append([]registry.Study{}, recruiting.Studies...), all.Studies...)}
	}
	return out
}

// failed says once that the registry is unreachable.
func (l *lookups) failed(err error, what string) {
	if !errors.Is(err, registry.ErrUnavailable) {
		return
	}
	l.once.Do(func() {
		fmt.Fprintf(l.stderr, "clinicaudit: ClinicalTrials.gov is unreachable at %s (%v); %s (use --registry off to skip, or --registry cache)\n", l.client.BaseURL, err, what)
	})
}

// Close closes the cache file.
func (l *lookups) Close() error {
	if l == nil {
		return nil
	}
	return l.cache.Close()
}

// studies looks the numbers up. A lookup that fails is returned as an
// error per number; when the registry is unreachable a single line on
// stderr says so and the run goes on without it.
func (l *lookups) studies(ctx context.Context, ids []string) (map[string]registry.Study, map[string]error) {
	if l == nil || len(ids) == 0 {
		return nil, nil
	}
	got, failed := map[string]registry.Study{}, map[string]error{}
	for _, id := range ids {
		s, err := l.client.Study(ctx, id)
		if err != nil {
			failed[id] = err
			l.failed(err, "cited NCT numbers are not checked and trial context is left out")
			continue
		}
		got[id] = s
	}
	return got, failed
}
