"""Suggested themes get titles a facilitator keeps: a few words in Swedish, never filler."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from samskapande import demo_content
from samskapande.themes import engine, titles
from tests.themes.test_engine import HOME_CARE, TRAVEL

NEEDS = Path(__file__).parents[2] / "bench" / "data" / "rural-care-needs.tsv"

# Words no title may be made of alone, whatever the module thinks.
SAYS_NOTHING = frozenset("""
    samma varje ny nya bra få och att det är inte man vi jag kan ska har mycket lite alltid
    aldrig också bara som en ett på i till för med om av den de dom så när då nu här där
    svårt lätt gång gånger dag dagar tid tiden år saker folk människor problem bättre viktigt
    stor liten många fler olika hela långt länge kommer går får finns behöver vill måste
    borde vore nån nåt sen ut in upp hem igen
    the a an and of to in is are we i it same every new good time day people
""".split())


def _themes_of_the_bench() -> dict[str, list[str]]:
    with NEEDS.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    themes = defaultdict(list)
    for row in rows:
        themes[row["theme"]].append(row["text"])
    return dict(themes)


BENCH = _themes_of_the_bench()


def _title_of(theme: str) -> str:
    others = [text for name, texts in BENCH.items() if name != theme for text in texts]
    return titles.title(BENCH[theme], others)


def _assert_keepable(title: str) -> None:
    words = title.split()
    assert 2 <= len(words) <= 5, title
    assert "," not in title, title
    assert not all(w.lower() in SAYS_NOTHING for w in words), title
    assert title[0].isupper(), title


@pytest.mark.parametrize("theme", sorted(BENCH))
def test_every_theme_of_residents_needs_gets_a_short_title_of_content_words(theme):
    _assert_keepable(_title_of(theme))


def test_a_title_begins_and_ends_with_a_word_that_says_something():
    for theme in BENCH:
        words = _title_of(theme).lower().split()
        assert words[0] not in SAYS_NOTHING and words[-1] not in SAYS_NOTHING, words


def test_needs_about_travel_and_home_care_are_named_after_them():
    travel, home_care = titles.title(TRAVEL, HOME_CARE), titles.title(HOME_CARE, TRAVEL)
    assert any(w in travel.lower() for w in ("buss", "resor", "vårdcentral")), travel
    assert "hemtjänst" in home_care.lower(), home_care
    _assert_keepable(travel)
    _assert_keepable(home_care)


def test_clear_themes_of_the_bench_are_named_by_what_they_are_about():
    expected = {"bus-to-health-centre": "buss", "dental-care": "tand",
                "home-care-continuity": "hemtjänst", "pharmacy-and-medicines": "apotek",
                "safety-alarm-winter-roads": "larm", "language-and-interpreters": "tolk"}
    for theme, word in expected.items():
        assert word in _title_of(theme).lower(), (theme, _title_of(theme))


def test_a_phrase_the_theme_shares_is_shown_as_residents_wrote_it():
    members = ["Bussen till vårdcentralen går bara på morgonen.",
               "Vi behöver bussen till vårdcentralen även på helgen.",
               "bussn till vårdcentraln är alltid sen"]
    others = ["Hemtjänsten kommer för sent.", "Tandläkaren har inga tider."]
    assert titles.title(members, others) == "Bussen till vårdcentralen"


def test_without_a_shared_phrase_two_telling_words_are_joined_with_och():
    members = ["Apoteket i byn har stängt.", "Jag får åka långt för att hämta medicinen.",
               "Medicinen kommer sent med posten, apoteket är för långt bort."]
    others = ["Bussen går för sällan.", "Hemtjänsten byter personal varje dag."]
    title = titles.title(members, others)
    assert " och " in title and {"apoteket", "medicinen"} <= set(title.lower().split()), title


def test_abbreviations_keep_their_capitals():
    members = ["BVC ringer aldrig tillbaka.", "Vi får åka till BVC i stan.",
               "BVC-sköterskan är bara här varannan vecka, BVC behövs närmare."]
    others = ["Hemtjänsten kommer för sent.", "Bussen går för sällan."]
    assert "BVC" in titles.title(members, others).split()


def test_needs_of_nothing_but_filler_get_no_title():
    assert titles.title(["Samma sak varje gång, det är inte bra.", "Det blir bara nytt varje dag."],
                        ["Bussen går sällan."]) == ""
    assert titles.title(["!!!", "🙂", "12 34"], []) == ""
    assert titles.title([], ["Bussen går sällan."]) == ""


def test_english_needs_get_english_titles():
    bus = ["The bus to the health centre only runs in the morning.",
           "There is no bus to the health centre at midday.",
           "Buses to the health centre are too rare for us without a car."]
    care = ["Home care sends different staff every single day.",
            "We want the same home care staff for my father.",
            "Home care staff have no time to stay and talk."]
    assert "health centre" in titles.title(bus, care).lower()
    assert "care" in titles.title(care, bus).lower()


def test_the_engine_gives_its_themes_these_titles():
    themes = engine.suggest(TRAVEL + HOME_CARE, k=2)
    by_first_member = {t.members[0]: t.title for t in themes}
    assert "hemtjänst" in by_first_member[5].lower()
    assert any(w in by_first_member[0].lower() for w in ("buss", "resor", "vårdcentral"))


def test_the_demo_round_suggests_titles_a_facilitator_keeps():
    for theme in engine.suggest([n["text"] for n in demo_content.NEEDS]):
        _assert_keepable(theme.title)
