"""Support from the first day: while needs are collected, and from the similar-needs step."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import PhaseDates, Round
from samskapande.voting.models import Vote
from tests.conftest import csrf_token, submit
from tests.manage import conftest as manage_fixtures
from tests.manage.conftest import demo_area_id
from tests.needs.helpers import (
    ROUND,
    demo_need_id,
    demo_round,
    join,
    participant,
    set_round,
)

facilitator_client = manage_fixtures.facilitator_client  # the demo facilitator, logged in

NEW = f"{ROUND}/needs/new"
JSON = {"Accept": "application/json"}
MY_TEXT = ("Bussen till vårdcentralen går bara på morgonen och på kvällen, det behövs en "
           "tur mitt på dagen.")


@pytest.fixture
def bus(app, demo):
    return demo_need_id(app, "Bussen till vårdcentralen")


@pytest.fixture
def resident(app, client, demo):
    client.participant_id = join(client, "Gunnel")
    return client


def votes_on(app, need_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Vote.id)).where(Vote.need_id == need_id))


def shown_support(page: str, need_id: int) -> list[str]:
    return re.findall(rf'data-support-for="{need_id}">(\d+)<', page)


def similar_step(client, text: str = MY_TEXT) -> tuple[str, dict]:
    """Write a need like the bus need: the similar-needs step, and the draft it carries."""
    page = client.get(NEW).get_data(as_text=True)
    key = re.search(r'<input[^>]*name="submission_key"[^>]*>', page).group(0)
    draft = {"text": text, "category": "", "goal": "",
             "submission_key": re.search(r'value="([0-9a-f]{32})"', key).group(1),
             "csrf_token": csrf_token(client, NEW)}
    response = client.post(NEW, data=draft)
    assert response.status_code == 200
    return response.get_data(as_text=True), draft


def instead_url(need_id: int) -> str:
    return f"{ROUND}/needs/new/instead/{need_id}"


# -- the round setting ---------------------------------------------------------------------

def test_the_setting_is_on_for_new_rounds_and_the_demo(app, demo):
    with app.app_context():
        assert demo_round().support_while_collecting is True
        assert demo_round().phase == "collect" and demo_round().voting_open is False
        fresh = Round(model_area_id=demo_area_id(app), code="FRESH", title="Ny")
        db.session.add(fresh)
        db.session.commit()
        assert fresh.support_while_collecting is True


def test_support_works_while_needs_are_collected(app, resident, bus):
    page = resident.get(f"{ROUND}/needs?q=bussen").get_data(as_text=True)
    assert f'action="{ROUND}/needs/{bus}/support"' in page
    assert "medan vi samlar in behov" in page
    response = submit(resident, f"{ROUND}/needs/{bus}", {"support": "1"},
                      action=f"{ROUND}/needs/{bus}/support")
    assert response.status_code == 302
    page = resident.get(response.location).get_data(as_text=True)
    assert "Du stöder det här behovet." in page
    assert votes_on(app, bus) == 1
    assert participant(app, resident.participant_id)["dots_used"] == 1


def test_with_the_setting_off_support_is_refused_and_not_offered(app, resident, bus):
    set_round(app, support_while_collecting=False)
    for url in (f"{ROUND}/needs", f"{ROUND}/needs/{bus}"):
        page = resident.get(url).get_data(as_text=True)
        assert "data-vote-form" not in page, url
        assert "Du kan stödja behoven när omgången går vidare till ”Prioritering”" in page, url
    # A form from a page shown before the facilitator turned the setting off:
    response = submit(resident, NEW, {"support": "1"}, action=f"{ROUND}/needs/{bus}/support")
    page = resident.get(response.location).get_data(as_text=True)
    assert 'class="flash flash-error"' in page and "Röstningen är inte öppen" in page
    refused = submit(resident, NEW, {"support": "1"}, headers=JSON,
                     action=f"{ROUND}/needs/{bus}/support")
    assert refused.status_code == 409 and refused.get_json()["message"]
    assert votes_on(app, bus) == 0


def test_the_need_pages_say_when_support_opens(app, resident, bus):
    set_round(app, support_while_collecting=False)
    with app.app_context():
        planned = db.session.scalar(select(PhaseDates).where(
            PhaseDates.round_id == demo_round().id, PhaseDates.phase == "vote"))
        planned.starts_on, planned_id = date(2027, 3, 1), planned.id
        db.session.commit()
    page = resident.get(f"{ROUND}/needs/{bus}").get_data(as_text=True)
    assert "går vidare till ”Prioritering”, planerat från 1 mars 2027." in page
    with app.app_context():
        db.session.delete(db.session.get(PhaseDates, planned_id))
        db.session.commit()
    page = resident.get(f"{ROUND}/needs/{bus}").get_data(as_text=True)
    assert "Du kan stödja behoven när omgången går vidare till ”Prioritering”." in page


def test_dot_rounds_give_their_dots_once_voting_opens(app, resident, bus):
    set_round(app, voting_mode="dots")  # the setting is on, but dots wait
    page = resident.get(f"{ROUND}/needs").get_data(as_text=True)
    assert "data-vote-form" not in page
    assert "Du kan ge dina prickar till behoven när omgången går vidare" in page
    response = submit(resident, NEW, {}, action=f"{ROUND}/needs/{bus}/dots/add", headers=JSON)
    assert response.status_code == 409
    assert votes_on(app, bus) == 0


def test_the_settings_page_offers_the_setting_checked_and_saves_it(app, facilitator_client,
                                                                    demo):
    page = facilitator_client.get("/manage/rounds/new").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="support_while_collecting"[^>]*>', page).group(0)
    assert "checked" in box
    assert "Vid prickröstning ges prickarna först när röstningen öppnas" in page
    url = f"/manage/rounds/{demo['round_id']}/edit"
    page = facilitator_client.get(url).get_data(as_text=True)
    assert "checked" in re.search(
        r'<input[^>]*name="support_while_collecting"[^>]*>', page).group(0)
    with app.app_context():
        from samskapande.manage.forms import form_data
        from samskapande.manage.services import RoundSettings
        data = {k: ("y" if v is True else v) for k, v in form_data(
            RoundSettings.of(db.session.get(Round, demo["round_id"]))).items()
            if v not in (None, False)}
        data = {k: (v.isoformat() if isinstance(v, date) else str(v)) for k, v in data.items()}
    del data["support_while_collecting"]  # the box unticked
    assert submit(facilitator_client, url, data).status_code == 302
    with app.app_context():
        assert db.session.get(Round, demo["round_id"]).support_while_collecting is False


# -- "Stöd det här i stället" on the similar-needs step ------------------------------------

def test_the_similar_step_supports_instead_without_javascript(app, resident, bus):
    page, draft = similar_step(resident)
    form = re.search(rf'<form[^>]*action="{instead_url(bus)}"[^>]*>(.*?)</form>', page, re.S)
    assert form and "data-vote-form" in form.group(0)
    assert "Stöd det här i stället" in form.group(1) and 'name="csrf_token"' in form.group(1)
    response = resident.post(instead_url(bus), data=draft)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Du stöder nu ”Bussen till vårdcentralen" in page
    assert f'href="{ROUND}/needs/{bus}"' in page and f'href="{ROUND}/needs"' in page
    assert shown_support(page, bus) == ["1"]
    assert votes_on(app, bus) == 1
    with app.app_context():  # the resident's own need is not saved...
        assert db.session.scalar(select(func.count(Need.id)).where(Need.text == MY_TEXT)) == 0
    # ...but it is still there to save anyway.
    assert "Spara mitt ändå" in page and MY_TEXT in page
    saved = resident.post(NEW, data={**draft, "confirmed": "1"})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Need.id)).where(Need.text == MY_TEXT)) == 1


def test_sending_it_twice_and_from_two_tabs_supports_once(app, resident, bus):
    first_tab, first = similar_step(resident)
    second_tab, second = similar_step(resident)
    assert first["submission_key"] != second["submission_key"]
    pages = [resident.post(instead_url(bus), data=data).get_data(as_text=True)
             for data in (first, first, second)]
    assert votes_on(app, bus) == 1
    assert participant(app, resident.participant_id)["dots_used"] == 1
    assert all(shown_support(page, bus) == ["1"] for page in pages)
    detail = resident.get(f"{ROUND}/needs/{bus}").get_data(as_text=True)
    assert shown_support(detail, bus) == ["1"]
    assert 'aria-pressed="true"' in detail  # still supported: the second send undid nothing


def test_the_similar_step_answers_the_javascript_with_json(app, resident, bus):
    _, draft = similar_step(resident)
    for _attempt in range(2):
        response = resident.post(instead_url(bus), data=draft, headers=JSON)
        assert response.status_code == 200
        data = response.get_json()
        assert data["my_dots"] == 1 and data["support"] == 1
        assert data["message"].startswith("Du stöder nu ”Bussen")
    assert votes_on(app, bus) == 1


def test_a_stale_form_keeps_the_text_and_supports_nothing(app, resident, bus):
    _, draft = similar_step(resident)
    response = resident.post(instead_url(bus), data={**draft, "csrf_token": "stale"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and MY_TEXT in page
    assert votes_on(app, bus) == 0


def test_visitors_who_have_not_joined_are_asked_to_join(app, client, demo, bus):
    token = csrf_token(client, ROUND)
    response = client.post(instead_url(bus), data={"text": MY_TEXT, "csrf_token": token})
    assert response.status_code == 302 and "/needs" not in response.location
    assert client.post(instead_url(bus), data={"text": MY_TEXT, "csrf_token": token},
                       headers=JSON).status_code == 403
    assert votes_on(app, bus) == 0


def test_with_the_setting_off_the_similar_step_promises_no_support(app, resident, bus):
    set_round(app, support_while_collecting=False)
    page, draft = similar_step(resident)
    assert "Stöd det här i stället" not in page and "data-vote-form" not in page
    assert "stödja det i stället" not in page
    assert "behöver du inte skriva det igen" in page
    assert "Du kan stödja behoven när omgången går vidare till ”Prioritering”" in page
    # A tab still showing the button from before: refused, said, and the text kept.
    response = resident.post(instead_url(bus), data=draft)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Röstningen är inte öppen" in page and MY_TEXT in page
    assert votes_on(app, bus) == 0


def test_an_unknown_need_is_not_found(resident):
    _, draft = similar_step(resident)
    assert resident.post(instead_url(999999), data=draft).status_code == 404


def test_the_phase_page_tells_the_facilitator_that_support_is_already_open(
        app, facilitator_client, demo):
    url = f"/manage/rounds/{demo['round_id']}/phase"
    page = facilitator_client.get(url).get_data(as_text=True)
    assert 'id="support-while-collecting"' in page
    set_round(app, support_while_collecting=False)
    page = facilitator_client.get(url).get_data(as_text=True)
    assert 'id="support-while-collecting"' not in page


def test_existing_rounds_have_the_setting_on_after_the_migration(app, demo):
    from flask_migrate import downgrade, upgrade

    set_round(app, support_while_collecting=False)
    with app.app_context():
        downgrade(revision="cb301")
        with db.engine.connect() as connection:
            columns = {c["name"] for c in db.inspect(connection).get_columns("round")}
        assert "support_while_collecting" not in columns
        upgrade()
        assert db.session.scalar(select(Round.support_while_collecting)
                                 .where(Round.code == "NASAKER")) is True
