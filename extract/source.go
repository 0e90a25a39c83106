package extract

import "regexp"

// Cell sources named by tissue or procedure rather than by a product term:
// "stem cells obtained from the patient's own fat", "cells removed from your
// fat", "harvested from the belly in a mini-liposuction", "remove fat tissue
// from a patient, isolate the portion containing stem cells". Such a tissue
// or procedure word names the cell source when a cell word is near it in the
// same sentence; the source then wins for that mention, as a specific
// product phrase does ("adipose-derived stem cells" is adipose-svf only).

// adiposeSourceRe matches (folded) fat-tissue and fat-harvest words. In
// Spanish a bare "grasa" is a source only after "de" or a possessive
// ("células obtenidas de su propia grasa", "células de la grasa abdominal",
// "usamos tu propia grasa"): "transformarse en hueso, cartílago o grasa" and
// "se encuentran en la grasa" are not.
var adiposeSourceRe = regexp.MustCompile(`\b(?:(?:your|their|his|her|the patient's|a patient's|patient's|own|abdominal|belly)\s+)*(?:fat(?:\s+tissue)?|mini-?\s?liposuction|liposuction|lipoaspirat\w*|lipo-?aspiration)\b|\b(?:de\s+(?:(?:la|su|tu|sus|tus)\s+)?|(?:su|tu|sus|tus)\s+)(?:propi[oa]s?\s+)?(?:grasa|tejido graso)(?:\s+(?:abdominal|propia|del abdomen|del vientre|del paciente))?\b|\b(?:mini\s?-?\s?liposuccion|microliposuccion|liposuccion|lipoaspirad\w*|lipoaspiracion|lipoextraccion)\b`)

// cellAnchorRe matches the cell words that make a nearby tissue word a cell
// source; harvest words count only with a harvest procedure (liposuction).
var cellAnchorRe = regexp.MustCompile(`\b(?:stem[- ]cells?|cells?|cellular|svf|celulas?|celular(?:es)?|fvs)\b`)
var harvestAnchorRe = regexp.MustCompile(`\b(?:harvest\w*|extract\w*|isolat\w*|concentrat\w*|processed|injected back|extra[ei]\w*|obten\w*|obtien\w*|aisla\w*|concentra\w*|procesa\w*|reinyecta\w*)\b`)

// fatNotSource are words after "fat" that make it something other than a
// cell source: "fat loss", "fat burning", "fat reduction".
var fatNotSourceRe = regexp.MustCompile(`^\s*(?:loss|burn\w*|reduc\w*|freez\w*|dissolv\w*|removal for|transfer to the (?:breast|buttock)\w*)\b`)

// fatNotSourceBeforeRe are Spanish words before "de grasa" that make it
// something other than a cell source: "pérdida de grasa", "quema de grasa",
// "reducción de grasa localizada".
var fatNotSourceBeforeRe = regexp.MustCompile(`\b(?:perdida|quema|quemar|reduccion|reducir|eliminacion|eliminar|disolucion|disolver|acumulacion|exceso|porcentaje|nivel(?:es)?|bajar)\s*$`)

// grasaNotSourceRe are words after a Spanish fat word that make it
// something other than a cell source: "grasa localizada", "grasa corporal".
var grasaNotSourceRe = regexp.MustCompile(`^\s*(?:localizada|corporal|visceral|saturada|trans|en (?:la )?sangre)\b`)

// marrowSourceRe matches (folded) a bone that marrow is drawn from, after
// "from": "cells harvested from your hip bone", "drawn from the back of the
// hip", "de la cresta ilíaca", "aus dem Beckenkamm", "z talerza
// biodrowego". Without "from" a bone is where cells go ("injected into the
// hip bone"), not where they come from.
var marrowSourceRe = regexp.MustCompile(`\b(?:from|de|del|da|do|aus dem|aus der|z|ze)\s+(?:(?:the|your|their|a|the patient's|patient's|su|tu|la|el|seu|sua|o|ihrem|ihres|votre|votre propre|la|own|propia|propio)\s+)*(?:hip ?bones?|iliac crests?|pelvic bones?|pelvis|back of (?:the|your) hips?|posterior hip|cresta iliaca|hueso de la cadera|hueso iliaco|crista iliaca|osso do quadril|osso iliaco|beckenkamm|beckenknochen|crete iliaque|os iliaque|os de la hanche|talerza biodrowego|kosci biodrowej|grzebienia biodrowego)\b`)

// sourceWindow is how far, in bytes, a cell word may be from a tissue word.
const sourceWindow = 90

// tissueSources adds adipose-svf claims for fat-tissue and liposuction
// words near a cell word, and drops the bare "stem cells" mentions they
// qualify. starts gives the byte offset of each claim's mention in f.text
// (-1 for claims that are not mentions).
func (e *Extractor) tissueSources(out []Claim, starts []int, f folded, toks []token, base Claim, lang string) []Claim {
	out = e.marrowSources(out, starts, f, toks, base, lang)
	text := f.text
	if !mayMatch(text, []string{"fat", "lipo", "grasa", "graso"}) {
		return out
	}
	locs := adiposeSourceRe.FindAllStringIndex(text, maxMatches)
	if len(locs) == 0 {
		return out
	}
	have := false
	for _, c := range out {
		if c.Kind == KindCellType && c.ID == "adipose-svf" && !c.Negated {
			have = true
		}
	}
	if have {
		// The sentence names the fat-derived product itself ("stromal
		// vascular fraction (fat-derived cells)"); the tissue word glosses it.
		return out
	}
	drop := map[int]bool{}
	added := false
	for _, loc := range locs {
		a, b := loc[0], loc[1]
		if fatNotSourceRe.MatchString(text[b:]) || grasaNotSourceRe.MatchString(text[b:]) ||
			fatNotSourceBeforeRe.MatchString(text[max(0, a-20):a]) {
			continue
		}
		lo, hi := max(0, a-sourceWindow), min(len(text), b+sourceWindow)
		window := text[lo:hi]
		procedure := mayMatch(text[a:b], []string{"lipo"})
		if !cellAnchorRe.MatchString(window) && !(procedure && harvestAnchorRe.MatchString(window)) {
			continue
		}
		if negatedAt(toks, tokenAt(toks, a), lang) {
			continue
		}
		for i, c := range out {
			if c.Kind == KindCellType && c.ID == "unspecified" && !c.Negated && starts[i] >= lo && starts[i] < hi {
				drop[i] = true
			}
		}
		if !added {
			c := base
			c.Kind, c.ID = KindCellType, "adipose-svf"
			c.Label = e.vocab.cellByID["adipose-svf"].Label
			c.Text = f.span(a, b)
			out = append(out, c)
			starts = append(starts, a)
			added = true
		}
	}
	if len(drop) == 0 {
		return out
	}
	kept := out[:0]
	for i, c := range out {
		if !drop[i] {
			kept = append(kept, c)
		}
	}
	return kept
}

// specificSources are cell-type ids that name where cells come from; a bare
// "stem cell(s)" right after one of them ("stromal vascular stem cell
// treatments", "Wharton's jelly stem cells") is that source's mention.
var specificSources = map[string]bool{"adipose-svf": true, "bone-marrow": true, "umbilical-cord": true, "cord-blood": true,
	"placental-amniotic": true, "peripheral-blood": true}

// absorbGeneric drops an unspecified hit that directly follows a specific
// source hit (at most one word between, no punctuation).
func absorbGeneric(hits []hit, toks []token) []hit {
	out := hits[:0]
	for i, h := range hits {
		if i > 0 && h.kind == KindCellType && h.id == "unspecified" {
			p := hits[i-1]
			if p.kind == KindCellType && specificSources[p.id] && h.from-p.to <= 1 && !anyPunct(toks[p.to:h.from]) {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

func anyPunct(ts []token) bool {
	for _, t := range ts {
		if t.punct {
			return true
		}
	}
	return false
}

// coordinatedType2Re matches a type-1 diabetes mention that coordinates
// type 2 as well: "type I and II diabetes", "diabetes tipo 1 y 2".
var coordinatedType2Re = regexp.MustCompile(`\b(?:and|or|&|y|o|e|et|ou|und|oder|i|lub)\s+(?:(?:de|do|del)\s+)?(?:(?:type|tipo|typ|typu)\s+)?(?:2|ii|two|dos|deux|zwei|dois)\b`)

// marrowSources adds a bone-marrow claim for a bone that cells are drawn
// from ("cells harvested from your hip bone are concentrated"), and drops
// the bare "stem cells" mentions it qualifies. A sentence that names a
// bone-marrow product, or other cell sources, is left alone.
func (e *Extractor) marrowSources(out []Claim, starts []int, f folded, toks []token, base Claim, lang string) []Claim {
	text := f.text
	if !mayMatch(text, []string{"hip", "iliac", "pelvi", "cresta", "crista", "cadera", "quadril", "becken", "iliaque", "hanche", "biodrow"}) {
		return out
	}
	for _, c := range out {
		if c.Kind == KindCellType && !c.Negated && c.ID != "unspecified" && c.ID != "mesenchymal" {
			return out // "bone marrow aspirate from the iliac crest", "fat from the hip": named already
		}
	}
	loc := marrowSourceRe.FindStringIndex(text)
	if loc == nil {
		return out
	}
	a, b := loc[0], loc[1]
	lo, hi := max(0, a-sourceWindow), min(len(text), b+sourceWindow)
	if !cellAnchorRe.MatchString(text[lo:hi]) || negatedAt(toks, tokenAt(toks, a), lang) {
		return out
	}
	kept := out[:0]
	for i, c := range out {
		if c.Kind == KindCellType && c.ID == "unspecified" && !c.Negated && starts[i] >= lo && starts[i] < hi {
			continue
		}
		kept = append(kept, c)
	}
	c := base
	c.Kind, c.ID = KindCellType, "bone-marrow"
	c.Label = e.vocab.cellByID["bone-marrow"].Label
	c.Text = f.span(a, b)
	return append(kept, c)
}
