package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/extract"
)

// Change types: a line of changes.jsonl has one of these in "type".
const (
	SiteNew            = "site-new"            // a site not in the previous scan
	SiteVanished       = "site-vanished"       // a site of the previous scan not in this one
	SiteUnreachable    = "site-unreachable"    // reached before, unreachable now
	SiteReachable      = "site-reachable"      // unreachable before, reached now
	ConditionNew       = "condition-new"       // a condition the site now offers
	ConditionWithdrawn = "condition-withdrawn" // a condition the site no longer offers
	PriceNew           = "price-new"
	PriceRemoved       = "price-removed"
	PriceChanged       = "price-changed"
	FlagNew            = "flag-new"
	FlagCleared        = "flag-cleared"
)

// Change is one difference between two scans of the same sites: a line of
// changes.jsonl. Sites are matched by id (host, with the port when not the
// default); conditions by id; prices by currency, unit and qualifier;
// flags by condition and flag id.
type Change struct {
	Type           string          `json:"type"`
	Site           string          `json:"site"`
	Name           string          `json:"name"`
	Condition      string          `json:"condition,omitempty"`
	ConditionLabel string          `json:"condition_label,omitempty"`
	Flag           string          `json:"flag,omitempty"`
	Severity       assess.Severity `json:"severity,omitempty"`
	Old            string          `json:"old,omitempty"`
	New            string          `json:"new,omitempty"`
	Detail         string          `json:"detail"`          // one plain sentence
	Quote          *assess.Quote   `json:"quote,omitempty"` // evidence in the new scan, when there is one
}

// Previous identifies the scan a scan was compared with.
type Previous struct {
	Dir       string         `json:"dir"`
	StartedAt string         `json:"started_at"`
	Changes   map[string]int `json:"changes"` // count by change type
}

// Changes lists what changed from the old scan to the new one, ordered by
// site id, then by change type, then by detail, so the output is stable.
func Changes(old, new []Site) []Change {
	oldBy := map[string]Site{}
	for _, s := range old {
		oldBy[s.Site.ID] = s
	}
	newBy := map[string]bool{}
	var out []Change
	for _, n := range new {
		newBy[n.Site.ID] = true
		o, ok := oldBy[n.Site.ID]
		name := siteName(n)
		if !ok {
			c := Change{Type: SiteNew, Site: n.Site.ID, Name: name, Detail: "New site in this scan."}
			if h := n.Highest(); h != assess.None {
				c.Severity, c.Detail = h, fmt.Sprintf("New site in this scan; its highest finding is %s.", h)
			}
			out = append(out, c)
			continue
		}
		out = append(out, siteChanges(o, n, name)...)
	}
	for _, o := range old {
		if !newBy[o.Site.ID] {
			out = append(out, Change{Type: SiteVanished, Site: o.Site.ID, Name: siteName(o),
				Detail: "Site was in the previous scan but not in this one (not in the seeds)."})
		}
	}
	order := map[string]int{SiteNew: 0, SiteVanished: 1, SiteUnreachable: 2, SiteReachable: 3, FlagNew: 4, FlagCleared: 5,
		ConditionNew: 6, ConditionWithdrawn: 7, PriceChanged: 8, PriceNew: 9, PriceRemoved: 10}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		if order[a.Type] != order[b.Type] {
			return order[a.Type] < order[b.Type]
		}
		return a.Detail < b.Detail
	})
	return out
}

func siteChanges(o, n Site, name string) []Change {
	var out []Change
	add := func(c Change) {
		c.Site, c.Name = n.Site.ID, name
		out = append(out, c)
	}
	switch {
	case o.Unreachable == "" && n.Unreachable != "":
		add(Change{Type: SiteUnreachable, New: n.Unreachable, Detail: "Site could not be reached in this scan: " + n.Unreachable + ". Its claims are not compared."})
		return out
	case o.Unreachable != "" && n.Unreachable == "":
		add(Change{Type: SiteReachable, Old: o.Unreachable, Detail: "Site was unreachable in the previous scan (" + o.Unreachable + ") and was reached in this one."})
		return out
	case n.Unreachable != "":
		return out
	}

	// Conditions offered (from condition findings).
	oc, nc := offeredFindings(o), offeredFindings(n)
	for id, f := range nc {
		if _, ok := oc[id]; !ok {
			add(Change{Type: ConditionNew, Condition: id, ConditionLabel: f.ConditionLabel,
				Detail: f.ConditionLabel + " is offered now and was not before.", Quote: firstQuote(f)})
		}
	}
	for id, f := range oc {
		if _, ok := nc[id]; !ok {
			add(Change{Type: ConditionWithdrawn, Condition: id, ConditionLabel: f.ConditionLabel,
				Detail: f.ConditionLabel + " was offered in the previous scan and is not now."})
		}
	}

	// Flags, by condition (or site-wide) and flag id.
	of, nf := flagsOf(o), flagsOf(n)
	for k, v := range nf {
		if _, ok := of[k]; !ok {
			add(Change{Type: FlagNew, Condition: v.finding.Condition, ConditionLabel: v.finding.ConditionLabel, Flag: v.flag.ID,
				Severity: v.flag.Severity, Detail: fmt.Sprintf("New %s flag (%s) on %s.", v.flag.ID, v.flag.Severity, v.finding.ConditionLabel),
				Quote: firstQuote(v.finding)})
		}
	}
	for k, v := range of {
		if _, ok := nf[k]; !ok {
			add(Change{Type: FlagCleared, Condition: v.finding.Condition, ConditionLabel: v.finding.ConditionLabel, Flag: v.flag.ID,
				Severity: v.flag.Severity, Detail: fmt.Sprintf("The %s flag (%s) on %s is no longer raised.", v.flag.ID, v.flag.Severity, v.finding.ConditionLabel)})
		}
	}

	// Prices, grouped by currency, unit and qualifier; within a group the
	// sorted amounts are compared pairwise.
	op, np := priceGroups(o), priceGroups(n)
	keys := map[string]bool{}
	for k := range op {
		keys[k] = true
	}
	for k := range np {
		keys[k] = true
	}
	for k := range keys {
		a, b := op[k], np[k]
		if len(a) == len(b) {
			for i := range a {
				if a[i].value() != b[i].value() {
					add(Change{Type: PriceChanged, Old: a[i].describe(), New: b[i].describe(),
						Detail: fmt.Sprintf("Price changed from %s to %s.", a[i].describe(), b[i].describe()), Quote: b[i].quote()})
				}
			}
			continue
		}
		oldSet := map[string]bool{}
		for _, p := range a {
			oldSet[p.value()] = true
		}
		newSet := map[string]bool{}
		for _, p := range b {
			newSet[p.value()] = true
			if !oldSet[p.value()] {
				add(Change{Type: PriceNew, New: p.describe(), Detail: "New price: " + p.describe() + ".", Quote: p.quote()})
			}
		}
		for _, p := range a {
			if !newSet[p.value()] {
				add(Change{Type: PriceRemoved, Old: p.describe(), Detail: "Price no longer stated: " + p.describe() + "."})
			}
		}
	}
	return out
}

func offeredFindings(s Site) map[string]assess.Finding {
	m := map[string]assess.Finding{}
	for _, f := range s.Findings {
		if f.Condition != "" {
			m[f.Condition] = f
		}
	}
	return m
}

type flagRef struct {
	finding assess.Finding
	flag    assess.Flag
}

func flagsOf(s Site) map[string]flagRef {
	m := map[string]flagRef{}
	for _, f := range s.Findings {
		for _, fl := range f.Flags {
			m[f.Condition+"\x00"+fl.ID] = flagRef{f, fl}
		}
	}
	return m
}

func firstQuote(f assess.Finding) *assess.Quote {
	if len(f.Quotes) == 0 {
		return nil
	}
	q := f.Quotes[0]
	return &q
}

// priceRef is a distinct price a site states.
type priceRef struct{ c extract.Claim }

func (p priceRef) value() string {
	return strconv.FormatFloat(p.c.Amount, 'f', -1, 64) + "-" + strconv.FormatFloat(p.c.AmountMax, 'f', -1, 64)
}

// describe gives the price as written and as read: "$95,000 MXN (MXN
// 95,000, treatment)".
func (p priceRef) describe() string {
	read := strings.TrimSpace(p.c.Currency + " " + formatAmount(p.c.Amount))
	if p.c.AmountMax > 0 {
		read += "–" + formatAmount(p.c.AmountMax)
	}
	if p.c.Per != "" {
		read += ", " + p.c.Per
	}
	return p.c.Text + " (" + read + ")"
}

func (p priceRef) quote() *assess.Quote {
	return &assess.Quote{URL: p.c.URL, Sentence: p.c.Sentence, CapturedAt: p.c.CapturedAt, WARCRecordID: p.c.WARCRecordID}
}

func priceGroups(s Site) map[string][]priceRef {
	seen := map[string]bool{}
	g := map[string][]priceRef{}
	for _, c := range s.Claims {
		if c.Kind != extract.KindPrice || c.Negated || c.Price == nil {
			continue
		}
		key := strings.Join([]string{c.Currency, c.Per, c.Qualifier}, "|")
		p := priceRef{c}
		if seen[key+p.value()] {
			continue
		}
		seen[key+p.value()] = true
		g[key] = append(g[key], p)
	}
	for k := range g {
		sort.Slice(g[k], func(i, j int) bool {
			if g[k][i].c.Amount != g[k][j].c.Amount {
				return g[k][i].c.Amount < g[k][j].c.Amount
			}
			return g[k][i].c.AmountMax < g[k][j].c.AmountMax
		})
	}
	return g
}

// CountChanges counts changes by type.
func CountChanges(cs []Change) map[string]int {
	m := map[string]int{}
	for _, c := range cs {
		m[c.Type]++
	}
	return m
}
