"""Who may do what in a meeting: a grid of role × own/other model area × action."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from samskapande.accounts.models import User
from samskapande.areas.models import ModelArea, Organisation
from samskapande.extensions import db
from samskapande.live import permissions
from samskapande.live.models import Meeting
from samskapande.rounds.models import Phase, Round
from tests.live.helpers import demo_meeting, new_participant

ACTIONS = {
    "follow": lambda u, p, m: permissions.can_follow_meeting(u, p, m),
    "post": lambda u, p, m: permissions.can_post(u, p, m),
    "answer": lambda u, p, m: permissions.can_answer(u, m),
    "staff": lambda u, p, m: permissions.is_meeting_staff(u, m),
    "moderate": lambda u, p, m: permissions.can_moderate(u, m),
    "projector": lambda u, p, m: permissions.can_view_projector(u, m),
    "export": lambda u, p, m: permissions.can_export(u, m),
}
STAFF_OF_ROUND = {"follow", "post", "answer", "staff", "projector", "export"}
MODERATOR = set(ACTIONS) - {"answer"}  # the facilitator leads; officials answer
RESIDENT = {"follow", "post"}

GRID = [
    # (who, area: own/other, allowed actions)
    ("admin", "own", MODERATOR),
    ("facilitator", "own", MODERATOR),
    ("facilitator", "other", set()),
    ("official", "own", STAFF_OF_ROUND),
    ("official", "other", set()),
    ("politician", "own", STAFF_OF_ROUND),
    ("politician", "other", set()),
    ("inactive-official", "own", set()),
    ("resident", "own", RESIDENT),
    ("resident", "other", set()),
    ("anonymous", "own", set()),
]


@pytest.fixture
def world(app, demo):
    """The demo meeting, and a second model area with its own organisation and round."""
    with app.test_request_context():
        meeting = demo_meeting()
        other_org = Organisation(name="Annan kommun", kind="municipality")
        other_area = ModelArea(name="Annat område", slug="annat", organisations=[other_org])
        other_round = Round(model_area=other_area, code="ANNAT", title="Annan", phase=Phase.COLLECT)
        db.session.add_all([other_org, other_area, other_round])
        db.session.commit()
        yield {"meeting": meeting, "own_area": meeting.round.model_area, "other_area": other_area,
               "own_org": meeting.round.model_area.organisations[0], "other_org": other_org,
               "other_round": other_round}
        db.session.rollback()


def person(world, who: str, area: str):
    """(user, participant) for a row of the grid."""
    if who == "anonymous":
        return AnonymousUserMixin(), None
    if who == "resident":
        round_ = world["meeting"].round if area == "own" else world["other_round"]
        return AnonymousUserMixin(), new_participant(round_.id, "Grid")
    role = who.removeprefix("inactive-")
    user = User(email=f"{who}-{area}@example.se", name=who, role=role, title="T",
                password_hash="x", active=not who.startswith("inactive"),
                party="C" if role == "politician" else None)
    if role == "facilitator":
        user.model_areas = [world[f"{area}_area"]]
    if role in ("official", "politician"):
        user.organisation = world[f"{area}_org"]
    db.session.add(user)
    db.session.commit()
    return user, None


@pytest.mark.parametrize(("who", "area", "allowed"), GRID,
                         ids=[f"{w}-{a}" for w, a, _ in GRID])
def test_permission_grid(world, who, area, allowed):
    user, participant = person(world, who, area)
    meeting: Meeting = world["meeting"]
    granted = {name for name, check in ACTIONS.items() if check(user, participant, meeting)}
    assert granted == allowed


def test_nobody_posts_in_a_closed_round(world):
    meeting = world["meeting"]
    resident = new_participant(meeting.round_id)
    meeting.round.phase = Phase.CLOSED
    db.session.commit()
    assert permissions.can_follow_meeting(None, resident, meeting)
    assert not permissions.can_post(None, resident, meeting)


def test_erased_participants_follow_nothing(world):
    from samskapande.core.models import utcnow

    meeting = world["meeting"]
    resident = new_participant(meeting.round_id)
    resident.erased_at = utcnow()
    db.session.commit()
    assert not permissions.can_follow_meeting(None, resident, meeting)
