package extract

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	prose "github.com/jdkato/prose/v2"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// Extractor finds claims in pages. It is safe for concurrent use; create one
// and share it (building it compiles the vocabulary, and the named-entity
// model is loaded once, on first use). Set its fields before first use.
type Extractor struct {
	vocab *Vocabulary
	m     *matcher
	cues  []CuePattern

	// Entities enables named-entity recognition (places, people) on the
	// sentences that matched something or look like an address or a
	// doctor's name. It costs about 0.2 s once to load the model.
	Entities bool

	// Budget is the time the analysis of one page may take, checked
	// between sentences; a page that runs out is kept with the claims
	// found so far and marked AnalysisTruncated. Zero means no limit.
	Budget time.Duration
	// MaxText is the number of bytes of a page's visible text that are
	// analysed (the title is bounded separately, by maxTitle). Zero means
	// no limit.
	MaxText int
	// MaxClaims is the number of distinct claims kept from one page;
	// analysis stops when it is reached. Zero means no limit.
	MaxClaims int
	// MaxPDFPages is the number of pages of one PDF document that are
	// read (see pdf.go); zero means DefaultMaxPDFPages.
	MaxPDFPages int

	nerOnce  sync.Once
	nerModel *prose.Model
}

// Defaults of the Extractor's bounds, set by New.
const (
	DefaultBudget    = 10 * time.Second
	DefaultMaxText   = 1 << 20
	DefaultMaxClaims = 2000
)

// maxTitle is the number of characters of a page title analysed and kept.
const maxTitle = 1000

// New returns an Extractor for a vocabulary and cue patterns.
func New(v *Vocabulary, cues []CuePattern) *Extractor {
	return &Extractor{vocab: v, m: newMatcher(v), cues: cues, Entities: true,
		Budget: DefaultBudget, MaxText: DefaultMaxText, MaxClaims: DefaultMaxClaims}
}

// NewDefault returns an Extractor with the vocabularies and cues embedded
// from seeds/.
func NewDefault() (*Extractor, error) {
	v, err := DefaultVocabulary()
	if err != nil {
		return nil, err
	}
	c, err := DefaultCues()
	if err != nil {
		return nil, err
	}
	return New(v, c), nil
}

// Vocabulary returns the extractor's vocabulary.
func (e *Extractor) Vocabulary() *Vocabulary { return e.vocab }

// Input is one page to analyse.
type Input struct {
	URL         string
	Site        string // site id for the claims; derived from URL when empty
	ContentType string // the Content-Type header, "" for a file
	Body        []byte // raw bytes, any charset
}

// Result.Analysis values: how completely a page was analysed.
const (
	// AnalysisFull: the whole page was parsed as a tree and analysed.
	AnalysisFull = "full"
	// AnalysisTruncated: a bound was hit (text size, title length, claim
	// cap, time budget); the claims are those of the part analysed.
	AnalysisTruncated = "truncated_analysis"
	// AnalysisTokenizer: the tree parser rejected the page (nesting deeper
	// than 512 elements) and its text was read with the tokenizer.
	AnalysisTokenizer = "tokenizer_fallback"
)

// Result is what one page says.
type Result struct {
	URL    string
	Title  string
	Lang   string // detected language: "en", "es", or the code of a language not analysed
	Role   string // page role (Role* constants)
	Units  int
	Claims []Claim
	Places []string
	People []string

	// Analysis is AnalysisFull, AnalysisTruncated, AnalysisTokenizer or
	// AnalysisNotLanguage (a page in a language the vocabularies do not
	// cover: no claims are read from it)
	// (a truncated page read by the tokenizer is AnalysisTruncated, and
	// the note says both).
	Analysis string
	// AnalysisNote says what was cut or why the tokenizer was used, e.g.
	// "analysed the first 1,048,576 of 7,340,032 bytes of text (text
	// limit); 2,000-claim cap reached"; "" for a full analysis.
	AnalysisNote string
	// TextBytes is the size of the page's visible text (without the
	// title); AnalysedBytes how much of it was analysed; AnalysedUnits how
	// many of its Units were reached.
	TextBytes, AnalysedBytes, AnalysedUnits int

	// Thin is true for an HTML page that shows little text while it ships
	// large scripts or an empty client-side application root: what a
	// reader sees may be built by scripts the crawler does not run (see
	// thin.go).
	Thin bool
}

// AnalysisNotLanguage (Result.Analysis, the analysis field of
// pages.jsonl): the page is in a language the vocabularies do not cover.
const AnalysisNotLanguage = "not_analysed_language"

// Extract analyses one HTML page, or a PDF document (by its media type
// or signature, see IsPDF and pdf.go). A page that trips a bug in the
// extractor returns an error naming the URL instead of crashing the scan.
func (e *Extractor) Extract(in Input) (Result, error) {
	return e.ExtractContext(context.Background(), in)
}

// ExtractContext is Extract that stops between sentences when ctx is done,
// returning ctx's error.
func (e *Extractor) ExtractContext(ctx context.Context, in Input) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = Result{}, fmt.Errorf("extract %s: internal error: %v", in.URL, r)
		}
	}()
	return e.extract(ctx, in)
}

func (e *Extractor) extract(ctx context.Context, in Input) (Result, error) {
	start := time.Now()
	if IsPDF(in.ContentType, in.Body) {
		return e.extractPDF(ctx, in, start)
	}
	body, err := DecodeHTML(in.Body, in.ContentType)
	if err != nil {
		return Result{}, fmt.Errorf("decode %s: %w", in.URL, err)
	}
	doc, err := ParseHTML(body)
	if err != nil {
		return Result{}, fmt.Errorf("parse %s: %w", in.URL, err)
	}
	res, err := e.analyse(ctx, in, doc, start)
	if err == nil {
		res.Thin = isThin(body, res.TextBytes)
	}
	return res, err
}

// analyse finds the claims in a document's units (an HTML page's, or a
// PDF's, whose units carry their page numbers).
func (e *Extractor) analyse(ctx context.Context, in Input, doc Doc, start time.Time) (Result, error) {
	site := in.Site
	if site == "" {
		site = siteOf(in.URL)
	}
	var notes []string
	if doc.Fallback != "" {
		notes = append(notes, "parsed with the tokenizer ("+doc.Fallback+")")
	}
	truncated := false
	if n := utf8.RuneCountInString(doc.Title); n > maxTitle {
		doc.Title = cutRunes(doc.Title, maxTitle-1) + "…"
		truncated = true
		notes = append(notes, fmt.Sprintf("title cut to %s of %s characters", thousands(maxTitle), thousands(n)))
	}
	res := Result{URL: in.URL, Title: doc.Title, Units: len(doc.Units)}
	units, textBytes, textCut := capText(doc.Units, e.MaxText)
	res.TextBytes = textBytes
	var all strings.Builder
	all.WriteString(doc.Title)
	for _, u := range units {
		all.WriteByte('\n')
		all.WriteString(u.Text)
	}
	pageFolded := fold(all.String()).text
	res.Lang = detectLang(doc.Lang, sampleText(doc.Title, units))
	res.Analysis = AnalysisFull
	if !analysedLang(res.Lang) {
		// Read as if English, a German page yields nonsense; it is listed instead.
		res.Role = pageRole(in.URL, doc, nil)
		res.Analysis = AnalysisNotLanguage
		res.AnalysisNote = "page language " + LanguageName(res.Lang) + ": the vocabularies cover " + coveredLanguages()
		return res, nil
	}
	// The page's currency context costs a dozen scans of the page, so it is
	// built only if a sentence holds an amount of money.
	pctx := sync.OnceValue(func() priceContext { return newPriceContext(res.Lang, pageFolded) })

	if doc.Title != "" {
		units = append([]Unit{{Kind: UnitTitle, Text: doc.Title}}, units...)
	}
	var candidates []string
	hsctPage := false
	seen := map[string]bool{}
	capHit, outOfTime, matchCapped := false, false, false
	sents := newSentences(units)
	s, ok := sents.next()
	for ok {
		if err := ctx.Err(); err != nil {
			return Result{}, fmt.Errorf("extract %s: %w", in.URL, err)
		}
		if e.Budget > 0 && time.Since(start) > e.Budget {
			outOfTime = true
			break
		}
		nextS, more := sents.next()
		claims, capped := e.sentenceClaims(s, res.Lang, pctx)
		matchCapped = matchCapped || capped
		if more && strings.HasSuffix(strings.TrimSpace(s.text), "?") && answeredNo.MatchString(fold(nextS.text).text) {
			// "Do you use embryonic stem cells?" "No." names what the page
			// denies. In "Is PRP a stem cell treatment?" the answer denies
			// the predicate, not the subject.
			subject := ""
			if m := copulaQuestion.FindStringSubmatch(fold(s.text).text); m != nil {
				subject = m[1]
			}
			for i := range claims {
				if claims[i].Kind != KindCondition && claims[i].Kind != KindCellType {
					continue
				}
				if subject != "" && strings.HasPrefix(fold(claims[i].Text).text, subject) {
					subject = ""
					continue
				}
				claims[i].Negated = true
			}
		}
		claims = subsumeClasses(claims, s.text)
		for _, c := range claims {
			if c.Kind == KindCellType && c.ID == "hsct" && !c.Negated {
				hsctPage = true
			}
		}
		for _, c := range claims {
			// A sentence repeated on the page (menus, footers) counts once;
			// the cap counts distinct claims.
			if k := claimKey(c); !seen[k] {
				if e.MaxClaims > 0 && len(res.Claims) >= e.MaxClaims {
					capHit = true
					break
				}
				seen[k] = true
				c.Site, c.URL = site, in.URL
				c.Unit, c.UnitKind, c.PDFPage = s.ui, s.unit.Kind, s.unit.Page
				c.Subject = s.unit.Kind == UnitTitle || s.unit.Kind == UnitHeading && s.unit.Text == doc.Meta.H1
				res.Claims = append(res.Claims, c)
			}
		}
		if e.Entities && len(candidates) < maxNERSentences && nerCandidate(s.text) {
			candidates = append(candidates, s.text)
		}
		sents.done(s)
		if capHit {
			break
		}
		s, ok = nextS, more
	}
	res.AnalysedUnits, res.AnalysedBytes = sents.analysed(doc.Title != "")
	if hsctPage {
		// On a page about blood-forming stem-cell transplants, a bare "stem
		// cell transplant" is one of them, and bare "bone marrow" is where
		// the graft comes from, not a marrow concentrate.
		about := transplantSubject(res.Claims)
		for i, c := range res.Claims {
			t := fold(c.Text).text
			if c.Kind == KindCellType && (c.ID == "unspecified" && hsctCell(c, about) || c.ID == "bone-marrow" && bareMarrow[t]) {
				res.Claims[i].ID, res.Claims[i].Label = "hsct", e.vocab.cellByID["hsct"].Label
			}
		}
		res.Claims = dedupeClaims(res.Claims) // relabelling can make two claims one
	}
	res.Role = pageRole(in.URL, doc, res.Claims)
	for i := range res.Claims {
		res.Claims[i].PageRole = res.Role
	}
	if e.Entities && len(candidates) > 0 {
		res.Places, res.People = e.entities(candidates)
	}

	if textCut || capHit || outOfTime {
		truncated = true
		what := fmt.Sprintf("analysed the first %s of %s bytes of text", thousands(res.AnalysedBytes), thousands(res.TextBytes))
		switch {
		case outOfTime:
			what += fmt.Sprintf(" (%v time budget ran out after %s of %s units)", e.Budget, thousands(res.AnalysedUnits), thousands(res.Units))
		case capHit:
			what += fmt.Sprintf(" (%s-claim cap reached)", thousands(e.MaxClaims))
		default:
			what += fmt.Sprintf(" (%s-byte text limit)", thousands(e.MaxText))
		}
		notes = append(notes, what)
	}
	if matchCapped {
		truncated = true
		notes = append(notes, fmt.Sprintf("a sentence had more than %d matches of one pattern; the rest were dropped", maxMatches))
	}
	res.AnalysisNote = strings.Join(notes, "; ")
	switch {
	case truncated:
		res.Analysis = AnalysisTruncated
	case doc.Fallback != "":
		res.Analysis = AnalysisTokenizer
	default:
		res.Analysis = AnalysisFull
	}
	return res, nil
}

// capText returns the units within the first max bytes of text (the unit
// that crosses the limit is cut at a character boundary), the text size of
// all units, and whether any text was left out. max <= 0 keeps everything.
func capText(units []Unit, max int) ([]Unit, int, bool) {
	total := 0
	for _, u := range units {
		total += len(u.Text)
	}
	if max <= 0 || total <= max {
		return units, total, false
	}
	var out []Unit
	n := 0
	for _, u := range units {
		if n+len(u.Text) > max {
			cut := max - n
			for cut > 0 && !utf8.RuneStart(u.Text[cut]) {
				cut--
			}
			if cut > 0 {
				u.Text = u.Text[:cut]
				out = append(out, u)
			}
			break
		}
		n += len(u.Text)
		out = append(out, u)
	}
	return out, total, true
}

// cutRunes returns the first n runes of s.
func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// thousands formats n with commas: 1048576 -> "1,048,576".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// sentence is a sentence (or list item, row, heading) and where it came from.
type sentence struct {
	text string
	unit Unit
	end  int // byte offset in unit.Text where the sentence ends
	ui   int // index of the unit (set by sentenceIter)
}

// longUnit is the size above which a unit is split into sentences;
// shorter units (list items, headings, cells) are taken whole.
const longUnit = 160

// maxSentence is the longest sentence, in characters, that is matched and
// quoted as one. A longer one (a run of links or prices with no full stop,
// a paragraph without punctuation) is split into pieces of at most this
// many characters, cut after a comma, semicolon or bar where there is one,
// else at a space; each piece is matched on its own and quoted with "…"
// where it was cut, so what a page's claims quote is linear in the page.
// The longest sentence in the labelled corpora is 356 characters.
const maxSentence = 500

var sentenceEnd = regexp.MustCompile(`[.!?…]["'”»)]?\s`)

// punkt is prose's sentence segmenter: the Punkt model of
// gopkg.in/neurosnap/sentences with its English training data, which
// prose/v2 wraps. prose/v2 rebuilds it on every NewDocument call (92% of
// extraction time in BenchmarkSegment); here it is built once and shared.
// Tokenize only reads the trained model, so sharing it is safe
// (TestSegmentConcurrent runs it under -race).
var punkt = sync.OnceValues(func() (*sentences.DefaultSentenceTokenizer, error) {
	return english.NewSentenceTokenizer(nil)
})

// segment splits units into sentences. Units are never merged: web pages
// put headings and list items on their own lines without full stops.
func segment(units []Unit) []sentence {
	out := make([]sentence, 0, len(units))
	for _, u := range units {
		out = append(out, segmentUnit(u)...)
	}
	return out
}

// segmentUnit splits one unit into sentences of at most maxSentence
// characters.
func segmentUnit(u Unit) []sentence {
	tok, err := punkt()
	if err != nil || len(u.Text) <= longUnit || !sentenceEnd.MatchString(u.Text) {
		return splitLong(nil, u.Text, 0, u)
	}
	var out []sentence
	for _, s := range tok.Tokenize(u.Text) {
		if t := strings.TrimSpace(u.Text[s.Start:s.End]); t != "" {
			out = splitLong(out, t, s.End-len(t), u)
		}
	}
	return out
}

// splitLong appends text (which starts at byte off of u.Text) to out as one
// sentence, or as pieces of at most maxSentence characters marked "…"
// where they were cut.
func splitLong(out []sentence, text string, off int, u Unit) []sentence {
	if len(text) <= maxSentence || utf8.RuneCountInString(text) <= maxSentence {
		return append(out, sentence{text: text, unit: u, end: off + len(text)})
	}
	const room = maxSentence - 2 // for the ellipses
	for i := 0; i < len(text); {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i == len(text) {
			break
		}
		j := i
		for n := 0; j < len(text) && n < room; n++ {
			_, size := utf8.DecodeRuneInString(text[j:])
			j += size
		}
		cut := j
		if j < len(text) {
			cut = -1
			lo := i + (j-i)/2
			for k := j - 1; k > lo; k-- {
				if text[k] == ' ' && strings.IndexByte(",;|", text[k-1]) >= 0 {
					cut = k
					break
				}
			}
			if cut < 0 {
				if k := strings.LastIndexByte(text[lo:j], ' '); k > 0 {
					cut = lo + k
				} else {
					cut = j
				}
			}
		}
		piece := strings.TrimSpace(text[i:cut])
		if i > 0 {
			piece = "…" + piece
		}
		if cut < len(text) {
			piece += "…"
		}
		out = append(out, sentence{text: piece, unit: u, end: off + cut})
		i = cut
	}
	return out
}

// sentenceIter yields the sentences of units one unit at a time, so that
// the time budget and ctx are checked before a unit is segmented, and
// counts how much of the units was analysed.
type sentenceIter struct {
	units   []Unit
	ui      int        // next unit to segment
	pending []sentence // sentences of unit ui-1 not yet yielded
	// progress: units before doneUnit are finished; doneEnd bytes of
	// unit doneUnit were analysed.
	doneUnit, doneEnd int
	doneBytes         int  // text bytes of the finished units
	any               bool // a sentence was analysed
}

func newSentences(units []Unit) *sentenceIter { return &sentenceIter{units: units} }

func (it *sentenceIter) next() (sentence, bool) {
	for len(it.pending) == 0 {
		if it.ui >= len(it.units) {
			return sentence{}, false
		}
		it.pending = segmentUnit(it.units[it.ui])
		for i := range it.pending {
			it.pending[i].ui = it.ui
		}
		it.ui++
	}
	s := it.pending[0]
	it.pending = it.pending[1:]
	return s, true
}

// done records that sentence s, and everything before it, was analysed.
func (it *sentenceIter) done(s sentence) {
	for it.doneUnit < s.ui {
		it.doneBytes += len(it.units[it.doneUnit].Text)
		it.doneUnit++
		it.doneEnd = 0
	}
	it.doneEnd, it.any = s.end, true
}

// analysed returns the units reached and the bytes of text analysed; the
// title, when skipTitle, is the first unit and not counted.
func (it *sentenceIter) analysed(skipTitle bool) (units, bytes int) {
	if it.any {
		units, bytes = it.doneUnit+1, it.doneBytes+it.doneEnd
	}
	if skipTitle && units > 0 {
		units--
		if it.doneUnit == 0 {
			bytes = 0
		} else {
			bytes -= len(it.units[0].Text)
		}
	}
	return units, bytes
}

// maxMatches bounds the matches of one cue pattern, and the amounts of
// money, read in one sentence.
const maxMatches = 100

// sentenceClaims finds the conditions, cell types, cues and prices in one
// sentence, and reports whether a pattern had more than maxMatches
// matches (the rest are dropped).
func (e *Extractor) sentenceClaims(s sentence, lang string, pctx func() priceContext) ([]Claim, bool) {
	capped := false
	f := fold(s.text)
	toks := tokenize(f.text)
	orig := func(t token) string { return f.span(t.start, t.end) }
	var out []Claim
	base := Claim{Sentence: s.text, Lang: lang}
	var starts []int // byte offset of each claim's mention, for tissueSources
	inHarmList := harmList(s.unit)
	for _, h := range absorbGeneric(e.m.find(toks, orig, lang), toks) {
		if h.kind == KindCellType && tCellTherapy(f.text[:toks[h.from].start]) {
			continue // "CAR T-cell therapy", "NK cell therapy": immune cells, not stem cells
		}
		if h.kind == KindCondition && (inHarmList || harmBefore(f.text[max(0, toks[h.from].start-80):toks[h.from].start])) {
			continue // "complications include graft-versus-host disease": a harm, not a claim (coding rules)
		}
		c := base
		c.Kind, c.ID = h.kind, h.id
		c.Text = f.span(toks[h.from].start, toks[h.to-1].end)
		c.Negated = negatedAt(toks, h.from, lang) && !(h.kind == KindCellType && approvalDenied(f.text[max(0, toks[h.from].start-48):toks[h.from].start])) ||
			h.kind == KindCondition && excludedAfter.MatchString(f.text[toks[h.to-1].end:]) ||
			h.kind == KindCellType && nonPrefixed(f.text[:toks[h.from].start]) // "a non-cell therapy"
		switch h.kind {
		case KindCondition:
			c.Label = e.vocab.condByID[h.id].Label
		case KindCellType:
			c.Label = e.vocab.cellByID[h.id].Label
		}
		out = append(out, c)
		starts = append(starts, toks[h.from].start)
		if h.kind == KindCondition {
			for _, o := range coordinatedOrgans(toks, h.from, h.to, h.id) {
				if o.id != h.id {
					c2 := c
					c2.ID, c2.Label = o.id, e.vocab.condByID[o.id].Label
					c2.Text = f.span(toks[min(o.tok, h.from)].start, toks[max(o.tok+1, h.to)-1].end)
					out = append(out, c2)
					starts = append(starts, toks[h.from].start)
				}
			}
			if h.id == "diabetes" && diabetesTypesRe.MatchString(f.text[toks[h.to-1].end:]) {
				// "diabetes I and II types", "diabetes tipo 1 y 2": both types.
				m := diabetesTypesRe.FindStringIndex(f.text[toks[h.to-1].end:])
				c1 := &out[len(out)-1]
				c1.ID, c1.Label = "type-1-diabetes", e.vocab.condByID["type-1-diabetes"].Label
				c1.Text = f.span(toks[h.from].start, toks[h.to-1].end+m[1])
				c2 := *c1
				c2.ID, c2.Label = "type-2-diabetes", e.vocab.condByID["type-2-diabetes"].Label
				out = append(out, c2)
				starts = append(starts, toks[h.from].start)
			}
		}
		if h.id == "type-1-diabetes" && (coordinatedType2Re.MatchString(fold(c.Text).text) || type2AfterRe.MatchString(f.text[toks[h.to-1].end:])) {
			// "type I and II diabetes" names both types.
			c2 := c
			c2.ID, c2.Label = "type-2-diabetes", e.vocab.condByID["type-2-diabetes"].Label
			out = append(out, c2)
			starts = append(starts, toks[h.from].start)
		}
	}
	out, starts = e.coordinate(out, starts, f, toks, lang) // coord.go: joint lists, organisation names
	out = e.tissueSources(out, starts, f, toks, base, lang)
	for _, cp := range e.cues {
		if cp.Lang != "" && cp.Lang != lang {
			continue
		}
		if !mayMatch(f.text, cp.lits) {
			continue
		}
		locs := cp.Re.FindAllStringIndex(f.text, maxMatches+1)
		if len(locs) > maxMatches {
			locs, capped = locs[:maxMatches], true
		}
		for _, loc := range locs {
			c := base
			c.Kind, c.ID, c.Label = KindCue, cp.ID, CueLabel(cp.ID)
			c.Text = f.span(loc[0], loc[1])
			switch cp.ID {
			case CueCure, CueApproval, CueRegistered, CueSafety, CueSuccessRate, CueTestimonial:
				c.Negated = negatedAt(toks, tokenAt(toks, loc[0]), lang)
			case CueFee:
				i := tokenAt(toks, loc[0])
				fn := wordsFor(lang).feeNegators
				c.Negated = negatedAt(toks, i, lang) || (i > 0 && fn[toks[i-1].norm]) || (i > 1 && fn[toks[i-2].norm] && !toks[i-1].punct)
			}
			out = append(out, c)
		}
	}
	var prices []priceMatch
	if strings.ContainsAny(f.text, "0123456789") {
		var more bool
		prices, more = findPrices(f, pctx)
		capped = capped || more
		prices = dropComparisonColumns(prices, s, f)
	}
	for _, p := range prices {
		c := base
		c.Kind, c.ID, c.Label = KindPrice, "price", "Price"
		c.Text = f.span(p.start, p.end)
		pr := p.Price
		c.Price = &pr
		out = append(out, c)
	}
	if s.unit.Heading != "" && len(out) > 0 {
		// Items under "You cannot take part if you", "Not a candidate if",
		// "Criterios de exclusión" name what the page excludes.
		exclude := (s.unit.Kind == UnitItem || s.unit.Kind == UnitRow) && exclusionHeadingRe.MatchString(fold(s.unit.Heading).text)
		for i := range out {
			out[i].Heading = s.unit.Heading
			if exclude && (out[i].Kind == KindCondition || out[i].Kind == KindCellType) {
				out[i].Negated = true
			}
		}
	}
	return out, capped
}

// exclusionHeadingRe matches (folded) headings of exclusion lists.
var exclusionHeadingRe = withPack(allPacks, `\b(cannot|can't|can not|not eligible|ineligible|exclusion|excluded|exclude|may not (join|take part|participate|enrol)|should not|do not (treat|accept|offer)|don't (treat|accept|offer)|not (a )?(good )?candidates?|not suitable|contraindicat\w*|we do not treat|no (tratamos|atendemos|aceptamos)|no puede[ns]? (participar|recibir)|criterios de exclusion|no es (un )?candidat[oa]|contraindicacion\w*)\b`, "exclusion-heading", `\b`, `\b`)

// copulaQuestion matches "Is PRP a ...?", "¿Es el PRP ...?" and captures
// the first word of the subject.
var copulaQuestion = regexp.MustCompile(`^\W*(?:is|are|es|son|e|sao|ist|sind|est-ce que|czy)\s+(?:el\s+|la\s+|los\s+|las\s+|the\s+|o\s+|a\s+|os\s+|as\s+|der\s+|die\s+|das\s+|le\s+|les\s+)?(\w+)`)

// answeredNo matches a sentence that answers a question with "No".
var answeredNo = withPack(allPacks, `^(?i)\s*(no|nope|usually not|generally not|not usually|rarely|en general,? no|normalmente no|por lo general,? no)\s*[.,!:;—–-]`, "answer-no", `^(?i)\s*`, `\s*(?:[.,!:;]|-\s)`) // a dash with a space after it: not "non-surgical"

// bareMarrow are mentions of marrow as a place rather than a product.
var bareMarrow = map[string]bool{"bone marrow": true, "medula osea": true, "marrow": true, "your own bone marrow": true,
	"medula ossea": true, "knochenmark": true, "moelle osseuse": true, "szpik kostny": true, "szpiku kostnego": true, "szpik": true, "szpiku": true}

// dedupeClaims removes repeated claims: the same mention in the same
// sentence, however often the page repeats it.
func dedupeClaims(cs []Claim) []Claim {
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		if key := claimKey(c); !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

// claimKey identifies a claim for dedupeClaims.
func claimKey(c Claim) string {
	return c.Kind + "\x00" + c.ID + "\x00" + c.Text + "\x00" + c.Sentence + fmt.Sprint(c.Negated)
}

// transplantRe matches the transplant words of a cell-type mention.
var transplantRe = withPack(allPacks, `\b(transplant\w*|trasplante\w*)\b`, "transplant", `\b`, `\w*\b`)

// subsumeClasses drops a generic class named together with the specific
// one it is part of in the same sentence: mesenchymal cells "from
// umbilical cord tissue" are umbilical-cord cells; bone marrow named as
// the starting material of cultured mesenchymal cells is not a
// bone-marrow concentrate.
func subsumeClasses(claims []Claim, sentence string) []Claim {
	has := map[string]bool{}
	for _, c := range claims {
		if c.Kind == KindCellType && !c.Negated {
			has[c.ID] = true
		}
	}
	drop := map[string]bool{}
	if has["mesenchymal"] && (has["umbilical-cord"] || has["cord-blood"] || has["placental-amniotic"]) {
		drop["mesenchymal"] = true
	}
	if has["mesenchymal"] && has["bone-marrow"] && culturedRe.MatchString(fold(sentence).text) {
		drop["bone-marrow"] = true
	}
	if len(drop) == 0 {
		return claims
	}
	out := claims[:0]
	for _, c := range claims {
		if c.Kind == KindCellType && !c.Negated && drop[c.ID] {
			continue
		}
		out = append(out, c)
	}
	return out
}

var culturedRe = withPack(allPacks, `\b(cultured|culture-expanded|expanded|grown|multiplied|cultivad[oa]s?|expandid[oa]s?|multiplicad[oa]s?)\b`, "cultured", `\b`, `\b`)

// feeNegators right before a fee word mean there is no fee: "sin costo",
// "without charge", "free consultation" is still a sales offer, so "free"
// counts only before "of".
var feeNegators = map[string]bool{"sin": true, "without": true, "no": true, "ningun": true, "ninguna": true, "zero": true, "cero": true}

// tokenAt returns the index of the first token starting at or after byte b.
func tokenAt(toks []token, b int) int {
	return sort.Search(len(toks), func(i int) bool { return toks[i].start >= b })
}

var (
	// negators are words that negate what follows them in the same clause.
	negators = map[string]bool{"not": true, "never": true, "nor": true, "cannot": true, "no": true, "unable": true,
		"nunca": true, "ni": true, "tampoco": true, "ningun": true, "ninguna": true, "ningunos": true, "ningunas": true}
	// contracted negators: "don't" tokenises as "don", "t".
	contracted = map[string]bool{"don": true, "doesn": true, "didn": true, "isn": true, "aren": true, "won": true, "can": true, "wasn": true, "weren": true, "shouldn": true}
	// notNegation are words that, right after a negator, show the sentence is
	// not denying what follows: "no more knee pain", "don't let MS stop you".
	notNegation = map[string]bool{"more": true, "longer": true, "let": true, "need": true, "needs": true, "suffer": true,
		// "many people do not know they have diabetes", "no saben que tienen
		// diabetes": not knowing a condition is no denial of treating it.
		"know": true, "knew": true, "realize": true, "realise": true, "notice": true, "saben": true, "sabe": true, "sabian": true, "conocen": true, "notan": true,
		"wait": true, "settle": true, "give": true, "ignore": true, "allow": true, "matter": true, "worry": true,
		"hesitate": true, "miss": true, "only": true, "just": true, "surgery": true, "downtime": true, "doubt": true,
		"mas": true, "solo": true, "deje": true, "dejes": true, "espere": true, "sufra": true, "importa": true, "dude": true}
	// clauseBreak are words that end the reach of a negation.
	clauseBreak = map[string]bool{"but": true, "however": true, "instead": true, "although": true, "while": true,
		"pero": true, "sino": true, "aunque": true, "mientras": true, "sin embargo": true}
)

// excludedAfter matches what follows a mention that excludes it: "patients
// with primary progressive MS are not candidates", "... no son candidatos".
var excludedAfter = withPack(allPacks, `^[^.;:!?]{0,90}?\b(?:(?:are|is) not (?:good |suitable )?(?:candidates?|eligible|suitable)|(?:are|is) (?:excluded|ineligible)|(?:cannot|can't|can not|will not|won't|may not) be (?:taken up|treated|accepted|considered|enrolled|admitted|included)|no (?:son|es|seran|sera) (?:candidat[oa]s?|elegibles?|apt[oa]s?)|no (?:pueden|puede|podran|podra) (?:ser (?:tratad|incluid|aceptad)\w*|participar|recibir))\b`, "excluded-after", `^[^.;:!?]{0,90}?\b`, `\b`)

// negatedAt reports whether the mention starting at token i is negated by
// a negator earlier in the same clause ("we do not treat cancer", "PRP is
// not a stem-cell therapy", "no tratamos el cáncer"), or excluded by what
// follows it ("... with active cancer are not candidates").
func negatedAt(toks []token, i int, lang string) bool {
	return negatedBefore(toks, i, lang)
}

func negatedBefore(toks []token, i int, lang string) bool {
	lw := wordsFor(lang)
	enEs := lang == "en" || lang == "es" || lw.negators == nil
	words, reach, item := 0, 10, 0 // item: words since the last list comma
	for j := i - 1; j >= 0 && words < reach; j-- {
		t := toks[j]
		if lw.clauseBreak[t.norm] {
			return false
		}
		if t.punct {
			// A comma inside a list ("we do not use cells from fat, bone
			// marrow or cord") keeps the negation; elsewhere it ends it.
			if t.norm == "," && listIntroduced(toks, j) {
				// ", such as MS, ALS, or stroke": an example list after the
				// negated phrase belongs to its clause.
				reach += 3
				continue
			}
			if t.norm == "," && inList(toks, j, i, lw.coordinators) {
				// The items of a list do not weaken the negation, however
				// long the list ("not approved for conditions such as
				// multiple sclerosis, amyotrophic lateral sclerosis, ...").
				reach += max(3, item+1)
				item = 0
				continue
			}
			if t.norm == "\"" {
				continue
			}
			if (t.norm == "(" || t.norm == ")") && !(j+1 < i && clauseOpeners[toks[j+1].norm]) {
				// "chronic obstructive pulmonary disease (COPD)", "pulmonary
				// (lung) diseases": a parenthesis inside the clause.
				continue
			}
			return false
		}
		if lw.coordinators[t.norm] && j+1 < i && clauseOpeners[toks[j+1].norm] {
			return false // "... and we do treat autism": a new clause
		}
		words++
		item++
		neg := lw.negators[t.norm]
		if enEs && t.norm == "t" && j > 0 && contracted[toks[j-1].norm] {
			neg = true
		}
		if !neg {
			continue
		}
		if j+1 < i {
			next := toks[j+1].norm
			if lw.notNegation[next] || enEs && next == "live" && j+2 < len(toks) && toks[j+2].norm == "with" {
				return false
			}
		}
		if enEs && t.norm == "no" && lang != "es" && words > 4 && !(clauseStart(toks, j) && hasVerb(toks[j+1:i])) {
			// English "no" is a determiner ("no cancer"), except when it
			// opens a clause about the thing: "No stem cell product is
			// approved to treat autism".
			return false
		}
		return true
	}
	return false
}

// clauseOpeners are words that, right after a comma, open a new clause
// rather than a list item.
var clauseOpeners = wordSet{"we": true, "you": true, "they": true, "it": true, "our": true, "i": true, "he": true, "she": true,
	"this": true, "which": true, "who": true, "but": true, "so": true, "because": true, "nosotros": true, "usted": true,
	"ustedes": true, "pero": true, "que": true, "porque": true, "nuestro": true, "nuestra": true}

// listIntroduced reports whether the comma at toks[c] introduces examples:
// ", such as", ", including", ", like", ", como", ", incluyendo".
func listIntroduced(toks []token, c int) bool {
	next := func(k int) string {
		if c+k < len(toks) && !toks[c+k].punct {
			return toks[c+k].norm
		}
		return ""
	}
	switch next(1) {
	case "including", "like", "incluyendo", "incluidas", "incluidos", "notably":
		return true
	case "such", "tales", "e", "for", "por":
		n2 := next(2)
		return n2 == "as" || n2 == "como" || n2 == "g" || n2 == "example" || n2 == "ejemplo"
	case "como":
		return true
	}
	return false
}

// clauseStart reports whether toks[j] opens a sentence or clause.
func clauseStart(toks []token, j int) bool { return j == 0 || toks[j-1].punct }

// hasVerb reports whether a run of tokens holds a linking or modal verb.
func hasVerb(toks []token) bool {
	for _, t := range toks {
		switch t.norm {
		case "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "exists", "exist", "works", "helps", "cures":
			return true
		}
	}
	return false
}

// inList reports whether the comma at toks[c] separates items of a list
// that runs up to the mention at toks[i] and ends with "or"/"and": a
// coordinator follows the comma before the clause ends.
func inList(toks []token, c, i int, coordinators wordSet) bool {
	if c+1 < len(toks) && clauseOpeners[toks[c+1].norm] {
		return false // ", we treat knees and hips": a new clause, not a list item
	}
	for k := c + 1; k < len(toks) && k < c+32; k++ {
		if toks[k].punct && toks[k].norm != "," && toks[k].norm != "(" && toks[k].norm != ")" {
			return false
		}
		if coordinators[toks[k].norm] {
			return true
		}
	}
	return false
}

// siteOf returns the host of a URL with its port when not the default.
func siteOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host
	}
	return host + ":" + port
}

// nonPrefixed reports whether the text before a mention ends in "non-" or
// "no-": "PRP is a non-cell therapy", "non-stem-cell options".
func nonPrefixed(before string) bool {
	return strings.HasSuffix(before, "non-") || strings.HasSuffix(before, "non ") || strings.HasSuffix(before, "no-")
}

// tCellTherapy reports whether a "cell therapy" mention is of immune cells:
// the text before it ends in "T-", "CAR T ", "NK " ("CAR T-cell therapy").
// CAR-T products are approved for some blood cancers and are not stem-cell
// claims; they are out of the audit's scope.
func tCellTherapy(before string) bool {
	b := strings.TrimRight(before, " -")
	return strings.HasSuffix(b, " t") || strings.HasSuffix(b, "car-t") || strings.HasSuffix(b, "car t") || b == "t" ||
		strings.HasSuffix(b, " nk") || b == "nk"
}
