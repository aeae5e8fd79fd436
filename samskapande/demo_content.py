"""Content for the Näsåker demo: an invented but realistic dialogue round.

The organisations, model area, goals, categories, people and needs below are
made up for demonstration, drawn from what the model areas for "God och nära
vård" in sparsely populated northern Sweden report. No real person is named and
no identifiable person's health is described.

This module is data, not interface text: it is what residents, staff and the
model area itself would write, so it is in Swedish and is deliberately not
marked for translation. A loader reads the constants by name.
"""

ORGANISATIONS = [
    {"key": "region", "name": "Region Västernorrland", "kind": "region"},
    {"key": "kommun", "name": "Sollefteå kommun", "kind": "municipality"},
]

MODEL_AREA = {
    "name": "Sollefteå – Näsåker",
    "slug": "solleftea-nasaker",
    "description": (
        "Modellområdet Sollefteå – Näsåker är ett samarbete mellan Region Västernorrland "
        "och Sollefteå kommun för att utveckla god och nära vård i glesbygd. "
        "Här är avstånden långa, befolkningen äldre och regionen och kommunen ofta de "
        "enda vårdgivarna. Tillsammans med invånarna prövar vi nya sätt att ge trygg vård "
        "nära den som behöver den."
    ),
    "organisations": ["region", "kommun"],
    "goals": [
        {
            "key": "nara",
            "title": "Nära mig på bästa sätt",
            "description": (
                "Vården och omsorgen kommer till mig – hemma, på vårdcentralen eller "
                "digitalt – när det är möjligt, och jag behöver bara resa långt när det "
                "verkligen behövs."
            ),
        },
        {
            "key": "trygg",
            "title": "Tryggt att bo kvar",
            "description": (
                "Jag kan leva ett tryggt liv i min by i alla åldrar och veta att hjälpen "
                "kommer i tid, även en vinternatt."
            ),
        },
        {
            "key": "kontinuitet",
            "title": "Någon som känner mig",
            "description": (
                "Jag har en fast vårdkontakt som känner till min situation och håller i "
                "samordningen, så att jag inte behöver berätta allt från början varje gång."
            ),
        },
        {
            "key": "samverkan",
            "title": "En vård utan skarvar",
            "description": (
                "Region och kommun arbetar som en helhet runt mig, så att jag inte hamnar "
                "mellan stolarna när ansvaret går över från den ena till den andra."
            ),
        },
        {
            "key": "delaktig",
            "title": "Delaktig i min vård och min bygd",
            "description": (
                "Jag och mina närstående är med och bestämmer om min vård, och invånarna "
                "är med och formar hur vården i bygden utvecklas."
            ),
        },
    ],
}

CATEGORIES = [
    {"key": "vardcentral", "label": "Vårdcentralen"},
    {"key": "transport", "label": "Resor till vården"},
    {"key": "digital", "label": "Digitala vårdbesök"},
    {"key": "hemtjanst", "label": "Hemtjänst och hemsjukvård"},
    {"key": "kontinuitet", "label": "Samma sjuksköterska – fast vårdkontakt"},
    {"key": "ambulans", "label": "Ambulans och akut hjälp"},
    {"key": "apotek", "label": "Apotek och läkemedel"},
    {"key": "unga", "label": "Ungas psykiska hälsa"},
    {"key": "anhoriga", "label": "Äldre och anhörigstöd"},
    {"key": "tandvard", "label": "Tandvård"},
]

PROFILE_QUESTIONS = [
    {
        "key": "village",
        "label": "Var bor du?",
        "options": ["Näsåker", "Ramsele", "Junsele", "Resele", "Sollefteå", "Annan ort"],
    },
    {
        "key": "age_band",
        "label": "Din ålder",
        "options": ["Under 18", "18–34", "35–64", "65–79", "80 eller äldre"],
    },
    {
        "key": "relation",
        "label": "Du deltar som",
        "options": ["Invånare", "Patient", "Närstående", "Personal i vården"],
    },
]

ROUND = {
    "code": "NASAKER",
    "title": "Samskapande i Näsåker 2026",
    "place": "Näsåker",
    "description": (
        "Vad behöver du för att känna dig trygg med vården och omsorgen där du bor? "
        "Region Västernorrland och Sollefteå kommun vill höra det från dig, med dina egna ord. "
        "Skriv dina behov, ge stöd till andras och kom till dialogmötet i bygdegården eller "
        "följ det på distans. Efteråt kan du se vad politikerna svarade och vad som hände sedan."
    ),
}

MEETING = {
    "title": "Dialogmöte: Vård och omsorg nära dig",
    "location": "Näsåkers bygdegård",
    "description": (
        "Kvällsmöte med invånare, politiker från regionen och kommunen och ansvariga för "
        "primärvården och hemtjänsten. Vi går igenom behoven som kommit in, ställer frågor "
        "och röstar om vad som är viktigast. Det går att delta på plats eller digitalt. "
        "Kaffe och smörgås från klockan 18, mötet börjar 18.30."
    ),
}

STAFF = [
    {
        "email": "admin@demo.samskapande.se",
        "name": "Demo Administratör",
        "role": "admin",
        "title": "Systemadministratör",
        "organisation": None,
        "party": None,
    },
    {
        "email": "facilitator@demo.samskapande.se",
        "name": "Maria Öhrvall",
        "role": "facilitator",
        "title": "Samtalsledare, modellområdet",
        "organisation": "kommun",
        "party": None,
    },
    {
        "email": "tjansteperson@demo.samskapande.se",
        "name": "Jonas Ådalsberg",
        "role": "official",
        "title": "Verksamhetschef primärvård",
        "organisation": "region",
        "party": None,
    },
    {
        "email": "politiker.region@demo.samskapande.se",
        "name": "Karin Fjällström",
        "role": "politician",
        "title": "Regionråd",
        "organisation": "region",
        "party": "C",
    },
    {
        "email": "politiker.kommun@demo.samskapande.se",
        "name": "Lars Älvhammar",
        "role": "politician",
        "title": "Kommunalråd",
        "organisation": "kommun",
        "party": "S",
    },
]

PARTICIPANTS = [
    {
        "key": "p1",
        "display_name": "Gunnel",
        "profile": {"village": "Näsåker", "age_band": "65–79", "relation": "Patient"},
    },
    {
        "key": "p2",
        "display_name": "Ahmed",
        "profile": {"village": "Ramsele", "age_band": "18–34", "relation": "Närstående"},
    },
    {
        "key": "p3",
        "display_name": "Sara",
        "profile": {"village": "Junsele", "age_band": "Under 18", "relation": "Invånare"},
    },
    {
        "key": "p4",
        "display_name": "Bertil",
        "profile": {"village": "Näsåker", "age_band": "80 eller äldre", "relation": "Patient"},
    },
    {
        "key": "p5",
        "display_name": None,
        "profile": {"village": "Resele", "age_band": "35–64", "relation": "Närstående"},
    },
    {
        "key": "p6",
        "display_name": "Undersköterskan",
        "profile": {"village": "Näsåker", "age_band": "35–64", "relation": "Personal i vården"},
    },
    {
        "key": "p7",
        "display_name": "Elin",
        "profile": {"village": "Näsåker", "age_band": "18–34", "relation": "Invånare"},
    },
    {
        "key": "p8",
        "display_name": None,
        "profile": {"village": "Ramsele", "age_band": "65–79", "relation": "Invånare"},
    },
    {
        "key": "p9",
        "display_name": "Stig-Åke",
        "profile": {"village": "Junsele", "age_band": "65–79", "relation": "Närstående"},
    },
    {
        "key": "p10",
        "display_name": "Mamma till tre",
        "profile": {"village": "Näsåker", "age_band": "35–64", "relation": "Närstående"},
    },
    {
        "key": "p11",
        "display_name": None,
        "profile": {"village": "Sollefteå", "age_band": "35–64", "relation": "Personal i vården"},
    },
    {
        "key": "p12",
        "display_name": "Britt",
        "profile": {"village": "Resele", "age_band": "80 eller äldre", "relation": "Invånare"},
    },
    {
        "key": "p13",
        "display_name": "Linnea",
        "profile": {"village": "Junsele", "age_band": "Under 18", "relation": "Invånare"},
    },
    {
        "key": "p14",
        "display_name": None,
        "profile": {"village": "Annan ort", "age_band": "35–64", "relation": "Närstående"},
    },
    {
        "key": "p15",
        "display_name": "Olle",
        "profile": {"village": "Näsåker", "age_band": "65–79", "relation": "Invånare"},
    },
    {
        "key": "p16",
        "display_name": "Fia",
        "profile": {"village": "Ramsele", "age_band": "18–34", "relation": "Patient"},
    },
]

NEEDS = [
    # 1 (near-duplicate pair A with 2)
    {
        "author": "p1",
        "category": "kontinuitet",
        "goal": "kontinuitet",
        "text": (
            "Efter min höftoperation kom det en ny sjuksköterska nästan varje gång. "
            "Jag behöver en fast vårdkontakt som känner mig och håller i samordningen, "
            "så att jag slipper berätta allt från början."
        ),
    },
    # 2 (near-duplicate pair A with 1)
    {
        "author": "p4",
        "category": "kontinuitet",
        "goal": "kontinuitet",
        "text": (
            "Det borde vara samma sköterska som kommer hem till en efter en operation. "
            "Varje gång är det någon ny och då måste man förklara hela sin historia igen. "
            "En person som vet hur man har det skulle göra en så mycket tryggare."
        ),
    },
    # 3 (near-duplicate pair B with 4)
    {
        "author": "p8",
        "category": "transport",
        "goal": "nara",
        "text": (
            "Bussen till vårdcentralen går bara på morgonen och på kvällen. "
            "Har man en tid mitt på dagen får man sitta och vänta i flera timmar. "
            "Det behövs fler turer eller en anropsstyrd trafik som passar vårdens tider."
        ),
    },
    # 4 (near-duplicate pair B with 3)
    {
        "author": "p12",
        "category": "transport",
        "goal": "nara",
        "text": (
            "Jag har ingen bil längre och bussen till vårdcentral går bara morgon och kväll. "
            "Blir hela dagen bortkastad för ett besök på tjugo minuter. "
            "Kunde inte färdtjänsten eller en sjukresa ordnas enklare för oss som bor i byarna?"
        ),
    },
    # 5
    {
        "author": "p9",
        "category": "transport",
        "goal": "nara",
        "text": (
            "Det är 15 mil till sjukhuset i Sundsvall och lika långt hem igen. "
            "När frugan ska på återbesök tar det hela dagen och jag är inte ung längre heller. "
            "Mer borde kunna göras här, till exempel uppföljning via video på vårdcentralen."
        ),
    },
    # 6
    {
        "author": "p2",
        "category": "digital",
        "goal": "nara",
        "text": (
            "Digitala vårdbesök låter bra men mobiltäckningen är så dålig hemma att samtalet "
            "bryts hela tiden. Det behövs ett rum med bra uppkoppling i byn, på biblioteket "
            "eller i bygdegården, där man kan ha sitt videobesök i lugn och ro."
        ),
    },
    # 7
    {
        "author": "p15",
        "category": "digital",
        "goal": "nara",
        "text": (
            "Min telefon klarar inte appen och täckningen försvinner i köket. "
            "Jag behöver kunna boka och få svar på telefon som förr, "
            "inte bli hänvisad till något digitalt jag inte kan använda."
        ),
    },
    # 8
    {
        "author": "p11",
        "category": "vardcentral",
        "goal": "samverkan",
        "text": (
            "Vi som jobbar på vårdcentralen skulle kunna ta emot mycket mer här om vi hade "
            "utrustning för telemedicin. Med en undersökningskamera och specialisten i "
            "Sundsvall på skärmen skulle många patienter slippa resan."
        ),
    },
    # 9
    {
        "author": "p6",
        "category": "hemtjanst",
        "goal": "kontinuitet",
        "text": (
            "I hemtjänsten är vi för få och schemat ändras hela tiden, så brukarna får olika "
            "personal varje dag. Mindre arbetslag per by skulle ge både oss och de gamla "
            "bättre kontinuitet, och mindre tid i bilen."
        ),
    },
    # 10 (near-duplicate pair C with 11)
    {
        "author": "p5",
        "category": "hemtjanst",
        "goal": "kontinuitet",
        "text": (
            "Pappa får hemtjänst fyra gånger om dagen och det är ny personal nästan varje gång. "
            "Han blir orolig och vet inte vem som ska komma. "
            "Färre och samma ansikten skulle betyda väldigt mycket."
        ),
    },
    # 11 (near-duplicate pair C with 10)
    {
        "author": "p14",
        "category": "hemtjanst",
        "goal": "kontinuitet",
        "text": (
            "Mamma vet aldrig vem från hemtjänsten som kommer, det är olika personal varje dag. "
            "För en som är lite glömsk är det otryggt. "
            "Kan inte samma personer gå till samma personer?"
        ),
    },
    # 12
    {
        "author": "p4",
        "category": "ambulans",
        "goal": "trygg",
        "text": (
            "Det kan ta över en timme innan ambulansen är framme här. "
            "Vi behöver något som fungerar under tiden, till exempel utbildade "
            "första-hjälpen-grupper i byn eller en hjärtstartare som alla vet var den finns."
        ),
    },
    # 13
    {
        "author": "p7",
        "category": "ambulans",
        "goal": "trygg",
        "text": (
            "Jag vill veta vad jag ska göra medan vi väntar på ambulansen. "
            "Ordna en kurs i hjärt-lungräddning i bygdegården, det skulle många komma på."
        ),
    },
    # 14
    {
        "author": "p8",
        "category": "apotek",
        "goal": "nara",
        "text": (
            "Apoteket har stängt och apoteksombudet i affären har bara korta öppettider. "
            "När jag behöver medicin samma dag finns det ingenstans att vända sig. "
            "Kan läkemedel skickas hem eller lämnas av hemtjänsten?"
        ),
    },
    # 15
    {
        "author": "p16",
        "category": "apotek",
        "goal": None,
        "text": (
            "Mitt recept gick ut och det tog tre veckor att få det förnyat. "
            "Receptförnyelse borde gå att ordna med ett enkelt meddelande utan att man "
            "måste vänta på en läkartid."
        ),
    },
    # 16
    {
        "author": "p1",
        "category": "vardcentral",
        "goal": "delaktig",
        "text": (
            "Det är svårt att komma fram på telefon till vårdcentralen, man sitter i kö och "
            "sedan bryts samtalet. Det behövs en telefontid då man säkert får prata med "
            "en människa, och att de ringer tillbaka."
        ),
    },
    # 17
    {
        "author": "p3",
        "category": "unga",
        "goal": "nara",
        "text": (
            "Om man mår dåligt och vill prata med någon måste man åka till Sollefteå och "
            "missa en hel skoldag. Det behövs en kurator eller psykolog man kan träffa på skolan "
            "eller via video, utan att alla i klassen märker det."
        ),
    },
    # 18
    {
        "author": "p13",
        "category": "unga",
        "goal": "delaktig",
        "text": (
            "Vi unga vill kunna chatta anonymt med någon som kan psykisk ohälsa, även på kvällen. "
            "Det är svårt att säga något till vuxna i en liten by där alla känner alla."
        ),
    },
    # 19
    {
        "author": "p10",
        "category": "unga",
        "goal": "samverkan",
        "text": (
            "Som förälder vet jag inte vart jag ska vända mig när mitt barn mår psykiskt dåligt. "
            "Skolan hänvisar till vårdcentralen och vårdcentralen till BUP i Sundsvall. "
            "Det behövs en väg in och någon som tar ansvar."
        ),
    },
    # 20
    {
        "author": "p9",
        "category": "anhoriga",
        "goal": "trygg",
        "text": (
            "Jag tar hand om min fru som blir allt sämre och orkar snart inte. "
            "Vi anhöriga behöver avlösning några timmar i veckan och någon att prata med, "
            "utan att behöva åka till stan."
        ),
    },
    # 21
    {
        "author": "p5",
        "category": "anhoriga",
        "goal": "delaktig",
        "text": (
            "Anhörigstödet borde finnas här i byn och inte bara i Sollefteå. "
            "En träffpunkt i bygdegården en gång i månaden skulle hjälpa många av oss "
            "som vårdar en närstående."
        ),
    },
    # 22
    {
        "author": "p12",
        "category": "vardcentral",
        "goal": "nara",
        "text": (
            "Förr hade vi en distriktssköterska som man kände och kunde gå till. "
            "Ge oss tillbaka en distriktssköterskemottagning några dagar i veckan här i byn."
        ),
    },
    # 23
    {
        "author": "p11",
        "category": "vardcentral",
        "goal": "samverkan",
        "text": (
            "Närvårdsavdelningen behöver finnas kvar. När en äldre inte klarar sig hemma ett "
            "par dagar är det bättre att ligga nära än att skickas till akuten 15 mil bort, "
            "och då kan region och kommun dela på ansvaret."
        ),
    },
    # 24
    {
        "author": "p15",
        "category": "vardcentral",
        "goal": "nara",
        "text": (
            "En mobil hälsoenhet som kommer till byarna med provtagning, blodtryck och "
            "vaccinationer en gång i månaden skulle spara många resor, "
            "särskilt för oss som inte kör bil längre."
        ),
    },
    # 25
    {
        "author": "p6",
        "category": "hemtjanst",
        "goal": "trygg",
        "text": (
            "På vintern är vägarna ofta inte plogade när vi ska ut på morgonen och vissa gårdar "
            "når vi knappt. Det behövs en plan med vägföreningarna så att hemtjänsten och "
            "hemsjukvården alltid kommer fram."
        ),
    },
    # 26
    {
        "author": "p2",
        "category": "vardcentral",
        "goal": "nara",
        "text": (
            "Jag jobbar skift och kan aldrig när vårdcentralens mottagning är öppen. "
            "Någon kväll i veckan med öppen mottagning skulle göra att jag inte behöver "
            "ta ledigt när barnen är sjuka."
        ),
    },
    # 27
    {
        "author": "p16",
        "category": "tandvard",
        "goal": "nara",
        "text": (
            "Närmaste tandläkare är långt bort och kön är lång. "
            "Kunde inte en tandvårdsbuss eller tandhygienist komma hit några gånger om året?"
        ),
    },
    # 28
    {
        "author": "p10",
        "category": "anhoriga",
        "goal": "trygg",
        "text": (
            "Om vården försvinner härifrån vågar vi inte bo kvar när vi blir äldre. "
            "Vi behöver veta att det finns vård och omsorg här även om tio år, "
            "annars flyttar de unga familjerna och sedan dör byn."
        ),
    },
    # 29
    {
        "author": "p7",
        "category": "digital",
        "goal": "delaktig",
        "text": (
            "Många äldre skulle kunna ha digitala vårdbesök om någon visade hur det går till. "
            "Digitala ombud på biblioteket eller i byaföreningen som hjälper en att komma igång."
        ),
    },
    # 30
    {
        "author": "p14",
        "category": "kontinuitet",
        "goal": None,
        "text": (
            "Jag bor långt bort och vet aldrig vem jag ska ringa om mamma. "
            "Region och kommun borde ha en gemensam kontaktperson för den som har både "
            "hemtjänst och hemsjukvård, så att vi närstående får en väg in."
        ),
    },
]

# Each principal's frame for the round ("Våra ramar"), written by its staff and signed by
# its politician before the needs are collected (samskapande.responses.mandates).
MANDATES = [
    {"organisation": "region", "by": "tjansteperson@demo.samskapande.se",
     "signed_by": "politiker.region@demo.samskapande.se",
     "can_decide": "Hur hälsocentralen i Sollefteå och mottagningen i Näsåker arbetar: "
                   "öppettider, provtagning på plats, videobesök och hur distriktssköterskan "
                   "samarbetar med hemtjänsten.",
     "cannot_decide": "Var sjukhusen ligger och vilka akutuppdrag de har (det beslutar "
                      "regionfullmäktige i en större plan). Sjukresornas regler beslutas "
                      "för hela länet och kan inte ändras bara för Näsåker.",
     "budget": "Inom befintlig budget för nära vård 2026."},
    {"organisation": "kommun", "by": "politiker.kommun@demo.samskapande.se",
     "signed_by": "politiker.kommun@demo.samskapande.se",
     "can_decide": "Hemtjänstens arbetssätt och scheman, trygghetslarm, anhörigstöd och "
                   "kommunens lokaler i Näsåker, till exempel biblioteket och bygdegården.",
     "cannot_decide": "Läkare, vårdcentraler och sjukresor är regionens ansvar. "
                      "Färdtjänstens taxor beslutas av kommunfullmäktige i budgeten.",
     "budget": "Högst 400 000 kronor under 2026, inom äldreomsorgens budget."},
]
