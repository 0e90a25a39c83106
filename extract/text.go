package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is a sentence lower-cased with accents removed, keeping a map from
// each byte of the folded text back to the original, so that a match found
// in folded text can be quoted exactly as the page wrote it.
type folded struct {
	orig string
	text string
	offs []int // offs[i] is the original byte offset of folded byte i; len(offs) == len(text)+1
}

// foldTable caches the folded form of the runes clinic pages use most.
var foldTable = func() [0x250]string {
	var t [0x250]string
	for r := rune(0); r < 0x250; r++ {
		t[r] = foldRuneSlow(r)
	}
	return t
}()

func foldRuneSlow(r rune) string {
	// Letters that do not decompose into a base letter and an accent.
	switch r {
	case 'ł', 'Ł':
		return "l"
	case 'ß':
		return "ss"
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	case 'ø', 'Ø':
		return "o"
	case 'đ', 'Đ':
		return "d"
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		b.WriteRune(unicode.ToLower(d))
	}
	return b.String()
}

func foldRune(r rune) string {
	if r >= 0 && r < 0x250 {
		return foldTable[r]
	}
	switch r {
	case '\u2019', '\u2018', '\u02bc': // curly apostrophes
		return "'"
	case '\u2013', '\u2014', '\u2012', '\u2212': // dashes
		return "-"
	}
	return string(unicode.ToLower(r))
}

func fold(s string) folded {
	f := folded{orig: s, offs: make([]int, 0, len(s)+1)}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		out := foldRune(r)
		b.WriteString(out)
		for range len(out) {
			f.offs = append(f.offs, i)
		}
	}
	f.offs = append(f.offs, len(s))
	f.text = b.String()
	return f
}

// span returns the original text for folded byte range [a, b).
func (f folded) span(a, b int) string {
	oa, ob := f.offs[a], f.offs[b]
	// Extend ob to the end of the original rune that produced folded byte b-1.
	if b > 0 && b <= len(f.text) {
		last := f.offs[b-1]
		_, size := utf8.DecodeRuneInString(f.orig[last:])
		if last+size > ob {
			ob = last + size
		}
	}
	return f.orig[oa:ob]
}

// token is a word of a folded sentence.
type token struct {
	start, end int    // byte range in folded text
	norm       string // folded text of the token
	stem       string // norm with a plural "s" removed
	punct      bool   // a clause-breaking punctuation mark, not a word
}

// stem removes a final plural "s" so that "knees", "cells" and "células"
// match "knee", "cell" and "célula"; "lupus", "arthritis" and "sclerosis"
// are left alone.
func stem(w string) string {
	if len(w) > 3 && w[len(w)-1] == 's' && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		return w[:len(w)-1]
	}
	return w
}

// tokenize splits folded text into words (letters and digits) and clause
// punctuation (, ; : . ! ? ( ) | and dashes between spaces).
func tokenize(s string) []token {
	var toks []token
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := s[start:i]
			toks = append(toks, token{start: start, end: i, norm: w, stem: stem(w)})
			start = -1
		}
		switch r {
		case ',', ';', ':', '.', '!', '?', '(', ')', '|', '[', ']', '"', '\u201c', '\u201d', '\u00bf', '\u00a1':
			toks = append(toks, token{start: i, end: i + utf8.RuneLen(r), norm: string(r), punct: true})
		case '-':
			// A dash with spaces around it separates clauses; inside a word it joins.
			if i > 0 && i+1 < len(s) && s[i-1] == ' ' && s[i+1] == ' ' {
				toks = append(toks, token{start: i, end: i + 1, norm: "-", punct: true})
			}
		}
	}
	if start >= 0 {
		w := s[start:]
		toks = append(toks, token{start: start, end: len(s), norm: w, stem: stem(w)})
	}
	return toks
}

// phraseTokens returns the stems of a vocabulary phrase.
// A word ending in "*" (a language pack's wildcard) is kept as its folded
// prefix followed by "*".
func phraseTokens(p string) []string {
	var out []string
	f := fold(p).text
	for _, t := range tokenize(f) {
		switch {
		case t.punct:
		case t.end < len(f) && f[t.end] == '*':
			out = append(out, t.norm+"*")
		default:
			out = append(out, t.stem)
		}
	}
	return out
}

// Fold returns s lower-cased with accents removed, as the vocabularies and
// cue patterns match it ("Células" -> "celulas").
func Fold(s string) string { return fold(s).text }
