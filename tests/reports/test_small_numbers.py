"""Small numbers protect people: no public page or export shows that 1 to 4 people of a
village or an age band took part, and no total gives such a count back; the staff who run
the round read the exact numbers, marked as not for publication."""

from __future__ import annotations

import html as html_lib
import json
import random
import re

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from samskapande.core.small_numbers import SMALL_NUMBER_THRESHOLD, protect
from samskapande.extensions import db
from samskapande.reports import opendata, services
from samskapande.rounds.models import ProfileAnswer, ProfileQuestion, Round
from samskapande.themes.services import published_themes
from tests.reports import helpers

FEWER = "färre än 5"
HIDDEN = "dolt"
EXACT_MARK = "Exakta tal – inte för publicering"


def reader_values(cells: list[str | int], total: int) -> list[set[int]]:
    """What a reader who knows the rule can tell each withheld cell is: every value it may
    have, given the total and the counts shown ("färre än 5" is 1..4, "dolt" 0 or ≥ 5)."""
    withheld = [i for i, c in enumerate(cells) if not isinstance(c, int)]
    rest = total - sum(c for c in cells if isinstance(c, int))
    domains = [range(1, 5) if cells[i] == FEWER else [0, *range(5, rest + 1)]
               for i in withheld]
    seen = [set() for _ in withheld]

    def walk(k: int, left: int, picked: list[int]) -> None:
        if k == len(domains):
            if left == 0:
                for s, v in zip(seen, picked, strict=True):
                    s.add(v)
            return
        for v in domains[k]:
            if v <= left:
                walk(k + 1, left - v, [*picked, v])

    walk(0, rest, [])
    return [seen[withheld.index(i)] if i in withheld else {cells[i]} for i in range(len(cells))]


def public_form(counts: list[int], total: int) -> tuple[list[str | int], str | int]:
    cells, total_cell = protect(counts, total)
    word = {"small": FEWER, "hidden": HIDDEN}
    return ([c.exact if c.shown else word[c.state] for c in cells],
            total if total_cell.shown else word[total_cell.state])


@pytest.mark.parametrize(("counts", "expected"), [
    ([12, 0, 7], [12, 0, 7]),  # nothing small
    ([10, 3, 7], [10, FEWER, HIDDEN]),  # the next smallest goes with the lone small one
    ([10, 1, 1], [HIDDEN, FEWER, FEWER]),  # 1 + 1 = 2 tells both
    ([20, 1, 5, 0], [HIDDEN, FEWER, HIDDEN, 0]),  # a lone 1 beside a hidden 5 is told
    ([6, 2, 3, 4, 1], [6, FEWER, FEWER, FEWER, FEWER]),  # 10 in four small ones: many ways
])
def test_small_counts_read_fewer_than_5_and_the_total_cannot_give_them_back(counts, expected):
    cells, total = public_form(counts, sum(counts))
    assert cells == expected and total == sum(counts)
    assert all(len(v) > 1 for v, c in zip(reader_values(cells, total), cells, strict=True)
               if c == FEWER)


def test_when_nothing_else_can_protect_a_small_count_the_total_is_withheld():
    cells, total = public_form([3, 0], 3)  # all three from one village
    assert cells == [FEWER, HIDDEN] and total == HIDDEN
    assert SMALL_NUMBER_THRESHOLD == 5


def test_no_group_of_counts_lets_a_reader_work_out_a_small_one():
    rng = random.Random(14)
    for _ in range(300):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(rng.randint(2, 5))]
        cells, total = public_form(counts, sum(counts))
        if total == HIDDEN:
            continue  # no sum to subtract from
        for values, cell, exact in zip(reader_values(cells, total), cells, counts, strict=True):
            assert exact in values
            if cell == FEWER:
                assert len(values) > 1, (counts, cells)


# -- the demo round, published: 6 from Näsåker and fewer from every other village ---------

@pytest.fixture
def published(app, demo):
    ids = helpers.publish_demo(app)
    with app.app_context():
        round_ = db.session.get(Round, ids["round_id"])
        report = services.build_report(round_)
        small = {(q.key, a, n) for q in report.participation.breadth for a, n in q.answers
                 if 0 < n < 5}
        small |= {(q.key, a, n) for e in report.themes for q in e.breadth for a, n in q.answers
                  if 0 < n < 5}
        ids["small"] = small
        ids["theme_ids"] = [t.id for t in published_themes(round_)]
        ids["breadth"] = {q.key: dict(q.answers) for q in report.participation.breadth}
        ids["participants"] = report.participation.participants
    return ids


def text_of(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", page)))


def public_pages(ids) -> list[str]:
    code, slug = ids["code"], ids["area_slug"]
    return ([f"/r/{code}", f"/r/{code}/report", f"/r/{code}/report?view=public",
             f"/r/{code}/follow-up", f"/areas/{slug}", f"/areas/{slug}/follow-up"]
            + [f"/r/{code}/themes/{theme_id}" for theme_id in ids["theme_ids"]])


def test_the_demo_round_has_small_villages_and_age_bands(published):
    assert 0 < published["breadth"]["village"]["Ramsele"] < 5
    assert any(0 < n < 5 for n in published["breadth"]["age_band"].values())
    assert published["breadth"]["village"]["Näsåker"] >= 5


def test_no_public_page_shows_a_small_count(client, published):
    for url in public_pages(published):
        page = client.get(url)
        assert page.status_code == 200, url
        text = text_of(page.get_data(as_text=True))
        assert EXACT_MARK not in text, url
        for _key, answer, n in published["small"]:
            assert not re.search(rf"{re.escape(answer)}:? {n}(?!\d)", text), (url, answer, n)
    report = text_of(client.get(f"/r/{published['code']}/report").get_data(as_text=True))
    assert f"Ramsele {FEWER}" in report and "Näsåker 6" in report
    assert re.search(rf"(Ramsele|Junsele|Resele): {FEWER}", report)  # a theme's breadth


def breadth_tables(page: str) -> dict[str, list[str | int]]:
    tables = {}
    for key, body in re.findall(r'<table class="breadth-table" id="breadth-([\w-]+)">(.*?)'
                                r"</table>", page, re.S):
        cells = [html_lib.unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>",
                                                                 re.sub(r"</?span[^>]*>", "",
                                                                        body), re.S)]
        tables[key] = [int(c) if c.isdigit() else c for c in cells]
    return tables


def test_no_total_on_the_public_report_gives_a_small_count_back(client, published):
    page = client.get(f"/r/{published['code']}/report").get_data(as_text=True)
    total = int(re.search(r'id="count-participants">(\d+)<', page).group(1))
    assert total == published["participants"]
    tables = breadth_tables(page)
    assert set(tables) >= {"village", "age_band"}
    for key, cells in tables.items():
        assert all(c in (FEWER, HIDDEN) or isinstance(c, int) for c in cells), key
        for values, cell in zip(reader_values(cells, total), cells, strict=True):
            if cell == FEWER:
                assert len(values) > 1, (key, cells)
    assert 'id="small-numbers-note"' in page


def test_the_open_data_validates_and_shows_no_small_count(client, published):
    code = published["code"]
    for dataset in opendata.DATASETS:
        data = client.get(f"/r/{code}/export/{dataset}.json").get_json()
        validator = Draft202012Validator(opendata.schema(dataset), format_checker=FormatChecker())
        assert [e.message for e in validator.iter_errors(data)] == [], dataset
        body = json.dumps(data, ensure_ascii=False)
        csv_body = client.get(f"/r/{code}/export/{dataset}.csv").get_data(as_text=True)
        for _key, answer, n in published["small"]:
            for text in (body, csv_body):
                assert not re.search(rf'"?{re.escape(answer)}"?\W{{1,3}}{n}(?!\d)', text)
    report = client.get(f"/r/{code}/report").get_data(as_text=True)
    themes = client.get(f"/r/{code}/export/themes.json").get_json()["themes"]
    for theme in themes:  # the same supporters as the report, withheld where it withholds
        shown = re.search(rf'id="theme-{theme["id"]}".*?class="theme-supporters">(.*?)</dd>',
                          report, re.S).group(1)
        if theme["supporters"] is None:
            assert theme["supporters_withheld"] == "hidden" and HIDDEN in shown
        else:
            assert theme["supporters_withheld"] is None and shown == str(theme["supporters"])


def test_the_rounds_staff_read_the_exact_numbers_marked_not_for_publication(
        facilitator_client, published):
    code = published["code"]
    page = facilitator_client.get(f"/r/{code}/report").get_data(as_text=True)
    assert EXACT_MARK in text_of(page)
    tables = breadth_tables(page)
    village = published["breadth"]["village"]
    assert tables["village"][:len(village)] == list(village.values())
    assert FEWER not in text_of(page[page.index('id="participation"'):
                                     page.index('id="themes"')])
    public = facilitator_client.get(f"/r/{code}/report?view=public").get_data(as_text=True)
    assert EXACT_MARK not in text_of(public) and FEWER in text_of(public)
    assert breadth_tables(public)["village"][1] == FEWER  # Ramsele, the options' second


def test_one_small_village_beside_the_total_takes_another_count_with_it(app, client,
                                                                       published):
    with app.app_context():
        answers = db.session.scalars(
            select(ProfileAnswer).join(ProfileQuestion)
            .where(ProfileQuestion.round_id == published["round_id"],
                   ProfileQuestion.key == "village").order_by(ProfileAnswer.id)).all()
        for i, answer in enumerate(answers):
            answer.value = "Ramsele" if i < 2 else "Näsåker"
        db.session.commit()
    page = client.get(f"/r/{published['code']}/report").get_data(as_text=True)
    total = int(re.search(r'id="count-participants">(\d+)<', page).group(1))
    village = breadth_tables(page)["village"]
    assert village[1] == FEWER and HIDDEN in village  # Ramsele, and one more withheld
    for values, cell in zip(reader_values(village, total), village, strict=True):
        if cell == FEWER:
            assert len(values) > 1, village
