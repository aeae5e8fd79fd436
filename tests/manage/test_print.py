"""The printed sheet: QR code, short address, join code, and one-time ticket codes."""

from __future__ import annotations

import re

import pytest

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.manage import services
from samskapande.rounds.models import Round, Ticket
from tests.conftest import submit
from tests.manage.conftest import facilitator

TICKET = re.compile(r'class="ticket-code" translate="no">([A-Z0-9]{4}-[A-Z0-9]{4})<')


def _ticket_mode(app, demo, on=True):
    with app.app_context():
        db.session.get(Round, demo["round_id"]).ticket_mode = on
        db.session.commit()


def test_the_sheet_has_the_qr_code_short_address_and_join_code(facilitator_client, demo):
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}/print").get_data(
        as_text=True)
    assert 'src="/r/NASAKER/qr.svg"' in page
    assert re.search(r'id="short-url"[^>]*>https?://[^<]+/r/NASAKER<', page)
    assert re.search(r'id="join-code"[^>]*>NASAKER<', page)
    assert "css/manage.css" in page
    assert 'class="ticket-grid"' not in page and "/tickets" not in page  # not in ticket mode
    assert facilitator_client.get("/r/NASAKER/qr.svg").status_code == 200


def test_tickets_are_generated_audited_and_shown_until_used(app, facilitator_client, demo):
    _ticket_mode(app, demo)
    url = f"/manage/rounds/{demo['round_id']}/print"
    response = submit(facilitator_client, url, {"count": "12"},
                      action=f"/manage/rounds/{demo['round_id']}/tickets")
    assert response.status_code == 302
    page = facilitator_client.get(url).get_data(as_text=True)
    codes = TICKET.findall(page)
    assert len(codes) == len(set(codes)) == 12
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 12
        event = db.session.scalar(db.select(AuditEvent))
        assert (event.action, event.details) == ("round.tickets_created", {"count": 12})

    # a resident joins with one; it is no longer on the sheet
    resident = app.test_client()
    joined = submit(resident, "/r/NASAKER", {"ticket_code": codes[0], "display_name": ""},
                    action="/r/NASAKER/join")
    assert joined.status_code == 302
    again = TICKET.findall(facilitator_client.get(url).get_data(as_text=True))
    assert codes[0] not in again and len(again) == 11


@pytest.mark.parametrize("count", ["", "0", "201", "abc", "-5", "1e3", "🙂", "9" * 30])
def test_a_wrong_number_of_tickets_is_explained(app, facilitator_client, demo, count):
    _ticket_mode(app, demo)
    url = f"/manage/rounds/{demo['round_id']}/print"
    response = submit(facilitator_client, url, {"count": count},
                      action=f"/manage/rounds/{demo['round_id']}/tickets")
    assert response.status_code == 400
    assert 'id="count-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 0


def test_no_tickets_without_ticket_mode(app, demo, ctx):
    round_ = db.session.get(Round, demo["round_id"])
    with pytest.raises(services.ManageError):
        services.generate_tickets(round_, 5, actor=facilitator())
    round_.ticket_mode = True
    assert len(services.generate_tickets(round_, 5, actor=facilitator())) == 5
    assert len(services.unused_tickets(round_)) == 5


def test_the_workspace_counts(app, facilitator_client, demo):
    page = facilitator_client.get(f"/manage/rounds/{demo['round_id']}").get_data(as_text=True)
    with app.app_context():
        counts = services.round_counts(db.session.get(Round, demo["round_id"]))
    assert counts["needs"]["visible"] == 30 and counts["participants"] > 0
    assert f'id="count-participants">{counts["participants"]}<' in page
    assert 'id="count-needs-visible">30<' in page and 'id="count-votes">0<' in page
