package report

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// Placeholder replaces a character the report font cannot draw (emoji, CJK,
// Arabic, Hebrew, ...). A run of such characters becomes one placeholder.
// The machine-readable files keep the exact text.
const Placeholder = "\uFFFD"

// coverage is a bitset of the runes U+0000..U+FFFF that every report font
// (regular, bold, italic) has a glyph for. It is computed once, from the
// TTF cmap tables, the first time text is sanitised.
var coverage = sync.OnceValue(func() *[0x10000 / 64]uint64 {
	var set [0x10000 / 64]uint64
	fonts := make([]*sfnt.Font, 0, 3)
	for _, b := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF} {
		f, err := sfnt.Parse(b)
		if err != nil {
			panic("report: parse embedded Go font: " + err.Error()) // cannot happen: the fonts are compiled in
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r <= 0xFFFF; r++ {
		ok := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return &set
})

// drawable reports whether the report fonts have a glyph for r.
func drawable(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false // gofpdf v1.16.2 panics on runes above U+FFFF
	}
	return coverage()[r/64]&(1<<(r%64)) != 0
}

// clean makes s safe to hand to gofpdf: it normalises to NFC, turns every
// kind of white space into one ordinary space, drops control and format
// characters (bidi marks, zero-width joiners, soft hyphens, variation
// selectors), and replaces each run of characters the fonts cannot draw
// (including everything above U+FFFF and invalid UTF-8) with Placeholder.
// Leading and trailing space is trimmed.
func clean(s string) string {
	if isPlainASCII(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space, missing := false, false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r),
			unicode.Is(unicode.Variation_Selector, r):
			continue
		}
		ok := drawable(r) && r != utf8.RuneError
		if !ok && missing && !space {
			continue // extend the current placeholder run
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteString(Placeholder)
		}
		missing = !ok
	}
	return b.String()
}

// isPlainASCII reports whether s is printable ASCII with single inner
// spaces and no leading or trailing space: clean would return it unchanged.
func isPlainASCII(s string) bool {
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || (c == ' ' && prev == ' ') {
			return false
		}
		prev = c
	}
	return prev != ' ' || s == ""
}

// clip cleans s and shortens it to at most n characters, ending a shortened
// text with " […]".
func clip(s string, n int) string {
	s = clean(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n]), " ") + " […]"
}

// Limits on how much of one string from a site a PDF shows. The JSONL and
// CSV files always carry the full text.
const (
	maxQuote = 1200 // characters of a quoted sentence
	maxURL   = 400  // characters of a displayed URL
	maxShort = 200  // labels, ids, prices, names
	maxLong  = 1500 // reasons, evidence summaries, citations
)

// breakAfter lists the characters after which an over-long word (typically
// a URL) is preferably broken.
const breakAfter = "/-?&=_.,;:#)]"

// measurer is the part of *gofpdf.Fpdf that wrap needs: the width of a
// string in the current font.
type measurer interface {
	GetStringWidth(s string) float64
}

// wrap splits clean text into lines no wider than w in the current font.
// Words wider than a line are broken, preferably after one of breakAfter,
// so that no line ever overflows w. wrap returns at least one line.
func wrap(m measurer, s string, w float64) []string {
	if s == "" || w <= 0 {
		return []string{s}
	}
	if m.GetStringWidth(s) <= w {
		return []string{s}
	}
	space := m.GetStringWidth(" ")
	var lines []string
	var line strings.Builder
	lineW := 0.0
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		lineW = 0
	}
	for _, word := range strings.Split(s, " ") {
		if word == "" {
			continue
		}
		ww := m.GetStringWidth(word)
		if line.Len() > 0 && lineW+space+ww <= w {
			line.WriteByte(' ')
			line.WriteString(word)
			lineW += space + ww
			continue
		}
		if line.Len() > 0 {
			flush()
		}
		for ww > w {
			head, tail := breakWord(m, word, w)
			lines = append(lines, head)
			word = tail
			ww = m.GetStringWidth(word)
		}
		line.WriteString(word)
		lineW = ww
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// breakWord splits a word wider than w into a head that fits w and the
// rest. The head ends after a breakAfter character when one falls in its
// second half; it always holds at least one character.
func breakWord(m measurer, word string, w float64) (head, tail string) {
	r := []rune(word)
	width, fit, soft := 0.0, 0, 0
	for i, c := range r {
		width += m.GetStringWidth(string(c))
		if width > w {
			break
		}
		fit = i + 1
		if strings.ContainsRune(breakAfter, c) {
			soft = i + 1
		}
	}
	if fit == 0 {
		fit = 1
	}
	if soft*2 >= fit && soft > 0 {
		fit = soft
	}
	return string(r[:fit]), string(r[fit:])
}
