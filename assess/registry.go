package assess

// Registry checks: the NCT numbers a site cites, compared with what
// ClinicalTrials.gov says about them. assess never fetches: the caller
// looks the numbers up (package assess/registry) and passes the records
// in as data (Registry), so the checks are pure functions of the claims,
// the findings and those records.

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/clinicaudit/clinicaudit/assess/registry"
	"github.com/clinicaudit/clinicaudit/extract"
)

// FlagRegistryMismatch: a cited registry number does not back what the
// site sells (no such study, withdrawn or terminated, other conditions or
// interventions, or the clinic is neither sponsor nor site).
const FlagRegistryMismatch = "registry-mismatch"

// citeRegistry is the registry the checks cite.
const citeRegistry = "https://clinicaltrials.gov/"

// Registry is what the caller found out about the numbers a site cites,
// and what is known of the site to compare sponsors and locations with.
type Registry struct {
	Studies  map[string]registry.Study // by NCT number, as looked up
	Failed   map[string]string         // NCT number -> why the lookup failed
	SiteName string                    // the display name of the site ("" when unknown)
	Places   []string                  // places named on the site (cities)
}

// RegistryCheck is one cited NCT number: what the registry says about
// it and how it compares with what the site sells (a line of a finding's
// registry list in findings.jsonl).
type RegistryCheck struct {
	registry.Study
	Checked       bool     `json:"checked"`                // false when the lookup failed (LookupError)
	LookupError   string   `json:"lookup_error,omitempty"` // why it could not be checked
	SponsorMatch  bool     `json:"sponsor_matches_site"`   // the lead sponsor or a collaborator is the clinic
	LocationMatch bool     `json:"location_matches_site"`  // a listed location is the clinic
	CityMatch     bool     `json:"location_in_site_city"`  // a listed location is in a city the site names
	Mismatches    []string `json:"mismatches,omitempty"`   // why the study does not back what the site sells
}

// CitedNCT returns the NCT numbers a site's claims cite (in the sentences
// of its trial cues), in order of first appearance.
func CitedNCT(claims []extract.Claim) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range claims {
		if c.Kind != extract.KindCue || c.ID != extract.CueTrial {
			continue
		}
		for _, id := range registry.FindNCT(c.Text + " " + c.Sentence) {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// CheckRegistry adds to an assessment of a site what the registry says
// about the NCT numbers it cites: a site-wide finding listing every
// checked number (RegistryCheck), with the flag registry-mismatch when a
// number does not back what the site sells. The flag is high when the
// site charges (a finding has the unproven-paid-therapy flag), medium
// otherwise, and, like the other site-wide flags, raised only when the
// site offers a use that is not approved or standard of care. A
// registered study that matches and charges participants is left to
// pay-to-participate. With no number checked, as is unchanged.
func (a *Assessor) CheckRegistry(as Assessment, claims []extract.Claim, reg Registry) Assessment {
	ids := CitedNCT(claims)
	if len(ids) == 0 {
		return as
	}
	sold, cells, charges, worst := soldUses(as.Findings)
	var checks []RegistryCheck
	checked := 0
	for _, id := range ids {
		s, ok := reg.Studies[id]
		if !ok {
			why := reg.Failed[id]
			if why == "" {
				why = "not looked up"
			}
			checks = append(checks, RegistryCheck{Study: registry.Study{NCTID: id, URL: registry.StudyURL(id)}, LookupError: why})
			continue
		}
		checked++
		checks = append(checks, a.checkStudy(s, sold, cells, reg))
	}
	if checked == 0 {
		return as
	}
	fd := Finding{Site: siteOf(as, claims), ConditionLabel: "Site-wide: Registry numbers cited", CellTypes: cells, Prices: []PriceRef{},
		Status: worst, Citations: []string{}, Flags: []Flag{}, Quotes: []Quote{}, Registry: checks}
	var summary, bad []string
	for _, c := range checks {
		summary = append(summary, registrySummary(c))
		if c.Checked {
			fd.Citations = append(fd.Citations, c.URL)
		}
		for _, m := range c.Mismatches {
			bad = append(bad, c.NCTID+": "+m)
		}
	}
	fd.EvidenceSummary = strings.Join(summary, " ")
	var citing []extract.Claim
	for _, c := range claims {
		if c.Kind == extract.KindCue && c.ID == extract.CueTrial && len(registry.FindNCT(c.Text+" "+c.Sentence)) > 0 {
			citing = append(citing, c)
		}
	}
	addQuotes(&fd, citing, 3)
	if len(bad) > 0 && worst != "" && !worst.Proven() {
		sev := Medium
		if charges {
			sev = High
		}
		fd.Flags = append(fd.Flags, Flag{ID: FlagRegistryMismatch, Severity: sev,
			Reason: "The site cites registry numbers that do not back what it sells. " + strings.Join(bad, " ") +
				" A registry listing is not evidence that a treatment works, and a listing that does not match is not even that."})
		fd.Citations = append(fd.Citations, citeRegistry, citeFDAConsumer)
	}
	if fd.Status == "" {
		// No unproven use: the site's uses are standard (a transplant
		// centre citing its trials); say so rather than "unknown".
		fd.Status = Unknown
		for _, f := range as.Findings {
			if f.Condition != "" && f.Status.Proven() {
				fd.Status = f.Status
				break
			}
		}
	}
	fd.Severity = highest(fd.Flags)
	as.Findings = append(as.Findings, fd)
	sortFindings(as.Findings)
	return as
}

func siteOf(as Assessment, claims []extract.Claim) string {
	for _, f := range as.Findings {
		return f.Site
	}
	for _, c := range claims {
		return c.Site
	}
	return ""
}

// soldUses returns what the findings say the site sells: the unproven
// conditions (ids), the cell types offered for them, whether it charges
// (an unproven-paid-therapy flag) and the least supported status.
func soldUses(fs []Finding) (conds []string, cells []string, charges bool, worst Status) {
	seenCell := map[string]bool{}
	for _, f := range fs {
		for _, fl := range f.Flags {
			if fl.ID == FlagUnprovenPaid {
				charges = true
			}
		}
		if f.Status.Proven() || f.Status == "" || f.Condition == "" && !hasFlag(f, FlagUnprovenPaid) {
			continue
		}
		if worst == "" || statusRank(f.Status) > statusRank(worst) {
			worst = f.Status
		}
		if f.Condition != "" {
			conds = append(conds, f.Condition)
		}
		for _, c := range f.CellTypes {
			if !seenCell[c] {
				seenCell[c] = true
				cells = append(cells, c)
			}
		}
	}
	if cells == nil {
		cells = []string{}
	}
	return conds, cells, charges, worst
}

func hasFlag(f Finding, id string) bool {
	for _, fl := range f.Flags {
		if fl.ID == id {
			return true
		}
	}
	return false
}

// checkStudy compares one registry record with what the site sells.
func (a *Assessor) checkStudy(s registry.Study, sold, cells []string, reg Registry) RegistryCheck {
	c := RegistryCheck{Study: s, Checked: true}
	if !s.Found {
		c.Mismatches = append(c.Mismatches, "ClinicalTrials.gov has no study with this number.")
		return c
	}
	switch s.OverallStatus {
	case registry.StatusWithdrawn:
		c.Mismatches = append(c.Mismatches, "the registry lists the study as withdrawn (it stopped before enrolling anyone).")
	case registry.StatusTerminated:
		c.Mismatches = append(c.Mismatches, "the registry lists the study as terminated (stopped early).")
	}
	if other := a.conditionsNotStudied(s, sold); len(other) > 0 {
		c.Mismatches = append(c.Mismatches, fmt.Sprintf("the site sells the treatment for %s, but the registered study is of %s.",
			listPhrase(other, 6), listPhrase(s.Conditions, 4)))
	}
	if m := a.interventionMismatch(s, cells); m != "" {
		c.Mismatches = append(c.Mismatches, m)
	}
	c.SponsorMatch, c.LocationMatch, c.CityMatch = sponsorOrSite(s, reg)
	if !c.SponsorMatch && !c.LocationMatch && reg.SiteName != "" {
		c.Mismatches = append(c.Mismatches, fmt.Sprintf("the clinic is neither the sponsor (%s) nor one of the %d listed locations.", orNone(s.LeadSponsor), len(s.Locations)))
	}
	return c
}

// conditionsNotStudied returns the labels of the sold conditions that
// the study's conditions, keywords and title do not name.
func (a *Assessor) conditionsNotStudied(s registry.Study, sold []string) []string {
	var text []string
	for _, c := range s.Conditions {
		text = append(text, c, invert(c))
	}
	text = append(append(text, s.Keywords...), s.Title)
	words := wordSeq(strings.Join(text, " | "))
	var out []string
	for _, id := range sold {
		cond, ok := a.Vocab.Condition(id)
		if !ok {
			continue
		}
		if !namesAny(words, strings.Join(text, " "), cond.Terms, cond.Abbrev) {
			out = append(out, cond.Label)
		}
	}
	return out
}

// invert turns a registry heading "Osteoarthritis, Knee" into "Knee
// Osteoarthritis".
func invert(s string) string {
	if i := strings.LastIndex(s, ","); i > 0 {
		return strings.TrimSpace(s[i+1:]) + " " + strings.TrimSpace(s[:i])
	}
	return s
}

// mscSources are the cell classes a study of "mesenchymal" cells may use.
var mscSources = map[string]bool{"umbilical-cord": true, "adipose-svf": true, "bone-marrow": true}

// interventionMismatch says how the study's interventions differ from
// the cells the site sells, or "".
func (a *Assessor) interventionMismatch(s registry.Study, cells []string) string {
	if len(s.Interventions) == 0 {
		return ""
	}
	var parts, names []string
	for _, i := range s.Interventions {
		parts = append(parts, i.Name, i.Description, strings.Join(i.OtherNames, " | "))
		names = append(names, i.Name)
	}
	text := strings.Join(parts, " | ")
	words := wordSeq(text)
	studied := map[string]bool{}
	for _, ct := range a.Vocab.CellTypes {
		if namesAny(words, text, ct.Terms, ct.Abbrev) {
			studied[ct.ID] = true
		}
	}
	fold := extract.Fold(text)
	if len(studied) == 0 && !strings.Contains(fold, "stem cell") && !strings.Contains(fold, "stromal cell") {
		return fmt.Sprintf("the registered study tests %s, not a cell product.", listPhrase(names, 4))
	}
	var sold []string
	for _, c := range cells {
		if c == "unspecified" || c == "" {
			continue
		}
		sold = append(sold, c)
		// MSCs of an unnamed source match any source, and the reverse.
		if studied[c] || c == "mesenchymal" && anyOf(studied, mscSources) || mscSources[c] && studied["mesenchymal"] && !anyOf(studied, mscSources) {
			return ""
		}
	}
	if len(sold) == 0 || len(studied) == 0 {
		return "" // the site or the study names no specific class
	}
	var labels []string
	for _, c := range sold {
		if ct, ok := a.Vocab.CellType(c); ok {
			labels = append(labels, ct.Label)
		}
	}
	return fmt.Sprintf("the site sells %s, but the registered study tests %s.", listPhrase(labels, 3), listPhrase(names, 4))
}

func anyOf(have, want map[string]bool) bool {
	for k := range want {
		if have[k] {
			return true
		}
	}
	return false
}

// genericNameWords are words of clinic and sponsor names that do not
// identify one ("clinic", "institute", "stem", "cell"...).
var genericNameWords = map[string]bool{
	"clinic": true, "clinica": true, "clinics": true, "institute": true, "instituto": true, "center": true, "centre": true,
	"centro": true, "medical": true, "medicine": true, "medicina": true, "health": true, "hospital": true, "regenerative": true,
	"regenerativa": true, "research": true, "stem": true, "cell": true, "cells": true, "cellular": true, "therapy": true,
	"therapies": true, "study": true, "trial": true, "program": true, "programme": true, "university": true, "universidad": true,
	"group": true, "the": true, "and": true, "for": true, "inc": true, "llc": true, "ltd": true, "www": true, "example": true,
	"orthopedics": true, "orthopaedics": true, "wellness": true, "vitality": true, "longevity": true, "sciences": true,
}

// nameWords returns the identifying words of a name.
func nameWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(extract.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) >= 4 && !genericNameWords[w] && !allDigits(w) {
			out[w] = true
		}
	}
	return out
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func shareWord(a, b map[string]bool) bool {
	for w := range a {
		if b[w] {
			return true
		}
	}
	return false
}

// sponsorOrSite reports whether the study's sponsor or collaborators, or
// one of its locations, is the clinic (an identifying word of the site's
// name in theirs), and whether a location is in a city the site names.
func sponsorOrSite(s registry.Study, reg Registry) (sponsor, location, city bool) {
	site := nameWords(reg.SiteName)
	if len(site) > 0 {
		sponsor = shareWord(site, nameWords(strings.Join(append([]string{s.LeadSponsor}, s.Collaborators...), " ")))
		for _, l := range s.Locations {
			if shareWord(site, nameWords(l.Facility)) {
				location = true
			}
		}
	}
	places := map[string]bool{}
	for _, p := range reg.Places {
		places[extract.Fold(strings.TrimSpace(p))] = true
	}
	for _, l := range s.Locations {
		if l.City != "" && places[extract.Fold(l.City)] {
			city = true
		}
	}
	return sponsor, location, city
}

// wordSeq returns the folded words of s, each with a crude plural
// stripped, joined by single spaces and padded, so a phrase matches as
// whole words with strings.Contains.
func wordSeq(s string) string {
	ws := strings.FieldsFunc(extract.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range ws {
		ws[i] = singular(w)
	}
	return " " + strings.Join(ws, " ") + " "
}

func singular(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "is") {
		return w[:len(w)-1]
	}
	return w
}

// namesAny reports whether the words (from wordSeq) contain one of the
// vocabulary terms, or raw contains one of the case-sensitive
// abbreviations as a whole word.
func namesAny(words, raw string, terms map[string][]string, abbrev []string) bool {
	for _, ps := range terms {
		for _, p := range ps {
			if q := wordSeq(p); q != "  " && strings.Contains(words, q) {
				return true
			}
		}
	}
	rawWords := " " + strings.Join(strings.FieldsFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }), " ") + " "
	for _, ab := range abbrev {
		if strings.Contains(rawWords, " "+ab+" ") {
			return true
		}
	}
	return false
}

// registrySummary says in one sentence what the registry says about a
// cited number.
func registrySummary(c RegistryCheck) string {
	switch {
	case !c.Checked:
		return fmt.Sprintf("%s could not be checked (%s).", c.NCTID, c.LookupError)
	case !c.Found:
		return fmt.Sprintf("%s: ClinicalTrials.gov has no such study (checked %s).", c.NCTID, day(c.CheckedAt))
	}
	s := fmt.Sprintf("%s, %q: %s, %s, lead sponsor %s (%s), conditions %s, %s; checked %s.", c.NCTID, c.Title,
		humanStatus(c.OverallStatus), phasePhrase(c.Phases), orNone(c.LeadSponsor), strings.ToLower(orNone(c.SponsorClass)),
		listPhrase(c.Conditions, 4), locationPhrase(c), day(c.CheckedAt))
	return s
}

func day(rfc3339 string) string {
	if len(rfc3339) >= 10 {
		return rfc3339[:10]
	}
	return orNone(rfc3339)
}

func humanStatus(s string) string {
	if s == "" {
		return "status not given"
	}
	return strings.ToLower(strings.ReplaceAll(s, "_", " "))
}

func phasePhrase(ps []string) string {
	if len(ps) == 0 {
		return "no phase given"
	}
	var out []string
	for _, p := range ps {
		switch p {
		case "NA":
			out = append(out, "phase not applicable")
		case "EARLY_PHASE1":
			out = append(out, "early phase 1")
		default:
			out = append(out, strings.ToLower(strings.Replace(p, "PHASE", "phase ", 1)))
		}
	}
	return strings.Join(out, "/")
}

func locationPhrase(c RegistryCheck) string {
	if len(c.Locations) == 0 {
		return "no locations listed"
	}
	return fmt.Sprintf("%d locations in %s", len(c.Locations), listPhrase(c.Countries, 4))
}

func listPhrase(items []string, n int) string {
	if len(items) == 0 {
		return "(none listed)"
	}
	if len(items) > n {
		return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
	}
	return strings.Join(items, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "not given"
	}
	return s
}

// sortFindings orders a site's findings (Assess and CheckRegistry use it): highest severity first,
// condition findings before site-wide ones, then by label.
func sortFindings(out []Finding) {
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := out[i].Severity.Rank(), out[j].Severity.Rank(); ri != rj {
			return ri > rj
		}
		if (out[i].Condition == "") != (out[j].Condition == "") {
			return out[i].Condition != ""
		}
		return out[i].ConditionLabel < out[j].ConditionLabel
	})
}
