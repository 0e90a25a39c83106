package extract

import (
	"net/url"
	"regexp"
	"strings"
)

// Page roles: what kind of page a claim sits on. A mention of a condition
// on a bio, a publication list or a research article is not an offer; a
// price in a shop is not the price of a treatment. Assessment reads them.
const (
	RoleTreatment    = "treatment"    // a treatment or service page
	RoleCondition    = "condition"    // a page about one condition the site treats
	RolePricing      = "pricing"      // prices, packages, fees
	RoleFAQ          = "faq"          // questions and answers
	RoleAbout        = "about"        // about us, team, a doctor's biography
	RolePublications = "publications" // publication lists, papers
	RoleArticle      = "article"      // blog, news, research article, patient diary
	RoleTestimonials = "testimonials" // patient stories, reviews
	RoleShop         = "shop"         // products for sale
	RoleLegal        = "legal"        // disclaimer, privacy, terms
	RoleContact      = "contact"      // contact, booking, appointment
	RoleOther        = "other"        // home page and anything else
)

// roleWords maps the words of URL paths, titles, first headings and
// breadcrumbs to the role they suggest (folded: lower case, no accents).
var roleWords = map[string]string{
	"shop": RoleShop, "store": RoleShop, "product": RoleShop, "products": RoleShop, "cart": RoleShop, "tienda": RoleShop,
	"producto": RoleShop, "productos": RoleShop, "supplements": RoleShop, "supplement": RoleShop, "checkout": RoleShop,
	"pricing": RolePricing, "prices": RolePricing, "price": RolePricing, "cost": RolePricing, "costs": RolePricing,
	"fees": RolePricing, "precios": RolePricing, "costos": RolePricing, "tarifas": RolePricing, "paquetes": RolePricing,
	"packages": RolePricing, "rates": RolePricing, "financing": RolePricing, "precio": RolePricing, "costo": RolePricing,
	"faq": RoleFAQ, "faqs": RoleFAQ, "questions": RoleFAQ, "preguntas": RoleFAQ, "frequently": RoleFAQ,
	"about": RoleAbout, "team": RoleAbout, "staff": RoleAbout, "doctors": RoleAbout, "physicians": RoleAbout,
	"bio": RoleAbout, "biography": RoleAbout, "meet": RoleAbout, "nosotros": RoleAbout, "equipo": RoleAbout,
	"providers": RoleAbout, "founder": RoleAbout, "leadership": RoleAbout, "investigators": RoleAbout, "faculty": RoleAbout,
	"publications": RolePublications, "papers": RolePublications, "publicaciones": RolePublications, "bibliography": RolePublications,
	"blog": RoleArticle, "news": RoleArticle, "articles": RoleArticle, "article": RoleArticle, "post": RoleArticle,
	"posts": RoleArticle, "noticias": RoleArticle, "press": RoleArticle, "diary": RoleArticle, "journal": RoleArticle,
	"research": RoleArticle, "insights": RoleArticle, "library": RoleArticle, "learn": RoleArticle, "education": RoleArticle,
	"resources": RoleArticle, "articulos": RoleArticle, "diario": RoleArticle,
	"testimonials": RoleTestimonials, "reviews": RoleTestimonials, "stories": RoleTestimonials, "testimonios": RoleTestimonials,
	"opiniones": RoleTestimonials, "testimonial": RoleTestimonials, "resenas": RoleTestimonials,
	"legal": RoleLegal, "privacy": RoleLegal, "terms": RoleLegal, "disclaimer": RoleLegal, "disclaimers": RoleLegal,
	"policy": RoleLegal, "cookies": RoleLegal, "aviso": RoleLegal, "privacidad": RoleLegal, "terminos": RoleLegal,
	"hipaa": RoleLegal, "notice": RoleLegal, "accessibility": RoleLegal,
	"contact": RoleContact, "booking": RoleContact, "book": RoleContact, "appointment": RoleContact, "appointments": RoleContact,
	"schedule": RoleContact, "contacto": RoleContact, "cita": RoleContact, "citas": RoleContact, "locations": RoleContact,
	"location": RoleContact, "directions": RoleContact, "consultation": RoleContact, "apply": RoleContact,
	"treatments": RoleTreatment, "treatment": RoleTreatment, "therapy": RoleTreatment, "therapies": RoleTreatment,
	"services": RoleTreatment, "service": RoleTreatment, "procedures": RoleTreatment, "procedure": RoleTreatment,
	"tratamientos": RoleTreatment, "tratamiento": RoleTreatment, "terapias": RoleTreatment, "terapia": RoleTreatment,
	"servicios": RoleTreatment, "injections": RoleTreatment, "protocols": RoleTreatment, "programs": RoleTreatment,
	"conditions": RoleCondition, "condition": RoleCondition, "diseases": RoleCondition, "indications": RoleCondition,
	"padecimientos": RoleCondition, "enfermedades": RoleCondition, "treated": RoleCondition,
	// Portuguese, German, French and Polish (folded: "Ärzte" is "arzte", "preços" is "precos").
	"loja": RoleShop, "carrinho": RoleShop, "produtos": RoleShop, "produto": RoleShop, "sklep": RoleShop, "koszyk": RoleShop, "produkty": RoleShop, "boutique": RoleShop, "panier": RoleShop, "produits": RoleShop, "produit": RoleShop, "warenkorb": RoleShop, "produkte": RoleShop,
	"precos": RolePricing, "preco": RolePricing, "custos": RolePricing, "custo": RolePricing, "pacotes": RolePricing, "preise": RolePricing, "preisliste": RolePricing, "kosten": RolePricing, "honorar": RolePricing, "honorare": RolePricing, "tarife": RolePricing, "gebuhren": RolePricing, "tarifs": RolePricing, "tarif": RolePricing, "prix": RolePricing, "couts": RolePricing, "forfaits": RolePricing, "cennik": RolePricing, "ceny": RolePricing, "cena": RolePricing, "koszt": RolePricing, "koszty": RolePricing, "pakiety": RolePricing,
	"perguntas": RoleFAQ, "duvidas": RoleFAQ, "fragen": RoleFAQ, "haufige": RoleFAQ, "pytania": RoleFAQ, "czesto": RoleFAQ,
	"equipe": RoleAbout, "medicos": RoleAbout, "somos": RoleAbout, "arzte": RoleAbout, "arzt": RoleAbout, "arztin": RoleAbout, "aerzte": RoleAbout, "lebenslauf": RoleAbout, "vita": RoleAbout, "sommes": RoleAbout, "medecins": RoleAbout, "praticiens": RoleAbout, "zespol": RoleAbout, "lekarze": RoleAbout, "lekarz": RoleAbout, "kadra": RoleAbout,
	"publicacoes": RolePublications, "publikationen": RolePublications, "veroffentlichungen": RolePublications, "publikacje": RolePublications,
	"artigos": RoleArticle, "artigo": RoleArticle, "noticia": RoleArticle, "artikel": RoleArticle, "ratgeber": RoleArticle, "aktuelles": RoleArticle, "neuigkeiten": RoleArticle, "magazin": RoleArticle, "forschung": RoleArticle, "pesquisa": RoleArticle, "actualites": RoleArticle, "actus": RoleArticle, "recherche": RoleArticle, "aktualnosci": RoleArticle, "artykuly": RoleArticle, "artykul": RoleArticle, "porady": RoleArticle, "wiadomosci": RoleArticle,
	"depoimentos": RoleTestimonials, "erfahrungen": RoleTestimonials, "erfahrungsberichte": RoleTestimonials, "patientenstimmen": RoleTestimonials, "bewertungen": RoleTestimonials, "temoignages": RoleTestimonials, "avis": RoleTestimonials, "opinie": RoleTestimonials,
	"termos": RoleLegal, "politica": RoleLegal, "impressum": RoleLegal, "datenschutz": RoleLegal, "agb": RoleLegal, "haftungsausschluss": RoleLegal, "rechtliches": RoleLegal, "confidentialite": RoleLegal, "cgv": RoleLegal, "cgu": RoleLegal, "legales": RoleLegal, "regulamin": RoleLegal, "prywatnosci": RoleLegal, "polityka": RoleLegal, "rodo": RoleLegal,
	"contato": RoleContact, "agendamento": RoleContact, "agendar": RoleContact, "kontakt": RoleContact, "termin": RoleContact, "terminvereinbarung": RoleContact, "anfahrt": RoleContact, "rendez": RoleContact, "rdv": RoleContact, "rejestracja": RoleContact, "wizyta": RoleContact,
	"tratamentos": RoleTreatment, "servicos": RoleTreatment, "behandlungen": RoleTreatment, "behandlung": RoleTreatment, "therapie": RoleTreatment, "therapien": RoleTreatment, "leistungen": RoleTreatment, "traitements": RoleTreatment, "traitement": RoleTreatment, "soins": RoleTreatment, "leczenie": RoleTreatment, "terapie": RoleTreatment, "zabiegi": RoleTreatment, "uslugi": RoleTreatment, "oferta": RoleTreatment,
	"doencas": RoleCondition, "condicoes": RoleCondition, "patologias": RoleCondition, "indicacoes": RoleCondition, "erkrankungen": RoleCondition, "krankheiten": RoleCondition, "krankheitsbilder": RoleCondition, "indikationen": RoleCondition, "anwendungsgebiete": RoleCondition, "pathologies": RoleCondition, "maladies": RoleCondition, "schorzenia": RoleCondition, "choroby": RoleCondition, "wskazania": RoleCondition,
}

// roleTypes maps schema.org and OpenGraph types to roles.
var roleTypes = map[string]string{
	"product": RoleShop, "offer": RoleShop, "og:product": RoleShop, "productgroup": RoleShop,
	"blogposting": RoleArticle, "article": RoleArticle, "newsarticle": RoleArticle, "og:article": RoleArticle,
	"scholarlyarticle": RoleArticle, "medicalscholarlyarticle": RoleArticle, "report": RoleArticle,
	"faqpage": RoleFAQ, "qapage": RoleFAQ,
	"physician": RoleAbout, "person": RoleAbout, "profilepage": RoleAbout, "aboutpage": RoleAbout, "og:profile": RoleAbout,
	"contactpage": RoleContact, "reservation": RoleContact,
	"medicalcondition": RoleCondition,
	"medicalprocedure": RoleTreatment, "medicaltherapy": RoleTreatment, "therapeuticprocedure": RoleTreatment, "service": RoleTreatment,
	"review": RoleTestimonials,
}

var roleSplit = regexp.MustCompile(`[^a-z0-9]+`)

// rolePriority breaks ties: the roles that rule out an offer win over the
// ones that suggest one, so a doubtful page is read conservatively.
var rolePriority = []string{RoleShop, RolePublications, RoleLegal, RoleArticle, RoleAbout, RoleTestimonials, RoleFAQ,
	RoleContact, RolePricing, RoleCondition, RoleTreatment}

// pageRole classifies a page from its URL path, title, first heading,
// breadcrumbs, schema.org and OpenGraph types and structure (cart buttons,
// bylines, question headings, citation lines, price density). The home
// page, and a page with no signal, is RoleOther.
func pageRole(rawURL string, doc Doc, claims []Claim) string {
	score := map[string]int{}
	words := func(s string, w int) {
		for _, t := range roleSplit.Split(fold(s).text, -1) {
			if r, ok := roleWords[t]; ok {
				score[r] += w
			}
		}
	}
	path := ""
	if u, err := url.Parse(rawURL); err == nil {
		path = u.Path
	}
	segs := strings.FieldsFunc(strings.TrimSuffix(path, "/index.html"), func(r rune) bool { return r == '/' })
	for i, s := range segs {
		s = strings.TrimSuffix(strings.TrimSuffix(s, ".html"), ".htm")
		w := 2
		if i == 0 {
			w = 3 // the first segment names the section of the site
		}
		words(s, w)
	}
	words(doc.Title, 1)
	words(doc.Meta.H1, 2)
	for i, b := range doc.Meta.Breadcrumbs {
		if i < len(doc.Meta.Breadcrumbs)-1 {
			words(b, 2)
		}
	}
	for _, t := range doc.Meta.Types {
		if r, ok := roleTypes[t]; ok {
			w := 3
			if r == RoleShop {
				w = 1 // clinics mark up treatments as Product/Offer too: a shop needs a cart or its own path
			}
			score[r] += w
		}
	}
	// Structure.
	if doc.Meta.CartButtons > 0 {
		score[RoleShop] += 2 + min(doc.Meta.CartButtons, 3)
	}
	if doc.Meta.Byline {
		score[RoleArticle] += 2
	}
	questions, citations := 0, 0
	for _, u := range doc.Units {
		t := strings.TrimSpace(u.Text)
		if (u.Kind == UnitHeading || u.Kind == UnitItem || u.Kind == UnitParagraph && len(t) < 200) && strings.HasSuffix(t, "?") {
			questions++
		}
		if IsCitation(t) {
			citations++
		}
	}
	if questions >= 4 {
		score[RoleFAQ] += 2 + min(questions/4, 3)
	}
	if citations >= 3 {
		score[RolePublications] += 1 + min(citations/3, 4)
	}
	prices := 0
	for _, c := range claims {
		if c.Kind == KindPrice {
			prices++
		}
	}
	if prices >= 4 {
		score[RolePricing] += 2
	}
	if doc.Meta.Forms > 0 {
		score[RoleContact]++
	}
	best, bestScore := RoleOther, 1 // a single weak signal (a title word) is not enough
	for _, r := range rolePriority {
		if score[r] > bestScore {
			best, bestScore = r, score[r]
		}
	}
	if len(segs) == 0 && best != RoleShop && best != RoleLegal {
		return RoleOther // the home page sells, informs and links: no single role
	}
	return best
}

// citationRe matches a line that reads like a bibliographic reference:
// authors "et al.", a journal volume and pages, a DOI or PMID, a journal
// name with a year.
var citationRe = regexp.MustCompile(`(?i)\bet al\.|\b(19|20)\d\d\s*;\s*\d+|\bdoi:?\s*10\.|\bpmid:?\s*\d|\b(j|j\.|journal|lancet|blood|nejm|pediatrics|bone marrow transplant|biol blood marrow transplant|transplant(ation)? and cellular therapy)\b.{0,60}\b(19|20)\d\d\b`)

// IsCitation reports whether a sentence reads like a bibliographic
// reference or a publication title line (page roles and assessment use it).
func IsCitation(s string) bool { return mayCite(s) && citationRe.MatchString(s) }

// mayCite is citationRe's prefilter: every reference it matches has "et
// al", a DOI or PMID, or a year.
func mayCite(t string) bool {
	if strings.Contains(t, "et al") || strings.Contains(t, "doi") || strings.Contains(t, "DOI") || strings.Contains(t, "PMID") || strings.Contains(t, "pmid") {
		return true
	}
	for i := 0; i+3 < len(t); i++ {
		if (t[i] == '1' && t[i+1] == '9' || t[i] == '2' && t[i+1] == '0') && t[i+2] >= '0' && t[i+2] <= '9' && t[i+3] >= '0' && t[i+3] <= '9' {
			return true
		}
	}
	return false
}
