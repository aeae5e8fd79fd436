"""Helpers shared by the needs, voting and my-page tests."""

from __future__ import annotations

from sqlalchemy import select

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import Participant, Round
from tests.conftest import submit

ROUND = "/r/NASAKER"
BUS_NEED = ("Bussen till vårdcentralen går bara på morgonen och på kvällen, så ett besök "
            "mitt på dagen tar hela dagen.")


def demo_round() -> Round:
    return db.session.scalar(select(Round).where(Round.code == "NASAKER"))


def set_round(app, **values) -> None:
    """Change the demo round's settings, as the facilitator would."""
    with app.app_context():
        round_ = demo_round()
        for name, value in values.items():
            setattr(round_, name, value)
        db.session.commit()


def join(client, name: str = "") -> int:
    """Join the demo round in this client; returns the participant's id."""
    response = submit(client, ROUND, {"display_name": name}, action=f"{ROUND}/join")
    assert response.status_code == 302
    with client.session_transaction() as session:
        return session["participants"][str(demo_round_id(client.application))]


def demo_round_id(app) -> int:
    with app.app_context():
        return demo_round().id


def participant(app, participant_id: int) -> dict:
    with app.app_context():
        p = db.session.get(Participant, participant_id)
        return {"dots_used": p.dots_used, "display_name": p.display_name,
                "erased_at": p.erased_at, "resume_code": p.resume_code}


def demo_need_id(app, starts_with: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Need.id).where(Need.text.startswith(starts_with)))


def needs_with_key(app, key: str) -> list[Need]:
    with app.app_context():
        return list(db.session.scalars(select(Need).where(Need.submission_key == key)))
