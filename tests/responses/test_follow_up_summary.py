""""Ni sa – vi svarade – så blev det" opens with what came of the round: needs, themes,
responses and commitments by status, each status told by colour, icon and word."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.responses import commitments
from samskapande.responses import services as responses
from tests.responses.test_public import draft, sign_all

WORDS = {"done": "Klart", "in_progress": "Pågår", "overdue": "Försenat",
         "planned": "Planerat", "not_done": "Genomförs inte"}


def one_commitment_in_each_status(world):
    response = draft(world)
    add = lambda text, days: commitments.add_commitment(  # noqa: E731
        response, world.kommun_politician, organisation_id=world.kommun.id, text=text,
        due_on=date.today() + timedelta(days=days),
        responsible_role="Trafikchef")
    done, going, _planned, _late, given_up = (
        add("Ny tidtabell", 30), add("Färdtjänst utreds", 60), add("Fler turer i sommar", 90),
        add("Kartan över hållplatser", -5), add("Nattbuss", 10))
    sign_all(world, response)
    commitments.post_update(done, world.kommun_politician, text="Klar", status="done")
    commitments.post_update(going, world.kommun_politician, text="Påbörjad",
                            status="in_progress")
    commitments.post_update(given_up, world.kommun_politician, text="För få resenärer",
                            status="not_done")
    db.session.commit()
    return response


def summary_of(html: str) -> str:
    return html[html.index('id="summary"'):html.index('class="follow-up-themes"')]


def test_the_summary_counts_the_rounds_needs_themes_responses_and_statuses(app, world):
    one_commitment_in_each_status(world)
    other = draft(world, "Ett svar till ett av behoven.", need=world.needs[1])
    sign_all(world, other)
    db.session.commit()
    needs = db.session.scalar(select(func.count(Need.id)).where(
        Need.round_id == world.round.id, Need.status == "visible"))
    client = app.test_client()
    html = summary_of(client.get(f"/r/{world.round.code}/follow-up").get_data(as_text=True))
    assert re.search(rf'id="summary-needs">{needs}<', html)
    assert 'id="summary-themes">1<' in html and 'id="summary-responses">2<' in html
    assert 'id="summary-commitments">5<' in html
    for status, word in WORDS.items():
        item = re.search(rf'data-status="{status}">(.*?)</li>', html, re.S).group(1)
        assert word in item and '<span class="summary-count">1</span>' in item, status
    # the model area's page adds up all its rounds (the demo's past round too)
    area = summary_of(client.get(f"/areas/{world.round.model_area.slug}/follow-up")
                      .get_data(as_text=True))
    total = int(re.search(r'id="summary-commitments">(\d+)<', area).group(1))
    counts = [int(n) for n in re.findall(r'<span class="summary-count">(\d+)</span>', area)]
    assert total >= 5 and sum(counts) == total and len(counts) == len(WORDS)


def test_every_status_shows_its_word_an_icon_and_its_colour_class(app, world):
    one_commitment_in_each_status(world)
    html = app.test_client().get(f"/r/{world.round.code}/follow-up").get_data(as_text=True)
    badges = re.findall(r'<span class="status-badge status-(\w+)[^"]*">(<svg[^>]*>).*?'
                        r'<span class="status-word">([^<]+)</span>', html, re.S)
    themes = html[html.index('class="follow-up-themes"'):]
    for status, word in WORDS.items():
        shown = [(svg, w) for s, svg, w in badges if s == status]
        assert shown and all(w == word for _svg, w in shown), status
        assert all('aria-hidden="true"' in svg for svg, _w in shown), status
        assert word in themes, status  # on the commitment itself, not only in the summary
    # the overdue commitment keeps its own status beside the overdue one
    late = themes[themes.index("Kartan över hållplatser"):]
    late = late[:late.index("</li>")]
    assert "status-planned" in late and "status-overdue" in late


def test_a_round_without_responses_says_so_in_numbers(app, world):
    html = app.test_client().get(f"/r/{world.round.code}/follow-up").get_data(as_text=True)
    summary = summary_of(html)
    assert 'id="summary-responses">0<' in summary and 'id="summary-commitments">0<' in summary
    assert "status-badge" not in summary
    assert responses.display_status_label("overdue") == "Försenat"
