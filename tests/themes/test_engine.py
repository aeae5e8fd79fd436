"""Theme suggestions group what residents say alike, the same way every time."""

from samskapande import demo_content
from samskapande.themes import engine

TRAVEL = [
    "Bussen till vårdcentralen går bara morgon och kväll.",
    "Jag har ingen bil och bussen till vårdcentral går för sällan.",
    "Färdtjänsten till vårdcentralen måste bokas en vecka i förväg.",
    "Sjukresor till sjukhuset tar hela dagen med buss.",
    "Bussarna går inte på helgen när man ska till vårdcentralens jour.",
]
HOME_CARE = [
    "Hemtjänsten skickar ny personal varje dag till min pappa.",
    "Samma personal i hemtjänsten skulle göra mamma tryggare.",
    "Hemtjänstens personal hinner inte stanna och prata.",
    "Vi vill ha färre personer från hemtjänsten hemma hos oss.",
    "Hemtjänst på kvällen saknas i byn, personalen kommer för sent.",
]


def test_needs_about_the_same_thing_end_up_together():
    themes = engine.suggest(TRAVEL + HOME_CARE, k=2)
    groups = sorted(sorted(t.members) for t in themes)
    assert groups == [list(range(5)), list(range(5, 10))]


def test_keywords_are_written_as_people_write_them():
    themes = engine.suggest(TRAVEL + HOME_CARE, k=2)
    keywords = {word for t in themes for word in t.keywords}
    assert "hemtjänsten" in keywords or "hemtjänst" in keywords
    assert all(len(t.representatives) == 3 for t in themes)


def test_the_same_input_gives_the_same_themes():
    texts = [n["text"] for n in demo_content.NEEDS]
    first = engine.suggest(texts)
    second = engine.suggest(texts)
    assert [(t.members, t.keywords) for t in first] == [(t.members, t.keywords) for t in second]
    assert sorted(i for t in first for i in t.members) == list(range(len(texts)))
    assert 2 <= len(first) <= 12


def test_tiny_and_empty_inputs_do_not_fail():
    assert engine.suggest([]) == []
    assert len(engine.suggest(["En enda mening."])) == 1
    assert engine.suggest(["", "!!!", "🙂", "a"], k=2)


def test_english_needs_are_grouped_too():
    texts = [
        "The bus to the health centre only runs in the morning.",
        "There is no bus to the health centre at midday.",
        "Buses to the health centre are too rare for us without a car.",
        "Home care sends different staff every single day.",
        "We want the same home care staff for my father.",
        "Home care staff have no time to stay and talk.",
    ]
    groups = sorted(sorted(t.members) for t in engine.suggest(texts, k=2))
    assert groups == [[0, 1, 2], [3, 4, 5]]
    keywords = {w for t in engine.suggest(texts, k=2) for w in t.keywords}
    assert "bus" in keywords or "buses" in keywords


# Residents' needs are short: a few words each, and two needs about one thing often share
# none. Ten of each of three narrow themes, as people type them on a phone.
SHORT_TRAVEL = [
    "bussen går för sällan", "bussen och färdtjänsten tar timmar",
    "färdtjänsten kommer aldrig i tid", "taxi eller bussen kostar för mycket",
    "taxi till vårdcentralen är dyr", "ingen buss hem på kvällen",
    "färdtjänst måste bokas en vecka innan", "sjukresa med taxi tar hela dagen",
    "sjukresan ersätts inte", "skjuts till doktorn saknas, ingen buss",
]
SHORT_HOME_CARE = [
    "hemtjänsten byter personal hela tiden", "ny personal varje dag hos mamma",
    "personalen i hemtjänsten hinner inte prata", "samma personal skulle kännas tryggt",
    "hemtjänsten kommer olika tider", "mamma känner inte igen personalen",
    "för många olika i hemtjänsten", "vikarier i hemtjänsten varje helg",
    "pappa vill ha samma undersköterska", "undersköterskan hinner inte stanna",
]
SHORT_PHONE = [
    "kommer inte fram på telefon", "telefontiden är full klockan åtta",
    "ringer vårdcentralen men ingen svarar", "får aldrig tid när jag ringer",
    "telefonkön är en timme", "de ringer tillbaka när jag är ute",
    "svårt att nå sköterskan på telefon", "knappvalen i telefonen är krångliga",
    "återuppringning fungerar inte", "vill kunna ringa och få svar direkt",
]


def test_short_needs_about_one_thing_mostly_end_up_together():
    """Without the co-occurrence expansion the engine scored ARI 0.35 here."""
    from sklearn.metrics import adjusted_rand_score

    texts = SHORT_TRAVEL + SHORT_HOME_CARE + SHORT_PHONE
    truth = [0] * 10 + [1] * 10 + [2] * 10
    themes = engine.suggest(texts, k=3)
    assert adjusted_rand_score(truth, engine.labels_of(themes, len(texts))) >= 0.6


def test_character_grams_are_those_of_scikit_learns_analyser():
    """Counted once per stem, the n-grams are exactly what `char_wb` gives per text."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    stemmed = [" ".join(engine.swedish.stems(t)) or "_"
               for t in TRAVEL + HOME_CARE + SHORT_TRAVEL + SHORT_HOME_CARE + SHORT_PHONE]
    expected = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 6), sublinear_tf=True,
                               min_df=2, max_df=0.5).fit_transform(stemmed)
    assert abs(engine._character_grams(stemmed) - expected).max() < 1e-12


def test_a_large_round_is_fitted_on_a_sample_and_every_need_placed(monkeypatch):
    monkeypatch.setattr(engine, "FIT_SAMPLE", 12)
    monkeypatch.setattr(engine, "BLOCK", 7)
    texts = (TRAVEL + HOME_CARE) * 3
    themes = engine.suggest(texts, k=2)
    assert sorted(i for t in themes for i in t.members) == list(range(len(texts)))
    travel = {i for i, text in enumerate(texts) if text in TRAVEL}
    assert sorted(sorted(t.members) for t in themes) == sorted(
        [sorted(travel), sorted(set(range(len(texts))) - travel)])
