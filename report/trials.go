package report

import (
	"strconv"

	"github.com/clinicaudit/clinicaudit/assess"
)

// trials writes "Registered trials you could point readers to" under a
// condition finding: per cell class, how many interventional studies the
// registry lists and how many recruit, and up to three of them, linked.
// Nothing when the finding has no trial context (registry off, or no
// search terms for its condition and cells).
func (r *siteReport) trials(f assess.Finding) {
	if len(f.Trials) == 0 {
		return
	}
	r.space(1)
	r.need(14)
	r.subheading("Registered trials you could point readers to")
	for _, tc := range f.Trials {
		cells := cellTypeLabels([]string{tc.CellType}, r.cells)[0]
		line := clip(cells, maxShort) + " for “" + clip(tc.Query.Cond, maxShort) + "”: "
		if tc.Total == 0 {
			line += "ClinicalTrials.gov lists no interventional study."
		} else {
			line += plural(tc.Total, "interventional study", "interventional studies") + " registered, " +
				strconv.Itoa(tc.Recruiting) + " recruiting."
		}
		r.font("B", 8.5, black)
		r.need(4.2 * 2)
		r.text(marginL+2, contentW-2, 4.2, line, "")
		for _, ex := range tc.Examples {
			t := ex.NCTID + " · " + registryStatus(ex.Status) + " · " + clip(ex.Title, maxLong)
			r.font("", 8.5, linkBlue)
			r.need(4.2)
			r.text(marginL+6, contentW-6, 4.2, t, linkTarget(ex.URL, false))
		}
		r.font("", 7.5, textGrey)
		r.text(marginL+6, contentW-6, 3.6, "Search: condition “"+clip(tc.Query.Cond, maxShort)+"”, intervention “"+clip(tc.Query.Intr, maxShort)+"”, interventional studies", linkTarget(tc.SearchURL, false))
		r.space(0.8)
	}
	r.para("I", 7.5, textGrey, "A registered study is not evidence that a treatment works; a study may be listed whatever its design, and some listed studies charge participants.")
}

// registryStatus is an overall status of the registry in words.
func registryStatus(s string) string {
	switch s {
	case "RECRUITING":
		return "recruiting"
	case "NOT_YET_RECRUITING":
		return "not yet recruiting"
	case "ENROLLING_BY_INVITATION":
		return "enrolling by invitation"
	case "ACTIVE_NOT_RECRUITING":
		return "active, not recruiting"
	case "COMPLETED":
		return "completed"
	case "TERMINATED":
		return "terminated"
	case "WITHDRAWN":
		return "withdrawn"
	case "SUSPENDED":
		return "suspended"
	case "", "UNKNOWN":
		return "status unknown"
	}
	return clip(s, maxShort)
}
