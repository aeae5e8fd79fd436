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
