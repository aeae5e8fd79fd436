"""Admins and the round's facilitators look up a participant by code, export and erase."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.areas.models import ModelArea
from samskapande.audit.models import AuditEvent
from samskapande.demo import demo_resume_code
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.privacy.permissions import can_handle_participant, can_look_up_participants
from samskapande.reports.services import participation
from samskapande.rounds.models import Participant, ProfileAnswer, Round
from samskapande.voting.models import Vote
from tests.conftest import create_staff, csrf_token, log_in, submit
from tests.reports.helpers import demo_round, vote
from tests.test_bad_input import CORPUS, assert_handled

CODE = demo_resume_code("p1")  # Gunnel's personal code


def staff_in(app, role: str, area: str | None) -> dict:
    """A staff member, assigned to the demo's model area ("demo"), another one, or none."""
    user = create_staff(app, role)
    with app.app_context():
        account = db.session.get(User, user["id"])
        if area == "demo":
            account.model_areas.append(db.session.scalar(select(ModelArea)))
        elif area == "other":
            account.model_areas.append(ModelArea(name="Ramsele", slug="ramsele"))
        db.session.commit()
    return user


def logged_in(app, role: str, area: str | None):
    client = app.test_client()
    assert log_in(client, staff_in(app, role, area)["email"]).status_code == 302
    return client


def look_up(client, code: str = CODE):
    return submit(client, "/admin/participants", {"resume_code": code})


def gunnel() -> Participant:
    db.session.expire_all()
    return db.session.scalar(select(Participant).where(Participant.display_name == "Gunnel"))


@pytest.mark.parametrize(("role", "area", "allowed"), [
    ("admin", None, True),
    ("facilitator", "demo", True),
    ("facilitator", "other", False),
    ("facilitator", None, False),
    ("official", "demo", False),
    ("politician", "demo", False),
])
def test_who_may_handle_a_participant(app, demo, role, area, allowed):
    user = staff_in(app, role, area)
    with app.app_context():
        account = db.session.get(User, user["id"])
        account.is_authenticated  # noqa: B018  (a loaded user, as Flask-Login gives it)
        assert can_handle_participant(account, gunnel()) is allowed
        assert can_look_up_participants(account) is (role in {"admin", "facilitator"})


def test_admin_sees_exports_and_the_code_stays_out_of_the_audit_log(app, demo):
    client = logged_in(app, "admin", None)
    response = look_up(client, CODE.lower().replace("-", " "))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Gunnel" in page and "Samskapande i Näsåker" in page
    assert CODE not in page and CODE not in response.headers["Location"]

    url = response.headers["Location"]
    export = client.post(url + "/export", data={"csrf_token": csrf_token(client, url)})
    assert export.status_code == 200 and export.mimetype == "application/json"
    assert "attachment" in export.headers["Content-Disposition"]
    data = json.loads(export.get_data(as_text=True))
    assert data["participant"]["display_name"] == "Gunnel"
    assert {a["answer"] for a in data["profile_answers"]} >= {"Näsåker", "Patient"}
    assert data["needs"] and all(n["text"] for n in data["needs"])
    assert CODE not in export.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "participant.exported"))
        assert event.object_id == gunnel().id and event.actor_user_id is not None
        everything = json.dumps([[e.action, e.reason, e.details]
                                 for e in db.session.scalars(select(AuditEvent))])
        assert CODE not in everything and CODE.replace("-", "") not in everything


def test_erasure_by_an_admin_removes_the_person_and_keeps_the_counts(app, demo):
    with app.app_context():
        round_ = demo_round()
        vote(round_)
        person = gunnel()
        person_id, needs = person.id, [n.id for n in db.session.scalars(
            select(Need).where(Need.participant_id == person.id))]
        assert needs and db.session.scalar(select(Vote.id).where(Vote.participant_id == person_id))
        before = participation(round_)
    client = logged_in(app, "facilitator", "demo")
    url = look_up(client).headers["Location"]
    refused = client.post(url + "/erase", data={"csrf_token": csrf_token(client, url)})
    assert refused.status_code == 400 and "Bekräfta att deltagaren har bett" in \
        refused.get_data(as_text=True)
    erased = client.post(url + "/erase", data={"csrf_token": csrf_token(client, url),
                                               "confirm": "y"})
    assert erased.status_code == 302
    with app.app_context():
        person = db.session.get(Participant, person_id)
        assert person.erased_at is not None and person.display_name is None
        # Gone: the votes, the answers, the name; the code no longer finds anyone.
        assert db.session.scalar(select(Vote.id).where(Vote.participant_id == person_id)) is None
        assert db.session.scalar(select(ProfileAnswer.id).where(
            ProfileAnswer.participant_id == person_id)) is None
        # Stays: the needs (the round anonymises), without their author.
        kept = db.session.scalars(select(Need).where(Need.id.in_(needs))).all()
        assert len(kept) == len(needs) and all(n.participant_id is None for n in kept)
        after = participation(db.session.get(Round, demo["round_id"]))
        assert after.needs == before.needs
        assert after.participants == before.participants - 1
        actions = set(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.object_id == person_id)))
        assert {"participant.erased", "participant.erased_by_staff"} <= actions
    assert client.get(url).status_code == 404
    again = look_up(client)
    assert again.status_code == 400 and "Ingen deltagare" in again.get_data(as_text=True)


def test_facilitator_of_another_area_can_neither_find_nor_open_the_participant(app, demo):
    client = logged_in(app, "facilitator", "other")
    response = look_up(client)
    assert response.status_code == 400
    assert "Ingen deltagare i de omgångar du leder har den koden" in \
        response.get_data(as_text=True)
    with app.app_context():
        person_id = gunnel().id
    assert client.get(f"/admin/participants/{person_id}").status_code == 404
    with client.session_transaction() as session:  # even with the id in the session
        session["privacy_lookup"] = person_id
    assert client.get(f"/admin/participants/{person_id}").status_code == 403
    token = csrf_token(client, "/admin/participants")
    assert client.post(f"/admin/participants/{person_id}/erase",
                       data={"csrf_token": token, "confirm": "y"}).status_code == 403
    with app.app_context():
        assert gunnel().erased_at is None


def test_officials_and_visitors_cannot_use_the_lookup(app, demo, client):
    assert client.get("/admin/participants").status_code == 302  # to the login
    official = logged_in(app, "official", "demo")
    assert official.get("/admin/participants").status_code == 403


@pytest.mark.parametrize("value", CORPUS)
def test_lookup_form_takes_bad_input(app, demo, value):
    client = logged_in(app, "admin", None)
    token = csrf_token(client, "/admin/participants")
    assert_handled(client.post("/admin/participants",
                               data={"csrf_token": token, "resume_code": value}), value)


def test_a_participant_downloads_their_own_data_from_my_page(app, participant_client):
    me = participant_client.get("/r/NASAKER/me").get_data(as_text=True)
    assert 'href="/r/NASAKER/me/data.json"' in me
    response = participant_client.get("/r/NASAKER/me/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["participant"]["display_name"] == "Gunnel"
    assert response.headers["Cache-Control"] == "no-store"
    assert app.test_client().get("/r/NASAKER/me/data.json").status_code == 404  # not joined
