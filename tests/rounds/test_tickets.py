"""Ticket mode: in-room votes that must be one person, one vote."""

from samskapande.extensions import db
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.services import create_tickets
from tests.conftest import submit


def ticket_round(app, count=2) -> list[str]:
    with app.app_context():
        round_ = db.session.scalar(db.select(Round).where(Round.code == "NASAKER"))
        round_.ticket_mode = True
        db.session.commit()
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
