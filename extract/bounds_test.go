package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTextLimit(t *testing.T) {
	e := testExtractor(t)
	e.Budget = 0 // -race is slow; the budget has its own test
	// A 2 MB line without punctuation, the probe's "20 MB line" scaled down.
	line := strings.Repeat("stem cells for autism and knee pain ", 2<<20/36)
	r := extractBytes(t, e, []byte("<p>"+line+"</p>"))
	if r.TextBytes < 2_000_000 || r.AnalysedBytes > DefaultMaxText || r.AnalysedBytes < DefaultMaxText-maxSentence*4 {
		t.Errorf("analysed %d of %d bytes, want about the first %d", r.AnalysedBytes, r.TextBytes, DefaultMaxText)
	}
	want := fmt.Sprintf("analysed the first %s of %s bytes of text (1,048,576-byte text limit)", thousands(r.AnalysedBytes), thousands(r.TextBytes))
	if r.Analysis != AnalysisTruncated || r.AnalysisNote != want {
		t.Errorf("Analysis %q, note %q; want %q, %q", r.Analysis, r.AnalysisNote, AnalysisTruncated, want)
	}
	for _, c := range r.Claims {
		if utf8.RuneCountInString(c.Sentence) > maxSentence {
			t.Fatalf("quoted sentence of %d characters", utf8.RuneCountInString(c.Sentence))
		}
	}

	// Units after the limit are not read; the one across it is cut.
	e.MaxText = 1000
	page := "<h1>Stem cells for autism</h1>" + strings.Repeat("<p>We offer stem cells for knee pain at our clinic today.</p>", 100) + "<p>Stem cells for multiple sclerosis: $9,000.</p>"
	r = extractBytes(t, e, []byte(page))
	if r.AnalysedBytes > 1000 || r.AnalysedUnits > 20 || r.Units != 102 {
		t.Errorf("analysed %d bytes, %d of %d units; want at most 1,000 bytes, 19 units", r.AnalysedBytes, r.AnalysedUnits, r.Units)
	}
	for _, c := range r.Claims {
		if c.ID == "multiple-sclerosis" || c.Kind == KindPrice {
			t.Errorf("claim %s %q from beyond the text limit", c.ID, c.Text)
		}
	}
}

func TestTitleLimit(t *testing.T) {
	e := testExtractor(t)
	title := strings.Repeat("autism stem cells ", 200000/18) // 199,997 characters without the final space
	r := extractBytes(t, e, []byte("<html><head><title>"+title+"</title></head><body><p>Hello.</p></body></html>"))
	if n := utf8.RuneCountInString(r.Title); n != maxTitle || !strings.HasSuffix(r.Title, "…") {
		t.Errorf("title of %d characters (ends %q), want %d ending in …", n, r.Title[len(r.Title)-10:], maxTitle)
	}
	if r.Analysis != AnalysisTruncated || !strings.Contains(r.AnalysisNote, "title cut to 1,000 of 199,997 characters") {
		t.Errorf("Analysis %q, note %q", r.Analysis, r.AnalysisNote)
	}
	for _, c := range r.Claims {
		if utf8.RuneCountInString(c.Sentence) > maxSentence {
			t.Fatalf("quoted sentence of %d characters", utf8.RuneCountInString(c.Sentence))
		}
	}
}

func TestTimeBudget(t *testing.T) {
	e := testExtractor(t)
	e.Budget = time.Nanosecond // spent before the first sentence
	page := strings.Repeat("<p>Stem cells for autism cost $5,000.</p>", 50)
	r := extractBytes(t, e, []byte(page))
	if r.Analysis != AnalysisTruncated || !strings.Contains(r.AnalysisNote, "1ns time budget ran out after 0 of 50 units") {
		t.Errorf("Analysis %q, note %q", r.Analysis, r.AnalysisNote)
	}
	if r.AnalysedUnits != 0 || r.AnalysedBytes != 0 || len(r.Claims) != 0 {
		t.Errorf("analysed %d units, %d bytes, %d claims after the budget ran out", r.AnalysedUnits, r.AnalysedBytes, len(r.Claims))
	}
	e.Budget = time.Hour
	if r := extractBytes(t, e, []byte(page)); r.Analysis != AnalysisFull || r.AnalysedUnits != 50 || r.AnalysedBytes != r.TextBytes {
		t.Errorf("with time to spare: Analysis %q (%s), %d of 50 units, %d of %d bytes", r.Analysis, r.AnalysisNote, r.AnalysedUnits, r.AnalysedBytes, r.TextBytes)
	}
}

func TestMatchCap(t *testing.T) {
	e := testExtractor(t)
	var b strings.Builder
	for i := 1; i <= 120; i++ {
		fmt.Fprintf(&b, "$%d ", i)
	}
	r := extractBytes(t, e, []byte("<p>"+b.String()+"</p>"))
	if n := len(mentions(r, KindPrice)); n > maxMatches {
		t.Errorf("%d prices from one sentence, want at most %d", n, maxMatches)
	}
	if r.Analysis != AnalysisTruncated || !strings.Contains(r.AnalysisNote, "more than 100 matches of one pattern") {
		t.Errorf("Analysis %q, note %q", r.Analysis, r.AnalysisNote)
	}
}

func TestExtractContextCancelled(t *testing.T) {
	e := testExtractor(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.ExtractContext(ctx, Input{URL: "http://clinic.example/", Body: []byte("<p>Stem cells for autism.</p>")})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ExtractContext with a cancelled context: err %v, want context.Canceled", err)
	}
}

func TestTokenizerFallback(t *testing.T) {
	page := "<html lang=en><head><title>Clinic</title></head><body>" + strings.Repeat("<div>", 600) +
		`<h2>Conditions</h2><ul><li>Autism</li><li>Multiple sclerosis</li></ul>
<p>Stem cells for autism cost $5,000.</p><script>var s = "cancer";</script><div hidden>We treat <b>cancer</b>.</div>
<table><tr><td>Knee</td><td>$4,000</td></tr></table><p>Done <img alt="a smiling patient"> here.</p>`
	doc, err := ParseHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Fallback, "512") {
		t.Errorf("Fallback %q, want the parser's 512-element error", doc.Fallback)
	}
	var got []string
	for _, u := range doc.Units {
		got = append(got, u.Kind+":"+u.Text+"@"+u.Heading)
	}
	want := "heading:Conditions@ / item:Autism@Conditions / item:Multiple sclerosis@Conditions / paragraph:Stem cells for autism cost $5,000.@Conditions / row:Knee | $4,000@Conditions / paragraph:Done@Conditions / alt:a smiling patient@Conditions / paragraph:here.@Conditions"
	if g := strings.Join(got, " / "); g != want || doc.Title != "Clinic" || doc.Lang != "en" {
		t.Errorf("units %q\nwant  %q\ntitle %q lang %q", g, want, doc.Title, doc.Lang)
	}

	r := extractBytes(t, testExtractor(t), []byte(page))
	if r.Analysis != AnalysisTokenizer || !strings.Contains(r.AnalysisNote, "parsed with the tokenizer (html: open stack of elements exceeds 512 nodes)") {
		t.Errorf("Analysis %q, note %q", r.Analysis, r.AnalysisNote)
	}
	if g := strings.Join(mentions(r, KindCondition), " "); g != "autism multiple-sclerosis autism" {
		t.Errorf("conditions %q", g)
	}
	if g := len(mentions(r, KindPrice)); g != 2 {
		t.Errorf("%d prices, want 2", g)
	}
}
