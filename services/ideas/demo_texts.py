"""What the demo's coaches wrote: public answers, internal notes, comments and stories.

Demo content in the demo municipality's language (Swedish), as the coaches
would write it to the idea givers; the module's own texts are translated, these
are data like the ideas themselves.
"""

from __future__ import annotations

from . import statuses as st

#: The public answer of a step, unless the idea has its own (``OWN_ANSWERS``).
ANSWERS = {
    st.SCREENED: "Tack för din idé! Vi har läst den, och en idécoach bedömer nu hur den kan "
                 "tas vidare. Du hör av oss inom några veckor.",
    st.COACHED: "Din idé har fått en idécoach, som hör av sig för ett första samtal om hur vi "
                "kan utveckla den tillsammans med dem som berörs.",
    st.TESTED: "Nu testar vi idén i liten skala. Du kan följa testet på din idésida, och vi "
               "berättar vad det visade när det är klart.",
    st.IMPLEMENTED: "Idén är genomförd och är nu en del av kommunens verksamhet. Tack för att "
                    "du delade den med oss!",
    st.PARKED: "Idén är bra, men vi har inte möjlighet att arbeta med den just nu. Vi har lagt "
               "den som vilande och tar upp den igen i nästa års planering.",
}

CLOSING_ANSWERS = {
    st.ALREADY_DONE: "Tack för idén! Det du föreslår finns redan i kommunen, så vi avslutar "
                     "idén här. Hör gärna av dig igen om du ser något som saknas.",
    st.NOT_FEASIBLE: "Tack för idén! Vi har utrett den, men just nu finns inte förutsättningar "
                     "att genomföra den. Vi tar upp den igen om läget ändras.",
    st.OUTSIDE_REMIT: "Tack för idén! Tågtrafiken ansvarar inte kommunen för, utan den "
                      "regionala kollektivtrafikmyndigheten. Vi har skickat din idé till dem.",
    st.DUPLICATE: "Tack för idén! Samma idé har redan lämnats in, så vi arbetar vidare med "
                  "den. Du kan följa och stödja den andra idén.",
}

OWN_ANSWERS = {
    ("textil-jobb", st.SCREENED):
        "Tack för en idé som både minskar avfallet och skapar jobb! Vi tar med den i "
        "idéutmaningen om textilavfall och bjuder in återbruksmarknaden och "
        "arbetsmarknadsenheten till ett första möte.",
    ("textil-jobb", st.COACHED):
        "Återbruksmarknaden kan ta emot textilier och fyra personer i arbetsträning. Vi "
        "kartlägger nu hur invånare vill lämna sina textilier.",
    ("textil-jobb", st.TESTED):
        "Nu testar vi att boka hämtning av textilier i en prototyp av e-tjänsten, och "
        "återbruksmarknaden sorterar och lagar det som kommer in. Testet pågår i två "
        "stadsdelar under vintern.",
    ("abonnemang-digitalt", st.SCREENED):
        "Tack! Kundtjänst bekräftar att frågor om abonnemang är de vanligaste samtalen. Vi "
        "går vidare med idén.",
    ("abonnemang-digitalt", st.TESTED):
        "En prototyp av e-tjänsten testas nu med tjugo hushåll i Exempelby.",
    ("abonnemang-digitalt", st.IMPLEMENTED):
        "Idén blev e-tjänsten Avfallsaffären: nu ändrar hushållen sitt abonnemang själva och "
        "ser direkt vad det kostar. Tack för idén!",
}

NOTES = {
    "textil-jobb": (
        "Möte med arbetsmarknadsenheten: fyra platser i arbetsträning från mars, handledare "
        "finns på återbruksmarknaden.",
        "Hämtningen behöver en bil två dagar i veckan. Kolla med fordonsenheten om elbilen "
        "som står still på fredagar.",
    ),
    "abonnemang-digitalt": (
        "Kundtjänst uppskattar 300 samtal i månaden om ändrade abonnemang, de flesta om "
        "kärlstorlek.",
    ),
    "snoröjning-sms": (
        "Gatuenheten vill testa i en stadsdel först. Fråga om SMS-tjänstens kostnad per "
        "utskick.",
    ),
}

COMMENTS = {
    "textil-jobb": (
        ("Maja", "Bra idé! Jag lämnar gärna mina gamla gardiner om någon kan hämta dem."),
        ("Bengt", "Kan man också köpa lagade arbetskläder där? Det skulle jag göra."),
    ),
    "klädbytardag": (
        ("Fatima", "Vi har gjort så i vår förening, det blev jättepopulärt."),
    ),
}

#: Story and credits of the ideas shown in "Från idé till tjänst".
SHOWCASES = {
    "abonnemang-digitalt": (
        "Sara Holmgren på kundtjänst tröttnade på att skicka blanketter för varje ändrat "
        "kärl och lämnade en idé i idéslussen. En idécoach samlade kundtjänst, "
        "avfallsplanerare och tjänstedesigners, och efter två testomgångar med hushåll i "
        "Exempelby blev idén e-tjänsten Avfallsaffären. Nu ändrar hushållen storlek, "
        "hämtintervall och delade kärl själva, grannen godkänner med ett SMS, och samtalen "
        "till kundtjänst om abonnemang har halverats.",
        "Sara Holmgren (idégivare), kundtjänst på Miljö och avfall, Idéslussen och "
        "tjänstedesignteamet",
    ),
    "skidlan": (
        "Per Åström på fritidsgården såg barn som stod vid sidan av när klassen åkte skidor. "
        "Nu lånar biblioteken ut skidor, skridskor och hjälmar som böcker, och varje vinter "
        "lånas utrustningen ut över tusen gånger.",
        "Per Åström (idégivare), biblioteken och fritidsgårdarna",
    ),
}
