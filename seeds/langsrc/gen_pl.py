#!/usr/bin/env python3
"""Generates seeds/lang/pl/conditions.csv and celltypes.csv (Polish pack)."""
import csv, io, sys, os

OUT = sys.argv[1]

BOL = ["ból", "bóle", "bólu", "bólem", "bólów", "bólami", "bólach"]


def bol(*rest):
    out = []
    for pre in ("", "przewlekł* ", "uporczyw* ", "przewlekle ", "nawracając* "):
        out += [pre + b + " " + " ".join(rest) for b in BOL]
    return out


def uniq(xs):
    seen, out = set(), []
    for x in xs:
        x = " ".join(x.split())
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


C = {}  # id -> (terms, abbrev)


def cond(id, terms, abbrev=()):
    assert id not in C, id
    C[id] = (uniq(terms), list(abbrev))


cond("knee-osteoarthritis", [
    "chorob* zwyrodnieniow* staw* kolanow*", "chorob* zwyrodnieniow* kolan*",
    "zwyrodnieni* staw* kolanow*", "zwyrodnieni* kolan*", "zwyrodnieni* chrząstk* kolan*",
    "zmian* zwyrodnieniow* kolan*", "zmian* zwyrodnieniow* staw* kolanow*",
    "zmian* zwyrodnieniow* w kolan*", "zmian* zwyrodnieniow* w staw* kolanow*",
    "artroz* kolan*", "artroz* staw* kolanow*", "osteoartroz* kolan*", "osteoartroz* staw* kolanow*",
    "gonartroz*", "ubyt* chrząstk* kolan*", "ubyt* chrząstk* staw* kolanow*",
    "ubyt* chrząstk* w kolan*", "ubyt* chrząstk* stawow* kolan*", "ubyt* chrząstk* stawow* w kolan*",
    "zużyci* chrząstk* w kolan*", "zużyci* chrząstk* kolan*", "starci* chrząstk* w kolan*",
    "zużyt* kolan*", "zwyrodniał* kolan*", "zwyrodniał* staw* kolanow*", "kolan* z artroz*", "kolan* ze zmianami zwyrodnieniowymi", "kolan* ze zwyrodnieni*", "staw* kolanow* z artroz*", "staw* kolanow* ze zmianami zwyrodnieniowymi",
])
cond("hip-osteoarthritis", [
    "chorob* zwyrodnieniow* staw* biodrow*", "chorob* zwyrodnieniow* biodr*",
    "zwyrodnieni* staw* biodrow*", "zwyrodnieni* biodr*", "zmian* zwyrodnieniow* biodr*",
    "zmian* zwyrodnieniow* staw* biodrow*", "artroz* biodr*", "artroz* staw* biodrow*",
    "osteoartroz* biodr*", "osteoartroz* staw* biodrow*", "koksartroz*",
    "ubyt* chrząstk* staw* biodrow*", "zwyrodniał* biodr*", "zwyrodniał* staw* biodrow*", "artroz* bioder", "biodr* z artroz*", "bioder z artroz*", "biodr* ze zmianami zwyrodnieniowymi", "staw* biodrow* z artroz*", "staw* biodrow* ze zmianami zwyrodnieniowymi", "zwyrodnieni* bioder", "chorob* zwyrodnieniow* bioder", "zmian* zwyrodnieniow* bioder", "osteoartroz* bioder",
])
cond("shoulder-osteoarthritis", [
    "chorob* zwyrodnieniow* staw* barkow*", "chorob* zwyrodnieniow* bark*",
    "zwyrodnieni* staw* barkow*", "zwyrodnieni* bark*", "zmian* zwyrodnieniow* bark*",
    "zmian* zwyrodnieniow* staw* barkow*", "artroz* bark*", "artroz* staw* barkow*",
    "osteoartroz* bark*", "omartroz*", "bark* z artroz*", "bark* ze zmianami zwyrodnieniowymi", "staw* barkow* z artroz*",
])
cond("osteoarthritis", [
    "chorob* zwyrodnieniow* staw*", "zwyrodnieni* staw*", "zmian* zwyrodnieniow* staw*",
    "artroz*", "osteoartroz*", "zwyrodnieniow* zapaleni* staw*",
], ["ChZS"])
cond("arthritis", ["zapaleni* staw*", "artretyzm*"])
cond("joint-pain",
     bol("staw*") + bol("kolan*") + bol("biodr*") + bol("bioder") + bol("bark*") + bol("ramieni*") +
     bol("kostki") + bol("stawu skokowego") + bol("nadgarstk*") + bol("łokci*") + bol("łokieć") +
     ["bolące kolan*", "bolących kolan*", "bolące staw*", "bolących staw*", "bolesn* staw*",
      "bolesn* kolan*", "bolesn* bark*", "bolesn* biodr*", "bolesn* biodra", "zespół bolesnego barku", "zespołu bolesnego barku", "bolesnoś* staw*", "bolesnoś* kolan*", "dolegliwoś* bólow* staw*",
      "dolegliwoś* bólow* kolan*", "dolegliwoś* bólow* bark*", "dolegliwoś* bólow* biodr*",
      "bolą kolana", "bolą stawy", "bolało kolano", "boli kolano", "boli bark", "boli biodro",
      "artralgi*"])
cond("sports-injury", ["kontuzj* sportow*", "uraz* sportow*", "kontuzj* u sportowców",
                       "uraz* u sportowców", "kontuzj* sportowc*", "urazów sportowych"])
cond("tendon-injury", [
    "tendinopati*", "tendinoz*", "zapaleni* ścięg*", "uszkodzeni* ścięg*", "zerwani* ścięg*",
    "naderwani* ścięg*", "uraz* ścięg*", "przeciążeni* ścięg*", "entezopati*",
    "łokieć tenisisty", "łokcia tenisisty", "łokciem tenisisty", "łokciu tenisisty",
    "łokieć golfisty", "łokcia golfisty", "łokciem golfisty",
    "zapaleni* nadkłykci*", "kolan* skoczka", "zapaleni* przyczep* ścięg*",
])
cond("ligament-injury", [
    "uszkodzeni* więzad*", "zerwani* więzad*", "naderwani* więzad*", "uraz* więzad*",
    "skręceni* z uszkodzeniem więzad*", "niewydolnoś* więzad*", "uszkodzeni* ACL",
    "zerwani* ACL", "naderwani* ACL", "uraz* ACL", "uszkodzon* więzad*", "zerwan* więzad*",
])
cond("rotator-cuff-injury", [
    "stoż* rotator*", "pierścieni* rotator*", "pierścień rotatorów", "mankiet* rotator*",
])
cond("back-pain",
     bol("kręgosłup*") + bol("pleców") + bol("krzyża") + bol("lędźwiow*") + bol("odcinka lędźwiowego") +
     bol("dolnego odcinka kręgosłupa") + bol("w dolnej części pleców") + bol("dolnej części pleców") +
     bol("odcink* lędźwiow*") + bol("kręgosłup* lędźwiow*") +
     ["lumbalgi*", "rwa kulszowa", "rwy kulszowej", "rwą kulszową", "rwie kulszowej", "rwę kulszową",
      "dolegliwoś* bólow* kręgosłup*", "dolegliwoś* bólow* pleców", "bolący kręgosłup", "boli kręgosłup",
      "bolą plecy", "bolesn* kręgosłup*", "ischialgi*", "korzeniow* zespół bólow*", "lumbago"])
cond("disc-disease", [
    "dyskopati*", "przepuklin* dysk*", "przepuklin* krąż* międzykręgow*", "przepuklin* jądra miażdżystego",
    "przepuklin* kręgosłup*", "wypuklin* dysk*", "wypuklin* krąż* międzykręgow*", "wysunięci* dysk*",
    "wypadnięci* dysk*", "zwyrodnieni* dysk*", "zwyrodnieni* krąż* międzykręgow*",
    "degeneracj* dysk*", "degeneracj* krąż* międzykręgow*", "uszkodzeni* dysk*", "uszkodzon* dysk*",
    "wypadnięt* dysk*", "protruzj* dysk*", "protruzj* krąż*", "ekstruzj* dysk*",
])
cond("neck-pain",
     bol("szyi") + bol("karku") + bol("kręgosłup* szyjn*") + bol("odcink* szyjn*") + bol("szyjn*") +
     ["cervicalgi*", "cerwikalgi*", "dolegliwoś* bólow* szyi", "dolegliwoś* bólow* kręgosłup* szyjn*",
      "bolący kark", "boli kark"])
cond("chronic-pain",
     [f"przewlekł* {b}" for b in BOL] + [f"{b} przewlekł*" for b in BOL] +
     ["zespół przewlekłego bólu", "zespoł* bólu przewlekłego", "przewlekł* dolegliwoś* bólow*",
      "uporczyw* ból", "uporczyw* bóle", "uporczyw* bólu"])
cond("osteoporosis", ["osteoporoz*", "osteopeni*", "utrat* masy kostnej", "ubyt* masy kostnej",
                      "niska gęstość kości", "niskiej gęstości kości", "obniżon* gęstoś* kości",
                      "kruchoś* kości", "łamliwoś* kości", "zrzeszotnieni* kości"])
cond("neuropathy", ["neuropati*", "polineuropati*", "mononeuropati*",
                    ] + bol("neuropatyczn*") + [
                    "uszkodzeni* nerw* obwodow*", "neuropati* cukrzycow*",
                    "cukrzycow* neuropati*", "neuralgi*", "nerwoból*"])
cond("multiple-sclerosis", ["stwardnieni* rozsian*", "sclerosis multiplex", "postępując* SM",
                            "stwardnieni* rozsian* rzutowo remisyjn*"], ["SM", "RRMS", "SPMS", "PPMS"])
cond("als", ["stwardnieni* zanikow* boczn*", "chorob* neuronu ruchowego", "chorob* neuronów ruchowych",
             "chorob* neuronu ruchu", "Gehrig*", "zanikow* boczn* stwardnieni*"], ["SLA"])
cond("parkinsons", ["Parkinson*", "chorob* Parkinsona", "drżączk* poraźn*"], ["ChP"])
cond("alzheimers", ["Alzheimer*", "chorob* Alzheimera", "demencj*", "otępieni* starcz*",
                    "otępieni* naczyniow*", "otępieni* czołowo skroniow*", "otępieni* z ciałami Lewy",
                    "otępieni* z ciałami Lewy'ego", "zespoł* otępienn*", "otępieni* typu alzheimerowskiego",
                    "chorob* otępienn*", "otępieni* mieszan*", "otępieni* w chorobie"], ["ChA"])
cond("stroke", ["udar", "udaru", "udarze", "udarem", "udary", "udarów", "udarach", "udarami",
                "udar* mózg*", "udar* niedokrwienn*", "udar* krwotoczn*", "udar* mózgow*",
                "po udarze", "wylew* krwi do mózg*", "wylew* do mózg*", "po wylewie", "wylew* mózgow*",
                "zawał* mózg*", "incydent* naczyniowo mózgow*",
                "zator* mózgow*", "poudarow*"])
cond("cerebral-palsy", ["mózgow* porażeni* dziecięc*", "porażeni* mózgow*", "dziecięc* porażeni* mózgow*"],
     ["MPD"])
cond("spinal-cord-injury", ["uraz* rdzen*", "uszkodzeni* rdzen*", "urazow* uszkodzeni* rdzen*",
                            "przerwani* rdzen*", "paraplegi*", "tetraplegi*", "kwadriplegi*", "paraplegik*",
                            "tetraplegik*", "pourazow* uszkodzeni* rdzen*", "porażeni* czterokończynow*",
                            "niedowład* czterokończynow*", "uraz* kręgosłup* z uszkodzeniem rdzen*"])
cond("traumatic-brain-injury", ["uraz głowy", "urazy głowy", "urazu głowy", "urazem głowy", "urazów głowy",
                                "uraz* czaszkowo mózgow*", "uraz* mózg*", "urazow* uszkodzeni* mózg*",
                                "pourazow* uszkodzeni* mózg*", "wstrząśnieni* mózg*",
                                "uraz* czaszki", "zespół po wstrząśnieniu mózgu"])
cond("epilepsy", ["padaczk*", "epilepsj*", "napad* padaczkow*", "zespół Lennoxa", "zespół Dravet",
                  "padaczkow*"])
cond("muscular-dystrophy", ["dystrofi* mięśniow*", "dystrofi* Duchenne*", "dystrofi* Beckera",
                            "mięśniow* dystrofi*", "dystrofinopati*"], ["DMD"])
cond("cerebral-adrenoleukodystrophy", ["adrenoleukodystrofi*", "mózgow* adrenoleukodystrofi*"], [])
cond("metachromatic-leukodystrophy", ["leukodystrofi* metachromatyczn*", "metachromatyczn* leukodystrofi*"])
cond("autism", ["autyzm*", "autyst*", "spektrum autyzmu", "zaburzeni* ze spektrum autyzmu",
                "spektrum zaburzeń autystycznych", "Asperger*", "całościow* zaburzeni* rozwojow*"], ["ASD"])
cond("lupus", ["toczeń", "tocznia", "toczniem", "toczniu", "toczeń rumieniowaty układowy",
               "tocznia rumieniowatego układowego", "toczniow* zapaleni* nerek", "toczeń układowy",
               "tocznia układowego"], ["TRU"])
cond("rheumatoid-arthritis", ["reumatoidaln* zapaleni* staw*", "gościec", "gośćca", "gośćcem",
                              "gościec przewlekle postępujący", "reumatoidaln* zapaleni* stawu"], ["RZS"])
cond("crohns-disease", ["chorob* Crohna", "chorob* Leśniowskiego Crohna", "Crohn*", "Leśniowsk* Crohn*"],
     ["ChLC"])
cond("perianal-fistula", ["przetok* okołoodbytnicz*", "przetok* odbytu", "przetok* odbytnicz*",
                          "przetok* okołoodbytow*", "przetok* okolicy odbytu", "przetok* odbytniczo*"])
cond("systemic-sclerosis", ["twardzin*", "twardzin* układow*", "stwardnieni* układow*",
                            "układow* twardzin*"])
cond("copd", ["przewlekł* obturacyjn* chorob* płuc", "rozedm*", "przewlekł* zapaleni* oskrzeli",
              "obturacyjn* chorob* płuc"], ["POChP", "POCHP"])
cond("heart-failure", ["niewydolnoś* serca", "niewydolnoś* mięśnia sercowego", "niewydolnoś* krążenia",
                       "zastoinow* niewydolnoś* serca", "kardiomiopati*", "przewlekł* niewydolnoś* serca",
                       "niewydolnoś* lewokomorow*", "niewydolnoś* prawokomorow*"], ["HFrEF"])
cond("myocardial-infarction", ["zawał", "zawału", "zawałem", "zawały", "zawałów", "zawale", "zawałach", "zawałami", "po zawale",
                               "zawał* serca", "zawał* mięśnia sercowego", "zawał* mięśnia serca",
                               "ostr* zawał*", "pozawałow*", "atak serca", "ataku serca", "ataki serca"], ["NSTEMI", "STEMI"])
cond("heart-disease", ["chorob* serca", "chorob* sercowo naczyniow*", "chorob* układu krążenia",
                       "chorob* niedokrwienn* serca", "chorob* wieńcow*", "schorzeni* kardiologiczn*",
                       "chorob* kardiologiczn*", "schorzeni* serca", "schorzeni* sercowo naczyniow*",
                       "problem* z sercem", "problem* kardiologiczn*", "kardiologiczn* problem*",
                       "schorzeni* układu krążenia", "choroby serca", "niedokrwieni* mięśnia sercowego",
                       "miażdżyc* tętnic wieńcowych", "kardiopati*", "dolegliwoś* kardiologiczn*",
                       "chor* na serce", "chorych na serce"], ["ChNS"])
cond("pulmonary-fibrosis", ["zwłóknieni* płuc", "włóknieni* płuc", "idiopatyczn* włóknieni* płuc",
                            "śródmiąższow* chorob* płuc", "śródmiąższow* zapaleni* płuc",
                            "chorob* śródmiąższow* płuc", "pozapaln* zwłóknieni* płuc"], ["IWP", "IPF"])
cond("asthma", ["astm*", "dychawic* oskrzelow*"])
cond("critical-limb-ischemia", ["krytyczn* niedokrwieni* kończyn*", "niedokrwieni* kończyn*",
                                "miażdżyc* tętnic kończyn dolnych", "miażdżyc* zarostow*",
                                "chorob* tętnic obwodowych", "Buerger*", "zakrzepowo zarostow* zapaleni* naczyń",
                                "przewlekł* niedokrwieni* kończyn*", "miażdżyc* kończyn dolnych",
                                "niedrożnoś* tętnic kończyn*"], ["KNKD"])
cond("type-1-diabetes", ["cukrzyc* typu 1", "cukrzyc* typu I", "cukrzyc* typu pierwszego",
                         "cukrzyc* insulinozależn*", "cukrzyc* młodzieńcz*", "cukrzyc* typ 1",
                         "cukrzyc* typu 1 i 2", "cukrzyc* typu I i II", "cukrzyc* t1",
                         "cukrzyc* typu 1 lub 2", "cukrzyc* typu 1 oraz 2"], ["T1D", "T1DM", "DM1"])
cond("type-2-diabetes", ["cukrzyc* typu 2", "cukrzyc* typu II", "cukrzyc* typu drugiego",
                         "cukrzyc* insulinoniezależn*", "cukrzyc* typ 2", "cukrzyc* t2"],
     ["T2D", "T2DM", "DM2"])
cond("diabetes", ["cukrzyca", "cukrzycy", "cukrzycę", "cukrzycą", "diabetyk", "diabetyka", "diabetycy",
                  "diabetyków", "diabetykom", "diabetykami", "diabetyczka", "diabetyczki", "diabetyczek"])
cond("kidney-disease", ["przewlekł* chorob* nerek", "chorob* nerek", "niewydolnoś* nerek",
                        "niewydolnoś* nerkow*", "nefropati*", "schorzeni* nerek", "uszkodzeni* nerek",
                        "przewlekł* niewydolnoś* nerek", "chorob* nerki", "nefropati* cukrzycow*"],
     ["PChN", "CKD"])
cond("liver-disease", ["marskoś* wątroby", "marskoś*", "chorob* wątroby", "niewydolnoś* wątroby",
                       "zwłóknieni* wątroby", "włóknieni* wątroby", "stłuszczeni* wątroby",
                       "schorzeni* wątroby", "stłuszczeniow* chorob* wątroby", "uszkodzeni* wątroby"],
     ["NAFLD", "MASLD"])
cond("anti-aging", ["przeciwstarzeniow*", "odmładzani*", "odmłodzeni* organizmu", "odmłodzeni*",
                    "anti age", "antiaging", "długowiecznoś*", "spowolnieni* starzeni*",
                    "spowalniani* starzeni*", "odwróceni* starzeni*", "odwracani* starzeni*",
                    "odwróceni* procesu starzenia", "hamowani* starzeni*", "terapi* longevity",
                    "medycyn* anti aging", "longevity", "medycyn* longevity", "program* longevity", "medycyn* przeciwstarzeniow*", "odmładzając* terapi*"])
cond("frailty", ["zespoł* kruchości", "sarkopeni*", "kruchoś* starcz*",
                 "zespoł* kruchości starczej"])
cond("skin-rejuvenation", ["odmładzani* twarz*", "odmładzani* skóry", "odmłodzeni* twarz*", "odmłodzeni* skóry",
                           "rewitalizacj* skóry", "rewitalizacj* twarz*", "zmarszczka", "zmarszczki", "zmarszczek", "zmarszczkom", "zmarszczkami", "zmarszczkach", "zmarszczkę", "starzeni* skóry",
                           "starzeni* się skóry", "fotostarzeni*", "blizn* potrądzikow*", "blizn* po trądziku",
                           "odmładzani* skór*", "wiotkoś* skóry", "utrat* jędrności skóry"])
cond("hair-loss", ["łysieni*", "wypadani* włosów", "utrat* włosów", "alopecj*", "przerzedzeni* włosów",
                   "przerzedzając* się włos*", "łysin*", "łysiejąc*", "nadmiern* wypadani* włosów"])
cond("soft-tissue-defect", ["ubyt* tkan* miękk*", "ubyt* tkan* podskórn*", "defekt* tkan* miękk*",
                            "defekt* tkan* podskórn*", "ubyt* tkanki tłuszczowej podskórnej"])
cond("erectile-dysfunction", ["zaburzeni* erekcji", "zaburzeni* wzwodu", "impotencj*", "dysfunkcj* erekcji",
                              "dysfunkcj* erekcyjn*", "zaburzeni* erekcyjn*", "problem* z erekcją",
                              "problem* ze wzwodem", "niemoc* płciow*"])
cond("macular-degeneration", ["zwyrodnieni* plamki", "zwyrodnieni* plamk*", "dystrofi* plamki",
                              "chorob* Stargardta", "Stargardt*", "zwyrodnieni* plamki żółtej związan* z wiekiem"],
     ["AMD"])
cond("retinitis-pigmentosa", ["barwnikow* zwyrodnieni* siatkówki", "zwyrodnieni* barwnikow* siatkówki",
                              "dystrofi* siatkówki", "retinopati* barwnikow*", "zwyrodnieni* siatkówki",
                              "dziedziczn* chorob* siatkówki", "dziedziczn* dystrofi* siatkówki"])
cond("optic-nerve-disease", ["jaskra", "jaskry", "jaskrę", "jaskrą", "jaskrze", "jaskrow*",
                             "zanik* nerw* wzrokow*", "zapaleni* nerw* wzrokow*", "neuropati* nerw* wzrokow*",
                             "neuropati* wzrokow*", "uszkodzeni* nerw* wzrokow*", "chorob* nerw* wzrokow*",
                             "atrofi* nerw* wzrokow*", "neuropati* Lebera"], ["LHON"])
cond("limbal-stem-cell-deficiency", ["niedob* komór* macierzyst* rąbka", "niedob* komór* macierzyst* rąbka rogówki",
                                     "niewydolnoś* rąbka rogówki", "niewydolnoś* rąbka", "niedob* rąbka",
                                     "niedob* komór* rąbka", "niewydolnoś* komór* macierzyst* rąbka"], ["LSCD"])
cond("covid-19", ["koronawirus*", "zakażeni* SARS CoV 2", "zakażeni* koronawirus*", "covidow*"])
cond("long-covid", ["zespół pocovidowy", "zespołu pocovidowego", "zespołem pocovidowym", "pocovidow*",
                    "postcovidow*", "zespoł* post COVID", "zespoł* po COVID", "powikłani* po COVID",
                    "powikłani* pocovidow*", "długi COVID", "długiego COVID", "przewlekł* COVID",
                    "następstw* COVID", "następstw* przebytego COVID", "odległ* skutk* COVID"])
cond("cancer", ["nowotwór", "nowotworu", "nowotworem", "nowotworze", "nowotwory", "nowotworom", "nowotworami", "nowotworach", "nowotworow*", "rak", "raka", "rakiem", "raku", "raków", "guz", "guza", "guzy", "guzów", "guzem",
                "guzami", "guzach", "nowotwór złośliwy", "choroba nowotworowa", "chorob* nowotworow*",
                "guz nowotworowy", "guzy nowotworowe", "guza nowotworowego", "guzów nowotworowych", "złośliw* nowotwór", "złośliw* nowotwory", "złośliw* nowotworu", "złośliw* nowotworow*", "guzy lite", "guz lity", "guzów litych", "guzami litymi", "zmian* nowotworow*", "chorob* onkologiczn*",
                "nowotwór"])
cond("blood-cancer", ["nowotwor* krwi", "nowotwor* hematologiczn*", "nowotwor* układu krwiotwórczego",
                      "rak krwi", "raka krwi", "chorob* rozrostow* układu krwiotwórczego",
                      "nowotwor* układu krwiotwórczego i chłonnego", "hematologiczn* chorob* nowotworow*",
                      "hematologiczn* nowotwor*", "chorob* rozrostow* krwi", "nowotwor* krwi i szpiku",
                      "nowotwor* hematoonkologiczn*", "chorob* hematoonkologiczn*", "nowotwor* szpiku",
                      "chorob* nowotworow* krwi", "złośliw* chorob* krwi", "nowotwor* złośliw* krwi",
                      "hematologiczn* nowotwor* złośliw*", "chorob* nowotworow* układu krwiotwórczego"])
cond("leukemia", ["białacz*", "białaczk*"])
cond("acute-myeloid-leukemia", ["ostr* białaczk* szpikow*", "ostr* białaczk* mieloblastyczn*",
                                "ostr* białaczk* mieloidaln*", "ostr* białaczk* nielimfoblastyczn*"],
     ["OSZ"])
cond("acute-lymphoblastic-leukemia", ["ostr* białaczk* limfoblastyczn*", "ostr* białaczk* limfatyczn*",
                                      "ostr* białaczk* limfocytow*"], ["OBL"])
cond("chronic-myeloid-leukemia", ["przewlekł* białaczk* szpikow*", "przewlekł* białaczk* mieloidaln*"],
     ["PBSz"])
cond("lymphoma", ["chłoniak*", "ziarnic*", "chłoniak* Hodgkina", "chłoniak* nieziarniczy*",
                  "chłoniak* nie Hodgkina", "chłoniak* nieHodgkina", "Hodgkina"], ["NHL", "DLBCL"])
cond("multiple-myeloma", ["szpiczak*", "szpiczak* mnog*", "szpiczak* plazmocytow*"])
cond("myelodysplastic-syndrome", ["zespoł* mielodysplastyczn*", "mielodysplazj*"], ["MDS"])
cond("aplastic-anemia", ["niedokrwistoś* aplastyczn*", "anemi* aplastyczn*", "aplazj* szpiku",
                         "niewydolnoś* szpiku", "Fanconi*", "ciężk* niedokrwistoś* aplastyczn*",
                         "niewydolnoś* szpiku kostnego"])
cond("sickle-cell-disease", ["niedokrwistoś* sierpowatokrwinkow*", "anemi* sierpowat*",
                             "sierpowatokrwinkow*", "chorob* sierpowatokrwinkow*", "anemi* sierpowatokrwinkow*",
                             "niedokrwistoś* sierpowat*"])
cond("thalassemia", ["talasemi*", "beta talasemi*", "niedokrwistoś* Cooleya", "Cooley*"])
cond("primary-immunodeficiency", ["pierwotn* niedob* odporności", "ciężk* złożon* niedob* odporności",
                                  "Wiskott*", "pierwotn* niedob* odpornościow*", "wrodzon* niedob* odporności",
                                  "złożon* niedob* odporności"], ["SCID"])
cond("gvhd", ["chorob* przeszczep* przeciw* gospodarz*", "chorob* przeszczep przeciw* gospodarz*",
              "reakcj* przeszczep* przeciw* gospodarz*", "przeszczep przeciwko gospodarzowi"],
     ["GVHD", "GvHD", "aGVHD", "cGVHD"])
cond("meniscus-tear", ["uszkodzeni* łąkot*", "uraz* łąkot*", "pęknięci* łąkot*", "naderwani* łąkot*",
                       "zerwani* łąkot*", "uszkodzon* łąkot*", "uszkodzeni* menisk*", "uraz* menisk*",
                       "pęknięci* menisk*", "uszkodzon* menisk*", "naderwan* łąkot*", "pęknięt* łąkot*",
                       "rozdarci* łąkot*", "zerwan* łąkot*", "naderwani* menisk*", "zerwani* menisk*"])
cond("plantar-fasciitis", ["zapaleni* rozcięg* podeszwow*", "fasciopati* podeszwow*",
                           "entezopati* rozcięg* podeszwow*", "zapaleni* powięzi podeszwowej",
                           "zapaleni* rozcięg* stopy"])
cond("avascular-necrosis", ["martwic* jałow*", "martwic* aseptyczn*", "jałow* martwic*", "osteonekroz*",
                            "martwic* głowy kości udowej", "martwic* kości", "martwic* niedokrwienn* kości",
                            "aseptyczn* martwic*", "jałowa martwica"], ["AVN"])
cond("spinal-stenosis", ["stenoz* kanał* kręgow*", "zwężeni* kanał* kręgow*", "stenoz* kręgosłup*",
                         "stenoz* lędźwiow*", "stenoz* odcinka lędźwiowego", "zwężeni* kanał* kręgosłup*",
                         "stenoz* szyjn*", "ciasnot* kanał* kręgow*", "ciasnot* kanał*"])
cond("fibromyalgia", ["fibromialgi*"])
cond("lyme-disease", ["boreliaz*", "chorob* z Lyme", "chorob* Lyme", "neuroboreliaz*", "przewlekł* boreliaz*"])
cond("ulcerative-colitis", ["wrzodziejąc* zapaleni* jelita grubego", "wrzodziejąc* zapaleni* jelit*",
                            "wrzodziejąc* zapaleni* okrężnicy"], ["WZJG"])
cond("psoriasis", ["łuszczyc*"])
cond("peyronies-disease", ["Peyronie*", "chorob* Peyroniego", "stwardnieni* plastyczn* prącia",
                           "skrzywieni* prącia"])
cond("urinary-incontinence", ["nietrzymani* moczu", "popuszczani* moczu", "wysiłkow* nietrzymani* moczu",
                              "gubieni* moczu", "mimowoln* oddawani* moczu"], ["NTM"])
cond("down-syndrome", ["zespoł* Downa", "trisomi* 21", "trisomi* chromosomu 21"])
cond("adhd", ["zespoł* nadpobudliwoś* psychoruchow*", "nadpobudliwoś* psychoruchow*",
              "zespoł* deficytu uwagi", "zaburzeni* hiperkinetyczn*", "zespoł* hiperkinetyczn*",
              "deficyt* uwagi z nadpobudliwością"])
cond("diabetic-foot-ulcer", ["stop* cukrzycow*", "owrzodzeni* cukrzycow*", "rany cukrzycowe", "ran cukrzycowych",
                             "ranami cukrzycowymi", "owrzodzeni* stop* cukrzycow*", "cukrzycow* owrzodzeni*",
                             "zespoł* stop* cukrzycow*", "owrzodzeni* stop* u diabetyków", "rana cukrzycowa",
                             "ranę cukrzycową", "rany cukrzycowej"])
cond("chronic-fatigue", ["zespoł* przewlekłego zmęczenia", "mialgiczn* zapaleni* mózgu",
                         "zespoł* chroniczn* zmęczenia", "mialgiczn* zapaleni* mózgu i rdzenia"], ["CFS"])
cond("lung-disease", ["chorob* płuc", "schorzeni* płuc", "chorob* układu oddechowego", "przewlekł* chorob* płuc",
                      "chorob* pulmonologiczn*", "schorzeni* pulmonologiczn*", "problem* z płucami",
                      "schorzeni* układu oddechowego", "chorob* płucn*", "przewlekł* chorob* układu oddechowego",
                      "chorob* układu oddechow*", "przewlekł* chorob* oddechow*", "chorob* oddechow*",
                      "uszkodzeni* płuc"])
cond("neurological-disease", ["chorob* neurologiczn*", "schorzeni* neurologiczn*", "zaburzeni* neurologiczn*",
                              "chorob* neurodegeneracyjn*", "schorzeni* neurodegeneracyjn*",
                              "chorob* układu nerwowego", "schorzeni* układu nerwowego",
                              "neurodegeneracyjn* chorob*", "neurologiczn* chorob*", "neurologiczn* schorzeni*",
                              "zaburzeni* neurodegeneracyjn*", "chorob* ośrodkowego układu nerwowego",
                              "problem* neurologiczn*", "neurodegeneracj*", "neurodegeneracyjn*"])
cond("autoimmune-disease", ["chorob* autoimmunologiczn*", "schorzeni* autoimmunologiczn*", "chorob* autoagresyjn*",
                            "zaburzeni* autoimmunologiczn*", "chorob* autoimmunizacyjn*", "chorob* z autoagresji",
                            "chorob* autoimmunologiczn* i zapaln*", "autoimmunologiczn* chorob*",
                            "schorzeni* autoagresyjn*", "autoagresj*", "chorob* z autoimmunizacji",
                            "autoimmunologiczn* schorzeni*"])

# ---- cell types ----
T = {}


def cell(id, terms, abbrev=()):
    assert id not in T, id
    T[id] = (uniq(terms), list(abbrev))


HEADS = ["komór* macierzyst*", "komór* mezenchymaln*", "mezenchymaln* komór* macierzyst*",
         "mezenchymaln* komór*", "komór* macierzyst* mezenchymaln*", "komór*", "komór* jednojądrow*"]
CONN = ["z", "ze", "pochodz* z", "pochodz* ze", "pozyskan* z", "pozyskan* ze", "pobran* z", "pobran* ze",
        "izolowan* z", "uzyskan* z", "z twojej", "z twojego"]


def sourced(sources, heads=HEADS, genitive=True):
    out = []
    for h in heads:
        for s in sources:
            for c in CONN:
                out.append(f"{h} {c} {s}")
            if genitive:
                out.append(f"{h} {s}")
    return out


FAT = ["tkank* tłuszczow*", "tłuszcz*", "własn* tkank* tłuszczow*", "własn* tłuszcz*", "brzuch*",
       "tkank* tłuszczow* brzucha", "lipoaspirat*", "tkank* podskórn*", "tłuszczu brzusznego"]
cell("adipose-svf",
     ["tkank* tłuszczow*", "frakcj* naczyniowo zrębow*", "frakcj* zrębowo naczyniow*", "frakcj* stromaln*",
      "frakcj* stromalno naczyniow*", "frakcj* naczyniowo stromaln*", "mini liposukcj*", "miniliposukcj*",
      "mikroliposukcj*", "mini lipoaspiracj*", "lipoaspirat*", "przeszczep* tkank* tłuszczow*",
      "przeszczep* tłuszcz*", "przeszczep* własn* tłuszcz*", "przeszczep* własn* tkank* tłuszczow*",
      "autologiczn* przeszczep* tkank* tłuszczow*", "autologiczn* przeszczep* tłuszcz*", "lipotransfer*",
      "mikrofragmentowan* tkank* tłuszczow*", "mikrofragmentowan* tłuszcz*", "nanotłuszcz*",
      "własn* tłuszcz*", "własn* tkank* tłuszczow*", "adipocytarn* komór* macierzyst*",
      "tłuszczow* komór* macierzyst*", "komór* macierzyst* tłuszczow*", "komór* tłuszczow*",
      "komór* macierzyst* tkank* tłuszczow*", "komór* macierzyst* z tłuszcz*",
      "zrębow* frakcj* naczyniow*", "komór* frakcj* naczyniowo zrębow*", "komór* SVF",
      "komór* macierzyst* pochodzenia tłuszczowego", "komór* pochodzenia tłuszczowego",
      "komór* z tkanki tłuszczowej", "pobran* tłuszcz*", "tłuszcz* pobran*", "pobrani* tłuszcz*", "pobieran* tłuszcz*"] + sourced(FAT),
     ["SVF", "ADSC", "ADSCs"])
MARROW = ["szpik* kostn*", "szpik*", "własn* szpik* kostn*", "własn* szpik*", "talerz* kości biodrowej",
          "kości biodrowej", "koncentrat* szpik*", "aspirat* szpik*"]
cell("bone-marrow",
     ["szpik* kostn*", "koncentrat* szpik*", "koncentrat* szpik* kostn*", "koncentrat* z szpiku*",
      "koncentrat* ze szpiku", "koncentrat* ze szpiku kostnego", "aspirat* szpik*", "aspirat* ze szpiku",
      "aspirat* z szpiku", "koncentrat* aspirat* szpik*", "koncentrat* aspiratu szpiku kostnego",
      "komór* szpik*", "szpikow* komór* macierzyst*", "komór* macierzyst* szpik*",
      "komór* jednojądrzast* szpik*", "własn* szpik*", "komór* jednojądrow*",
      "komór* mononuklearn*", "komór* jednojądrzast*"] +
     sourced(MARROW, heads=[h for h in HEADS if "mezenchymaln*" not in h]),
     ["BMAC", "BMMNC"])
cell("mesenchymal",
     ["komór* macierzyst* mezenchymaln*", "mezenchymaln* komór* macierzyst*", "komór* mezenchymaln*",
      "mezenchymaln* komór*", "mezenchymaln* komór* zrębow*", "komór* zrębow* mezenchymaln*",
      "mezenchymaln* komór* macierzyst* szpik*", "hodowan* komór* macierzyst*", "namnażan* komór* macierzyst*",
      "namnożon* komór* macierzyst*", "ekspandowan* komór* macierzyst*", "komór* macierzyst* hodowan*",
      "komór* macierzyst* namnażan*", "komór* macierzyst* namnożon*", "komór* macierzyst* ekspandowan*",
      "hodowan* komór* mezenchymaln*", "namnażan* komór* mezenchymaln*", "komór* mezenchymaln* hodowan*",
      "komór* mezenchymaln* namnażan*", "komór* macierzyst* z hodowli", "komór* z hodowli",
      "mezenchymaln* komór* macierzyst* z hodowli", "komór* macierzyst* hodowan* w laboratorium",
      "komór* macierzyst* namnażan* w laboratorium", "komór* macierzyst* namnożon* w laboratorium",
      "zrębow* komór* mezenchymaln*", "mezenchymaln* komór* progenitorow*"] +
     sourced(MARROW, heads=[h for h in HEADS if "mezenchymaln*" in h]),
     ["MSC", "MSCs", "hMSC"])
CORD = ["pępowin*", "sznur* pępowin*", "galaret* Whartona", "tkank* pępowin*", "Whartona",
        "galaretk* Whartona", "sznur* pępowinow*"]
cell("umbilical-cord",
     ["pępowin*", "sznur* pępowin*", "galaret* Whartona", "galaretk* Whartona", "Wharton*",
      "tkank* pępowin*", "pępowinow* komór* macierzyst*", "pępowinow* komór*", "komór* pępowin*",
      "komór* macierzyst* pępowin*", "mezenchymaln* komór* pępowin*", "komór* Whartona",
      "komór* galaret* Whartona", "sznur* pępowinow*"] + sourced(CORD),
     ["UCMSC"])
CB = ["krwi pępowinow*", "krwi z pępowiny", "krwi pępowiny"]
cell("cord-blood",
     ["krew pępowinow*", "krwi pępowinow*", "krwią pępowinow*", "krew z pępowiny", "krwi z pępowiny",
      "krwią z pępowiny", "krwi pępowiny", "krew pępowiny", "bank* krwi pępowinow*",
      "przeszczep* krwi pępowinow*", "jednost* krwi pępowinow*", "komór* krwi pępowinow*",
      "komór* macierzyst* krwi pępowinow*"] + sourced(CB),
     [])
PLAC = ["łożyska", "łożysk* ludzki*", "owodni*", "płyn* owodniow*", "błon* owodniow*", "tkank* łożysk*", "tkank* okołoporodow*",
        "łożyskow*", "owodniow*"]
cell("placental-amniotic",
     ["z łożysk*", "łożysk* ludzki*", "ludzki* łożysk*", "łożysk* człowieka", "ekstrakt* z łożysk*", "ekstrakt* łożysk*",
      "łożyskow*", "owodni*", "płyn* owodniow*", "błon* owodniow*", "tkank* łożysk*", "tkank* okołoporodow*",
      "tkank* porodow*", "komór* łożyskow*", "komór* macierzyst* łożyskow*", "łożyskow* komór* macierzyst*",
      "owodniow* komór* macierzyst*", "komór* owodniow*", "komór* macierzyst* owodniow*",
      "allograft* owodniow*", "przeszczep* owodni*", "komór* okołoporodow*", "okołoporodow* komór* macierzyst*"]
     + sourced(PLAC, genitive=False))
cell("exosomes",
     ["egzosom*", "eksosom*", "pęcherzyk* zewnątrzkomórkow*", "sekretom*", "medium kondycjonowan*", "kondycjonowan* medium", "kondycjonowan* podłoż*",
      "podłoż* kondycjonowan*", "podłoż* pohodowlan*", "medium pohodowlan*",
      "czynnik* wzrostu komórek macierzystych", "czynnik* wzrostu z komórek macierzystych",
      "czynnik* wzrostu pochodz* z komórek macierzystych", "czynnik* wzrostu komór* macierzyst*",
      "egzosom* komór* macierzyst*", "egzosom* z komór* macierzyst*", "egzosom* pochodz* z komór* macierzyst*",
      "egzosom* z mezenchymaln* komór* macierzyst*", "egzosom* mezenchymaln* komór* macierzyst*",
      "egzosom* z komór* mezenchymaln*", "egzosom* pochodz* z mezenchymaln* komór* macierzyst*",
      "pęcherzyk* zewnątrzkomórkow* z komór* macierzyst*", "pęcherzyk* zewnątrzkomórkow* komór* macierzyst*",
      "sekretom* komór* macierzyst*", "sekretom* z komór* macierzyst*", "sekretom* mezenchymaln* komór*",
      "egzosom* z komór* macierzyst* mezenchymaln*", "egzosom* z MSC", "egzosom* MSC",
      "lizat* komór* macierzyst*"])
cell("prp",
     ["osocz* bogatopłytkow*", "osocz* bogat* w płytki", "osocz* bogat* w płytki krwi",
      "osocz* bogat* w płytk* krwi", "osocz* bogat* w czynniki wzrostu", "osocz* bogat* w czynnik* wzrostu",
      "lizat* płytkow*", "lizat* płytek krwi", "lifting* wampirz*", "wampirz* lifting*", "osocz* płytkow*",
      "autologiczn* osocz* bogatopłytkow*", "koncentrat* płytek krwi", "koncentrat* płytkow*",
      "osocz* bogatopłytkow* PRP", "iniekcj* PRP", "terapi* PRP", "osocz* bogatopłytkow*"],
     ["PRP", "PRGF"])
PB = ["krwi obwodowej", "krwi obwodowej pacjenta"]
cell("peripheral-blood",
     ["z krwi obwodowej", "komór* macierzyst* krwi obwodowej", "komór* progenitorow* krwi obwodowej",
      "mobilizowan* komór* macierzyst*", "komór* macierzyst* mobilizowan*", "mobilizowan* komór*",
      "komór* krwi obwodowej", "mobilizowan* krwi obwodowej", "mobilizacj* komór* macierzyst*",
      "komór* macierzyst* z krwi", "komór* macierzyst* krwi", "komór* macierzyst* pochodz* z krwi"] + sourced(PB),
     ["PBSC", "PBSCs", "PBMC"])
cell("pluripotent",
     ["embrionaln* komór* macierzyst*", "komór* macierzyst* embrionaln*", "komór* embrionaln*",
      "zarodkow* komór* macierzyst*", "komór* macierzyst* zarodkow*", "komór* macierzyst* z zarodków",
      "komór* macierzyst* z embrionów", "komór* z zarodków", "komór* z embrionów",
      "indukowan* pluripotencjaln* komór* macierzyst*", "indukowan* komór* pluripotencjaln*",
      "pluripotencjaln* komór* macierzyst*", "pluripotencjaln* komór*", "komór* pluripotencjaln*",
      "komór* iPS", "komór* płodow*", "płodow* komór* macierzyst*", "płodow* komór*",
      "komór* macierzyst* płodow*", "komór* macierzyst* z płodów", "komór* z tkanek płodowych",
      "komór* ludzkich zarodków", "embrionaln* komór*", "ludzki* embrionaln* komór* macierzyst*"],
     ["iPSC", "iPSCs", "hESC", "hESCs", "iPS"])
PLANT = ["roślin*", "roślinn*", "jabł*", "jabłoni", "winogron*", "winorośli", "szarotk*", "róży alpejskiej",
         "róży", "arganu", "argani*", "owoc*", "lilak*", "bzu", "pochodz* roślinn*", "alpejskiej róży",
         "liści*", "kwiat*", "owiec", "owcz*", "zwierzęc*", "zwierząt", "rośliny", "jabłka szwajcarskiego",
         "szwajcarskich jabłek", "jabłoni szwajcarskiej", "edelweiss", "aloesu",
         "pochodzenia roślinnego", "pochodzenia zwierzęcego"]
cell("plant-animal",
     ["roślinn* komór* macierzyst*", "komór* macierzyst* roślinn*", "roślinn* komór*",
      "zwierzęc* komór* macierzyst*", "komór* macierzyst* zwierzęc*", "komór* zwierzęc*",
      "łożysk* owcz*", "owcz* łożysk*", "placent* owcz*", "owcz* placent*", "łożysk* zwierzęc*",
      "komór* owcz*", "owcz* komór*", "komór* płodów owcz*", "komór* ksenogeniczn*",
      "ksenogeniczn* komór*", "terapi* żywymi komórkami", "terapi* świeżymi komórkami",
      "jabłkow* komór* macierzyst*", "winogronow* komór* macierzyst*", "fitokomór* macierzyst*",
      "PhytoCellTec", "fitokomór*", "komór* macierzyst* z roślin"] + sourced(PLANT, heads=["komór* macierzyst*"]))
cell("hsct",
     ["przeszczep* szpik*", "przeszczep* szpik* kostn*", "transplantacj* szpik*", "transplantacj* szpik* kostn*",
      "przeszczep* komór* krwiotwórcz*", "przeszczep* krwiotwórcz* komór* macierzyst*",
      "przeszczep* komór* macierzyst* krwiotwórcz*", "przeszczep* hematopoetyczn* komór* macierzyst*",
      "przeszczep* komór* hematopoetyczn*", "przeszczep* komór* macierzyst* hematopoetyczn*",
      "przeszczep* hematopoetyczn*", "transplantacj* komór* krwiotwórcz*",
      "transplantacj* komór* hematopoetyczn*", "transplantacj* hematopoetyczn*",
      "transplantacj* komór* macierzyst* krwiotwórcz*", "transplantacj* komór* macierzyst* hematopoetyczn*",
      "krwiotwórcz* komór* macierzyst*", "komór* macierzyst* krwiotwórcz*", "komór* krwiotwórcz*",
      "hematopoetyczn* komór* macierzyst*", "komór* macierzyst* hematopoetyczn*", "komór* hematopoetyczn*",
      "komór* progenitorow* hematopoetyczn*", "hematopoetyczn* komór* progenitorow*",
      "komór* progenitorow* krwiotwórcz*", "krwiotwórcz* komór* progenitorow*",
      "autologiczn* przeszczep* komór* macierzyst*", "allogeniczn* przeszczep* komór* macierzyst*",
      "przeszczep* autologiczn* komór* macierzyst*", "przeszczep* allogeniczn* komór* macierzyst*",
      "przeszczep* allogeniczn*", "allogeniczn* przeszczep*", "przeszczep* allogeniczn* szpik*",
      "autologiczn* przeszczep* szpik*", "allogeniczn* przeszczep* szpik*", "przeszczep* autologiczn* szpik*",
      "przeszczep* autologiczn* komór* krwiotwórcz*", "przeszczep* allogeniczn* komór* krwiotwórcz*",
      "autologiczn* przeszczep* komór* krwiotwórcz*", "allogeniczn* przeszczep* komór* krwiotwórcz*",
      "przeszczep* autologiczn* komór* hematopoetyczn*", "przeszczep* allogeniczn* komór* hematopoetyczn*",
      "autologiczn* przeszczep* komór* hematopoetyczn*", "allogeniczn* przeszczep* komór* hematopoetyczn*",
      "przeszczep* od dawcy niespokrewnion*", "przeszczep* od dawcy rodzinn*", "przeszczep* haploidentyczn*",
      "haploidentyczn* przeszczep*", "transplantacj* allogeniczn*", "transplantacj* autologiczn* komór* macierzyst*",
      "Casgevy", "Zynteglo", "Libmeldy", "Skysona"],
     ["HSCT", "aHSCT", "AHSCT", "alloHSCT", "autoHSCT"])
cell("islets",
     ["wysp* trzustkow*", "wysp* Langerhansa", "przeszczep* wysp*", "komór* wysp* trzustkow*",
      "komór* wysp*", "przeszczep* komór* wysp*", "transplantacj* wysp*", "wysep* trzustkow*",
      "wysepek trzustkowych", "wysepk* trzustkow*", "wysepk* Langerhansa", "Lantidra"])
cell("unspecified",
     ["komór* macierzyst*", "macierzyst* komór*", "terapi* komórkow*", "leczeni* komórkow*", "komórkoterapi*",
      "komór* progenitorow*", "komór* regeneracyjn*", "komór* pnia", "terapi* komór* macierzyst*",
      "przeszczep* komór* macierzyst*", "transplantacj* komór* macierzyst*", "produkt* komórkow*",
      "preparat* komórkow*", "iniekcj* komórkow*", "zabieg* komórkow*",
      "terapi* regeneracyjn* komórkami macierzystymi", "medycyn* komórkow*", "komór* macierzystej",
      "terapi* komórkowo", "komór* macierzyst* dorosł*"])

FIELDS_C = ["id", "terms", "abbrev"]


def write(path, d):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS_C)
    for id, (terms, ab) in d.items():
        w.writerow([id, " | ".join(terms), " | ".join(uniq(ab))])
    open(path, "w").write(buf.getvalue())


# global duplicate check across ids (same phrase twice)
for name, d in (("conditions", C), ("celltypes", T)):
    seen = {}
    for id, (terms, _) in d.items():
        for t in terms:
            key = t.lower()
            if key in seen and seen[key] != id:
                print(f"DUP {name}: {t!r} in {seen[key]} and {id}", file=sys.stderr)
            seen[key] = id
            for w in t.split():
                if w.endswith("*") and len(w[:-1]) < 4:
                    print(f"SHORT wildcard {w!r} in {t!r}", file=sys.stderr)

os.makedirs(OUT, exist_ok=True)
write(os.path.join(OUT, "conditions.csv"), C)
write(os.path.join(OUT, "celltypes.csv"), T)
print(sum(len(v[0]) for v in C.values()), "condition terms,", sum(len(v[1]) for v in C.values()), "abbrev;",
      sum(len(v[0]) for v in T.values()), "cell terms", file=sys.stderr)
