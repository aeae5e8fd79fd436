"""The round's printable report: themes in priority order, counts and never names."""

from __future__ import annotations

import re

import pytest

from tests.conftest import create_staff, log_in
from tests.reports import helpers

REPORT = "/r/NASAKER/report"


@pytest.fixture
def published(app, demo):
    return helpers.publish_demo(app)


def theme_order(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="report-theme" id="theme-(\d+)"', page)]


def test_the_report_shows_counts_and_never_names(app, client, published):
    response = client.get(REPORT)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert helpers.personal_data_in(page) == []
    assert re.search(r'id="count-participants">16<', page)
    assert re.search(r'id="count-needs">30<', page)
    assert re.search(r'id="count-supporters">16<', page)
    assert int(re.search(r'id="count-votes">(\d+)<', page).group(1)) > 0
    # breadth: a table per profile question, with a count per answer
    assert page.count('class="breadth-table"') == 3
    assert re.search(r'<th scope="row">Näsåker</th><td>6</td>', page)
    assert "css/report.css" in page and 'id="draft-notice"' not in page


def test_the_themes_come_in_priority_order_with_goals_needs_and_support(app, client, published):
    page = client.get(REPORT).get_data(as_text=True)
    with app.app_context():
        from samskapande.reports import services

        expected = [t.id for t, _ in services.prioritised(helpers.demo_round())]
    assert theme_order(page) == expected and set(expected) == set(published["accepted"])
    assert f'id="theme-{published["unaccepted"]}"' not in page
    assert helpers.RATIONALE in page
    assert helpers.PROPOSED_TITLE in page and 'class="tag proposal"' in page
    for theme_id, goal_ids in published["links"].items():
        block = page.split(f'id="theme-{theme_id}"')[1].split('class="report-theme"')[0]
        assert [int(g) for g in re.findall(r'data-goal="(\d+)"', block)] == goal_ids


def test_needs_outside_the_scope_are_listed_with_the_reason(client, published):
    page = client.get(REPORT).get_data(as_text=True)
    outside = page.split('id="outside-scope"')[1]
    assert f'data-need="{published["outside"]}"' in outside
    assert helpers.OUT_OF_SCOPE_REASON in outside
    # and it is in no theme
    themes_part = page.split('id="themes"')[1].split('id="outside-scope"')[0]
    assert f'data-need="{published["outside"]}"' not in themes_part


def test_the_report_links_its_open_data_and_the_model_area(client, published):
    page = client.get(REPORT).get_data(as_text=True)
    for dataset in ("needs", "votes", "themes", "links"):
        for fmt in ("csv", "json"):
            assert f'href="/r/NASAKER/export/{dataset}.{fmt}"' in page
        assert f'href="/open-data/schemas/{dataset}.schema.json"' in page
    assert f'href="/areas/{published["area_slug"]}"' in page


def test_typed_markup_is_shown_as_text(app, client, published):
    with app.app_context():
        from samskapande.themes import services as themes

        round_ = helpers.demo_round()
        theme = themes.published_themes(round_)[0]
        themes.rename(theme, helpers.facilitator(), "<script>alert(1)</script>",
                      "<b>fet</b> ‮RTL‬ 🙂")
        themes.db.session.commit()
    page = client.get(REPORT).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "&lt;b&gt;fet&lt;/b&gt;" in page


def test_before_publishing_only_the_rounds_staff_see_a_draft(app, client, demo,
                                                           facilitator_client):
    helpers.publish_demo(app, publish=False)
    assert client.get(REPORT).status_code == 404
    politician = app.test_client()
    log_in(politician, create_staff(app, "politician")["email"])
    assert politician.get(REPORT).status_code == 404
    response = facilitator_client.get(REPORT)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="draft-notice"' in page
    assert re.search(r"<title>[^<]+:", page)  # "Draft: ..." in the title as well
    assert helpers.personal_data_in(page) == []


def test_the_workspace_links_to_the_report_and_its_open_data(facilitator_client, demo):
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}").get_data(as_text=True)
    assert 'id="report-link"' in page and 'href="/r/NASAKER/report"' in page
    assert 'href="/r/NASAKER/report#open-data"' in page


def test_a_round_without_themes_has_a_draft_report_that_says_so(facilitator_client, demo):
    page = facilitator_client.get(REPORT).get_data(as_text=True)
    assert 'id="no-themes"' in page and 'id="draft-notice"' in page


def test_the_report_has_one_address(client, published):
    moved = client.get("/r/nasaker/report")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(REPORT)
    assert client.get("/r/NOSUCH/report").status_code == 404
