"""Possibilities and limits in structure: what we will do, each limit with its kind, and who
decides, and when — required for anything but a full yes, signed with the text, shown on
every public page of the response and counted on the model area's page across rounds."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from samskapande.core.transaction import unit_of_work
from samskapande.demo import load_demo
from samskapande.extensions import db
from samskapande.notifications.models import OutboxMail
from samskapande.responses import services as responses
from samskapande.responses.models import Response
from tests.responses import smtp_sink as sink
from tests.responses.smtp_sink import configure_mail
from tests.responses.test_views import as_user, hidden
from tests.test_bad_input import CORPUS, assert_handled

smtp_sink = sink.smtp_sink  # the fixture

TEXT = "Vi ordnar en anropsstyrd buss till vårdcentralen på tisdagar."
MONEY = {"category": "money", "text": "Bussen varje dag ryms inte i budgeten för 2027."}
LAW = {"category": "law", "text": "Sjukresor styrs av regionens regler för ersättning."}
WHO = "Regionfullmäktige, i budgeten i juni."


def draft(world, limits=(MONEY,), who_decides=WHO, stance="partly"):
    with unit_of_work():
        return responses.create_draft(
            world.round, world.kommun_politician, theme=world.theme, stance=stance,
            text=TEXT, organisation_ids=[world.kommun.id, world.region.id],
            limits=list(limits), who_decides=who_decides)


def sign(response, user):
    with unit_of_work():
        return responses.sign(response, user, responses.fingerprint(response))


def new_form(client, world) -> tuple[str, dict]:
    url = f"/staff/rounds/{world.round.id}/responses/new?theme={world.theme.id}"
    page = client.get(url).get_data(as_text=True)
    return url, {key: hidden(page, key) for key in ("csrf_token", "submission_key")}


# -- the rule: anything but a full yes names a limit ---------------------------------------

def test_a_partial_answer_without_a_limit_is_refused_by_the_rule(world):
    with pytest.raises(responses.LimitError, match="behöver minst en begränsning"):
        draft(world, limits=())
    assert db.session.scalars(select(Response)).all() == []


def test_a_partial_answer_without_a_limit_is_refused_on_the_form_and_nothing_is_lost(
        app, world):
    client = as_user(app, world.kommun_politician.email)
    url, keys = new_form(client, world)
    sent = client.post(url, data={**keys, "stance": "partly", "text": TEXT,
                                  "who_decides": WHO, "limits-0-category": "",
                                  "limits-0-text": "",
                                  "organisations": [world.kommun.id, world.region.id]})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 400
    assert "Ett svar som inte är ett helt ja behöver minst en begränsning" in page
    assert 'href="#limits"' in page and 'id="limits"' in page  # the summary leads there
    assert TEXT in page and WHO in page  # what was typed is kept
    assert db.session.scalars(select(Response)).all() == []


def test_a_limit_needs_its_kind_and_its_text(app, world):
    client = as_user(app, world.kommun_politician.email)
    url, keys = new_form(client, world)
    sent = client.post(url, data={**keys, "stance": "partly", "text": TEXT,
                                  "limits-0-text": "Pengarna räcker inte.",
                                  "organisations": [world.kommun.id]})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 400
    assert "Välj vilken sorts begränsning det är." in page
    assert "Pengarna räcker inte." in page


def test_a_full_yes_needs_no_limit(app, world):
    client = as_user(app, world.kommun_politician.email)
    url, keys = new_form(client, world)
    sent = client.post(url, data={**keys, "stance": "yes", "text": TEXT,
                                  "organisations": [world.kommun.id]})
    assert sent.status_code == 302
    response = db.session.scalar(select(Response))
    assert response.stance == "yes" and response.limits == [] and response.who_decides == ""


def test_add_a_limit_shows_one_more_row_without_javascript_and_saves_nothing(app, world):
    client = as_user(app, world.kommun_politician.email)
    url, keys = new_form(client, world)
    rows = {f"limits-{i}-{part}": "" for i in range(3) for part in ("category", "text")}
    sent = client.post(url, data={**keys, **rows, "stance": "partly", "text": TEXT,
                                  "limits-0-category": "money", "limits-0-text": MONEY["text"],
                                  "add_limit": "Lägg till en begränsning",
                                  "organisations": [world.kommun.id]})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 200
    assert 'name="limits-3-text"' in page and 'name="limits-4-text"' not in page
    assert MONEY["text"] in page and TEXT in page
    assert db.session.scalars(select(Response)).all() == []


def test_the_limits_are_saved_in_their_order_from_the_form(app, world):
    client = as_user(app, world.kommun_politician.email)
    url, keys = new_form(client, world)
    sent = client.post(url, data={**keys, "stance": "not_now", "text": TEXT, "who_decides": WHO,
                                  "limits-0-category": "", "limits-0-text": "",
                                  "limits-1-category": "law", "limits-1-text": LAW["text"],
                                  "limits-2-category": "money", "limits-2-text": MONEY["text"],
                                  "organisations": [world.kommun.id]})
    assert sent.status_code == 302
    response = db.session.scalar(select(Response))
    assert response.limits == [LAW, MONEY] and response.who_decides == WHO


@pytest.mark.parametrize("value", CORPUS)
def test_bad_input_in_a_limit_gets_an_answer_not_a_crash(app, world, value):
    client = as_user(app, world.kommun_politician.email)
    url, keys = new_form(client, world)
    assert_handled(client.post(url, data={
        **keys, "stance": "partly", "text": TEXT, "limits-0-category": "money",
        "limits-0-text": value, "limits-1-category": value, "limits-1-text": "x",
        "who_decides": value, "organisations": [world.kommun.id]}), value)
    for response in db.session.scalars(select(Response)):
        assert all("\x00" not in limit["text"] for limit in response.limits)


# -- signed jointly ------------------------------------------------------------------------

def test_changing_a_limit_clears_the_other_organisations_signature_and_says_so(
        app, world, smtp_sink):
    configure_mail(app, smtp_sink)
    response = draft(world)
    sign(response, world.region_politician)
    before = set(db.session.scalars(select(OutboxMail.id)))
    with unit_of_work():
        assert responses.edit(response, world.kommun_politician, stance="partly", text=TEXT,
                              limits=[MONEY, LAW])
    link = next(link for link in response.organisations
                if link.organisation_id == world.region.id)
    assert link.signed_by_id is None and link.cleared_change == "limits"
    assert link.signed_limits == [MONEY]  # what the region signed, to compare with
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.id.not_in(before))).all()
    removed = next(m for m in mails if m.to_address == world.region_politician.email)
    assert "ändrade begränsningarna;" in removed.body
    # The region's signer sees the new limit as added in "Att göra".
    client = as_user(app, world.region_politician.email)
    todo = client.get("/staff").get_data(as_text=True)
    added = " ".join(re.findall(r"<ins>(.*?)</ins>", todo, re.S))
    assert "Sjukresor styrs av regionens regler" in added and "Lag eller förordning" in added


def test_changing_who_decides_of_a_published_response_waits_for_the_signatures(world):
    response = draft(world)
    sign(response, world.kommun_politician)
    assert sign(response, world.region_politician) == "published"
    with unit_of_work():
        responses.edit(response, world.kommun_politician, stance="partly", text=TEXT,
                       who_decides="Kommunfullmäktige i november.")
    assert response.who_decides == WHO  # the public version is unchanged
    assert response.draft_who_decides == "Kommunfullmäktige i november."
    assert all(link.signed_by_id is None for link in response.organisations)
    sign(response, world.kommun_politician)
    assert sign(response, world.region_politician) == "updated"
    assert response.who_decides == "Kommunfullmäktige i november."
    assert [v.who_decides for v in response.versions] == [WHO, "Kommunfullmäktige i november."]


# -- public -------------------------------------------------------------------------------

def public_pages(world, response):
    code = world.round.code
    return [f"/r/{code}/themes/{world.theme.id}", f"/r/{code}/follow-up",
            f"/r/{code}/responses/{response.id}"]


def test_limits_and_who_decides_are_public_once_published_and_not_before(app, world):
    response = draft(world, limits=(MONEY, LAW))
    sign(response, world.kommun_politician)
    client = app.test_client()
    for url in public_pages(world, response):
        page = client.get(url).get_data(as_text=True)
        assert MONEY["text"] not in page and WHO not in page, url
    assert sign(response, world.region_politician) == "published"
    for url in public_pages(world, response):
        page = client.get(url).get_data(as_text=True)
        assert "Pengar:" in page and MONEY["text"] in page, url
        assert "Lag eller förordning:" in page and LAW["text"] in page, url
        assert "Vem beslutar, och när:" in page and WHO in page, url


def test_the_version_history_keeps_each_versions_limits(app, world):
    response = draft(world)
    sign(response, world.kommun_politician)
    sign(response, world.region_politician)
    with unit_of_work():
        responses.edit(response, world.kommun_politician, stance="partly", text=TEXT,
                       limits=[LAW])
    sign(response, world.kommun_politician)
    sign(response, world.region_politician)
    page = app.test_client().get(f"/r/{world.round.code}/responses/{response.id}")
    history = page.get_data(as_text=True).split('id="history"')[1]
    first = history.split('id="version-1"')[1]
    assert MONEY["text"] in first and LAW["text"] not in first


# -- the model area: which limits come up most, across rounds -------------------------------

def test_the_area_page_counts_the_kinds_of_limit_across_rounds(app, world):
    """The demo's closed round names money once; one published response here makes two."""
    with unit_of_work():
        load_demo(production=False, past_round=True, second_area=False)
    area = world.round.model_area
    client = app.test_client()
    before = client.get(f"/areas/{area.slug}").get_data(as_text=True)
    assert "Det här begränsar svaren oftast" in before
    response = draft(world, limits=(MONEY, {"category": "money", "text": "Och mer."}, LAW))
    sign(response, world.kommun_politician)
    page = client.get(f"/areas/{area.slug}").get_data(as_text=True)
    assert row(page, "money") == row(before, "money")  # a draft is not counted
    sign(response, world.region_politician)
    page = client.get(f"/areas/{area.slug}").get_data(as_text=True)
    # Money: one response in the closed round and this one (twice in it, counted once).
    assert row(before, "money") == ("Pengar", "1", "1")
    assert row(page, "money") == ("Pengar", "2", "2")
    assert row(page, "law") == ("Lag eller förordning", "1", "1")
    order = re.findall(r'class="limit-count limit-(\w+)"', page)
    assert order[0] == "money"


def row(page: str, category: str) -> tuple[str, ...] | None:
    match = re.search(rf'class="limit-count limit-{category}"><th scope="row">(.*?)</th>'
                      r"<td>(\d+)</td><td>(\d+)</td>", page)
    return match.groups() if match else None
