"""The model area's page: each goal of its målbild with the published themes that feed it."""

from __future__ import annotations

import re

from samskapande.extensions import db
from samskapande.rounds.models import Round
from samskapande.themes import services as themes
from tests.reports import helpers


def goal_block(page: str, goal_id: int) -> str:
    return page.split(f'id="goal-{goal_id}"')[1].split('class="area-goal')[0]


def test_each_goal_lists_the_themes_linked_to_it(app, client, demo):
    published = helpers.publish_demo(app)
    page = client.get(f"/areas/{published['area_slug']}").get_data(as_text=True)
    fed: dict[int, list[int]] = {}
    for theme_id, goal_ids in published["links"].items():
        for goal_id in goal_ids:
            fed.setdefault(goal_id, []).append(theme_id)
    for goal_id in published["goals"] + [published["proposal"]]:
        block = goal_block(page, goal_id)
        shown = [int(t) for t in re.findall(r'data-theme="(\d+)"', block)]
        assert sorted(shown) == sorted(fed.get(goal_id, [])), goal_id
        for theme_id in shown:
            assert f'href="/r/NASAKER/report#theme-{theme_id}"' in block
        if not shown:
            assert 'class="muted no-themes"' in block
    assert helpers.RATIONALE in goal_block(page, published["goals"][0])


def test_adopted_goals_come_first_and_proposals_are_marked(app, client, demo):
    published = helpers.publish_demo(app)
    page = client.get(f"/areas/{published['area_slug']}").get_data(as_text=True)
    adopted = page.split('id="adopted-goals"')[1].split("</ol>")[0]
    proposed = page.split('id="proposed-goals"')[1]
    assert [int(g) for g in re.findall(r'id="goal-(\d+)"', adopted)] == published["goals"]
    assert f'id="goal-{published["proposal"]}"' in proposed
    assert 'class="tag proposal"' in goal_block(page, published["proposal"])
    assert 'class="tag proposal"' not in adopted
    assert page.index('id="adopted-goals"') < page.index('id="proposed-goals"')


def test_the_page_has_the_areas_name_description_and_organisations(app, client, demo):
    page = client.get("/areas/solleftea-nasaker").get_data(as_text=True)
    assert "<h1>Sollefteå – Näsåker</h1>" in page
    assert "Region Västernorrland" in page and "Sollefteå kommun" in page
    assert 'class="lead area-description"' in page
    assert 'id="no-reports"' in page  # nothing published yet


def test_unpublished_themes_are_not_shown(app, client, demo):
    published = helpers.publish_demo(app, publish=False)
    page = client.get(f"/areas/{published['area_slug']}").get_data(as_text=True)
    assert "data-theme=" not in page and 'id="no-reports"' in page
    with app.app_context():
        round_ = db.session.get(Round, published["round_id"])
        themes.publish(round_, helpers.facilitator(),
                       themes.publish_plan(round_).machine_titled_ids)
        themes.unpublish(round_, helpers.facilitator())
        db.session.commit()
    assert "data-theme=" not in client.get(f"/areas/{published['area_slug']}").get_data(
        as_text=True)


def test_the_page_links_each_rounds_report(app, client, demo):
    helpers.publish_demo(app)
    page = client.get("/areas/solleftea-nasaker").get_data(as_text=True)
    assert 'href="/r/NASAKER/report"' in page and helpers.personal_data_in(page) == []


def test_an_unknown_model_area_is_404(client, demo):
    assert client.get("/areas/no-such-area").status_code == 404
    assert client.get("/areas/%3Cscript%3E").status_code == 404
