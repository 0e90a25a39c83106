package extract

import "testing"

// Page roles of Portuguese, German, French and Polish pages from their
// paths, titles and first headings (role.go), on pages written for this
// test; and English paths that must read as before.
func TestPageRolePackLanguages(t *testing.T) {
	for _, c := range []struct {
		url, title, h1, want string
	}{
		// Portuguese.
		{"https://c.test/precos/", "Preços e pacotes", "Preços e pacotes", RolePricing},
		{"https://c.test/loja/serum.html", "Sérum", "Sérum facial", RoleShop},
		{"https://c.test/equipe/dr-ricardo.html", "Dr. Ricardo", "Dr. Ricardo", RoleAbout},
		{"https://c.test/perguntas-frequentes/", "Perguntas frequentes", "Perguntas frequentes", RoleFAQ},
		{"https://c.test/depoimentos/", "Depoimentos", "Depoimentos de pacientes", RoleTestimonials},
		{"https://c.test/tratamentos/artrose.html", "Células-tronco para artrose", "Células-tronco para artrose", RoleTreatment},
		{"https://c.test/politica-de-privacidade/", "Política de privacidade", "Política de privacidade", RoleLegal},
		// German.
		{"https://c.test/preise/", "Preise", "Preisliste 2026", RolePricing},
		{"https://c.test/shop/kapseln.html", "Kapseln", "Kollagen-Kapseln", RoleShop},
		{"https://c.test/team/dr-keller.html", "Dr. Keller", "Dr. med. Anna Keller", RoleAbout},
		{"https://c.test/haeufige-fragen/", "Häufige Fragen", "Häufige Fragen", RoleFAQ},
		{"https://c.test/ratgeber/knie.html", "Knie", "Knieprothese oder Stammzellen?", RoleArticle},
		{"https://c.test/behandlungen/knie.html", "Knie", "Stammzelltherapie bei Kniearthrose", RoleTreatment},
		{"https://c.test/impressum/", "Impressum", "Impressum", RoleLegal},
		{"https://c.test/erfahrungen/", "Erfahrungen", "Erfahrungsberichte", RoleTestimonials},
		// French.
		{"https://c.test/tarifs/", "Tarifs", "Nos tarifs", RolePricing},
		{"https://c.test/boutique/creme.html", "Crème", "Crème de nuit", RoleShop},
		{"https://c.test/temoignages/", "Témoignages", "Témoignages de patients", RoleTestimonials},
		{"https://c.test/traitements/sep.html", "Sclérose en plaques", "Cellules souches et sclérose en plaques", RoleTreatment},
		{"https://c.test/actualites/etude.html", "Étude", "Une étude sur les cellules souches", RoleArticle},
		// Polish.
		{"https://c.test/cennik/", "Cennik", "Cennik", RolePricing},
		{"https://c.test/sklep/suplement.html", "Suplement", "Suplement kolagenowy", RoleShop},
		{"https://c.test/zespol/dr-nowak.html", "Dr Nowak", "Dr n. med. Piotr Nowak", RoleAbout},
		{"https://c.test/opinie/", "Opinie", "Opinie pacjentów", RoleTestimonials},
		{"https://c.test/leczenie/sm.html", "SM", "Komórki macierzyste w SM", RoleTreatment},
		{"https://c.test/aktualnosci/nowe.html", "Nowe", "Nowe badania", RoleArticle},
		{"https://c.test/regulamin/", "Regulamin", "Regulamin", RoleLegal},
		// English reads as before.
		{"https://c.test/pricing/", "Pricing", "Pricing", RolePricing},
		{"https://c.test/", "Home", "Stem cell therapy", RoleOther},
	} {
		doc := Doc{Title: c.title, Meta: Meta{H1: c.h1}}
		if got := pageRole(c.url, doc, nil); got != c.want {
			t.Errorf("%s (%q): role %s, want %s", c.url, c.h1, got, c.want)
		}
	}
}

// TestCartButtonsPackLanguages checks the add-to-cart controls a shop page
// is known by, in each language.
func TestCartButtonsPackLanguages(t *testing.T) {
	for _, b := range []string{"Adicionar ao carrinho", "In den Warenkorb", "Ajouter au panier", "Dodaj do koszyka", "Add to cart"} {
		doc, err := ParseHTML([]byte(`<html><body><h1>Serum</h1><p>49,90 €</p><button>` + b + `</button></body></html>`))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Meta.CartButtons != 1 {
			t.Errorf("%q: %d cart buttons, want 1", b, doc.Meta.CartButtons)
		}
	}
	doc, _ := ParseHTML([]byte(`<html><body><button>Termin buchen</button></body></html>`))
	if doc.Meta.CartButtons != 0 {
		t.Errorf("a booking button counted as a cart button")
	}
}
