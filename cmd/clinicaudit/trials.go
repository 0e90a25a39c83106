package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/clinicaudit/clinicaudit/assess/registry"
)

// trialLine is a line of `trials` output: what the registry says about
// one number, or why it could not be asked.
type trialLine struct {
	registry.Study
	Error string `json:"error,omitempty"`
}

func runTrials(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trials", stderr)
	var o registryOptions
	registryFlags(fs, &o, "")
	timeout := fs.Duration("timeout", registry.DefaultTimeout, "timeout per request")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: clinicaudit trials [--registry-url URL] NCT...\n\n"+
			"Prints what ClinicalTrials.gov says about each registry number, one JSON line each\n"+
			"(found, title, overall status, phases, sponsor and its class, conditions, interventions, locations).\n\n"+
			"Example:\n  clinicaudit trials NCT09284416 NCT09571348\n\nFlags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr("trials needs at least one NCT number")
	}
	var ids []string
	for _, a := range pos {
		found := registry.FindNCT(a)
		if len(found) != 1 || !registry.ValidNCT(strings.ToUpper(strings.TrimSpace(a))) {
			return usageErr("%q is not an NCT number (NCT and 8 digits, e.g. NCT01234567)", a)
		}
		ids = append(ids, found[0])
	}
	c, err := newClient(o.url, *timeout)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, id := range ids {
		s, err := c.Study(ctx, id)
		line := trialLine{Study: s}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			line = trialLine{Study: registry.Study{NCTID: id, URL: registry.StudyURL(id)}, Error: err.Error()}
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d lookups failed", failed, len(ids))
	}
	return nil
}
