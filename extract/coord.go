package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds three small rules that run after the vocabulary match of
// a sentence (coordinate) or of a page (hsctCell):
//
//  1. Coordinated joints spread the head: "knee and hip osteoarthritis",
//     "arthritis of the knee and hip", "artrosis de rodilla y cadera",
//     "Knie- und Hüftarthrose", "choroba zwyrodnieniowa kolan i bioder"
//     name knee and hip osteoarthritis (corpus coding rule "Coordination
//     spreads the head").
//  2. A condition named inside the name of a charity, society, association
//     or public institute ("American Diabetes Association", "National
//     Institute of Neurological Disorders and Stroke", "Deutsche Multiple
//     Sklerose Gesellschaft") is not a mention of the condition.
//  3. On a page about blood-forming stem-cell transplants, a bare "stem
//     cells" is the transplant's cells (hsct).

// coordinate applies rules 1 and 2 to a sentence's claims; starts are the
// byte offsets (in f.text) of the claims' mentions and are kept parallel.
func (e *Extractor) coordinate(out []Claim, starts []int, f folded, toks []token, lang string) ([]Claim, []int) {
	if len(out) == 0 {
		return out, starts
	}
	var keep []Claim
	var keepStarts []int
	for i, c := range out {
		if c.Kind != KindCondition || i >= len(starts) {
			keep = append(keep, c)
			if i < len(starts) {
				keepStarts = append(keepStarts, starts[i])
			}
			continue
		}
		from := tokenAt(toks, starts[i])
		to := from + len(tokenize(fold(c.Text).text))
		if from >= len(toks) || to > len(toks) {
			keep = append(keep, c)
			keepStarts = append(keepStarts, starts[i])
			continue
		}
		if inOrgName(toks, from, to, f) {
			continue // rule 2
		}
		spread, keepHead := e.spreadJoints(c, from, to, f, toks, lang)
		if keepHead {
			keep = append(keep, c)
			keepStarts = append(keepStarts, starts[i])
		}
		for _, s := range spread {
			keep = append(keep, s.c)
			keepStarts = append(keepStarts, s.start)
		}
	}
	return keep, keepStarts
}

// ---- Rule 1: coordinated joints ----

// jointOA maps a joint to the condition id of its osteoarthritis.
var jointOA = map[string]string{"knee": "knee-osteoarthritis", "hip": "hip-osteoarthritis", "shoulder": "shoulder-osteoarthritis"}

// jointHeads are the conditions whose head a list of joints can share.
// Rheumatoid arthritis is systemic: "rheumatoid arthritis of the knees and
// hands" is still rheumatoid arthritis, so it is not a head.
var jointHeads = map[string]bool{"osteoarthritis": true, "arthritis": true,
	"knee-osteoarthritis": true, "hip-osteoarthritis": true, "shoulder-osteoarthritis": true}

// genericHead are the heads that name no joint: with joints attached they
// become the joints' osteoarthritis.
var genericHead = map[string]bool{"osteoarthritis": true, "arthritis": true}

// jointWords are the joint words of each language (folded), mapped to
// "knee", "hip", "shoulder", or "" for a joint with no condition id of its
// own (a list may run through it: "artrosis en manos y hombros"). A word
// ending in "*" matches the words that begin with it (Polish inflection).
var jointWords = map[string][]string{
	"en": {"knee=knee", "knees=knee", "hip=hip", "hips=hip", "shoulder=shoulder", "shoulders=shoulder",
		"ankle=", "ankles=", "elbow=", "elbows=", "wrist=", "wrists=", "hand=", "hands=", "finger=", "fingers=",
		"thumb=", "thumbs=", "toe=", "toes=", "foot=", "feet="},
	"es": {"rodilla=knee", "rodillas=knee", "cadera=hip", "caderas=hip", "hombro=shoulder", "hombros=shoulder",
		"tobillo=", "tobillos=", "codo=", "codos=", "muneca=", "munecas=", "mano=", "manos=", "dedo=", "dedos="},
	"pt": {"joelho=knee", "joelhos=knee", "quadril=hip", "quadris=hip", "anca=hip", "ancas=hip", "ombro=shoulder", "ombros=shoulder",
		"tornozelo=", "tornozelos=", "cotovelo=", "cotovelos=", "punho=", "punhos=", "mao=", "maos=", "dedo=", "dedos="},
	"de": {"knie=knee", "knies=knee", "knien=knee", "kniegelenk=knee", "kniegelenks=knee", "kniegelenke=knee", "kniegelenken=knee",
		"huft=hip", "hufte=hip", "huften=hip", "huftgelenk=hip", "huftgelenks=hip", "huftgelenke=hip", "huftgelenken=hip",
		"schulter=shoulder", "schultern=shoulder", "schultergelenk=shoulder", "schultergelenks=shoulder", "schultergelenke=shoulder", "schultergelenken=shoulder",
		"sprunggelenk=", "sprunggelenke=", "sprunggelenken=", "ellbogen=", "ellenbogen=", "handgelenk=", "handgelenke=", "handgelenken=",
		"hand=", "hande=", "handen=", "finger=", "fingern=", "fingergelenke=", "fingergelenken="},
	"fr": {"genou=knee", "genoux=knee", "hanche=hip", "hanches=hip", "epaule=shoulder", "epaules=shoulder",
		"cheville=", "chevilles=", "coude=", "coudes=", "poignet=", "poignets=", "main=", "mains=", "doigt=", "doigts="},
	"pl": {"kolan*=knee", "biodr*=hip", "bioder=hip", "bark*=shoulder", "ramien*=shoulder", "ramion=shoulder", "ramie=shoulder",
		"skokow*=", "lokiec=", "lokci*=", "lokc*=", "nadgarst*=", "dloni=", "dlon=", "palc*=", "palec="},
}

// jointFunction are words a list of joints after its head runs through:
// prepositions, articles, "both", "joint" ("arthritis of the knee and hip
// joints", "Arthrose des Knies und der Hüfte", "stawów kolanowych").
var jointFunction = wordSet{}

// jointBlockAfter, right after the last joint of a list, make it another
// condition ("... and hip replacement", "hombro congelado").
var jointBlockAfter = wordSet{}

// jointBlockBefore, right before the first joint of a list that comes
// before its head, make it another condition ("frozen shoulder and knee
// arthritis").
var jointBlockBefore = wordSet{}

// jointCoordinators join the items of a list of joints, by language; the
// page language's pack coordinators are added to them.
var jointCoordinators = map[string]wordSet{}

type jointWord struct {
	word, joint string
	prefix      bool
}

var jointTable = map[string][]jointWord{}

func init() {
	for l, ws := range jointWords {
		for _, w := range ws {
			word, joint, _ := strings.Cut(w, "=")
			jw := jointWord{word: word, joint: joint}
			if p, ok := strings.CutSuffix(word, "*"); ok {
				jw.word, jw.prefix = p, true
			}
			jointTable[l] = append(jointTable[l], jw)
		}
	}
	for _, w := range strings.Fields(`of the in on at both either your my his her their our a an one two left right joint joints
		de del la las el los en ambas ambos su sus tu tus mi mis articulacion articulaciones derecha izquierda derecho izquierdo
		do da dos das no na nos nas em o os as seu sua seus suas articulacao articulacoes direito direita esquerdo esquerda
		des der die den dem im am an beider beiden beide ihres ihrer ihren von vom linken rechten gelenk gelenke gelenken
		du le les l d au aux deux vos votre ses sa son articulation articulations droit droite gauche
		w obu obydwu staw stawu stawow stawach stawy stawie lewego prawego lewej prawej`) {
		jointFunction[w] = true
	}
	for _, w := range strings.Fields(`pain pains replacement replacements surgery surgeries injury injuries fracture fractures dysplasia
		bursitis tendinitis tendonitis sprain sprains arthroscopy arthroplasty prosthesis implant implants dislocation
		congelado congelada congelados congelado gelee gelees`) {
		jointBlockAfter[w] = true
	}
	for _, w := range strings.Fields(`frozen painful sore replaced artificial dislocated torn broken`) {
		jointBlockBefore[w] = true
	}
	for l, ws := range map[string]string{
		"en": "and or nor", "es": "y e o u ni", "pt": "e ou nem", "de": "und oder sowie bzw beziehungsweise",
		"fr": "et ou", "pl": "i oraz lub albo czy",
	} {
		s := wordSet{}
		for _, w := range strings.Fields(ws) {
			s[w] = true
		}
		jointCoordinators[l] = s
	}
}

// jointLangs are the languages whose joint words apply on a page: English
// and Spanish everywhere (pages mix them), and the page's own.
func jointLangs(lang string) []string {
	if lang == "en" || lang == "es" || jointTable[lang] == nil {
		return []string{"en", "es"}
	}
	return []string{"en", "es", lang}
}

// jointOf returns the joint a token names ("knee", "hip", "shoulder", or
// "" for another joint) and whether it names one.
func jointOf(t token, langs []string) (string, bool) {
	if t.punct {
		return "", false
	}
	for _, l := range langs {
		for _, jw := range jointTable[l] {
			if jw.prefix && strings.HasPrefix(t.norm, jw.word) || !jw.prefix && t.norm == jw.word {
				return jw.joint, true
			}
		}
	}
	return "", false
}

// isCoordinator reports whether a token joins list items on a page in lang.
func isCoordinator(t token, lang string) bool {
	if t.punct {
		return false
	}
	for _, l := range jointLangs(lang) {
		if jointCoordinators[l][t.norm] {
			return true
		}
	}
	return wordsFor(lang).coordinators[t.norm]
}

// ampersandBetween reports whether the text between two tokens holds "&",
// which the tokenizer drops.
func ampersandBetween(f folded, a, b token) bool {
	return a.end <= b.start && strings.Contains(f.text[a.end:b.start], "&")
}

type spreadClaim struct {
	c     Claim
	start int
}

// spreadJoints returns the claims a list of joints coordinated with the
// condition claim c (over tokens [from, to)) adds, and whether c itself is
// kept: a generic head ("arthritis of the knee and hip" read as arthritis)
// is replaced by the joints' osteoarthritis unless the list also names a
// joint with no id of its own.
func (e *Extractor) spreadJoints(c Claim, from, to int, f folded, toks []token, lang string) ([]spreadClaim, bool) {
	if !jointHeads[c.ID] {
		return nil, true
	}
	langs := jointLangs(lang)
	generic := genericHead[c.ID]
	type found struct {
		joint string
		tok   int
	}
	var joints []found
	listFrom, listTo := from, to // token range of head and list

	// Before the head: "knee, hip and shoulder osteoarthritis", "Knie- und
	// Hüftarthrose". The head starts with a joint ("hip osteoarthritis"), is
	// a compound that names one ("Hüftarthrose"), or is generic with a joint
	// right before it ("ankle and knee osteoarthritis" read as osteoarthritis).
	_, headJoint := jointOf(toks[from], langs)
	compound := !generic && to-from == 1 && !headJoint
	if headJoint || compound || generic && from > 0 {
		coord, first := false, -1
		var pre []found
		for j := from - 1; j >= 0 && j >= from-16; j-- {
			t := toks[j]
			if t.norm == "," || isCoordinator(t, lang) {
				coord = coord || isCoordinator(t, lang)
				continue
			}
			if jt, ok := jointOf(t, langs); ok {
				if j+1 < len(toks) && ampersandBetween(f, t, toks[j+1]) {
					coord = true
				}
				pre = append(pre, found{jt, j})
				first = j
				continue
			}
			break
		}
		ok := first >= 0
		if ok && first > 0 && jointBlockBefore[toks[first-1].norm] {
			ok = false
		}
		if ok && generic && !isJointTok(toks[from-1], langs) {
			ok = false // "knee pain and osteoarthritis": no joint right before the head
		}
		if ok && !generic && !coord {
			ok = false // a list needs a coordinator: "knee and hip osteoarthritis"
		}
		if ok {
			// Only the joints left of a separator chain that reaches the head.
			joints = append(joints, pre...)
			listFrom = first
		}
	}

	// After the head: "arthritis of the knee and hip", "artrosis de rodilla
	// y de cadera", "Arthrose des Knies und der Hüfte". The head ends with a
	// joint ("arthritis of the knee"), or is generic and followed by a
	// preposition (or, in Polish, by the joint in the genitive).
	_, tailJoint := jointOf(toks[to-1], langs)
	if to < len(toks) && (tailJoint && !headJoint || generic) {
		startOK := tailJoint && !headJoint
		if generic {
			t := toks[to]
			_, isJ := jointOf(t, langs)
			startOK = !t.punct && !isCoordinator(t, lang) && (jointFunction[t.norm] || isJ && lang == "pl")
		}
		if startOK {
			coord := false
			var post []found
			last := -1
			k := to
			for ; k < len(toks) && k < to+16; k++ {
				t := toks[k]
				if t.norm == "," || isCoordinator(t, lang) {
					coord = coord || isCoordinator(t, lang)
					continue
				}
				if jt, ok := jointOf(t, langs); ok {
					if k > 0 && ampersandBetween(f, toks[k-1], t) {
						coord = true
					}
					post = append(post, found{jt, k})
					last = k
					continue
				}
				if !t.punct && jointFunction[t.norm] {
					continue
				}
				break
			}
			if last >= 0 && last+1 < len(toks) && jointBlockAfter[toks[last+1].norm] {
				post = post[:len(post)-1] // "... and hip replacement"
				last = -1
				if len(post) > 0 {
					last = post[len(post)-1].tok
				}
			}
			if len(post) > 0 && (coord || generic) {
				joints = append(joints, post...)
				listTo = last + 1
			}
		}
	}
	if len(joints) == 0 {
		return nil, true
	}
	keepHead := !generic
	var out []spreadClaim
	seen := map[string]bool{c.ID: !generic}
	for _, j := range joints {
		if j.joint == "" {
			keepHead = true // a joint with no id: the generic mention stays
			continue
		}
		id := jointOA[j.joint]
		cond := e.vocab.condByID[id]
		if seen[id] || cond == nil {
			continue
		}
		seen[id] = true
		n := c
		n.ID, n.Label = id, cond.Label
		n.Text = f.span(toks[listFrom].start, toks[listTo-1].end)
		out = append(out, spreadClaim{n, toks[listFrom].start})
	}
	if len(out) == 0 {
		keepHead = true
	}
	return out, keepHead
}

func isJointTok(t token, langs []string) bool {
	_, ok := jointOf(t, langs)
	return ok
}

// ---- Rule 2: organisation names ----

// orgKeywords are the words that make a capitalised name an organisation
// of the kinds whose names hold conditions without claiming to treat them:
// charities, patient associations, learned societies, federations,
// leagues. "Institute" and "Center" are clinic names as often as public
// ones ("Stem Cell Institute for Autism", "Riviera NeuroCell Institute"),
// so they count only with a public marker ("National Institute of ...",
// "Instituto Nacional de ..."); "Department" only as "Department of ...".
var orgKeywords = wordSet{}

// orgPublic are institute and centre words, organisations only with a
// public marker (orgMarkers) in the name.
var orgPublic = wordSet{}

// orgDepartment are department words, organisations when a connector
// follows them ("Department of Neurology").
var orgDepartment = wordSet{}

// orgMarkers mark a public body.
var orgMarkers = wordSet{}

// orgConnectors are the lower-case words inside a capitalised name.
var orgConnectors = wordSet{}

// orgClinicWords inside a name make it a clinic's or a service's, which
// may claim the condition ("Stem Cell Foundation for Autism").
var orgClinicWords = wordSet{}

func init() {
	for set, words := range map[*wordSet]string{
		&orgKeywords: `association associations foundation society federation league alliance coalition charity
			asociacion fundacion sociedad federacion liga alianza confederacion
			associacao fundacao sociedade federacao alianca
			gesellschaft stiftung vereinigung verband bundesverband
			fondation societe ligue
			fundacja stowarzyszenie towarzystwo zwiazek federacja`,
		&orgPublic:     `institute institutes instituto institutos institut instituts instytut center centre centro centros zentrum centrum`,
		&orgDepartment: `department departamento departement ministerio ministry`,
		&orgMarkers:    `national nacional nacionales nationale nationales narodowy narodowe narodowego krajowy krajowe federal bundes`,
		&orgConnectors: `of for and the on against de del la las el los y e contra para do da dos das no na
			fur und der die des gegen zur zum du le les et pour contre sur l d i dla przeciw ze z`,
		&orgClinicWords: `stem cell cells therapy therapies treatment treatments clinic clinics program programme programs
			our your celulas celula madre madres tratamiento tratamientos terapia terapias clinica programa nuestro nuestra
			tronco estaminais tratamento clinica stammzellen stammzelle stammzelltherapie therapie behandlung klinik
			cellules cellule souches traitement clinique komorki komorek macierzyste macierzystych terapia leczenie klinika`,
	} {
		for _, w := range strings.Fields(words) {
			(*set)[w] = true
		}
	}
}

// capitalised reports whether a token starts with an upper-case letter in
// the original text.
func capitalised(f folded, t token) bool {
	r, _ := utf8.DecodeRuneInString(f.span(t.start, t.end))
	return unicode.IsUpper(r)
}

// possessiveS reports whether toks[i] is the "s" of "Parkinson's".
func possessiveS(f folded, toks []token, i int) bool {
	return toks[i].norm == "s" && toks[i].start > 0 && strings.ContainsAny(f.text[toks[i].start-1:toks[i].start], "'")
}

// inOrgName reports whether the condition mention over tokens [from, to)
// sits inside the capitalised name of an organisation (orgKeywords).
func inOrgName(toks []token, from, to int, f folded) bool {
	// The mention must itself be written as part of a name.
	if !capitalised(f, toks[from]) {
		return false
	}
	nameTok := func(i int) bool {
		t := toks[i]
		if t.punct {
			return false
		}
		return capitalised(f, t) || orgConnectors[t.norm] || possessiveS(f, toks, i)
	}
	// A comma inside a name: "National Heart, Lung, and Blood Institute".
	commaIn := func(i int) bool {
		return toks[i].norm == "," && i > 0 && i+1 < len(toks) && !toks[i-1].punct && capitalised(f, toks[i-1]) &&
			!toks[i+1].punct && (capitalised(f, toks[i+1]) || orgConnectors[toks[i+1].norm])
	}
	lo := from
	for lo > 0 && from-lo < 15 && (nameTok(lo-1) || commaIn(lo-1)) {
		lo--
	}
	hi := to
	for hi < len(toks) && hi-to < 15 && (nameTok(hi) || commaIn(hi)) {
		hi++
	}
	// A name neither starts nor ends with a connector.
	for lo < from && (orgConnectors[toks[lo].norm] || toks[lo].punct) && !capitalised(f, toks[lo]) {
		lo++
	}
	for hi > to && (orgConnectors[toks[hi-1].norm] || toks[hi-1].punct) && !capitalised(f, toks[hi-1]) && !possessiveS(f, toks, hi-1) {
		hi--
	}
	marker := false
	for i := lo; i < hi; i++ {
		if orgMarkers[toks[i].norm] || strings.HasPrefix(toks[i].norm, "bundes") {
			marker = true
		}
	}
	for k := lo; k < hi; k++ {
		t := toks[k]
		if k >= from && k < to || !capitalised(f, t) {
			continue
		}
		kind := ""
		switch {
		case orgKeywords[t.norm] || orgKeywords[t.stem]:
			kind = "org"
		case orgPublic[t.norm] && marker:
			kind = "public"
		case orgDepartment[t.norm] && k < from && k+1 < len(toks) && orgConnectors[toks[k+1].norm]:
			kind = "department"
		}
		if kind == "" {
			continue
		}
		// A clinic's or a service's name may claim the condition.
		clinic := false
		for i := lo; i < hi; i++ {
			if orgClinicWords[toks[i].norm] {
				clinic = true
			}
		}
		if clinic {
			continue
		}
		if kind == "org" && !marker && isTitleCase(toks, f) {
			// In a title-case heading every word is capitalised: only a
			// keyword that closes the name right after the mention counts
			// ("Parkinson's Foundation", "Multiple Sclerosis Society").
			adjacent := k >= to
			for i := to; i < k && adjacent; i++ {
				if orgConnectors[toks[i].norm] && !possessiveS(f, toks, i) {
					adjacent = false
				}
			}
			if !adjacent {
				continue
			}
		}
		return true
	}
	return false
}

// isTitleCase reports whether most words of a sentence of four words or
// more are capitalised, as in headings and titles.
func isTitleCase(toks []token, f folded) bool {
	words, caps := 0, 0
	for i, t := range toks {
		if t.punct || orgConnectors[t.norm] || possessiveS(f, toks, i) {
			continue
		}
		words++
		if capitalised(f, t) {
			caps++
		}
	}
	return words >= 4 && caps*10 >= words*8
}

// ---- Rule 3: stem cells on transplant pages ----

// transplantStems are the stems of transplant words, found inside
// compounds too ("Stammzellentransplantation", "allogreffe").
var transplantStems = []string{"transplant", "trasplant", "greff", "przeszczep"}

// bareStemCells are the bare stem-cell phrases (folded) that, on a page
// about transplants, name the transplant's cells. English takes the plural
// only: a singular "stem cell" is a modifier ("stem cell clinics").
var bareStemCells = map[string]bool{
	"stem cells": true, "celulas madre": true, "celula madre": true, "celulas-madre": true,
	"celulas-tronco": true, "celula-tronco": true, "celulas tronco": true, "celulas estaminais": true, "celula estaminal": true,
	"stammzellen": true, "stammzelle": true, "cellules souches": true, "cellule souche": true, "cellules-souches": true,
}

// hsctCell reports whether an unspecified cell-type claim on a page with
// an hsct claim is one of the transplant's cells: its own words name a
// transplant ("stem cell transplant", "transplante de células-tronco",
// "Stammzellentransplantation", "greffe de cellules souches"), or it is a
// bare, unnegated "stem cells" on a page whose title or first heading
// names the transplant (about is transplantSubject of the page's claims).
func hsctCell(c Claim, about bool) bool {
	t := fold(c.Text).text
	if transplantRe.MatchString(t) {
		return true
	}
	for _, s := range transplantStems {
		if strings.Contains(t, s) {
			return true
		}
	}
	return about && !c.Negated && (bareStemCells[t] || polishBareStemCells(t))
}

// polishBareStemCells reports whether t is an inflected "komórki
// macierzyste" with nothing else.
func polishBareStemCells(t string) bool {
	w := strings.Fields(t)
	return len(w) == 2 && strings.HasPrefix(w[0], "komor") && strings.HasPrefix(w[1], "macierzyst")
}

// transplantSubject reports whether a page's title or first heading holds
// an unnegated hsct claim: the page is about the transplant.
func transplantSubject(claims []Claim) bool {
	for _, c := range claims {
		if c.Kind == KindCellType && c.ID == "hsct" && !c.Negated && c.Subject {
			return true
		}
	}
	return false
}

// tendonWords are (folded) tendon words, for BodyParts.
var tendonWords = []string{"tendon", "tendons", "sehne", "sehnen", "tendon", "tendones", "tendao", "tendoes", "sciegn"}

// BodyParts returns the body parts a text names: "knee", "hip",
// "shoulder" (the joint words of coordination, in English, Spanish and the
// page's language) and "tendon". A price row that names one ("Stammzell-
// therapie Hüfte | CHF 7'900") is the price of that part's treatment.
func BodyParts(text, lang string) map[string]bool {
	out := map[string]bool{}
	langs := jointLangs(lang)
	for _, t := range tokenize(fold(text).text) {
		if j, ok := jointOf(t, langs); ok && j != "" {
			out[j] = true
			continue
		}
		for _, w := range tendonWords {
			if strings.HasPrefix(t.norm, w) {
				out["tendon"] = true
			}
		}
	}
	return out
}
