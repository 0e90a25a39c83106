package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	prose "github.com/jdkato/prose/v2"
)

// maxNERSentences bounds the named-entity work per page: prose's NER costs
// about 8 s per MB of text, so it only sees the sentences whose entities
// are kept: those naming a clinician (clinicianRe) or reading like an
// address (addressRe).
const maxNERSentences = 20

// entityStop are words prose's model mislabels as entities on clinic pages.
var entityStop = map[string]bool{"call": true, "contact": true, "book": true, "stem": true, "cells": true, "cell": true,
	"fda": true, "prp": true, "svf": true, "click": true, "home": true, "learn": true, "free": true, "email": true, "phone": true,
	"patients": true, "treatment": true, "therapy": true, "us": true, "our": true, "read": true, "more": true,
	"medicare": true, "medicaid": true, "pricing": true, "stories": true, "amniotic": true, "marrow": true, "bone": true, "achilles": true,
	// parts of an address that the model tags as places
	"floor": true, "address": true, "pavilion": true, "suite": true, "building": true, "room": true, "street": true, "avenue": true,
	"road": true, "level": true, "wing": true, "tower": true, "campus": true, "center": true, "centre": true, "hall": true,
	"office": true, "clinic": true, "hospital": true, "fax": true, "hours": true, "map": true, "directions": true, "parking": true,
	"piso": true, "consultorio": true, "torre": true, "edificio": true, "local": true, "planta": true,
	"blvd": true, "boulevard": true, "drive": true, "lane": true, "way": true, "ave": true, "calle": true, "avenida": true, "av": true, "plaza": true}

func (e *Extractor) model() *prose.Model {
	e.nerOnce.Do(func() {
		doc, err := prose.NewDocument("Dr. Ana Ruiz works in Madrid.", prose.WithSegmentation(false))
		if err == nil {
			e.nerModel = doc.Model
		}
	})
	return e.nerModel
}

// clinicianRe finds names written as clinicians: "Dr. Ana Ruiz",
// "Dra. Lucía Pérez", "Marcus Hale, MD". prose's PERSON entities are kept
// only when they are named this way, because on clinic pages its model
// also labels menu items and product names as people.
var clinicianRe = regexp.MustCompile(`\b(?:Dr|Dra|Doctor|Doctora|Prof)\.?\s+((?:[A-ZÁÉÍÓÚÑ][\p{L}'’-]+\s?){1,3})|((?:[A-ZÁÉÍÓÚÑ][\p{L}'’-]+\s){1,2}[A-ZÁÉÍÓÚÑ][\p{L}'’-]+),\s*(?:MD|M\.D\.|DO|D\.O\.|PhD|Ph\.D\.|NP|PA-C)\b`)

// addressRe marks sentences that read like an address or a location line.
var addressRe = regexp.MustCompile(`(?i)\b(located|address|direcci[oó]n|ubicad[oa]s?|clinic in|offices? in|visit us|suite|blvd|boulevard|avenue|avenida|calle|street|road|st\.|ave\.|c\.p\.|zip)\b|\b\d{5}\b`)

// Literal prefilters of clinicianRe and addressRe: a sentence without any of
// these cannot match, and most sentences of a page have none, so the
// (case-insensitive, many-branched) patterns run on few sentences.
var (
	clinicianLits = []string{"Dr", "Doctor", "Prof", "MD", "M.D.", "DO", "D.O.", "PhD", "Ph.D.", "NP", "PA-C"}
	addressLits   = []string{"located", "address", "direcci", "ubicad", "clinic in", "office", "visit us", "suite",
		"blvd", "boulevard", "avenue", "avenida", "calle", "street", "road", "st.", "ave.", "c.p.", "zip"}
)

// nerCandidate reports whether a sentence names a clinician or reads like
// an address: the sentences whose entities are kept.
func nerCandidate(s string) bool {
	for _, l := range clinicianLits {
		if strings.Contains(s, l) {
			if clinicianRe.MatchString(s) {
				return true
			}
			break
		}
	}
	lower := strings.ToLower(s)
	for _, l := range addressLits {
		if strings.Contains(lower, l) {
			return addressRe.MatchString(s)
		}
	}
	return hasDigitRun(s, 5) && addressRe.MatchString(s)
}

// hasDigitRun reports whether s has n ASCII digits in a row.
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// entities runs named-entity recognition over candidate sentences and
// returns the places and people named, most frequent first.
func (e *Extractor) entities(sents []string) (places, people []string) {
	m := e.model()
	if m == nil {
		return nil, nil
	}
	doc, err := prose.NewDocument(strings.Join(sents, "\n"), prose.UsingModel(m), prose.WithSegmentation(false))
	if err != nil {
		return nil, nil
	}
	clinicians := map[string]bool{}
	addressText := ""
	for _, s := range sents {
		for _, m := range clinicianRe.FindAllStringSubmatch(s, -1) {
			if name := clinicianName(m[1] + m[2]); name != "" {
				clinicians[name] = true
			}
		}
		if addressRe.MatchString(s) {
			addressText += s + "\n"
		}
	}
	pc, pp := map[string]int{}, map[string]int{}
	for _, ent := range doc.Entities() {
		t := strings.Trim(ent.Text, " .,;:")
		if !plausibleName(t) {
			continue
		}
		switch ent.Label {
		case "GPE":
			if strings.Contains(addressText, t) {
				pc[t]++
			}
		case "PERSON":
			for c := range clinicians {
				if strings.Contains(c, t) || strings.Contains(t, c) {
					pp[c]++
				}
			}
		}
	}
	// Clinicians named with a title count even when the model missed them.
	for c := range clinicians {
		if plausibleName(c) && pp[c] == 0 {
			pp[c] = 1
		}
	}
	return ranked(pc), ranked(pp)
}

// nameTail are words that end a clinician's name when the page runs it into
// something else: "Dr. Darin Stettler Stem Cell Clinic".
var nameTail = map[string]bool{"stem": true, "cell": true, "cells": true, "clinic": true, "center": true, "centre": true,
	"institute": true, "medical": true, "medicine": true, "regenerative": true, "wellness": true, "health": true,
	"orthopedics": true, "orthopaedics": true, "spine": true, "pain": true, "group": true, "practice": true, "team": true,
	"is": true, "has": true, "and": true, "of": true, "the": true, "says": true, "explains": true}

// nameHead are words a byline or heading puts before a name: "By Kyle
// Brandt, NP", "Meet Ana Ruiz, MD".
var nameHead = map[string]bool{"by": true, "meet": true, "with": true, "from": true, "and": true, "our": true, "about": true,
	"contact": true, "call": true, "ask": true, "written": true, "reviewed": true, "author": true, "posted": true, "dr": true, "dr.": true}

// clinicianName trims what follows a name matched after a title and
// returns "" when no plausible name (at least a given name and a surname)
// is left.
func clinicianName(raw string) string {
	words := strings.Fields(raw)
	for len(words) > 0 && nameHead[strings.ToLower(words[0])] {
		words = words[1:]
	}
	for len(words) > 0 && nameTail[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	name := strings.Join(words, " ")
	if len(words) < 2 || !plausibleName(name) {
		return ""
	}
	return name
}

func plausibleName(t string) bool {
	if len(t) < 3 || len(t) > 60 {
		return false
	}
	r := []rune(t)
	if !unicode.IsUpper(r[0]) {
		return false
	}
	if len(r) <= 5 && strings.ToUpper(t) == t {
		return false // an acronym: PLLC, FSA, ACL
	}
	if strings.ContainsAny(t, "|@/:0123456789") {
		return false // menu text, e-mail, URL or a street number
	}
	for _, w := range strings.Fields(strings.ToLower(t)) {
		if entityStop[w] {
			return false
		}
	}
	return true
}

func ranked(counts map[string]int) []string {
	out := make([]string, 0, len(counts))
	for k := range counts {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if counts[out[i]] != counts[out[j]] {
			return counts[out[i]] > counts[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
