package extract

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestFindPrices(t *testing.T) {
	tests := []struct {
		text string
		lang string
		page string // page text for context
		want string // "amount-max CUR per qual" joined by "; ", or ""
	}{
		{"Knee injection: $12,500 per knee.", "en", "", "12500-0 USD joint -"},
		{"Packages from US$5k.", "en", "", "5000-0 USD package from"},
		{"Precio: 7.500 € por sesión", "es", "madrid", "7500-0 EUR session -"},
		{"El tratamiento cuesta $95,000 MXN.", "es", "tijuana", "95000-0 MXN treatment -"},
		{"Desde 4,500 USD.", "es", "tijuana", "4500-0 USD - from"},
		{"Una infusión cuesta $3,500.", "es", "tijuana", "3500-0 ? infusion -"},
		{"MS package: $14,500", "en", "tijuana clinic. all prices are in us dollars and include hotel", "14500-0 USD package -"},
		{"Paquete: $95,000", "es", "cancun. precios en pesos mexicanos", "95000-0 MXN package -"},
		{"VIP package $15,000–$25,000", "en", "", "15000-25000 USD package -"},
		{"between 5 and 8 thousand dollars", "en", "", "5000-8000 USD - -"},
		{"One round costs Rs 3-5 lakh.", "en", "", "300000-500000 INR - -"},
		{"Treatment €3 900 all inclusive", "en", "", "3900-0 EUR treatment -"},
		{"About $8,900 per infusion.", "en", "", "8900-0 USD infusion about"},
		{"Up to £20,000", "en", "", "20000-0 GBP - up to"},
		{"Price: 1.234,56 €", "en", "", "1234.56-0 EUR - -"},
		{"Booster injections are $5,000 each", "en", "", "5000-0 USD booster -"},
		// Currencies and number formats of the language packs, and what a
		// price is for in their words (seeds/lang/*/words.csv).
		{"Tratamento completo: R$ 25.000,00", "pt", "", "25000-0 BRL - -"},
		{"O pacote custa 18.500 reais.", "pt", "", "18500-0 BRL - -"},
		{"Zabieg: 3 000 zł", "pl", "", "3000-0 PLN treatment -"},
		{"Cena 3.000 zł", "pl", "", "3000-0 PLN - -"},
		{"Pakiet 12 500 PLN", "pl", "", "12500-0 PLN package -"},
		{"Behandlung CHF 4'500", "de", "", "4500-0 CHF treatment -"},
		{"Behandlung CHF 4’500.–", "de", "", "4500-0 CHF treatment -"},
		{"Paket Fr. 3'900.–", "de", "", "3900-0 CHF package -"},
		{"Kosten: 4.500 €", "de", "", "4500-0 EUR - -"},
		{"Kosten 6.900 Euro", "de", "", "6900-0 EUR - -"},
		{"Prix : 4 500 € la séance", "fr", "", "4500-0 EUR session -"},
		{"Traitement 4 500 $", "fr", "montreal, quebec", "4500-0 CAD treatment -"},
		{"Behandlung 2'900 CHF", "de", "", "2900-0 CHF treatment -"},
		{"Erstberatung 250,- €", "de", "", "250-0 EUR consultation -"},
		{"Preis 1.234,- EUR", "de", "", "1234-0 EUR - -"},
		{"Preis 6.500.- CHF", "de", "", "6500-0 CHF - -"},
		{"Erstberatung Fr. 390.–", "de", "", "390-0 CHF consultation -"},
		{"3 sessions for $900.", "en", "", "900-0 USD package -"},
		{"Both knees: $9,800", "en", "", "9800-0 USD - -"},
		{"Traitement par tissu adipeux, un genou | CHF 4'500.–", "fr", "", "4500-0 CHF joint -"},
		{"Terapia komórkowa – jedno kolano | 9 900 zł", "pl", "", "9900-0 PLN joint -"},
		{"Oba kolana: 15 500 zł", "pl", "", "15500-0 PLN - -"},
		{"Witamina D3 – 39 zł", "pl", "", "39-0 PLN - -"},
		{"Omega-3 - 29 €", "de", "", "29-0 EUR - -"},
		{"Traitement 4 500 $ CA", "fr", "", "4500-0 CAD treatment -"},
		{"Forfait 25 000 MAD", "fr", "marrakech", "25000-0 MAD package -"},
		{"Forfait 9 000 dinars tunisiens", "fr", "tunis", "9000-0 TND package -"},
		{"Forfait 25 000 dirhams", "fr", "", "25000-0 ? package -"},
		{"Nos médecins exercent en secteur 2.", "fr", "", ""},
		// A pack's words apply on its own language's pages only.
		{"Leczenie do 6 000 zł", "pl", "", "6000-0 PLN treatment up to"},
		{"Leczenie do 6 000 zł", "pt", "", "6000-0 PLN - -"},
		{"Beide Knie in einer Sitzung: 6.200 €", "de", "", "6200-0 EUR - -"},
		{"Both knees: $9,800, or $5,200 per knee", "en", "", "9800-0 USD - -; 5200-0 USD joint -"},
		{"3 sessões por 690 €", "pt", "", "690-0 EUR package -"},
		{"Each session: $300, and most patients need 3 sessions.", "en", "", "300-0 USD session -"},
		{"Serum statt 59,90 € nur 44,90 € (149,67 € / 100 ml)", "de", "", "44.9-0 EUR - -"},
		// Not prices.
		{"Visit www.clinique.fr. 2023 was a good year.", "fr", "", ""},
		{"We inject 100 million cells.", "en", "", ""},
		{"Call +1 (555) 013-2290 today.", "en", "", ""},
		{"Since 2012, 85% of patients improve.", "en", "", ""},
		{"Under 21 CFR 1271 we are exempt.", "en", "", ""},
		{"Participants may be reimbursed for travel (up to $500).", "en", "", ""},
		{"You will receive $50 for each completed visit.", "en", "", ""},
		{"Recibirá $500 pesos por visita para transporte.", "es", "mexico", ""},
		{"Patients aged 18 to 80; dose 2 x 10^6 cells per kg.", "en", "", ""},
	}
	for _, tt := range tests {
		f := fold(tt.text)
		var got []string
		ctx := func() priceContext { return newPriceContext(tt.lang, tt.page) }
		ps, _ := findPrices(f, ctx)
		for _, p := range ps {
			cur := p.Currency
			if cur == "" {
				cur = "?"
			}
			per, q := p.Per, p.Qualifier
			if per == "" {
				per = "-"
			}
			if q == "" {
				q = "-"
			}
			got = append(got, fmt.Sprintf("%v-%v %s %s %s", p.Amount, p.AmountMax, cur, per, q))
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("findPrices(%q) = %q, want %q", tt.text, g, tt.want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		n, mu string
		want  float64
	}{
		{"7.500", "", 7500}, {"7,500", "", 7500}, {"7 500", "", 7500}, {"12.50", "", 12.5},
		{"1,234.56", "", 1234.56}, {"1.234,56", "", 1234.56}, {"5", "k", 5000}, {"3", " lakh", 300000},
		{"1.000.000", "", 1e6},
	}
	for _, tt := range tests {
		if got, _ := parseAmount(tt.n, tt.mu); got != tt.want {
			t.Errorf("parseAmount(%q, %q) = %v, want %v", tt.n, tt.mu, got, tt.want)
		}
	}
}

// TestPhraseSet checks phrase matching against the regexp it replaces.
func TestPhraseSet(t *testing.T) {
	p := phraseSet{"mexico", "los cabos", "cali, ", "a$", "u.s. dollars"}
	re := regexp.MustCompile(`\b(mexico|los cabos|u\.s\. dollars)\b|\bcali, |\ba\$`)
	for _, s := range []string{"clinic in mexico.", "newmexico", "mexicola", "in los cabos", "cali, colombia", "cali,colombia",
		"a$ 7,900", "visa$ 7", "prices in u.s. dollars", "u.s. dollarsx", "", "mexico"} {
		if got, want := p.MatchString(s), re.MatchString(s); got != want {
			t.Errorf("phraseSet.MatchString(%q) = %v, regexp says %v", s, got, want)
		}
	}
}

// TestComparisonColumns checks that prices under a header naming other
// countries or clinics are not the site's, and the site's own column is.
func TestComparisonColumns(t *testing.T) {
	e := testExtractor(t)
	for _, tt := range []struct{ lang, html, want string }{
		{"en", `<table><tr><th>Treatment</th><th>Our price</th><th>Average price in the USA</th></tr><tr><td>Stem cells, one knee</td><td>$4,500</td><td>$12,000</td></tr></table>`, "4500"},
		{"fr", `<table><thead><tr><td>Soin</td><td>Chez nous</td><td>Prix moyen en France</td></tr></thead><tr><td>Cellules souches, un genou</td><td>3 600 €</td><td>7 000 €</td></tr></table>`, "3600"},
		{"de", `<table><tr><th>Leistung</th><th>Preis</th></tr><tr><td>Stammzellen, ein Knie</td><td>4.500 €</td></tr></table>`, "4500"},
		{"en", `<table><tr><td>Average price</td><td>$9,000</td></tr></table>`, "9000"}, // no header row: kept
	} {
		r := extractHTML(t, e, `<html lang="`+tt.lang+`"><body>`+tt.html+`</body></html>`)
		var got []string
		for _, c := range r.Claims {
			if c.Kind == KindPrice {
				got = append(got, fmt.Sprint(c.Amount))
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: prices %q, want %q", tt.html, g, tt.want)
		}
	}
}
