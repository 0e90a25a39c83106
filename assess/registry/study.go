// Package registry looks studies up in the ClinicalTrials.gov API v2 and
// keeps every response it used in a cache file (registry.jsonl in a scan's
// output folder), so a scan can be re-rendered offline with the same bytes.
//
// registry owns the Study record (what the registry says about one NCT
// number) and the Client that fetches it. It does not decide whether a
// clinic's claims match the registry: package assess does that, from
// Study records passed to it as data.
package registry

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// DefaultURL is the base of the public ClinicalTrials.gov API v2.
const DefaultURL = "https://clinicaltrials.gov/api/v2"

// nctRe matches an NCT number: "NCT" and eight digits.
var nctRe = regexp.MustCompile(`(?i)\bNCT ?(\d{8})\b`)

// FindNCT returns the NCT numbers in s, normalised ("NCT01234567"), in
// order of first appearance, once each.
func FindNCT(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range nctRe.FindAllStringSubmatch(s, -1) {
		id := "NCT" + m[1]
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// ValidNCT reports whether id is a well-formed NCT number.
func ValidNCT(id string) bool {
	return len(id) == 11 && strings.HasPrefix(id, "NCT") && nctRe.MatchString(id)
}

// Overall statuses of the API (statusModule.overallStatus) that the
// checks in assess name.
const (
	StatusRecruiting = "RECRUITING"
	StatusWithdrawn  = "WITHDRAWN"
	StatusTerminated = "TERMINATED"
)

// Study is what the registry says about one NCT number, flattened from
// the API's protocolSection. Found is false when the registry has no such
// study (HTTP 404).
type Study struct {
	NCTID         string         `json:"nct_id"`
	Found         bool           `json:"found"`
	URL           string         `json:"url"` // the public study page
	Title         string         `json:"title,omitempty"`
	OverallStatus string         `json:"overall_status,omitempty"`
	StudyType     string         `json:"study_type,omitempty"`
	Phases        []string       `json:"phases,omitempty"`
	LeadSponsor   string         `json:"lead_sponsor,omitempty"`
	SponsorClass  string         `json:"sponsor_class,omitempty"` // INDUSTRY, NIH, FED, OTHER_GOV, INDIV, NETWORK, OTHER...
	Collaborators []string       `json:"collaborators,omitempty"`
	Conditions    []string       `json:"conditions,omitempty"`
	Keywords      []string       `json:"keywords,omitempty"`
	Interventions []Intervention `json:"interventions,omitempty"`
	Locations     []Location     `json:"locations,omitempty"`
	Countries     []string       `json:"location_countries,omitempty"`
	CheckedAt     string         `json:"checked_at,omitempty"` // when the response was fetched (RFC 3339)
}

// Intervention is one intervention of a study.
type Intervention struct {
	Type        string   `json:"type"` // BIOLOGICAL, DRUG, PROCEDURE, ...
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	OtherNames  []string `json:"other_names,omitempty"`
}

// Location is one site of a study.
type Location struct {
	Facility string `json:"facility,omitempty"`
	City     string `json:"city,omitempty"`
	State    string `json:"state,omitempty"`
	Country  string `json:"country,omitempty"`
}

// StudyURL returns the public page of a study.
func StudyURL(id string) string { return "https://clinicaltrials.gov/study/" + id }

// apiStudy is the part of an API v2 study object that Study keeps.
type apiStudy struct {
	ProtocolSection *struct {
		IdentificationModule struct {
			NCTID         string `json:"nctId"`
			BriefTitle    string `json:"briefTitle"`
			OfficialTitle string `json:"officialTitle"`
		} `json:"identificationModule"`
		StatusModule struct {
			OverallStatus string `json:"overallStatus"`
		} `json:"statusModule"`
		SponsorCollaboratorsModule struct {
			LeadSponsor struct {
				Name  string `json:"name"`
				Class string `json:"class"`
			} `json:"leadSponsor"`
			Collaborators []struct {
				Name string `json:"name"`
			} `json:"collaborators"`
		} `json:"sponsorCollaboratorsModule"`
		ConditionsModule struct {
			Conditions []string `json:"conditions"`
			Keywords   []string `json:"keywords"`
		} `json:"conditionsModule"`
		DesignModule struct {
			StudyType string   `json:"studyType"`
			Phases    []string `json:"phases"`
		} `json:"designModule"`
		ArmsInterventionsModule struct {
			Interventions []struct {
				Type        string   `json:"type"`
				Name        string   `json:"name"`
				Description string   `json:"description"`
				OtherNames  []string `json:"otherNames"`
			} `json:"interventions"`
		} `json:"armsInterventionsModule"`
		ContactsLocationsModule struct {
			Locations []struct {
				Facility string `json:"facility"`
				City     string `json:"city"`
				State    string `json:"state"`
				Country  string `json:"country"`
			} `json:"locations"`
		} `json:"contactsLocationsModule"`
	} `json:"protocolSection"`
}

// parseStudy reads one API v2 study object (the body of
// GET /studies/{nctId}).
func parseStudy(body []byte) (Study, error) {
	var a apiStudy
	if err := json.Unmarshal(body, &a); err != nil {
		return Study{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return a.study()
}

func (a apiStudy) study() (Study, error) {
	p := a.ProtocolSection
	if p == nil || !ValidNCT(p.IdentificationModule.NCTID) {
		return Study{}, fmt.Errorf("%w: no protocolSection.identificationModule.nctId", ErrMalformed)
	}
	id := p.IdentificationModule
	s := Study{NCTID: id.NCTID, Found: true, URL: StudyURL(id.NCTID), Title: id.BriefTitle,
		OverallStatus: p.StatusModule.OverallStatus, StudyType: p.DesignModule.StudyType, Phases: p.DesignModule.Phases,
		LeadSponsor: p.SponsorCollaboratorsModule.LeadSponsor.Name, SponsorClass: p.SponsorCollaboratorsModule.LeadSponsor.Class,
		Conditions: p.ConditionsModule.Conditions, Keywords: p.ConditionsModule.Keywords}
	if s.Title == "" {
		s.Title = id.OfficialTitle
	}
	for _, c := range p.SponsorCollaboratorsModule.Collaborators {
		s.Collaborators = append(s.Collaborators, c.Name)
	}
	for _, i := range p.ArmsInterventionsModule.Interventions {
		s.Interventions = append(s.Interventions, Intervention{Type: i.Type, Name: i.Name, Description: i.Description, OtherNames: i.OtherNames})
	}
	countries := map[string]bool{}
	for _, l := range p.ContactsLocationsModule.Locations {
		s.Locations = append(s.Locations, Location{Facility: l.Facility, City: l.City, State: l.State, Country: l.Country})
		if l.Country != "" {
			countries[l.Country] = true
		}
	}
	for c := range countries {
		s.Countries = append(s.Countries, c)
	}
	sort.Strings(s.Countries)
	return s, nil
}

// SearchResult is one page of GET /studies.
type SearchResult struct {
	Total         int     `json:"total"` // totalCount (with Query.CountTotal)
	Studies       []Study `json:"studies"`
	NextPageToken string  `json:"next_page_token,omitempty"`
}

func parseSearch(body []byte) (SearchResult, error) {
	var a struct {
		TotalCount    *int       `json:"totalCount"`
		Studies       []apiStudy `json:"studies"`
		NextPageToken string     `json:"nextPageToken"`
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return SearchResult{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if a.Studies == nil {
		return SearchResult{}, fmt.Errorf("%w: no studies array", ErrMalformed)
	}
	r := SearchResult{NextPageToken: a.NextPageToken, Studies: []Study{}}
	if a.TotalCount != nil {
		r.Total = *a.TotalCount
	}
	for _, st := range a.Studies {
		s, err := st.study()
		if err != nil {
			return SearchResult{}, err
		}
		r.Studies = append(r.Studies, s)
	}
	return r, nil
}
