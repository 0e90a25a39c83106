package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/clinicaudit/clinicaudit/assess"
	"github.com/clinicaudit/clinicaudit/crawler"
	"github.com/clinicaudit/clinicaudit/extract"
)

// Test fixtures: a fake scan of six sites, built here so the tests depend
// only on the upstream types, not on crawler, extract or assess logic.

var fixtureStart = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)

func fixtureScan() Scan {
	return Scan{
		Tool:       "clinicaudit",
		Version:    "0.1.0-test",
		StartedAt:  fixtureStart,
		FinishedAt: fixtureStart.Add(7 * time.Minute),
		Evidence: Evidence{Source: "built-in", SHA256: "9f2c4e0a1b3d5f7e9a1c3e5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d",
			Date: "2026-10-01", Rows: 14},
		Seeds:    []string{"http://127.0.0.1:41233/", "http://127.0.0.1:41234/"},
		Options:  Options{MaxPages: 200, MaxDepth: 4, Delay: "1s", Sites: 32, Timeout: "20s", UserAgent: crawler.DefaultUserAgent},
		Totals:   Totals{Sites: 6, Unreachable: 1, Pages: 31, FetchErrors: 3, Claims: 120, Findings: 12},
		Complete: true,
	}
}

const (
	citeT1D   = "Smith J, Lee K, et al. Mesenchymal stem cells for type 1 diabetes: a systematic review and meta-analysis. Diabetes Care 2021;44(6):1234-1245. doi:10.2337/dc20-2560"
	citeMS    = "Cohen JA, et al. Autologous mesenchymal stem cells in multiple sclerosis: phase 2 trial. Lancet Neurol 2023. https://doi.org/10.1016/S1474-4422(23)00001-1"
	citeFDA   = "US FDA. Important patient and consumer information about regenerative medicine therapies. https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/important-patient-and-consumer-information-about-regenerative-medicine-therapies"
	citeEye   = "Kuriyan AE, et al. Vision loss after intravitreal injection of autologous adipose tissue-derived stem cells for AMD. N Engl J Med 2017;376:1047-1053. PMID: 28296617"
	citeOsteo = "Paid stem-cell treatments outside trials: International Society for Stem Cell Research guidelines 2021."
)

func quote(site, path, sentence string, n int) assess.Quote {
	return assess.Quote{
		URL:          "http://" + site + path,
		Sentence:     sentence,
		CapturedAt:   fixtureStart.Add(time.Duration(n) * time.Second).Format(time.RFC3339),
		WARCRecordID: fmt.Sprintf("<urn:uuid:6a1f0c2e-0000-4000-8000-%012d>", n),
	}
}

func flag(id string, s assess.Severity, reason string) assess.Flag {
	return assess.Flag{ID: id, Severity: s, Reason: reason}
}

func usd(text string, amount, amountMax float64, per, qual, url string) assess.PriceRef {
	return assess.PriceRef{Text: text, Amount: amount, AmountMax: amountMax, Currency: "USD", Per: per, Qualifier: qual, URL: url}
}

// typicalSite is a clinic with 8 findings and 20 quotes.
func typicalSite() Site {
	const id = "127.0.0.1:41233"
	q := func(path, s string, n int) assess.Quote { return quote(id, path, s, n) }
	pMS := usd("$12,500", 12500, 0, "treatment", "", "http://"+id+"/prices")
	pPkg := usd("from US$5k", 5000, 0, "", "from", "http://"+id+"/prices")
	pRange := usd("$18,000 - $25,000", 18000, 25000, "package", "", "http://"+id+"/prices")
	unproven := func(cond string) assess.Flag {
		return flag(assess.FlagUnprovenPaid, assess.High, "The site charges for "+cond+" treatment with umbilical-cord MSCs; the evidence table records this use as investigational, with no approval.")
	}
	findings := []assess.Finding{
		{Condition: "multiple-sclerosis", ConditionLabel: "Multiple sclerosis", CellTypes: []string{"umbilical-msc", "adipose-svf"},
			Prices: []assess.PriceRef{pMS, pRange}, Status: assess.Investigational,
			EvidenceSummary: "Small phase 1/2 trials of mesenchymal stem cells in multiple sclerosis show safety signals but no proven benefit; no product is approved.",
			Citations:       []string{citeMS, citeFDA},
			Flags:           []assess.Flag{unproven("multiple sclerosis"), flag(assess.FlagCureClaim, assess.Medium, "The site says the treatment can reverse multiple sclerosis.")},
			Severity:        assess.High,
			Quotes: []assess.Quote{
				q("/conditions/multiple-sclerosis", "Our umbilical cord stem cell protocol can reverse the damage caused by multiple sclerosis.", 1),
				q("/prices", "Multiple sclerosis treatment: $12,500 per treatment, all inclusive.", 2),
				q("/prices", "Comprehensive neurological packages range from $18,000 - $25,000.", 3),
			}},
		{Condition: "type-1-diabetes", ConditionLabel: "Type 1 diabetes", CellTypes: []string{"umbilical-msc"},
			Prices: []assess.PriceRef{pPkg}, Status: assess.NoClinicalEvidence,
			EvidenceSummary: "A 2021 meta-analysis found no lasting insulin independence after MSC infusion in type 1 diabetes; β-cell replacement by stem cells is experimental.",
			Citations:       []string{citeT1D},
			Flags:           []assess.Flag{unproven("type 1 diabetes"), flag(assess.FlagCureClaim, assess.Medium, "The site says patients can stop insulin.")},
			Severity:        assess.High,
			Quotes: []assess.Quote{
				q("/conditions/diabetes", "Many of our type 1 diabetes patients reduce or stop insulin after a single infusion.", 4),
				q("/conditions/diabetes", "Stem cells regenerate the pancreatic β-cells that produce insulin.", 5),
				q("/prices", "Diabetes protocols from US$5k.", 6),
			}},
		{Condition: "autism", ConditionLabel: "Autism spectrum disorder", CellTypes: []string{"umbilical-msc"},
			Prices: []assess.PriceRef{pPkg}, Status: assess.NoClinicalEvidence,
			EvidenceSummary: "No controlled trial shows benefit of stem cells for autism.",
			Citations:       []string{citeFDA},
			Flags:           []assess.Flag{unproven("autism")},
			Severity:        assess.High,
			Quotes: []assess.Quote{
				q("/conditions/autism", "Children with autism show improved speech and eye contact within weeks.", 7),
				q("/testimonials", "After treatment our son started talking again - thank you Regenera!", 8),
			}},
		{Condition: "macular-degeneration", ConditionLabel: "Age-related macular degeneration", CellTypes: []string{"adipose-svf"},
			Status:          assess.HarmDocumented,
			EvidenceSummary: "Intravitreal injections of adipose-derived cells caused severe vision loss in three patients.",
			Citations:       []string{citeEye},
			Flags:           []assess.Flag{flag(assess.FlagHarmDocumented, assess.High, "The site offers eye injections of fat-derived cells, a treatment with documented serious harm.")},
			Severity:        assess.High,
			Quotes: []assess.Quote{
				q("/conditions/eyes", "We inject your own fat-derived stem cells directly into the eye to restore vision.", 9),
				q("/conditions/eyes", "Macular degeneration patients travel to us from all over the world.", 10),
			}},
		{Condition: "", ConditionLabel: "", Status: assess.Unknown,
			Flags:    []assess.Flag{flag(assess.FlagApprovalClaim, assess.High, "The site says its laboratory is FDA registered, which implies an approval the evidence table does not record.")},
			Severity: assess.High, Citations: []string{citeFDA},
			EvidenceSummary: "FDA registration of a tissue establishment is not approval of any treatment.",
			Quotes: []assess.Quote{
				q("/about", "All cells are processed in our FDA registered laboratory.", 11),
				q("/faq", "Is the treatment approved? Our lab is FDA registered and COFEPRIS approved.", 12),
			}},
		{Condition: "", Status: assess.Unknown,
			Flags:    []assess.Flag{flag(assess.FlagSafetyClaim, assess.Medium, "The site says the treatment has no side effects.")},
			Severity: assess.Medium,
			Quotes: []assess.Quote{
				q("/faq", "Because they are your own cells, there are no side effects and no risk of rejection.", 13),
				q("/treatment", "The procedure is 100% safe.", 14),
			}},
		{Condition: "", Status: assess.Unknown,
			Flags:    []assess.Flag{flag(assess.FlagOneCureForAll, assess.Medium, "The same umbilical-cord product is offered for 11 unrelated conditions.")},
			Severity: assess.Medium,
			Quotes: []assess.Quote{
				q("/conditions", "We treat autism, MS, diabetes, COPD, arthritis, lupus, Parkinson's and more.", 15),
				q("/conditions", "One protocol, dozens of conditions.", 16),
			}},
		{Condition: "", Status: assess.Unknown,
			Flags:    []assess.Flag{flag(assess.FlagTestimonials, assess.Low, "The site presents patient stories as evidence that the treatment works.")},
			Severity: assess.Low,
			Quotes: []assess.Quote{
				q("/testimonials", "Read what our 3,000 happy patients say.", 17),
				q("/testimonials", "I walked again after two weeks! - Maria, Texas", 18),
				q("/testimonials", "Five stars, life changing.", 19),
				q("/", "Join thousands of patients who got their life back.", 20),
			}},
	}
	for i := range findings {
		findings[i].Site = id
	}
	claims := []extract.Claim{
		{Site: id, Kind: extract.KindCondition, ID: "multiple-sclerosis", Label: "Multiple sclerosis"},
		{Site: id, Kind: extract.KindCondition, ID: "type-1-diabetes", Label: "Type 1 diabetes"},
		{Site: id, Kind: extract.KindCondition, ID: "autism", Label: "Autism spectrum disorder"},
		{Site: id, Kind: extract.KindCondition, ID: "macular-degeneration", Label: "Age-related macular degeneration"},
		{Site: id, Kind: extract.KindCondition, ID: "cancer", Label: "Cancer", Negated: true, Sentence: "We do not treat cancer."},
		{Site: id, Kind: extract.KindCellType, ID: "umbilical-msc", Label: "Umbilical cord (Wharton's jelly) MSCs"},
		{Site: id, Kind: extract.KindCellType, ID: "adipose-svf", Label: "Adipose-derived (SVF)"},
		{Site: id, Kind: extract.KindPrice, ID: "price", Text: "$12,500", Price: &extract.Price{Amount: 12500, Currency: "USD", Per: "treatment"}},
		{Site: id, Kind: extract.KindPrice, ID: "price", Text: "from US$5k", Price: &extract.Price{Amount: 5000, Currency: "USD", Qualifier: "from"}},
		{Site: id, Kind: extract.KindPrice, ID: "price", Text: "$18,000 - $25,000", Price: &extract.Price{Amount: 18000, AmountMax: 25000, Currency: "USD", Per: "package"}},
	}
	var pages []Page
	for i, p := range []string{"/", "/about", "/conditions", "/conditions/multiple-sclerosis", "/conditions/diabetes",
		"/conditions/autism", "/conditions/eyes", "/treatment", "/prices", "/faq", "/testimonials"} {
		pages = append(pages, Page{Page: crawler.Page{Site: id, URL: "http://" + id + p, Status: 200, FetchedAt: fixtureStart.Add(time.Duration(i) * time.Second)}})
	}
	pages = append(pages,
		Page{Page: crawler.Page{Site: id, URL: "http://" + id + "/old-page", Status: 404, Error: crawler.ErrHTTP4xx}},
		Page{Page: crawler.Page{Site: id, URL: "http://" + id + "/private/patient-results", Error: crawler.ErrRobots}},
		Page{Page: crawler.Page{Site: id, URL: "http://" + id + "/it/", Status: 200}, Lang: "it", Analysis: extract.AnalysisNotLanguage},
		Page{Page: crawler.Page{Site: id, URL: "http://" + id + "/de/", Status: 200}, Lang: "de", Analysis: extract.AnalysisFull})
	return Site{
		SiteResult: crawler.SiteResult{Site: crawler.Site{ID: id, Name: "Regenera Stem Cell Institute", Seed: "http://" + id + "/"},
			Pages: len(pages), Fetched: 11, Errors: 1, Robots: 1},
		Pages: pages, Claims: claims, Findings: findings,
		Places: []string{"Tijuana", "Baja California", "Mexico"},
		People: []string{"Dr. Alan Reyes"},
	}
}

// spanishSite states its claims and prices in Spanish, in euros and pesos.
func spanishSite() Site {
	const id = "127.0.0.1:41234"
	q := func(path, s string, n int) assess.Quote { return quote(id, path, s, n) }
	eur := assess.PriceRef{Text: "7.500 €", Amount: 7500, Currency: "EUR", Per: "tratamiento", URL: "http://" + id + "/precios"}
	mxn := assess.PriceRef{Text: "$95,000 MXN", Amount: 95000, Currency: "MXN", URL: "http://" + id + "/precios"}
	f := []assess.Finding{
		{Site: id, Condition: "osteoarthritis", ConditionLabel: "Osteoarthritis", CellTypes: []string{"bone-marrow-msc"},
			Prices: []assess.PriceRef{eur, mxn}, Status: assess.Investigational,
			EvidenceSummary: "Trials of bone-marrow MSC injections for knee osteoarthritis show no clinically meaningful benefit over placebo.",
			Citations:       []string{citeOsteo, "doi:10.1136/bmj-2024-078392"},
			Flags:           []assess.Flag{flag(assess.FlagUnprovenPaid, assess.High, "El sitio cobra 7.500 € por un tratamiento de artrosis con células madre, un uso no aprobado.")},
			Severity:        assess.High,
			Quotes: []assess.Quote{
				q("/artrosis", "Tratamos la artrosis de rodilla con células madre de médula ósea: recupere la movilidad sin cirugía.", 30),
				q("/precios", "El tratamiento completo cuesta 7.500 € o $95,000 MXN, con financiación disponible.", 31),
			}},
		{Site: id, Condition: "type-2-diabetes", ConditionLabel: "Type 2 diabetes", CellTypes: []string{"bone-marrow-msc"},
			Prices: []assess.PriceRef{eur}, Status: assess.NoClinicalEvidence,
			EvidenceSummary: "No randomised trial shows lasting benefit; β-cell function did not recover.",
			Citations:       []string{citeT1D},
			Flags:           []assess.Flag{flag(assess.FlagCureClaim, assess.Medium, "El sitio afirma que las células madre regeneran las células β del páncreas.")},
			Severity:        assess.Medium,
			Quotes: []assess.Quote{
				q("/diabetes", "Las células madre regeneran las células β del páncreas y reducen la insulina en un 80 %.", 32),
			}},
	}
	return Site{
		SiteResult: crawler.SiteResult{Site: crawler.Site{ID: id, Name: "Clínica Células Madre Cancún", Seed: "http://" + id + "/"},
			Pages: 7, Fetched: 7},
		Claims: []extract.Claim{
			{Kind: extract.KindCondition, ID: "osteoarthritis", Label: "Osteoarthritis", Lang: "es"},
			{Kind: extract.KindCondition, ID: "type-2-diabetes", Label: "Type 2 diabetes", Lang: "es"},
			{Kind: extract.KindCondition, ID: "cancer", Label: "Cancer", Negated: true, Lang: "es"},
			{Kind: extract.KindCellType, ID: "bone-marrow-msc", Label: "Bone marrow MSCs", Lang: "es"},
			{Kind: extract.KindPrice, Text: "7.500 €", Price: &extract.Price{Amount: 7500, Currency: "EUR", Per: "tratamiento"}},
			{Kind: extract.KindPrice, Text: "$95,000 MXN", Price: &extract.Price{Amount: 95000, Currency: "MXN"}},
			{Kind: extract.KindPrice, Text: "$3,200", Price: &extract.Price{Amount: 3200, CurrencyNote: "$ on a Mexican site: USD or MXN"}},
		},
		Findings: f,
		Places:   []string{"Cancún", "Quintana Roo"},
		People:   []string{"Dra. María José Peña"},
		OtherPrices: []assess.PriceRef{{Text: "$3,200", Amount: 3200, URL: "http://" + id + "/hotel",
			Why: "the price of another service or item"}},
	}
}

// hostileSite carries every kind of text that could break a renderer.
func hostileSite() Site {
	const id = "xn--clnica-hostil-7ob.example"
	longWord := strings.Repeat("Supercalifragilistic", 30)
	longURL := "http://" + id + "/" + strings.Repeat("very-long-path-segment/", 60) + "page?utm_source=" + strings.Repeat("x", 300) + "&q=%E2%9C%93"
	hostile := "Results 🌟 guaranteed 😀 治疗糖尿病 عربى עברית \u202Eevil\u202C zero\u200Bwidth soft\u00ADhyphen bell\x07 nul\x00 tab\there e\u0301 ❤️ 👨‍👩‍👧"
	return Site{
		SiteResult: crawler.SiteResult{Site: crawler.Site{ID: id, Name: "Clínica 🌟 Hostil 干细胞 " + longWord, Seed: longURL},
			Pages: 3, Fetched: 2, Errors: 1},
		Pages: []Page{{Page: crawler.Page{URL: longURL, Status: 200}}, {Page: crawler.Page{URL: "http://" + id + "/x", Error: "weird\x00class " + longWord}}},
		Claims: []extract.Claim{
			{Kind: extract.KindCondition, ID: "x", Label: hostile},
			{Kind: extract.KindCellType, ID: "y", Label: longWord},
			{Kind: extract.KindPrice, Text: "💰", Price: &extract.Price{Amount: 1e12, Currency: "US\x00D😀"}},
		},
		Places: []string{"東京", hostile},
		People: []string{longWord},
		Findings: []assess.Finding{{
			Site: id, Condition: "x", ConditionLabel: hostile + " " + longWord,
			CellTypes:       []string{longWord, hostile},
			Prices:          []assess.PriceRef{{Text: "💰" + longWord, Amount: 1e12, Currency: "US\x00D😀", Per: hostile}},
			Status:          "made-up-status 🌟",
			EvidenceSummary: hostile + " " + longWord,
			Citations:       []string{"javascript:alert(1)", longURL, hostile, "doi:10.1000/" + longWord},
			Flags: []assess.Flag{
				flag(assess.FlagUnprovenPaid, assess.High, hostile+" "+longWord),
				flag("unknown-flag-😀-"+longWord, "bogus", hostile),
			},
			Severity: assess.High,
			Quotes: []assess.Quote{
				{URL: longURL, Sentence: hostile + " " + longWord + " " + strings.Repeat("blah ", 400), CapturedAt: "not a time 😀", WARCRecordID: hostile},
				{URL: "javascript:alert('x')", Sentence: "Results 🌟 guaranteed 😀"},
				{URL: "http://" + id + "/ok", Sentence: "\x00\x01\x02"},
			},
		}},
	}
}

// hospitalSite is a negative control: approved uses only.
func hospitalSite() Site {
	const id = "hospital.example"
	return Site{
		SiteResult: crawler.SiteResult{Site: crawler.Site{ID: id, Name: "City Hospital Blood and Marrow Transplant Program", Seed: "https://hospital.example/bmt"},
			Pages: 5, Fetched: 5},
		Claims: []extract.Claim{
			{Kind: extract.KindCondition, ID: "leukaemia", Label: "Leukaemia"},
			{Kind: extract.KindCellType, ID: "hematopoietic", Label: "Blood-forming (haematopoietic) stem cells"},
		},
		Findings: []assess.Finding{{Site: id, Condition: "leukaemia", ConditionLabel: "Leukaemia",
			CellTypes: []string{"hematopoietic"}, Status: assess.Approved, Severity: assess.None,
			EvidenceSummary: "Blood-stem-cell transplantation is standard care for several blood cancers.",
			Citations:       []string{"Copelan EA. Hematopoietic stem-cell transplantation. N Engl J Med 2006;354:1813-26. doi:10.1056/NEJMra052638"}}},
	}
}

func unreachableSite() Site {
	return Site{SiteResult: crawler.SiteResult{Site: crawler.Site{ID: "gone.example", Name: "Vanished Wellness Center", Seed: "https://gone.example/"},
		Pages: 1, Errors: 1, Unreachable: "dns: no such host"},
		Pages: []Page{{Page: crawler.Page{URL: "https://gone.example/", Error: crawler.ErrDNS}}}}
}

func quietSite() Site {
	return Site{SiteResult: crawler.SiteResult{Site: crawler.Site{ID: "127.0.0.1:41299", Seed: "http://127.0.0.1:41299/"},
		Pages: 2, Fetched: 2}}
}

func fixtureSites() []Site {
	return []Site{typicalSite(), spanishSite(), hostileSite(), hospitalSite(), unreachableSite(), quietSite()}
}
