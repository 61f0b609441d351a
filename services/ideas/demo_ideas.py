"""The demo municipality's ideas and challenges, as data (``demo.py`` loads them).

Written as the innovation office of a Norrland municipality would see them:
employees' and residents' ideas across the departments, in every status, spread
over the last eleven months.  Dates are days before today (``tk.clock``), so the
statistics page always has a year of numbers.  The seed's two ideas are first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoChallenge:
    slug: str
    question: str
    description: str
    department: str
    opened_days_ago: int
    closes_in_days: int
    phase: str
    submissions_in: str = "open"
    comments_in: str = "open,voting"
    supports_in: str = "open,voting"
    support_threshold: int | None = None


@dataclass(frozen=True)
class DemoIdea:
    key: str
    department: str
    challenge: str  # a challenge's slug, or ""
    status: str
    days_ago: int
    #: Days from submitted to the first answer (None: not answered yet).
    answered_after: float | None
    title: str
    problem: str
    proposal: str
    beneficiaries: str = ""
    #: "employee" (a work address) or "resident"; the name's first word makes the address.
    submitter: tuple[str, str] = ("resident", "Anna Lind")
    closed_reason: str = ""
    coach: str = ""
    supports: int = 0
    prototype_module_id: str = ""


CHALLENGES = (
    DemoChallenge(
        "textilavfall", "Hur kan vi minska textilavfallet i Piteå?",
        "Varje invånare slänger i snitt åtta kilo textilier om året, och det mesta hamnar i "
        "restavfallet. Vi söker idéer om återbruk, lagning, delning och insamling - gärna "
        "sådana som också skapar jobb.", "miljo", 75, 20, "voting", support_threshold=10),
    DemoChallenge(
        "vinteraktiviteter", "Hur kan fler barn och unga röra sig utomhus på vintern?",
        "Under vinterhalvåret rör sig barn och unga mindre. Utmaningen är avslutad: de "
        "utvalda idéerna testas i tre stadsdelar.", "kultur-fritid", 330, -240, "results"),
    DemoChallenge(
        "ensamhet", "Hur kan vi minska ofrivillig ensamhet bland äldre?",
        "Många äldre i kommunen säger att de är ensamma. Vad kan kommunen, föreningar och "
        "grannar göra tillsammans?", "socialtjanst", 20, 60, "open"),
)

_RESIDENTS = (("resident", "Erik Nilsson"), ("resident", "Maja Öberg"),
              ("resident", "Ali Hassan"), ("resident", "Karin Lundström"))
_EMPLOYEES = (("employee", "Sara Holmgren"), ("employee", "Johan Burman"),
              ("employee", "Lena Marklund"), ("employee", "Per Åström"))

IDEAS = (
    DemoIdea(
        "textil-jobb", "miljo", "textilavfall", "testas", 70, 3,
        "Textilåterbruk som skapar jobb på återbruksmarknaden",
        "Hela kläder, gardiner och sängkläder hamnar i restavfallet. Samtidigt står många i "
        "kommunen långt från arbetsmarknaden och behöver en väg in.",
        "Låt återbruksmarknaden ta emot, sortera, laga och sälja textilier, och gör arbetet "
        "till arbetsträning och anställningar. Invånare bokar hämtning av textilier i en "
        "e-tjänst.", "Invånare som vill bli av med textilier, personer som söker jobb, miljön",
        ("employee", "Lena Marklund"), coach="coach", supports=14,
        prototype_module_id="textile_reuse"),
    DemoIdea(
        "abonnemang-digitalt", "miljo", "", "genomford", 320, 2,
        "Ändra sophämtningsabonnemanget digitalt",
        "För att byta kärlstorlek, hämtintervall eller dela kärl med grannen måste man ringa "
        "kundtjänst eller skicka en blankett. Kundtjänst tar emot hundratals sådana samtal i "
        "månaden, och ärendena tar veckor.",
        "En e-tjänst där man ser sitt abonnemang, ändrar det och direkt ser vad det kostar, "
        "och där grannar kan godkänna ett delat kärl.",
        "Alla hushåll med sophämtning och kundtjänst på Miljö och avfall",
        ("employee", "Sara Holmgren"), coach="coach", supports=9,
        prototype_module_id="waste_subscription"),
    DemoIdea("klädbytardag", "miljo", "textilavfall", "coachas", 60, 5,
             "Klädbytardagar på biblioteken",
             "Barnkläder växer man ur på några månader, och de slängs fast de är hela.",
             "En lördag i månaden byter vi kläder på biblioteken: lämna fem plagg, ta fem.",
             "Barnfamiljer", _RESIDENTS[1], coach="coach", supports=11),
    DemoIdea("lagningscafe", "miljo", "textilavfall", "bedoms", 45, 9,
             "Lagningskafé med symaskiner på fritidsgården",
             "Få kan laga en dragkedja eller sy i en knapp längre, så plagget slängs.",
             "Ett lagningskafé varannan vecka där pensionerade sömmerskor lär ut lagning.",
             "Unga och äldre som möts", _RESIDENTS[3], supports=6),
    DemoIdea("textilcontainer", "miljo", "textilavfall", "inkommen", 25, None,
             "Fler insamlingsplatser för textil i byarna",
             "Den närmaste textilinsamlingen ligger tre mil bort för oss i byarna.",
             "Ställ textilbehållare vid byarnas återvinningsstationer.", "Boende i byarna",
             _RESIDENTS[0], supports=3),
    DemoIdea("arbetskläder", "socialtjanst", "textilavfall", "avslutad", 55, 4,
             "Återanvänd hemtjänstens arbetskläder",
             "Hemtjänstens arbetskläder kasseras när personal slutar, fast de är nya.",
             "Samla in och tvätta arbetskläder centralt och dela ut dem igen.",
             "Hemtjänsten", _EMPLOYEES[1], closed_reason="already_done"),
    DemoIdea("pulkabacke", "kultur-fritid", "vinteraktiviteter", "genomford", 310, 6,
             "Belysta pulkabackar i alla stadsdelar",
             "Efter skolan är det mörkt, och då går barnen inte ut.",
             "Sätt belysning med tidur i en pulkabacke per stadsdel.", "Barn och föräldrar",
             _RESIDENTS[2], coach="coach", supports=23),
    DemoIdea("skidlan", "kultur-fritid", "vinteraktiviteter", "genomford", 300, 12,
             "Låna skidor gratis på biblioteket",
             "Utrustning kostar mycket, och barn växer ur den varje år.",
             "En utlåning av skidor, skridskor och hjälmar på biblioteken, som böcker.",
             "Barn i familjer med små marginaler", _EMPLOYEES[3], coach="coach", supports=31),
    DemoIdea("isbana", "kultur-fritid", "vinteraktiviteter", "avslutad", 295, 20,
             "Isbana på torget hela vintern",
             "Det finns ingen isbana i centrum som alla kan nå till fots.",
             "Spola en isbana på torget från december till mars.", "Alla", _RESIDENTS[3],
             closed_reason="not_feasible", supports=8),
    DemoIdea("snölek-förskola", "utbildning", "vinteraktiviteter", "vilande", 290, 15,
             "Snöleksdagar för förskolor i skogen",
             "Förskolegårdarna är små och snön skottas bort.",
             "Förskolorna turas om att ha en skogsdag i veckan med snölek.", "Förskolebarn",
             _EMPLOYEES[0], supports=5),
    DemoIdea("besöksvän", "socialtjanst", "ensamhet", "bedoms", 14, 7,
             "Besöksvänner från gymnasiet",
             "Äldre på boendet får sällan besök, och gymnasieelever behöver praktik.",
             "Gymnasieelever blir besöksvänner en timme i veckan som en del av en kurs.",
             "Äldre och elever", _EMPLOYEES[2], supports=4),
    DemoIdea("fika-telefon", "socialtjanst", "ensamhet", "inkommen", 3, None,
             "En fikatelefon för den som vill prata",
             "Många äldre har ingen att prata med på kvällarna.",
             "Ett nummer dit man kan ringa och prata med en volontär varje kväll.",
             "Ensamma äldre", _RESIDENTS[1], supports=2),
    DemoIdea("digital-hjälp", "socialtjanst", "ensamhet", "inkommen", 1, None,
             "Hjälp med surfplattan på biblioteket",
             "Äldre vill ringa videosamtal till barnbarnen men vet inte hur.",
             "Drop-in på biblioteket där unga visar hur man ringer och använder e-tjänster.",
             "Äldre", _RESIDENTS[0]),
)

#: Ideas on their own, not in a challenge.
IDEAS += (
    DemoIdea("bygglov-status", "samhallsbyggnad", "", "testas", 150, 10,
             "Se hur långt mitt bygglov har kommit",
             "Sökande ringer för att fråga var deras bygglov är, flera gånger per ärende.",
             "Visa ärendets steg och handläggarens namn på en sida som sökande når med en länk.",
             "Sökande och bygglovshandläggare", _EMPLOYEES[0], coach="coach", supports=7),
    DemoIdea("felanmalan-foto", "samhallsbyggnad", "", "genomford", 260, 8,
             "Felanmäl gatlyktor med en bild och en karta",
             "Det är svårt att beskriva var en trasig lykta står.",
             "En felanmälan där man sätter en nål på kartan och bifogar en bild.",
             "Alla som rör sig ute på kvällen", _RESIDENTS[2], coach="coach", supports=12),
    DemoIdea("cykelparkering", "samhallsbyggnad", "", "bedoms", 20, 16,
             "Tak över cykelparkeringen vid resecentrum",
             "Cyklarna står i regn och snö, så många tar bilen till tåget i stället.",
             "Bygg tak och laddplatser för elcyklar vid resecentrum.", "Pendlare",
             _RESIDENTS[3], supports=5),
    DemoIdea("snoröjning-sms", "samhallsbyggnad", "", "coachas", 100, 13,
             "SMS när snöröjningen kommer till min gata",
             "Bilar som står parkerade gör att plogbilen inte kommer fram.",
             "Den som vill får ett SMS kvällen innan gatan plogas.", "Boende och plogförare",
             _RESIDENTS[0], coach="coach", supports=15),
    DemoIdea("skolmat-svinn", "utbildning", "", "genomford", 240, 5,
             "Väg matsvinnet i skolmatsalen varje dag",
             "Skolorna slänger mycket mat men ingen vet hur mycket.",
             "Eleverna väger svinnet varje dag och tävlar mellan skolorna om att minska det.",
             "Elever, kök och miljön", _EMPLOYEES[1], coach="coach", supports=10),
    DemoIdea("läxhjälp", "utbildning", "", "coachas", 130, 18,
             "Läxhjälp på distans med lärarstudenter",
             "Elever i byskolorna har långt till läxhjälpen i stan.",
             "Lärarstudenter ger läxhjälp via video två kvällar i veckan.", "Elever i byarna",
             _EMPLOYEES[2], coach="coach"),
    DemoIdea("frånvaro-app", "utbildning", "", "avslutad", 180, 25,
             "En egen app för frånvaroanmälan",
             "Föräldrar vet inte var de ska anmäla frånvaro.",
             "Bygg en app för frånvaroanmälan.", "Föräldrar", _RESIDENTS[1],
             closed_reason="already_done"),
    DemoIdea("tolk-bokning", "socialtjanst", "", "testas", 120, 6,
             "Boka tolk direkt i verksamhetssystemet",
             "Handläggare bokar tolk per telefon, och det tar en kvart varje gång.",
             "Koppla tolkbokningen till verksamhetssystemet så att den görs med två klick.",
             "Handläggare och de som behöver tolk", _EMPLOYEES[3], coach="coach"),
    DemoIdea("trygghetslarm", "socialtjanst", "", "vilande", 200, 11,
             "Trygghetslarm som också påminner om mediciner",
             "Många med trygghetslarm glömmer sina mediciner.",
             "Låt larmet påminna med en röst när det är dags.", "Äldre i eget boende",
             _RESIDENTS[3]),
    DemoIdea("simskola", "kultur-fritid", "", "genomford", 210, 3,
             "Simskola för vuxna som aldrig lärt sig simma",
             "Många vuxna som flyttat hit kan inte simma och skäms över att fråga.",
             "Simskola för vuxna på kvällstid, med kvinnliga instruktörer vissa kvällar.",
             "Nyanlända vuxna", _RESIDENTS[2], coach="coach", supports=18),
    DemoIdea("bokbuss", "kultur-fritid", "", "bedoms", 25, 12,
             "Bokbussen stannar vid förskolorna",
             "Förskolebarnen i byarna kommer sällan till biblioteket.",
             "Lägg in förskolorna på bokbussens rutt en gång i månaden.", "Förskolebarn",
             _EMPLOYEES[0], supports=3),
    DemoIdea("föreningsbokning", "kultur-fritid", "", "inkommen", 4, None,
             "Boka föreningslokaler på nätet",
             "Föreningar måste mejla för att boka en lokal och vänta flera dagar på svar.",
             "Visa lediga tider och låt föreningar boka direkt.", "Föreningar",
             _RESIDENTS[0]),
    DemoIdea("lokala-leverantörer", "naringsliv", "", "coachas", 160, 9,
             "Mindre upphandlingar som lokala företag kan lämna anbud på",
             "Stora upphandlingar gör att små lokala företag inte orkar lämna anbud.",
             "Dela upp upphandlingar i mindre delar och håll frukostmöten om hur man lämnar "
             "anbud.", "Små företag", _EMPLOYEES[1], coach="coach", supports=6),
    DemoIdea("företagslots", "naringsliv", "", "avslutad", 230, 30,
             "En väg in för den som vill starta företag",
             "Den som vill starta ett kafé får kontakta fem förvaltningar.",
             "En företagslots som samordnar tillstånden.", "Nya företagare",
             _RESIDENTS[1], closed_reason="already_done"),
    DemoIdea("sommarjobb", "naringsliv", "", "bedoms", 35, 21,
             "Sommarjobb hos lokala företag i stället för bara i kommunen",
             "Kommunen har för få sommarjobb för alla unga som söker.",
             "Kommunen betalar halva lönen för sommarjobb hos lokala företag.", "Unga",
             _EMPLOYEES[2]),
    DemoIdea("wifi-bibliotek", "digitalisering", "", "genomford", 280, 1,
             "Ett öppet wifi i alla kommunens lokaler",
             "Besökare kan inte koppla upp sig i simhallen eller på fritidsgårdarna.",
             "Samma öppna wifi i alla kommunens publika lokaler.", "Besökare",
             _EMPLOYEES[3], coach="coach", supports=4),
    DemoIdea("e-faktura", "digitalisering", "", "vilande", 140, 17,
             "E-faktura för alla kommunens avgifter",
             "Avgifter för förskola, vatten och hämtning kommer som pappersfakturor.",
             "Erbjud e-faktura och autogiro för alla avgifter.", "Alla som betalar avgifter",
             _RESIDENTS[2]),
    DemoIdea("chatt-kundtjänst", "digitalisering", "", "coachas", 90, 14,
             "Chatt med kontaktcenter på kvällarna",
             "Kontaktcenter stänger klockan 16, när de flesta slutar jobbet.",
             "En chatt till klockan 20, bemannad på schema.", "Invånare som arbetar dagtid",
             _EMPLOYEES[0], coach="coach", supports=2),
    DemoIdea("morgontåg", "ovrigt", "", "avslutad", 170, 8,
             "Ett tidigare morgontåg till Luleå",
             "Det första tåget kommer fram för sent för den som börjar jobba klockan sju.",
             "Lägg till en avgång tjugo minuter tidigare.", "Pendlare", _RESIDENTS[0],
             closed_reason="outside_remit"),
    DemoIdea("hundrastgård", "ovrigt", "", "inkommen", 2, None,
             "Hundrastgård vid Norrstrand",
             "Det finns ingen inhägnad plats där hundar kan springa lösa.",
             "Bygg en hundrastgård med bänkar och belysning.", "Hundägare", _RESIDENTS[1]),
    DemoIdea("matkasse-äldre", "socialtjanst", "", "inkommen", 9, None,
             "Handla mat åt äldre med hemtjänst på nätet",
             "Hemtjänsten handlar åt många och står länge i kö i affären.",
             "Beställ varorna på nätet och låt affären leverera.", "Äldre och hemtjänsten",
             _EMPLOYEES[1]),
    DemoIdea("solceller-skola", "samhallsbyggnad", "", "coachas", 110, 4,
             "Solceller på skolornas tak som eleverna följer",
             "Skolornas tak står tomma och eleverna lär sig om energi ur böcker.",
             "Solceller på taken och en skärm i entrén som visar hur mycket de ger.",
             "Elever och fastighetsförvaltningen", _EMPLOYEES[3], coach="coach", supports=8),
    DemoIdea("lånecykel", "ovrigt", "", "bedoms", 40, 28,
             "Lånecyklar för besökare i sommar",
             "Turister har svårt att ta sig mellan stranden och centrum.",
             "Lånecyklar vid turistbyrån, stranden och resecentrum.", "Besökare",
             _RESIDENTS[3]),
)
