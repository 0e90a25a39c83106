package extract

import (
	"regexp"
	"strings"
)

// Coordinated organs share the head of a disease class: "lung and kidney
// diseases" names lung disease and kidney disease, "heart, lung and liver
// disease" three classes; "enfermedades del corazón y del pulmón",
// "doenças do coração e dos pulmões", "maladies du cœur et des poumons",
// "choroby serca i płuc" put the head first and the organs after it.
// organWords map a folded organ word to the class id its disease belongs
// to; the words are matched whole (or, for a word ending in "*", as a
// prefix), and only next to a matched class mention.
var organWords = map[string]string{
	// English
	"heart": "heart-disease", "cardiac": "heart-disease", "cardiovascular": "heart-disease",
	"lung": "lung-disease", "pulmonary": "lung-disease", "respiratory": "lung-disease",
	"kidney": "kidney-disease", "renal": "kidney-disease",
	"liver": "liver-disease", "hepatic": "liver-disease",
	"nerve": "neurological-disease", "neurological": "neurological-disease", "brain": "neurological-disease",
	// Spanish
	"corazon": "heart-disease", "cardiacas": "heart-disease", "cardiovasculares": "heart-disease",
	"pulmon": "lung-disease", "pulmones": "lung-disease", "pulmonares": "lung-disease", "respiratorias": "lung-disease",
	"rinon": "kidney-disease", "rinones": "kidney-disease", "renales": "kidney-disease",
	"higado": "liver-disease", "hepaticas": "liver-disease",
	"nervios": "neurological-disease", "neurologicas": "neurological-disease",
	// Portuguese
	"coracao": "heart-disease", "cardiacos": "heart-disease",
	"pulmao": "lung-disease", "pulmoes": "lung-disease",
	"rim": "kidney-disease", "rins": "kidney-disease", "renais": "kidney-disease",
	"figado": "liver-disease",
	"nervos": "neurological-disease", "neurologicos": "neurological-disease",
	// French
	"coeur": "heart-disease", "cardiaques": "heart-disease",
	"poumon": "lung-disease", "poumons": "lung-disease", "pulmonaires": "lung-disease",
	"rein": "kidney-disease", "reins": "kidney-disease", "renaux": "kidney-disease",
	"foie": "liver-disease", "hepatiques": "liver-disease",
	"nerfs": "neurological-disease", "neurologiques": "neurological-disease",
	// German (the first part of a compound: "Herz- und Lungenerkrankungen")
	"herz": "heart-disease", "lungen": "lung-disease", "lunge": "lung-disease", "nieren": "kidney-disease", "niere": "kidney-disease",
	"leber": "liver-disease", "nerven": "neurological-disease",
	// Polish (genitive after "choroby")
	"serca": "heart-disease", "pluc": "lung-disease", "nerek": "kidney-disease", "watroby": "liver-disease", "nerwow": "neurological-disease",
}

// organLinks are the words that may stand between coordinated organs.
var organLinks = map[string]bool{
	"and": true, "or": true, "y": true, "o": true, "e": true, "ou": true, "et": true, "und": true, "oder": true, "sowie": true, "i": true, "lub": true, "oraz": true,
	"the": true, "del": true, "de": true, "la": true, "las": true, "los": true, "do": true, "da": true, "dos": true, "das": true, "du": true, "des": true, "der": true, "le": true, "les": true,
}

// organClassIDs are the class ids organ coordination spreads.
var organClassIDs = map[string]bool{"heart-disease": true, "lung-disease": true, "kidney-disease": true, "liver-disease": true, "neurological-disease": true}

// organ is an organ word coordinated with a class mention: the token that
// names it and the class id of its disease.
type organ struct {
	tok int
	id  string
}

// coordinatedOrgans returns the organs coordinated with a class mention
// over tokens [from, to): to its left when the mention starts with an
// organ word ("lung and kidney diseases"), to its right when the organ ends
// it ("enfermedades del corazón y del pulmón").
func coordinatedOrgans(toks []token, from, to int, id string) []organ {
	if !organClassIDs[id] {
		return nil
	}
	var out []organ
	organAt := func(k int) (string, bool) {
		if k < 0 || k >= len(toks) || toks[k].punct && toks[k].norm != "," {
			return "", false
		}
		o, ok := organWords[toks[k].norm]
		return o, ok
	}
	// Leftwards: "heart, lung and [kidney disease]".
	if _, ok := organAt(from); ok {
		linked := false
		for k := from - 1; k >= 0 && k >= from-12; k-- {
			t := toks[k]
			if t.norm == "," || organLinks[t.norm] {
				linked = true
				continue
			}
			o, ok := organAt(k)
			if !ok || !linked {
				break
			}
			out = append(out, organ{k, o})
			linked = false
		}
	}
	// Rightwards: "[enfermedades del corazón] y del pulmón".
	if _, ok := organAt(to - 1); ok {
		linked := false
		for k := to; k < len(toks) && k < to+12; k++ {
			t := toks[k]
			if t.norm == "," || organLinks[t.norm] {
				linked = true
				continue
			}
			o, ok := organAt(k)
			if !ok || !linked {
				break
			}
			out = append(out, organ{k, o})
			linked = false
		}
	}
	return out
}

// diabetesTypesRe matches what follows a bare "diabetes" mention that names
// both types: "diabetes I and II types", "diabetes type 1 and 2",
// "diabetes tipo 1 y 2", "Diabetes Typ 1 und 2", "cukrzyca typu 1 i 2".
var diabetesTypesRe = regexp.MustCompile(`^\s*(?:mellitus\s+)?(?:(?:de|do|del)\s+)?(?:(?:types?|tipos?|typ|typu|typy)\s+)?(?:1|i|one|uno|um)\s*(?:and|or|&|y|o|e|et|ou|und|oder|i|lub|/|,)\s*(?:(?:de|do|del)\s+)?(?:(?:type|tipo|typ|typu)\s+)?(?:2|ii|two|dos|deux|zwei|dois)\b(?:\s+types?\b)?`)

// type2AfterRe matches what follows a type-1 mention that names type 2 as
// well: "type 1 diabetes and type 2", "diabète de type 1 et de type 2",
// "diabetes tipo 1 y tipo 2", "Diabetes Typ 1 und Typ 2".
var type2AfterRe = regexp.MustCompile(`^\s*(?:and|or|&|y|o|e|et|ou|und|oder|i|lub|/)\s*(?:(?:de|do|del)\s+)?(?:(?:type|tipo|typ|typu)\s+(?:2|ii|two|dos|deux|zwei|dois)\b|(?:2|ii)\s*(?:[.,;:)]|$|diab))`)

// harmBeforeRe matches (folded) the words before a condition that name it
// as a complication or side effect of a treatment: "complications
// include", "side effects such as", "efectos secundarios como",
// "complicações como", "Nebenwirkungen wie", "effets secondaires comme",
// "powikłania, takie jak". The corpus rules do not code such mentions.
// What a disease causes ("osteoarthritis can cause joint pain") is
// education and stays a mention.
var harmBeforeRe = regexp.MustCompile(`\b(?:complications?|side[- ]effects?|adverse (?:events?|effects?|reactions?)|complicaciones|efectos (?:secundarios|adversos)|complicacoes|efeitos (?:colaterais|adversos)|komplikationen|nebenwirkungen|effets (?:secondaires|indesirables)|powiklania|powiklan|skutki uboczne|dzialania niepozadane)\b`)

// harmBefore reports whether the folded text just before a condition
// mention names it as a complication or side effect: a harm word at most
// ten words earlier in the same clause ("complications include
// graft-versus-host disease and stroke"), with no new clause between
// ("complications are rare, and we treat stroke").
func harmBefore(before string) bool {
	if i := strings.LastIndexAny(before, ".;!?"); i >= 0 {
		before = before[i+1:]
	}
	if !mayMatch(before, []string{"complic", "side", "advers", "efect", "efeit", "nebenwirk", "komplik", "effets", "powikl", "skutki", "niepozadan"}) {
		return false
	}
	locs := harmBeforeRe.FindAllStringIndex(before, -1)
	if len(locs) == 0 {
		return false
	}
	rest := strings.Fields(before[locs[len(locs)-1][1]:])
	if len(rest) > 0 && ofWords[rest[0]] {
		return false // "complications of diabetes": the disease, not a harm
	}
	if len(rest) > 10 {
		return false
	}
	for _, w := range rest {
		if clauseOpeners[strings.Trim(w, ",:()")] {
			return false
		}
	}
	return true
}

// harmHeadingRe matches (folded) headings over lists of a treatment's
// complications or side effects.
var harmHeadingRe = regexp.MustCompile(`\b(?:complications?|side[- ]effects?|adverse (?:events?|effects?)|complicaciones|efectos (?:secundarios|adversos)|complicacoes|efeitos (?:colaterais|adversos)|komplikationen|nebenwirkungen|effets (?:secondaires|indesirables)|powiklania|skutki uboczne|dzialania niepozadane)\b`)

// harmList reports whether a unit is an item or row of a list headed by a
// treatment's complications or side effects ("Possible complications",
// "Powikłania", "Nebenwirkungen").
func harmList(u Unit) bool {
	if (u.Kind != UnitItem && u.Kind != UnitRow) || u.Heading == "" {
		return false
	}
	h := fold(u.Heading).text
	loc := harmHeadingRe.FindStringIndex(h)
	if loc == nil {
		return false
	}
	// "Complicaciones de la diabetes" lists what a disease leads to, which
	// the corpus codes; only a treatment's own complications are harms.
	next := strings.Fields(h[loc[1]:])
	return len(next) == 0 || !ofWords[next[0]]
}

// ofWords are (folded) words that make a harm word about a disease:
// "complications of diabetes", "complicaciones de la diabetes",
// "Komplikationen der Zuckerkrankheit", "powikłania cukrzycy" is left
// alone (a genitive, no word for "of").
var ofWords = wordSet{"of": true, "de": true, "del": true, "da": true, "do": true, "des": true, "du": true, "der": true, "von": true, "vom": true}

// approvalWordsRe matches (folded) approval words just before a cell-type
// mention: "no FDA-approved exosome products", "no hay células madre
// aprobadas", "keine zugelassenen Stammzellpräparate". Denying that a
// product is approved says nothing about whether it is used or sold, so
// such a denial does not negate the cell type (the corpus rules negate
// the conditions of such a sentence, not the product).
var approvalWordsRe = regexp.MustCompile(`\b(?:approved|authori[sz]ed|licensed|cleared|aprobad[oa]s?|autorizad[oa]s?|aprovad[oa]s?|zugelassen\w*|genehmigt\w*|autorise\w*|approuve\w*|zatwierdzon\w*|dopuszczon\w*)\b[^.;:!?]{0,24}$`)

// approvalDenied reports whether the text before a negated cell-type
// mention denies its approval rather than its use.
func approvalDenied(before string) bool {
	return mayMatch(before, []string{"approv", "authori", "licens", "clear", "aprob", "autoriz", "aprov", "zugelass", "genehmig", "autoris", "approuv", "zatwierdz", "dopuszcz"}) && approvalWordsRe.MatchString(before)
}
