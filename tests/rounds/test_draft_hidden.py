"""A round in preparation answers 404 to everyone but those who manage it (issue 20, 9b).

Every page finds its round through `rounds.lookup.round_or_404`, so every resident page of
a draft round is the same 404 as an unknown code, for anonymous visitors, for a participant
(who joined before the round went back to preparation) and for staff who do not run it.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.extensions import db
from samskapande.live.models import Meeting
from samskapande.live.permissions import can_follow_meeting
from samskapande.needs.models import Need
from samskapande.rounds.models import Participant, Phase
from tests.conftest import create_staff, log_in
from tests.needs.helpers import demo_round, join, set_round

ARGS = {"meeting_id": None, "need_id": None, "message_id": 1, "theme_id": 1,
        "response_id": 1, "participant_id": 1, "dataset": "needs", "fmt": "csv"}


def draft_pages(app) -> list[str]:
    """Every GET page of the demo round, with ids of its own meeting and need."""
    with app.app_context():
        round_ = demo_round()
        args = {**ARGS,
                "meeting_id": db.session.scalar(select(Meeting.id).where(
                    Meeting.round_id == round_.id)) or 1,
                "need_id": db.session.scalar(select(Need.id).where(
                    Need.round_id == round_.id))}
    pages = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/r/<code>") or "GET" not in rule.methods:
            continue
        values = {name: args[name] for name in rule.arguments if name != "code"}
        pages.append(_build(rule.rule, {"code": "NASAKER", **values}))
    return pages


def _build(rule: str, values: dict) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(values[m.group(1)]), rule)


def facilitator_of_demo(app) -> dict:
    user = create_staff(app, "facilitator")
    with app.app_context():
        staff = db.session.get(User, user["id"])
        staff.model_areas.append(demo_round().model_area)
        db.session.commit()
    return user


@pytest.fixture
def draft(app, demo):
    member = app.test_client()
    join(member, "Gunnel")  # joined while the round was open
    set_round(app, phase=Phase.DRAFT)
    return member


@pytest.mark.parametrize("who", ["anonymous", "participant", "official", "other facilitator"])
def test_a_draft_round_is_a_404_for_everyone_but_its_staff(app, draft, who):
    client = app.test_client()
    if who == "participant":
        client = draft
    elif who in ("official", "other facilitator"):
        role = "official" if who == "official" else "facilitator"
        assert log_in(client, create_staff(app, role)["email"]).status_code == 302
    pages = draft_pages(app)
    assert len(pages) > 15
    answers = {page: client.get(page).status_code for page in pages}
    assert {page: code for page, code in answers.items() if code != 404} == {}
    # The start page's code form does not confirm the code either.
    response = client.get("/join?code=NASAKER")
    assert response.status_code == 404


def test_its_facilitator_sees_the_draft(app, draft):
    client = app.test_client()
    assert log_in(client, facilitator_of_demo(app)["email"]).status_code == 302
    for page in ("/r/NASAKER", "/r/NASAKER/needs", "/r/NASAKER/report"):
        assert client.get(page).status_code == 200, page
    assert client.get("/join?code=NASAKER").status_code == 302


def test_socket_meeting_join_of_a_draft_is_for_its_staff_only(app, draft):
    official = create_staff(app, "official")
    facilitator = facilitator_of_demo(app)
    with app.app_context():
        round_ = demo_round()
        meeting = Meeting(round=round_, title="Förberedelse")
        db.session.add(meeting)
        # The official's organisation takes part in the model area: they answer once it runs.
        user = db.session.get(User, official["id"])
        round_.model_area.organisations.append(user.organisation)
        db.session.flush()
        member = db.session.scalar(select(Participant).where(Participant.round_id == round_.id))
        assert not can_follow_meeting(None, member, meeting)
        assert not can_follow_meeting(user, None, meeting)
        assert can_follow_meeting(db.session.get(User, facilitator["id"]), None, meeting)
        round_.phase = Phase.COLLECT
        assert can_follow_meeting(None, member, meeting)
        assert can_follow_meeting(user, None, meeting)
        db.session.rollback()
