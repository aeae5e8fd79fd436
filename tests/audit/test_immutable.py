"""Audit entries cannot be changed or deleted, yet erasing people and rounds still works."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from samskapande.audit.models import AuditEvent, AuditEventImmutable
from samskapande.audit.services import record
from samskapande.extensions import db
from samskapande.rounds.models import Participant, Round


@pytest.fixture
def event_id(app, areas):
    with app.app_context():
        round_ = db.session.get(Round, areas["a"]["round_id"])
        participant = Participant(round=round_, resume_code="ABCD-EFGH")
        db.session.add(participant)
        db.session.flush()
        event = record("need.hidden", round_, participant=participant, round_id=round_.id,
                       model_area_id=round_.model_area_id, reason="Personuppgifter")
        db.session.commit()
        return event.id


def test_the_orm_refuses_to_change_an_entry(app, event_id):
    with app.app_context():
        event = db.session.get(AuditEvent, event_id)
        event.reason = "Ändrat i efterhand"
        with pytest.raises(AuditEventImmutable):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AuditEventImmutable):
            db.session.delete(db.session.get(AuditEvent, event_id))
            db.session.commit()
        db.session.rollback()


@pytest.mark.parametrize("statement", [
    update(AuditEvent).values(reason="Ändrat"),
    update(AuditEvent).values(actor_user_id=None, reason="Ändrat"),
    update(AuditEvent).values(round_id=999999),
    update(AuditEvent).values(details={"x": 1}),
    delete(AuditEvent),
])
def test_the_database_refuses_to_change_an_entry(app, event_id, statement):
    with app.app_context():
        with pytest.raises(DBAPIError):
            db.session.execute(statement)
            db.session.commit()
        db.session.rollback()
        event = db.session.get(AuditEvent, event_id)
        assert event.reason == "Personuppgifter" and event.round_id is not None


def test_raw_sql_cannot_delete_entries_either(app, event_id):
    with app.app_context(), pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event"))


def test_erasing_a_participant_still_works_and_the_entry_stays(app, areas, event_id):
    from samskapande.privacy.services import erase_participation

    with app.app_context():
        participant = db.session.scalar(select(Participant))
        erase_participation(participant)
        db.session.delete(participant)  # as a purge does: the row itself goes
        db.session.commit()
        event = db.session.get(AuditEvent, event_id)
        db.session.refresh(event)
        assert event.actor_participant_id is None
        assert event.reason == "Personuppgifter" and event.round_id == areas["a"]["round_id"]


def test_deleting_a_round_keeps_its_entries_without_the_link(app, areas, event_id):
    with app.app_context():
        db.session.execute(delete(Participant))
        db.session.execute(delete(Round).where(Round.id == areas["a"]["round_id"]))
        db.session.commit()
        event = db.session.get(AuditEvent, event_id)
        assert event.round_id is None and event.action == "need.hidden"
