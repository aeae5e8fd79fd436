"""Shared helpers of the live meeting tests: the demo meeting, its people, its events."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.extensions import db
from samskapande.live.models import Meeting
from samskapande.realtime import journal
from samskapande.rounds.models import Participant, Round

FACILITATOR = "facilitator@demo.samskapande.se"
OFFICIAL = "tjansteperson@demo.samskapande.se"
POLITICIAN = "politiker.region@demo.samskapande.se"
ADMIN = "admin@demo.samskapande.se"
DEMO_PASSWORD = "demo"


def demo_meeting() -> Meeting:
    round_ = db.session.scalar(select(Round).where(Round.code == "NASAKER"))
    return db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))


def staff(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def new_participant(round_id: int, name: str | None = None) -> Participant:
    participant = Participant(round_id=round_id, display_name=name,
                              resume_code=uuid.uuid4().hex[:12].upper())
    db.session.add(participant)
    db.session.commit()
    return participant


def events(meeting_id: int, stream: str) -> list[tuple[str, str]]:
    return [(e["type"], e["op"]) for e in journal.events_since(meeting_id, stream, 0)]


def last_event(meeting_id: int, stream: str) -> dict:
    return journal.events_since(meeting_id, stream, 0)[-1]
