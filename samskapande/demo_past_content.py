"""Content for the demo's past round: Näsåker 2025, closed, its commitments followed up.

Like demo_content, this is data in the words residents, staff and politicians would use,
invented for demonstration (no real person, no identifiable person's health). The loader
(samskapande.demo_past) builds it through the same services a round goes through, so the
audit log, the themes, the signatures and the follow-up are what a real round leaves.
"""

ROUND = {
    "code": "NASAKER25",
    "title": "Samskapande i Näsåker 2025",
    "place": "Näsåker",
    "description": (
        "Förra årets runda i Näsåker: invånarna skrev behov och röstade, vi möttes i "
        "bygdegården, behoven blev teman och Region Västernorrland och Sollefteå kommun "
        "svarade tillsammans. Rundan är avslutad, men vi fortsätter att berätta vad som "
        "blir gjort med det vi lovade."
    ),
}

# Participants of the past round: keys are the resume-code seeds (demo_resume_code).
PARTICIPANTS = [
    {"key": "2025-p1", "display_name": "Margit",
     "profile": {"village": "Näsåker", "age_band": "65–79", "relation": "Patient"}},
    {"key": "2025-p2", "display_name": "Johan",
     "profile": {"village": "Ramsele", "age_band": "35–64", "relation": "Närstående"}},
    {"key": "2025-p3", "display_name": "Elin",
     "profile": {"village": "Junsele", "age_band": "18–34", "relation": "Invånare"}},
    {"key": "2025-p4", "display_name": "Sven-Erik",
     "profile": {"village": "Näsåker", "age_band": "80 eller äldre", "relation": "Patient"}},
    {"key": "2025-p5", "display_name": None,
     "profile": {"village": "Resele", "age_band": "35–64", "relation": "Personal i vården"}},
    {"key": "2025-p6", "display_name": "Leila",
     "profile": {"village": "Ramsele", "age_band": "18–34", "relation": "Närstående"}},
]

# Each need: its author, its theme (a key of THEMES), and who supported it.
NEEDS = [
    {"author": "2025-p1", "theme": "resor", "supporters": ["2025-p2", "2025-p4", "2025-p5"],
     "text": "Det går ingen buss till vårdcentralen i Sollefteå på förmiddagen. Jag som inte "
             "kör bil måste ta färdtjänst som ska beställas två dagar i förväg."},
    {"author": "2025-p4", "theme": "resor", "supporters": ["2025-p1", "2025-p6"],
     "text": "Sjukresorna tar hela dagen. Man åker klockan sju och kommer hem vid fem för ett "
             "besök på en kvart."},
    {"author": "2025-p2", "theme": "resor", "supporters": ["2025-p3"],
     "text": "Kunde provtagning och enklare kontroller göras här i Näsåker, så att man slipper "
             "åka elva mil för ett blodprov?"},
    {"author": "2025-p5", "theme": "hemtjanst", "supporters": ["2025-p1", "2025-p2", "2025-p4"],
     "text": "Hemtjänsten och distriktssköterskan vet inte vad den andra gör. Mamma fick två "
             "olika besked om sina mediciner samma vecka."},
    {"author": "2025-p6", "theme": "hemtjanst", "supporters": ["2025-p5"],
     "text": "Det borde finnas en gemensam plan för den som får hjälp av både kommunen och "
             "regionen, som alla kan läsa."},
    {"author": "2025-p3", "theme": "hemtjanst", "supporters": ["2025-p4", "2025-p6"],
     "text": "Hemtjänsten kommer olika personer varje dag. Pappa blir orolig när han inte vet "
             "vem som kommer."},
    {"author": "2025-p1", "theme": "digitalt", "supporters": ["2025-p3", "2025-p6"],
     "text": "Jag vill kunna träffa läkaren på video hemifrån, men jag behöver hjälp att komma "
             "i gång med surfplattan."},
    {"author": "2025-p2", "theme": "digitalt", "supporters": ["2025-p1"],
     "text": "Mobiltäckningen är dålig i byarna runt Näsåker, så videobesök bryts hela tiden."},
    {"author": "2025-p4", "theme": "digitalt", "supporters": ["2025-p2", "2025-p5"],
     "text": "Biblioteket kunde ha ett rum där man kan ha sitt videobesök i lugn och ro, med "
             "någon som hjälper till med tekniken."},
]

THEMES = {
    "resor": {"title": "Långa resor till vården",
              "summary": "Bussar, färdtjänst och sjukresor tar lång tid; invånarna vill att "
                         "mer vård och provtagning kan ges i Näsåker.",
              "goal": "nara"},
    "hemtjanst": {"title": "Hemtjänst och hemsjukvård som hänger ihop",
                  "summary": "Kommunens hemtjänst och regionens hemsjukvård behöver en "
                             "gemensam plan och färre nya ansikten.",
                  "goal": "samverkan"},
    "digitalt": {"title": "Vård på distans som fungerar",
                 "summary": "Videobesök kräver täckning, hjälp med tekniken och en lugn plats.",
                 "goal": "nara"},
}

MEETING = {
    "title": "Dialogmöte: Vad gör vi åt resorna?",
    "location": "Näsåkers bygdegård",
    "description": "Vinterns dialogmöte om behoven som kom in i rundan 2025.",
}

# The meeting's posts, in order. "asks" directs a question to an organisation key;
# "answer" is given by the person with that staff e-mail, in writing.
POSTS = [
    {"author": "2025-p1", "kind": "message",
     "text": "Tack för att ni kom hit till oss i stället för att vi skulle åka till stan."},
    {"author": "2025-p4", "kind": "question", "asks": "region",
     "text": "Varför kan inte vårdcentralen ta blodprover här en dag i veckan?",
     "answer": ("politiker.region@demo.samskapande.se",
                "Vi prövar provtagning i Näsåker varannan tisdag från våren. Vi återkommer om "
                "hur det har gått.")},
    {"author": "2025-p2", "kind": "question", "asks": "kommun",
     "text": "Kan hemtjänsten få läsa regionens anteckningar om min mamma?",
     "answer": ("politiker.kommun@demo.samskapande.se",
                "Inte rakt av, men vi inför en gemensam plan som ni själva får se och godkänna.")},
    {"author": "2025-p6", "kind": "question", "asks": "region",
     "text": "När kommer det bättre mobiltäckning i byarna, så att videobesöken fungerar?"},
    {"author": "2025-p3", "kind": "question", "asks": "kommun",
     "text": "Får hemtjänsten samma personal på helgerna också, eller bara på vardagar?"},
]

POLL = {
    "question": "Vilket tema är viktigast att börja med?",
    "options": ["Långa resor till vården", "Hemtjänst och hemsjukvård som hänger ihop",
                "Vård på distans som fungerar"],
    # option index per participant key
    "answers": {"2025-p1": 0, "2025-p2": 1, "2025-p3": 0, "2025-p4": 0, "2025-p5": 1,
                "2025-p6": 2},
}

# Responses. "by" drafts (a staff e-mail); "signed_by" are the e-mails that sign, in order
# (every named organisation signs, so each is published, `published_days_ago`). A
# commitment is due `due_days` from today; each update is (by, status, text, days ago).
# "limits" are (category, text): what stands in the way of a full yes; "who_decides" says
# who decides the rest, and when.
REGION = "politiker.region@demo.samskapande.se"
KOMMUN = "politiker.kommun@demo.samskapande.se"
RESPONSES = [
    {"theme": "resor", "by": REGION, "organisations": ["region", "kommun"], "stance": "partly",
     "signed_by": [REGION, KOMMUN], "published_days_ago": 290,
     "text": "Vi kan inte ha en vårdcentral i varje by, men vi flyttar det som går till "
             "Näsåker: provtagning varannan tisdag och en anropsstyrd buss till "
             "vårdcentralen. Sjukresorna ses över tillsammans med kollektivtrafiken.",
     "limits": [
         ("staff", "Det finns inte läkare och sjuksköterskor nog för en vårdcentral i varje "
                   "by; vi samlar dem där flest kan nå dem."),
         ("money", "En egen vårdcentral i Näsåker ryms inte i regionens budget för "
                   "primärvården."),
         ("other_principal", "Kollektivtrafiken och färdtjänsten är kommunens ansvar, "
                             "sjukresorna regionens: översynen görs tillsammans."),
     ],
     "who_decides": "Regionfullmäktige beslutar om vårdcentralerna i budgeten i juni; "
                    "kommunfullmäktige om den anropsstyrda bussen i november.",
     "commitments": [
         {"organisation": "region", "text": "Provtagning i Näsåker varannan tisdag",
          "role": "verksamhetschef primärvård, Region Västernorrland", "due_days": -150,
          "updates": [
              (REGION, "in_progress",
               "Lokalen i Folkets hus är klar och provtagningen börjar i maj.", 250),
              (REGION, "done",
               "Provtagningen är i gång sedan maj, i snitt tolv besök per tillfälle.", 180)]},
         {"organisation": "kommun",
          "text": "Anropsstyrd buss till vårdcentralen två dagar i veckan",
          "role": "trafikansvarig, Sollefteå kommun", "due_days": 20, "updates": []},
         {"organisation": "region", "text": "Översyn av sjukresorna med kollektivtrafiken",
          "role": "enhetschef sjukresor, Region Västernorrland",
          "holder": "tjansteperson@demo.samskapande.se", "due_days": -30, "updates": [
              (REGION, "in_progress", "Utredningen är beställd; förslaget väntas före jul.", 60)]},
     ]},
    {"theme": "hemtjanst", "by": KOMMUN, "organisations": ["kommun", "region"], "stance": "yes",
     "signed_by": [KOMMUN, REGION], "published_days_ago": 288,
     "text": "Region och kommun inför en gemensam plan för den som får hjälp av oss båda, "
             "som den enskilde själv får läsa. Hemtjänsten i Näsåker delas i mindre grupper "
             "så att det blir färre nya ansikten.",
     "limits": [],
     "who_decides": "Socialnämnden beslutar om arbetslagen i hemtjänsten; beslutet är "
                    "redan fattat.",
     "commitments": [
         {"organisation": "kommun", "text": "Mindre arbetslag i hemtjänsten i Näsåker",
          "role": "enhetschef hemtjänst, Sollefteå kommun", "due_days": 90, "updates": [
              (KOMMUN, "in_progress",
               "Två av tre arbetslag är i gång. Det tredje startar när vi har anställt två "
               "undersköterskor till.", 20)]},
     ]},
    {"theme": "digitalt", "by": KOMMUN, "organisations": ["kommun", "region"],
     "stance": "partly", "signed_by": [KOMMUN, REGION], "published_days_ago": 286,
     "text": "Mobiltäckningen beslutar varken kommunen eller regionen om, men vi har lämnat "
             "era synpunkter till mobiloperatörerna och till länsstyrelsen, som samordnar "
             "utbyggnaden i länet. Det vi själva kan "
             "göra är ett rum för videobesök på biblioteket, med hjälp att komma i gång.",
     "limits": [
         ("national", "Mobilnätet byggs ut av operatörerna efter Post- och telestyrelsens "
                      "regler; varken kommunen eller regionen beslutar om det."),
         ("investigate", "Om biblioteket kan hålla öppet för videobesök även på kvällar "
                         "utreds till hösten."),
     ],
     "who_decides": "Länsstyrelsen samordnar utbyggnaden av mobilnätet i länet; "
                    "kultur- och fritidsnämnden beslutar om bibliotekets öppettider i "
                    "oktober.",
     "commitments": [
         {"organisation": "kommun", "text": "Ett rum för videobesök på biblioteket i Näsåker",
          "role": "bibliotekschef, Sollefteå kommun", "due_days": -60, "updates": [
              (KOMMUN, "done",
               "Rummet är klart och bokas i bibliotekets disk. Biblioteket hjälper till med "
               "tekniken på tisdagar.", 70)]},
     ]},
]

# Each principal's frame for the round, signed before the needs were collected.
MANDATES = [
    {"organisation": "region", "by": REGION, "signed_by": REGION,
     "can_decide": "Vad vårdcentralen i Sollefteå erbjuder på plats i Näsåker, till exempel "
                   "provtagning och enklare kontroller, och hur videobesök ska fungera.",
     "cannot_decide": "Busslinjerna beslutas av länstrafiken och hemtjänsten av kommunen. "
                      "Regler för sjukresor gäller hela länet.",
     "budget": "Inom befintlig budget."},
    {"organisation": "kommun", "by": KOMMUN, "signed_by": KOMMUN,
     "can_decide": "Hur hemtjänsten planerar besöken, så att samma personer kommer oftare, "
                   "och om biblioteket kan ha ett rum för videobesök.",
     "cannot_decide": "Vården på vårdcentralen och sjukresorna, som är regionens ansvar.",
     "budget": "Inom befintlig budget för äldreomsorgen 2025."},
]

# A need the facilitator referred to the organisation that can do something about it.
REFERRAL = {
    "need": "Mobiltäckningen är dålig",  # the beginning of the need's text
    "organisation": "kommun",
    "reason": "Mobilnätet byggs av operatörerna, inte av vården. Kommunens "
              "bredbandssamordnare har tagit med byarna runt Näsåker i sin plan och "
              "svarar på frågor om täckningen.",
}
