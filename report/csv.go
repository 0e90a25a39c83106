package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/clinicaudit/clinicaudit/extract"
)

// sitesHeader is the header of sites.csv: the product spec's columns
// first, in the spec's order, then additions.
var sitesHeader = []string{
	"site", "name", "pages", "conditions", "cell_types", "price_range", "highest_severity",
	"flag_counts", "fetch_errors",
	"unreachable", "seed", "findings", "robots_excluded", "report",
}

// findingsHeader is the header of findings.csv.
var findingsHeader = []string{
	"site", "name", "condition", "condition_label", "cell_types", "prices", "status", "severity",
	"flags", "flag_reasons", "evidence_summary", "citations", "quotes", "quote_urls",
	"captured_at", "warc_record_ids",
}

// listSep joins several values in one CSV cell.
const listSep = " | "

// WriteSitesCSV writes sites.csv: one row per site, in the order given.
// pages counts pages fetched successfully; fetch_errors counts failed
// fetches (robots.txt exclusions are in robots_excluded); unreachable holds
// the reason when the seed page itself failed. Text from sites is made
// spreadsheet-safe (see csvText).
func WriteSitesCSV(w io.Writer, sites []Site) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sitesHeader); err != nil {
		return err
	}
	files := ReportFiles(sites)
	for _, s := range sites {
		row := []string{
			csvText(s.Site.ID),
			csvText(s.Site.Name),
			strconv.Itoa(s.Fetched),
			csvText(strings.Join(offered(s, extract.KindCondition), "; ")),
			csvText(strings.Join(offered(s, extract.KindCellType), "; ")),
			csvText(strings.ReplaceAll(priceRange(s), "–", "-")),
			string(sevOrNone(s.Highest())),
			csvText(flagCounts(s)),
			strconv.Itoa(s.Errors),
			csvText(s.Unreachable),
			csvText(s.Site.Seed),
			strconv.Itoa(len(s.Findings)),
			strconv.Itoa(s.Robots),
			csvText("reports/" + files[s.Site.ID]),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// flagCounts writes "unproven-paid-therapy=3; cure-claim=1": how many of a
// site's findings raise each flag, most frequent first.
func flagCounts(s Site) string {
	n := map[string]int{}
	for _, f := range s.Findings {
		seen := map[string]bool{}
		for _, fl := range f.Flags {
			if !seen[fl.ID] {
				seen[fl.ID] = true
				n[fl.ID]++
			}
		}
	}
	return byFrequency(n, func(id string, k int) string { return id + "=" + strconv.Itoa(k) }, "; ")
}

// WriteFindingsCSV writes findings.csv: one row per finding, sites in the
// order given. Lists of ids are joined with "; "; flag reasons, citations,
// quotes and their URLs, capture times and WARC record ids are joined with
// " | ", in the same order, so the n-th quote goes with the n-th URL.
func WriteFindingsCSV(w io.Writer, sites []Site) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(findingsHeader); err != nil {
		return err
	}
	for _, s := range sites {
		for _, f := range s.Findings {
			var prices, flags, reasons, quotes, urls, times, warcs []string
			for _, p := range f.Prices {
				t := p.Text
				if t == "" {
					t = formatPrice(p)
				}
				if p.Currency != "" {
					t += " [" + p.Currency + "]"
				}
				prices = append(prices, t)
			}
			for _, fl := range f.Flags {
				flags = append(flags, fl.ID+" ("+string(fl.Severity)+")")
				reasons = append(reasons, fl.Reason)
			}
			for _, q := range f.Quotes {
				quotes = append(quotes, q.Sentence)
				urls = append(urls, q.URL)
				times = append(times, q.CapturedAt)
				warcs = append(warcs, q.WARCRecordID)
			}
			site := f.Site
			if site == "" {
				site = s.Site.ID
			}
			row := []string{
				csvText(site),
				csvText(s.Site.Name),
				csvText(f.Condition),
				csvText(f.ConditionLabel),
				csvText(strings.Join(f.CellTypes, "; ")),
				csvText(strings.Join(prices, listSep)),
				string(f.Status),
				string(sevOrNone(f.Severity)),
				csvText(strings.Join(flags, "; ")),
				csvText(strings.Join(reasons, listSep)),
				csvText(f.EvidenceSummary),
				csvText(strings.Join(f.Citations, listSep)),
				csvText(strings.Join(quotes, listSep)),
				csvText(strings.Join(urls, listSep)),
				csvText(strings.Join(times, listSep)),
				csvText(strings.Join(warcs, listSep)),
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText makes a text cell safe to open in a spreadsheet: control
// characters (line breaks included) become spaces, so one record is one
// line, and a cell that starts with =, +, - or @ gets a leading ' so a
// spreadsheet shows it as text instead of running it as a formula. The
// JSONL files keep the exact text.
func csvText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		s = "'" + s
	}
	return s
}
