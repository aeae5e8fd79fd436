"""Content for the demo's round where the politicians are responding: Ramsele 2026.

Like demo_content, this is data in the words residents, staff and politicians would use,
invented for demonstration (no real person, no identifiable person's health). Ramsele is a
village of some 500 residents in Sollefteå kommun, seven mil from the hospital in
Sollefteå. The loader (samskapande.demo_ramsele) builds the round through the services a
real round goes through and leaves it while the politicians respond: one joint draft
signed by the region waits for the kommun's signature, one published joint response has a
change proposed by the kommun that removed the region's signature, and one theme has no
response yet.
"""

ROUND = {
    "code": "RAMSELE26",
    "title": "Samskapande i Ramsele 2026",
    "place": "Ramsele",
    "description": (
        "I Ramsele är det långt till sjukhuset och apoteket, och vintern gör vägarna ännu "
        "längre. Invånarna har skrivit sina behov och gett stöd till varandras, vi har "
        "träffats i Folkets hus och behoven har blivit teman. Nu svarar Region "
        "Västernorrland och Sollefteå kommun på vad de kan göra."
    ),
}

# Participants: keys are the resume-code seeds (demo_resume_code).
PARTICIPANTS = [
    {"key": "ramsele-p1", "display_name": "Ingrid",
     "profile": {"village": "Ramsele", "age_band": "80 eller äldre", "relation": "Patient"}},
    {"key": "ramsele-p2", "display_name": "Per-Olof",
     "profile": {"village": "Ramsele", "age_band": "65–79", "relation": "Närstående"}},
    {"key": "ramsele-p3", "display_name": "Amina",
     "profile": {"village": "Ramsele", "age_band": "35–64", "relation": "Personal i vården"}},
    {"key": "ramsele-p4", "display_name": None,
     "profile": {"village": "Annan ort", "age_band": "35–64", "relation": "Invånare"}},
    {"key": "ramsele-p5", "display_name": "Tove",
     "profile": {"village": "Ramsele", "age_band": "18–34", "relation": "Invånare"}},
    {"key": "ramsele-p6", "display_name": "Bengt",
     "profile": {"village": "Junsele", "age_band": "65–79", "relation": "Patient"}},
]

# Each need: its author, its theme (a key of THEMES), and who supported it.
NEEDS = [
    {"author": "ramsele-p1", "theme": "lakemedel",
     "supporters": ["ramsele-p2", "ramsele-p4", "ramsele-p6"],
     "text": "Apoteksombudet i affären har bara det vanligaste. Mina mediciner måste "
             "beställas hem och det tar en vecka."},
    {"author": "ramsele-p2", "theme": "lakemedel", "supporters": ["ramsele-p1", "ramsele-p5"],
     "text": "När min fru fick antibiotika en fredag fick jag köra sju mil till apoteket i "
             "Sollefteå och sju mil hem igen."},
    {"author": "ramsele-p6", "theme": "lakemedel", "supporters": ["ramsele-p3"],
     "text": "Kunde vårdcentralen lämna ut läkemedel direkt när man har varit där, i stället "
             "för att man ska åka vidare till ett apotek?"},
    {"author": "ramsele-p3", "theme": "lakemedel", "supporters": ["ramsele-p1", "ramsele-p2"],
     "text": "Hemtjänsten hämtar ut medicin åt en del men inte åt alla. Det borde vara samma "
             "regler för alla som har hemtjänst."},
    {"author": "ramsele-p5", "theme": "distans", "supporters": ["ramsele-p1", "ramsele-p6"],
     "text": "Vi behöver en distansmottagning här, där en sjuksköterska kan ta prover och "
             "koppla upp oss mot läkaren i Sollefteå."},
    {"author": "ramsele-p1", "theme": "distans", "supporters": ["ramsele-p2"],
     "text": "Jag klarar inte videosamtal själv på telefonen, men jag kan gå till ett rum i "
             "byn där någon hjälper mig."},
    {"author": "ramsele-p4", "theme": "distans", "supporters": ["ramsele-p3", "ramsele-p5"],
     "text": "Det är bra att kunna ta blodtryck och blodsocker själv och skicka värdena, men "
             "då måste någon också läsa dem och höra av sig."},
    {"author": "ramsele-p6", "theme": "distans", "supporters": ["ramsele-p4"],
     "text": "Distansmottagningen får inte bara vara öppen när det passar personalen. Den "
             "behöver ha tider efter fyra också, för oss som arbetar."},
    {"author": "ramsele-p2", "theme": "vinter",
     "supporters": ["ramsele-p1", "ramsele-p3", "ramsele-p6"],
     "text": "När det snöar mycket kommer hemtjänsten flera timmar sent, och ingen ringer och "
             "säger till. Mamma sitter och väntar på sin frukost."},
    {"author": "ramsele-p3", "theme": "vinter", "supporters": ["ramsele-p2", "ramsele-p5"],
     "text": "Ambulansen har så långt hit att det kan ta en timme. Kunde det finnas någon i "
             "byn som kan hjälpa till i väntan på ambulansen?"},
    {"author": "ramsele-p5", "theme": "vinter", "supporters": ["ramsele-p4"],
     "text": "De som har trygghetslarm borde få veta vem som kommer och ungefär när, när "
             "vägarna är dåliga."},
    {"author": "ramsele-p4", "theme": "vinter", "supporters": ["ramsele-p1", "ramsele-p6"],
     "text": "Plogningen av små vägar ut till gårdarna är så sen att hemtjänsten inte kommer "
             "fram. Kommunen och Trafikverket måste prata med varandra."},
]

THEMES = {
    "lakemedel": {"title": "Läkemedel utan långa resor",
                  "summary": "Apoteket ligger sju mil bort; invånarna vill kunna få sina "
                             "läkemedel i Ramsele och samma hjälp med att hämta ut dem.",
                  "goal": "nara"},
    "distans": {"title": "En distansmottagning i Ramsele",
                "summary": "Ett rum i byn med en sjuksköterska, provtagning och hjälp med "
                           "videobesöket, öppet även efter arbetstid.",
                "goal": "nara"},
    "vinter": {"title": "Trygg hjälp när vintern kommer",
               "summary": "Hemtjänsten blir sen när det snöar, ambulansen har långt hit och "
                          "de små vägarna plogas sent.",
               "goal": "trygg"},
}

MEETING = {
    "title": "Dialogmöte om vården i Ramsele",
    "location": "Folkets hus i Ramsele",
    "description": "Höstens dialogmöte om behoven som kom in i rundan i Ramsele.",
}

# The meeting's posts, in order. "asks" directs a question to an organisation key;
# "answer" is given by the person with that staff e-mail, in writing.
POSTS = [
    {"author": "ramsele-p1", "kind": "message",
     "text": "Skönt att få säga det här till dem som bestämmer, utan att behöva åka till stan."},
    {"author": "ramsele-p2", "kind": "question", "asks": "region",
     "text": "Varför kan inte vårdcentralen i Ramsele ha ett läkemedelsförråd som apoteket "
             "fyller på?",
     "answer": ("politiker.region@demo.samskapande.se",
                "Det prövar vi nu. Vi svarar om läkemedlen i temat om resor till apoteket.")},
    {"author": "ramsele-p5", "kind": "message",
     "text": "Vi kan gärna hjälpa till att ordna rummet för distansmottagningen i Folkets hus."},
]

# Responses. "by" drafts (a staff e-mail); "signed_by" sign, in order. A "change" is then
# proposed by its "by", who signs it for their organisation at once; the other
# organisation's signature is removed and waits to be given again. A commitment is due
# `due_days` from today; `days_ago` dates the steps (drafted, signed, changed).
REGION = "politiker.region@demo.samskapande.se"
KOMMUN = "politiker.kommun@demo.samskapande.se"
RESPONSES = [
    {"theme": "lakemedel", "by": REGION, "organisations": ["region", "kommun"],
     "stance": "yes", "signed_by": [REGION], "days_ago": {"drafted": 12, "signed": 10},
     "text": "Vårdcentralen i Ramsele börjar lämna ut de vanligaste läkemedlen direkt efter "
             "besöket, och apoteksombudet får leveranser två gånger i veckan i stället för "
             "en. Den som har hemtjänst får hjälp att hämta ut sina läkemedel, med samma "
             "regler för alla.",
     "commitments": [
         {"organisation": "region",
          "text": "Läkemedelsutlämning vid vårdcentralen i Ramsele efter besöket",
          "role": "verksamhetschef primärvård, Region Västernorrland", "due_days": 90},
         {"organisation": "kommun",
          "text": "Samma regler i hela hemtjänsten för att hämta ut läkemedel",
          "role": "medicinskt ansvarig sjuksköterska, Sollefteå kommun", "due_days": 60},
     ]},
    {"theme": "distans", "by": REGION, "organisations": ["region", "kommun"],
     "stance": "yes", "signed_by": [REGION, KOMMUN],
     "days_ago": {"drafted": 26, "signed": 21, "changed": 4},
     "text": "Region Västernorrland och Sollefteå kommun öppnar en distansmottagning i "
             "Ramsele. En sjuksköterska finns på plats två dagar i veckan, tar prover och "
             "hjälper till med videobesöket hos läkaren i Sollefteå.",
     "change": {"by": KOMMUN,
                "text": "Region Västernorrland och Sollefteå kommun öppnar en "
                        "distansmottagning i Folkets hus i Ramsele. En sjuksköterska finns "
                        "på plats två dagar i veckan, tar prover och hjälper till med "
                        "videobesöket hos läkaren i Sollefteå. En av dagarna är "
                        "mottagningen öppen till klockan sju på kvällen."},
     "commitments": [
         {"organisation": "region",
          "text": "Distansmottagning i Ramsele två dagar i veckan, en kväll till klockan sju",
          "role": "verksamhetschef primärvård, Region Västernorrland", "due_days": 120},
         {"organisation": "kommun",
          "text": "Ett rum för distansmottagningen i Folkets hus",
          "role": "fastighetschef, Sollefteå kommun", "due_days": 45},
     ]},
]
