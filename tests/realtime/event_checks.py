"""A test hook that checks every live event against its declaration (realtime.event_types).

Every event journaled (`journal.envelope`: queued and replayed alike) and every event
emitted to Socket.IO under `live` or `event` (presence counts, support counts) is checked
while a test runs; a mismatch fails the test at its end even when it happened in a server
thread, where the app only logs it. Tests of the journal's own mechanics that queue made-up
events are marked `synthetic_events`.
"""

from __future__ import annotations

import pytest

from samskapande.extensions import socketio
from samskapande.realtime import journal
from samskapande.realtime.event_types import EventShapeError, check_event

CHECKED_NAMES = ("live", "event")
MARKER = "synthetic_events"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{MARKER}: the test journals made-up events to test the journal itself "
        "(their shapes are not checked)")


class EventLog:
    """The declarations seen in this test, and the events that matched none."""

    def __init__(self):
        self.seen: set[tuple] = set()
        self.errors: list[str] = []

    def check(self, name: str, event) -> None:
        try:
            self.seen.add(check_event(name, event).key)
        except EventShapeError as error:
            self.errors.append(f"{name} {event!r}: {error}")


@pytest.fixture(autouse=True)
def checked_events(request, monkeypatch):
    log = EventLog()
    envelope, emit = journal.envelope, socketio.emit

    def checked_envelope(*args, **kwargs):
        event = envelope(*args, **kwargs)
        log.check("live", event)
        return event

    def checked_emit(name, *args, **kwargs):
        if name in CHECKED_NAMES and args:
            log.check(name, args[0])
        return emit(name, *args, **kwargs)

    monkeypatch.setattr(journal, "envelope", checked_envelope)
    monkeypatch.setattr(socketio, "emit", checked_emit)
    yield log
    if request.node.get_closest_marker(MARKER):
        return
    assert not log.errors, "events that do not match their declaration:\n" + "\n".join(
        log.errors)
