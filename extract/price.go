package extract

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Price patterns run on folded (lower-case, accent-free) text: "zł" is
// "zl", "R$" is "r$". Thousands are grouped with ".", ",", " ", or "'"
// (Swiss "CHF 4'500"; a curly apostrophe folds to "'").
const (
	curPre = `(?:\bus\$|\bu\$s|\busd|\bmx\$|\bmxn|\bca?\$|\bcad|\ba\$|\baud|\bnz\$|\brd\$|\br\$|\bbrl|\bs/\.?|\bpen\b|\$|€|\beur|£|\bgbp|₹|\brs\.?|\binr|\bcop|¥|\bjpy|฿|\bthb|\bchf|\bsfr\.?|\bfr\.|\bpln|\bzl)`
	// Indian grouping (4,50,000) first, then thousands groups, then plain.
	num    = `(?:\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:[., ']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`
	multEn = `k\b|\s?(?:mil|thousand|million|millones|lakhs?|crores?)\b`
	curSuf = `(?:(?:de\s)?(?:usd|us dollars|u\.s\. dollars|dollars|dolares(?: americanos| estadounidenses)?|mxn|pesos(?: mexicanos| colombianos| argentinos| dominicanos)?|eur|euros?|gbp|pounds|inr|rupees|cad|aud|cop|dop|jpy|yen|thb|baht|chf|soles|nuevos soles` +
		`|brl|reais|pln|zl|zlotych|zloty|zlote|franken|francs? suisses?|fr\.|sfr\.?|mad|aed|dirhams?|tnd|dinars tunisiens)\b|m\.n\.|€|£|円|\$\s?(?:ca|can|cad)\b|\$\B)`
)

// multFor is the multiplier after a number on a page in lang: English and
// Spanish, and that language pack's thousand and million words
// ("Tausend", "tys.", "milhões"). Each pack's words are in its own
// patterns only: one pattern with every language's words ran the money
// pattern at a third of the speed.
func multFor(lang string) string {
	m := multEn
	if alt := wordAlt(lang, "price-multiplier-thousand", "price-multiplier-million"); alt != "" {
		m += `|\s?(?:` + alt + `)(?:\b|\s|$)`
	}
	return `(?:` + m + `)`
}

// packMultipliers map the packs' multiplier words to their factor.
var packMultipliers = func() map[string]float64 {
	m := map[string]float64{}
	for _, w := range packWords(allPacks, "price-multiplier-thousand") {
		m[w] = 1e3
	}
	for _, w := range packWords(allPacks, "price-multiplier-million") {
		m[w] = 1e6
	}
	return m
}()

var (
	// notAskedNear marks an amount that is a saving, a value or a threshold.
	notAskedBefore = regexp.MustCompile(`\b(statt|anstatt|uvp|sie sparen|ersparnis|au lieu de|economisez|vous economisez|zamiast|oszczedzasz|rabat|economize|economia de|desconto de|save|saving|savings|ahorra|ahorre|ahorras|normally|regularly|usually|valued at|worth|orders? (over|above)|purchases? (over|above)|rebate|reintegro|descuento de|descontamos|te descontamos|rebajamos|te ahorras|was)\s*(of\s*)?(approx\.?|about|around|up to|aprox\.?|de)?\s*:?\s*$`)
	notAskedAfter  = regexp.MustCompile(`^\s*(?:(off|value|discount|savings|de descuento|de ahorro|de desconto|rabatu|ersparnis|de reduction|gift|gas card|voucher|rebate)\b|/\s*\d+\s*(ml|g|kg|l|stk|stuck)\b)`)
	participantRe  = mustFiltered(`\b(participants?|volunteers?|subjects?|participantes?)\b[^.]{0,30}\b(receive|get|are paid|will be paid|recibir\w*|se les? pagar\w*)\b|\bcompens\w*`)
	reimburseRe    = regexp.MustCompile(`\b(reimburs\w*|stipends?|compensat\w*|reembols\w*|viaticos|paid to participants|we pay|we will pay|you('ll| will) (be paid|receive|get)|paid for your time|gift cards?|for your time and travel|recibira[n]?|se le pagara|le pagaremos|apoyo economico|compensacion|(financial|lodging|travel|housing) assistance|ayuda economica)\b`)
	perWords       = map[string]string{
		"injection": "injection", "injections": "injection", "inyeccion": "injection", "shot": "injection", "vial": "injection", "aplicacion": "injection",
		"infusion": "infusion", "infusions": "infusion", "iv": "infusion", "drip": "infusion",
		"session": "session", "sessions": "session", "sesion": "session", "visit": "session", "dosis": "session", "dose": "session", "round": "session", "ronda": "session",
		"treatment": "treatment", "tratamiento": "treatment", "procedure": "treatment", "procedimiento": "treatment", "therapy": "treatment", "terapia": "treatment", "protocol": "treatment", "protocolo": "treatment",
		"knee": "joint", "joint": "joint", "rodilla": "joint", "articulacion": "joint", "hip": "joint", "shoulder": "joint",
		"eye": "eye", "ojo": "eye",
		"month": "month", "mes": "month", "year": "year", "ano": "year",
		"package": "package", "paquete": "package", "bundle": "package", "program": "package", "programa": "package",
		"booster": "booster", "refuerzo": "booster",
		"consultation": "consultation", "consulta": "consultation",
		"deposit": "deposit", "anticipo": "deposit", "deposito": "deposit",
		"study": "study fee", "fee": "", "person": "", "patient": "", "paciente": "",
	}
)

// priceRules are the patterns whose words depend on the page language:
// English and Spanish words always, and a pack's words on pages in its
// language only (Polish "do" is "up to", Portuguese "do" is "of the").
type priceRules struct {
	money     *regexp.Regexp
	moneyLits []string // literals every money match contains (see requiredLiterals)
	// symbolFirst and numberFirst are the two branches of money, anchored
	// at the start (see moneyMatches).
	symbolFirst, numberFirst                                                                      *regexp.Regexp
	rightRange, between, leftRange, qualFrom, qualAbout, qualUpTo, perAfter, strongPer, perBefore *regexp.Regexp
	// notAsked marks sentences whose money is not a price the site asks:
	// what other businesses charge or patients paid (news, blogs, court
	// cases), discounts, perks, and payments to participants.
	notAsked filteredRe
	per      map[string]string // the pack's unit words -> unit
	perKeys  []string          // the keys of per, longest first
}

func newPriceRules(lang string) *priceRules {
	r := &priceRules{per: map[string]string{"joint": "joint"}}
	mult := multFor(lang)
	// "250,- €", "6.500.- CHF": a dash for no cents (folded from "–").
	symbolFirst := `(` + curPre + `)\s?(` + num + `)(` + mult + `)?(?:[.,]-)?(?:\s?(` + curSuf + `))?`
	numberFirst := `(` + num + `)(` + mult + `)?(?:[.,]-)?\s?(` + curSuf + `)`
	r.money = regexp.MustCompile(symbolFirst + `|` + numberFirst)
	r.moneyLits = requiredLiterals(r.money.String())
	r.symbolFirst = regexp.MustCompile(`^(?:` + symbolFirst + `)`)
	r.numberFirst = regexp.MustCompile(`^(?:` + numberFirst + `)`)
	r.rightRange = regexp.MustCompile(`^\s?(?:-|to|a|hasta|through` + orWords(lang, "price-range") + `|(and|y))\s?(` + curPre + `)?\s?(` + num + `)(` + mult + `)?(?:\s?(` + curSuf + `))?`)
	r.between = regexp.MustCompile(`\b(between|entre` + orWords(lang, "price-between") + `)\s*$`)
	r.leftRange = regexp.MustCompile(`(?:(between|entre|de` + orWords(lang, "price-between") + `)\s)?(` + num + `)(` + mult + `)?\s?(?:-|to|and|y|a` + orWords(lang, "price-range") + `)\s?$`)
	r.qualFrom = withPack(lang, `(?:\bfrom|\bstarting (?:at|from)|\bas low as|\bdesde|\ba partir de|\bprices? start at)\s*:?\s*$`, "price-from", `\b`, `\s*:?\s*$`)
	r.qualAbout = withPack(lang, `(?:\babout|\bapproximately|\bapprox\.?|\baround|\broughly|~|\baprox\.?|\baproximadamente|\balrededor de|\bcerca de|\bsome)\s*$`, "price-about", `\b`, `\s*$`)
	r.qualUpTo = withPack(lang, `(?:\bup to|\bmax(?:imum)?|\bno more than|\bunder|\bless than|\bhasta|\bmaximo)\s*:?\s*$`, "price-up-to", `\b`, `\s*:?\s*$`)
	r.perAfter = regexp.MustCompile(`^\s*(?:\(|,)?\s*(?:usd|mxn|eur|chf|pln|brl)?\s*(?:per|a|an|each|/|por|cada|for (?:one|a|each|the)` + orWords(lang, "price-per") + `)\s+(?:single\s+|full\s+|one\s+|additional\s+)?([a-z]+)`)
	// notAskedRe marks sentences whose money is not a price the site asks:
	// what other businesses charge or patients paid (news, blogs, court
	// cases), discounts, perks, and payments to participants.
	r.notAsked = mustFiltered(`\b(paid|spent|pagaron|gastaron|refunds?|reembolsos|settlement|judgment|judgement|fined|penalty|penalties|multas?|budget|presupuesto|revenue|ingresos|elsewhere|en otros paises|other clinics|otras clinicas|otros centros|algunos centros|algunas clinicas|came to|ended up paying|was charged|were charged|according to|contacted by|la familia pago|el paciente pago|la paciente pago)\b|\b(clinics|centers|centres|businesses|companies|providers|others)\b[^.]{0,80}\b(charge|charged|sell|sold|ask|asked)\b|\b(cobran|cobraban|venden)\b|\b(a similar|comparable) (treatment|procedure|tratamiento|procedimiento)\b|\bun tratamiento similar\b` + notAskedWords(lang))
	r.strongPer = regexp.MustCompile(`^(packages?|paquetes?|bundles?|boosters?|refuerzo|deposit|anticipo|study fee|participation fee` + orWords(lang, "per-package", "per-booster", "per-deposit") + `)$`)
	r.perBefore = regexp.MustCompile(`\b(packages?|paquetes?|bundles?|boosters?|refuerzo|deposit|anticipo|study fee|participation fee|consultation|consulta|infusions?|infusion|injections?|inyeccion|sessions?|sesion|series|treatment|tratamiento|procedure|protocolo|protocol|programme|program|programa|knees?|joints?|rodillas?|eyes?|ojos?` + orWords(lang, packPerKinds...) + `)\b`)

	if p, ok := defaultPacks[lang]; ok {
		for _, k := range packPerKinds {
			for _, w := range p.words[k] {
				r.per[w] = strings.TrimPrefix(k, "per-")
			}
		}
	}
	for k := range r.per {
		r.perKeys = append(r.perKeys, k)
	}
	sort.Slice(r.perKeys, func(i, j int) bool {
		a, b := r.perKeys[i], r.perKeys[j]
		return len(a) > len(b) || len(a) == len(b) && a < b
	})
	return r
}

// priceRulesByLang are the rules of each pack language, and of English and
// Spanish under "".
var priceRulesByLang = func() map[string]*priceRules {
	m := map[string]*priceRules{"": newPriceRules("")}
	for l := range defaultPacks {
		m[l] = newPriceRules(l)
	}
	return m
}()

// anyMoneyLits are the literals of the English and Spanish money pattern,
// which every language's pattern contains: checked before the page's price
// context is built.
var anyMoneyLits = priceRulesByLang[""].moneyLits

// priceRulesFor returns the price rules of a page language.
func priceRulesFor(lang string) *priceRules {
	if r, ok := priceRulesByLang[lang]; ok {
		return r
	}
	return priceRulesByLang[""]
}

// priceContext is what a page says about its own location that bears on
// the meaning of a bare "$".
// weightBefore and weightAfter mark "N pounds" as body weight: "lose 30
// pounds", "I'm down 12 pounds", "30 pounds of fat", "pounds lighter".
var (
	weightBefore = regexp.MustCompile(`\b(los[et]|losing|shed|shedding|dropp?(ed|ing)?|gain(ed|ing)?|weigh(s|ed|ing)?|down|lighter|heavier|overweight|up to|extra|an extra|another|weight of)\b[^.;!?]{0,24}$`)
	weightAfter  = regexp.MustCompile(`^\W{0,3}(of (body ?)?(weight|fat|muscle)|lighter|heavier|overweight|in (\d+ )?(weeks?|months?|days?)|since|so far|down|off\b)`)
)

// poundsAreWeight reports whether an amount written "N pounds" is a body
// weight by the words around it. Pounds sterling are written "£", "GBP" or
// next to price words, which these patterns do not match.
func poundsAreWeight(before, after string) bool {
	return weightBefore.MatchString(before) || weightAfter.MatchString(after)
}

type priceContext struct {
	lang       string // the page language, for priceRulesFor
	dollar     string // the currency a bare "$" means when the page says so
	dollarNote string // non-empty when "$" may not mean USD
	pesos      string // the peso a bare "pesos" means: MXN unless the page is from another peso country
}

// declared matches a page's statement of the currency it quotes in ("All
// prices are in US dollars", "precios en pesos colombianos").
var declared = []struct {
	code string
	re   filteredRe
}{
	{"USD", mustFiltered(`\b(prices|costs|fees|amounts|all prices)( are| listed| shown| quoted)?( are)? (in|quoted in) (us dollars|u\.s\. dollars|usd|american dollars)\b|\bprecios( estan| son)?( expresados| cotizados)? en (dolares|usd|dolares americanos|dolares estadounidenses)\b`)},
	{"COP", mustFiltered(`\b(precios|valores|tarifas)( estan| son)?( expresados| cotizados)? en pesos colombianos\b|\bprices (are )?in colombian pesos\b`)},
	{"MXN", mustFiltered(`\b(prices|costs|fees|all prices)( are| listed| shown| quoted)?( are)? (in|quoted in) (mexican pesos|mxn)\b|\bprecios( estan| son)?( expresados| cotizados)? en (pesos mexicanos|mxn|moneda nacional)\b`)},
}

// explicitDollars match dollar currencies written out on a page.
var explicitDollars = map[string]phraseSet{
	"AUD": {"aud", "australian dollars", "a$"},
	"CAD": {"cad", "canadian dollars", "c$", "ca$"},
	"NZD": {"nzd", "new zealand dollars", "nz$"},
	"USD": {"usd", "us dollars", "u.s. dollars", "us$"},
}

// countries are place names that tell which dollar or peso a bare "$" or
// "pesos" means, or that "$" is ambiguous. Checked in order.
var countries = []struct {
	dollar, note, pesos string
	re                  phraseSet
}{
	{"", "$ on a Colombian site: USD or COP", "COP", phraseSet{"colombia", "bogota", "medellin", "barranquilla", "cartagena de indias", "bucaramanga", "pereira", "cali, "}},
	{"", "$ on a Dominican site: USD or DOP", "DOP", phraseSet{"republica dominicana", "dominican republic", "santo domingo", "punta cana", "santiago de los caballeros"}},
	{"", "$ on an Argentine site: USD or ARS", "ARS", phraseSet{"argentina", "buenos aires", "cordoba, argentina", "rosario", "mendoza"}},
	{"", "$ on a Mexican site: USD or MXN", "MXN", phraseSet{"mexico", "tijuana", "cancun", "guadalajara", "monterrey", "cofepris", "mxn", "los cabos", "puerto vallarta", "quintana roo", "baja california", "cdmx", "nuevo leon", "jalisco", "san jose del cabo"}},
	{"AUD", "", "", phraseSet{"australia", "sydney", "melbourne", "brisbane", "perth", "adelaide", "gold coast", "queensland", "new south wales", "nsw", "tasmania", "canberra"}},
	{"CAD", "", "", phraseSet{"canada", "toronto", "vancouver", "montreal", "calgary", "ottawa", "ontario", "british columbia", "alberta", "quebec", "edmonton", "winnipeg"}},
	{"NZD", "", "", phraseSet{"new zealand", "auckland", "christchurch", "aotearoa"}},
}

// phraseSet is a list of (folded) phrases, each matched on word
// boundaries where it starts or ends with a word character: what the
// regexp \b(a|b c)\b says, found with substring search, which on a whole
// page is many times faster than running the alternation.
type phraseSet []string

// MatchString reports whether s holds one of the phrases.
func (p phraseSet) MatchString(s string) bool {
	for _, ph := range p {
		for from := 0; ; {
			i := strings.Index(s[from:], ph)
			if i < 0 {
				break
			}
			i += from
			j := i + len(ph)
			if (!isWordByte(ph[0]) || i == 0 || !isWordByte(s[i-1])) &&
				(!isWordByte(ph[len(ph)-1]) || j == len(s) || !isWordByte(s[j])) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// isWordByte is regexp's \w for ASCII.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// newPriceContext inspects a page's folded text for the currency it says
// it quotes in, a dollar it writes out in full elsewhere, and the country
// it is in, which tells what a bare "$" or "pesos" means.
func newPriceContext(lang, foldedPageText string) priceContext {
	ctx := priceContext{lang: lang, pesos: "MXN"}
	for _, c := range countries {
		if c.re.MatchString(foldedPageText) {
			ctx.dollar, ctx.dollarNote = c.dollar, c.note
			if c.pesos != "" {
				ctx.pesos = c.pesos
			}
			break
		}
	}
	if ctx.dollar == "" && ctx.dollarNote == "" && lang == "es" {
		ctx.dollarNote = "$ on a Spanish-language site: USD or a local peso"
	}
	// A page that writes one kind of dollar out in full elsewhere ("AUD
	// 7,900", "CAD 4,000") means that dollar by a bare "$".
	var kinds []string
	for code, re := range explicitDollars {
		if re.MatchString(foldedPageText) {
			kinds = append(kinds, code)
		}
	}
	if len(kinds) == 1 && kinds[0] != "USD" {
		ctx.dollar, ctx.dollarNote = kinds[0], ""
	}
	for _, d := range declared {
		if d.re.MatchString(foldedPageText) {
			if d.code == "USD" {
				ctx.dollar, ctx.dollarNote = "USD", ""
			} else {
				ctx.dollar, ctx.dollarNote, ctx.pesos = d.code, "", d.code
			}
			break
		}
	}
	return ctx
}

// tail returns at most the last n bytes of s, cut at a rune boundary.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// priceMatch is a price found in a folded sentence.
type priceMatch struct {
	start, end int // folded byte range
	Price
}

// findPrices returns the prices in folded sentence f, at most maxMatches
// amounts, and whether there were more. ctx is called at most once, and
// only when the sentence holds an amount of money.
func findPrices(f folded, pageCtx func() priceContext) ([]priceMatch, bool) {
	s := f.text
	if !mayMatch(s, anyMoneyLits) {
		return nil, false
	}
	ctx := pageCtx()
	pr := priceRulesFor(ctx.lang)
	if !mayMatch(s, pr.moneyLits) {
		return nil, false
	}
	locs := pr.moneyMatches(s, maxMatches+1)
	capped := len(locs) > maxMatches
	if capped {
		locs = locs[:maxMatches]
	}
	if len(locs) == 0 || reimburseRe.MatchString(s) || participantRe.MatchString(s) {
		return nil, false
	}
	if pr.notAsked.MatchString(s) {
		return nil, false
	}
	var out []priceMatch
	for k := 0; k < len(locs); k++ {
		m := locs[k]
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		var pre, n, mu, suf string
		if m[2] >= 0 {
			pre, n, mu, suf = g(1), g(2), g(3), g(4)
		} else {
			n, mu, suf = g(5), g(6), g(7)
		}
		amount, ok := parseAmount(n, mu)
		if !ok {
			continue
		}
		if (strings.TrimSpace(pre) == "fr." || strings.TrimSpace(suf) == "fr.") && !swissAmount(n, s[m[0]:]) {
			continue // "www.clinique.fr. 2023": "Fr." is francs only in the Swiss way of writing them
		}
		pm := priceMatch{start: m[0], end: m[1]}
		pm.Amount = amount
		pm.Currency, pm.CurrencyNote = currencyOf(pre, suf, mu, ctx)

		// A range to the right: "$5,000 - $8,000", "$5,000 to 8,000".
		if r := pr.rightRange.FindStringSubmatchIndex(s[pm.end:]); r != nil {
			rg := func(i int) string {
				if r[2*i] < 0 {
					return ""
				}
				return s[pm.end+r[2*i] : pm.end+r[2*i+1]]
			}
			andOK := rg(1) == "" || pr.between.MatchString(tail(s[:pm.start], 24)) // "and" only after "between"
			if hi, ok := parseAmount(rg(3), rg(4)); ok && andOK {
				if mu == "" && rg(4) != "" { // "5 to 8 thousand"
					pm.Amount, _ = parseAmount(n, rg(4))
				}
				if hi > pm.Amount {
					pm.AmountMax = hi
					if rg(5) != "" || rg(2) != "" {
						if c, note := currencyOf(rg(2), rg(5), rg(4), ctx); c != "" || pm.Currency == "" {
							pm.Currency, pm.CurrencyNote = c, note
						}
					}
					newEnd := pm.end + r[1]
					for k+1 < len(locs) && locs[k+1][0] < newEnd { // the right side was an atom of its own
						k++
					}
					pm.end = newEnd
				}
			}
		}
		// A range to the left: "between 5 and 8 thousand dollars", "5-8k USD".
		if pm.AmountMax == 0 && pre == "" {
			// The patterns end at the price: only the text just before it
			// can match (Go would otherwise scan the whole prefix).
			off := max(0, pm.start-48)
			if l := pr.leftRange.FindStringSubmatchIndex(s[off:pm.start]); l != nil {
				for i := range l {
					if l[i] >= 0 {
						l[i] += off
					}
				}
				lg := func(i int) string {
					if l[2*i] < 0 {
						return ""
					}
					return s[l[2*i]:l[2*i+1]]
				}
				numEnd := l[2*2+1]
				if l[2*3+1] >= 0 {
					numEnd = l[2*3+1]
				}
				sep := strings.TrimSpace(s[numEnd:pm.start])
				andSep := sep == "and" || sep == "y" || sep == "a"
				// "Witamina D3 – 39 zł", "Omega-3 - 29 €": a digit glued to a
				// word is part of a name, not the low end of a range.
				glued := l[4] > 0 && (isWordByte(s[l[4]-1]) || s[l[4]-1] == '-')
				if (!andSep || lg(1) != "") && !glued {
					lmu := lg(3)
					if lmu == "" {
						lmu = mu
					}
					if lo, ok := parseAmount(lg(2), lmu); ok && lo < pm.Amount {
						pm.AmountMax, pm.Amount = pm.Amount, lo
						pm.start = l[0]
					}
				}
			}
		}
		before := tail(s[:pm.start], 64)
		if notAskedBefore.MatchString(before) || notAskedAfter.MatchString(s[pm.end:]) {
			continue
		}
		if strings.HasPrefix(suf, "pound") && pre == "" && poundsAreWeight(before, s[pm.end:]) {
			continue // "lose 30 pounds": body weight, not money
		}
		if pm.Amount >= 1e6 && (pm.Currency == "USD" || pm.Currency == "EUR" || pm.Currency == "GBP" || pm.Currency == "CAD" || pm.Currency == "AUD") {
			continue // budgets, fines, revenue: no treatment costs a million dollars
		}
		switch {
		case pr.qualFrom.MatchString(before):
			pm.Qualifier = "from"
		case pr.qualAbout.MatchString(before):
			pm.Qualifier = "about"
		case pr.qualUpTo.MatchString(before):
			pm.Qualifier = "up to"
		}
		pm.Per = pr.perOf(s, pm.start, pm.end, out)
		out = append(out, pm)
	}
	return out, capped
}

// perOf finds what a price is for: "per injection" after it, or a unit
// word earlier in the sentence (after any previous price).
func (r *priceRules) perOf(s string, start, end int, prev []priceMatch) string {
	if m := r.perAfter.FindStringSubmatch(s[end:]); m != nil {
		if p, ok := perWords[m[1]]; ok {
			return p
		}
		if p, ok := perWords[stem(m[1])]; ok {
			return p
		}
		if p, ok := r.perPrefix(m[1]); ok {
			return p
		}
	}
	if multiJointRe.MatchString(tail(s[:start], 64)) {
		return "" // "both knees: $9,800" is a total for two joints
	}
	if oneJointRe.MatchString(tail(s[:start], 64)) {
		return "joint" // "Traitement, un genou | CHF 4'500": one named joint is the unit
	}
	// A table row ("Full-course package: study fee + 3 injections | $18,500"):
	// the first cell names what the price buys.
	if first, _, ok := strings.Cut(s, " | "); ok && start > len(first) {
		if p := r.perWord(r.perBefore.FindAllString(first, -1), true); p != "" {
			return p
		}
	}
	from := 0
	if len(prev) > 0 {
		from = prev[len(prev)-1].end
	}
	if from > start {
		from = start
	}
	// Search just after the price too, e.g. "$12,500 (single knee injection)".
	after := s[end:min(len(s), end+40)]
	if p := r.perWord(r.perBefore.FindAllString(s[from:start], -1), false); p != "" {
		if (p == "session" || p == "injection" || p == "infusion" || p == "treatment") && countedUnitsRe.MatchString(tail(s[from:start], 48)) {
			return "package" // "3 sessions for $900", "3 sessões por 690 €", "seria 4 zabiegów: 9 900 zł"
		}
		return p
	}
	return r.perWord(r.perBefore.FindAllString(after, -1), true)
}

// perWord picks what a price is for from unit words found near it: what
// the money buys (a package, a booster, a deposit) wins over the unit it
// is counted in ("booster injections"); otherwise the nearest word, which
// is the last one before the price or the first one after it.
func (r *priceRules) perWord(ms []string, firstIsNearest bool) string {
	if len(ms) == 0 {
		return ""
	}
	w := ms[len(ms)-1]
	if firstIsNearest {
		w = ms[0]
	}
	for i := range ms {
		c := ms[i]
		if firstIsNearest {
			c = ms[len(ms)-1-i] // so that the first strong word wins
		}
		if r.strongPer.MatchString(c) {
			w = c
		}
	}
	if u, ok := r.per[w]; ok {
		return u
	}
	switch {
	case strings.HasPrefix(w, "package"), strings.HasPrefix(w, "paquete"), strings.HasPrefix(w, "bundle"):
		return "package"
	case strings.HasPrefix(w, "booster") || w == "refuerzo":
		return "booster"
	case w == "deposit" || w == "anticipo":
		return "deposit"
	case strings.HasSuffix(w, "fee"):
		return "study fee"
	case w == "consultation" || w == "consulta":
		return "consultation"
	case strings.HasPrefix(w, "infusion"):
		return "infusion"
	case strings.HasPrefix(w, "injection"), w == "inyeccion":
		return "injection"
	case strings.HasPrefix(w, "session"), w == "sesion", w == "series":
		return "session"
	case strings.HasPrefix(w, "knee"), strings.HasPrefix(w, "joint"), strings.HasPrefix(w, "rodilla"):
		return "joint"
	case strings.HasPrefix(w, "eye"), strings.HasPrefix(w, "ojo"):
		return "eye"
	default:
		return "treatment"
	}
}

// currencyOf decides the ISO 4217 code from the symbols around an amount.
func currencyOf(pre, suf, mu string, ctx priceContext) (code, note string) {
	for _, t := range []string{suf, pre} {
		t = strings.TrimPrefix(strings.TrimSpace(t), "de ")
		switch strings.TrimSuffix(t, ".") {
		case "":
			continue
		case "us$", "u$s", "usd", "us dollars", "u.s. dollars", "dolares americanos", "dolares estadounidenses":
			return "USD", ""
		case "dollars", "dolares":
			return "USD", ""
		case "mx$", "mxn", "pesos mexicanos":
			return "MXN", ""
		case "pesos":
			return ctx.pesos, ""
		case "pesos colombianos", "cop":
			return "COP", ""
		case "pesos dominicanos", "dop", "rd$":
			return "DOP", ""
		case "s/", "s/.", "pen", "soles", "nuevos soles":
			return "PEN", ""
		case "€", "eur", "euro", "euros":
			return "EUR", ""
		case "£", "gbp", "pounds":
			return "GBP", ""
		case "₹", "rs", "inr", "rupees":
			return "INR", ""
		case "c$", "ca$", "cad":
			return "CAD", ""
		case "a$", "aud":
			return "AUD", ""
		case "nz$":
			return "NZD", ""
		case "m.n":
			return "MXN", ""
		case "pesos argentinos":
			return "ARS", ""
		case "¥", "jpy", "yen", "円":
			return "JPY", ""
		case "฿", "thb", "baht":
			return "THB", ""
		case "chf", "sfr", "fr", "franken", "franc suisse", "francs suisses", "franc suisses", "francs suisse":
			return "CHF", ""
		case "$ ca", "$ca", "$ can", "$can", "$ cad", "$cad":
			return "CAD", ""
		case "mad":
			return "MAD", ""
		case "aed":
			return "AED", ""
		case "dirham", "dirhams":
			return "", "dirhams: MAD (Morocco) or AED (United Arab Emirates)"
		case "tnd", "dinars tunisiens":
			return "TND", ""
		case "r$", "brl", "reais":
			return "BRL", ""
		case "zl", "pln", "zlotych", "zloty", "zlote":
			return "PLN", ""
		case "$":
			if strings.Contains(mu, "lakh") || strings.Contains(mu, "crore") {
				return "INR", ""
			}
			if ctx.dollar != "" {
				return ctx.dollar, ""
			}
			if ctx.dollarNote != "" {
				return "", ctx.dollarNote
			}
			return "USD", ""
		}
	}
	if strings.Contains(mu, "lakh") || strings.Contains(mu, "crore") {
		return "INR", ""
	}
	return "", ""
}

// parseAmount reads a number written with either thousands convention
// ("7.500", "7,500", "7 500", "1.234,56") and an optional multiplier.
func parseAmount(n, mu string) (float64, bool) {
	n = strings.TrimSpace(n)
	if n == "" {
		return 0, false
	}
	n = strings.ReplaceAll(strings.ReplaceAll(n, " ", ""), "'", "")
	lastDot, lastComma := strings.LastIndex(n, "."), strings.LastIndex(n, ",")
	decimalSep := byte(0)
	switch {
	case lastDot >= 0 && lastComma >= 0:
		if lastDot > lastComma {
			decimalSep = '.'
		} else {
			decimalSep = ','
		}
	case lastDot >= 0 || lastComma >= 0:
		sep := byte('.')
		i := lastDot
		if lastComma >= 0 {
			sep, i = ',', lastComma
		}
		if strings.Count(n, string(sep)) == 1 && len(n)-i-1 != 3 {
			decimalSep = sep
		}
	}
	var b strings.Builder
	for i := 0; i < len(n); i++ {
		c := n[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == decimalSep:
			b.WriteByte('.')
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil {
		return 0, false
	}
	switch m := strings.TrimSpace(mu); {
	case m == "k" || m == "mil" || m == "thousand":
		v *= 1e3
	case m == "million" || m == "millones":
		v *= 1e6
	case strings.HasPrefix(m, "lakh"):
		v *= 1e5
	case strings.HasPrefix(m, "crore"):
		v *= 1e7
	default:
		if f, ok := packMultipliers[m]; ok {
			v *= f
		}
	}
	return v, v > 0
}

// packPerKinds are the words.csv kinds that name what a price is for.
var packPerKinds = []string{"per-injection", "per-infusion", "per-session", "per-treatment", "per-joint", "per-package", "per-booster", "per-deposit", "per-consultation"}

// perPrefix finds the unit of an inflected pack word after "per": "pro
// Sitzung", "za zabieg", "za kolano" ("kolana").
func (r *priceRules) perPrefix(w string) (string, bool) {
	if u, ok := r.per[w]; ok {
		return u, true
	}
	for _, k := range r.perKeys { // longest first, so the answer does not depend on map order
		if len(k) >= 5 && len(w) >= 5 && !strings.Contains(k, " ") && strings.HasPrefix(w, k[:len(k)-1]) {
			return r.per[k], true
		}
	}
	return "", false
}

// notAskedWords returns the pack's not-asked words as one more
// alternative of the notAsked pattern, or "".
func notAskedWords(lang string) string {
	if alt := wordAlt(lang, "price-not-asked"); alt != "" {
		return `|\b(` + alt + `)\b`
	}
	return ""
}

// swissAmount reports whether an amount is written the Swiss way, with an
// apostrophe between thousands ("3'900") or a dash for no centimes
// ("390.–", folded "390.-"), as "Fr." prices are; from is the text from the
// start of the match.
func swissAmount(n, from string) bool {
	if strings.Contains(n, "'") {
		return true
	}
	i := strings.Index(from, n)
	if i < 0 {
		return false
	}
	after := from[i+len(n):]
	return strings.HasPrefix(after, ".-") || strings.HasPrefix(after, ",-") || strings.HasPrefix(after, "-")
}

// countedUnitsRe matches a count of two or more sessions, injections or
// treatments right before a price: what the price buys is a package.
var countedUnitsRe = regexp.MustCompile(`\b(?:[2-9]|1[0-9]|20|two|three|four|five|six|dos|tres|cuatro|cinco|seis|duas|dois|quatro|zwei|drei|vier|funf|sechs|deux|trois|quatre|cinq|six|dwa|dwie|trzy|cztery|piec|szesc)\s+(?:[a-z]+\s+)?(?:sessions|injections|infusions|treatments|sesiones|inyecciones|infusiones|aplicaciones|tratamientos|sessoes|injecoes|infusoes|aplicacoes|tratamentos|sitzungen|injektionen|infusionen|behandlungen|seances|injections|perfusions|traitements|zabiegi|zabiegow|sesje|sesji|iniekcje|iniekcji|wlewy|wlewow)\b[^0-9]{0,24}$`)

// NamesTwoJoints reports whether folded text names two joints ("both
// knees", "beide Knie", "ambas rodillas"): a price for them is a course of
// joint treatment whose unit is none of the per units.
func NamesTwoJoints(folded string) bool { return twoJointsRe.MatchString(folded) }

var twoJointsRe = regexp.MustCompile(strings.TrimSuffix(multiJointRe.String(), `[^0-9]{0,40}$`))

// multiJointRe matches a label naming two joints before a price: "both
// knees", "ambas rodillas", "beide Knie", "les deux genoux", "obu kolan",
// "os dois joelhos", "two hips".
var multiJointRe = regexp.MustCompile(`\b(?:both|two|2|ambas|ambos|dos|las dos|los dos|beide|beiden|zwei|les deux|deux|os dois|as duas|dois|duas|obu|oba|obie|dwa|dwoch)\s+(?:of (?:your |the )?)?(?:knees|hips|shoulders|joints|rodillas|caderas|hombros|articulaciones|knie|kniegelenke|huften|huftgelenke|schultern|gelenke|genoux|hanches|epaules|articulations|joelhos|quadris|ombros|articulacoes|kolan|kolana|stawow|stawy|biodra|bioder)\b[^0-9]{0,40}$`)

// moneyMatches is money.FindAllStringSubmatchIndex(s, n), found by trying
// the pattern's branches anchored only where a match can start: a number
// at a digit, a currency symbol or code at most 8 bytes before one, at a
// word edge. Every money match holds a digit. Run unanchored on a whole
// sentence the pattern cost about 0.2 ms (Go's regexp simulates all its
// alternatives at every byte), and most of a sentence is words.
// TestMoneyMatchesAsWhole checks that both ways agree.
func (r *priceRules) moneyMatches(s string, n int) [][]int {
	var out [][]int
	pos := 0
	for len(out) < n {
		d := strings.IndexAny(s[pos:], "0123456789")
		if d < 0 {
			break
		}
		d += pos
		// A match is at most a symbol, a number, a multiplier and a
		// currency name long; the input is cut at a space 64 bytes after
		// the number, which keeps \b right and the matcher's work small.
		run := d // the end of the number: digits and the separators between them
		for run < len(s) && (s[run] >= '0' && s[run] <= '9' || run+1 < len(s) && strings.IndexByte(".,' ", s[run]) >= 0 && s[run+1] >= '0' && s[run+1] <= '9') {
			run++
		}
		end := spaceAfter(s, run+64)
		var m []int
		for st := max(pos, d-8); st < d && m == nil; st++ {
			if st > 0 && (isWordByte(s[st-1]) && isWordByte(s[st]) || s[st-1] >= 0x80 && s[st] >= 0x80 && s[st] < 0xC0) {
				continue // inside a word or a character: no match starts here
			}
			if a := r.symbolFirst.FindStringSubmatchIndex(s[st:end]); a != nil {
				m = make([]int, 16)
				for k := range m {
					m[k] = -1
				}
				for k, v := range a { // groups 0-4 of money
					if v >= 0 {
						m[k] = v + st
					}
				}
			}
		}
		if m == nil {
			if b := r.numberFirst.FindStringSubmatchIndex(s[d:end]); b != nil {
				m = make([]int, 16)
				for k := range m {
					m[k] = -1
				}
				m[0], m[1] = b[0]+d, b[1]+d
				for k := 2; k < len(b); k++ { // groups 1-3 of the branch are 5-7 of money
					if b[k] >= 0 {
						m[k+8] = b[k] + d
					}
				}
			}
		}
		if m == nil {
			j := d
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			pos = j
			continue
		}
		out = append(out, m)
		pos = max(m[1], d+1)
	}
	return out
}

// spaceAfter returns the first position at or after i where a space is,
// or len(s).
func spaceAfter(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	if k := strings.IndexByte(s[i:], ' '); k >= 0 {
		return i + k
	}
	return len(s)
}

// comparisonColumnRe matches (folded) table header cells whose column holds
// what others charge: "Average price in the USA", "Precio promedio en
// EE. UU.", "Prix moyen en France", "Durchschnitt Deutschland", "Średnia
// cena w Niemczech", "Outras clínicas". Such prices are not the site's.
var comparisonColumnRe = regexp.MustCompile(`\b(average|typical|elsewhere|other clinics?|competitors?|abroad|in the (us|usa|u\.s\.|uk)|us hospitals?|promedio|otras clinicas|en otros paises|en (estados unidos|eeuu|ee\. ?uu\.)|moyen|moyenne|ailleurs|autres cliniques|aux etats-unis|durchschnitt\w*|ublich\w*|andere kliniken|in den usa|srednia|sredni|inne kliniki|za granica|media|outras clinicas|no exterior|nos eua)\b`)

// dropComparisonColumns drops the prices that sit in a table column whose
// header names other clinics or countries (a comparison table), when the
// sentence is the whole row.
func dropComparisonColumns(ps []priceMatch, s sentence, f folded) []priceMatch {
	if s.unit.Kind != UnitRow || len(s.unit.Columns) == 0 || len(ps) == 0 || s.text != s.unit.Text {
		return ps
	}
	out := ps[:0]
	for _, p := range ps {
		col := strings.Count(f.text[:p.start], " | ")
		if col < len(s.unit.Columns) && col > 0 && comparisonColumnRe.MatchString(fold(s.unit.Columns[col]).text) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// oneJointRe matches a label naming one joint before a price: "one knee",
// "a single joint", "una rodilla", "un genou", "ein Knie", "jedno kolano",
// "um joelho" (the coding rule: "una articulación" is per joint).
var oneJointRe = regexp.MustCompile(`\b(?:one|a single|single|per|una|un|une|uno|ein|eine|einem|einen|pro|jedno|jeden|jedna|um|uma|por)\s+(?:knee|hip|shoulder|joint|rodilla|cadera|hombro|articulacion|knie|kniegelenk|hufte|huftgelenk|schulter|gelenk|genou|hanche|epaule|articulation|kolano|staw|biodro|bark|joelho|quadril|ombro|articulacao)\b[^0-9]{0,40}$`)
