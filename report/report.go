// Package report writes the output folder of a scan: machine-readable files
// (scan.json, pages.jsonl, claims.jsonl, findings.jsonl, sites.csv,
// findings.csv) and PDF audits (reports/SITE.pdf per site and summary.pdf
// for the batch).
//
// report renders what the upstream stages produced; it does not crawl,
// extract or assess. Rendering is deterministic: the same inputs give
// byte-identical files (dates come from Scan, never from the clock).
package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
)

// Scan describes a whole scan: the contents of scan.json.
type Scan struct {
	Tool       string    `json:"tool"`
	Version    string    `json:"version"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Evidence   Evidence  `json:"evidence"`
	// TrialQueries identifies the registry search terms of the trial
	// context (seeds/trial-queries.csv): rows, sha256, latest review date.
	TrialQueries *Evidence `json:"trial_queries,omitempty"`
	Seeds        []string  `json:"seeds"`
	Options      Options   `json:"options"`
	Totals       Totals    `json:"totals"`
	Complete     bool      `json:"complete"` // false while running or when interrupted

	// Previous is set when the scan was compared with an earlier one
	// (scan --previous); Changes then holds what changed, and Write writes
	// changes.jsonl and a "Changes since the last scan" summary section.
	Previous *Previous `json:"previous,omitempty"`
	Changes  []Change  `json:"-"`
}

// Evidence identifies the evidence table a scan was assessed with.
type Evidence struct {
	Source string `json:"source"` // "built-in" or a file path
	SHA256 string `json:"sha256"`
	Date   string `json:"date"` // latest reviewed date in the table, YYYY-MM-DD
	Rows   int    `json:"rows"`
}

// Options records the crawl options used.
type Options struct {
	MaxPages     int    `json:"max_pages"`
	MaxDepth     int    `json:"max_depth"`
	Delay        string `json:"delay"`
	Sites        int    `json:"sites"`
	Timeout      string `json:"timeout"`
	UserAgent    string `json:"user_agent"`
	IgnoreRobots bool   `json:"ignore_robots"`
	AllowPrivate bool   `json:"allow_private,omitempty"`
	Registry     string `json:"registry,omitempty"`     // --registry: online, cache or off
	RegistryURL  string `json:"registry_url,omitempty"` // --registry-url, when the registry was asked
	Render       bool   `json:"render,omitempty"`       // --render: thin pages were rendered in Chromium
	Requisites   string `json:"requisites,omitempty"`   // --requisites: none, quoted or all
}

// Totals counts what a scan produced.
type Totals struct {
	Sites       int            `json:"sites"`
	Unreachable int            `json:"unreachable"`
	Pages       int            `json:"pages"`
	FetchErrors int            `json:"fetch_errors"`
	Claims      int            `json:"claims"`
	Findings    int            `json:"findings"`
	BySeverity  map[string]int `json:"by_severity"` // sites by highest severity

	// What the scan could read only in part (see hidden.go).
	PDFsRead   int `json:"pdfs_read,omitempty"`
	PDFsUnread int `json:"pdfs_unread,omitempty"`
	ThinPages  int `json:"thin_pages,omitempty"`
}

// Site is everything known about one site, as the reports need it.
type Site struct {
	crawler.SiteResult
	Pages    []Page           // fetch records, bodies not needed
	Claims   []extract.Claim  // every mention, negated ones included
	Findings []assess.Finding // sorted, highest severity first
	Places   []string         // locations named on the site (NER), most frequent first
	People   []string         // people named on the site (NER), most frequent first

	// OtherPrices are the money amounts on the site that are not the price
	// of a cell treatment (shop items, other services, comparisons), each
	// with why it was kept apart.
	OtherPrices []assess.PriceRef

	// ClaimCount is the number of claims the site had before Compact
	// dropped those the batch files do not need; 0 means len(Claims).
	ClaimCount int

	// Images are the PNG bytes of the quotes' screenshots, by
	// Quote.Screenshot.Path; WriteSite reads them from the scan folder.
	Images map[string][]byte `json:"-"`
}

// Page is a line of pages.jsonl: one fetch, and what extraction made of
// the page: its role, language and how completely it was analysed.
type Page struct {
	crawler.Page
	Title        string `json:"title,omitempty"`
	Role         string `json:"role,omitempty"`     // extract.Role*; "" when the page was not analysed (not HTML, failed)
	Lang         string `json:"lang,omitempty"`     // detected language
	Analysis     string `json:"analysis,omitempty"` // extract.Analysis*
	AnalysisNote string `json:"analysis_note,omitempty"`
	Thin         bool   `json:"thin,omitempty"` // extract.Result.Thin: little text, script-built

	// Render says how a thin page fared in the browser (--render):
	// "rendered", "timeout" (the DOM at the render timeout, if any, was
	// analysed) or "failed"; "" when it was not rendered. RenderRecordID is
	// the WARC conversion record of its rendered DOM.
	Render         string `json:"render,omitempty"`
	RenderRecordID string `json:"render_record_id,omitempty"`
}

// NotAnalysed lists the pages read but not analysed because of their
// language, as "URL (Italian)".
func (s Site) NotAnalysed() []string {
	var out []string
	for _, p := range s.Pages {
		if p.Analysis == extract.AnalysisNotLanguage {
			out = append(out, p.URL+" ("+extract.LanguageName(p.Lang)+")")
		}
	}
	return out
}

// Languages counts the analysed pages by language, most first: "German 10,
// English 2". It is "" when every analysed page is in English.
func (s Site) Languages() string {
	n := map[string]int{}
	for _, p := range s.Pages {
		if p.Lang != "" && p.Analysis != "" && p.Analysis != extract.AnalysisNotLanguage {
			n[p.Lang]++
		}
	}
	if len(n) == 0 || len(n) == 1 && n["en"] > 0 {
		return ""
	}
	langs := make([]string, 0, len(n))
	for l := range n {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		if n[langs[i]] != n[langs[j]] {
			return n[langs[i]] > n[langs[j]]
		}
		return langs[i] < langs[j]
	})
	parts := make([]string, len(langs))
	for i, l := range langs {
		parts[i] = fmt.Sprintf("%s %d", extract.LanguageName(l), n[l])
	}
	return strings.Join(parts, ", ")
}

// Claimed returns the number of claims extracted from the site.
func (s Site) Claimed() int {
	if s.ClaimCount > 0 {
		return s.ClaimCount
	}
	return len(s.Claims)
}

// Highest returns the highest severity among the site's findings.
func (s Site) Highest() assess.Severity {
	best := assess.None
	for _, f := range s.Findings {
		if f.Severity.Rank() > best.Rank() {
			best = f.Severity
		}
	}
	return best
}
