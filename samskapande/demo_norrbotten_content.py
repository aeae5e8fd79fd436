"""Content for the demo's second model area, Östra Norrbotten: a round collecting needs.

Like demo_content (whose constant names it shares, so the same loader reads both), this is
invented data in the words residents, staff and the model area would write: no real
person is named and no identifiable person's health is described. The round is
pre-moderated, so two needs wait for the facilitator; residents have asked two questions
ahead of the dialogue meeting, one to the region and one to Haparanda kommun.
"""

ORGANISATIONS = [
    {"key": "region", "name": "Region Norrbotten", "kind": "region"},
    {"key": "haparanda", "name": "Haparanda kommun", "kind": "municipality"},
    {"key": "overtornea", "name": "Övertorneå kommun", "kind": "municipality"},
    {"key": "kalix", "name": "Kalix kommun", "kind": "municipality"},
    {"key": "overkalix", "name": "Överkalix kommun", "kind": "municipality"},
]

MODEL_AREA = {
    "name": "Östra Norrbotten",
    "slug": "ostra-norrbotten",
    "description": (
        "I modellområdet Östra Norrbotten arbetar Region Norrbotten tillsammans med "
        "Haparanda, Övertorneå, Kalix och Överkalix kommun för en god och nära vård i "
        "glesbygd. Byarna ligger långt från sjukhuset i Sunderbyn, många är äldre och "
        "vintern är lång. Vi prövar mobila team, vård på distans och mer samarbete mellan "
        "regionen och kommunerna, och vi vill göra det tillsammans med er som bor här."
    ),
    "organisations": ["region", "haparanda", "overtornea", "kalix", "overkalix"],
    "goals": [
        {"key": "hemma", "title": "Vård och omsorg hemma när det går",
         "description": "Mobila team och hemsjukvården kommer hem till mig, så att jag kan få "
                        "vård och omsorg i mitt hem och bara behöver åka till sjukhuset när "
                        "det verkligen behövs."},
        {"key": "distans", "title": "Möten på distans som fungerar",
         "description": "Jag kan träffa läkare, sjuksköterska eller specialist på video, "
                        "hemma eller i en vårdpunkt i byn, och få hjälp med tekniken om jag "
                        "behöver."},
        {"key": "akut", "title": "Trygg hjälp när det är bråttom",
         "description": "Jag vet vart jag ska vända mig, och hjälpen kommer i tid även när "
                        "avstånden är långa och vägarna är dåliga på vintern."},
        {"key": "helhet", "title": "Region och kommuner som en helhet",
         "description": "Regionen och de fyra kommunerna planerar tillsammans och delar på "
                        "personal och kunskap, och samarbetar med vården på finska sidan "
                        "där det gör vägen kortare för mig."},
        {"key": "sprak", "title": "Vård på mitt språk",
         "description": "Jag kan få vård och omsorg på finska eller meänkieli om jag vill, "
                        "särskilt när jag blir äldre."},
    ],
}

CATEGORIES = [
    {"key": "mobila", "label": "Mobila team och hemsjukvård"},
    {"key": "distans", "label": "Vård på distans"},
    {"key": "resor", "label": "Resor till vården"},
    {"key": "akut", "label": "Ambulans och akut hjälp"},
    {"key": "hemtjanst", "label": "Hemtjänst och äldreomsorg"},
    {"key": "sprak", "label": "Språk och kultur"},
    {"key": "unga", "label": "Barn och unga"},
]

PROFILE_QUESTIONS = [
    {"key": "village", "label": "Var bor du?",
     "options": ["Haparanda", "Övertorneå", "Kalix", "Överkalix", "Karungi", "Svanstein",
                 "Annan ort"]},
    {"key": "age_band", "label": "Din ålder",
     "options": ["Under 18", "18–34", "35–64", "65–79", "80 eller äldre"]},
    {"key": "relation", "label": "Du deltar som",
     "options": ["Invånare", "Patient", "Närstående", "Personal i vården"]},
]

ROUND = {
    "code": "OSTRANORRBOTTEN",
    "title": "Nära vård i Östra Norrbotten 2026",
    "place": "Haparanda, Övertorneå, Kalix och Överkalix",
    "moderation": "pre",
    "description": (
        "Hur vill du att vården och omsorgen ska fungera där du bor, när det är långt till "
        "sjukhuset? Region Norrbotten och kommunerna Haparanda, Övertorneå, Kalix och "
        "Överkalix vill höra det från dig. Skriv dina behov, ge stöd till andras och kom "
        "till dialogmötet. Vi läser varje behov innan det visas."
    ),
}

MEETING = {
    "title": "Dialogmöte: Nära vård i Östra Norrbotten",
    "location": "Folkets hus i Övertorneå och på distans",
    "description": (
        "Invånare, politiker från regionen och kommunerna och personal från hemsjukvården "
        "möts för att gå igenom behoven. Det går att delta på plats eller följa mötet "
        "hemifrån. Skriv gärna dina frågor redan nu."
    ),
    "in_days": 35,
}

STAFF = [
    {"email": "facilitator.norrbotten@demo.samskapande.se", "name": "Hanna Lantto",
     "role": "facilitator", "title": "Samtalsledare, modellområdet Östra Norrbotten",
     "organisation": "overtornea", "party": None},
    {"email": "tjansteperson.norrbotten@demo.samskapande.se", "name": "Mikael Rova",
     "role": "official", "title": "Områdeschef nära vård", "organisation": "region",
     "party": None},
    {"email": "politiker.norrbotten@demo.samskapande.se", "name": "Eva Palo",
     "role": "politician", "title": "Regionråd", "organisation": "region", "party": "S"},
    {"email": "politiker.haparanda@demo.samskapande.se", "name": "Tomas Vaara",
     "role": "politician", "title": "Kommunalråd", "organisation": "haparanda", "party": "C"},
]

PARTICIPANTS = [
    {"key": "nb-p1", "display_name": "Aili",
     "profile": {"village": "Övertorneå", "age_band": "80 eller äldre", "relation": "Patient"}},
    {"key": "nb-p2", "display_name": "Peter",
     "profile": {"village": "Kalix", "age_band": "35–64", "relation": "Närstående"}},
    {"key": "nb-p3", "display_name": None,
     "profile": {"village": "Haparanda", "age_band": "65–79", "relation": "Invånare"}},
    {"key": "nb-p4", "display_name": "Sköterskan i Överkalix",
     "profile": {"village": "Överkalix", "age_band": "35–64", "relation": "Personal i vården"}},
    {"key": "nb-p5", "display_name": "Maja",
     "profile": {"village": "Karungi", "age_band": "18–34", "relation": "Invånare"}},
    {"key": "nb-p6", "display_name": "Veikko",
     "profile": {"village": "Svanstein", "age_band": "65–79", "relation": "Närstående"}},
    {"key": "nb-p7", "display_name": None,
     "profile": {"village": "Kalix", "age_band": "18–34", "relation": "Patient"}},
]

# "status": "pending" waits for the facilitator (the round is pre-moderated);
# "supporters" are the participants who support the need.
NEEDS = [
    {"author": "nb-p1", "category": "mobila", "goal": "hemma",
     "supporters": ["nb-p3", "nb-p6", "nb-p4"],
     "text": "Jag är 86 år och klarar inte resan till Sunderbyn längre. Kunde inte läkaren "
             "komma hem till mig ibland, tillsammans med distriktssköterskan?"},
    {"author": "nb-p4", "category": "mobila", "goal": "helhet",
     "supporters": ["nb-p1", "nb-p2"],
     "text": "Vi i hemsjukvården och läkarna på hälsocentralen borde kunna åka ut som ett "
             "mobilt team till de sköraste. Då slipper många åka ambulans till akuten."},
    {"author": "nb-p5", "category": "distans", "goal": "distans",
     "supporters": ["nb-p7", "nb-p2"],
     "text": "Jag pluggar och jobbar och har inte tid att åka elva mil för ett återbesök. "
             "Uppföljningen av min astma kunde lika gärna ske på video."},
    {"author": "nb-p6", "category": "distans", "goal": "distans",
     "supporters": ["nb-p1"],
     "text": "I Svanstein finns ingen vårdcentral. En vårdpunkt i byn med en skärm och någon "
             "som hjälper till skulle göra det lätt att träffa läkaren på distans."},
    {"author": "nb-p2", "category": "akut", "goal": "akut",
     "supporters": ["nb-p3", "nb-p5", "nb-p6"],
     "text": "När pappa fick en stroke tog det nästan två timmar innan han var på sjukhuset. "
             "Vi behöver veta att ambulansen finns nära även på natten."},
    {"author": "nb-p3", "category": "resor", "goal": "helhet",
     "supporters": ["nb-p6"],
     "text": "Det är närmare till sjukhuset i Torneå än till Sunderbyn för oss i Haparanda. "
             "Kunde man inte få göra enklare undersökningar där?"},
    {"author": "nb-p1", "category": "sprak", "goal": "sprak",
     "supporters": ["nb-p6", "nb-p3"],
     "text": "När jag blir sjuk tappar jag svenskan. Jag vill kunna prata finska eller "
             "meänkieli med den som kommer från hemtjänsten."},
    {"author": "nb-p7", "category": "unga", "goal": "distans",
     "supporters": ["nb-p5"],
     "text": "Det behövs någon att prata med om man mår dåligt, utan att hela byn vet om det. "
             "En chatt eller ett videosamtal med en kurator skulle hjälpa."},
    {"author": "nb-p2", "category": "hemtjanst", "goal": "hemma",
     "supporters": ["nb-p1"],
     "text": "Mamma i Överkalix får hemtjänst och hemsjukvård, men de vet inte om varandras "
             "besök. Det borde finnas en plan som alla följer."},
    {"author": "nb-p6", "category": "resor", "goal": "hemma", "status": "pending",
     "supporters": [],
     "text": "Sjukresorna borde gå att boka på finska också, och taxin borde vänta om "
             "besöket drar ut på tiden."},
    {"author": "nb-p5", "category": "akut", "goal": "akut", "status": "pending",
     "supporters": [],
     "text": "Kunde inte fler i byn lära sig hjärt-lungräddning, så att någon kan hjälpa till "
             "tills ambulansen kommer?"},
]

# Questions asked ahead of the meeting: "asks" is the key of the organisation asked.
POSTS = [
    {"author": "nb-p3", "kind": "question", "asks": "region",
     "text": "Kommer det att finnas ett mobilt läkarteam i Haparanda och Övertorneå, eller "
             "bara i Kalix?"},
    {"author": "nb-p6", "kind": "question", "asks": "haparanda",
     "text": "Kan hemtjänsten i Haparanda ha personal som talar finska i varje arbetslag?"},
]
