package extract

import (
	"bytes"
	"fmt"
	"io"
	"regexp"

	"github.com/clinicaudit/clinicaudit/seeds"
)

// CuePattern is a regular expression that signals a claim cue.
type CuePattern struct {
	ID   string
	Lang string // "en", "es", or "" for any language
	Re   *regexp.Regexp
	lits []string // required literals (see requiredLiterals); nil: always run
}

// cueLabels are the English display names of cue ids.
var cueLabels = map[string]string{
	CueCure:        "Cure or regeneration claim",
	CueSuccessRate: "Success-rate claim",
	CueSafety:      "Safety claim",
	CueApproval:    "Approval or exemption claim",
	CueRegistered:  "Registration claim",
	CueTrial:       "Trial or study mention",
	CueFee:         "Fee or payment terms",
	CueNoCost:      "No cost to participants",
	CueInsurance:   "Insurance coverage",
	CueTestimonial: "Patient testimonials",
	CueDisclaimer:  "Disclaimer",
	CueRisk:        "Risk or experimental-status statement",
	CueBooking:     "Booking of patients for treatment",
}

// CueLabel returns the display name of a cue id.
func CueLabel(id string) string {
	if l, ok := cueLabels[id]; ok {
		return l
	}
	return id
}

// DefaultCues loads the cue patterns embedded from seeds/cues.csv.
// The language packs' cues follow, in the order of Languages.
func DefaultCues() ([]CuePattern, error) {
	if packErr != nil {
		return nil, packErr
	}
	cs, err := LoadCues(bytes.NewReader(seeds.MustFile("cues.csv")), "seeds/cues.csv")
	if err != nil {
		return nil, err
	}
	for _, l := range Languages {
		if p, ok := defaultPacks[l]; ok {
			cs = append(cs, p.cues...)
		}
	}
	return cs, nil
}

// LoadCues reads a cues CSV (id,lang,pattern,note). Errors name file and line.
func LoadCues(r io.Reader, name string) ([]CuePattern, error) {
	var out []CuePattern
	err := seeds.ReadCSV(r, name, []string{"id", "lang", "pattern"}, nil, func(line int, rec map[string]string) error {
		if _, ok := cueLabels[rec["id"]]; !ok {
			return fmt.Errorf("unknown cue id %q", rec["id"])
		}
		re, err := regexp.Compile(rec["pattern"])
		if err != nil {
			return fmt.Errorf("cue %s: bad pattern: %w", rec["id"], err)
		}
		out = append(out, CuePattern{ID: rec["id"], Lang: rec["lang"], Re: re, lits: requiredLiterals(rec["pattern"])})
		return nil
	})
	return out, err
}
