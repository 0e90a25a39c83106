package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// linkPage is a page of n links and no sentence end: the hostile probe's
// page whose claims once quoted the whole run each (output quadratic in n).
// inParagraph puts the links in one <p> between commas and words, where
// links stay inline.
func linkPage(n int, inParagraph bool) []byte {
	var b bytes.Buffer
	b.WriteString("<html><body>")
	if inParagraph {
		b.WriteString("<p>Our pages: ")
	}
	for i := range n {
		fmt.Fprintf(&b, "<a href=/p/%d>stem cell autism $%d</a>", i, i+1)
		if inParagraph {
			b.WriteString(", and ")
		}
	}
	if inParagraph {
		b.WriteString("</p>")
	}
	b.WriteString("</body></html>")
	return b.Bytes()
}

// claimsBytes is the size of a page's claims as JSON Lines.
func claimsBytes(t testing.TB, r Result) int {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, c := range r.Claims {
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	return b.Len()
}

func extractBytes(t testing.TB, e *Extractor, body []byte) Result {
	t.Helper()
	r, err := e.Extract(Input{URL: "http://clinic.example/p", ContentType: "text/html; charset=utf-8", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLinkRunOutputLinear(t *testing.T) {
	e := testExtractor(t)
	e.MaxClaims, e.Budget = 0, 0 // measure the output itself, not the caps
	for _, inParagraph := range []bool{false, true} {
		t.Run(fmt.Sprintf("inParagraph=%v", inParagraph), func(t *testing.T) {
			small := extractBytes(t, e, linkPage(2000, inParagraph))
			large := extractBytes(t, e, linkPage(10000, inParagraph))
			sb, lb := claimsBytes(t, small), claimsBytes(t, large)
			t.Logf("2,000 links: %d claims, %d bytes; 10,000 links: %d claims, %d bytes", len(small.Claims), sb, len(large.Claims), lb)
			if sb == 0 || float64(lb)/float64(sb) > 6 {
				t.Errorf("claims output grew %.1f× for 5× the links (%d → %d bytes), want about 5×", float64(lb)/float64(sb), sb, lb)
			}
			for _, c := range large.Claims {
				if n := utf8.RuneCountInString(c.Sentence); n > maxSentence {
					t.Fatalf("quoted sentence of %d characters, want at most %d: %.80q…", n, maxSentence, c.Sentence)
				}
			}
			if large.Analysis != AnalysisFull {
				t.Errorf("Analysis = %q (%s), want %q", large.Analysis, large.AnalysisNote, AnalysisFull)
			}
		})
	}
}

func TestLinkUnits(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"menu of links", `<nav><a href=/a>Autism</a> | <a href=/b>Multiple sclerosis</a></nav>`, "Autism / Multiple sclerosis"},
		{"bare links in body", `<body><a href=/a>stem cells for autism</a><a href=/b>knee $5,000</a></body>`, "stem cells for autism / knee $5,000"},
		{"link in running text", `<p>We do not treat <a href=/c>cancer</a> at this clinic.</p>`, "We do not treat cancer at this clinic."},
		{"link in a div with text", `<div>We treat <a href=/a>autism</a> and MS.</div>`, "We treat autism and MS."},
		{"label before links", `<div><b>Conditions:</b> <a href=/a>autism</a>, <a href=/b>MS</a></div>`, "Conditions: autism, MS"},
		{"list of links", `<ul><li><a href=/a>Autism</a></li><li>See <a href=/b>MS</a> page</li></ul>`, "Autism / See MS page"},
	}
	for _, tt := range tests {
		doc, err := ParseHTML([]byte(tt.html))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range doc.Units {
			got = append(got, u.Text)
		}
		if g := strings.Join(got, " / "); g != tt.want {
			t.Errorf("%s: units %q, want %q", tt.name, g, tt.want)
		}
	}
}

func TestLongSentenceSplit(t *testing.T) {
	text := strings.Repeat("stem cells for autism, ", 200) // 4,600 characters, no full stop
	sents := segment([]Unit{{Kind: UnitParagraph, Text: text}})
	if len(sents) < 9 {
		t.Fatalf("%d pieces, want at least 9", len(sents))
	}
	for i, s := range sents {
		if n := utf8.RuneCountInString(s.text); n > maxSentence {
			t.Errorf("piece %d has %d characters, want at most %d", i, n, maxSentence)
		}
		if i > 0 && !strings.HasPrefix(s.text, "…") || i < len(sents)-1 && !strings.HasSuffix(s.text, "…") {
			t.Errorf("piece %d lacks the ellipsis where it was cut: %.40q…%q", i, s.text, s.text[len(s.text)-20:])
		}
		if strings.Contains(s.text, "autism, stem") && !strings.Contains(strings.Trim(s.text, "…"), "stem cells for autism,") {
			t.Errorf("piece %d cut inside a phrase: %q", i, s.text)
		}
	}
	short := "We treat autism with stem cells, and the price is $5,000, payable in advance"
	if got := segment([]Unit{{Kind: UnitParagraph, Text: short}}); len(got) != 1 || got[0].text != short {
		t.Errorf("short sentence changed: %+v", got)
	}
}

func TestClaimCap(t *testing.T) {
	e := testExtractor(t)
	e.Budget = 0                                   // under -race on a loaded machine the budget could end the page first
	r := extractBytes(t, e, linkPage(3000, false)) // 9,000 distinct claims
	if len(r.Claims) != DefaultMaxClaims {
		t.Errorf("%d claims, want the cap of %d", len(r.Claims), DefaultMaxClaims)
	}
	if r.Analysis != AnalysisTruncated || !strings.Contains(r.AnalysisNote, "2,000-claim cap reached") {
		t.Errorf("Analysis %q, note %q: want %q with the claim cap named", r.Analysis, r.AnalysisNote, AnalysisTruncated)
	}
	if r.AnalysedUnits >= r.Units || r.AnalysedBytes >= r.TextBytes {
		t.Errorf("analysed %d of %d units, %d of %d bytes: want analysis stopped at the cap", r.AnalysedUnits, r.Units, r.AnalysedBytes, r.TextBytes)
	}
	if !strings.HasPrefix(r.AnalysisNote, fmt.Sprintf("analysed the first %s of %s bytes of text", thousands(r.AnalysedBytes), thousands(r.TextBytes))) {
		t.Errorf("note %q does not say how much was analysed", r.AnalysisNote)
	}
	// A page repeating the same claims (menus, footers) is not capped: the
	// cap counts distinct claims.
	page := "<body>" + strings.Repeat("<p>Stem cells for autism: $5,000.</p>", 5000) + "</body>"
	if r := extractBytes(t, e, []byte(page)); r.Analysis != AnalysisFull || len(r.Claims) != 3 {
		t.Errorf("repeated sentence: %d claims, Analysis %q (%s); want 3, %q", len(r.Claims), r.Analysis, r.AnalysisNote, AnalysisFull)
	}
}
