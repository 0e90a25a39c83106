package main

import (
	"fmt"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/report"
)

// --requisites values.
const (
	requisitesNone   = "none"
	requisitesQuoted = "quoted"
	requisitesAll    = "all"
)

func checkRequisites(v string) error {
	switch v {
	case "", requisitesNone, requisitesQuoted, requisitesAll:
		return nil
	}
	return usageErr("--requisites %q: want none, quoted or all", v)
}

// requisitesMode is the --requisites value as recorded in scan.json ("" is none).
func requisitesMode(v string) string {
	if v == "" {
		return requisitesNone
	}
	return v
}

// setRequisites wires --requisites into the crawl: with quoted or all, once
// a site's pages are crawled, the crawler asks for the requisites of its
// pages quoted by a high or medium finding (requisiteURLs) and fetches them
// through its gates, robots.txt, size limit and budget (crawler.Config.Requisites);
// with all, other sites' requisites too.
func (p *pipeline) setRequisites(c *crawler.Config, mode string) {
	if mode != requisitesQuoted && mode != requisitesAll {
		return
	}
	p.requisites = true
	c.Requisites = p.requisiteURLs
	c.RequisitesCrossSite = mode == requisitesAll
}

// requisiteURLs assesses the site from the pages and claims gathered so far
// (all of them: it runs after the site's last page) and returns the
// requisite links of the HTML pages quoted by a high or medium finding, in
// page order. The assessment is kept for siteDone.
func (p *pipeline) requisiteURLs(site crawler.Site) []string {
	p.mu.Lock()
	a := p.acc[site.ID]
	var s report.Site
	if a != nil {
		s = report.Site{SiteResult: crawler.SiteResult{Site: site}, Pages: a.pages, Claims: a.claims, Places: ranked(a.places, 5), People: ranked(mergeNames(a.people), 8)}
	}
	p.mu.Unlock()
	if a == nil {
		return nil
	}
	as := p.assessSite(s)
	quoted := map[string]bool{}
	for _, f := range as.Findings {
		if f.Severity != assess.High && f.Severity != assess.Medium {
			continue
		}
		for _, q := range f.Quotes {
			if q.PDFPage == 0 {
				quoted[q.WARCRecordID] = true
			}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	a.as = &as
	var out []string
	for _, pg := range a.pages {
		if quoted[pg.WARCRecordID] {
			out = append(out, a.reqs[pg.WARCRecordID]...)
		}
	}
	a.reqs = nil
	return out
}

// requisitePage records a fetched requisite: a line of pages.jsonl (kind
// "requisite"), not analysed.
func (p *pipeline) requisitePage(pg crawler.Page) {
	rec := report.Page{Page: pg}
	rec.Body = nil
	p.mu.Lock()
	defer p.mu.Unlock()
	a := p.acc[pg.Site]
	if a == nil {
		a = &siteAcc{places: map[string]int{}, people: map[string]int{}}
		p.acc[pg.Site] = a
	}
	a.pages = append(a.pages, rec)
}

// requisitesNote is ", N page requisites" for the summary line, "" when none.
func requisitesNote(sites []report.Site) string {
	n := 0
	for _, s := range sites {
		n += s.Requisites
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d page requisites", n)
}
