"""Ticket mode: in-room votes that must be one person, one vote."""

import pytest

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.rounds.models import Participant, Round, Ticket
from samskapande.rounds.services import JoinError, create_tickets, join_round
from tests.conftest import submit


def ticket_round(app, count=2) -> list[str]:
    with app.app_context():
        round_ = db.session.scalar(db.select(Round).where(Round.code == "NASAKER"))
        round_.ticket_mode = True
        with unit_of_work():
            return [t.code for t in create_tickets(round_, count)]


def join(client, ticket):
    return submit(client, "/r/NASAKER", {"ticket_code": ticket, "display_name": ""},
                  action="/r/NASAKER/join")


def count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Participant.id)))


def test_a_ticket_joins_once(app, demo):
    code, _other = ticket_round(app)
    assert join(app.test_client(), code.lower()).status_code == 302
    before = count(app)
    second = join(app.test_client(), code)
    assert second.status_code == 400
    assert 'aria-invalid="true"' in second.get_data(as_text=True)
    assert count(app) == before


def test_joining_a_ticket_round_needs_a_valid_ticket(app, demo):
    ticket_round(app)
    before = count(app)
    assert join(app.test_client(), "").status_code == 400
    assert join(app.test_client(), "ZZZZ-ZZZZ").status_code == 400
    assert count(app) == before


def test_ticket_codes_are_unique_and_readable(app, demo):
    codes = ticket_round(app, count=50)
    assert len(set(codes)) == 50
    assert all(len(c) == 9 and c[4] == "-" and not set(c) & set("01IOL") for c in codes)


def _fail(*_args, **_kwargs):
    raise RuntimeError("the second step failed")


def test_tickets_whose_audit_fails_are_not_stored(app, demo, monkeypatch):
    """Drawing tickets and recording that they were drawn commit together, or not at all."""
    from samskapande.manage import services as manage
    from tests.manage.conftest import facilitator

    with app.app_context():
        round_ = db.session.scalar(db.select(Round).where(Round.code == "NASAKER"))
        round_.ticket_mode = True
        db.session.commit()
        monkeypatch.setattr("samskapande.manage.services.record", _fail)
        with pytest.raises(RuntimeError), unit_of_work():
            manage.generate_tickets(round_, 5, facilitator())
        assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 0


def test_a_join_that_fails_after_claiming_its_ticket_leaves_the_ticket_unused(
        app, demo, monkeypatch):
    code, _other = ticket_round(app)
    before = count(app)
    monkeypatch.setattr("samskapande.rounds.services._add_profile_answers", _fail)
    with app.test_request_context():
        round_ = db.session.scalar(db.select(Round).where(Round.code == "NASAKER"))
        with pytest.raises(RuntimeError), unit_of_work():
            join_round(round_, None, ticket_code=code)
    with app.app_context():
        ticket = db.session.scalar(db.select(Ticket).where(Ticket.code == code))
        assert (ticket.used_at, ticket.participant_id) == (None, None)
    assert count(app) == before
    monkeypatch.undo()
    assert join(app.test_client(), code).status_code == 302  # the ticket still works


def test_a_used_ticket_is_refused_before_anything_is_stored(app, demo):
    code, _other = ticket_round(app)
    with app.test_request_context():
        round_ = db.session.scalar(db.select(Round).where(Round.code == "NASAKER"))
        with unit_of_work():
            join_round(round_, None, ticket_code=code)
        before = count(app)
        with pytest.raises(JoinError):
            join_round(round_, "Andra gången", ticket_code=code)
        assert not (db.session.new or db.session.dirty)
        db.session.rollback()
    assert count(app) == before
