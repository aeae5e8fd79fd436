"""My page: my needs and what became of them, my votes, my name, and erasing it all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.privacy.services import erase_participation
from samskapande.residents.services import my_needs
from samskapande.rounds.models import Participant, ProfileAnswer
from samskapande.rounds.services import join_round
from samskapande.voting.models import Vote
from tests.conftest import submit
from tests.needs.helpers import ROUND, demo_need_id, demo_round, join, set_round

ME = f"{ROUND}/me"


@pytest.fixture
def resident(app, client, demo):
    client.participant_id = join(client, "Gunnel")
    return client


def add_need(app, participant_id, text, **values) -> int:
    with app.app_context():
        need = Need(round_id=demo_round().id, participant_id=participant_id, text=text,
                    **values)
        db.session.add(need)
        db.session.commit()
        return need.id


def test_my_page_says_what_became_of_each_need(app, resident):
    pid = resident.participant_id
    visible = add_need(app, pid, "Synlig")
    pending = add_need(app, pid, "Väntar", status=NeedStatus.PENDING)
    hidden = add_need(app, pid, "Dold", status=NeedStatus.HIDDEN,
                      hidden_reason="Namn på en granne")
    bus = demo_need_id(app, "Bussen till vårdcentralen")
    merged = add_need(app, pid, "Sammanslagen", status=NeedStatus.MERGED, merged_into_id=bus)
    withdrawn = add_need(app, pid, "Tillbakadragen", status=NeedStatus.WITHDRAWN)
    page = resident.get(ME).get_data(as_text=True)
    for need_id, css in [(visible, "status-visible"), (pending, "status-pending"),
                         (hidden, "status-hidden"), (merged, "status-merged"),
                         (withdrawn, "status-withdrawn")]:
        item = page.split(f'id="need-{need_id}"')[1].split("</li>")[0]
        assert css in item, need_id
    assert "Namn på en granne" in page
    assert f'href="{ROUND}/needs/{bus}"' in page


def test_a_published_theme_and_a_published_answer_show_on_my_page(app, resident):
    from samskapande.accounts.models import User
    from samskapande.responses.models import Response
    from samskapande.themes.models import Theme, ThemeNeed

    need_id = add_need(app, resident.participant_id, "Fler turer")
    with app.app_context():
        theme = Theme(round_id=demo_round().id, title="Resor till vården",
                      status="accepted", published=True)
        db.session.add(theme)
        db.session.flush()
        db.session.add(ThemeNeed(theme_id=theme.id, need_id=need_id))
        db.session.commit()
    assert "Resor till vården" not in resident.get(ME).get_data(as_text=True)  # unpublished
    set_round(app, themes_published_at=utcnow())
    page = resident.get(ME).get_data(as_text=True)
    assert "Resor till vården" in page and "status-answered" not in page
    with app.app_context():
        author = db.session.scalar(select(User).limit(1))
        theme_id = db.session.scalar(select(Theme.id))
        db.session.add(Response(theme_id=theme_id, author_id=author.id, stance="yes",
                                text="Ja", status="published"))
        db.session.commit()
    assert "status-answered" in resident.get(ME).get_data(as_text=True)


def test_my_page_lists_my_votes_and_dots_left(app, resident):
    set_round(app, voting_open=True, voting_mode="dots", dots_per_participant=5)
    bus = demo_need_id(app, "Bussen till vårdcentralen")
    page = resident.get(ME).get_data(as_text=True)
    token = page.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]
    resident.post(f"{ROUND}/needs/{bus}/dots/add", data={"csrf_token": token})
    page = resident.get(ME).get_data(as_text=True)
    assert f'href="{ROUND}/needs/{bus}"' in page
    assert "data-dots-left>4<" in page


def test_the_display_name_can_be_changed_and_cleared(app, resident):
    assert submit(resident, ME, {"display_name": "Gunnel N"},
                  action=f"{ME}/name").status_code == 302
    assert "Gunnel N" in resident.get(ME).get_data(as_text=True)
    submit(resident, ME, {"display_name": ""}, action=f"{ME}/name")
    with app.app_context():
        assert db.session.get(Participant, resident.participant_id).display_name is None


@pytest.mark.parametrize("name", ["x" * 61, "Tab\x00bar", "Två\nrader"])
def test_a_bad_display_name_is_refused_and_kept(app, resident, name):
    response = submit(resident, ME, {"display_name": name}, action=f"{ME}/name")
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, resident.participant_id).display_name == "Gunnel"


def test_a_stale_name_form_is_refused_keeping_the_name(app, resident):
    response = resident.post(f"{ME}/name", data={"display_name": "Ny", "csrf_token": "old"})
    assert response.status_code == 400
    assert 'value="Ny"' in response.get_data(as_text=True)


# -- erasing -------------------------------------------------------------------------------

@pytest.fixture
def voting_round(app, demo):
    set_round(app, voting_open=True, voting_mode="dots", dots_per_participant=5,
              max_dots_per_need=3)


def erase_setup(app):
    """Gunnel (with a profile answer, a need and dots) and Ahmed who gave dots to her need."""
    with app.test_request_context():
        from samskapande.voting.services import add_dot

        round_ = demo_round()
        gunnel = join_round(round_, "Gunnel", {"village": "Näsåker"})
        ahmed = join_round(round_, "Ahmed")
        gunnel.email = "gunnel@example.se"
        need = Need(round_id=round_.id, participant_id=gunnel.id, text="Gunnels behov",
                    status=NeedStatus.VISIBLE)
        db.session.add(need)
        db.session.commit()
        other = db.session.scalar(select(Need).where(Need.participant_id != gunnel.id))
        add_dot(other, gunnel)
        add_dot(need, ahmed)
        add_dot(need, ahmed)
        db.session.commit()  # the test is the caller: services only flush
        return gunnel.id, ahmed.id, need.id, gunnel.resume_code


def test_erasing_anonymises_needs_and_removes_the_rest(app, demo, voting_round):
    gunnel_id, ahmed_id, need_id, code = erase_setup(app)
    with app.test_request_context():
        erase_participation(db.session.get(Participant, gunnel_id))
        gunnel = db.session.get(Participant, gunnel_id)
        assert gunnel.erased_at is not None and gunnel.dots_used == 0
        assert gunnel.display_name is None and gunnel.email is None
        assert gunnel.resume_code != code
        assert db.session.scalar(select(func.count(Vote.id))
                                 .where(Vote.participant_id == gunnel_id)) == 0
        assert db.session.scalar(select(func.count(ProfileAnswer.id))
                                 .where(ProfileAnswer.participant_id == gunnel_id)) == 0
        need = db.session.get(Need, need_id)  # what was said still counts, without her
        assert need is not None and need.participant_id is None
        assert db.session.get(Participant, ahmed_id).dots_used == 2  # Ahmed's dots stay


def test_erasing_deletes_needs_when_the_round_says_so(app, demo, voting_round):
    set_round(app, erasure_policy="delete")
    gunnel_id, ahmed_id, need_id, _code = erase_setup(app)
    with app.test_request_context():
        erase_participation(db.session.get(Participant, gunnel_id))
        assert db.session.get(Need, need_id) is None
        assert db.session.scalar(select(func.count(Vote.id))
                                 .where(Vote.need_id == need_id)) == 0
        assert db.session.get(Participant, ahmed_id).dots_used == 0  # his dots come back
        assert my_needs(db.session.get(Participant, gunnel_id)) == []


def test_erasing_through_the_pages(app, resident):
    code = resident.get(ME).get_data(as_text=True).split('class="code" translate="no">')[1][:9]
    page = resident.get(f"{ME}/erase").get_data(as_text=True)
    assert 'method="post"' in page
    with app.app_context():  # the confirmation page changes nothing
        assert db.session.get(Participant, resident.participant_id).erased_at is None
    response = submit(resident, f"{ME}/erase", {})
    assert response.status_code == 302
    assert resident.get(ME).status_code == 302  # this device forgot her
    with app.app_context():
        assert db.session.get(Participant, resident.participant_id).erased_at is not None
    elsewhere = app.test_client()
    response = submit(elsewhere, "/resume", {"resume_code": code})
    assert response.status_code == 200  # the code no longer works
    assert elsewhere.get(ME).status_code == 302
