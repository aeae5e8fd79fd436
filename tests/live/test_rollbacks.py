"""One action, one transaction: a failure in a later step keeps nothing of the earlier ones.

A socket event is one unit of work (live.sockets.handler): a refusal or an error after the
service changed something rolls all of it back, events included. The facilitator's
settings form calls three services in one request; a failure in the second keeps nothing
of the first.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.audit.models import AuditEvent
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db, socketio
from samskapande.live import services
from samskapande.live.models import Meeting, Message
from samskapande.realtime.models import LiveEvent
from tests.conftest import submit
from tests.live.helpers import FACILITATOR, demo_meeting, staff


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def resident_socket(app, demo, client):
    """A Socket.IO test client of a resident who joined the demo round, and the meeting."""
    response = submit(client, "/r/NASAKER", {"display_name": "Gunnel"},
                      action="/r/NASAKER/join")
    assert response.status_code == 302
    with app.app_context():
        meeting_id = demo_meeting().id
    sock = socketio.test_client(app, flask_test_client=client)
    assert sock.is_connected()
    yield sock, meeting_id
    sock.disconnect()


def post(sock, meeting_id: int) -> dict:
    return sock.emit("meeting:post", {"meeting_id": meeting_id, "text": "Hej alla"},
                     callback=True)


def stored(app) -> tuple[int, int]:
    with app.app_context():
        return count(Message), count(LiveEvent)


def test_a_socket_event_that_fails_after_its_change_keeps_nothing(app, resident_socket,
                                                                   monkeypatch):
    sock, meeting_id = resident_socket
    before = stored(app)

    def broken_queue(*_args, **_kwargs):
        raise RuntimeError("the journal is gone")

    monkeypatch.setattr(services, "queue", broken_queue)  # after the message is flushed
    ack = post(sock, meeting_id)
    assert ack["ok"] is False and ack["error"]
    assert stored(app) == before


def test_a_refusal_after_a_change_keeps_nothing(app, resident_socket, monkeypatch):
    sock, meeting_id = resident_socket
    before = stored(app)

    def refusing_queue(*_args, **_kwargs):
        raise services.LiveError("Nej.")

    monkeypatch.setattr(services, "queue", refusing_queue)
    ack = post(sock, meeting_id)
    assert ack == {"ok": False, "error": "Nej."}
    assert stored(app) == before


def test_a_socket_event_that_succeeds_is_committed(app, resident_socket):
    sock, meeting_id = resident_socket
    messages, events = stored(app)
    ack = post(sock, meeting_id)
    assert ack["ok"] is True
    assert stored(app) == (messages + 1, events + 1)


def test_settings_fail_together_when_the_second_step_fails(app, demo, monkeypatch):
    with app.test_request_context():
        meeting = demo_meeting()
        facilitator = staff(FACILITATOR)
        chat_open, audits, events = meeting.chat_open, count(AuditEvent), count(LiveEvent)

        def broken(*_args, **_kwargs):
            raise RuntimeError("the second step fails")

        monkeypatch.setattr(services, "set_moderation", broken)
        with pytest.raises(RuntimeError), unit_of_work():
            services.set_chat_open(meeting, facilitator, not chat_open)
            services.set_moderation(meeting, facilitator, "pre")
        db.session.expire_all()
        assert db.session.get(Meeting, meeting.id).chat_open == chat_open
        assert (count(AuditEvent), count(LiveEvent)) == (audits, events)
