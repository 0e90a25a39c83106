package extract

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// filteredRe is a regular expression that first checks, cheaply, that the
// text holds one of the literals every match must contain.
type filteredRe struct {
	re     *regexp.Regexp
	lits   []string
	maxLen int // the longest match in bytes, or -1 when unbounded
}

// mustFiltered compiles a pattern with its literal prefilter.
func mustFiltered(pattern string) filteredRe {
	f := filteredRe{re: regexp.MustCompile(pattern), lits: requiredLiterals(pattern), maxLen: -1}
	if re, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		f.maxLen = maxMatchLen(re.Simplify())
	}
	return f
}

// windowMinText is the text size above which MatchString looks only
// around the literals: on a whole page (the currency context), running a
// many-branched pattern over every byte costs more than finding its words.
const windowMinText = 2048

// MatchString reports whether the pattern matches s. On long text with a
// bounded pattern it runs the pattern only on windows around each
// occurrence of a required literal: every match contains one, and no match
// is longer than maxLen, so a match lies inside the window of its literal,
// with a margin so that \b at the window's edges sees the real neighbours.
func (f filteredRe) MatchString(s string) bool {
	if !mayMatch(s, f.lits) {
		return false
	}
	if f.lits == nil || f.maxLen < 0 || len(s) < windowMinText {
		return f.re.MatchString(s)
	}
	span := f.maxLen + 8
	// Windows cost about their size each: past half the text, one run over
	// the whole text is cheaper (a literal like "$" on a price list).
	budget := len(s) / 2
	for _, l := range f.lits {
		for from := 0; ; {
			i := strings.Index(s[from:], l)
			if i < 0 {
				break
			}
			i += from
			lo, hi := max(0, i-span), min(len(s), i+len(l)+span)
			if budget -= hi - lo; budget < 0 {
				return f.re.MatchString(s)
			}
			if f.re.MatchString(s[lo:hi]) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// maxMatchLen returns the longest match of re in bytes, or -1 when a
// repetition is unbounded.
func maxMatchLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return 4 * len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 4
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpCapture:
		return maxMatchLen(re.Sub[0])
	case syntax.OpQuest:
		return maxMatchLen(re.Sub[0])
	case syntax.OpRepeat:
		n := maxMatchLen(re.Sub[0])
		if re.Max < 0 || n < 0 {
			return -1
		}
		return re.Max * n
	case syntax.OpConcat:
		t := 0
		for _, s := range re.Sub {
			n := maxMatchLen(s)
			if n < 0 {
				return -1
			}
			t += n
		}
		return t
	case syntax.OpAlternate:
		m := 0
		for _, s := range re.Sub {
			n := maxMatchLen(s)
			if n < 0 {
				return -1
			}
			m = max(m, n)
		}
		return m
	}
	return -1 // star, plus and anything else: unbounded
}

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
