package assess

import (
	"regexp"
	"strings"

	"github.com/clinicaudit/clinicaudit/extract"
)

// Words of the language packs (Portuguese, German, French, Polish) that the
// offer model and the rules read. Each pattern of this file is an
// alternative of an English/Spanish pattern of offers.go, rules.go or
// assess.go, written in FOLDED form (lower case, no accents, ł → l,
// ß → ss, œ → oe; see extract.Fold) and matched on the folded text, and
// only on claims of a page in that language (Claim.Lang). English and
// Spanish pages therefore read exactly as before: a pack word never
// widens what an English page is taken to say.

// langRe is an English/Spanish pattern, applied to every page as before,
// with the folded alternatives of the pack languages, each applied only to
// that language's pages.
type langRe struct {
	base *regexp.Regexp
	lang map[string]*regexp.Regexp
}

// packRes compiles one folded pattern per pack language.
func packRes(pt, de, fr, pl string) map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{}
	for l, p := range map[string]string{"pt": pt, "de": de, "fr": fr, "pl": pl} {
		if p != "" {
			m[l] = regexp.MustCompile(p)
		}
	}
	return m
}

// match reports whether s matches the base pattern (on s as given) or the
// alternatives of lang (on s folded).
func (r langRe) match(lang, s string) bool {
	if r.base != nil && r.base.MatchString(s) {
		return true
	}
	return r.pack(lang, s)
}

// pack reports whether s (folded here) matches the alternatives of lang.
func (r langRe) pack(lang, s string) bool {
	x := r.lang[lang]
	return x != nil && x.MatchString(extract.Fold(s))
}

// cellWords: text that names a cell treatment (cellWordsRe).
var cellWords = langRe{cellWordsRe, packRes(
	`\b(celulas?[- ]tronco|celulas? estamina(is|l)|terapias? celular(es)?|celulas? mesenquima(is|l)|celulas? progenitoras|exossom[oa]s?|cordao umbilical|(concentrado|aspirado) de medula( ossea)?|medicina regenerativa)\b`,
	`\b(\w*stammzell\w*|\w*zelltherapie\w*|zell[- ]therapie\w*|zellbehandlung\w*|zellinjektion\w*|mesenchymal\w*|exosom\w*|nabelschnur\w*|knochenmarks?(konzentrat|aspirat)\w*|regenerativ\w* (medizin|zelltherapie\w*))\b`,
	`\b(cellules?[- ]souches?|therapies? cellulaires?|cellules? (mesenchymateuses?|stromales?|progenitrices|regeneratrices)|mesenchymateuses?|exosomes?|cordon ombilical|(concentre|aspirat|aspire) (de |d')?(moelle|medullaire)|medecine regenerative)\b`,
	`\b(komor\w* macierzyst\w*|macierzyst\w* komor\w*|terapi\w* komorkow\w*|leczeni\w* komorkow\w*|komorkoterapi\w*|mezenchymaln\w*|egzosom\w*|pepowin\w*|(koncentrat|aspirat)\w* (ze |z )?szpik\w*|medycyn\w* regeneracyjn\w*)\b`,
)}

// stemWords: a cell product's name says "stem cells" (stemWordRe; the
// "stem"/"madre" checks of rules.go).
var stemWords = langRe{stemWordRe, packRes(
	`tronco|estamina`,
	`stammzell`,
	`souche`,
	`macierzyst`,
)}

// namesStem reports whether a cell-type mention is named as stem cells:
// "amniotic stem cells", "células-tronco do cordão", "Stammzellen aus
// Fettgewebe".
func namesStem(c extract.Claim) bool {
	return stemWords.match(c.Lang, c.Text)
}

// complicationPack: the words before a condition that name it as a
// complication, cause or risk (complicationRe).
var complicationPack = packRes(
	`\b(pode[m]? (causar|provocar|levar a)|causa[rm]?|provoca[rm]?|leva[rm]? a|resulta[rm]? em|risco de|riscos incluem|complicac\w*( como)?|efeitos colaterais( como)?|associad[oa]s? a|devido a|causad[oa]s? por|secundari[oa]s? a)\W+(\w+\W+){0,5}$`,
	`\b(kann|konnen|konnte)? ?(verursach\w*|fuhren zu|fuhrt zu|ausgelost durch|auslos\w*|verschlimmer\w*|risiko (fur|einer|eines|von)|erhoht\w* (das )?risiko|komplikation\w*( wie)?|nebenwirkung\w*( wie)?|in verbindung mit|infolge|aufgrund|verursacht durch|folge von)\W+(\w+\W+){0,5}$`,
	`\b(peu(t|vent) (causer|provoquer|entrainer)|cause[snt]*|provoqu\w*|entrain\w*|risque (de|d')|risques (incluent|comprennent)|complications?( comme| telles? que)?|effets secondaires( comme| tels que)?|associe\w* a|du(e|es|s)? a|cause\w* par|secondaire\w* a)\W+(\w+\W+){0,5}$`,
	`\b(moze|moga)? ?(powodowac|wywolywac|prowadzic do|prowadzi do|powoduje|wywoluje|ryzyk\w* (wystapienia|rozwoju)?|powiklani\w*( takie jak)?|skutki uboczne( takie jak)?|zwiazan\w* z|z powodu|spowodowan\w* przez|wtorn\w* do)\W+(\w+\W+){0,5}$`,
)

// research: a sentence about research rather than the clinic's service
// (researchRe).
var research = langRe{researchRe, packRes(
	`\b(podera\w* (um dia|no futuro)|um dia|no futuro|pesquisadores|cientistas|(um|o|novo|recente|pequeno|grande) (estudo|ensaio)|estudos (sugerem|mostram|indicam|demonstram)|sendo (estudad|testad|investigad)\w*|publicad[oa] (na|no|em)|universidade|camundongos|ratos|modelos animais)\b`,
	`\b(eines tages|in zukunft|kunftig|forscher\w*|wissenschaftler\w*|(eine|die|neue|neuere|aktuelle|kleine|grosse) (studie|studien)|studien (zeigen|deuten|legen|belegen)|untersucht werden|veroffentlicht in|universitat\w*|mausen|ratten|tiermodell\w*|tierversuch\w*)\b`,
	`\b(un jour|a l'avenir|dans le futur|chercheurs|scientifiques|(une|la|nouvelle|recente|petite|grande) etude|etudes (suggerent|montrent|indiquent)|en cours d'etude|publiee? dans|universite|souris|rats|modeles animaux)\b`,
	`\b(pewnego dnia|w przyszlosci|naukowcy|badacze|(nowe|najnowsze|ostatnie|male|duze) badani\w*|badania (sugeruja|pokazuja|wskazuja|dowodza)|opublikowan\w* w|uniwersytet\w*|myszy|szczur\w*|modelach zwierzecych)\b`,
)}

// publicationHeading: headings of publication lists and credentials
// (publicationHeadingRe).
var publicationHeading = langRe{publicationHeadingRe, packRes(
	`\b(publicacoes|referencias|bibliografia|formacao|curriculo|titulos|premios)\b`,
	`\b(publikationen|veroffentlichungen|literatur|quellen|referenzen|ausbildung|werdegang|lebenslauf|mitgliedschaften|auszeichnungen)\b`,
	`\b(publications|references|bibliographie|sources|formation|parcours|cursus|distinctions)\b`,
	`\b(publikacje|bibliografia|literatura|zrodla|wyksztalcenie|przebieg kariery|czlonkostw\w*|nagrody)\b`,
)}

// conditionsHeading: headings of the lists of what a clinic treats
// (conditionsHeadingRe).
var conditionsHeading = langRe{conditionsHeadingRe, packRes(
	`\b(indicacoes|indicad[oa] (para|em)|doencas( tratadas)?|condicoes( tratadas)?|patologias|o que tratamos|tratamos|para quem|quem pode se beneficiar|aplicacoes|tratamentos? (para|de)|terapias? para)\b`,
	`\b(indikationen|anwendungsgebiete|anwendungsbereiche|einsatzgebiete|behandlungsgebiete|behandlungsspektrum|was wir behandeln|wir behandeln|behandelbare|behandelte|fur wen|erkrankungen|krankheitsbilder|beschwerdebilder|behandlungen (bei|von|fur)|therapie (bei|von)|hilft bei|geeignet (fur|bei))\b`,
	`\b(indications|pathologies( traitees)?|maladies( traitees)?|affections( traitees)?|ce que nous traitons|nous traitons|pour qui|qui peut en beneficier|traitements? (pour|des?)|domaines d'application|applications|conditions traitees)\b`,
	`\b(wskazani\w*|schorzeni\w*|choroby|co leczymy|leczymy|dla kogo|zastosowani\w*|kto moze skorzystac|leczenie (chorob|schorzen))\b`,
)}

// target: the words of a sentence that make a condition the target of a
// treatment (targetRe). Polish "na" ("for") is left out: it is also "on",
// "at", "in" in every other sentence.
var target = langRe{targetRe, packRes(
	`\b(para|contra|tratar|tratamos|tratamento\w*|trata\w*|terapi\w*|ajuda\w*|melhora\w*|pacientes com|pessoas com|portadores de|alivi\w*|regenera\w*|recupera\w*|combat\w*)\b`,
	`\b(fur|bei|gegen|behand\w*|therapi\w*|hilft|helfen|linder\w*|verbesser\w*|patienten mit|menschen mit|leiden\w*|regener\w*|heil\w*)\b`,
	`\b(pour|contre|trait\w*|therapi\w*|soign\w*|soulag\w*|amelior\w*|patients (atteints|souffrant)|personnes atteintes|atteint\w* (de|d'|du|des)|souffr\w*|regener\w*|guer\w*)\b`,
	`\b(lecz\w*|terapi\w*|pomag\w*|pomoc\w*|lagodz\w*|poprawi\w*|pacjent\w* z|osob\w* z|cierpi\w*|regener\w*|walk\w*|walcz\w*|przy)\b`,
)}

// voice: the clinic speaks of its own service, or a patient of their own
// treatment (voiceRe). Portuguese "nos" (also "in the") is left out.
var voice = langRe{voiceRe, packRes(
	`\b(nosso|nossa|nossos|nossas|oferecemos|tratamos|realizamos|aplicamos|meu|minha|meus|minhas|eu|fiz|recebi)\b`,
	`\b(wir|unser\w*|uns|ich|mein\w*|mir|mich)\b`,
	`\b(nous|notre|nos|je|j'ai|mon|ma|mes|moi)\b`,
	`\b(my|nasz\w*|oferujemy|leczymy|wykonujemy|stosujemy|ja|moj\w*|mnie|mi)\b`,
)}

// describingHeading: headings under which conditions are described,
// compared or warned of (describingHeadingRe).
var describingHeading = langRe{describingHeadingRe, packRes(
	`\b(sintomas?|sinais|causas?|fatores de risco|complicacoes|riscos?|diagnostico|prevencao|versus|vs|comparac\w*|comparad\w*|alternativas?|mitos?)\b`,
	`\b(symptom\w*|anzeichen|ursache\w*|risikofaktor\w*|komplikation\w*|nebenwirkung\w*|risiken|risiko|diagnos\w*|vorbeugung|pravention|vergleich\w*|versus|vs|alternativ\w*|mythen|mythos)\b`,
	`\b(symptomes?|signes|causes?|facteurs de risque|complications?|effets secondaires|risques?|diagnostic|prevention|versus|vs|compar\w*|alternatives?|mythes?|idees recues)\b`,
	`\b(objaw\w*|przyczyn\w*|czynnik\w* ryzyka|powiklani\w*|skutki uboczne|dzialani\w* niepozadan\w*|ryzyk\w*|diagnoz\w*|diagnosty\w*|profilaktyk\w*|zapobiegani\w*|porownani\w*|versus|vs|alternatyw\w*|mity|mit)\b`,
)}

// clinicOffers: the clinic offers its own treatment in an article
// (clinicOffersRe).
var clinicOffers = langRe{clinicOffersRe, packRes(
	`\b(oferecemos|tratamos|realizamos|aplicamos|nossa (clinica|equipe)|nosso (tratamento|protocolo|programa|centro)|nossos (tratamentos|protocolos|programas|medicos))\b`,
	`\b(wir (bieten|behandeln|fuhren|verabreichen|injizieren|spezialisier)\w*|(unser|unsere|unserer|unseren|unserem) (klinik|praxis|team|arzt|arzte|zentrum|behandlung\w*|therapi\w*|protokoll\w*|programm\w*|injektion\w*|infusion\w*)|bieten wir|behandeln wir)\b`,
	`\b(nous (proposons|offrons|traitons|pratiquons|realisons|injectons|administrons)|notre (clinique|equipe|centre|cabinet|protocole|programme|traitement|therapie)|nos (traitements|protocoles|programmes|injections|medecins))\b`,
	`\b(oferujemy|leczymy|wykonujemy|stosujemy|podajemy|nasz\w* (klinik\w*|zespol\w*|lekarz\w*|centrum|terapi\w*|zabieg\w*|protokol\w*|program\w*|leczeni\w*))\b`,
)}

// patientStory: a patient's own account of their treatment
// (patientStoryRe).
var patientStory = langRe{patientStoryRe, packRes(
	`\b(meu|minha|fiz|recebi|tomei)\b[^.;!?]{0,40}\b(tratamento|infusao|aplicac\w*|injec\w*|terapia|celulas[- ]tronco|procedimento)`,
	`\b(mein\w*|ich (habe|hatte|bekam|erhielt))\b[^.;!?]{0,40}\b(behandlung\w*|infusion\w*|injektion\w*|therapie\w*|\w*stammzell\w*|eingriff\w*)`,
	`\b(mon|ma|j'ai (eu|recu|fait|suivi))\b[^.;!?]{0,40}\b(traitement|infusion|injection|therapie|cellules souches|procedure|seance)`,
	`\b(moj\w*|moja|przeszedlem|przeszlam|otrzymalem|otrzymalam|mialem|mialam)\b[^.;!?]{0,40}\b(leczeni\w*|infuzj\w*|iniekcj\w*|zastrzyk\w*|terapi\w*|zabieg\w*|komor\w* macierzyst\w*)`,
)}

// comparison: a price quoted as a comparison or an industry figure
// (comparisonRe).
var comparison = langRe{comparisonRe, packRes(
	`\b(versus|comparad\w*|comparac\w*|em vez de|alternativas?|outras clinicas|em media|custo medio|pode custar|podem custar|chega a custar|no exterior)\b`,
	`\b(im vergleich|verglichen mit|anstatt|alternativ\w*|andere (kliniken|anbieter|praxen)|anderswo|durchschnittlich|im durchschnitt|kann [^.]{0,50}kosten|konnen [^.]{0,50}kosten|branchenublich\w*|ublicherweise)\b`,
	`\b(par rapport|compare\w*|au lieu de|alternatives?|autres (cliniques|centres|praticiens)|ailleurs|en moyenne|cout moyen|peut couter|peuvent couter)\b`,
	`\b(w porownaniu|porownani\w*|zamiast|alternatyw\w*|inne (kliniki|osrodki|placowki)|gdzie indziej|srednio|srednia cena|sredni koszt|moze kosztowac|moga kosztowac)\b`,
)}

// otherService: services and goods that are not a cell treatment
// (otherServiceRe). travel below lists the travel words of a package.
var otherService = langRe{otherServiceRe, packRes(
	`\b(botox|preenchimento\w*|laser|peeling|massage\w*|quiropraxia|fisioterapia|raio[- ]x|exames?|hormoni\w*|vitaminas?|soroterapia|suplementos?|capsulas|frascos?|frete|consultas?|avaliac\w*|ressonancia|hotel|hoteis|hospedagem|passagens?|proteses?|cirurgia|acido hialuronico|infiltrac\w*|plasma rico em plaquetas|prp|armazenamento|criopreserv\w*|ondas de choque|acupuntura|ozonio\w*|emagrecimento|testosterona|soro de vitaminas)\b`,
	`\b(botox|filler\w*|hyaluron\w*|laser\w*|peeling\w*|massage\w*|chiropraktik|physiotherapie|krankengymnastik|rontgen\w*|untersuchung\w*|hormon\w*|vitamin\w*|nahrungserganzung\w*|kapseln|flaschen?|versand\w*|\w*beratung\w*|ultraschall\w*|erstgesprach\w*|konsultation\w*|mrt|kernspin\w*|labor\w*|blutuntersuchung\w*|hotel\w*|flug\w*|flugen|ubernachtung\w*|kortison\w*|cortison\w*|\w*prothese\w*|operation\w*|prp|eigenblut\w*|einlagerung\w*|lagerung\w*|stosswelle\w*|akupunktur\w*|ozon\w*|abnehm\w*|gewichtsreduktion|testosteron\w*)\b`,
	`\b(botox|acide hyaluronique|laser|peeling|massages?|chiropraxie|osteopathie|kinesitherapie|radiographie|examens?|hormones?|vitamines?|complements? alimentaires?|gelules|flacons?|livraison|consultations?|bilan\w*|irm|analyses|hotel|hotels|vols?|hebergement|cortisone|infiltrations?|protheses?|chirurgie|prp|plasma riche en plaquettes|conservation|stockage|ondes de choc|acupuncture|ozonotherapie|perte de poids|amincissement|testosterone)\b`,
	`\b(botoks|botox|kwas\w* hialuronow\w*|wypelniacz\w*|laser\w*|peeling\w*|masaz\w*|chiropraktyk\w*|fizjoterapi\w*|rehabilitacj\w*|rtg|badani\w*|hormon\w*|witamin\w*|suplement\w*|kapsulk\w*|wysylk\w*|konsultacj\w*|wizyt\w*|rezonans\w*|hotel\w*|nocleg\w*|przelot\w*|steryd\w*|endoprotez\w*|operacj\w*|prp|osocz\w*|przechowywani\w*|fal\w* uderzeniow\w*|akupunktur\w*|ozon\w*|odchudzani\w*|testosteron\w*|kroplowk\w*)\b`,
)}

// banking: fees of a cord-blood or tissue bank (bankingRe).
var banking = langRe{bankingRe, packRes(
	`\b(armazenamento|armazenad\w*|criopreserv\w*|anuidade|por ano|ao ano|anual|kit de coleta)\b`,
	`\b(einlagerung\w*|lagerung\w*|eingelagert|kryokonserv\w*|jahresgebuhr\w*|pro jahr|jahrlich|im jahr|entnahmeset\w*)\b`,
	`\b(conservation|stockage|cryoconserv\w*|cryopreserv\w*|par an|annuel\w*|kit de prelevement)\b`,
	`\b(przechowywani\w*|przechowywan\w*|kriokonserwacj\w*|krioprezerwacj\w*|rocznie|na rok|za rok|oplat\w* roczn\w*|zestaw\w* pobraniow\w*|bankowani\w*)\b`,
)}

// participantPay: payments to trial participants and the costs of a visit
// (participantPayRe). Insurance refunds ("Kosten werden nicht erstattet",
// "non remboursé") are left out: treatment pages say so beside the price.
var participantPay = langRe{participantPayRe, packRes(
	`\b(compensac\w*|ajuda de custo|estacionamento|voce recebera (uma )?(ajuda|compensac\w*|remunerac\w*))\b`,
	`\b(aufwandsentschadigung\w*|fahrtkostenerstattung|parkgebuhr\w*|parken|sie erhalten (eine )?(vergutung|entschadigung))\b`,
	`\b(indemnis\w*|indemnite\w*|defraiement|dedommag\w*|parking|vous recevrez (une |un )?(indemnite|compensation|dedommagement))\b`,
	`\b(rekompensat\w*|zwrot kosztow dojazdu|parking\w*|otrzymasz (rekompensat|zwrot|wynagrodzeni)\w*)\b`,
)}

// treatmentUnit: words of a priced course of treatment (treatmentUnitRe).
var treatmentUnit = langRe{treatmentUnitRe, packRes(
	`\b(aplicac\w*|infusa\w*|infusoes|injec\w*|sessa\w*|sessoes|tratamentos?|protocolos?|pacotes?|doses?|ciclos?)\b`,
	`\b(anwendung\w*|infusion\w*|injektion\w*|sitzung\w*|behandlung\w*|protokoll\w*|paket\w*|dosis|dosen|zyklus|zyklen|kur)\b`,
	`\b(applications?|infusions?|injections?|seances?|traitements?|protocoles?|forfaits?|doses?|cures?|cycles?)\b`,
	`\b(aplikacj\w*|infuzj\w*|iniekcj\w*|wstrzykniec\w*|zastrzyk\w*|sesj\w*|zabieg\w*|terapi\w*|protokol\w*|pakiet\w*|dawk\w*|cykl\w*|leczeni\w*|podan\w*)\b`,
)}

// travelPack: travel and lodging words that treatment packages include
// (travelRe), removed before otherService is asked.
var travelPack = packRes(
	`\b(hotel|hoteis|hospedagem|noites?|traslados?|transfers?|aeroporto|transporte|motorista|passagens?|voos?|acomodac\w*)\b`,
	`\b(hotel\w*|ubernachtung\w*|nachte|nacht|transfer\w*|flughafen\w*|fahrer|flug\w*|unterkunft)\b`,
	`\b(hotel|hotels|hebergement|nuits?|nuitees?|transferts?|aeroport|chauffeur|vols?|logement)\b`,
	`\b(hotel\w*|nocleg\w*|noce|nocy|transfer\w*|lotnisk\w*|kierowc\w*|przelot\w*|zakwaterowani\w*)\b`,
)

// freeStudy: a no-cost statement about taking part in a study
// (freeStudyRe).
var freeStudy = langRe{freeStudyRe, packRes(
	`\b(particip\w*|estudo|ensaio|pesquisa)\b`,
	`\b(teilnahm\w*|teilnehm\w*|studie\w*|prufung\w*|forschung\w*)\b`,
	`\b(particip\w*|etude|essai|recherche)\b`,
	`\b(udzial\w*|uczestni\w*|badani\w*)\b`,
)}

// education: a mention that explains, refers or warns rather than offers
// (educationRe).
var education = langRe{educationRe, packRes(
	`^(o que|como|por que|quem) (e|sao|causa)\b|\b(encaminhamos|encaminhar\w*)\b|\b(algumas|outras|muitas) (clinicas|empresas)\b|\bcuidado com\b|\bsinais de alerta\b`,
	`^(was|wie|warum|wer) (ist|sind|verursacht)\b|\b(uberweisen|uberweisung\w*|verweisen)\b|\b(manche|einige|andere|viele|unseriose) (kliniken|anbieter|unternehmen)\b|\bwarnsignal\w*|\bvorsicht vor\b`,
	`^qu'est[- ]ce qu|^(comment|pourquoi) (se |est|sont)|\b(orientons|adressons)\b|\b(certaines|d'autres|de nombreuses) (cliniques|entreprises)\b|\bmefiez-vous\b|\bsignaux d'alerte\b`,
	`^(czym jest|czym sa|co to jest|co powoduje|jak powstaje)\b|\bkierujemy\b|\b(niektore|inne|liczne) (kliniki|firmy)\b|\buwaga na\b|\bsygnaly ostrzegawcze\b`,
)}

// routePack: the routes of administration (routeRes).
var routePack = map[string]map[string]*regexp.Regexp{
	"intravitreal": packRes(`\b(intravitre\w*|intraocular)\b`, `\b(intravitreal\w*|ins auge|augeninjektion\w*)\b`,
		`\b(intravitreen\w*|intraoculaire)\b`, `\b(doszklistkow\w*|do oka|wewnatrzgalkow\w*)\b`),
	"intrathecal": packRes(`\b(intratecal|puncao lombar)\b`, `\b(intrathekal\w*|lumbalpunktion)\b`,
		`\b(intrathecal\w*|ponction lombaire)\b`, `\b(dokanalow\w*|dooponow\w*|punkcj\w* ledzwiow\w*|nakluci\w* ledzwiow\w*)\b`),
	"intravenous": packRes(`\b(intravenos\w*|endovenos\w*)\b`, `\b(intravenos\w*)\b`, `\b(intraveineu\w*)\b`, `\b(dozyln\w*)\b`),
	"intra-articular": packRes(`\b(intra-?articular\w*|na articulacao)\b`, `\b(intraartikular\w*|intra-artikular\w*|ins gelenk|gelenkinjektion\w*)\b`,
		`\b(intra-?articulaire\w*|dans l'articulation)\b`, `\b(dostawow\w*|do stawu)\b`),
}

// enrolment: trial cues that present the paid service as a study
// (enrolmentRe).
var enrolment = langRe{enrolmentRe, packRes(
	`estudo (clinico|registrado|observacional)|pesquisa clinica|protocolo de pesquisa|taxa de participacao`,
	`studiengebuhr|studienteilnahme|registriert\w* studie|forschungsprotokoll|beobachtungsstudie|anwendungsbeobachtung|teilnahmegebuhr`,
	`etude (enregistree|observationnelle|clinique)|protocole de recherche|frais (d'etude|de participation)`,
	`badani\w* obserwacyjn\w*|protokol\w* badawcz\w*|zarejestrowan\w* badani\w*|eksperyment\w* medyczn\w*|oplat\w* za udzial`,
)}

// riskText and riskHeading: risk cues that list harms, and headings of
// risk sections (riskTextRe, riskHeadingRe).
var (
	riskWordsPack = packRes(
		`\b(riscos?|efeitos (colaterais|adversos)|complicac\w*|advers\w*)\b`,
		`\b(risiko|risiken|nebenwirkung\w*|komplikation\w*|unerwunscht\w*)\b`,
		`\b(risques?|effets (secondaires|indesirables)|complications?|indesirables?)\b`,
		`\b(ryzyk\w*|skutki uboczne|dzialani\w* niepozadan\w*|powiklani\w*)\b`,
	)
	riskText    = langRe{riskTextRe, riskWordsPack}
	riskHeading = langRe{riskHeadingRe, riskWordsPack}
)

// minimising: sentences that name risks only to wave them away
// (minimisingRe).
var minimising = langRe{minimisingRe, packRes(
	`\b(sem (riscos?|efeitos colaterais|complicac\w*)|nenhum risco|leves?|minim[oa]s?|temporari\w*|passageir\w*|dolorimento|hematoma\w*)\b`,
	`\b(kein\w* (risiko|risiken|nebenwirkung\w*|komplikation\w*)|ohne (risiko|risiken|nebenwirkung\w*)|leicht\w*|gering\w*|minimal\w*|vorubergehend\w*|blaue flecken|bluterguss\w*)\b`,
	`\b(aucun (risque|effet secondaire)|sans (risques?|effets? secondaires?)|legers?|legeres?|minimes?|temporaires?|passagers?|passageres?|ecchymose\w*)\b`,
	`\b(brak (ryzyka|skutkow ubocznych|powiklan)|bez (ryzyka|skutkow ubocznych|powiklan)|lagodn\w*|niewielk\w*|minimaln\w*|przejsciow\w*|siniak\w*|krwiak\w*|tkliwosc)\b`,
)}

// diseaseRisk: risks and complications of a disease (diseaseRiskRe).
var diseaseRisk = langRe{diseaseRiskRe, packRes(
	`\b(complicac\w* d[ao]s?|risco de)\b`,
	`\b(komplikation\w* (der|des|von|bei)|risiko (fur|einer|eines))\b`,
	`\b(complications? (de|du|des)|risque (de|d'))\b`,
	`\b(powiklani\w* (cukrzyc\w*|chorob\w*)|ryzyk\w* (wystapienia|rozwoju|zachorowania))\b`,
)}

// resultsVary: disclaimers that state no risk, "results may vary"
// (resultsVaryRe).
var resultsVary = langRe{resultsVaryRe, packRes(
	`^\W*(os )?resultados (individuais )?(podem )?variar\W*$|^\W*resultados individuais\W*$`,
	`^\W*(die )?ergebnisse (konnen )?(individuell )?(variieren|unterschiedlich sein)\W*$|^\W*individuelle ergebnisse\W*$`,
	`^\W*(les )?resultats (individuels )?(peuvent )?varier\W*$|^\W*resultats individuels\W*$`,
	`^\W*(indywidualne )?wyniki (moga sie )?(roznic|sie roznic)\W*$|^\W*wyniki indywidualne\W*$`,
)}

// experimentalPack: a risk cue that says the treatment is experimental
// (the "experimental"/"investigational" checks of disclosesRisk).
var experimentalPack = packRes(
	`\b(experimenta(l|is)|investigacional|em investigacao)\b`,
	`\b(experimentell\w*|in erprobung)\b`,
	`\b(experimenta(l|le|les|ux)|en cours d'evaluation)\b`,
	`\b(eksperymentaln\w*)\b`,
)

// complicationBefore reports whether the folded words just before a
// condition mention name it as a complication, cause or risk in the page's
// pack language (complicationRe is asked first).
func complicationBefore(c extract.Claim) bool {
	x := complicationPack[c.Lang]
	if x == nil {
		return false
	}
	s, t := extract.Fold(c.Sentence), extract.Fold(c.Text)
	i := strings.Index(s, t)
	if i < 0 || t == "" {
		return false
	}
	return x.MatchString(s[max(0, i-80):i])
}

// currencySpan reports whether a condition mention is the currency of a
// price in the same sentence: "CHF 6'900" names Swiss francs, not the
// abbreviation CHF (congestive heart failure).
func currencySpan(c extract.Claim, sentence []extract.Claim) bool {
	for _, o := range sentence {
		if o.Kind == extract.KindPrice && o.Price != nil && c.Text != "" && strings.Contains(o.Text, c.Text) {
			return true
		}
	}
	return false
}
