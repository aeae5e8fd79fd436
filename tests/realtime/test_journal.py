"""The event journal: numbers without gaps, stored in commit order, nothing kept on rollback."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live.models import Meeting
from samskapande.realtime import journal
from samskapande.realtime.models import LiveEvent

# The journal's mechanics, tested with made-up payloads (not the declared shapes).
pytestmark = pytest.mark.synthetic_events


@pytest.fixture
def meeting_id(app, demo):
    with app.app_context():
        return db.session.scalar(select(Meeting.id).order_by(Meeting.id))


def test_events_are_numbered_per_stream_and_read_back_in_order(app, meeting_id):
    with app.app_context():
        assert journal.last_seq(meeting_id, "public") == 0
        journal.queue_event(meeting_id, "public", "message", "add", message={"id": 1})
        journal.queue_event(meeting_id, "staff", "message", "held", message={"id": 2})
        journal.queue_event(meeting_id, "public", "message", "update", message={"id": 1})
        db.session.commit()
        assert journal.last_seq(meeting_id, "public") == 2
        assert journal.last_seq(meeting_id, "staff") == 1
        public = journal.events_since(meeting_id, "public", 0)
        assert [(e["seq"], e["op"]) for e in public] == [(1, "add"), (2, "update")]
        assert public[0] == {"meeting_id": meeting_id, "stream": "public", "seq": 1,
                             "type": "message", "op": "add", "message": {"id": 1}}
        assert journal.events_since(meeting_id, "public", 1) == public[1:]
        assert journal.events_since(meeting_id, "public", 0, limit=1) == public[:1]
        assert [e["seq"] for e in journal.events_since(meeting_id, "staff", 0)] == [1]


def test_a_rolled_back_event_leaves_no_trace_and_no_gap(app, meeting_id):
    with app.app_context():
        journal.queue_event(meeting_id, "public", "message", "add", message={"id": 1})
        db.session.rollback()
        assert db.session.info.get(journal._PENDING) is None  # nothing left to emit
        assert journal.last_seq(meeting_id, "public") == 0
        journal.queue_event(meeting_id, "public", "message", "add", message={"id": 2})
        db.session.commit()
        events = journal.events_since(meeting_id, "public", 0)
        assert [(e["seq"], e["message"]["id"]) for e in events] == [(1, 2)]


def test_a_rolled_back_savepoint_drops_only_its_own_events(app, meeting_id):
    with app.app_context():
        journal.queue_event(meeting_id, "public", "message", "add", message={"id": 1})
        savepoint = db.session.begin_nested()
        journal.queue_event(meeting_id, "public", "message", "add", message={"id": 2})
        savepoint.rollback()
        pending = [evt for _, evt in db.session.info[journal._PENDING]]
        assert [evt["message"]["id"] for evt in pending] == [1]
        db.session.commit()
        assert [e["seq"] for e in journal.events_since(meeting_id, "public", 0)] == [1]


def test_unknown_streams_are_refused(app, meeting_id):
    with app.app_context(), pytest.raises(ValueError):
        journal.queue_event(meeting_id, "everyone", "message", "add")


def test_concurrent_writers_get_gap_free_numbers_in_commit_order(app, meeting_id):
    """Writers in their own connections: every number once, and seq order is commit order."""
    writers, errors = 8, []

    def write(index: int) -> None:
        try:
            with app.app_context():
                db.session.get(Meeting, meeting_id)  # services read before they write
                for _ in range(3):
                    journal.queue_event(meeting_id, "public", "message", "add",
                                        message={"writer": index})
                    time.sleep(0.01)  # hold the transaction open: others must wait
                db.session.commit()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        rows = db.session.scalars(select(LiveEvent).where(LiveEvent.meeting_id == meeting_id)
                                  .order_by(LiveEvent.id)).all()
        assert [row.seq for row in rows] == list(range(1, 3 * writers + 1))
        # A writer's three events are consecutive: no one slipped in between them.
        by_writer = [row.payload["message"]["writer"] for row in rows]
        assert all(len(set(by_writer[i:i + 3])) == 1 for i in range(0, len(rows), 3))
        assert journal.last_seq(meeting_id, "public") == 3 * writers
