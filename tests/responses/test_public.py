"""What residents see of responses: never a draft, always the published text with who
signed it, its history when changed, and commitments with their status and overdue flag."""

from __future__ import annotations

from datetime import date, timedelta

from samskapande.extensions import db
from samskapande.responses import commitments
from samskapande.responses import services as responses
from tests.responses.limits import LIMITS

PUBLIC = "En anropsstyrd buss till vårdcentralen varje tisdag från mars."
DRAFT = "HEMLIGT UTKAST som ingen invånare får se."


def draft(world, text=PUBLIC, theme=True, need=None):
    return responses.create_draft(
        world.round, world.kommun_politician, stance="partly", text=text,
        organisation_ids=[world.kommun.id, world.region.id],
        theme=world.theme if need is None else None, need=need, limits=LIMITS)


def sign_all(world, response):
    responses.sign(response, world.kommun_politician, responses.fingerprint(response))
    return responses.sign(response, world.region_politician, responses.fingerprint(response))


def public_pages(world, response=None):
    code = world.round.code
    pages = [f"/r/{code}/themes/{world.theme.id}", f"/r/{code}/needs/{world.needs[0].id}",
             f"/r/{code}/follow-up", f"/areas/{world.round.model_area.slug}/follow-up",
             f"/r/{code}/follow-up.atom"]
    if response is not None:
        pages.append(f"/r/{code}/responses/{response.id}")
    return pages


def test_a_draft_is_never_public(app, world):
    response = draft(world, DRAFT)
    responses.sign(response, world.kommun_politician, responses.fingerprint(response))
    client = app.test_client()
    for url in public_pages(world):
        page = client.get(url)
        assert page.status_code == 200, url
        assert DRAFT not in page.get_data(as_text=True), url
    assert client.get(f"/r/{world.round.code}/responses/{response.id}").status_code == 404


def test_a_published_joint_response_shows_everywhere_with_its_signers(app, world):
    response = draft(world)
    assert sign_all(world, response) == "published"
    client = app.test_client()
    for url in public_pages(world, response):
        html = client.get(url).get_data(as_text=True)
        assert PUBLIC in html, url
    html = client.get(f"/r/{world.round.code}/themes/{world.theme.id}").get_data(as_text=True)
    assert "Delvis" in html
    assert world.kommun_politician.name in html and world.region_politician.name in html
    assert world.kommun.name in html and world.region.name in html
    assert "Ändrad" not in html


def test_a_response_to_one_need_shows_on_that_need(app, world):
    response = draft(world, "Svar på just det här behovet.", need=world.needs[1])
    sign_all(world, response)
    client = app.test_client()
    code = world.round.code
    assert "Svar på just det här behovet." in client.get(
        f"/r/{code}/needs/{world.needs[1].id}").get_data(as_text=True)
    assert "Svar på just det här behovet." not in client.get(
        f"/r/{code}/needs/{world.needs[2].id}").get_data(as_text=True)


def test_a_changed_response_is_marked_and_its_history_is_public(app, world):
    response = draft(world)
    sign_all(world, response)
    responses.edit(response, world.kommun_politician, stance="yes",
                   text="Bussen går tisdag och torsdag.")
    client = app.test_client()
    page = f"/r/{world.round.code}/responses/{response.id}"
    waiting = client.get(page).get_data(as_text=True)
    assert PUBLIC in waiting and "Bussen går tisdag och torsdag." not in waiting

    assert sign_all(world, response) == "updated"
    html = client.get(page).get_data(as_text=True)
    assert "Ändrad" in html and 'id="version-1"' in html and 'id="version-2"' in html
    assert PUBLIC in html and "Bussen går tisdag och torsdag." in html
    assert "Ja, vi gör det" in html


def test_commitments_show_status_updates_and_overdue(app, world):
    response = draft(world)
    late = commitments.add_commitment(response, world.kommun_politician,
                                      organisation_id=world.kommun.id,
                                      text="Tidtabell klar", due_on=date.today() + timedelta(5),
                                      responsible_role="Trafikchef")
    commitments.add_commitment(response, world.region_politician,
                               organisation_id=world.region.id, text="Färdtjänst utreds",
                               due_on=date.today() - timedelta(days=3),
                               responsible_role="Trafikchef")
    sign_all(world, response)
    commitments.post_update(late, world.kommun_politician, text="Klar i förtid",
                            status="done")
    db.session.commit()
    html = app.test_client().get(f"/r/{world.round.code}/follow-up").get_data(as_text=True)
    assert "Tidtabell klar" in html and "Klart" in html and "Klar i förtid" in html
    overdue = html[html.index("Färdtjänst utreds"):]
    overdue = overdue[:overdue.index("</li>")]
    assert "Försenat" in overdue and "Planerat" in overdue
    themes = html[html.index('class="follow-up-themes"'):]  # after the summary
    assert themes.count("Försenat") == 1


def test_unpublished_or_unknown_themes_are_not_found(app, world):
    client = app.test_client()
    assert client.get(f"/r/{world.round.code}/themes/999999").status_code == 404
    assert client.get("/r/NOSUCH/follow-up").status_code == 404
    assert client.get("/areas/nowhere/follow-up.atom").status_code == 404
