package extract

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// filteredRe is a regular expression that first checks, cheaply, that the
// text holds one of the literals every match must contain.
type filteredRe struct {
	re   *regexp.Regexp
	lits []string
}

// mustFiltered compiles a pattern with its literal prefilter.
func mustFiltered(pattern string) filteredRe {
	return filteredRe{re: regexp.MustCompile(pattern), lits: requiredLiterals(pattern)}
}

// MatchString reports whether the pattern matches s.
func (f filteredRe) MatchString(s string) bool { return mayMatch(s, f.lits) && f.re.MatchString(s) }

// requiredLiterals returns a set of strings such that every match of the
// pattern contains at least one of them, or nil when no such set can be
// derived (then the pattern must always run). Running a regular expression
// only on text that contains one of its required literals gives the same
// matches, faster: most sentences of a page match no cue.
func requiredLiterals(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	lits := required(re.Simplify())
	for _, l := range lits {
		if l == "" {
			return nil
		}
	}
	return lits
}

// required computes the literal set of a syntax tree node (see
// requiredLiterals); nil means "unknown".
func required(re *syntax.Regexp) []string {
	if re.Flags&syntax.FoldCase != 0 {
		return nil // patterns run on lower-cased text; folding would need more care
	}
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		// A small class ([€£¥]) is a set of one-rune literals.
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo > 16 || len(out) > 32 {
				return nil
			}
			for r := lo; r <= hi; r++ {
				out = append(out, string(r))
			}
		}
		return out
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
		return nil
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			l := required(s)
			if l == nil {
				return nil
			}
			out = append(out, l...)
		}
		return out
	case syntax.OpConcat:
		// Every part of a concatenation must occur: use the part whose
		// literals are most selective (longest shortest literal). Adjacent
		// literal parts are joined first.
		var best []string
		bestLen := 0
		var run strings.Builder
		consider := func(l []string) {
			if l == nil {
				return
			}
			m := len(l[0])
			for _, s := range l {
				m = min(m, len(s))
			}
			if m > bestLen || m == bestLen && len(l) < len(best) {
				best, bestLen = l, m
			}
		}
		for _, s := range re.Sub {
			if s.Op == syntax.OpLiteral && s.Flags&syntax.FoldCase == 0 {
				run.WriteString(string(s.Rune))
				continue
			}
			if run.Len() > 0 {
				consider([]string{run.String()})
				run.Reset()
			}
			consider(required(s))
		}
		if run.Len() > 0 {
			consider([]string{run.String()})
		}
		return best
	}
	return nil
}

// mayMatch reports whether text contains one of the literals (always true
// for a nil set).
func mayMatch(text string, lits []string) bool {
	if lits == nil {
		return true
	}
	for _, l := range lits {
		if strings.Contains(text, l) {
			return true
		}
	}
	return false
}
